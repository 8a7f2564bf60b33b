#include "storage/disclosure_store.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "storage/page_token.h"

namespace juesuan::storage {
namespace {

constexpr uint32_t kValueFormat = 1;

absl::StatusOr<StoredDisclosure> ParseRecord(absl::string_view bytes) {
  StoredDisclosure record;
  if (!record.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      record.format_version() != kValueFormat) {
    return absl::DataLossError("stored disclosure record does not parse");
  }
  return record;
}

uint64_t QueryHash(absl::string_view prefix) {
  const std::string digest = Sha256(absl::StrCat("disclosures", std::string(1, '\0'), prefix));
  uint64_t h = 0;
  for (int i = 0; i < 8; ++i) h = (h << 8) | static_cast<unsigned char>(digest[i]);
  return h;
}

class RocksDisclosureStore final : public DisclosureStore {
 public:
  explicit RocksDisclosureStore(std::unique_ptr<KvStore> kv) : kv_(std::move(kv)) {}

  absl::Status Put(const DepartmentYear& dy, const StoredDisclosure& record,
                   absl::string_view content) override {
    StoredDisclosure stored = record;
    stored.set_format_version(kValueFormat);
    stored.mutable_disclosure()->clear_content();
    const std::string key =
        DisclosureKey(dy, stored.disclosure().template_(), stored.disclosure().format());
    WriteBatch batch;
    batch.Put(ColumnFamilyId::kDisclosures, key, stored.SerializeAsString());
    batch.Put(ColumnFamilyId::kDisclosureContents, key, std::string(content));
    return kv_->Write(batch, /*sync=*/true);
  }

  absl::StatusOr<StoredDisclosure> Get(const DepartmentYear& dy, absl::string_view template_name,
                                       int format, bool with_content) const override {
    const std::string key = DisclosureKey(dy, template_name, format);
    JUESUAN_ASSIGN_OR_RETURN(std::string bytes, kv_->Get(ColumnFamilyId::kDisclosures, key));
    JUESUAN_ASSIGN_OR_RETURN(StoredDisclosure record, ParseRecord(bytes));
    if (with_content) {
      auto content = kv_->Get(ColumnFamilyId::kDisclosureContents, key);
      if (absl::IsNotFound(content.status())) {
        return absl::DataLossError("stored disclosure has a record but no content");
      }
      if (!content.ok()) return content.status();
      record.mutable_disclosure()->set_content(*std::move(content));
    }
    return record;
  }

  absl::StatusOr<Page> List(absl::string_view department_id, int page_size,
                            absl::string_view page_token) const override {
    const std::string prefix = department_id.empty() ? std::string() : DepartmentKey(department_id);
    const uint64_t query_hash = QueryHash(prefix);
    JUESUAN_ASSIGN_OR_RETURN(std::string after, DecodePageToken(page_token, query_hash));
    if (!after.empty() && !absl::StartsWith(after, prefix)) {
      return absl::InvalidArgumentError("page_token: malformed");
    }
    Page page;
    std::string last_key;
    bool more = false;
    absl::Status parse_status;
    JUESUAN_RETURN_IF_ERROR(kv_->Scan(ColumnFamilyId::kDisclosures, after.empty() ? prefix : after,
                                      prefix.empty() ? std::string() : PrefixSuccessor(prefix),
                                      ScanOrder::kForward,
                                      [&](absl::string_view key, absl::string_view value) {
                                        if (key == after) return true;
                                        if (static_cast<int>(page.records.size()) == page_size) {
                                          more = true;
                                          return false;
                                        }
                                        auto record = ParseRecord(value);
                                        if (!record.ok()) {
                                          parse_status = record.status();
                                          return false;
                                        }
                                        page.records.push_back(*std::move(record));
                                        last_key = std::string(key);
                                        return true;
                                      }));
    JUESUAN_RETURN_IF_ERROR(parse_status);
    if (more) page.next_page_token = EncodePageToken(last_key, query_hash);
    return page;
  }

 private:
  std::unique_ptr<KvStore> kv_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<DisclosureStore>> OpenDisclosureStore(
    const KvStoreOptions& options) {
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<KvStore> kv, KvStore::Open(options));
  return std::make_unique<RocksDisclosureStore>(std::move(kv));
}

}  // namespace juesuan::storage
