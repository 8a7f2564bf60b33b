#include "storage/disclosure_store.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "storage/page_token.h"
#include "storage/stored_value.h"

namespace juesuan::storage {
namespace {

class RocksDisclosureStore final : public DisclosureStore {
 public:
  explicit RocksDisclosureStore(std::unique_ptr<KvStore> kv) : kv_(std::move(kv)) {}

  absl::Status Put(const DepartmentYear& dy, const StoredDisclosure& record,
                   absl::string_view content) override {
    StoredDisclosure stored = record;
    stored.set_format_version(kValueFormat);
    stored.mutable_disclosure()->clear_content();
    stored.mutable_disclosure()->clear_binary_content();
    const std::string key =
        DisclosureKey(dy, stored.disclosure().template_(), stored.disclosure().format());
    WriteBatch batch;
    batch.Put(ColumnFamilyId::kDisclosures, key, stored.SerializeAsString());
    batch.Put(ColumnFamilyId::kDisclosureContents, key, std::string(content));
    return kv_->Write(batch, /*sync=*/true, stored.disclosure().name());
  }

  absl::StatusOr<StoredDisclosure> Get(const DepartmentYear& dy, absl::string_view template_name,
                                       int format, bool with_content) const override {
    const std::string key = DisclosureKey(dy, template_name, format);
    JUESUAN_ASSIGN_OR_RETURN(std::string bytes, kv_->Get(ColumnFamilyId::kDisclosures, key));
    JUESUAN_ASSIGN_OR_RETURN(StoredDisclosure record,
                             ParseStored<StoredDisclosure>(bytes, "disclosure record"));
    if (with_content) {
      auto content = kv_->Get(ColumnFamilyId::kDisclosureContents, key);
      if (absl::IsNotFound(content.status())) {
        return absl::DataLossError("stored disclosure has a record but no content");
      }
      if (!content.ok()) return content.status();
      // A spreadsheet's bytes are not text.
      if (record.disclosure().format() == juesuan::disclosure::v1::FORMAT_XLSX) {
        record.mutable_disclosure()->set_binary_content(*std::move(content));
      } else {
        record.mutable_disclosure()->set_content(*std::move(content));
      }
    }
    return record;
  }

  absl::StatusOr<Page> List(absl::string_view department_id, int page_size,
                            absl::string_view page_token) const override {
    const std::string prefix = department_id.empty() ? std::string() : DepartmentKey(department_id);
    Page page;
    JUESUAN_ASSIGN_OR_RETURN(
        page.next_page_token,
        ScanPage(
            *kv_, ColumnFamilyId::kDisclosures, prefix, PageQueryHash("disclosures", prefix),
            page_size, page_token, [&](absl::string_view, absl::string_view value) -> absl::Status {
              JUESUAN_ASSIGN_OR_RETURN(StoredDisclosure record,
                                       ParseStored<StoredDisclosure>(value, "disclosure record"));
              page.records.push_back(std::move(record));
              return absl::OkStatus();
            }));
    return page;
  }

  absl::Status PutAudit(const DepartmentYear& dy, absl::string_view audit_id,
                        const StoredAudit& record) override {
    StoredAudit stored = record;
    stored.set_format_version(kValueFormat);
    WriteBatch batch;
    batch.Put(ColumnFamilyId::kAudits, AuditKey(dy, audit_id), stored.SerializeAsString());
    return kv_->Write(batch, /*sync=*/true, stored.audit().name());
  }

  absl::StatusOr<StoredAudit> GetAudit(const DepartmentYear& dy,
                                       absl::string_view audit_id) const override {
    JUESUAN_ASSIGN_OR_RETURN(std::string bytes,
                             kv_->Get(ColumnFamilyId::kAudits, AuditKey(dy, audit_id)));
    return ParseStored<StoredAudit>(bytes, "audit record");
  }

  absl::StatusOr<AuditPage> ListAudits(absl::string_view department_id, int page_size,
                                       absl::string_view page_token) const override {
    const std::string prefix = department_id.empty() ? std::string() : DepartmentKey(department_id);
    AuditPage page;
    JUESUAN_ASSIGN_OR_RETURN(
        page.next_page_token,
        ScanPage(*kv_, ColumnFamilyId::kAudits, prefix, PageQueryHash("audits", prefix), page_size,
                 page_token, [&](absl::string_view, absl::string_view value) -> absl::Status {
                   JUESUAN_ASSIGN_OR_RETURN(StoredAudit record,
                                            ParseStored<StoredAudit>(value, "audit record"));
                   page.records.push_back(std::move(record));
                   return absl::OkStatus();
                 }));
    return page;
  }

  absl::Status Integrity() const override { return kv_->Integrity(); }

 private:
  std::unique_ptr<KvStore> kv_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<DisclosureStore>> OpenDisclosureStore(
    const KvStoreOptions& options) {
  // Its own column families only (store_format.h).
  KvStoreOptions own = options;
  own.column_families = {ColumnFamilyId::kDisclosures, ColumnFamilyId::kDisclosureContents,
                         ColumnFamilyId::kAudits};
  JUESUAN_ASSIGN_OR_RETURN(std::unique_ptr<KvStore> kv, KvStore::Open(own));
  return std::make_unique<RocksDisclosureStore>(std::move(kv));
}

}  // namespace juesuan::storage
