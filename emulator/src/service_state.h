#pragma once
#include "change_feed.h"
#include "clock.h"
#include "event_stream.h"
#include "fault_injector.h"
#include "handle_store.h"
#include "http_server.h"
#include "rate_limiter.h"
#include "request_log.h"
#include "rta_hub.h"
#include "session_history.h"
#include "session_store.h"
#include "social_graph.h"
#include "template_store.h"

#include <string>

namespace xbl::emulator {

/// How the emulator is started (protocol §6.1 flags / the embedded class's options).
struct EmulatorOptions {
  bool manual_clock = false;
  bool rate_limit = true;
  bool log_requests = false;
  std::string templates_dir;  // empty: the built-in templates
  RtaSettings rta;            // grace period and maximum socket age at start-up (and after reset)
  ConnectionLimits connections;  // the connection cap and the header-read timeout
  HistoryLimits history;         // how many committed versions the session history keeps
};

/// Everything the request handlers share. Each part synchronizes itself; the session store's
/// lock is the outermost one (handles are only locked inside it).
struct ServiceState {
  explicit ServiceState(EmulatorOptions const& options)
      : clock(options.manual_clock),
        rate_limiter(options.rate_limit),
        rta(clock, options.rta),
        history(options.history) {}

  Clock clock;
  TemplateStore templates;
  SessionStore sessions;
  SocialGraph social;
  RateLimiter rate_limiter;
  FaultInjector faults;
  RequestLog log;
  HandleStore handles;
  ChangeFeed feed;  // every commit, in order; published after the store lock is released
  RtaHub rta;       // the /connect sockets and their ConnectionIds
  SessionHistory history;  // each session's last committed versions, fed by the change feed
  EventStream events;      // the admin event stream the explorer page listens to
};

}  // namespace xbl::emulator
