// xbl-mpsd-emulator: the local MPSD as a standalone server (protocol §6.1), with the RTA WebSocket
// endpoint at /connect on the same port (docs/rta-protocol.md).
#include "emulator.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <pthread.h>
#include <string>

namespace {

constexpr char kUsage[] =
    "usage: xbl-mpsd-emulator [options]\n"
    "\n"
    "The local Multiplayer Session Directory: MPSD REST on http://HOST:PORT, the RTA WebSocket on\n"
    "ws://HOST:PORT/connect, and the test hooks under /_emulator/ (see emulator/README.md).\n"
    "The first line on stdout is \"listening on http://HOST:PORT\". SIGINT/SIGTERM stop it (exit 0).\n"
    "\n"
    "options:\n"
    "  --host ADDRESS        address to bind (default 127.0.0.1; another only when named)\n"
    "  --port N              port 0-65535 (default 0: a free port)\n"
    "  --templates DIR       load SCID/NAME.json templates from DIR instead of the built-ins\n"
    "                        (default: the built-in templates)\n"
    "  --manual-clock        time stands still until POST /_emulator/clock moves it (default: off,\n"
    "                        the real clock); every timer, grace period and maximum age reads it\n"
    "  --no-rate-limit       turn off the MPSD rate limits (default: on, 30 per 15 s, 300 per 300 s)\n"
    "  --log-requests        print one line per MPSD request to stdout (default: off)\n"
    "  --threads N           worker threads 1-64 for HTTP and RTA sockets (default 2)\n"
    "  --rta-grace-ms N      how long members bound to an ended RTA connection stay active before\n"
    "                        they decay to inactive (default 30000)\n"
    "  --rta-max-age-ms N    an RTA socket's maximum age; at it the emulator drops the TCP\n"
    "                        connection (default 7200000, two hours)\n"
    "  --max-connections N   open HTTP connections at most, 1-100000 (default 512); one more is\n"
    "                        answered 503 with Retry-After: 1 and closed\n"
    "  --header-timeout-ms N how long a connection may take to send a request header, counted from\n"
    "                        when the emulator waits for one, 100-600000 (default 10000)\n"
    "  --history-versions N  committed versions kept per session for GET /_emulator/sessions/.../history\n"
    "                        and the explorer page at /_emulator/ui, 0-10000 (default 100; 0 keeps none)\n"
    "  --help, -h            print this help to stdout and exit 0\n"
    "\n"
    "An unknown option or a bad value prints an error and this usage to stderr and exits 2.\n";

int Usage(std::string const& why) {
  std::cerr << "error: " << why << "\n" << kUsage;
  return 2;
}

// A non-negative decimal integer, or false.
bool ParseNonNegative(char const* text, long long max, long long& out) {
  if (!text || !*text) return false;
  for (char const* p = text; *p; ++p)
    if (*p < '0' || *p > '9') return false;
  errno = 0;
  char* end = nullptr;
  out = std::strtoll(text, &end, 10);
  return errno == 0 && *end == '\0' && out <= max;
}

}  // namespace

int main(int argc, char** argv) {
  xbl::emulator::EmulatorOptions options;
  std::string host = "127.0.0.1";
  long long port = 0;
  long long threads = 2;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    char const* value = i + 1 < argc ? argv[i + 1] : nullptr;
    auto number = [&](long long max, long long& out, char const* what) -> bool {
      if (!ParseNonNegative(value, max, out)) {
        Usage(arg + " needs " + what);
        return false;
      }
      ++i;
      return true;
    };
    long long n = 0;
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "--host") {
      if (!value) return Usage("--host needs an address");
      host = value;
      ++i;
    } else if (arg == "--port") {
      if (!number(65535, port, "a number 0-65535")) return 2;
    } else if (arg == "--threads") {
      if (!number(64, threads, "a number 1-64")) return 2;
      if (threads < 1) return Usage("--threads needs a number 1-64");
    } else if (arg == "--templates") {
      if (!value) return Usage("--templates needs a directory");
      options.templates_dir = value;
      ++i;
    } else if (arg == "--rta-grace-ms") {
      if (!number(1LL << 53, n, "a non-negative integer (milliseconds)")) return 2;
      options.rta.grace_ms = n;
    } else if (arg == "--rta-max-age-ms") {
      if (!number(1LL << 53, n, "a non-negative integer (milliseconds)")) return 2;
      options.rta.max_age_ms = n;
    } else if (arg == "--max-connections") {
      if (!number(100000, n, "a number 1-100000")) return 2;
      if (n < 1) return Usage("--max-connections needs a number 1-100000");
      options.connections.max_connections = static_cast<std::size_t>(n);
    } else if (arg == "--header-timeout-ms") {
      if (!number(600000, n, "a number 100-600000")) return 2;
      if (n < 100) return Usage("--header-timeout-ms needs a number 100-600000");
      options.connections.header_timeout = std::chrono::milliseconds(n);
    } else if (arg == "--history-versions") {
      if (!number(10000, n, "a number 0-10000")) return 2;
      options.history.versions_per_session = static_cast<std::size_t>(n);
    } else if (arg == "--manual-clock") {
      options.manual_clock = true;
    } else if (arg == "--no-rate-limit") {
      options.rate_limit = false;
    } else if (arg == "--log-requests") {
      options.log_requests = true;
    } else {
      return Usage("unknown option " + arg);
    }
  }

  // Block SIGINT/SIGTERM before any thread starts so every worker inherits the mask and the
  // main thread alone receives them in sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  xbl::emulator::Emulator emulator(options, &std::cout);
  std::string error;
  if (!emulator.Start(host, static_cast<unsigned short>(port), static_cast<int>(threads), &error)) {
    std::cerr << "error: " << error << "\n";
    return 1;
  }
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cout << "listening on http://" << shown_host << ":" << emulator.port() << std::endl;

  int received = 0;
  sigwait(&signals, &received);
  emulator.Stop();
  std::cerr << "stopped on signal " << received << "\n";
  return 0;
}
