#include "xbl/qos/qos_measurer.h"

#include "core/logger.h"
#include "qos/qos_protocol.h"
#include "qos/qos_thread.h"
#include "qos/stamped_udp_socket.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <exception>
#include <random>

namespace xbl::qos {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using Clock = std::chrono::steady_clock;
using internal::QosPacketHeader;
using internal::QosPacketType;

double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

enum class Phase { kPending, kLatency, kDown, kUp, kDone };

// Everything one target needs while it is being measured; touched only by the run's I/O thread.
struct TargetRun {
  std::uint32_t id = 0;
  QosTargetResult result;
  udp::endpoint endpoint;
  std::unique_ptr<udp::socket> socket;
  std::unique_ptr<asio::steady_timer> timer;
  std::uint64_t timer_generation = 0;  // a timer handler already queued must not act after a re-arm
  std::array<unsigned char, internal::kQosMaxDatagram + 1> in{};
  Phase phase = Phase::kPending;
  Clock::time_point started;
  int next_probe = 0;
  std::vector<std::optional<Clock::time_point>> probe_sent;
  std::vector<std::optional<double>> rtt_ms;
  bool refused = false;
  int train_received = 0;
  std::vector<bool> train_seen;
  Clock::time_point down_first, down_last;
  std::uint64_t up_first_us = 0, up_last_us = 0;
};

std::optional<std::uint64_t> Kbps(int packets, std::size_t bytes_each, double micros) {
  if (packets < 2) return std::nullopt;
  micros = std::max(micros, 1.0);  // a train faster than the clock's resolution: a lower bound
  double bits = static_cast<double>(packets - 1) * static_cast<double>(bytes_each) * 8.0;
  return static_cast<std::uint64_t>(std::llround(bits * 1000.0 / micros));
}

class MeasureRun {
 public:
  static constexpr int kMaxDrain = 64;  // datagrams per wake-up before yielding to other targets

  MeasureRun(QosMeasurerOptions const& options, std::vector<QosTarget> const& targets,
             pplx::cancellation_token token, internal::Logger const& logger)
      : options_(options), logger_(logger), token_(std::move(token)), deadline_timer_(io_) {
    std::random_device device;
    nonce_ = (static_cast<std::uint64_t>(device()) << 32) ^ device();
    runs_.reserve(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i) {
      auto run = std::make_unique<TargetRun>();
      run->id = static_cast<std::uint32_t>(i);
      run->result.target = targets[i];
      runs_.push_back(std::move(run));
    }
  }

  QosRunResult Run() {
    auto begin = Clock::now();
    for (auto& run : runs_) Resolve(*run);
    pplx::cancellation_token_registration registration;
    bool registered = false;
    if (token_.is_cancelable()) {
      registration = token_.register_callback([this] { asio::post(io_, [this] { FinishAll(true); }); });
      registered = true;
    }
    if (token_.is_canceled()) {
      FinishAll(true);
    } else {
      deadline_timer_.expires_at(begin + options_.deadline.value_or(kDefaultQosDeadline));
      deadline_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec && !finished_) {
          result_.deadline_reached = true;
          FinishAll(false);
        }
      });
      StartMore();
      if (done_ == runs_.size()) Finish();
      io_.run();
    }
    if (registered) token_.deregister_callback(registration);
    for (auto& run : runs_) result_.targets.push_back(std::move(run->result));
    result_.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - begin);
    return std::move(result_);
  }

 private:
  void Resolve(TargetRun& run) {
    std::optional<QosEndpoint> endpoint = run.result.target.endpoint;
    if (!endpoint) {
      Result<QosEndpoint> resolved = Error(ErrorCode::kInvalidArgument, "no address resolver");
      try {
        if (options_.resolver) resolved = options_.resolver(run.result.target.secure_device_address);
      } catch (std::exception const& e) {
        resolved = Error(ErrorCode::kInvalidArgument, std::string("address resolver threw: ") + e.what());
      } catch (...) {
        logger_.Log(TraceLevel::kError, "qos", "the address resolver threw a non-standard exception");
        resolved = Error(ErrorCode::kInvalidArgument, "address resolver threw a non-standard exception");
      }
      if (!resolved) return Unresolved(run, resolved.error().message);
      endpoint = *resolved;
    }
    boost::system::error_code ec;
    auto address = asio::ip::make_address(endpoint->host, ec);
    if (ec || endpoint->port == 0) return Unresolved(run, "not a numeric address: " + endpoint->ToString());
    run.result.endpoint = endpoint;
    run.endpoint = udp::endpoint(address, endpoint->port);
  }

  void Unresolved(TargetRun& run, std::string detail) {
    run.result.status = QosStatus::kUnreachable;
    run.result.detail = std::move(detail);
    run.phase = Phase::kDone;
    ++done_;
    Report(run);
  }

  // The title's progress handler, told each final result; what it throws must not end the run.
  void Report(TargetRun const& run) {
    if (!options_.progress) return;
    try {
      options_.progress(run.result);
    } catch (std::exception const& e) {
      logger_.Log(TraceLevel::kError, "qos", std::string("the progress handler threw: ") + e.what());
    } catch (...) {
      logger_.Log(TraceLevel::kError, "qos", "the progress handler threw a non-standard exception");
    }
  }

  void StartMore() {
    while (!finished_ && active_ < options_.concurrency && next_start_ < runs_.size()) {
      TargetRun& run = *runs_[next_start_++];
      if (run.phase != Phase::kPending) continue;
      ++active_;
      Start(run);
    }
  }

  void Start(TargetRun& run) {
    boost::system::error_code ec;
    run.socket = std::make_unique<udp::socket>(io_);
    run.socket->open(run.endpoint.protocol(), ec);
    // A connected socket receives only from the target and reports ICMP unreachable.
    if (!ec) run.socket->connect(run.endpoint, ec);
    if (!ec) internal::EnableReceiveStamps(*run.socket);
    if (ec) {
      run.result.detail = "socket: " + ec.message();
      return Done(run, QosStatus::kUnreachable);
    }
    run.timer = std::make_unique<asio::steady_timer>(io_);
    run.phase = Phase::kLatency;
    run.started = Clock::now();
    run.probe_sent.assign(static_cast<std::size_t>(options_.probes_per_target), std::nullopt);
    run.rtt_ms.assign(static_cast<std::size_t>(options_.probes_per_target), std::nullopt);
    Receive(run);
    SendProbe(run);
  }

  template <typename F>
  void Arm(TargetRun& run, Clock::time_point when, F on_expiry) {
    auto generation = ++run.timer_generation;
    run.timer->expires_at(when);
    run.timer->async_wait([this, &run, generation, on_expiry](boost::system::error_code ec) {
      if (ec || finished_ || run.phase == Phase::kDone || generation != run.timer_generation) return;
      (this->*on_expiry)(run);
    });
  }

  bool SendPacket(TargetRun& run, QosPacketHeader const& header, std::size_t size) {
    std::array<unsigned char, internal::kQosMaxDatagram> out{};
    internal::WriteQosHeader(header, out.data());
    boost::system::error_code ec;
    run.socket->send(asio::buffer(out.data(), size), 0, ec);
    if (ec == asio::error::connection_refused) run.refused = true;
    return !ec;
  }

  QosPacketHeader Header(TargetRun const& run, QosPacketType type, std::uint32_t sequence) const {
    QosPacketHeader header;
    header.type = type;
    header.nonce = nonce_;
    header.target_id = run.id;
    header.sequence = sequence;
    header.timestamp_us = internal::QosNowMicros();
    return header;
  }

  void SendProbe(TargetRun& run) {
    auto seq = run.next_probe++;
    auto now = Clock::now();
    if (SendPacket(run, Header(run, QosPacketType::kLatencyRequest, static_cast<std::uint32_t>(seq)),
                   internal::kQosHeaderSize)) {
      run.probe_sent[static_cast<std::size_t>(seq)] = now;
      ++run.result.probes_sent;
    } else if (run.refused && run.result.replies_received == 0) {
      run.result.detail = "the target refused the probe (ICMP unreachable)";
      return Done(run, QosStatus::kUnreachable);
    }
    if (run.next_probe < options_.probes_per_target) {
      Arm(run, run.started + options_.probe_interval * run.next_probe, &MeasureRun::SendProbe);
    } else if (run.result.replies_received == run.result.probes_sent) {
      EndLatency(run);
    } else {
      Arm(run, now + options_.probe_timeout, &MeasureRun::EndLatency);
    }
  }

  // Waits for readability and drains the socket with recvmsg, so each datagram carries the
  // kernel's arrival stamp: the I/O thread's scheduling delay (32 targets on one thread, a busy
  // machine) then does not inflate round trips or compress train dispersion.
  void Receive(TargetRun& run) {
    run.socket->async_wait(udp::socket::wait_read, [this, &run](boost::system::error_code ec) {
      if (ec == asio::error::operation_aborted) return;
      OnReadable(run);
    });
  }

  void OnReadable(TargetRun& run) {
    if (finished_ || run.phase == Phase::kDone) return;
    for (int i = 0; i < kMaxDrain; ++i) {
      auto read = internal::ReceiveStamped(*run.socket, run.in.data(), run.in.size());
      if (!read) {
        if (read.error == ECONNREFUSED) {
          run.refused = true;
          if (run.result.replies_received == 0) {
            run.result.detail = "the target refused the probe (ICMP unreachable)";
            return Done(run, QosStatus::kUnreachable);
          }
          continue;
        }
        // Drained (EAGAIN) or another error: wait for the next datagram; the deadline bounds the run.
        return Receive(run);
      }
      OnPacket(run, static_cast<std::size_t>(read.size), read.arrival);
      if (run.phase == Phase::kDone || finished_) return;
    }
    // More queued: let other targets' handlers run first, then keep draining (the reactor is
    // edge-triggered, so waiting again would not wake for datagrams already queued).
    asio::post(io_, [this, &run] { OnReadable(run); });
  }

  void OnPacket(TargetRun& run, std::size_t size, Clock::time_point now) {
    auto header = internal::ReadQosHeader(run.in.data(), size);
    if (!header || header->nonce != nonce_ || header->target_id != run.id) return;  // foreign or stale
    switch (header->type) {
      case QosPacketType::kLatencyReply: {
        auto seq = header->sequence;
        if (run.phase != Phase::kLatency || seq >= run.probe_sent.size() || !run.probe_sent[seq] || run.rtt_ms[seq]) {
          return;
        }
        auto round_trip = now - *run.probe_sent[seq];
        auto hold = std::chrono::microseconds(header->hold_us);
        if (hold < round_trip) round_trip -= hold;  // the responder's own queueing is not network
        run.rtt_ms[seq] = Millis(round_trip);
        ++run.result.replies_received;
        if (run.next_probe == options_.probes_per_target &&
            run.result.replies_received == run.result.probes_sent) {
          EndLatency(run);
        }
        return;
      }
      case QosPacketType::kDownTrainPacket:
        if (run.phase != Phase::kDown || !Mark(run, header->sequence)) return;
        if (run.train_received == 1) run.down_first = now;
        run.down_last = now;
        if (run.train_received == options_.train_size ||
            header->sequence + 1 == static_cast<std::uint32_t>(options_.train_size)) {
          EndDown(run);
        }
        return;
      case QosPacketType::kUpTrainAck:
        if (run.phase != Phase::kUp || !Mark(run, header->sequence)) return;
        if (run.train_received == 1 || header->timestamp_us < run.up_first_us) run.up_first_us = header->timestamp_us;
        run.up_last_us = std::max(run.up_last_us, header->timestamp_us);
        if (run.train_received == options_.train_size ||
            header->sequence + 1 == static_cast<std::uint32_t>(options_.train_size)) {
          EndUp(run);
        }
        return;
      default:
        return;
    }
  }

  bool Mark(TargetRun& run, std::uint32_t sequence) {
    if (sequence >= run.train_seen.size() || run.train_seen[sequence]) return false;
    run.train_seen[sequence] = true;
    ++run.train_received;
    return true;
  }

  void EndLatency(TargetRun& run) {
    if (run.result.replies_received < options_.min_replies) {
      if (run.refused) run.result.detail = "the target refused the probe (ICMP unreachable)";
      return Done(run, run.refused ? QosStatus::kUnreachable : QosStatus::kTimeout);
    }
    if (options_.train_size == 0) return Done(run, QosStatus::kOk);
    run.phase = Phase::kDown;
    run.train_received = 0;
    run.train_seen.assign(static_cast<std::size_t>(options_.train_size), false);
    auto header = Header(run, QosPacketType::kDownTrainRequest, 0);
    header.train_count = static_cast<std::uint16_t>(options_.train_size);
    header.train_size = static_cast<std::uint16_t>(options_.train_packet_bytes);
    SendPacket(run, header, internal::kQosHeaderSize);
    Arm(run, Clock::now() + options_.train_timeout, &MeasureRun::EndDown);
  }

  void EndDown(TargetRun& run) {
    run.result.bandwidth_down_kbps =
        Kbps(run.train_received, options_.train_packet_bytes,
             std::chrono::duration<double, std::micro>(run.down_last - run.down_first).count());
    run.phase = Phase::kUp;
    run.train_received = 0;
    run.train_seen.assign(static_cast<std::size_t>(options_.train_size), false);
    // Back to back, so the responder's receive stamps show the bottleneck's pace.
    for (int i = 0; i < options_.train_size; ++i) {
      SendPacket(run, Header(run, QosPacketType::kUpTrainPacket, static_cast<std::uint32_t>(i)),
                 options_.train_packet_bytes);
    }
    Arm(run, Clock::now() + options_.train_timeout, &MeasureRun::EndUp);
  }

  void EndUp(TargetRun& run) {
    run.result.bandwidth_up_kbps = Kbps(run.train_received, options_.train_packet_bytes,
                                        static_cast<double>(run.up_last_us - run.up_first_us));
    Done(run, QosStatus::kOk);
  }

  void Summarize(TargetRun& run) {
    std::vector<double> rtts;
    for (auto const& rtt : run.rtt_ms) {
      if (rtt) rtts.push_back(*rtt);
    }
    if (!rtts.empty()) {
      double jitter_sum = 0;
      for (std::size_t i = 1; i < rtts.size(); ++i) jitter_sum += std::fabs(rtts[i] - rtts[i - 1]);
      if (rtts.size() >= 2) run.result.jitter_ms = jitter_sum / static_cast<double>(rtts.size() - 1);
      std::sort(rtts.begin(), rtts.end());
      auto mid = rtts.size() / 2;
      run.result.latency_ms = rtts.size() % 2 == 1 ? rtts[mid] : (rtts[mid - 1] + rtts[mid]) / 2;
      run.result.min_latency_ms = rtts.front();
    }
    // Probes still inside their reply window when a run is cut are neither lost nor received.
    int counted = 0;
    int lost = 0;
    auto now = Clock::now();
    for (std::size_t i = 0; i < run.probe_sent.size(); ++i) {
      if (!run.probe_sent[i]) continue;
      if (run.rtt_ms[i]) {
        ++counted;
      } else if (run.phase != Phase::kLatency || now - *run.probe_sent[i] >= options_.probe_timeout) {
        ++counted;
        ++lost;
      }
    }
    if (counted > 0) run.result.loss = static_cast<double>(lost) / counted;
  }

  void Close(TargetRun& run) {
    boost::system::error_code ignored;
    if (run.timer) run.timer->cancel();
    if (run.socket) run.socket->close(ignored);
  }

  void Done(TargetRun& run, QosStatus status) {
    Summarize(run);
    run.phase = Phase::kDone;
    run.result.status = status;
    Close(run);
    --active_;
    ++done_;
    Report(run);
    StartMore();
    if (done_ == runs_.size()) Finish();
  }

  // The deadline or the caller cut the run: every target keeps what it has.
  void FinishAll(bool cancelled) {
    if (finished_) return;
    if (cancelled) result_.cancelled = true;
    for (auto& run : runs_) {
      if (run->phase == Phase::kDone) continue;
      // A train cut short still shows the pace of what arrived.
      if (run->phase == Phase::kDown) {
        run->result.bandwidth_down_kbps =
            Kbps(run->train_received, options_.train_packet_bytes,
                 std::chrono::duration<double, std::micro>(run->down_last - run->down_first).count());
      } else if (run->phase == Phase::kUp) {
        run->result.bandwidth_up_kbps = Kbps(run->train_received, options_.train_packet_bytes,
                                             static_cast<double>(run->up_last_us - run->up_first_us));
      }
      Summarize(*run);
      bool enough = run->result.replies_received >= options_.min_replies;
      if (enough) {
        run->result.status = QosStatus::kOk;
      } else if (cancelled) {
        run->result.status = QosStatus::kCancelled;
      } else {
        run->result.status = QosStatus::kTimeout;
        if (run->phase == Phase::kPending) run->result.detail = "not started before the deadline";
      }
      run->phase = Phase::kDone;
      Close(*run);
      Report(*run);
    }
    Finish();
  }

  void Finish() {
    finished_ = true;
    deadline_timer_.cancel();
    io_.stop();
  }

  QosMeasurerOptions const& options_;
  internal::Logger const& logger_;
  pplx::cancellation_token token_;
  asio::io_context io_;
  asio::steady_timer deadline_timer_;
  std::vector<std::unique_ptr<TargetRun>> runs_;
  std::uint64_t nonce_ = 0;
  std::size_t next_start_ = 0;
  std::size_t active_ = 0;
  std::size_t done_ = 0;
  bool finished_ = false;
  QosRunResult result_;
};

std::optional<std::string> Validate(QosMeasurerOptions const& o) {
  if (o.probes_per_target < 1 || o.probes_per_target > 1000) return "probes_per_target must be 1..1000";
  if (o.probe_interval.count() < 0) return "probe_interval must not be negative";
  if (o.probe_timeout.count() <= 0) return "probe_timeout must be positive";
  if (o.min_replies < 1 || o.min_replies > o.probes_per_target) return "min_replies must be 1..probes_per_target";
  if (o.train_size < 0 || o.train_size > 256 || o.train_size == 1) return "train_size must be 0 or 2..256";
  if (o.train_packet_bytes < 64 || o.train_packet_bytes > internal::kQosMaxDatagram) {
    return "train_packet_bytes must be 64..1400";
  }
  if (o.train_size > 0 && o.train_timeout.count() <= 0) return "train_timeout must be positive";
  if (o.concurrency < 1) return "concurrency must be at least 1";
  if (o.deadline && o.deadline->count() <= 0) return "deadline must be positive";
  return std::nullopt;
}

}  // namespace

QosMeasurer::QosMeasurer(QosMeasurerOptions options) : options_(std::move(options)) {}

Result<QosRunResult> QosMeasurer::Measure(std::vector<QosTarget> const& targets,
                                          pplx::cancellation_token token) const {
  if (auto invalid = Validate(options_)) return Error(ErrorCode::kInvalidArgument, "QoS options: " + *invalid);
  internal::Logger const logger(options_.diagnostics);
  return internal::RunLogged<QosRunResult>(
      [&]() -> Result<QosRunResult> {
        MeasureRun run(options_, targets, std::move(token), logger);
        return run.Run();
      },
      logger, "QoS measurement");
}

pplx::task<Result<QosRunResult>> QosMeasurer::MeasureAsync(std::vector<QosTarget> targets,
                                                           pplx::cancellation_token token) const {
  auto self = *this;  // the run may outlive the caller's measurer
  return internal::RunOnQosThread<QosRunResult>(
      options_.executor, options_.diagnostics, "QoS measurement",
      [self, targets = std::move(targets), token]() { return self.Measure(targets, token); });
}

}  // namespace xbl::qos
