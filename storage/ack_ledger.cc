#include "storage/ack_ledger.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/base/internal/endian.h"
#include "absl/strings/str_cat.h"

namespace juesuan::storage {
namespace {

// Slot layout (little-endian):
//   0  magic "JSAK"      4  checksum of bytes 12..255 (FNV-1a, 8 bytes)
//   12 counter (8)       20 sequence (8)        28 length of `what` (2)
//   30 what (up to 226 bytes)
constexpr char kMagic[4] = {'J', 'S', 'A', 'K'};
constexpr size_t kHeader = 30;
constexpr size_t kMaxWhat = AckLedger::kSlotBytes - kHeader;

uint64_t Checksum(const char* data, size_t size) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < size; ++i) {
    h ^= static_cast<unsigned char>(data[i]);
    h *= 1099511628211ULL;
  }
  return h;
}

// Cut on a UTF-8 character boundary.
absl::string_view Cut(absl::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string EncodeSlot(uint64_t counter, uint64_t sequence, absl::string_view what) {
  std::string slot(AckLedger::kSlotBytes, '\0');
  what = Cut(what, kMaxWhat);
  std::memcpy(&slot[0], kMagic, 4);
  absl::little_endian::Store64(&slot[12], counter);
  absl::little_endian::Store64(&slot[20], sequence);
  absl::little_endian::Store16(&slot[28], static_cast<uint16_t>(what.size()));
  std::memcpy(&slot[30], what.data(), what.size());
  const uint64_t sum = Checksum(&slot[12], slot.size() - 12);
  absl::little_endian::Store64(&slot[4], sum);
  return slot;
}

bool DecodeSlot(const char* slot, AckLedger::Entry* out) {
  if (std::memcmp(slot, kMagic, 4) != 0) return false;
  if (absl::little_endian::Load64(slot + 4) != Checksum(slot + 12, AckLedger::kSlotBytes - 12)) {
    return false;
  }
  const uint16_t length = absl::little_endian::Load16(slot + 28);
  if (length > kMaxWhat) return false;
  out->counter = absl::little_endian::Load64(slot + 12);
  out->sequence = absl::little_endian::Load64(slot + 20);
  out->what.assign(slot + 30, length);
  return out->counter > 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<AckLedger>> AckLedger::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  std::unique_ptr<AckLedger> ledger(new AckLedger(fd, path));
  std::string slot(kSlotBytes, '\0');
  uint64_t last_counter = 0;
  for (int i = 0; i < kSlots; ++i) {
    const ssize_t n = ::pread(fd, slot.data(), kSlotBytes, static_cast<off_t>(i) * kSlotBytes);
    if (n != static_cast<ssize_t>(kSlotBytes)) break;  // a short file: the rest was never written
    Entry entry;
    if (!DecodeSlot(slot.data(), &entry)) continue;
    last_counter = std::max(last_counter, entry.counter);
    ledger->recovered_.push_back(std::move(entry));
  }
  std::sort(ledger->recovered_.begin(), ledger->recovered_.end(),
            [](const Entry& a, const Entry& b) { return a.counter < b.counter; });
  {
    absl::MutexLock lock(&ledger->mu_);
    ledger->next_counter_ = last_counter + 1;
  }
  ledger->syncer_ = std::thread([raw = ledger.get()] { raw->SyncLoop(); });
  return ledger;
}

AckLedger::~AckLedger() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (syncer_.joinable()) syncer_.join();
  ::fdatasync(fd_);
  ::close(fd_);
}

absl::Status AckLedger::Record(uint64_t sequence, absl::string_view what) {
  uint64_t counter;
  {
    absl::MutexLock lock(&mu_);
    counter = next_counter_++;
  }
  const std::string slot = EncodeSlot(counter, sequence, what);
  const off_t offset = static_cast<off_t>((counter - 1) % kSlots) * kSlotBytes;
  if (::pwrite(fd_, slot.data(), slot.size(), offset) != static_cast<ssize_t>(slot.size())) {
    return absl::InternalError(
        absl::StrCat("cannot record the write in ", path_, ": ", std::strerror(errno)));
  }
  // Dirty after the slot is written: a sync that ran before it must not
  // clear the flag for it.
  absl::MutexLock lock(&mu_);
  dirty_ = true;
  return absl::OkStatus();
}

void AckLedger::SyncLoop() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    mu_.AwaitWithTimeout(absl::Condition(&stopping_), kSyncInterval);
    if (!dirty_) continue;
    dirty_ = false;
    mu_.Unlock();
    ::fdatasync(fd_);
    mu_.Lock();
  }
}

}  // namespace juesuan::storage
