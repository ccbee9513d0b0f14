#include "rta_hub.h"

#include "http_message.h"
#include "ids.h"
#include "rta_socket.h"

#include <algorithm>

namespace xbl::emulator {
namespace {

constexpr char kMpsdResource[] = "https://sessiondirectory.xboxlive.com/connections";

// The MPSD resource in any case, with or without the trailing slash, and with any suffix after
// it (an old ConnectionId, which is ignored).
bool IsMpsdResource(std::string const& uri) {
  std::string lower = ToLower(uri);
  std::string base = kMpsdResource;
  return lower == base || lower.rfind(base + "/", 0) == 0;
}

char const* StatusName(int code) {
  switch (code) {
    case 1: return "UnknownResource";
    case 2: return "SubscriptionLimitReached";
    case 3: return "NoResourceData";
    case 1001: return "Throttled";
    case 1002: return "ServiceUnavailable";
    default: return "Error";
  }
}

}  // namespace

int RtaHub::Open(std::shared_ptr<RtaSocket> socket, std::string const& xuid, std::string const& subprotocol,
                 std::string response) {
  int number = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    number = next_number_++;
    Socket& s = sockets_[number];
    s.socket = socket;
    s.xuid = xuid;
    s.subprotocol = subprotocol;
    s.opened_at = clock_.Now();
  }
  RtaSocket const* self = socket.get();
  RtaSocketEvents events;
  events.on_text = [this, number, self](std::string const& text) { OnText(number, self, text); };
  events.on_end = [this, number, self] { OnEnd(number, self); };
  events.on_frame = [this, number](bool out, std::string const& text) { frames_.Append(number, out, text); };
  socket->Start(std::move(events), std::move(response));
  return number;
}

std::optional<int> RtaHub::TakeRefusal() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (refuse_count_ <= 0) return std::nullopt;
  --refuse_count_;
  return refuse_status_;
}

void RtaHub::SetRefusal(int count, int status) {
  std::lock_guard<std::mutex> lock(mutex_);
  refuse_count_ = count;
  refuse_status_ = status;
}

void RtaHub::SetSubscribeError(int count, int code) {
  std::lock_guard<std::mutex> lock(mutex_);
  subscribe_error_count_ = count;
  subscribe_error_code_ = code;
}

std::string RtaHub::MintIdLocked() {
  for (;;) {
    std::string id = NewGuid();
    if (!ids_.count(id)) return id;
  }
}

void RtaHub::OnText(int number, RtaSocket const* self, std::string const& text) {
  Json reply;
  int close_code = 0;
  std::string close_reason;
  std::shared_ptr<RtaSocket> socket;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = sockets_.find(number);
    if (it == sockets_.end() || it->second.socket.get() != self) return;
    Socket& s = it->second;
    socket = s.socket;
    Json message = Json::parse(text, nullptr, false);
    if (message.is_discarded()) {
      close_code = 1007, close_reason = "The message is not JSON.";
    } else if (!message.is_array()) {
      close_code = 1007, close_reason = "The message is not a JSON array.";
    } else if (message.empty() || !message[0].is_number_integer()) {
      close_code = 1007, close_reason = "Element 0 (the message type) must be an integer.";
    } else {
      std::int64_t type = message[0].get<std::int64_t>();
      if ((type == 1 || type == 2) && (message.size() < 2 || !message[1].is_number_integer())) {
        close_code = 1007, close_reason = "Element 1 (the sequence number) must be an integer.";
      } else if (type == 1) {
        Json const& seq = message[1];
        if (message.size() < 3 || !message[2].is_string()) {
          reply = Json::array({1, seq, 1, "UnknownResource: element 2 must be a resource URI string."});
        } else if (!IsMpsdResource(message[2].get<std::string>())) {
          reply = Json::array({1, seq, 1, "UnknownResource: " + message[2].get<std::string>()});
        } else if (s.sub_id != 0) {
          reply = Json::array({1, seq, 0, s.sub_id, Json{{"ConnectionId", s.connection_id}}});
        } else if (subscribe_error_count_ > 0) {
          --subscribe_error_count_;
          reply = Json::array({1, seq, subscribe_error_code_, StatusName(subscribe_error_code_)});
        } else {
          s.connection_id = MintIdLocked();
          s.sub_id = s.next_sub_id++;
          IssuedId& issued = ids_[s.connection_id];
          issued.xuid = s.xuid;
          issued.socket = number;
          reply = Json::array({1, seq, 0, s.sub_id, Json{{"ConnectionId", s.connection_id}}});
        }
      } else if (type == 2) {
        Json const& seq = message[1];
        bool standing = message.size() >= 3 && message[2].is_number_integer() && s.sub_id != 0 &&
                        message[2].get<std::int64_t>() == s.sub_id;
        if (standing) RetireLocked(s, clock_.Now());  // retired before the reply goes out
        reply = Json::array({2, seq, standing ? 0 : 1});
      }
      // Any other type is ignored and the socket stays open.
    }
  }
  if (close_code != 0) return socket->Close(close_code, close_reason);
  if (!reply.is_null()) socket->Send(reply.dump());
}

void RtaHub::OnEnd(int number, RtaSocket const* self) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sockets_.find(number);
  if (it == sockets_.end() || it->second.socket.get() != self) return;
  RetireLocked(it->second, clock_.Now());
  sockets_.erase(it);
}

void RtaHub::RetireLocked(Socket& socket, TimeMs at) {
  if (socket.connection_id.empty()) return;
  IssuedId& issued = ids_[socket.connection_id];
  issued.live = false;
  issued.retired_at = at;
  issued.grace_ends = at + settings_.grace_ms;
  issued.grace_pending = true;
  socket.connection_id.clear();
  socket.sub_id = 0;
}

RtaHub::IdState RtaHub::StateOf(std::string const& connection_id, std::string* xuid) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = ids_.find(ToLower(connection_id));
  if (it == ids_.end()) return IdState::kNeverIssued;
  if (xuid) *xuid = it->second.xuid;
  return it->second.live ? IdState::kLive : IdState::kRetired;
}

void RtaHub::DeliverTaps(std::vector<PendingTap> const& taps) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Each socket's Event is built as text by splicing its taps' texts: no JSON tree and no copy
  // of a tap per socket, and one serialization per Event.
  std::map<int, std::string> by_socket;
  for (auto const& t : taps) {
    auto id = ids_.find(t.connection_id);
    if (id == ids_.end() || !id->second.live || id->second.xuid != t.xuid) continue;
    std::string& list = by_socket[id->second.socket];
    if (!list.empty()) list += ',';
    list += t.tap;
  }
  for (auto& entry : by_socket) {
    auto s = sockets_.find(entry.first);
    if (s == sockets_.end() || s->second.sub_id == 0) continue;
    std::string event;
    event.reserve(entry.second.size() + 80);
    event += "[3,";
    event += std::to_string(s->second.sub_id);
    event += ",{\"ncid\":\"";
    event += NewGuid();
    event += "\",\"shoulderTaps\":[";
    event += entry.second;
    event += "]}]";
    s->second.socket->Send(event);
  }
}

std::optional<TimeMs> RtaHub::NextDeadline() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::optional<TimeMs> next;
  auto consider = [&](TimeMs t) {
    if (!next || t < *next) next = t;
  };
  for (auto const& s : sockets_) consider(s.second.opened_at + settings_.max_age_ms);
  for (auto const& id : ids_)
    if (id.second.grace_pending) consider(id.second.grace_ends);
  return next;
}

std::vector<std::string> RtaHub::TakeDue(TimeMs now) {
  std::vector<std::shared_ptr<RtaSocket>> too_old;
  std::vector<std::pair<TimeMs, std::string>> due;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = sockets_.begin(); it != sockets_.end();) {
      TimeMs limit = it->second.opened_at + settings_.max_age_ms;
      if (limit > now) {
        ++it;
        continue;
      }
      RetireLocked(it->second, limit);
      too_old.push_back(it->second.socket);
      it = sockets_.erase(it);
    }
    for (auto& id : ids_) {
      if (!id.second.grace_pending || id.second.grace_ends > now) continue;
      id.second.grace_pending = false;
      due.emplace_back(id.second.grace_ends, id.first);
    }
  }
  for (auto& s : too_old) s->Drop();
  std::stable_sort(due.begin(), due.end(), [](auto const& a, auto const& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& d : due) out.push_back(d.second);
  return out;
}

RtaSettings RtaHub::settings() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return settings_;
}

void RtaHub::Configure(RtaSettings settings) {
  std::lock_guard<std::mutex> lock(mutex_);
  settings_ = settings;
}

std::optional<int> RtaHub::ResolveKey(std::string const& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!key.empty() && key.size() < 10 && key.find_first_not_of("0123456789") == std::string::npos) {
    int number = std::stoi(key);
    if (sockets_.count(number)) return number;
    return std::nullopt;
  }
  std::string lower = ToLower(key);
  for (auto const& s : sockets_)
    if (!s.second.connection_id.empty() && s.second.connection_id == lower) return s.first;
  return std::nullopt;
}

std::shared_ptr<RtaSocket> RtaHub::RetireAndRemove(int number) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sockets_.find(number);
  if (it == sockets_.end()) return nullptr;
  RetireLocked(it->second, clock_.Now());
  auto socket = it->second.socket;
  sockets_.erase(it);
  return socket;
}

bool RtaHub::Drop(int number) {
  // Retired before the socket is touched, so a hook's 200 follows the retirement.
  auto socket = RetireAndRemove(number);
  if (!socket) return false;
  socket->Drop();
  return true;
}

bool RtaHub::Close(int number, int code, std::string const& reason) {
  auto socket = RetireAndRemove(number);
  if (!socket) return false;
  socket->Close(code, reason);
  return true;
}

bool RtaHub::SetDeaf(int number, bool deaf) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sockets_.find(number);
  if (it == sockets_.end()) return false;
  it->second.socket->SetDeaf(deaf);
  return true;
}

bool RtaHub::SendText(int number, std::string const& text, bool verbatim) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sockets_.find(number);
  if (it == sockets_.end()) return false;
  if (verbatim)
    it->second.socket->SendVerbatim(text);
  else
    it->second.socket->Send(text);
  return true;
}

Json RtaHub::Describe(std::function<Json(std::string const&)> const& sessions_of) const {
  std::lock_guard<std::mutex> lock(mutex_);
  Json connections = Json::array();
  for (auto const& entry : sockets_) {
    Socket const& s = entry.second;
    connections.push_back(Json{
        {"socket", entry.first},
        {"xuid", s.xuid},
        {"connectionId", s.connection_id.empty() ? Json() : Json(s.connection_id)},
        {"subId", s.sub_id == 0 ? Json() : Json(s.sub_id)},
        {"subprotocol", s.subprotocol.empty() ? Json() : Json(s.subprotocol)},
        {"state", s.socket->deaf() ? "deaf" : "open"},
        {"openedAt", FormatIso8601(s.opened_at)},
        {"sessions", s.connection_id.empty() ? Json::array() : sessions_of(s.connection_id)}});
  }
  Json retired = Json::array();
  for (auto const& id : ids_) {
    if (!id.second.grace_pending) continue;
    retired.push_back(Json{{"connectionId", id.first},
                           {"xuid", id.second.xuid},
                           {"retiredAt", FormatIso8601(id.second.retired_at)},
                           {"graceEndsAt", FormatIso8601(id.second.grace_ends)}});
  }
  return Json{{"connections", connections}, {"retired", retired}};
}

void RtaHub::Reset() {
  std::map<int, Socket> dropped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    dropped.swap(sockets_);
    ids_.clear();
    settings_ = startup_;
    next_number_ = 1;
    refuse_count_ = 0;
    subscribe_error_count_ = 0;
  }
  frames_.Clear();
  for (auto& s : dropped) s.second.socket->Drop();
}

void RtaHub::Shutdown() {
  std::map<int, Socket> released;
  std::lock_guard<std::mutex> lock(mutex_);
  released.swap(sockets_);
}

}  // namespace xbl::emulator
