#include "social_graph.h"

namespace xbl::emulator {

void SocialGraph::Replace(std::map<std::string, std::set<std::string>> follows) {
  std::lock_guard<std::mutex> lock(mutex_);
  follows_ = std::move(follows);
}

void SocialGraph::ReplaceBlocks(std::map<std::string, std::set<std::string>> blocks) {
  std::lock_guard<std::mutex> lock(mutex_);
  blocks_ = std::move(blocks);
}

bool SocialGraph::Blocks(std::string const& blocker, std::string const& blocked) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = blocks_.find(blocker);
  return it != blocks_.end() && it->second.count(blocked) > 0;
}

bool SocialGraph::Follows(std::string const& follower, std::string const& followed) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = follows_.find(follower);
  return it != follows_.end() && it->second.count(followed) > 0;
}

void SocialGraph::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  follows_.clear();
  blocks_.clear();
}

}  // namespace xbl::emulator
