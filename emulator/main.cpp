// xbl-mpsd-emulator: the local MPSD as a standalone server (spec 6.1).
#include "emulator.h"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <pthread.h>
#include <string>

namespace {

int Usage(char const* why) {
  std::cerr << "error: " << why << "\n"
            << "usage: xbl-mpsd-emulator [--host 127.0.0.1] [--port N] [--templates DIR] [--manual-clock]\n"
            << "                         [--no-rate-limit] [--log-requests] [--threads N]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  xbl::emulator::EmulatorOptions options;
  std::string host = "127.0.0.1";
  long port = 0;
  long threads = 2;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&](char const* name) -> char const* {
      if (i + 1 >= argc) return nullptr;
      (void)name;
      return argv[++i];
    };
    if (arg == "--host") {
      char const* v = next("--host");
      if (!v) return Usage("--host needs an address");
      host = v;
    } else if (arg == "--port") {
      char const* v = next("--port");
      char* end = nullptr;
      port = v ? std::strtol(v, &end, 10) : -1;
      if (!v || *end != '\0' || port < 0 || port > 65535) return Usage("--port needs a number 0-65535");
    } else if (arg == "--threads") {
      char const* v = next("--threads");
      char* end = nullptr;
      threads = v ? std::strtol(v, &end, 10) : -1;
      if (!v || *end != '\0' || threads < 1 || threads > 64) return Usage("--threads needs a number 1-64");
    } else if (arg == "--templates") {
      char const* v = next("--templates");
      if (!v) return Usage("--templates needs a directory");
      options.templates_dir = v;
    } else if (arg == "--manual-clock") {
      options.manual_clock = true;
    } else if (arg == "--no-rate-limit") {
      options.rate_limit = false;
    } else if (arg == "--log-requests") {
      options.log_requests = true;
    } else if (arg == "--help" || arg == "-h") {
      Usage("help requested");
      return 0;
    } else {
      return Usage(("unknown argument " + arg).c_str());
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
