// Inside storage/ only: a data directory's format, checked and migrated when
// a store opens.
//
//   1  every data directory held every service's column families (fifteen),
//      most of them empty.
//   2  a directory holds only its own service's families (KvStoreOptions::
//      column_families), with `meta` and RocksDB's `default`.
//
// Opening a format-1 store migrates it: the other services' families are
// dropped (they must be empty: a non-empty one means the directory is another
// service's, and the store refuses to open), then version 2 is written. The
// same check runs on every open, so a directory an older build opened again
// (which recreates the families, empty) is tidied the same way.
#ifndef JUESUAN_STORAGE_STORE_FORMAT_H_
#define JUESUAN_STORAGE_STORE_FORMAT_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "storage/kv_store.h"

namespace rocksdb {
class ColumnFamilyHandle;
class DB;
}  // namespace rocksdb

namespace juesuan::storage::internal {

// Checks the format version of `store` at `path` (`db` its RocksDB, opened
// with the families of `foreign` besides its own): refuses a version this
// build does not know (changing nothing); drops each foreign family if it is
// empty, refusing the store (FAILED_PRECONDITION naming the family) if one
// holds data; writes the version on a new store and migrates a format-1 one.
// The foreign handles are destroyed and `foreign` emptied in every case.
absl::Status CheckFormatVersion(KvStore& store, rocksdb::DB* db,
                                std::vector<rocksdb::ColumnFamilyHandle*>& foreign,
                                const std::string& path);

}  // namespace juesuan::storage::internal

#endif  // JUESUAN_STORAGE_STORE_FORMAT_H_
