// A budget of memory shared by the calls of one server: a call reserves what
// it will hold before it builds it (a rendered document of a large
// department), and is refused, retryably, when the budget is spent, instead
// of taking the process past its memory limit.
#ifndef JUESUAN_COMMON_MEMORY_BUDGET_H_
#define JUESUAN_COMMON_MEMORY_BUDGET_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"

namespace juesuan {

class MemoryBudget {
 public:
  // What a call holds; given back when it is destroyed.
  class Reservation {
   public:
    Reservation(Reservation&& other) noexcept : budget_(other.budget_), bytes_(other.bytes_) {
      other.budget_ = nullptr;
    }
    Reservation(const Reservation&) = delete;
    Reservation& operator=(const Reservation&) = delete;
    Reservation& operator=(Reservation&&) = delete;
    ~Reservation();
    int64_t bytes() const { return bytes_; }

   private:
    friend class MemoryBudget;
    Reservation(MemoryBudget* budget, int64_t bytes) : budget_(budget), bytes_(bytes) {}
    MemoryBudget* budget_;
    int64_t bytes_;
  };

  // `bytes` in all; `name` says whose in errors (e.g. "rendering").
  MemoryBudget(int64_t bytes, std::string name) : total_(bytes), name_(std::move(name)) {}

  // Reserves `bytes` (at most the whole budget: one call larger than it runs
  // alone), waiting until `deadline` for the calls running to give back
  // enough; then RESOURCE_EXHAUSTED with a RetryInfo and ErrorInfo
  // OVERLOADED.
  absl::StatusOr<Reservation> Reserve(int64_t bytes, absl::Time deadline = absl::InfinitePast());

  int64_t in_use() const;
  int64_t total() const { return total_; }

 private:
  void Release(int64_t bytes);

  const int64_t total_;
  const std::string name_;
  mutable absl::Mutex mu_;
  int64_t in_use_ ABSL_GUARDED_BY(mu_) = 0;
};

// Elements of repeated fields in `message`, at every depth: what a
// document's cost grows with (ingestion's budget counts the same).
int64_t CountRepeatedElements(const google::protobuf::Message& message);

}  // namespace juesuan

#endif  // JUESUAN_COMMON_MEMORY_BUDGET_H_
