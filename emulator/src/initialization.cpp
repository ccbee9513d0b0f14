#include "initialization.h"

#include "http_message.h"
#include "qos_metrics.h"
#include "session_document.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <vector>

namespace xbl::emulator {
namespace {

Json const& InitConfig(SessionRecord const& r) { return ObjectOrEmpty(SessionSystemConstants(r), "memberInitialization"); }
bool Managed(SessionRecord const& r) { return SessionSystemConstants(r).contains("memberInitialization"); }

std::int64_t ConfigInt(SessionRecord const& r, char const* key, std::int64_t fallback) {
  auto const& cfg = InitConfig(r);
  auto it = cfg.find(key);
  if (it == cfg.end()) return fallback;
  return AsInt(*it).value_or(fallback);
}

bool ExternalEvaluation(SessionRecord const& r) {
  auto const& cfg = InitConfig(r);
  auto it = cfg.find("externalEvaluation");
  return it != cfg.end() && it->is_boolean() && it->get<bool>();
}

// Measuring is skipped unless some metric is collected: the `metrics` constant, or by default
// what the QoS requirements need (protocol §3.11).
bool NeedsPeerMeasurements(SessionRecord const& r) { return EffectiveMetrics(SessionSystemConstants(r)).Any(); }
bool NeedsServerMeasurements(SessionRecord const& r) {
  return SessionSystemConstants(r).contains("measurementServerAddresses");
}

Json& Members(SessionRecord& r) { return r.doc["members"]; }

std::vector<std::string> EpisodeMembers(SessionRecord& r, std::int64_t episode) {
  std::vector<std::string> out;
  for (auto it = Members(r).begin(); it != Members(r).end(); ++it) {
    auto e = it.value().find("initializationEpisode");
    if (e != it.value().end() && AsInt(*e) == episode) out.push_back(it.key());
  }
  return out;
}

bool Failed(Json const& m) { return m.contains("initializationFailure"); }

void SetStage(SessionRecord& r, char const* stage, TimeMs now) {
  r.stage_start = now;
  r.doc["initializing"] = Json{{"stage", stage}, {"stageStartTime", FormatIso8601(now)}, {"episode", r.current_episode}};
}

// Failure codes in precedence order (protocol §3.11): a member keeps the strongest one.
int Rank(std::string const& code) {
  static char const* const kOrder[] = {"timeout", "latency", "bandwidthdown", "bandwidthup", "network", "group", "episode"};
  for (int i = 0; i < 7; ++i)
    if (code == kOrder[i]) return i;
  return 99;
}

void Fail(Json& member, std::string const& code) {
  if (!member.contains("initializationFailure") || Rank(code) < Rank(member["initializationFailure"].get<std::string>()))
    member["initializationFailure"] = code;
}

// Members whose initializationGroup lists a failed or removed member fail with "group".
void PropagateGroups(SessionRecord& r, std::vector<std::string> const& episode) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (auto const& index : episode) {
      if (!Members(r).contains(index)) continue;
      Json& m = Members(r)[index];
      if (Failed(m)) continue;
      auto const& group = ObjectOrEmpty(ObjectOrEmpty(m, "properties"), "system").value("initializationGroup", Json::array());
      for (auto const& g : group) {
        auto n = AsInt(g);
        if (!n) continue;
        std::string other = std::to_string(*n);
        if (!Members(r).contains(other) || Failed(Members(r)[other])) {
          Fail(m, "group");
          changed = true;
          break;
        }
      }
    }
  }
}

std::vector<std::string> Passing(SessionRecord& r, std::vector<std::string> const& episode) {
  std::vector<std::string> out;
  for (auto const& i : episode)
    if (Members(r).contains(i) && !Failed(Members(r)[i])) out.push_back(i);
  return out;
}

void Complete(SessionRecord& r) {
  for (auto const& i : EpisodeMembers(r, r.current_episode)) Members(r)[i].erase("initializationEpisode");
  r.doc.erase("initializing");
  r.last_episode = r.current_episode;
  r.current_episode = 0;
}

void FailEpisode(SessionRecord& r, TimeMs now) {
  auto episode = EpisodeMembers(r, r.current_episode);
  for (auto const& i : episode)
    if (!Failed(Members(r)[i])) Fail(Members(r)[i], "episode");
  if (r.current_episode == 1) {
    SetStage(r, "failed", now);  // "the session cannot be initialized": the stage stays
    return;
  }
  Complete(r);
}

// After joining or measuring: evaluating when the title decides, otherwise automatic evaluation.
void Evaluate(SessionRecord& r, TimeMs now) {
  auto episode = EpisodeMembers(r, r.current_episode);
  if (ExternalEvaluation(r)) {
    SetStage(r, "evaluating", now);
    return;
  }
  auto passing = Passing(r, episode);
  bool ok = r.current_episode == 1
                ? static_cast<std::int64_t>(passing.size()) >= ConfigInt(r, "membersNeededToStart", 1)
                : !passing.empty() || episode.empty();
  if (ok)
    Complete(r);
  else
    FailEpisode(r, now);
}

struct Metrics {
  bool present = false;
  std::optional<double> latency, down, up;
};

Metrics MeasurementTo(Json const& member, std::string const& token) {
  Metrics out;
  auto const& ms = ObjectOrEmpty(ObjectOrEmpty(ObjectOrEmpty(member, "properties"), "system"), "measurements");
  for (auto const& e : ms.items()) {
    if (ToLower(e.key()) != ToLower(token) || !e.value().is_object()) continue;
    out.present = true;
    auto num = [&](char const* k) -> std::optional<double> {
      auto it = e.value().find(k);
      if (it == e.value().end() || !it->is_number()) return std::nullopt;
      return it->get<double>();
    };
    out.latency = num("latency");
    out.down = num("bandwidthDown");
    out.up = num("bandwidthUp");
  }
  return out;
}

// The strongest failure code for one link against thresholds, or "" when it passes.
std::string LinkFailure(Metrics const& m, std::optional<double> latency_max, std::optional<double> down_min,
                        std::optional<double> up_min) {
  if (!m.present) return "network";
  std::string code;
  auto consider = [&](std::string const& c) {
    if (code.empty() || Rank(c) < Rank(code)) code = c;
  };
  if (latency_max) {
    if (!m.latency) consider("network");
    else if (*m.latency > *latency_max) consider("latency");
  }
  if (down_min) {
    if (!m.down) consider("network");
    else if (*m.down < *down_min) consider("bandwidthdown");
  }
  if (up_min) {
    if (!m.up) consider("network");
    else if (*m.up < *up_min) consider("bandwidthup");
  }
  return code;
}

std::optional<double> Req(Json const& obj, char const* key, double fallback) {
  auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  if (it->is_null()) return std::nullopt;
  return it->is_number() ? std::optional<double>(it->get<double>()) : std::optional<double>(fallback);
}

bool Uploaded(SessionRecord const& r, Json const& m) {
  auto const& sys = ObjectOrEmpty(ObjectOrEmpty(m, "properties"), "system");
  if (NeedsPeerMeasurements(r) && !sys.contains("measurements")) return false;
  if (NeedsServerMeasurements(r) && !sys.contains("serverMeasurements")) return false;
  return true;
}

void EndMeasuring(SessionRecord& r, TimeMs now) {
  auto episode = EpisodeMembers(r, r.current_episode);
  for (auto const& i : episode)
    if (!Failed(Members(r)[i]) && !Uploaded(r, Members(r)[i])) Fail(Members(r)[i], "timeout");
  auto const& sys = SessionSystemConstants(r);
  auto participants = Passing(r, episode);
  auto token = [&](std::string const& i) { return Members(r)[i].value("deviceToken", std::string()); };

  if (auto p2p = sys.find("peerToPeerRequirements"); p2p != sys.end() && p2p->is_object()) {
    auto lat = Req(*p2p, "latencyMaximum", 250);
    auto bw = Req(*p2p, "bandwidthMinimum", 10000);
    std::map<std::string, std::string> codes;
    for (auto const& a : participants)
      for (auto const& b : participants) {
        if (a == b || (!token(a).empty() && token(a) == token(b))) continue;  // one device: nothing to measure
        std::string code = token(b).empty() ? "network" : LinkFailure(MeasurementTo(Members(r)[a], token(b)), lat, bw, bw);
        if (!code.empty() && (codes[a].empty() || Rank(code) < Rank(codes[a]))) codes[a] = code;
      }
    for (auto const& c : codes)
      if (!c.second.empty()) Fail(Members(r)[c.first], c.second);
  }
  if (auto p2h = sys.find("peerToHostRequirements"); p2h != sys.end() && p2h->is_object()) {
    auto lat = Req(*p2h, "latencyMaximum", 250);
    auto down = Req(*p2h, "bandwidthDownMinimum", 100000);
    auto up = Req(*p2h, "bandwidthUpMinimum", 1000);
    std::string metric = ToLower(p2h->value("hostSelectionMetric", std::string("latency")));
    participants = Passing(r, episode);
    std::string const host = SessionSystemProperties(r).value("host", std::string());
    std::vector<std::string> hosts;  // candidate host members
    for (auto const& h : participants)
      if (!token(h).empty() && (host.empty() || ToLower(token(h)) == ToLower(host))) hosts.push_back(h);
    struct Candidate {
      std::string token;
      double score;
    };
    std::vector<Candidate> eligible;
    std::map<std::string, std::string> worst;  // member -> best (weakest) code over all candidates
    std::set<std::string> passes_some;
    for (auto const& h : hosts) {
      bool ok = true;
      double worst_latency = 0, worst_down = std::numeric_limits<double>::max(), worst_up = worst_down;
      for (auto const& m : participants) {
        if (m == h || token(m) == token(h)) continue;  // the host's own device (h has a token)
        Metrics link = MeasurementTo(Members(r)[m], token(h));
        std::string code = LinkFailure(link, lat, down, up);
        if (code.empty()) {
          passes_some.insert(m);
          worst_latency = std::max(worst_latency, link.latency.value_or(0));
          worst_down = std::min(worst_down, link.down.value_or(0));
          worst_up = std::min(worst_up, link.up.value_or(0));
        } else {
          ok = false;
          if (worst[m].empty() || Rank(code) > Rank(worst[m])) worst[m] = code;
        }
      }
      if (!ok) continue;
      passes_some.insert(h);
      double score = metric == "latency"         ? worst_latency
                     : metric == "bandwidthdown" ? -worst_down
                     : metric == "bandwidthup"   ? -worst_up
                                                 : -std::min(worst_down, worst_up);
      eligible.push_back({token(h), score});
    }
    for (auto const& w : worst)
      if (!passes_some.count(w.first) && !w.second.empty()) Fail(Members(r)[w.first], w.second);
    if (r.current_episode == 1 && host.empty()) {
      std::stable_sort(eligible.begin(), eligible.end(),
                       [](Candidate const& a, Candidate const& b) { return a.score < b.score; });
      Json list = Json::array();
      for (auto const& c : eligible) {
        bool const listed = std::any_of(list.begin(), list.end(), [&](Json const& t) { return ToLower(t.get<std::string>()) == ToLower(c.token); });
        if (!listed) list.push_back(c.token);  // each device once, however many members share it
      }
      r.doc["hostCandidates"] = list;
    }
  }
  // A copy: `sys` may dangle once hostCandidates was inserted into the document above.
  Json const server_addresses = SessionSystemConstants(r).value("measurementServerAddresses", Json());
  if (server_addresses.is_object() && HasCapability(r, "autoPopulateServerCandidates")) {
    // serverConnectionStringCandidates from serverMeasurements: servers every passing member
    // measured, best (lowest) worst-case latency first.
    std::vector<std::pair<double, std::string>> ranked;
    auto passing = Passing(r, episode);
    for (auto const& server : server_addresses.items()) {
      double worst = 0;
      bool all = !passing.empty();
      for (auto const& i : passing) {
        auto const& sm = ObjectOrEmpty(ObjectOrEmpty(ObjectOrEmpty(Members(r)[i], "properties"), "system"),
                                       "serverMeasurements");
        auto entry = sm.find(server.key());
        if (entry == sm.end() || !entry->is_object() || !entry->contains("latency") || !(*entry)["latency"].is_number()) {
          all = false;
          break;
        }
        worst = std::max(worst, (*entry)["latency"].get<double>());
      }
      if (all) ranked.emplace_back(worst, server.key());
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](auto const& a, auto const& b) { return a.first < b.first; });
    Json candidates = Json::array();
    for (auto const& c : ranked) candidates.push_back(c.second);
    SessionSystemProperties(r)["serverConnectionStringCandidates"] = candidates;
  }
  PropagateGroups(r, episode);
  Evaluate(r, now);
}

void EndJoining(SessionRecord& r, TimeMs now) {
  auto episode = EpisodeMembers(r, r.current_episode);
  for (auto const& i : episode)
    if (Members(r)[i].contains("reserved")) {
      Members(r).erase(i);  // reservations that never joined are removed, with no failure code
      r.member.erase(i);
    }
  episode = EpisodeMembers(r, r.current_episode);
  PropagateGroups(r, episode);
  if (r.current_episode == 1 &&
      static_cast<std::int64_t>(Passing(r, episode).size()) < ConfigInt(r, "membersNeededToStart", 1)) {
    FailEpisode(r, now);
    return;
  }
  if (NeedsPeerMeasurements(r) || NeedsServerMeasurements(r)) {
    SetStage(r, "measuring", now);
    return;
  }
  Evaluate(r, now);
}

std::string Stage(SessionRecord const& r) {
  return ObjectOrEmpty(r.doc, "initializing").value("stage", std::string());
}

}  // namespace

void OnMemberAdded(SessionRecord& record, std::string const& index, bool initialize, TimeMs /*now*/) {
  if (!Managed(record) || !initialize) return;
  bool const creating = record.doc.value("changeNumber", Json(0)) == 0 && record.last_episode == 0 &&
                        record.current_episode == 0;
  std::int64_t episode = creating                   ? 1
                         : record.current_episode   ? record.current_episode + 1
                                                    : std::max<std::int64_t>(record.last_episode, 1) + 1;
  Members(record)[index]["initializationEpisode"] = episode;
}


std::optional<Failure> OnInitializationDecision(SessionRecord& record, bool succeeded, TimeMs now) {
  if (Stage(record) != "evaluating")
    return BadRequest("initializationSucceeded can only be set while initializing/stage is evaluating.");
  if (succeeded)
    Complete(record);
  else
    FailEpisode(record, now);
  return std::nullopt;
}

void AdvanceInitialization(SessionRecord& record, TimeMs now) {
  if (!Managed(record)) return;
  for (int step = 0; step < 8; ++step) {
    if (record.current_episode == 0) {
      std::int64_t pending = 0;
      for (auto it = Members(record).begin(); it != Members(record).end(); ++it)
        if (auto e = it.value().find("initializationEpisode"); e != it.value().end())
          if (auto n = AsInt(*e); n && *n > record.last_episode && (pending == 0 || *n < pending)) pending = *n;
      if (pending == 0) {
        if (record.last_episode == 0) record.last_episode = 1;  // episode 1 skipped (membersNeededToStart 0)
        return;
      }
      record.current_episode = pending;
      SetStage(record, "joining", now);
      continue;
    }
    std::string stage = Stage(record);
    auto episode = EpisodeMembers(record, record.current_episode);
    if (stage == "joining") {
      bool all_joined = std::none_of(episode.begin(), episode.end(),
                                     [&](std::string const& i) { return Members(record)[i].contains("reserved"); });
      if (!all_joined) return;
      EndJoining(record, now);
      continue;
    }
    if (stage == "measuring") {
      auto passing = Passing(record, episode);
      bool all = std::all_of(passing.begin(), passing.end(),
                             [&](std::string const& i) { return Uploaded(record, Members(record)[i]); });
      if (!all) return;
      EndMeasuring(record, now);
      continue;
    }
    return;  // evaluating waits for a decision; failed stays
  }
}

std::optional<TimeMs> InitializationDeadline(SessionRecord const& record) {
  std::string stage = Stage(record);
  if (stage == "joining") return record.stage_start + ConfigInt(record, "joinTimeout", 10000);
  if (stage == "measuring") return record.stage_start + ConfigInt(record, "measurementTimeout", 30000);
  if (stage == "evaluating") return record.stage_start + ConfigInt(record, "evaluationTimeout", 5000);
  return std::nullopt;
}

bool ProcessInitializationTimers(SessionRecord& record, TimeMs now) {
  auto deadline = InitializationDeadline(record);
  if (!deadline || now < *deadline) return false;
  std::string stage = Stage(record);
  if (stage == "joining")
    EndJoining(record, *deadline);
  else if (stage == "measuring")
    EndMeasuring(record, *deadline);
  else
    FailEpisode(record, *deadline);  // no decision before evaluationTimeout counts as failure
  AdvanceInitialization(record, now);
  return true;
}

bool InRunningEpisode(SessionRecord const& record, std::string const& index) {
  if (record.current_episode == 0) return false;
  auto const& m = ObjectOrEmpty(ObjectOrEmpty(record.doc, "members"), index.c_str());
  auto e = m.find("initializationEpisode");
  return e != m.end() && AsInt(*e) == record.current_episode;
}

}  // namespace xbl::emulator
