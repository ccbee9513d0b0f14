#pragma once
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace xbl::emulator {

/// Who follows whom, for `joinRestriction: followed` (spec 3.6, admin PUT /_emulator/social).
class SocialGraph {
 public:
  void Replace(std::map<std::string, std::set<std::string>> follows);
  bool Follows(std::string const& follower, std::string const& followed) const;
  void Clear();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::set<std::string>> follows_;
};

}  // namespace xbl::emulator
