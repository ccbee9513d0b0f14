#include "contract_rendering.h"

namespace xbl::emulator {
namespace {

struct TimeoutName {
  char const* nested;
  char const* flat;
};
constexpr TimeoutName kTimeouts[] = {{"reserved", "reservedRemovalTimeout"},
                                     {"inactive", "inactiveRemovalTimeout"},
                                     {"ready", "readyRemovalTimeout"},
                                     {"sessionEmpty", "sessionEmptyTimeout"}};

void UpgradeSystemConstants(Json& sys) {
  if (!sys.is_object()) return;
  if (auto mi = sys.find("managedInitialization"); mi != sys.end()) {
    Json init = mi->is_object() ? *mi : Json::object();
    if (auto ae = init.find("autoEvaluate"); ae != init.end()) {
      bool auto_evaluate = ae->is_boolean() && ae->get<bool>();
      init.erase("autoEvaluate");
      init["externalEvaluation"] = !auto_evaluate;
    }
    sys.erase("managedInitialization");
    sys["memberInitialization"] = init;
  }
  if (auto t = sys.find("timeouts"); t != sys.end()) {
    Json timeouts = *t;
    sys.erase("timeouts");
    if (timeouts.is_object())
      for (auto const& name : kTimeouts)
        if (timeouts.contains(name.nested)) sys[name.flat] = timeouts[name.nested];
  }
}

}  // namespace

Json UpgradeToContract107(Json document) {
  if (!document.is_object()) return document;
  if (auto c = document.find("constants"); c != document.end() && c->is_object())
    if (auto s = c->find("system"); s != c->end()) UpgradeSystemConstants(*s);
  return document;
}

Json RenderForContract(Json document, int contract) {
  document["contractVersion"] = contract;
  if (contract >= 107) return document;
  if (auto c = document.find("constants"); c != document.end() && c->is_object()) {
    if (auto s = c->find("system"); s != c->end() && s->is_object()) {
      Json& sys = *s;
      if (auto mi = sys.find("memberInitialization"); mi != sys.end()) {
        Json init = *mi;
        bool external = init.value("externalEvaluation", false);
        init.erase("externalEvaluation");
        init["autoEvaluate"] = !external;
        sys.erase("memberInitialization");
        sys["managedInitialization"] = init;
      }
      Json timeouts = Json::object();
      for (auto const& name : kTimeouts)
        if (auto it = sys.find(name.flat); it != sys.end()) {
          timeouts[name.nested] = *it;
          sys.erase(name.flat);
        }
      if (!timeouts.empty()) sys["timeouts"] = timeouts;
    }
  }
  if (auto members = document.find("members"); members != document.end() && members->is_object()) {
    for (auto& m : *members) {
      if (!m.is_object() || !m.contains("properties")) continue;
      Json& sys = m["properties"]["system"];
      if (sys.is_object() && sys.contains("initializationGroup")) {
        Json group = sys["initializationGroup"];  // copy first: inserting "group" may reallocate
        sys.erase("initializationGroup");
        sys["group"] = std::move(group);
      }
    }
  }
  return document;
}

}  // namespace xbl::emulator
