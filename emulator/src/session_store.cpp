#include "session_store.h"

#include "http_message.h"

namespace xbl::emulator {

std::string SessionKey(std::string const& scid, std::string const& template_name, std::string const& name) {
  return scid + "~" + ToLower(template_name) + "~" + ToLower(name);
}

SessionRecord* SessionStore::Find(std::string const& key) {
  auto it = sessions_.find(key);
  return it == sessions_.end() ? nullptr : &it->second;
}

SessionRecord& SessionStore::Put(std::string const& key, SessionRecord record) {
  return sessions_[key] = std::move(record);
}

void SessionStore::Erase(std::string const& key) {
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return;
  auto corr = it->second.doc.find("correlationId");
  if (corr != it->second.doc.end() && corr->is_string()) tombstones_[key] = corr->get<std::string>();
  sessions_.erase(it);
}

std::string SessionStore::Tombstone(std::string const& key) const {
  auto it = tombstones_.find(key);
  return it == tombstones_.end() ? std::string() : it->second;
}

void SessionStore::Clear() {
  sessions_.clear();
  tombstones_.clear();
}

}  // namespace xbl::emulator
