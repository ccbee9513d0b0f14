#include "xbl/executor.h"
#include <condition_variable>
#include <deque>
#include <exception>
#include <iostream>
#include <mutex>
#include <thread>

namespace xbl {
namespace {

/// What the executor's thread needs; the thread holds it, so it may outlive the executor when
/// the last reference to the executor is dropped by work running on that thread.
struct QueueState {
  std::function<void(std::string const&)> on_exception;
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::function<void()>> queue;
  bool stopping = false;

  void Run() {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      wake.wait(lock, [this] { return stopping || !queue.empty(); });
      if (queue.empty()) return;  // stopping, and everything queued has run
      auto work = std::move(queue.front());
      queue.pop_front();
      lock.unlock();
      RunOne(work);
      lock.lock();
    }
  }

  void RunOne(std::function<void()> const& work) const {
    std::string what;
    try {
      work();
      return;
    } catch (std::exception const& e) {
      what = e.what();
    } catch (...) {
      what = "an exception that is not a std::exception";
    }
    if (on_exception) {
      on_exception("a callback threw: " + what);
    } else {
      std::cerr << "xbl: a callback threw: " << what << "\n";
    }
  }
};

class SerialExecutor final : public Executor {
 public:
  explicit SerialExecutor(std::function<void(std::string const&)> on_exception)
      : state_(std::make_shared<QueueState>()) {
    state_->on_exception = std::move(on_exception);
  }

  ~SerialExecutor() override {
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      state_->stopping = true;
    }
    state_->wake.notify_all();
    std::lock_guard<std::mutex> lock(thread_mutex_);
    if (!thread_.joinable()) return;
    // Work that drops the last reference to the executor runs on its thread, which cannot join
    // itself: it finishes the queue on its own and then ends.
    if (thread_.get_id() == std::this_thread::get_id()) {
      thread_.detach();
    } else {
      thread_.join();
    }
  }

  void Post(std::function<void()> work) override {
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      state_->queue.push_back(std::move(work));
    }
    state_->wake.notify_one();
    std::lock_guard<std::mutex> lock(thread_mutex_);
    if (!thread_.joinable()) thread_ = std::thread([state = state_] { state->Run(); });
  }

 private:
  std::shared_ptr<QueueState> state_;
  std::mutex thread_mutex_;
  std::thread thread_;
};

}  // namespace

std::shared_ptr<Executor> MakeSerialExecutor(std::function<void(std::string const&)> on_exception) {
  return std::make_shared<SerialExecutor>(std::move(on_exception));
}

}  // namespace xbl
