// Power loss, simulated (storage/testing/fault_injection_fs.h): a store runs
// on a file system that keeps only what was synced, the power goes out at a
// random point, the store reopens on what is left, and the test checks that
//   - every write acknowledged after a synced Write is there, byte for byte;
//   - writes made without sync may be gone, but what is there is the state
//     after some prefix of the writes: no batch is ever torn, no later batch
//     survives an earlier lost one; half the power losses keep a random part
//     of each file's unsynced tail, so records and batches are cut mid-way;
//   - the store always reopens, including after a power loss in the middle of
//     the previous reopen's recovery;
//   - for AccountStore, a visible revision always comes with its head, index
//     entry, department and request record (one batch), and every
//     acknowledged revision is visible.
// Each test runs many cycles on one data directory, so recovery runs on top
// of recovered state. The plan of each run comes from a seeded std::mt19937:
// --gtest_random_seed=N explores or replays (0, the default, is a fixed seed).
// Where a cut scheduled by operation count lands can still vary a little with
// RocksDB's background threads.
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/convenience.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "rocksdb/options.h"
#include "rocksdb/utilities/options_util.h"
#include "storage/account_store.h"
#include "storage/key_codec.h"
#include "storage/kv_store.h"
#include "storage/testing/fault_injection_fs.h"
#include "storage/testing/seed_revision.h"
#include "tests/support/test_support.h"

namespace juesuan::storage {
namespace {

using ::juesuan::testing::IsOk;
using ::juesuan::testing::StatusIs;
using ::juesuan::testing::TempDir;

constexpr int kCycles = 30;

uint32_t Seed() {
  const int32_t flag = GTEST_FLAG_GET(random_seed);
  return flag != 0 ? static_cast<uint32_t>(flag) : 20240611u;
}

std::string SeedTrace(uint32_t seed, int cycle) {
  return absl::StrCat("seed ", seed, ", cycle ", cycle, " (replay: --gtest_random_seed=", seed,
                      ")");
}

std::string RandomBytes(std::mt19937& rng, size_t n) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(byte(rng));
  return s;
}

// Mostly small values, some larger than a 32 KB WAL block (so records span
// blocks and a cut can fall inside one).
size_t RandomValueSize(std::mt19937& rng) {
  if (std::bernoulli_distribution(0.15)(rng)) {
    return std::uniform_int_distribution<size_t>(4096, 40000)(rng);
  }
  return std::uniform_int_distribution<size_t>(1, 600)(rng);
}

// What kind of RocksDB file a path names, for the tally of what power losses
// did.
std::string FileKind(const std::string& path) {
  const std::string base = path.substr(path.find_last_of('/') + 1);
  if (absl::EndsWith(base, ".log")) return "WAL";
  if (absl::EndsWith(base, ".sst")) return "SST";
  if (absl::StartsWith(base, "MANIFEST-")) return "MANIFEST";
  if (absl::StartsWith(base, "OPTIONS-")) return "OPTIONS";
  if (absl::EndsWith(base, ".dbtmp")) return "temp";
  if (absl::StartsWith(base, "LOG")) return "info LOG";
  return base;  // CURRENT, IDENTITY, …
}

// A store on the fault-injecting file system, in one data directory for the
// whole test, with the bookkeeping of where each cycle's power loss comes.
class PowerLossTest : public ::testing::Test {
 protected:
  PowerLossTest()
      : fs_(std::make_shared<FaultInjectionFileSystem>(rocksdb::FileSystem::Default())),
        env_(rocksdb::NewCompositeEnv(fs_)) {}

  ~PowerLossTest() override {
    if (tally_.empty()) return;
    std::vector<std::string> lines;
    for (const auto& [kind, counts] : tally_) {
      lines.push_back(absl::StrCat(kind, ": ", counts[0], " truncated, ", counts[1], " removed, ",
                                   counts[2], " restored"));
    }
    std::cout << "[ power loss ] " << power_losses_ << " power losses (" << crashed_opens_
              << " during a reopen, " << failed_writes_
              << " failing a write); directory fsyncs: " << fs_->DirectoryFsyncs()
              << "; files: " << absl::StrJoin(lines, "; ") << "\n";
  }

  KvStoreOptions Options() const {
    KvStoreOptions options;
    options.path = dir_.Sub("db");
    options.env = env_.get();
    options.block_cache_bytes = 8u << 20;
    return options;
  }

  // Before opening: where this cycle's power loss comes. Either after the
  // cycle's writes (a cut between two writes), or after a random number of
  // file-system operations: in the middle of the reopen's recovery, of a
  // write, or of a background flush or compaction.
  void ArmPowerLoss(std::mt19937& rng) {
    cycle_start_mutations_ = fs_->MutationCount();
    armed_ = true;
    scheduled_ = std::bernoulli_distribution(0.6)(rng);
    if (scheduled_) {
      fs_->SchedulePowerLoss(std::uniform_int_distribution<int64_t>(0, ops_per_cycle_)(rng));
    }
  }

  // The power goes out (if a scheduled cut has not already done it), the
  // store is closed without reaching the disk again, and what was not durable
  // is dropped; then the power comes back. With `rng`, half the power losses
  // keep a random part of each file's unsynced tail (as a disk that wrote
  // back part of its cache), which tears records and batches; without, or
  // otherwise, only what was synced survives.
  template <typename Store>
  void PowerLoss(std::unique_ptr<Store>& store, std::mt19937* rng = nullptr) {
    if (armed_ && !scheduled_) {  // an uncut cycle: how long a cycle is
      ops_per_cycle_ = std::max(ops_per_cycle_, fs_->MutationCount() - cycle_start_mutations_);
    }
    armed_ = false;
    fs_->SetFilesystemActive(false);
    store.reset();
    FaultInjectionFileSystem::SurvivingLength surviving_length;
    if (rng != nullptr && std::bernoulli_distribution(0.5)(*rng)) {
      surviving_length = [rng](uint64_t durable, uint64_t written) {
        return std::uniform_int_distribution<uint64_t>(durable, written)(*rng);
      };
    }
    const FaultInjectionFileSystem::PowerLossReport report =
        fs_->SimulatePowerLoss(surviving_length);
    EXPECT_THAT(report.errors, ::testing::IsEmpty());
    ++power_losses_;
    for (const std::string& f : report.truncated) ++tally_[FileKind(f.substr(0, f.find(':')))][0];
    for (const std::string& f : report.removed) ++tally_[FileKind(f)][1];
    for (const std::string& f : report.restored) ++tally_[FileKind(f)][2];
  }

  // Opens with `open`; false (after the power loss) if the power went out
  // during the open. An open that fails with the power on fails the test.
  template <typename Store>
  bool OpenOrLosePower(const std::function<absl::StatusOr<std::unique_ptr<Store>>()>& open,
                       std::unique_ptr<Store>& store, std::mt19937& rng) {
    absl::StatusOr<std::unique_ptr<Store>> opened = open();
    if (opened.ok()) {
      store = *std::move(opened);
      return true;
    }
    EXPECT_FALSE(fs_->IsFilesystemActive())
        << "the store did not reopen after a power loss: " << opened.status();
    ++crashed_opens_;
    PowerLoss(store, &rng);
    return false;
  }

  // A write failed: only a power loss may explain it.
  void ExpectWriteFailedForPowerLoss(const absl::Status& status) {
    EXPECT_FALSE(fs_->IsFilesystemActive()) << "a write failed with the power on: " << status;
    ++failed_writes_;
  }

  TempDir dir_;
  std::shared_ptr<FaultInjectionFileSystem> fs_;
  std::unique_ptr<rocksdb::Env> env_;

 private:
  bool armed_ = false;  // ArmPowerLoss chose this cycle's cut
  bool scheduled_ = false;
  int64_t cycle_start_mutations_ = 0;
  int64_t ops_per_cycle_ = 300;  // grows to what an uncut cycle (not the first) does
  int power_losses_ = 0;
  int crashed_opens_ = 0;
  int failed_writes_ = 0;
  std::map<std::string, std::array<int, 3>> tally_;
};

// --- KvStore: synced and unsynced batches --------------------------------

// The column families the generic batches write (KvStore does not look at
// the bytes; they stand for any data) and the key counting applied batches.
constexpr ColumnFamilyId kBatchCfs[] = {
    ColumnFamilyId::kScorecards, ColumnFamilyId::kScorecardRanking, ColumnFamilyId::kScoringJobs,
    ColumnFamilyId::kDisclosureContents};
constexpr ColumnFamilyId kCounterCf = ColumnFamilyId::kScoringJobs;
constexpr char kCounterKey[] = "~batches";

using Model = std::map<std::pair<ColumnFamilyId, std::string>, std::string>;

struct Op {
  ColumnFamilyId cf;
  std::string key;
  std::optional<std::string> value;  // none: delete
};
using Batch = std::vector<Op>;

void Apply(const Batch& batch, Model& model) {
  for (const Op& op : batch) {
    if (op.value.has_value()) {
      model[{op.cf, op.key}] = *op.value;
    } else {
      model.erase({op.cf, op.key});
    }
  }
}

WriteBatch ToWriteBatch(const Batch& batch) {
  WriteBatch wb;
  for (const Op& op : batch) {
    if (op.value.has_value()) {
      wb.Put(op.cf, op.key, *op.value);
    } else {
      wb.Delete(op.cf, op.key);
    }
  }
  return wb;
}

// Batch number `seq` (1-based, over the whole test): the counter, a few new
// keys, maybe an overwrite of a hot key and a delete of an existing key.
Batch MakeBatch(std::mt19937& rng, int64_t seq, const Model& model) {
  auto cf = [&] { return kBatchCfs[std::uniform_int_distribution<int>(0, 3)(rng)]; };
  Batch batch;
  batch.push_back({kCounterCf, kCounterKey, absl::StrCat(seq)});
  const int fresh = std::uniform_int_distribution<int>(1, 4)(rng);
  for (int j = 0; j < fresh; ++j) {
    batch.push_back(
        {cf(), absl::StrCat("k/", seq, "/", j), RandomBytes(rng, RandomValueSize(rng))});
  }
  if (std::bernoulli_distribution(0.5)(rng)) {
    batch.push_back({cf(), absl::StrCat("hot/", std::uniform_int_distribution<int>(0, 7)(rng)),
                     absl::StrCat(seq, ":", RandomBytes(rng, RandomValueSize(rng)))});
  }
  if (model.size() > 1 && std::bernoulli_distribution(0.3)(rng)) {
    auto it = model.begin();
    std::advance(it, std::uniform_int_distribution<size_t>(0, model.size() - 1)(rng));
    if (it->first.second != kCounterKey) batch.push_back({it->first.first, it->first.second, {}});
  }
  return batch;
}

// Everything in the batch column families.
Model ReadAll(const KvStore& store) {
  Model all;
  for (ColumnFamilyId cf : kBatchCfs) {
    EXPECT_THAT(store.Scan(cf, "", "", ScanOrder::kForward,
                           [&](absl::string_view key, absl::string_view value) {
                             all[{cf, std::string(key)}] = std::string(value);
                             return true;
                           }),
                IsOk());
  }
  return all;
}

std::string Describe(const Model& want, const Model& got) {
  for (const auto& [key, value] : want) {
    auto it = got.find(key);
    if (it == got.end()) {
      return absl::StrCat("missing ", ColumnFamilyName(key.first), "/", key.second);
    }
    if (it->second != value) {
      return absl::StrCat("different value at ", ColumnFamilyName(key.first), "/", key.second, " (",
                          it->second.size(), " bytes, want ", value.size(), ")");
    }
  }
  for (const auto& [key, value] : got) {
    if (want.count(key) == 0) {
      return absl::StrCat("unexpected ", ColumnFamilyName(key.first), "/", key.second);
    }
  }
  return "same";
}

using KvStorePowerLossTest = PowerLossTest;

// The heart of it: mixed synced and unsynced batches, cut at random points.
TEST_F(KvStorePowerLossTest, SyncedBatchesSurviveAndWhatSurvivesIsAPrefixOfTheBatches) {
  const uint32_t seed = Seed();
  std::mt19937 rng(seed);
  Model durable;               // the state after `applied` batches
  int64_t applied = 0;         // batches in the state last seen after a reopen
  int64_t acknowledged = 0;    // batches covered by a synced write that returned OK
  std::vector<Batch> pending;  // batches written since, in order
  int64_t synced_writes = 0, unsynced_writes = 0, lost_batches = 0;

  std::unique_ptr<KvStore> store;
  for (int cycle = 0; cycle <= kCycles; ++cycle) {
    SCOPED_TRACE(SeedTrace(seed, cycle));
    // The first cycle creates the store, the last only checks it: no cuts.
    if (cycle > 0 && cycle < kCycles) ArmPowerLoss(rng);
    if (!OpenOrLosePower<KvStore>([&] { return KvStore::Open(Options()); }, store, rng)) {
      if (HasFailure()) return;
      continue;
    }

    // What survived: the state after some prefix of the batches, at least
    // every acknowledged one.
    const Model got = ReadAll(*store);
    auto counter = got.find({kCounterCf, kCounterKey});
    const int64_t survived = counter == got.end() ? 0 : std::stoll(counter->second);
    const int64_t attempted = applied + static_cast<int64_t>(pending.size());
    ASSERT_GE(survived, acknowledged) << "an acknowledged (synced) batch was lost";
    ASSERT_LE(survived, attempted);
    ASSERT_GE(survived, applied) << "a batch seen after an earlier reopen was lost";
    Model want = durable;
    for (int64_t i = applied; i < survived; ++i) Apply(pending[i - applied], want);
    ASSERT_TRUE(got == want) << "the store is not the state after " << survived
                             << " batches: " << Describe(want, got);
    lost_batches += attempted - survived;
    durable = std::move(want);
    applied = survived;
    acknowledged = survived;  // what a reopen has shown is durable
    pending.clear();
    if (cycle == kCycles) break;

    const int writes = std::uniform_int_distribution<int>(0, 40)(rng);
    Model model = durable;
    for (int i = 0; i < writes; ++i) {
      const int64_t seq = applied + static_cast<int64_t>(pending.size()) + 1;
      Batch batch = MakeBatch(rng, seq, model);
      const bool sync = std::bernoulli_distribution(0.5)(rng);
      pending.push_back(batch);
      absl::Status written = store->Write(ToWriteBatch(batch), sync);
      if (!written.ok()) {
        ExpectWriteFailedForPowerLoss(written);
        break;
      }
      Apply(batch, model);
      if (sync) {
        acknowledged = seq;
        ++synced_writes;
      } else {
        ++unsynced_writes;
      }
    }
    if (fs_->IsFilesystemActive()) {
      // Before the cut, the store reads back everything written.
      ASSERT_TRUE(ReadAll(*store) == model) << "the open store lost a write";
    }
    PowerLoss(store, &rng);
  }
  std::cout << "[ power loss ] " << synced_writes << " synced and " << unsynced_writes
            << " unsynced batches acknowledged; " << lost_batches
            << " batches lost (none acknowledged by a synced write)\n";
}

// The negative control: the simulation does drop what was not synced, so the
// test above can fail. A lone unsynced write, no flush, then power loss.
TEST_F(KvStorePowerLossTest, AnUnsyncedWriteIsLostAndASyncedOneKept) {
  auto store = KvStore::Open(Options());
  ASSERT_THAT(store, IsOk());
  WriteBatch synced;
  synced.Put(ColumnFamilyId::kScoringJobs, "synced", "kept");
  ASSERT_THAT((*store)->Write(synced, /*sync=*/true), IsOk());
  WriteBatch unsynced;
  unsynced.Put(ColumnFamilyId::kScoringJobs, "unsynced", "lost");
  unsynced.Put(ColumnFamilyId::kScorecards, "unsynced too", "lost");
  ASSERT_THAT((*store)->Write(unsynced, /*sync=*/false), IsOk());
  EXPECT_THAT((*store)->Get(ColumnFamilyId::kScoringJobs, "unsynced"), IsOk());

  std::unique_ptr<KvStore> open = *std::move(store);
  PowerLoss(open);

  auto reopened = KvStore::Open(Options());
  ASSERT_THAT(reopened, IsOk());
  auto kept = (*reopened)->Get(ColumnFamilyId::kScoringJobs, "synced");
  ASSERT_THAT(kept, IsOk());
  EXPECT_EQ(*kept, "kept");
  EXPECT_THAT((*reopened)->Get(ColumnFamilyId::kScoringJobs, "unsynced"),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  EXPECT_THAT((*reopened)->Get(ColumnFamilyId::kScorecards, "unsynced too"),
              StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

// The other half of the control: without a power loss the same unsynced
// write is kept (the file system passes writes through).
TEST_F(KvStorePowerLossTest, WithoutPowerLossAnUnsyncedWriteIsKept) {
  {
    auto store = KvStore::Open(Options());
    ASSERT_THAT(store, IsOk());
    WriteBatch unsynced;
    unsynced.Put(ColumnFamilyId::kScoringJobs, "unsynced", "kept");
    ASSERT_THAT((*store)->Write(unsynced, /*sync=*/false), IsOk());
  }
  auto reopened = KvStore::Open(Options());
  ASSERT_THAT(reopened, IsOk());
  auto kept = (*reopened)->Get(ColumnFamilyId::kScoringJobs, "unsynced");
  ASSERT_THAT(kept, IsOk());
  EXPECT_EQ(*kept, "kept");
}

// What the tests above rely on from KvStore's RocksDB configuration: a WAL
// recovered to the last intact record (a torn tail is cut, not an error).
TEST_F(KvStorePowerLossTest, TheStoreRecoversItsWalToAPointInTime) {
  ASSERT_THAT(KvStore::Open(Options()), IsOk());
  rocksdb::ConfigOptions config;
  config.ignore_unknown_options = false;
  rocksdb::DBOptions db_options;
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  rocksdb::Status loaded = rocksdb::LoadLatestOptions(config, Options().path, &db_options, &cfs);
  ASSERT_TRUE(loaded.ok()) << loaded.ToString();
  EXPECT_EQ(db_options.wal_recovery_mode, rocksdb::WALRecoveryMode::kPointInTimeRecovery);
  EXPECT_EQ(cfs.size(), AllColumnFamilies().size());
}

// --- AccountStore: revisions with their index and request records ---------

constexpr int32_t kYear = 2023;
const char* const kDepartments[] = {"dept-a", "dept-b", "dept-c", "dept-d"};
const char* const kRegions[] = {"652300", "652301", "650100"};

using ::juesuan::storage::testing::SeedRevisionBuilder;
using ::juesuan::storage::testing::SeedRevisionName;

// A revision as the test knows it.
struct KnownRevision {
  std::string request_id;  // empty: none
  std::string region;
  int64_t create_micros = 0;
  // The stored revision once acknowledged (or seen after a reopen): it must
  // be there, byte for byte. Empty: an attempt whose write failed when the
  // power went out; it may or may not be there.
  std::string bytes;
};
// By department (one year), revision r at index r - 1.
using KnownRevisions = std::map<std::string, std::vector<KnownRevision>>;

// Checks `store` against `known`, then makes `known` what the store holds
// (unacknowledged attempts kept if visible, dropped if not).
void CheckAccounts(const AccountStore& store, KnownRevisions& known) {
  std::map<std::string, std::set<std::string>> heads_by_region;  // region → departments
  int64_t departments_with_head = 0;
  for (const char* department : kDepartments) {
    SCOPED_TRACE(department);
    const DepartmentYear dy{department, kYear};
    std::vector<KnownRevision>& revisions = known[department];
    const int64_t acknowledged =
        std::count_if(revisions.begin(), revisions.end(),
                      [](const KnownRevision& k) { return !k.bytes.empty(); });
    auto head = store.GetHead(dy);
    int64_t visible = 0;
    if (head.ok()) {
      visible = head->latest_revision_id();
    } else {
      ASSERT_THAT(head, StatusIs(absl::StatusCode::kNotFound, ::testing::_));
    }
    ASSERT_GE(visible, acknowledged) << "an acknowledged revision was lost";
    ASSERT_LE(visible, static_cast<int64_t>(revisions.size())) << "a revision nobody wrote";

    for (int64_t r = 1; r <= static_cast<int64_t>(revisions.size()); ++r) {
      KnownRevision& k = revisions[r - 1];
      if (r > visible) {
        // Not there: nor is anything its batch wrote.
        if (!k.request_id.empty()) {
          EXPECT_THAT(store.GetRequest(k.request_id),
                      StatusIs(absl::StatusCode::kNotFound, ::testing::_))
              << "a request record without its revision " << r;
        }
        continue;
      }
      auto revision = store.GetRevision(dy, r);
      ASSERT_THAT(revision, IsOk()) << "revision " << r << " is below the head but missing";
      if (!k.bytes.empty()) {
        EXPECT_EQ(revision->SerializeAsString(), k.bytes) << "revision " << r << " changed";
      } else {
        EXPECT_EQ(revision->create_time_micros(), k.create_micros);
        EXPECT_EQ(revision->accounts().department().region_code(), k.region);
        k.bytes = revision->SerializeAsString();  // seen after a reopen: durable from now on
      }
      if (!k.request_id.empty()) {
        auto request = store.GetRequest(k.request_id);
        ASSERT_THAT(request, IsOk()) << "revision " << r << " without its request record";
        EXPECT_EQ(request->response().name(), SeedRevisionName(department, r));
      }
    }
    revisions.resize(visible);

    EXPECT_THAT(store.GetRevision(dy, visible + 1),
                StatusIs(absl::StatusCode::kNotFound, ::testing::_));
    auto listed = store.ListRevisions(dy, 1000, "");
    ASSERT_THAT(listed, IsOk());
    ASSERT_EQ(static_cast<int64_t>(listed->revisions.size()), visible);
    for (int64_t r = 1; r <= visible; ++r) {
      EXPECT_EQ(listed->revisions[r - 1].revision_id(), r);
    }
    if (visible == 0) {
      EXPECT_THAT(store.GetDepartment(department),
                  StatusIs(absl::StatusCode::kNotFound, ::testing::_));
      continue;
    }
    // The head and the department are those of the latest revision.
    const KnownRevision& latest = revisions.back();
    EXPECT_EQ(head->region_code(), latest.region);
    EXPECT_EQ(head->latest_create_time_micros(), latest.create_micros);
    auto stored_department = store.GetDepartment(department);
    ASSERT_THAT(stored_department, IsOk());
    EXPECT_EQ(stored_department->region_code(), latest.region);
    heads_by_region[latest.region].insert(department);
    ++departments_with_head;

    // The index entry (listing by year and region) holds the same head.
    auto in_region = store.ListHeads(kYear, latest.region, 100, "");
    ASSERT_THAT(in_region, IsOk());
    bool found = false;
    for (const AccountStore::HeadEntry& entry : in_region->heads) {
      if (entry.dy.department_id != department) continue;
      found = true;
      EXPECT_EQ(entry.head.SerializeAsString(), head->SerializeAsString());
    }
    EXPECT_TRUE(found) << "no index entry under region " << latest.region;
  }
  // No index entry anywhere else (a region move deletes the old one in the
  // same batch).
  for (const char* region : kRegions) {
    auto listed = store.ListHeads(kYear, region, 100, "");
    ASSERT_THAT(listed, IsOk());
    std::set<std::string> departments;
    for (const AccountStore::HeadEntry& entry : listed->heads) {
      departments.insert(entry.dy.department_id);
    }
    EXPECT_EQ(departments, heads_by_region[region]) << "index entries of region " << region;
  }
  auto count = store.CountHeads(kYear, "");
  ASSERT_THAT(count, IsOk());
  EXPECT_EQ(*count, departments_with_head);
}

using AccountStorePowerLossTest = PowerLossTest;

TEST_F(AccountStorePowerLossTest, AcknowledgedRevisionsSurviveWithTheirHeadIndexAndRequest) {
  const uint32_t seed = Seed();
  std::mt19937 rng(seed);
  KnownRevisions known;
  std::map<std::string, std::string> region_of;  // the department's current region
  int64_t attempts = 0, acknowledged = 0;

  std::unique_ptr<AccountStore> store;
  for (int cycle = 0; cycle <= kCycles; ++cycle) {
    SCOPED_TRACE(SeedTrace(seed, cycle));
    if (cycle > 0 && cycle < kCycles) ArmPowerLoss(rng);
    if (!OpenOrLosePower<AccountStore>([&] { return OpenAccountStore(Options()); }, store, rng)) {
      if (HasFailure()) return;
      continue;
    }
    ASSERT_NO_FATAL_FAILURE(CheckAccounts(*store, known));
    if (HasFailure()) return;
    if (cycle == kCycles) break;

    const int writes = std::uniform_int_distribution<int>(0, 12)(rng);
    for (int i = 0; i < writes; ++i) {
      const std::string department = kDepartments[std::uniform_int_distribution<int>(0, 3)(rng)];
      std::string& region = region_of[department];
      if (region.empty() || std::bernoulli_distribution(0.3)(rng)) {
        region = kRegions[std::uniform_int_distribution<int>(0, 2)(rng)];
      }
      const int64_t micros = ++attempts;
      const std::string request_id =
          std::bernoulli_distribution(0.8)(rng) ? absl::StrCat("req-", micros) : "";
      std::vector<KnownRevision>& revisions = known[department];
      auto stored =
          store->AppendRevision({department, kYear}, request_id, absl::StrCat("sha-", micros),
                                SeedRevisionBuilder(department, region, micros));
      if (!stored.ok()) {
        ExpectWriteFailedForPowerLoss(stored.status());
        revisions.push_back({request_id, region, micros, ""});
        break;
      }
      ASSERT_EQ(stored->revision_id(), static_cast<int64_t>(revisions.size()) + 1);
      revisions.push_back({request_id, region, micros, stored->SerializeAsString()});
      ++acknowledged;
    }
    PowerLoss(store, &rng);
  }
  std::cout << "[ power loss ] " << acknowledged << " of " << attempts
            << " revision appends acknowledged\n";
}

// --- The model itself --------------------------------------------------------

class FaultInjectionFileSystemTest : public PowerLossTest {
 protected:
  std::string Path(const std::string& name) const { return dir_.Sub(name); }

  // A file with `content`, synced; its directory fsynced if `durable_name`.
  void Write(const std::string& name, const std::string& content, bool durable_name) {
    std::unique_ptr<rocksdb::FSWritableFile> file;
    ASSERT_TRUE(fs_->NewWritableFile(Path(name), rocksdb::FileOptions(), &file, nullptr).ok());
    ASSERT_TRUE(file->Append(content, rocksdb::IOOptions(), nullptr).ok());
    ASSERT_TRUE(file->Sync(rocksdb::IOOptions(), nullptr).ok());
    ASSERT_TRUE(file->Close(rocksdb::IOOptions(), nullptr).ok());
    if (durable_name) FsyncDir();
  }
  void FsyncDir() {
    std::unique_ptr<rocksdb::FSDirectory> dir;
    ASSERT_TRUE(fs_->NewDirectory(dir_.path(), rocksdb::IOOptions(), &dir, nullptr).ok());
    ASSERT_TRUE(dir->Fsync(rocksdb::IOOptions(), nullptr).ok());
  }
  // The file's content, or nullopt if it does not exist.
  std::optional<std::string> Read(const std::string& name) {
    std::string content;
    if (!rocksdb::ReadFileToString(fs_.get(), Path(name), &content).ok()) return std::nullopt;
    return content;
  }
  void LosePower() {
    fs_->SetFilesystemActive(false);
    EXPECT_THAT(fs_->SimulatePowerLoss().errors, ::testing::IsEmpty());
  }
};

TEST_F(FaultInjectionFileSystemTest, SyncedBytesSurviveLaterOnesDoNotCloseSyncsNothing) {
  std::unique_ptr<rocksdb::FSWritableFile> file;
  ASSERT_TRUE(fs_->NewWritableFile(Path("f"), rocksdb::FileOptions(), &file, nullptr).ok());
  FsyncDir();
  ASSERT_TRUE(file->Append("synced", rocksdb::IOOptions(), nullptr).ok());
  ASSERT_TRUE(file->Sync(rocksdb::IOOptions(), nullptr).ok());
  ASSERT_TRUE(file->Append(" not synced", rocksdb::IOOptions(), nullptr).ok());
  ASSERT_TRUE(file->RangeSync(0, 17, rocksdb::IOOptions(), nullptr).ok());
  ASSERT_TRUE(file->Close(rocksdb::IOOptions(), nullptr).ok());
  EXPECT_EQ(Read("f"), "synced not synced");
  LosePower();
  EXPECT_EQ(Read("f"), "synced");
}

TEST_F(FaultInjectionFileSystemTest, APowerLossMayKeepPartOfTheUnsyncedTail) {
  std::unique_ptr<rocksdb::FSWritableFile> file;
  ASSERT_TRUE(fs_->NewWritableFile(Path("f"), rocksdb::FileOptions(), &file, nullptr).ok());
  FsyncDir();
  ASSERT_TRUE(file->Append("synced", rocksdb::IOOptions(), nullptr).ok());
  ASSERT_TRUE(file->Sync(rocksdb::IOOptions(), nullptr).ok());
  ASSERT_TRUE(file->Append(" not synced", rocksdb::IOOptions(), nullptr).ok());
  fs_->SetFilesystemActive(false);
  file.reset();
  const auto report = fs_->SimulatePowerLoss([](uint64_t durable, uint64_t written) {
    EXPECT_EQ(durable, 6u);
    EXPECT_EQ(written, 17u);
    return 10;  // never less than durable, never more than written
  });
  EXPECT_THAT(report.errors, ::testing::IsEmpty());
  EXPECT_EQ(Read("f"), "synced not");
}

TEST_F(FaultInjectionFileSystemTest, ANewFileVanishesUnlessItsDirectoryWasFsynced) {
  // (A directory fsync makes every name in the directory durable: the
  // unlisted file comes after it.)
  Write("listed", "data", /*durable_name=*/true);
  Write("unlisted", "data", /*durable_name=*/false);
  LosePower();
  EXPECT_EQ(Read("unlisted"), std::nullopt);
  EXPECT_EQ(Read("listed"), "data");
}

TEST_F(FaultInjectionFileSystemTest, ARenameOverADurableFileIsUndoneWithoutADirectoryFsync) {
  Write("CURRENT", "old", /*durable_name=*/true);
  Write("CURRENT.dbtmp", "new", /*durable_name=*/false);
  ASSERT_TRUE(
      fs_->RenameFile(Path("CURRENT.dbtmp"), Path("CURRENT"), rocksdb::IOOptions(), nullptr).ok());
  EXPECT_EQ(Read("CURRENT"), "new");
  LosePower();
  EXPECT_EQ(Read("CURRENT"), "old");
  EXPECT_EQ(Read("CURRENT.dbtmp"), std::nullopt);

  Write("CURRENT.dbtmp", "new", /*durable_name=*/false);
  ASSERT_TRUE(
      fs_->RenameFile(Path("CURRENT.dbtmp"), Path("CURRENT"), rocksdb::IOOptions(), nullptr).ok());
  FsyncDir();
  LosePower();
  EXPECT_EQ(Read("CURRENT"), "new");
}

TEST_F(FaultInjectionFileSystemTest, WithThePowerOutNothingChanges) {
  Write("f", "data", /*durable_name=*/true);
  fs_->SchedulePowerLoss(2);  // two more operations, then darkness
  std::unique_ptr<rocksdb::FSWritableFile> file;
  ASSERT_TRUE(fs_->NewWritableFile(Path("g"), rocksdb::FileOptions(), &file, nullptr).ok());
  ASSERT_TRUE(file->Append("1", rocksdb::IOOptions(), nullptr).ok());
  EXPECT_TRUE(file->Append("2", rocksdb::IOOptions(), nullptr).IsIOError());
  EXPECT_FALSE(fs_->IsFilesystemActive());
  EXPECT_TRUE(file->Sync(rocksdb::IOOptions(), nullptr).IsIOError());
  EXPECT_TRUE(fs_->DeleteFile(Path("f"), rocksdb::IOOptions(), nullptr).IsIOError());
  EXPECT_TRUE(fs_->RenameFile(Path("f"), Path("h"), rocksdb::IOOptions(), nullptr).IsIOError());
  EXPECT_TRUE(file->Close(rocksdb::IOOptions(), nullptr).IsIOError());
  EXPECT_EQ(Read("f"), "data");  // reads still work
  EXPECT_THAT(fs_->SimulatePowerLoss().errors, ::testing::IsEmpty());
  EXPECT_TRUE(fs_->IsFilesystemActive());
  EXPECT_EQ(Read("f"), "data");
  EXPECT_EQ(Read("g"), std::nullopt);
}

}  // namespace
}  // namespace juesuan::storage
