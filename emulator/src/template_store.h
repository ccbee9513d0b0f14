#pragma once
#include "json.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace xbl::emulator {

/// A session template: `{"constants":{...}, "roleTypes"?, "contractVersion"?}` (protocol §6.1).
struct SessionTemplate {
  std::string scid;
  std::string name;  // as installed (lookups are case-insensitive)
  Json document;
  int contract_version = 107;
};

/// Templates by SCID (case-sensitive) and name (case-insensitive). Thread-safe.
class TemplateStore {
 public:
  /// Installs or replaces; returns true when it was new. Fails (false, message) on a bad document.
  bool Install(std::string const& scid, std::string const& name, Json document, std::string* error,
               bool* created = nullptr);
  bool Remove(std::string const& scid, std::string const& name);
  bool HasScid(std::string const& scid) const;
  /// Cheaper than Find when only existence matters (no document copy).
  bool Exists(std::string const& scid, std::string const& name) const;
  std::optional<SessionTemplate> Find(std::string const& scid, std::string const& name) const;
  std::vector<SessionTemplate> List(std::string const& scid) const;
  /// Loads every `<dir>/<SCID>/<NAME>.json`; returns false with a message on the first bad file.
  bool LoadDirectory(std::string const& dir, std::string* error);
  /// Loads the templates compiled into the library (emulator/templates/).
  void LoadBuiltins();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::string, SessionTemplate>> templates_;
};

/// One compiled-in template file (generated from emulator/templates at configure time).
struct BuiltinTemplateFile {
  char const* scid;
  char const* name;
  char const* text;
};
std::vector<BuiltinTemplateFile> BuiltinTemplateFiles();

/// The SCID the protocol §4.1 conformance fixture templates live under.
constexpr char kConformanceScid[] = "c0f0c0f0-0000-4000-8000-000000000001";
/// The all-zero SCID of the seed-page templates (protocol §6.1).
constexpr char kSeedScid[] = "00000000-0000-0000-0000-000000000000";

}  // namespace xbl::emulator
