// DisclosureStore: durable storage of juesuan-rendering — each rendered
// document with its provenance, one per (department, year, template, format):
// the latest rendering. Records and contents live in two column families
// under one key, written in one batch, so listing reads no documents.
#ifndef JUESUAN_STORAGE_DISCLOSURE_STORE_H_
#define JUESUAN_STORAGE_DISCLOSURE_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "juesuan/storage/v1/rendering_store.pb.h"
#include "storage/key_codec.h"
#include "storage/kv_store.h"

namespace juesuan::storage {

using ::juesuan::storage::v1::StoredAudit;
using ::juesuan::storage::v1::StoredDisclosure;

class DisclosureStore {
 public:
  virtual ~DisclosureStore() = default;

  // OK, or DATA_LOSS when the store found at open that acknowledged writes
  // are missing (KvStore::Integrity): writes are then refused.
  virtual absl::Status Integrity() const = 0;

  // Stores `record` (its disclosure's department-year, template and format
  // from `dy` and the record) and `content`, replacing an earlier one, in one
  // synced write.
  virtual absl::Status Put(const DepartmentYear& dy, const StoredDisclosure& record,
                           absl::string_view content) = 0;

  // The record of (dy, template, format) — with its content filled in if
  // `with_content` — or NOT_FOUND.
  virtual absl::StatusOr<StoredDisclosure> Get(const DepartmentYear& dy,
                                               absl::string_view template_name, int format,
                                               bool with_content) const = 0;

  // A page of records (no content) of one department, or of all when
  // `department_id` is empty; by department, year, template, format.
  struct Page {
    std::vector<StoredDisclosure> records;
    std::string next_page_token;
  };
  virtual absl::StatusOr<Page> List(absl::string_view department_id, int page_size,
                                    absl::string_view page_token) const = 0;

  // Stores an audit under (dy, audit_id), replacing an earlier one of the
  // same ID, in one synced write.
  virtual absl::Status PutAudit(const DepartmentYear& dy, absl::string_view audit_id,
                                const StoredAudit& record) = 0;
  // The audit (dy, audit_id), or NOT_FOUND.
  virtual absl::StatusOr<StoredAudit> GetAudit(const DepartmentYear& dy,
                                               absl::string_view audit_id) const = 0;
  // A page of audits of one department, or of all when `department_id` is
  // empty; by department, year, ID.
  struct AuditPage {
    std::vector<StoredAudit> records;
    std::string next_page_token;
  };
  virtual absl::StatusOr<AuditPage> ListAudits(absl::string_view department_id, int page_size,
                                               absl::string_view page_token) const = 0;
};

// Opens the RocksDB-backed DisclosureStore in `options.path`.
absl::StatusOr<std::unique_ptr<DisclosureStore>> OpenDisclosureStore(const KvStoreOptions& options);

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_DISCLOSURE_STORE_H_
