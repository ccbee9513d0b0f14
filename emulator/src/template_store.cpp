#include "template_store.h"

#include "contract_rendering.h"
#include "http_message.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace xbl::emulator {

bool TemplateStore::Install(std::string const& scid, std::string const& name, Json document,
                            std::string* error, bool* created) {
  if (scid.empty() || name.empty() || name.size() > 100) {
    if (error) *error = "template scid and name must be non-empty, name at most 100 characters";
    return false;
  }
  if (!document.is_object()) {
    if (error) *error = "a template document must be a JSON object";
    return false;
  }
  for (auto it = document.begin(); it != document.end(); ++it) {
    if (it.key() != "constants" && it.key() != "roleTypes" && it.key() != "contractVersion") {
      if (error) *error = "unknown template member '" + it.key() + "'";
      return false;
    }
  }
  SessionTemplate t;
  t.scid = scid;
  t.name = name;
  if (document.contains("contractVersion")) {
    auto v = AsInt(document["contractVersion"]);
    if (!v || (*v != 104 && *v != 105 && *v != 107)) {
      if (error) *error = "contractVersion must be 104, 105 or 107";
      return false;
    }
    t.contract_version = static_cast<int>(*v);
  }
  Json constants = document.contains("constants") ? document["constants"] : Json::object();
  if (!constants.is_object()) {
    if (error) *error = "constants must be an object";
    return false;
  }
  for (char const* bag : {"system", "custom"}) {
    if (!constants.contains(bag)) constants[bag] = Json::object();
    if (!constants[bag].is_object()) {
      if (error) *error = std::string("constants.") + bag + " must be an object";
      return false;
    }
  }
  document["constants"] = constants;
  if (t.contract_version < 107) document = UpgradeToContract107(std::move(document));
  t.document = std::move(document);
  std::lock_guard<std::mutex> lock(mutex_);
  auto& by_name = templates_[scid];
  std::string key = ToLower(name);
  if (created) *created = by_name.find(key) == by_name.end();
  by_name[key] = std::move(t);
  return true;
}

bool TemplateStore::Remove(std::string const& scid, std::string const& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = templates_.find(scid);
  if (it == templates_.end()) return false;
  bool removed = it->second.erase(ToLower(name)) > 0;
  if (it->second.empty()) templates_.erase(it);
  return removed;
}

bool TemplateStore::HasScid(std::string const& scid) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return templates_.count(scid) > 0;
}

bool TemplateStore::Exists(std::string const& scid, std::string const& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = templates_.find(scid);
  return it != templates_.end() && it->second.count(ToLower(name)) > 0;
}

std::optional<SessionTemplate> TemplateStore::Find(std::string const& scid, std::string const& name) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = templates_.find(scid);
  if (it == templates_.end()) return std::nullopt;
  auto t = it->second.find(ToLower(name));
  if (t == it->second.end()) return std::nullopt;
  return t->second;
}

std::vector<SessionTemplate> TemplateStore::List(std::string const& scid) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<SessionTemplate> out;
  auto it = templates_.find(scid);
  if (it != templates_.end())
    for (auto const& entry : it->second) out.push_back(entry.second);
  return out;
}

bool TemplateStore::LoadDirectory(std::string const& dir, std::string* error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    if (error) *error = "templates directory not found: " + dir;
    return false;
  }
  for (auto const& scid_dir : fs::directory_iterator(dir, ec)) {
    if (!scid_dir.is_directory()) continue;
    for (auto const& file : fs::directory_iterator(scid_dir.path(), ec)) {
      if (file.path().extension() != ".json") continue;
      std::ifstream in(file.path());
      std::stringstream text;
      text << in.rdbuf();
      auto doc = ParseJson(text.str());
      std::string why;
      if (!doc || !Install(scid_dir.path().filename().string(), file.path().stem().string(), *doc, &why)) {
        if (error) *error = file.path().string() + ": " + (doc ? why : "malformed JSON");
        return false;
      }
    }
  }
  return true;
}

void TemplateStore::LoadBuiltins() {
  for (auto const& file : BuiltinTemplateFiles()) {
    auto doc = ParseJson(file.text);
    // The build checks these files; a bad one is skipped rather than aborting a test run.
    if (doc) Install(file.scid, file.name, *doc, nullptr);
  }
}

}  // namespace xbl::emulator
