// A fixed pool of worker threads running closures in FIFO order.
//
// The servers use one to take blocking work (a RocksDB write with sync=true)
// off gRPC's callback threads: a reactor blocked on fsync stalls the other
// calls on that thread and defeats RocksDB's group commit.
#ifndef JUESUAN_COMMON_THREAD_POOL_H_
#define JUESUAN_COMMON_THREAD_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace juesuan {

// Lowers the calling thread's scheduling priority by `nice` (Linux: nice is
// per thread). Best effort: failure leaves the priority as it was.
void LowerThreadPriority(int nice);

class ThreadPool {
 public:
  // Starts `num_threads` (≥ 1) workers. A positive `nice` lowers their
  // scheduling priority (Linux per-thread nice), for background work that
  // must yield the CPU to requests.
  explicit ThreadPool(int num_threads, int nice = 0);
  // Runs every queued closure, then joins the workers.
  ~ThreadPool();

  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Queues `fn` to run on a worker.
  void Schedule(std::function<void()> fn);

  // Queues `fn` unless `max_queued` closures are already waiting; returns
  // whether it was queued.
  bool TrySchedule(std::function<void()> fn, size_t max_queued);

  // Closures queued and not yet started.
  size_t QueueLength() const;

 private:
  void WorkLoop();
  bool ReadyLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace juesuan

#endif  // JUESUAN_COMMON_THREAD_POOL_H_
