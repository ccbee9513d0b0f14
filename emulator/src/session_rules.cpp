#include "session_rules.h"

#include "deprecated_constants.h"
#include "http_message.h"
#include "qos_metrics.h"
#include "session_document.h"

#include <set>

namespace xbl::emulator {
namespace {

bool IsTimeout(Json const& v) {
  if (v.is_null()) return true;
  auto i = AsInt(v);
  return i && *i >= 0;
}

bool IsStringArray(Json const& v) {
  if (!v.is_array()) return false;
  for (auto const& e : v)
    if (!e.is_string()) return false;
  return true;
}

bool Flag(Json const& obj, char const* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_boolean() && it->get<bool>();
}

std::optional<Failure> ValidateBag(Json const& value, std::string const& where) {
  if (!value.is_object()) return BadRequest(where + " must be an object.");
  for (auto const& item : value.items())
    if (item.key() != "system" && item.key() != "custom")
      return BadRequest(where + " may only contain 'system' and 'custom'; '" + item.key() + "' is prohibited.");
  for (char const* bag : {"system", "custom"}) {
    auto it = value.find(bag);
    if (it != value.end() && !it->is_object()) return BadRequest(where + "." + bag + " must be an object.");
  }
  return std::nullopt;
}

std::optional<Failure> ValidateMemberEntry(std::string const& key, Json const& value, bool reservation) {
  if (!value.is_object()) return BadRequest("members." + key + " must be an object or null.");
  for (auto const& item : value.items()) {
    std::string const& k = item.key();
    if (k == "constants") {
      if (auto f = ValidateBag(item.value(), "members." + key + ".constants")) return f;
    } else if (k == "properties") {
      if (reservation)
        return BadRequest("Member properties can only be set by the user to whom they belong; members." + key +
                          " cannot carry properties.");
      if (auto f = ValidateBag(item.value(), "members." + key + ".properties")) return f;
    } else if (k == "roles") {
      if (!item.value().is_object()) return BadRequest("members." + key + ".roles must be an object.");
    } else {
      return BadRequest("members." + key + "." + k + " is prohibited in a request.");
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Failure> ValidateRequestShape(Json const& request, Principal const& caller) {
  if (!request.is_object()) return BadRequest("The request body must be a JSON object.");
  for (auto const& item : request.items()) {
    std::string const& k = item.key();
    if (k == "constants" || k == "properties") {
      if (auto f = ValidateBag(item.value(), k)) return f;
    } else if (k == "members") {
      if (!item.value().is_object()) return BadRequest("members must be an object.");
    } else if (k == "servers") {
      if (!item.value().is_object()) return BadRequest("servers must be an object.");
    } else if (k == "roleTypes") {
      if (!item.value().is_object()) return BadRequest("roleTypes must be an object.");
    } else {
      return BadRequest("'" + k + "' is prohibited in a session request.");
    }
  }
  if (auto members = request.find("members"); members != request.end()) {
    std::set<std::int64_t> reserve_numbers;
    for (auto const& item : members->items()) {
      std::string const& k = item.key();
      if (k == "me") {
        if (!item.value().is_null())
          if (auto f = ValidateMemberEntry(k, item.value(), false)) return f;
      } else if (k.rfind("reserve_", 0) == 0) {
        std::string digits = k.substr(8);
        if (digits.empty() || digits.size() > 4 || digits.find_first_not_of("0123456789") != std::string::npos)
          return BadRequest("Invalid reservation key '" + k + "'.");
        reserve_numbers.insert(std::stoll(digits));
        if (item.value().is_null()) return BadRequest(k + " cannot be null.");
        if (auto f = ValidateMemberEntry(k, item.value(), true)) return f;
        auto const& sys = ObjectOrEmpty(ObjectOrEmpty(item.value(), "constants"), "system");
        auto xuid = sys.find("xuid");
        if (xuid == sys.end() || !(xuid->is_string() || xuid->is_number_unsigned()))
          return BadRequest(k + ".constants.system.xuid is required.");
      } else if (!k.empty() && k.size() < 10 && k.find_first_not_of("0123456789") == std::string::npos) {
        if (item.value().is_null()) continue;  // a removal: owners may too (checked in the merge)
        if (!caller.server) return Forbidden(kExistingMemberReferenceMessage);
        if (auto f = ValidateMemberEntry(k, item.value(), false)) return f;
      } else {
        return BadRequest("Invalid member key '" + k + "'.");
      }
    }
    std::int64_t expected = 0;
    for (auto n : reserve_numbers) {
      if (n != expected)
        return BadRequest("Reservation requests must start with reserve_0 and be numbered without gaps.");
      ++expected;
    }
  }
  if (auto servers = request.find("servers"); servers != request.end()) {
    if (!caller.server) return Forbidden("Writing servers requires a server principal.");
    for (auto const& item : servers->items())
      if (!item.value().is_null() && !item.value().is_object())
        return BadRequest("servers." + item.key() + " must be an object or null.");
  }
  return std::nullopt;
}

void ApplyConstantDefaults(Json& system, int contract) {
  bool const legacy = contract < 107;
  auto fill = [&](char const* key, Json value) {
    if (!system.contains(key)) system[key] = std::move(value);
  };
  fill("maxMembersCount", 100);
  fill("visibility", "open");
  if (legacy) {
    // 104/105 keep the nested timeouts object; it is rendered from these flattened fields.
    fill("reservedRemovalTimeout", 30000);
    fill("inactiveRemovalTimeout", 7200000);
  } else {
    fill("reservedRemovalTimeout", 30000);
    fill("inactiveRemovalTimeout", 0);
  }
  fill("readyRemovalTimeout", 180000);
  fill("sessionEmptyTimeout", 0);
  if (auto mi = system.find("memberInitialization"); mi != system.end() && mi->is_object()) {
    Json& init = *mi;
    if (!init.contains("joinTimeout")) init["joinTimeout"] = legacy ? 5000 : 10000;
    if (!init.contains("measurementTimeout")) init["measurementTimeout"] = legacy ? 5000 : 30000;
    if (!init.contains("externalEvaluation")) init["externalEvaluation"] = legacy;
    if (Flag(init, "externalEvaluation") && !init.contains("evaluationTimeout")) init["evaluationTimeout"] = 5000;
    if (!init.contains("membersNeededToStart")) init["membersNeededToStart"] = legacy ? 2 : 1;
  }
  ApplyArbitrationDefaults(system);
}

std::optional<Failure> ValidateSystemConstants(Json const& sys, Principal const& caller) {
  auto const caps_it = sys.find("capabilities");
  Json const caps = caps_it != sys.end() ? *caps_it : Json::object();
  if (!caps.is_object()) return BadRequest("capabilities must be an object.");
  for (auto const& c : caps.items())
    if (!c.value().is_boolean()) return BadRequest("capabilities." + c.key() + " must be a boolean.");
  bool const large = Flag(caps, "large");
  bool const connectivity = Flag(caps, "connectivity");

  if (auto v = sys.find("version"); v != sys.end() && !(AsInt(*v) && *AsInt(*v) >= 1))
    return BadRequest("constants.system.version must be a positive integer.");
  if (auto m = sys.find("maxMembersCount"); m != sys.end()) {
    auto n = AsInt(*m);
    std::int64_t const cap = large ? 10000 : 100;
    if (!n || *n < 1 || *n > cap)
      return BadRequest("maxMembersCount must be between 1 and " + std::to_string(cap) + ".");
  }
  if (auto v = sys.find("visibility"); v != sys.end()) {
    std::string vis = v->is_string() ? ToLower(v->get<std::string>()) : "";
    if (vis != "open" && vis != "visible" && vis != "private")
      return BadRequest("visibility must be open, visible or private.");
  }
  for (char const* t : {"reservedRemovalTimeout", "inactiveRemovalTimeout", "readyRemovalTimeout", "sessionEmptyTimeout"})
    if (auto v = sys.find(t); v != sys.end() && !IsTimeout(*v))
      return BadRequest(std::string(t) + " must be a non-negative number of milliseconds or null.");
  if (auto i = sys.find("initiators"); i != sys.end()) {
    if (!IsStringArray(*i)) return BadRequest("initiators must be an array of xuid strings.");
    bool listed = false;
    for (auto const& x : *i) listed = listed || x.get<std::string>() == caller.xuid;
    if (!listed && !caller.server)
      return Forbidden("The creator of a session with initiators must be listed in them or be a server.");
  }
  if (large) {
    for (char const* bad : {"connectivity", "autoPopulateServerCandidates", "userAuthorizationStyle", "team", "arbitration"})
      if (Flag(caps, bad)) return BadRequest(std::string("The ") + bad + " capability is not allowed on large sessions.");
    if (sys.contains("memberInitialization")) return BadRequest("memberInitialization is not allowed on large sessions.");
    if (sys.contains("measurementServerAddresses"))
      return BadRequest("measurementServerAddresses is not allowed on large sessions.");
  }
  if (Flag(caps, "broadcast") && !large) return BadRequest("The broadcast capability requires large.");
  if (Flag(caps, "team") && Flag(caps, "gameplay")) return BadRequest("team cannot be combined with gameplay.");
  if (Flag(caps, "arbitration") && !Flag(caps, "gameplay")) return BadRequest("arbitration requires gameplay.");
  if (Flag(caps, "searchable") && Flag(caps, "userAuthorizationStyle") && !Flag(caps, "hasOwners"))
    return BadRequest("searchable with userAuthorizationStyle requires hasOwners.");
  for (char const* needs : {"peerToPeerRequirements", "peerToHostRequirements", "metrics"})
    if (sys.contains(needs) && !connectivity)
      return BadRequest(std::string("A game session with QoS requires connectivity capability (") + needs + ").");
  if (sys.contains("ownershipPolicies") && !Flag(caps, "hasOwners"))
    return BadRequest("ownershipPolicies requires the hasOwners capability.");
  if (auto mi = sys.find("memberInitialization"); mi != sys.end()) {
    if (!mi->is_object()) return BadRequest("memberInitialization must be an object.");
    for (char const* t : {"joinTimeout", "measurementTimeout", "evaluationTimeout"})
      if (auto v = mi->find(t); v != mi->end() && !(AsInt(*v) && *AsInt(*v) >= 0))
        return BadRequest(std::string("memberInitialization.") + t + " must be a non-negative number.");
    if (auto e = mi->find("externalEvaluation"); e != mi->end() && !e->is_boolean())
      return BadRequest("memberInitialization.externalEvaluation must be a boolean.");
    if (mi->contains("evaluationTimeout") && !Flag(*mi, "externalEvaluation"))
      return BadRequest("evaluationTimeout can only be set if externalEvaluation is true.");
    if (auto n = mi->find("membersNeededToStart"); n != mi->end()) {
      auto v = AsInt(*n);
      auto max = AsInt(sys.value("maxMembersCount", Json(100)));
      if (!v || *v < 0 || (max && *v > *max))
        return BadRequest("membersNeededToStart must be between 0 and maxMembersCount.");
    }
  }
  if (auto p = sys.find("peerToPeerRequirements"); p != sys.end() && !p->is_object())
    return BadRequest("peerToPeerRequirements must be an object.");
  if (auto p = sys.find("peerToHostRequirements"); p != sys.end()) {
    if (!p->is_object()) return BadRequest("peerToHostRequirements must be an object.");
    if (auto m = p->find("hostSelectionMetric"); m != p->end()) {
      std::string metric = m->is_string() ? ToLower(m->get<std::string>()) : "";
      if (metric != "latency" && metric != "bandwidthup" && metric != "bandwidthdown" && metric != "bandwidth")
        return BadRequest("hostSelectionMetric must be latency, bandwidthup, bandwidthdown or bandwidth.");
    }
  }
  // Post-merge: the template's requirements and the request's metrics are checked together.
  if (auto f = ValidateMetrics(sys)) return f;
  if (auto f = ValidateDeprecatedConstants(sys)) return f;
  if (auto a = sys.find("measurementServerAddresses"); a != sys.end()) {
    if (!a->is_object()) return BadRequest("measurementServerAddresses must be an object.");
    for (auto const& e : a->items())
      if (e.key() != ToLower(e.key())) return BadRequest("measurementServerAddresses keys must be lower case.");
  }
  return std::nullopt;
}

std::optional<Failure> ValidateSystemProperties(SessionRecord const& record, Json const& changes) {
  bool const large = HasCapability(record, "large");
  std::string vis = ToLower(SessionSystemConstants(record).value("visibility", std::string("open")));
  for (auto const& item : changes.items()) {
    std::string const& k = item.key();
    Json const& v = item.value();
    if (v.is_null()) continue;
    if (k == "keywords") {
      if (!IsStringArray(v)) return BadRequest("keywords must be an array of strings.");
      if (vis == "private") return BadRequest("keywords cannot be set if the session's visibility is private.");
    } else if (k == "turn") {
      if (large) return BadRequest("turn cannot be set on large sessions.");
      if (!v.is_array()) return BadRequest("turn must be an array of member indices.");
      for (auto const& e : v)
        if (!AsInt(e) || *AsInt(e) < 0) return BadRequest("turn must be an array of member indices.");
    } else if (k == "joinRestriction" || k == "readRestriction") {
      std::string r = v.is_string() ? ToLower(v.get<std::string>()) : "";
      if (r != "none" && r != "local" && r != "followed") return BadRequest(k + " must be none, local or followed.");
      if (large && k == "joinRestriction" && r != "none")
        return BadRequest("On large sessions, none is the only valid joinRestriction.");
    } else if (k == "host") {
      if (large) return BadRequest("host cannot be set on large sessions.");
      if (!v.is_string()) return BadRequest("host must be a device token string.");
    } else if (k == "closed" || k == "locked" || k == "matchmakingResubmit" || k == "allocateCloudCompute" ||
               k == "initializationSucceeded") {
      if (!v.is_boolean()) return BadRequest(k + " must be a boolean.");
    } else if (k == "serverConnectionStringCandidates") {
      if (!IsStringArray(v)) return BadRequest(k + " must be an array of strings.");
    } else if (k == "matchmaking") {
      if (!v.is_object()) return BadRequest("matchmaking must be an object.");
      if (v.contains("clientResult") && !HasCapability(record, "clientMatchmaking"))
        return BadRequest("matchmaking.clientResult requires the clientMatchmaking capability.");
    } else if (k == "owners") {
      if (!v.is_array()) return BadRequest("owners must be an array of member indices.");
      for (auto const& o : v)
        if (!AsInt(o) || !ObjectOrEmpty(record.doc, "members").contains(std::to_string(*AsInt(o))))
          return BadRequest("owners must list indices of current members.");
    }
  }
  // readRestriction must be at least as accessible as joinRestriction (none > followed > local).
  auto rank = [](std::string const& r) { return r == "none" ? 0 : r == "followed" ? 1 : 2; };
  Json merged = ObjectOrEmpty(ObjectOrEmpty(record.doc, "properties"), "system");
  auto effective = [&](char const* field) {
    auto it = changes.find(field);
    if (it != changes.end()) return it->is_string() ? ToLower(it->get<std::string>()) : std::string("none");
    auto cur = merged.find(field);
    if (cur != merged.end() && cur->is_string()) return ToLower(cur->get<std::string>());
    return HasCapability(record, "userAuthorizationStyle") ? std::string("local") : std::string("none");
  };
  if (rank(effective("readRestriction")) > rank(effective("joinRestriction")))
    return BadRequest("readRestriction must be at least as accessible as joinRestriction.");
  return std::nullopt;
}

}  // namespace xbl::emulator
