// xbl-qos-responder: runs a QosResponder until SIGINT or SIGTERM.
// Prints "listening on udp://HOST:PORT" and the matching secure device address (base64 of
// "host:port", the SDK's default format) on the first two lines, flushed, so scripts can read them.
#include "xbl/qos/qos_responder.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

namespace {

constexpr char kUsage[] = "usage: xbl-qos-responder [--bind ADDRESS] [--port N] [--advertise HOST]\n";

constexpr char kHelp[] =
    "\nAnswers QoS probes (the UDP requests that QoS measurements send) until SIGINT or SIGTERM, for a\n"
    "measurement server or a test peer. When ready it prints two lines on stdout, flushed:\n"
    "  listening on udp://HOST:PORT\n"
    "  secureDeviceAddress BASE64    (base64 of \"host:port\", the SDK's default address format)\n"
    "and on stop, the counts of probes received, answered, malformed and rate limited on stderr.\n"
    "\n"
    "options:\n"
    "  --bind ADDRESS    numeric address to listen on (default 127.0.0.1; 0.0.0.0 or :: for all)\n"
    "  --port N          UDP port, 0 to 65535 (default 0: pick a free one)\n"
    "  --advertise HOST  host to put in the printed secure device address (default: the bound address)\n"
    "  --help            print this help on stdout and exit 0\n"
    "\n"
    "Firewalls and platform manifests must allow inbound UDP on the port.\n"
    "\n"
    "example:\n"
    "  xbl-qos-responder --bind 0.0.0.0 --port 3075 --advertise 203.0.113.7\n"
    "\n"
    "exit status: 0 stopped by a signal, 1 the port could not be opened, 2 usage error\n";

// One line saying what is wrong, then the usage, on stderr.
int UsageError(std::string const& message) {
  std::cerr << "xbl-qos-responder: error: " << message << "\n" << kUsage << "run `xbl-qos-responder --help` for details\n";
  return 2;
}

}  // namespace

int main(int argc, char* argv[]) {
  xbl::qos::QosResponderOptions options;
  options.bind_address = "127.0.0.1";
  std::string advertise;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help") {
      std::cout << kUsage << kHelp;
      return 0;
    }
    if (arg != "--bind" && arg != "--port" && arg != "--advertise") return UsageError("unknown argument " + arg);
    if (i + 1 >= argc) return UsageError(arg + " needs a value");
    std::string value = argv[++i];
    if (arg == "--bind") {
      options.bind_address = value;
    } else if (arg == "--advertise") {
      advertise = value;
    } else {
      char* end = nullptr;
      long port = std::strtol(value.c_str(), &end, 10);
      if (end == value.c_str() || *end != '\0' || port < 0 || port > 65535) {
        return UsageError("--port takes 0 to 65535, got " + value);
      }
      options.port = static_cast<std::uint16_t>(port);
    }
  }

  // Block the stop signals before the responder's thread starts, so only sigwait below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  xbl::qos::QosResponder responder(options);
  auto started = responder.Start();
  if (!started) {
    std::cerr << "xbl-qos-responder: " << started.error().ToString() << "\n";
    return 1;
  }
  auto endpoint = responder.endpoint();
  std::cout << "listening on udp://" << endpoint.ToString() << "\n";
  auto advertised = endpoint;
  if (!advertise.empty()) advertised.host = advertise;
  std::cout << "secureDeviceAddress " << xbl::qos::EncodeSecureDeviceAddress(advertised) << std::endl;

  int received = 0;
  sigwait(&stop_signals, &received);
  responder.Stop();
  auto stats = responder.stats();
  std::cerr << "xbl-qos-responder: stopped (received " << stats.received << ", answered " << stats.answered
            << ", malformed " << stats.malformed << ", rate limited " << stats.rate_limited << ")\n";
  return 0;
}
