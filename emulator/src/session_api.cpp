#include "session_api.h"

#include "commit_point.h"
#include "contract_rendering.h"
#include "rta_binding.h"
#include "handle_api.h"
#include "ids.h"
#include "ownership_roles.h"
#include "session_access.h"
#include "session_document.h"
#include "session_merge.h"
#include "session_rules.h"
#include "session_timers.h"

namespace xbl::emulator {
namespace {

std::string StripEtag(std::string value) {
  auto trim = [](std::string s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
    return s;
  };
  value = trim(value);
  if (value.rfind("W/", 0) == 0) value = value.substr(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  return value;
}

bool EtagMatches(std::string const& header, std::string const& etag) {
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    std::string candidate = StripEtag(header.substr(start, end - start));
    if (candidate == "*" || candidate == StripEtag(etag)) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

SessionRecord* LoadSession(ServiceState& state, std::string const& key, TimeMs now, CommitCause const& cause) {
  SessionRecord* record = state.sessions.Find(key);
  if (!record) return nullptr;
  // Reads vastly outnumber timer expiries: copy the document only when a timer is due.
  auto next = NextTimer(*record);
  Json before = next && *next <= now ? record->doc : Json();
  TimerOutcome outcome = ProcessTimers(*record, now);
  if (outcome.delete_session) {
    CommitDeletion(state, key, cause);
    return nullptr;
  }
  if (outcome.changed)
    CommitSession(state, *record, before.is_null() ? record->doc : before, cause);
  return record;
}

namespace {

CommitCause TimerCause(CallContext const& ctx) { return RequestCause(*ctx.request, ctx.caller, "timer"); }

bool EmptyAndExpiring(SessionRecord const& record) {
  if (MemberCount(record) != 0) return false;
  auto t = TimeoutMs(record, "sessionEmptyTimeout");
  return t && *t == 0;
}

HttpResponse FailureResponse(Failure const& f, SessionRecord const* current, CallContext const& ctx, TimeMs now) {
  if (f.with_session && current) return SessionResponse(f.status, *current, ctx, now);
  return TextResponse(f.status, f.message);
}

bool ValidName(std::string const& name) { return !name.empty() && name.size() <= 100; }

}  // namespace

HttpResponse SessionResponse(int status, SessionRecord const& record, CallContext const& ctx, TimeMs now) {
  if (!record.large && ctx.contract >= 107) {
    // Fast path: the cached rendering (rebuilt after each commit).
    if (record.rendered.empty()) record.rendered = RenderForContract(record.doc, 107).dump();
    HttpResponse r = JsonResponse(status, record.rendered);
    r.SetHeader("ETag", record.etag);
    if (auto next = record.doc.find("nextTimer"); next != record.doc.end()) {
      TimeMs t = 0;
      if (ParseIso8601(next->get<std::string>(), t)) r.SetHeader("Expires", FormatHttpDate(t));
    }
    r.SetHeader("Date", FormatHttpDate(now));
    return r;
  }
  Json doc = record.doc;
  if (record.large) {
    // Large sessions: only the caller's own record, as "me" (protocol §3.14).
    Json members = Json::object();
    std::string index = FindMemberByXuid(record, ctx.caller.xuid);
    if (!index.empty()) members["me"] = record.doc["members"][index];
    doc["members"] = members;
  }
  doc = RenderForContract(std::move(doc), ctx.contract);
  HttpResponse r = JsonResponse(status, doc.dump());
  r.SetHeader("ETag", record.etag);
  if (auto next = record.doc.find("nextTimer"); next != record.doc.end()) {
    TimeMs t = 0;
    if (ParseIso8601(next->get<std::string>(), t)) r.SetHeader("Expires", FormatHttpDate(t));
  }
  r.SetHeader("Date", FormatHttpDate(now));
  return r;
}

void SessionApi::PruneHandles(std::string const& key) {
  state_.sessions.WithLock([&](SessionStore& store) { PruneActivityHandles(state_.handles, key, store.Find(key)); });
}

std::optional<HttpResponse> SessionApi::CheckTemplate(SessionRef const& ref) {
  if (!state_.templates.HasScid(ref.scid)) return TextResponse(404, kUnknownScidMessage);
  if (!state_.templates.Exists(ref.scid, ref.template_name))
    return TextResponse(404, "The requested session template '" + ref.template_name + "' was not found.");
  if (!ValidName(ref.name)) return TextResponse(400, "Session names must be 1 to 100 characters.");
  return std::nullopt;
}

HttpResponse SessionApi::Get(SessionRef const& ref, CallContext const& ctx, std::string const& content_location) {
  if (auto bad = CheckTemplate(ref)) return *bad;
  TimeMs now = state_.clock.Now();
  std::string key = SessionKey(ref.scid, ref.template_name, ref.name);
  HttpResponse response = state_.sessions.WithLock([&](SessionStore&) {
    SessionRecord* record = LoadSession(state_, key, now, TimerCause(ctx));
    if (!record) return EmptyResponse(204);
    if (auto f = CheckRead(*record, ctx.caller, state_.social)) return TextResponse(f->status, f->message);
    std::string inm = ctx.request->Header("if-none-match");
    if (!inm.empty() && EtagMatches(inm, record->etag) && StripEtag(inm) != "*") {
      HttpResponse r = EmptyResponse(304);
      r.SetHeader("ETag", record->etag);
      return r;
    }
    HttpResponse r = SessionResponse(200, *record, ctx, now);
    if (!content_location.empty()) r.SetHeader("Content-Location", content_location);
    return r;
  });
  PruneHandles(key);
  return response;
}

HttpResponse SessionApi::GetElement(SessionRef const& ref, CallContext const& ctx, std::string const& kind,
                                    std::string const& key) {
  if (auto bad = CheckTemplate(ref)) return *bad;
  TimeMs now = state_.clock.Now();
  std::string session_key = SessionKey(ref.scid, ref.template_name, ref.name);
  HttpResponse response = state_.sessions.WithLock([&](SessionStore&) -> HttpResponse {
    SessionRecord* record = LoadSession(state_, session_key, now, TimerCause(ctx));
    if (!record) return TextResponse(404, kSessionNotFoundMessage);
    if (auto f = CheckRead(*record, ctx.caller, state_.social)) return TextResponse(f->status, f->message);
    Json element;
    if (kind == "properties") {
      element = record->doc.value("properties", Json::object());
    } else if (kind == "servers") {
      element = ObjectOrEmpty(ObjectOrEmpty(record->doc, "servers"), key.c_str());
      if (element.empty()) return EmptyResponse(204);
    } else {
      std::string index = ToLower(key) == "me" ? FindMemberByXuid(*record, ctx.caller.xuid) : key;
      if (record->large && ToLower(key) != "me") return TextResponse(409, "Large sessions only expose the caller's member.");
      element = index.empty() ? Json() : ObjectOrEmpty(ObjectOrEmpty(record->doc, "members"), index.c_str());
      if (element.is_null() || element.empty()) return EmptyResponse(204);
    }
    HttpResponse r = JsonResponse(200, element.dump());
    r.SetHeader("ETag", record->etag);
    return r;
  });
  PruneHandles(session_key);
  return response;
}

HttpResponse SessionApi::Put(SessionRef const& ref, CallContext const& ctx, PutMode const& mode) {
  if (auto bad = CheckTemplate(ref)) return *bad;
  auto body = ParseJson(ctx.request->body.empty() ? std::string("{}") : ctx.request->body);
  if (!body) return TextResponse(400, "The request body is not valid JSON (or nests deeper than " + std::to_string(kMaxJsonDepth) + " levels).");
  if (!body->is_object()) return TextResponse(400, "The request body must be a JSON object.");
  Json request = *body;
  if (mode.properties_only) request = Json{{"properties", *body}};
  if (ctx.contract < 107) request = UpgradeToContract107(std::move(request));
  if (auto f = ValidateRequestShape(request, ctx.caller)) return TextResponse(f->status, f->message);
  bool const nocommit = ParseQuery(ctx.request->query)["nocommit"] == "true";
  TimeMs now = state_.clock.Now();
  SessionTemplate tmpl = *state_.templates.Find(ref.scid, ref.template_name);
  std::string key = SessionKey(ref.scid, ref.template_name, ref.name);
  std::string if_match = ctx.request->Header("if-match");
  std::string if_none_match = ctx.request->Header("if-none-match");

  HttpResponse response = state_.sessions.WithLock([&](SessionStore& store) -> HttpResponse {
    SessionRecord* record = LoadSession(state_, key, now, TimerCause(ctx));
    if (!if_none_match.empty() && StripEtag(if_none_match) == "*" && record) return EmptyResponse(412);
    if (!if_match.empty()) {
      if (!record) return EmptyResponse(412);
      if (!EtagMatches(if_match, record->etag)) return SessionResponse(412, *record, ctx, now);
    }
    if (mode.properties_only && !record) return TextResponse(404, kSessionNotFoundMessage);

    WriteContext wctx;
    wctx.caller = ctx.caller;
    wctx.now = now;
    wctx.social = &state_.social;
    wctx.contract = ctx.contract;
    wctx.via_handle = mode.via_handle;

    if (!record) {
      wctx.creating = true;
      auto created = CreateSessionRecord(tmpl, ref.name, request, wctx, store.Tombstone(key));
      if (auto* f = std::get_if<Failure>(&created)) return TextResponse(f->status, f->message);
      SessionRecord fresh = std::move(std::get<SessionRecord>(created));
      auto const& init = ObjectOrEmpty(SessionSystemConstants(fresh), "memberInitialization");
      if (SessionSystemConstants(fresh).contains("memberInitialization")) {
        std::int64_t needed = AsInt(init.value("membersNeededToStart", Json(1))).value_or(1);
        if (CountInitializeMembers(request) < needed)
          return TextResponse(400, "This session is configured for managed initialization requiring at least " +
                                       std::to_string(needed) + " members to start.");
      }
      if (auto f = ApplyWrite(fresh, request, wctx)) return TextResponse(f->status, f->message);
      if (EmptyAndExpiring(fresh)) return EmptyResponse(204);  // a create with no members is not created
      if (auto f = CheckRtaBinding(state_, store, key, nullptr, fresh, request, ctx.caller)) return TextResponse(f->status, f->message);
      if (nocommit)
        StampCommit(fresh);
      else
        CommitSession(state_, fresh, Json(), RequestCause(*ctx.request, ctx.caller));
      HttpResponse r = SessionResponse(201, fresh, ctx, now);
      if (!nocommit) store.Put(key, std::move(fresh));
      return r;
    }

    if (mode.read_only_handle) {
      auto f = Failure{403, "An invite handle to a closed session grants read-only access.", true};
      return FailureResponse(f, record, ctx, now);
    }
    SessionRecord copy = *record;
    if (auto f = ApplyWrite(copy, request, wctx)) {
      // A 403 JSON answer only goes to callers who may read the session (protocol §1.3).
      if (f->with_session && CheckRead(*record, ctx.caller, state_.social)) f->with_session = false;
      return FailureResponse(*f, record, ctx, now);
    }
    if (EmptyAndExpiring(copy)) {
      if (!nocommit) CommitDeletion(state_, key, RequestCause(*ctx.request, ctx.caller));
      return EmptyResponse(204);
    }
    if (auto f = CheckRtaBinding(state_, store, key, record, copy, request, ctx.caller)) return TextResponse(f->status, f->message);
    if (nocommit)
      StampCommit(copy);
    else
      CommitSession(state_, copy, record->doc, RequestCause(*ctx.request, ctx.caller));
    HttpResponse r = SessionResponse(200, copy, ctx, now);
    if (!nocommit) *record = std::move(copy);
    return r;
  });
  PruneHandles(key);
  if (!mode.content_location.empty() && (response.status == 200 || response.status == 201 || response.status == 403))
    response.SetHeader("Content-Location", mode.content_location);
  return response;
}

HttpResponse SessionApi::DeleteMe(SessionRef const& ref, CallContext const& ctx) {
  if (!ctx.caller.has_user()) return TextResponse(403, "DELETE members/me requires a xuid user claim.");
  if (auto bad = CheckTemplate(ref)) return *bad;
  TimeMs now = state_.clock.Now();
  std::string key = SessionKey(ref.scid, ref.template_name, ref.name);
  std::string if_match = ctx.request->Header("if-match");
  HttpResponse response = state_.sessions.WithLock([&](SessionStore&) -> HttpResponse {
    SessionRecord* record = LoadSession(state_, key, now, TimerCause(ctx));
    if (!record) return TextResponse(404, kSessionNotFoundMessage);
    if (!if_match.empty() && !EtagMatches(if_match, record->etag)) return SessionResponse(412, *record, ctx, now);
    std::string index = FindMemberByXuid(*record, ctx.caller.xuid);
    if (index.empty()) return EmptyResponse(204);
    SessionRecord copy = *record;
    WriteContext wctx;
    wctx.caller = ctx.caller;
    wctx.now = now;
    wctx.social = &state_.social;
    wctx.contract = ctx.contract;
    if (auto f = ApplyWrite(copy, Json{{"members", {{"me", nullptr}}}}, wctx))
      return FailureResponse(*f, record, ctx, now);
    if (EmptyAndExpiring(copy)) {
      CommitDeletion(state_, key, RequestCause(*ctx.request, ctx.caller));
      return EmptyResponse(204);
    }
    CommitSession(state_, copy, record->doc, RequestCause(*ctx.request, ctx.caller));
    *record = std::move(copy);
    return SessionResponse(200, *record, ctx, now);
  });
  PruneHandles(key);
  return response;
}

HttpResponse SessionApi::DeleteMember(SessionRef const& ref, CallContext const& ctx, std::string const& index) {
  if (auto bad = CheckTemplate(ref)) return *bad;
  TimeMs now = state_.clock.Now();
  std::string key = SessionKey(ref.scid, ref.template_name, ref.name);
  std::string if_match = ctx.request->Header("if-match");
  HttpResponse response = state_.sessions.WithLock([&](SessionStore&) -> HttpResponse {
    SessionRecord* record = LoadSession(state_, key, now, TimerCause(ctx));
    if (!record) return TextResponse(404, kSessionNotFoundMessage);
    if (!if_match.empty() && !EtagMatches(if_match, record->etag)) return SessionResponse(412, *record, ctx, now);
    bool const self = !ctx.caller.xuid.empty() && FindMemberByXuid(*record, ctx.caller.xuid) == index;
    if (!self && !MayRemoveOtherMembers(*record, ctx.caller))
      return TextResponse(403, "Removing another member requires a server principal, or a session owner on a "
                               "session with the hasOwners capability.");
    if (record->large && !self) return TextResponse(409, "Members cannot be removed from a large session.");
    if (!ObjectOrEmpty(record->doc, "members").contains(index)) return EmptyResponse(204);
    SessionRecord copy = *record;
    WriteContext wctx;
    wctx.caller = ctx.caller;
    wctx.now = now;
    wctx.social = &state_.social;
    wctx.contract = ctx.contract;
    Json request = self && !ctx.caller.server ? Json{{"members", {{"me", nullptr}}}} : Json{{"members", {{index, nullptr}}}};
    if (auto f = ApplyWrite(copy, request, wctx)) return FailureResponse(*f, record, ctx, now);
    if (EmptyAndExpiring(copy)) {
      CommitDeletion(state_, key, RequestCause(*ctx.request, ctx.caller));
      return EmptyResponse(204);
    }
    CommitSession(state_, copy, record->doc, RequestCause(*ctx.request, ctx.caller));
    *record = std::move(copy);
    return SessionResponse(200, *record, ctx, now);
  });
  PruneHandles(key);
  return response;
}

HttpResponse SessionApi::DeleteServer(SessionRef const& ref, CallContext const& ctx, std::string const& server) {
  if (auto bad = CheckTemplate(ref)) return *bad;
  if (!ctx.caller.server) return TextResponse(403, "Removing a server requires a server principal.");
  TimeMs now = state_.clock.Now();
  std::string key = SessionKey(ref.scid, ref.template_name, ref.name);
  std::string if_match = ctx.request->Header("if-match");
  return state_.sessions.WithLock([&](SessionStore&) -> HttpResponse {
    SessionRecord* record = LoadSession(state_, key, now, TimerCause(ctx));
    if (!record) return TextResponse(404, kSessionNotFoundMessage);
    if (!if_match.empty() && !EtagMatches(if_match, record->etag)) return SessionResponse(412, *record, ctx, now);
    if (!ObjectOrEmpty(record->doc, "servers").contains(server)) return EmptyResponse(204);
    Json before = record->doc;
    record->doc["servers"].erase(server);
    if (record->doc["servers"].empty()) record->doc.erase("servers");
    CommitSession(state_, *record, before, RequestCause(*ctx.request, ctx.caller));
    return SessionResponse(200, *record, ctx, now);
  });
}

}  // namespace xbl::emulator
