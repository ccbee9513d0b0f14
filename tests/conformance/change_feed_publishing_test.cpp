// The change feed's publishing order: one thread walks the subscriber at a time, yet a Flush
// returns only once its own entries are published, so a request's taps are queued before its
// response is sent; a subscriber that commits (Append + Flush inside its callback) does not
// deadlock and its entry is published after the current one.
#include "change_feed.h"
#include <gtest/gtest.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace xbl::emulator {
namespace {

ChangeEntry Entry(std::string name) {
  ChangeEntry entry;
  entry.name = std::move(name);
  return entry;
}

TEST(ChangeFeedPublishing, AFlushDuringAnotherThreadsPublishingReturnsOnlyOnceItsEntryIsPublished) {
  ChangeFeed feed;
  std::mutex mutex;
  std::vector<std::string> published;
  std::atomic<bool> second_flushing{false};
  std::atomic<bool> first_publishing{false};
  feed.Subscribe([&](ChangeEntry const& entry) {
    if (entry.name == "first") {
      first_publishing = true;
      // Hold the first publisher inside its walk until the second writer is in its Flush.
      while (!second_flushing.load()) std::this_thread::yield();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::lock_guard<std::mutex> lock(mutex);
    published.push_back(entry.name);
  });
  std::thread first([&] {
    feed.Append(Entry("first"));
    feed.Flush();
  });
  while (!first_publishing.load()) std::this_thread::yield();  // the first thread is in its walk
  feed.Append(Entry("second"));
  second_flushing = true;
  feed.Flush();
  {
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_NE(std::find(published.begin(), published.end(), "second"), published.end())
        << "Flush returned before this writer's entry was published";
  }
  first.join();
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(published, (std::vector<std::string>{"first", "second"}));
}

TEST(ChangeFeedPublishing, ASubscriberThatCommitsIsPublishedAfterTheCurrentEntry) {
  ChangeFeed feed;
  std::vector<std::string> published;
  feed.Subscribe([&](ChangeEntry const& entry) {
    published.push_back(entry.name);
    if (entry.name == "write") {
      feed.Append(Entry("decay"));
      feed.Flush();  // on the publishing thread: must not wait for itself
    }
  });
  feed.Append(Entry("write"));
  feed.Flush();
  EXPECT_EQ(published, (std::vector<std::string>{"write", "decay"}));
}

}  // namespace
}  // namespace xbl::emulator
