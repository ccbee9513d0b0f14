#pragma once
#include "xbl/qos/qos_address.h"
#include "xbl/result.h"
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace xbl::qos {

/// Limits and binding of a responder. Rate limits are per source address and port.
struct QosResponderOptions {
  std::string bind_address = "0.0.0.0";   ///< Numeric IPv4 or IPv6 address ("::" for dual-stack).
  std::uint16_t port = 0;                 ///< 0 picks a free port; see `QosResponder::endpoint()`.
  double packets_per_second = 2000;       ///< Sustained requests answered per source.
  double packet_burst = 400;              ///< Requests a source may send at once.
  double bytes_per_second = 4'000'000;    ///< Sustained reply bytes per source (train traffic).
  double byte_burst = 1'000'000;          ///< Reply bytes a source may draw at once.
  int max_train_packets = 256;            ///< Larger train requests are ignored.
  std::size_t max_sources = 4096;         ///< Sources tracked for rate limiting; new ones beyond are dropped.
};

/// Counters since `Start`, for diagnostics and tests.
struct QosResponderStats {
  std::uint64_t received = 0;        ///< Datagrams read.
  std::uint64_t answered = 0;        ///< Requests answered (a train counts once).
  std::uint64_t sent = 0;            ///< Datagrams sent.
  std::uint64_t malformed = 0;       ///< Datagrams ignored as foreign, truncated or invalid.
  std::uint64_t rate_limited = 0;    ///< Requests dropped by the per-source limits.
};

/// The UDP responder a peer, host or measurement server runs so that others can measure it.
/// Stateless per packet: answers latency probes (reporting how long it held each one), sends
/// bandwidth trains on request and stamps upload trains with their kernel arrival time; ignores
/// anything it does not recognise. Runs on its own thread.
/// Firewalls and platform manifests must allow inbound UDP on its port.
class QosResponder {
 public:
  explicit QosResponder(QosResponderOptions options = {});
  ~QosResponder();  ///< Stops and joins.
  QosResponder(QosResponder const&) = delete;
  QosResponder& operator=(QosResponder const&) = delete;

  /// Binds and starts answering. kInvalidArgument for a bad address; kNetwork if the bind fails;
  /// kInvalidState when already started.
  Result<void> Start();
  /// Stops answering, closes the socket and joins the thread. Safe to call twice.
  void Stop();

  bool running() const;
  /// The bound endpoint (with the real port once started).
  QosEndpoint endpoint() const;
  QosResponderStats stats() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xbl::qos
