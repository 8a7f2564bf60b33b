// Inside storage/ only: the stores open in this process, by data directory
// (what /metrics reports, and what a backup is taken of), and RocksDB's
// status as ours.
#ifndef JUESUAN_STORAGE_OPEN_STORES_H_
#define JUESUAN_STORAGE_OPEN_STORES_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace rocksdb {
class DB;
class Status;
}  // namespace rocksdb

namespace juesuan::storage::internal {

// Runs fn on the RocksDB instance of the store open at `path`; the store
// cannot close meanwhile (its closing waits), and such uses run one at a
// time. NOT_FOUND when no store is open there.
absl::Status WithOpenDb(const std::string& path,
                        const std::function<absl::Status(rocksdb::DB*)>& fn);

// RocksDB's status as ours, `what` saying what was being done.
absl::Status FromRocks(const rocksdb::Status& s, absl::string_view what);

}  // namespace juesuan::storage::internal

#endif  // JUESUAN_STORAGE_OPEN_STORES_H_
