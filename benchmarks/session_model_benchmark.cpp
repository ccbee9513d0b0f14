// Typed session parse against a raw nlohmann::json parse of the same bytes (the baseline,
// measured in the same run), and the cost of rendering a typical join delta.
#include "xbl/multiplayer/multiplayer_session.h"
#include <benchmark/benchmark.h>
#include <chrono>
#include <ctime>
#include <string>

namespace mp = xbl::multiplayer;

namespace {

// A realistic 100-member session: every member active with a device token, measurements to
// three peers, custom properties, and session-level constants and properties.
std::string HundredMemberSession() {
  nlohmann::json doc = {
      {"contractVersion", 107},
      {"branch", "a3e6a1d4-7d1c-4d53-9b51-6c0f0b0c5a11"},
      {"changeNumber", 421},
      {"correlationId", "0FE81338-EE96-46E3-A3B5-2DBBD6C41C3B"},
      {"startTime", "2026-11-21T10:00:00.0000000Z"},
      {"nextTimer", "2026-11-21T10:05:00.0000000Z"},
      {"constants",
       {{"system",
         {{"version", 1},
          {"maxMembersCount", 100},
          {"visibility", "open"},
          {"reservedRemovalTimeout", 30000},
          {"inactiveRemovalTimeout", 0},
          {"readyRemovalTimeout", 180000},
          {"sessionEmptyTimeout", 0},
          {"capabilities", {{"connectivity", true}, {"gameplay", true}}},
          {"peerToPeerRequirements", {{"latencyMaximum", 250}, {"bandwidthMinimum", 10000}}}}},
        {"custom", {{"mode", "ctf"}, {"map", "dust"}}}}},
      {"properties",
       {{"system", {{"keywords", {"ctf", "ranked"}}, {"joinRestriction", "none"}, {"turn", {0}}}},
        {"custom", {{"round", 3}, {"score", {{"red", 10}, {"blue", 7}}}}}}},
  };
  auto& members = doc["members"];
  for (int i = 0; i < 100; ++i) {
    auto const token = "d" + std::to_string(100000 + i);
    nlohmann::json measurements = nlohmann::json::object();
    for (int p = 1; p <= 3; ++p) {
      measurements["d" + std::to_string(100000 + (i + p) % 100)] = {
          {"latency", 20 + p}, {"bandwidthDown", 20000}, {"bandwidthUp", 9000}};
    }
    members[std::to_string(i)] = {
        {"constants", {{"system", {{"xuid", std::to_string(2814600000000000LL + i)}, {"initialize", false}}},
                       {"custom", {{"team", i % 2 ? "red" : "blue"}}}}},
        {"properties", {{"system", {{"active", true}, {"secureDeviceAddress", "AAECAwQFBgcICQ=="},
                                    {"measurements", measurements}}},
                        {"custom", {{"loadout", {{"gun", "rail"}, {"perk", i}}}}}}},
        {"gamertag", "player" + std::to_string(i)},
        {"deviceToken", token},
        {"activeTitleId", "8397267"},
        {"joinTime", "2026-11-21T10:00:01.1234567Z"},
        {"next", i + 1},
    };
  }
  doc["membersInfo"] = {{"first", 0}, {"next", 100}, {"count", 100}, {"accepted", 100}};
  return doc.dump();
}

std::string const& Document() {
  static std::string const document = HundredMemberSession();
  return document;
}

void BM_RawNlohmannParse_100Members(benchmark::State& state) {
  for (auto _ : state) {
    auto parsed = nlohmann::json::parse(Document());
    benchmark::DoNotOptimize(parsed);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * Document().size()));
}
BENCHMARK(BM_RawNlohmannParse_100Members);

void BM_TypedSessionParse_100Members(benchmark::State& state) {
  for (auto _ : state) {
    auto session = mp::MultiplayerSession::Parse(Document(), "\"etag\"");
    if (!session.ok() || session->members().size() != 100) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(session);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * Document().size()));
}
BENCHMARK(BM_TypedSessionParse_100Members);

// Both parses in alternating blocks of 5, timed by this thread's CPU clock, so that load from
// other processes on a shared machine hits both sides alike; the counter is the ratio the target
// is about (typed CPU over DOM CPU). Run with repetitions to see its spread.
std::chrono::nanoseconds ThreadCpuNow() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

void BM_TypedOverDomInterleaved_100Members(benchmark::State& state) {
  constexpr int kBlock = 5;
  std::chrono::nanoseconds dom{0};
  std::chrono::nanoseconds typed{0};
  bool dom_first = true;
  for (auto _ : state) {
    for (int side = 0; side < 2; ++side) {
      auto const start = ThreadCpuNow();
      if ((side == 0) == dom_first) {
        for (int i = 0; i < kBlock; ++i) benchmark::DoNotOptimize(nlohmann::json::parse(Document()));
        dom += ThreadCpuNow() - start;
      } else {
        for (int i = 0; i < kBlock; ++i) {
          auto session = mp::MultiplayerSession::Parse(Document(), "\"etag\"");
          if (!session.ok()) state.SkipWithError("parse failed");
          benchmark::DoNotOptimize(session);
        }
        typed += ThreadCpuNow() - start;
      }
    }
    dom_first = !dom_first;
  }
  auto const per_parse = [&](std::chrono::nanoseconds total) {
    return static_cast<double>(total.count()) / 1000.0 / static_cast<double>(state.iterations() * kBlock);
  };
  state.counters["dom_us"] = per_parse(dom);
  state.counters["typed_us"] = per_parse(typed);
  state.counters["typed_over_dom"] = static_cast<double>(typed.count()) / static_cast<double>(dom.count());
}
BENCHMARK(BM_TypedOverDomInterleaved_100Members)->Unit(benchmark::kMillisecond);

// A typical join: xuid, initialize, custom constants and active.
mp::MultiplayerSession JoinedSession(benchmark::State& state) {
  mp::MultiplayerSession session(mp::SessionReference{"scid", "quick", "s1"}, "2814600000000001");
  mp::JoinOptions options;
  options.initialize = true;
  options.custom_constants = {{"team", "red"}};
  if (!session.Join(options).ok()) state.SkipWithError("join failed");
  return session;
}

void BM_JoinRequestBody(benchmark::State& state) {
  auto const session = JoinedSession(state);
  for (auto _ : state) {
    auto body = session.RequestBody();
    benchmark::DoNotOptimize(body);
  }
}
BENCHMARK(BM_JoinRequestBody);

void BM_JoinRequestBodyText(benchmark::State& state) {
  auto const session = JoinedSession(state);
  for (auto _ : state) {
    auto text = session.RequestBodyText();
    benchmark::DoNotOptimize(text);
  }
}
BENCHMARK(BM_JoinRequestBodyText);

}  // namespace

BENCHMARK_MAIN();
