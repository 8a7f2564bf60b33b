// Stored values as the stores read them back from RocksDB: every top-level
// message of juesuan.storage.v1 a store parses, whole and through the wire
// filters of the stores' summary reads.
//
// Input: one selector byte choosing the type (kTypes below, modulo their
// number), then the value's bytes.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/sha256.h"
#include "fuzz/fuzz_support.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/unknown_field_set.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/scoring/v1/scoring.pb.h"
#include "juesuan/storage/v1/ingestion_store.pb.h"
#include "juesuan/storage/v1/rendering_store.pb.h"
#include "juesuan/storage/v1/scoring_store.pb.h"
#include "storage/account_store.h"
#include "storage/scoring_store.h"
#include "storage/stored_value.h"
#include "storage/wire_filter.h"

namespace juesuan::fuzz {
namespace {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::UnknownField;
using ::google::protobuf::UnknownFieldSet;
using ::juesuan::storage::WireFilter;
namespace sv1 = ::juesuan::storage::v1;

constexpr size_t kMaxInputBytes = 1 << 20;
constexpr char kWhat[] = "fuzzed value";

// Not a store's filter: the smallest read of any value (its format version
// alone), which exercises keep_only at the top level.
const WireFilter& VersionOnly() {
  static const WireFilter* const kFilter = new WireFilter{{}, std::set<int>{1}, {}};
  return *kFilter;
}

bool Keeps(const WireFilter& filter, int number) {
  return filter.keep_only.has_value() ? filter.keep_only->count(number) > 0
                                      : filter.drop.count(number) == 0;
}

// `message` cut down to what `filter` keeps, the way FilterFields cuts the
// wire bytes: known and unknown fields by number, nested filters applied to
// each occurrence. Returns false where the two cannot be compared field by
// field: a filter that keeps one member of a oneof and drops another (the
// wire order then decides which survives), or one that descends into a
// field the parser does not read as a message.
bool Restrict(Message& message, const WireFilter& filter) {
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->oneof_decl_count(); ++i) {
    const auto* oneof = descriptor->oneof_decl(i);
    bool kept = false, dropped = false;
    for (int j = 0; j < oneof->field_count(); ++j) {
      (Keeps(filter, oneof->field(j)->number()) ? kept : dropped) = true;
    }
    if (kept && dropped) return false;
  }
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (!Keeps(filter, field->number())) {
      reflection->ClearField(&message, field);
      continue;
    }
    const auto nested = filter.nested.find(field->number());
    if (nested == filter.nested.end()) continue;
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return false;
    if (field->is_repeated()) {
      for (int k = 0; k < reflection->FieldSize(message, field); ++k) {
        if (!Restrict(*reflection->MutableRepeatedMessage(&message, field, k), nested->second)) {
          return false;
        }
      }
    } else if (!Restrict(*reflection->MutableMessage(&message, field), nested->second)) {
      return false;
    }
  }
  UnknownFieldSet* unknown = reflection->MutableUnknownFields(&message);
  for (int i = unknown->field_count() - 1; i >= 0; --i) {
    const UnknownField& field = unknown->field(i);
    if (!Keeps(filter, field.number())) {
      unknown->DeleteSubrange(i, 1);
    } else if (field.type() == UnknownField::TYPE_LENGTH_DELIMITED &&
               filter.nested.count(field.number()) > 0) {
      return false;
    }
  }
  return true;
}

template <typename T>
void CheckFiltered(absl::string_view bytes, const absl::StatusOr<T>& full,
                   const WireFilter& filter) {
  const absl::StatusOr<std::string> part = storage::FilterFields(bytes, filter);
  const absl::StatusOr<T> filtered = storage::ParseStored<T>(bytes, kWhat, &filter);
  if (!part.ok()) {
    Require(!filtered.ok(), "a filtered parse succeeded where FilterFields failed");
    return;
  }
  // Tags and lengths are rewritten minimally, and only fields are removed.
  Require(part->size() <= bytes.size(), "filtering made a value larger");
  const absl::StatusOr<std::string> twice = storage::FilterFields(*part, filter);
  Require(twice.ok() && *twice == *part, "filtering twice differs from filtering once");
  if (filtered.ok()) {
    Require(filtered->format_version() == storage::kValueFormat,
            "a filtered parse accepted another format version");
  }
  // A filtered read is the full read without the fields it skips. (Where
  // only the filtered parse succeeds, the skipped part was what failed.)
  if (!full.ok() || !filtered.ok()) return;
  T expected = *full;
  if (!Restrict(expected, filter)) return;
  Require(DeterministicBytes(expected) == DeterministicBytes(*filtered),
          "a filtered parse differs from the full parse restricted to the kept fields");
}

template <typename T>
void FuzzType(absl::string_view bytes, std::initializer_list<const WireFilter*> filters) {
  const absl::StatusOr<T> full = storage::ParseStored<T>(bytes, kWhat);
  if (full.ok()) {
    Require(full->format_version() == storage::kValueFormat,
            "ParseStored accepted another format version");
  }
  const absl::StatusOr<T> unfiltered = storage::ParseStored<T>(bytes, kWhat, nullptr);
  Require(unfiltered.ok() == full.ok(), "a null filter is not the full parse");
  for (const WireFilter* filter : filters) CheckFiltered<T>(bytes, full, *filter);
}

using TypeFuzzer = void (*)(absl::string_view bytes);

// One entry per stored message type. Append only: the selector byte of the
// committed corpus (fuzz/make_corpus.py) indexes this list.
const TypeFuzzer kTypes[] = {
    [](absl::string_view b) {
      FuzzType<sv1::StoredRevision>(b, {&storage::RevisionSummaryFilter(), &VersionOnly()});
    },
    [](absl::string_view b) { FuzzType<sv1::StoredAccountsHead>(b, {&VersionOnly()}); },
    [](absl::string_view b) { FuzzType<sv1::StoredExplanations>(b, {&VersionOnly()}); },
    [](absl::string_view b) { FuzzType<sv1::StoredRequest>(b, {&VersionOnly()}); },
    [](absl::string_view b) { FuzzType<sv1::StoredDepartment>(b, {&VersionOnly()}); },
    [](absl::string_view b) {
      FuzzType<sv1::StoredScorecard>(b, {&storage::ScorecardSummaryFilter(), &VersionOnly()});
    },
    [](absl::string_view b) { FuzzType<sv1::StoredScoringJob>(b, {&VersionOnly()}); },
    [](absl::string_view b) { FuzzType<sv1::StoredDisclosure>(b, {&VersionOnly()}); },
};

void FuzzOne(absl::string_view input) {
  if (input.empty() || input.size() > kMaxInputBytes) return;
  const size_t selector =
      static_cast<unsigned char>(input[0]) % (sizeof(kTypes) / sizeof(kTypes[0]));
  kTypes[selector](input.substr(1));
}

}  // namespace
}  // namespace juesuan::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  juesuan::fuzz::FuzzOne(juesuan::fuzz::AsText(data, size));
  return 0;
}
