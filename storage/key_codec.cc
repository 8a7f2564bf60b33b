#include "storage/key_codec.h"

#include "absl/strings/str_cat.h"

namespace juesuan::storage {
namespace {

absl::Status Malformed(absl::string_view what) {
  return absl::DataLossError(absl::StrCat("malformed key: ", what));
}

// Fiscal years are stored as u16; callers validate the range first.
uint16_t YearU16(int32_t year) { return static_cast<uint16_t>(year); }

}  // namespace

void AppendU16(std::string* out, uint16_t value) {
  out->push_back(static_cast<char>(value >> 8));
  out->push_back(static_cast<char>(value & 0xFF));
}

void AppendU64(std::string* out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

void AppendOrderedString(std::string* out, absl::string_view value) {
  for (const char c : value) {
    out->push_back(c);
    if (c == '\0') out->push_back('\xFF');
  }
  out->push_back('\0');
  out->push_back('\x01');
}

absl::StatusOr<uint16_t> ConsumeU16(absl::string_view* in) {
  if (in->size() < 2) return Malformed("truncated u16");
  const auto* p = reinterpret_cast<const unsigned char*>(in->data());
  const uint16_t value = static_cast<uint16_t>((p[0] << 8) | p[1]);
  in->remove_prefix(2);
  return value;
}

absl::StatusOr<uint64_t> ConsumeU64(absl::string_view* in) {
  if (in->size() < 8) return Malformed("truncated u64");
  const auto* p = reinterpret_cast<const unsigned char*>(in->data());
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | p[i];
  in->remove_prefix(8);
  return value;
}

absl::StatusOr<std::string> ConsumeOrderedString(absl::string_view* in) {
  std::string value;
  size_t i = 0;
  while (i < in->size()) {
    const char c = (*in)[i];
    if (c != '\0') {
      value.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= in->size()) return Malformed("truncated string");
    const char next = (*in)[i + 1];
    if (next == '\x01') {
      in->remove_prefix(i + 2);
      return value;
    }
    if (next != '\xFF') return Malformed("bad escape in string");
    value.push_back('\0');
    i += 2;
  }
  return Malformed("unterminated string");
}

std::string RevisionPrefix(const DepartmentYear& dy) {
  std::string key;
  AppendOrderedString(&key, dy.department_id);
  AppendU16(&key, YearU16(dy.fiscal_year));
  return key;
}

std::string RevisionKey(const DepartmentYear& dy, uint64_t revision_id) {
  std::string key = RevisionPrefix(dy);
  AppendU64(&key, revision_id);
  return key;
}

absl::StatusOr<std::pair<DepartmentYear, uint64_t>> DecodeRevisionKey(absl::string_view key) {
  std::pair<DepartmentYear, uint64_t> out;
  auto department = ConsumeOrderedString(&key);
  if (!department.ok()) return department.status();
  auto year = ConsumeU16(&key);
  if (!year.ok()) return year.status();
  auto revision = ConsumeU64(&key);
  if (!revision.ok()) return revision.status();
  if (!key.empty()) return Malformed("trailing bytes after revision key");
  out.first.department_id = *std::move(department);
  out.first.fiscal_year = *year;
  out.second = *revision;
  return out;
}

std::string AccountsIndexPrefix(int32_t fiscal_year, absl::string_view region_code) {
  std::string key;
  AppendU16(&key, YearU16(fiscal_year));
  if (!region_code.empty()) AppendOrderedString(&key, region_code);
  return key;
}

std::string AccountsIndexKey(int32_t fiscal_year, absl::string_view region_code,
                             absl::string_view department_id) {
  std::string key;
  AppendU16(&key, YearU16(fiscal_year));
  AppendOrderedString(&key, region_code);
  AppendOrderedString(&key, department_id);
  return key;
}

absl::StatusOr<AccountsIndexParts> DecodeAccountsIndexKey(absl::string_view key) {
  AccountsIndexParts parts;
  auto year = ConsumeU16(&key);
  if (!year.ok()) return year.status();
  auto region = ConsumeOrderedString(&key);
  if (!region.ok()) return region.status();
  auto department = ConsumeOrderedString(&key);
  if (!department.ok()) return department.status();
  if (!key.empty()) return Malformed("trailing bytes after index key");
  parts.fiscal_year = *year;
  parts.region_code = *std::move(region);
  parts.department_id = *std::move(department);
  return parts;
}

std::string HeadKey(const DepartmentYear& dy) { return RevisionPrefix(dy); }

std::string ExplanationsKey(const DepartmentYear& dy, uint64_t revision_id) {
  return RevisionKey(dy, revision_id);
}

std::string RequestKey(absl::string_view request_id) { return std::string(request_id); }

std::string DepartmentKey(absl::string_view department_id) {
  std::string key;
  AppendOrderedString(&key, department_id);
  return key;
}

absl::StatusOr<std::string> DecodeDepartmentKey(absl::string_view key) {
  auto department = ConsumeOrderedString(&key);
  if (!department.ok()) return department.status();
  if (!key.empty()) return Malformed("trailing bytes after department key");
  return department;
}

std::string ScorecardKey(const DepartmentYear& dy, absl::string_view profile) {
  std::string key = RevisionPrefix(dy);
  AppendOrderedString(&key, profile);
  return key;
}

std::string DisclosureKey(const DepartmentYear& dy, absl::string_view template_name, int format) {
  std::string key = RevisionPrefix(dy);
  AppendOrderedString(&key, template_name);
  AppendU16(&key, static_cast<uint16_t>(format));
  return key;
}

std::string AuditKey(const DepartmentYear& dy, absl::string_view audit_id) {
  std::string key = RevisionPrefix(dy);
  AppendOrderedString(&key, audit_id);
  return key;
}

std::string RankingPrefix(absl::string_view profile, int32_t fiscal_year) {
  std::string key;
  AppendOrderedString(&key, profile);
  AppendU16(&key, YearU16(fiscal_year));
  return key;
}

std::string RankingKey(absl::string_view profile, int32_t fiscal_year, uint64_t total_hundredths,
                       absl::string_view department_id) {
  std::string key = RankingPrefix(profile, fiscal_year);
  AppendU64(&key, ~total_hundredths);
  AppendOrderedString(&key, department_id);
  return key;
}

std::string RegionRankingPrefix(absl::string_view profile, int32_t fiscal_year,
                                absl::string_view region_code) {
  std::string key = RankingPrefix(profile, fiscal_year);
  AppendOrderedString(&key, region_code);
  return key;
}

std::string RegionRankingKey(absl::string_view profile, int32_t fiscal_year,
                             absl::string_view region_code, uint64_t total_hundredths,
                             absl::string_view department_id) {
  std::string key = RegionRankingPrefix(profile, fiscal_year, region_code);
  AppendU64(&key, ~total_hundredths);
  AppendOrderedString(&key, department_id);
  return key;
}

absl::StatusOr<std::string> RankingKeyDepartment(absl::string_view key, size_t prefix_size) {
  if (key.size() < prefix_size) return Malformed("ranking key shorter than its prefix");
  key.remove_prefix(prefix_size);
  auto total = ConsumeU64(&key);
  if (!total.ok()) return total.status();
  auto department = ConsumeOrderedString(&key);
  if (!department.ok()) return department.status();
  if (!key.empty()) return Malformed("trailing bytes after ranking key");
  return department;
}

std::string PrefixSuccessor(absl::string_view prefix) {
  std::string out(prefix);
  while (!out.empty()) {
    if (static_cast<unsigned char>(out.back()) != 0xFF) {
      out.back() = static_cast<char>(static_cast<unsigned char>(out.back()) + 1);
      return out;
    }
    out.pop_back();
  }
  return out;
}

}  // namespace juesuan::storage
