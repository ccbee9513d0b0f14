#include "emulator.h"

#include "rta_taps.h"
#include "rta_upgrade.h"
#include "session_admin_api.h"
#include "upgraded_socket.h"

namespace xbl::emulator {

Emulator::Emulator(EmulatorOptions options, std::ostream* log_stream)
    : options_(std::move(options)),
      state_(std::make_unique<ServiceState>(options_)),
      router_(std::make_unique<Router>(*state_, options_.log_requests, log_stream)) {
  // Taps read the change feed, which is flushed each time the store lock is released.
  state_->feed.Subscribe([hub = &state_->rta](ChangeEntry const& entry) { PublishTaps(*hub, entry); });
  state_->feed.Subscribe([history = &state_->history](ChangeEntry const& entry) { history->Record(entry); });
  state_->feed.Subscribe(
      [events = &state_->events](ChangeEntry const& entry) { events->Publish("change", ChangeEventJson(entry)); });
  state_->sessions.SetAfterUnlock([feed = &state_->feed] { feed->Flush(); });
}

Emulator::~Emulator() { Stop(); }

bool Emulator::Start(std::string const& host, unsigned short port, int threads, std::string* error) {
  if (options_.templates_dir.empty()) {
    state_->templates.LoadBuiltins();
  } else if (!state_->templates.LoadDirectory(options_.templates_dir, error)) {
    return false;
  }
  server_ = std::make_unique<HttpServer>(
      [router = router_.get()](HttpRequest const& r) { return router->Handle(r); }, threads,
      [state = state_.get()](HttpRequest const& r, std::unique_ptr<UpgradedSocket> s) {
        AcceptRtaUpgrade(*state, r, std::move(s));
      },
      options_.connections);
  server_->SetStreamHandler("/_emulator/events",
                            [state = state_.get()](HttpRequest const&, std::unique_ptr<UpgradedSocket> s) {
                              state->events.Open(std::move(s), Json{{"now", FormatIso8601(state->clock.Now())},
                                                                    {"manualClock", state->clock.manual()}});
                            });
  if (!server_->Start(host, port, error)) return false;
  if (!state_->clock.manual()) ticker_ = std::make_unique<RtaDeadlineTicker>(*state_);
  return true;
}

std::size_t Emulator::open_connections() const { return server_ ? server_->open_connections() : 0; }

void Emulator::Stop() {
  ticker_.reset();
  state_->events.Shutdown();  // the streams' closes are queued while the I/O threads still run
  if (server_) server_->Stop();
  state_->rta.Shutdown();  // sockets go while their I/O context still exists
  server_.reset();  // the server (and its pending handlers) goes before the router and state
}

unsigned short Emulator::port() const { return server_ ? server_->port() : 0; }

std::string Emulator::rta_url(std::string const& host) const {
  std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return "ws://" + shown + ":" + std::to_string(port()) + "/connect";
}

}  // namespace xbl::emulator
