#pragma once
#include "json.h"

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace xbl::emulator {

struct UpgradedSocket;

/// The admin event stream, `GET /_emulator/events`: server-sent events (`text/event-stream`) that
/// the explorer page listens to instead of polling. The HTTP front hands each such connection over
/// (so neither the header nor the idle timeout cuts it); from then on it only receives events:
/// `change` for every commit of the change feed, `request` for every logged MPSD request, `clock`
/// when the admin endpoint moves the clock and `reset` after an admin reset. A comment line goes
/// out every `kKeepAlive` so idle proxies and browsers keep the stream. At most `kMaxClients`
/// streams are open; one more is answered 503. A stream that falls `kMaxQueued` events behind is
/// closed (the page reconnects and reloads).
///
/// Threads: Publish may be called from any thread and never blocks on a socket; each stream's
/// writes run on its socket's executor. Shutdown closes every stream and refuses new ones.
class EventStream {
 public:
  static constexpr std::size_t kMaxClients = 16;
  static constexpr std::size_t kMaxQueued = 1024;
  static constexpr std::chrono::seconds kKeepAlive{15};

  EventStream();
  ~EventStream();
  EventStream(EventStream const&) = delete;
  EventStream& operator=(EventStream const&) = delete;

  /// Takes over a connection whose request asked for the stream; `hello` is sent first as a
  /// `hello` event.
  void Open(std::unique_ptr<UpgradedSocket> upgraded, Json const& hello);
  /// Sends `event: NAME` with `data` (one JSON line) to every open stream.
  void Publish(std::string const& name, Json const& data);
  std::size_t open_streams() const;
  void Shutdown();

  class Client;

 private:
  void Remove(int id);

  mutable std::mutex mutex_;
  std::map<int, std::shared_ptr<Client>> clients_;
  int next_id_ = 1;
  bool shut_down_ = false;
};

/// One `event: NAME\ndata: JSON\n\n` block (the JSON is one line: dump() never breaks lines).
std::string FormatServerSentEvent(std::string const& name, Json const& data);

}  // namespace xbl::emulator
