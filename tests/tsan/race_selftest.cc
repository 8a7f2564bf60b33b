// ThreadSanitizer's own check, for the TSan stage of scripts/test.sh: two
// threads change one counter under two different absl::Mutexes, a real
// race. It must be reported (the ctest test expects this program to fail),
// which shows that absl_sync_annotations.cc makes Abseil's locks order only
// what they really order, not everything.
#include <thread>

#include "absl/synchronization/mutex.h"

int main() {
  absl::Mutex a, b;
  long shared = 0;
  std::thread one([&] {
    for (int i = 0; i < 100000; ++i) {
      absl::MutexLock lock(&a);
      ++shared;
    }
  });
  std::thread two([&] {
    for (int i = 0; i < 100000; ++i) {
      absl::MutexLock lock(&b);
      ++shared;
    }
  });
  one.join();
  two.join();
  return shared > 0 ? 0 : 1;
}
