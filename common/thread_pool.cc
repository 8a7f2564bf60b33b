#include "common/thread_pool.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <utility>

namespace juesuan {

void LowerThreadPriority(int nice) {
  if (nice <= 0) return;
  const pid_t tid = static_cast<pid_t>(syscall(SYS_gettid));
  const int current = getpriority(PRIO_PROCESS, static_cast<id_t>(tid));
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(tid), std::min(19, current + nice));
}

ThreadPool::ThreadPool(int num_threads, int nice) {
  if (num_threads < 1) num_threads = 1;
  threads_.reserve(num_threads);
  for (int i = 0; i < num_threads; ++i) {
    threads_.emplace_back([this, nice] {
      LowerThreadPriority(nice);
      WorkLoop();
    });
  }
}

ThreadPool::~ThreadPool() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& t : threads_) t.join();
}

void ThreadPool::Schedule(std::function<void()> fn) {
  absl::MutexLock lock(&mu_);
  queue_.push_back(std::move(fn));
}

bool ThreadPool::TrySchedule(std::function<void()> fn, size_t max_queued) {
  absl::MutexLock lock(&mu_);
  if (queue_.size() >= max_queued) return false;
  queue_.push_back(std::move(fn));
  return true;
}

size_t ThreadPool::QueueLength() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

bool ThreadPool::ReadyLocked() const { return stopping_ || !queue_.empty(); }

void ThreadPool::WorkLoop() {
  while (true) {
    std::function<void()> fn;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &ThreadPool::ReadyLocked));
      if (queue_.empty()) return;  // stopping, and everything queued has run
      fn = std::move(queue_.front());
      queue_.pop_front();
    }
    fn();
  }
}

}  // namespace juesuan
