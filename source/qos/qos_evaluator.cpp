#include "xbl/qos/qos_evaluator.h"
#include "core/ascii_case.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <set>

// Where protocol §3.11 is silent ([I] there), this evaluator decides as follows (the same choices as
// the local emulator, emulator/src/initialization.cpp):
// - A member that failed before measuring (its `failure` is set) keeps that code and is left out.
// - A member fails with `timeout` when it did not upload what the session needs: `measurements`
//   when some metric is in force (a set threshold, or a true `metrics` flag), `serverMeasurements`
//   with measurement servers. With neither needed, any member passes the upload check.
//   Timed-out members are left out of the rest.
// - Members on the same device (same device token) are not judged against each other.
// - A metric is required when its threshold is set (absent takes MPSD's default; `null` sets none).
//   A missing entry, a missing required metric, or a peer without a device token is `network`.
// - Peer to peer: for every ordered pair of the remaining members, a fails for its own entry about b.
// - Peer to host: a device is eligible when
//   every other remaining member's entry for it passes. Candidates are ordered by the worst value
//   over those members (highest latency ascending; lowest bandwidth descending; for `bandwidth` the
//   lower of down and up), ties by input order. A member that passes against no device fails with
//   the least severe of its per-device codes. With `host` set, only that device is judged and no
//   candidates are listed (a `host` naming no member judges nothing, as MPSD drops such a host).
//   Candidates are listed in episode 1 only (protocol §3.11).
// - `group` goes on a member whose group names a failed member or one no longer in the session
//   (neither an episode member nor in `other_member_indices`), and propagates until nothing
//   changes; `episode` goes on the passing members when fewer than `members_needed_to_start` passed.
namespace xbl::qos {
namespace {

namespace mp = xbl::multiplayer;
using Failure = mp::InitializationFailure;
using HostSelectionMetric = mp::HostSelectionMetric;

using internal::ToLower;

// Lower enumerator = more severe (the enum is declared in precedence order).
void Worsen(std::optional<Failure>& current, Failure candidate) {
  if (!current || static_cast<int>(candidate) < static_cast<int>(*current)) current = candidate;
}

template <typename T>
std::optional<double> Metric(std::optional<T> const& value) {
  if (!value) return std::nullopt;
  return static_cast<double>(*value);
}

struct Member {
  EvaluationMember const* in = nullptr;
  std::string token;  // lower-case
  std::map<std::string, mp::MemberMeasurement const*> entries;  // lower-case token -> entry
  bool uploaded = false;
  std::optional<Failure> failure;
};

mp::MemberMeasurement const* EntryFor(Member const& from, Member const& to) {
  auto it = from.entries.find(to.token);
  return it == from.entries.end() ? nullptr : it->second;
}

// One metric of an entry against its threshold. A set threshold makes the metric required, so a
// missing one is `network` (the entry or metric is missing for a required pair).
template <typename T>
void CheckMetric(std::optional<double> value, std::optional<T> const& threshold, bool is_maximum, Failure violated,
                 std::optional<Failure>& failure) {
  if (!threshold) return;
  if (!value) return Worsen(failure, Failure::kNetwork);
  auto const limit = static_cast<double>(*threshold);
  if (is_maximum ? *value > limit : *value < limit) Worsen(failure, violated);
}

std::optional<Failure> CheckPeer(mp::MemberMeasurement const* entry, mp::PeerToPeerRequirements const& r) {
  if (!entry) return Failure::kNetwork;
  std::optional<Failure> failure;
  CheckMetric(Metric(entry->latency_ms), r.latency_maximum_ms, true, Failure::kLatency, failure);
  CheckMetric(Metric(entry->bandwidth_down_kbps), r.bandwidth_minimum_kbps, false, Failure::kBandwidthDown, failure);
  CheckMetric(Metric(entry->bandwidth_up_kbps), r.bandwidth_minimum_kbps, false, Failure::kBandwidthUp, failure);
  return failure;
}

std::optional<Failure> CheckHost(mp::MemberMeasurement const* entry, mp::PeerToHostRequirements const& r) {
  if (!entry) return Failure::kNetwork;
  std::optional<Failure> failure;
  CheckMetric(Metric(entry->latency_ms), r.latency_maximum_ms, true, Failure::kLatency, failure);
  CheckMetric(Metric(entry->bandwidth_down_kbps), r.bandwidth_down_minimum_kbps, false, Failure::kBandwidthDown,
              failure);
  CheckMetric(Metric(entry->bandwidth_up_kbps), r.bandwidth_up_minimum_kbps, false, Failure::kBandwidthUp, failure);
  return failure;
}

// True when some threshold is set: then the metrics it needs must be measured and uploaded.
bool AnyInForce(std::optional<mp::PeerToPeerRequirements> const& r) {
  return r && (r->latency_maximum_ms || r->bandwidth_minimum_kbps);
}
bool AnyInForce(std::optional<mp::PeerToHostRequirements> const& r) {
  return r && (r->latency_maximum_ms || r->bandwidth_down_minimum_kbps || r->bandwidth_up_minimum_kbps);
}

// The value a candidate is ranked by: smaller is better. An unknown metric ranks by latency.
double RankValue(mp::MemberMeasurement const& entry, HostSelectionMetric metric) {
  auto latency = Metric(entry.latency_ms).value_or(0);
  auto down = Metric(entry.bandwidth_down_kbps).value_or(0);
  auto up = Metric(entry.bandwidth_up_kbps).value_or(0);
  switch (metric) {
    case HostSelectionMetric::kBandwidthDown: return -down;
    case HostSelectionMetric::kBandwidthUp: return -up;
    case HostSelectionMetric::kBandwidth: return -std::min(down, up);
    default: return latency;
  }
}

void EvaluatePeerToHost(std::vector<Member>& members, mp::PeerToHostRequirements const& r, std::string const& host,
                        int episode, EvaluationResult& result) {
  std::vector<Member*> judged;   // members still in the evaluation
  std::vector<Member*> devices;  // possible hosts
  for (auto& m : members) {
    if (m.failure) continue;
    judged.push_back(&m);
    if (!m.token.empty()) devices.push_back(&m);
  }
  auto host_token = ToLower(host);
  if (!host_token.empty()) {
    devices.erase(std::remove_if(devices.begin(), devices.end(), [&](Member* d) { return d->token != host_token; }),
                  devices.end());
  }
  std::vector<std::pair<double, Member*>> eligible;
  std::map<Member*, std::optional<Failure>> weakest;  // member -> least severe code over devices it fails
  std::map<Member*, bool> passes_some;
  for (Member* h : devices) {
    bool ok = true;
    double worst = -std::numeric_limits<double>::infinity();
    for (Member* m : judged) {
      if (m == h || (!m->token.empty() && m->token == h->token)) continue;  // its own device
      auto const* entry = EntryFor(*m, *h);
      if (auto f = CheckHost(entry, r)) {
        ok = false;
        auto& w = weakest[m];
        if (!w || static_cast<int>(*f) > static_cast<int>(*w)) w = *f;
      } else {
        passes_some[m] = true;
        worst = std::max(worst, RankValue(*entry, r.host_selection_metric));
      }
    }
    if (ok) {
      passes_some[h] = true;
      eligible.emplace_back(worst, h);
    }
  }
  for (auto const& [m, code] : weakest) {
    if (!passes_some[m] && code) Worsen(m->failure, *code);
  }
  if (!host_token.empty()) return;  // setting a host clears hostCandidates
  if (episode != 1) return;         // MPSD lists candidates after episode 1 only
  std::stable_sort(eligible.begin(), eligible.end(), [](auto const& a, auto const& b) { return a.first < b.first; });
  std::set<std::string> listed;  // each device once, however many members share it
  for (auto const& [rank, h] : eligible) {
    if (listed.insert(h->token).second) result.host_candidates.push_back(h->in->device_token);
  }
}

}  // namespace

EvaluationResult EvaluateInitialization(EvaluationInput const& input) {
  bool const needs_measurements = input.requires_measurements || AnyInForce(input.peer_to_peer) ||
                                  AnyInForce(input.peer_to_host);
  std::vector<Member> members(input.members.size());
  for (std::size_t i = 0; i < input.members.size(); ++i) {
    auto const& in = input.members[i];
    Member& m = members[i];
    m.in = &in;
    m.token = ToLower(in.device_token);
    bool has_measurements = in.measurements.has_value();
    bool has_server_measurements = in.server_measurements && !in.server_measurements->is_null();
    m.uploaded = (!needs_measurements || has_measurements) &&
                 (!input.requires_server_measurements || has_server_measurements);
    m.failure = in.failure;  // failed before measuring: keeps its code, not measured
    if (!m.failure && !m.uploaded) m.failure = Failure::kTimeout;
    if (in.measurements) {
      for (auto const& entry : *in.measurements) m.entries[ToLower(entry.device_token)] = &entry;
    }
  }
  EvaluationResult result;
  // Nothing to measure: MPSD skips the measuring stage, so no pair or host is judged.
  bool const measuring = needs_measurements || input.requires_server_measurements;
  if (measuring && input.peer_to_peer) {
    std::vector<std::optional<Failure>> found(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (members[i].failure) continue;
      for (std::size_t j = 0; j < members.size(); ++j) {
        Member const& b = members[j];
        if (i == j || b.failure || (!b.token.empty() && b.token == members[i].token)) continue;
        auto f = b.token.empty() ? std::optional<Failure>(Failure::kNetwork)
                                 : CheckPeer(EntryFor(members[i], b), *input.peer_to_peer);
        if (f) Worsen(found[i], *f);
      }
    }
    // Applied after the pass, so one member's failure does not drop it from the others' pairs.
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (found[i]) Worsen(members[i].failure, *found[i]);
    }
  }
  if (measuring && input.peer_to_host) EvaluatePeerToHost(members, *input.peer_to_host, input.host, input.episode, result);

  std::set<int> const in_session(input.other_member_indices.begin(), input.other_member_indices.end());
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& m : members) {
      if (m.failure) continue;
      for (int index : m.in->initialization_group) {
        if (index == m.in->member_index) continue;
        auto other = std::find_if(members.begin(), members.end(),
                                  [&](Member const& o) { return o.in->member_index == index; });
        bool const failed = other != members.end() && other->failure;
        bool const removed = other == members.end() && !in_session.count(index);
        if (failed || removed) {
          m.failure = Failure::kGroup;
          changed = true;
          break;
        }
      }
    }
  }
  if (input.members_needed_to_start) {
    auto passing = std::count_if(members.begin(), members.end(), [](Member const& m) { return !m.failure; });
    if (passing < *input.members_needed_to_start) {
      result.episode_succeeded = false;
      for (auto& m : members) {
        if (!m.failure) m.failure = Failure::kEpisode;
      }
    }
  }
  for (auto const& m : members) {
    result.members.push_back(MemberPrediction{m.in->member_index, m.in->device_token, m.failure});
  }
  return result;
}

}  // namespace xbl::qos
