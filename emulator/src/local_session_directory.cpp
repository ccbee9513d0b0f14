#include "xbl/testing/local_session_directory.h"

#include "emulator.h"
#include "rta_deadlines.h"

#include <stdexcept>

namespace xbl::testing {

struct LocalSessionDirectory::Impl {
  explicit Impl(emulator::EmulatorOptions o) : emu(std::move(o)) {}
  emulator::Emulator emu;
  std::string host;
  std::uint16_t port = 0;
};

LocalSessionDirectory::LocalSessionDirectory(LocalSessionDirectoryOptions options) {
  emulator::EmulatorOptions o;
  o.manual_clock = options.manual_clock;
  o.rate_limit = options.rate_limit;
  o.templates_dir = options.templates_dir;
  o.rta.grace_ms = options.rta_grace.count();
  o.rta.max_age_ms = options.rta_max_age.count();
  impl_ = std::make_unique<Impl>(o);
  impl_->host = options.host;
  std::string error;
  if (!impl_->emu.Start(options.host, options.port, options.threads, &error))
    throw std::runtime_error("LocalSessionDirectory: " + error);
  impl_->port = impl_->emu.port();
}

LocalSessionDirectory::~LocalSessionDirectory() { Stop(); }

std::string LocalSessionDirectory::base_url() const {
  return "http://" + impl_->host + ":" + std::to_string(port());
}

std::uint16_t LocalSessionDirectory::port() const { return impl_->port; }

std::string LocalSessionDirectory::rta_url() const { return impl_->emu.rta_url(impl_->host); }

bool LocalSessionDirectory::AdvanceClock(std::chrono::milliseconds delta) {
  auto& state = impl_->emu.state();
  if (!state.clock.manual() || delta.count() < 0) return false;
  emulator::AdvanceClockTo(state, state.clock.Now() + delta.count());
  return true;
}

std::string LocalSessionDirectory::Now() const {
  return emulator::FormatIso8601(impl_->emu.state().clock.Now());
}

void LocalSessionDirectory::Reset() {
  emulator::HttpRequest r;
  r.method = "POST";
  r.path = "/_emulator/reset";
  impl_->emu.Handle(r);
}

bool LocalSessionDirectory::InstallTemplate(std::string const& scid, std::string const& name,
                                            nlohmann::json const& document) {
  auto doc = emulator::ParseJson(document.dump());
  return doc && impl_->emu.state().templates.Install(scid, name, *doc, nullptr);
}

void LocalSessionDirectory::SetRateLimiting(bool enabled) {
  auto s = impl_->emu.state().rate_limiter.settings();
  s.enabled = enabled;
  impl_->emu.state().rate_limiter.Configure(s);
}

nlohmann::json LocalSessionDirectory::Requests(std::int64_t since) const {
  return nlohmann::json::parse(nlohmann::ordered_json{{"requests", impl_->emu.state().log.Since(since)}}.dump());
}

void LocalSessionDirectory::Stop() {
  if (impl_) impl_->emu.Stop();
}

}  // namespace xbl::testing
