// What one hand-off to an idle thread costs, the kind the SDK makes between a shoulder tap and a
// SessionWatcher handler (the RTA client's strand, the callback executor, the handler's post):
// from SerialExecutor::Post to the posted work starting, against the floor of any such hand-off, a
// bare thread woken through a condition variable, measured in the same run, in alternating blocks.
// Between hand-offs the receiving thread is left idle long enough to sleep, as it is between taps.
//
//   xbl_executor_hop_bench [hand-offs per block, default 200] [blocks per side, default 10]
//                          [idle microseconds between hand-offs, default 300]
#include "xbl/executor.h"
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

/// The floor: one thread that waits on a condition variable for a flag and stamps when it wakes.
class BareWakeThread {
 public:
  BareWakeThread() : thread_([this] { Run(); }) {}
  ~BareWakeThread() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  /// Wakes the thread; `started` is set to when it ran.
  void Post(std::atomic<Clock::rep>* started) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      started_ = started;
    }
    wake_.notify_one();
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || started_ != nullptr; });
      if (stopping_) return;
      std::exchange(started_, nullptr)->store(Clock::now().time_since_epoch().count());
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<Clock::rep>* started_ = nullptr;
  bool stopping_ = false;
  std::thread thread_;
};

constexpr Clock::rep kNotYet = 0;

/// Microseconds from `post` being called to the posted work's stamp, one hand-off.
template <typename PostFn>
double HopMicros(PostFn const& post) {
  std::atomic<Clock::rep> started{kNotYet};
  auto const posted = Clock::now();
  post(&started);
  auto const deadline = posted + std::chrono::seconds(5);
  while (started.load() == kNotYet && Clock::now() < deadline) std::this_thread::yield();
  if (started.load() == kNotYet) return -1;  // reported as a lost hand-off
  auto const ran = Clock::time_point(Clock::duration(started.load()));
  return std::chrono::duration<double, std::micro>(ran - posted).count();
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  int const per_block = argc > 1 ? std::atoi(argv[1]) : 200;
  int const blocks = argc > 2 ? std::atoi(argv[2]) : 10;
  auto const idle = std::chrono::microseconds(argc > 3 ? std::atoi(argv[3]) : 300);
  if (per_block <= 0 || blocks <= 0 || idle.count() < 0) {
    std::fprintf(stderr, "usage: xbl_executor_hop_bench [hand-offs per block] [blocks per side] [idle us]\n");
    return 2;
  }

  auto executor = xbl::MakeSerialExecutor();
  BareWakeThread bare;
  auto const post_executor = [&](std::atomic<Clock::rep>* started) {
    executor->Post([started] { started->store(Clock::now().time_since_epoch().count()); });
  };
  auto const post_bare = [&](std::atomic<Clock::rep>* started) { bare.Post(started); };

  std::vector<double> executor_all, bare_all, block_ratios;
  int lost = 0;
  for (int block = 0; block < blocks; ++block) {
    std::vector<double> executor_block, bare_block;
    // Alternate which side goes first, so drift within a pair hits both alike.
    for (int side = 0; side < 2; ++side) {
      bool const executor_side = (side == 0) == (block % 2 == 0);
      auto& out = executor_side ? executor_block : bare_block;
      for (int i = 0; i < per_block; ++i) {
        std::this_thread::sleep_for(idle);  // the receiving thread goes back to sleep
        double const us = executor_side ? HopMicros(post_executor) : HopMicros(post_bare);
        if (us < 0) {
          ++lost;
        } else {
          out.push_back(us);
        }
      }
    }
    block_ratios.push_back(Percentile(executor_block, 0.5) / Percentile(bare_block, 0.5));
    executor_all.insert(executor_all.end(), executor_block.begin(), executor_block.end());
    bare_all.insert(bare_all.end(), bare_block.begin(), bare_block.end());
  }

  std::printf("hand-offs per side: %zu (%d blocks of %d, %lld us idle before each), lost: %d\n",
              executor_all.size(), blocks, per_block, static_cast<long long>(idle.count()), lost);
  std::printf("| side | p50 us | p90 us | p99 us |\n|---|---:|---:|---:|\n");
  std::printf("| SerialExecutor::Post | %.1f | %.1f | %.1f |\n", Percentile(executor_all, 0.5),
              Percentile(executor_all, 0.9), Percentile(executor_all, 0.99));
  std::printf("| bare condition-variable wake | %.1f | %.1f | %.1f |\n", Percentile(bare_all, 0.5),
              Percentile(bare_all, 0.9), Percentile(bare_all, 0.99));
  std::printf("executor / bare, p50 per block: median %.2f (min %.2f, max %.2f)\n", Percentile(block_ratios, 0.5),
              *std::min_element(block_ratios.begin(), block_ratios.end()),
              *std::max_element(block_ratios.begin(), block_ratios.end()));
  return lost == 0 ? 0 : 1;
}
