#pragma once
#include "json.h"

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace xbl::emulator {

/// One stored handle (protocol §2.12, §3.13): its JSON document plus what lookups need.
struct HandleRecord {
  std::string id;
  std::string type;         // activity | invite | transfer | search
  std::string session_key;  // SessionKey() of the target session
  std::string owner_xuid;   // activity owner / invite sender / search creator
  std::string title_id;
  Json document;
};

/// Handles by id. Thread-safe; always locked inside the session store lock, never around it.
class HandleStore {
 public:
  void Put(HandleRecord record);
  std::optional<HandleRecord> Find(std::string const& id) const;
  bool Erase(std::string const& id);
  /// Removes the handles for which `pred` is true; returns how many.
  std::size_t EraseIf(std::function<bool(HandleRecord const&)> const& pred);
  std::vector<HandleRecord> Select(std::function<bool(HandleRecord const&)> const& pred) const;
  void Clear();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, HandleRecord> handles_;
};

}  // namespace xbl::emulator
