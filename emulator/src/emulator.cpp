#include "emulator.h"

namespace xbl::emulator {

Emulator::Emulator(EmulatorOptions options, std::ostream* log_stream)
    : options_(std::move(options)),
      state_(std::make_unique<ServiceState>(options_)),
      router_(std::make_unique<Router>(*state_, options_.log_requests, log_stream)) {}

Emulator::~Emulator() { Stop(); }

bool Emulator::Start(std::string const& host, unsigned short port, int threads, std::string* error) {
  if (options_.templates_dir.empty()) {
    state_->templates.LoadBuiltins();
  } else if (!state_->templates.LoadDirectory(options_.templates_dir, error)) {
    return false;
  }
  server_ = std::make_unique<HttpServer>([router = router_.get()](HttpRequest const& r) { return router->Handle(r); },
                                         threads);
  return server_->Start(host, port, error);
}

void Emulator::Stop() {
  if (server_) server_->Stop();
  server_.reset();  // the server (and its pending handlers) goes before the router and state
}

unsigned short Emulator::port() const { return server_ ? server_->port() : 0; }

}  // namespace xbl::emulator
