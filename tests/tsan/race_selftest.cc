// ThreadSanitizer's own check, for the TSan stage of scripts/test.sh: two
// threads change one counter under two different absl::Mutexes, a real
// race. It must be reported (the ctest test expects this program to fail),
// which shows that absl_sync_annotations.cc makes Abseil's locks order only
// what they really order, not everything.
//
// The two writes take turns, one each, and both threads stay alive until
// both have written. TSan (LLVM 14's runtime) drops a race whose earlier
// access it cannot trace back, and a thread that has exited, or spun on for
// a while since, may no longer have it: the first form of this test (two
// loops of 100,000) passed unseen on a CI machine, and on one CPU missed
// the race in 15 runs of 100. The turns are taken with relaxed atomics,
// which TSan treats as ordering nothing, so the writes stay unordered.
#include <atomic>
#include <chrono>
#include <thread>

#include "absl/synchronization/mutex.h"

namespace {

void SleepUntilSet(const std::atomic<bool>& flag) {
  while (!flag.load(std::memory_order_relaxed)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace

int main() {
  absl::Mutex a, b;
  long shared = 0;
  std::atomic<bool> first_written{false};
  std::atomic<bool> second_written{false};
  std::thread one([&] {
    {
      absl::MutexLock lock(&a);
      ++shared;
    }
    first_written.store(true, std::memory_order_relaxed);
    SleepUntilSet(second_written);
  });
  std::thread two([&] {
    SleepUntilSet(first_written);
    {
      absl::MutexLock lock(&b);
      ++shared;
    }
    second_written.store(true, std::memory_order_relaxed);
  });
  one.join();
  two.join();
  return shared > 0 ? 0 : 1;
}
