// A record, outside RocksDB's write-ahead log, of the last writes a store
// acknowledged: what lets a server notice, when it opens, that the log it
// recovered from lost acknowledged writes (a damaged, truncated or deleted
// WAL: RocksDB's point-in-time recovery then drops everything from the bad
// record on, silently).
//
// The ledger is a file of kSlots fixed-size slots, `ACK-LEDGER` in the data
// directory, written in a ring: each acknowledged write stores the RocksDB
// sequence number its batch ended at and a line saying what it was (a
// revision's name) in the next slot, with pwrite, before the write is
// acknowledged. A slot is checksummed: a torn or damaged slot is skipped.
//
// Durability: the slot reaches the page cache before the acknowledgment, so
// it survives the process being killed; it is fdatasync'ed in the
// background within kSyncInterval and at Close. The write itself is synced
// to the WAL before that, so a power loss cannot lose an acknowledged write;
// a power loss in that interval *and* a damaged WAL together may go unseen.
#ifndef JUESUAN_STORAGE_ACK_LEDGER_H_
#define JUESUAN_STORAGE_ACK_LEDGER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace juesuan::storage {

class AckLedger {
 public:
  static constexpr int kSlots = 1024;
  static constexpr size_t kSlotBytes = 256;
  static constexpr absl::Duration kSyncInterval = absl::Milliseconds(200);

  // One acknowledged write, as the ledger holds it.
  struct Entry {
    uint64_t counter = 0;   // the how-many-th acknowledged write
    uint64_t sequence = 0;  // RocksDB's sequence number at the end of its batch
    std::string what;       // e.g. "departments/d/accounts/2024/revisions/7"
  };

  // Opens (creating) `path` and reads the entries it holds.
  static absl::StatusOr<std::unique_ptr<AckLedger>> Open(const std::string& path);
  ~AckLedger();

  // The entries read at Open, in counter order (the last kSlots writes).
  const std::vector<Entry>& recovered() const { return recovered_; }

  // Records an acknowledged write that ended at `sequence`. Cheap: one
  // pwrite of a slot; the background thread syncs.
  absl::Status Record(uint64_t sequence, absl::string_view what);

 private:
  AckLedger(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  void SyncLoop();

  const int fd_;
  const std::string path_;
  std::vector<Entry> recovered_;
  absl::Mutex mu_;
  uint64_t next_counter_ ABSL_GUARDED_BY(mu_) = 1;
  bool dirty_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread syncer_;
};

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_ACK_LEDGER_H_
