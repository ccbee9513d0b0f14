#pragma once
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace xbl::emulator {

/// Who follows whom, for `joinRestriction: followed`, and who blocked whom, for "if an owner
/// has blocked a user, that user cannot join" (protocol §3.6; admin PUT /_emulator/social).
class SocialGraph {
 public:
  void Replace(std::map<std::string, std::set<std::string>> follows);
  void ReplaceBlocks(std::map<std::string, std::set<std::string>> blocks);
  bool Follows(std::string const& follower, std::string const& followed) const;
  bool Blocks(std::string const& blocker, std::string const& blocked) const;
  void Clear();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::set<std::string>> follows_;
  std::map<std::string, std::set<std::string>> blocks_;
};

}  // namespace xbl::emulator
