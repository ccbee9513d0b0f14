#include "xbl/qos/qos_responder.h"

#include "qos/qos_protocol.h"
#include "live/qos/qos_test_support.h"

#include <gtest/gtest.h>
#include <chrono>
#include <thread>

namespace xbl::qos {
namespace {

using internal::QosPacketHeader;
using internal::QosPacketType;
using testing::RawUdpClient;
using testing::StartLoopbackResponder;

std::vector<unsigned char> Packet(QosPacketHeader const& header, std::size_t size = internal::kQosHeaderSize) {
  std::vector<unsigned char> bytes(size, 0);
  internal::WriteQosHeader(header, bytes.data());
  return bytes;
}

QosPacketHeader Probe(std::uint32_t sequence) {
  QosPacketHeader header;
  header.type = QosPacketType::kLatencyRequest;
  header.nonce = 0x1122334455667788ull;
  header.target_id = 7;
  header.sequence = sequence;
  header.timestamp_us = 123456789;
  return header;
}

TEST(QosResponderTest, LatencyProbe_IsEchoedAsReplyWithSameIdentifiers) {
  auto responder = StartLoopbackResponder();
  RawUdpClient client;
  client.SendTo(responder->endpoint(), Packet(Probe(42)));

  auto reply = client.Receive();
  ASSERT_TRUE(reply.has_value());
  auto header = internal::ReadQosHeader(reply->data(), reply->size());
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(header->type, QosPacketType::kLatencyReply);
  EXPECT_EQ(header->nonce, 0x1122334455667788ull);
  EXPECT_EQ(header->target_id, 7u);
  EXPECT_EQ(header->sequence, 42u);
  EXPECT_EQ(header->timestamp_us, 123456789u);
}

TEST(QosResponderTest, DownTrainRequest_SendsRequestedCountAndSize) {
  auto responder = StartLoopbackResponder();
  RawUdpClient client;
  auto request = Probe(0);
  request.type = QosPacketType::kDownTrainRequest;
  request.train_count = 12;
  request.train_size = 900;
  client.SendTo(responder->endpoint(), Packet(request));

  auto packets = client.ReceiveAll();
  ASSERT_EQ(packets.size(), 12u);
  for (std::size_t i = 0; i < packets.size(); ++i) {
    EXPECT_EQ(packets[i].size(), 900u);
    auto header = internal::ReadQosHeader(packets[i].data(), packets[i].size());
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->type, QosPacketType::kDownTrainPacket);
    EXPECT_EQ(header->sequence, i);
    EXPECT_EQ(header->nonce, request.nonce);
  }
}

TEST(QosResponderTest, UpTrainPackets_AreAcknowledgedWithNondecreasingReceiveStamps) {
  auto responder = StartLoopbackResponder();
  RawUdpClient client;
  for (std::uint32_t i = 0; i < 5; ++i) {
    auto packet = Probe(i);
    packet.type = QosPacketType::kUpTrainPacket;
    client.SendTo(responder->endpoint(), Packet(packet, 1000));
  }
  auto acks = client.ReceiveAll();
  ASSERT_EQ(acks.size(), 5u);
  std::uint64_t previous = 0;
  for (std::size_t i = 0; i < acks.size(); ++i) {
    EXPECT_EQ(acks[i].size(), internal::kQosHeaderSize) << "acks are small, whatever the train size";
    auto header = internal::ReadQosHeader(acks[i].data(), acks[i].size());
    ASSERT_TRUE(header.has_value());
    EXPECT_EQ(header->type, QosPacketType::kUpTrainAck);
    EXPECT_EQ(header->sequence, i);
    EXPECT_NE(header->timestamp_us, 123456789u) << "the responder stamps its own receive time";
    EXPECT_GE(header->timestamp_us, previous);
    previous = header->timestamp_us;
  }
}

TEST(QosResponderTest, MalformedAndForeignPackets_AreIgnoredAndChangeNothing) {
  auto responder = StartLoopbackResponder();
  RawUdpClient client;
  auto to = responder->endpoint();
  client.SendTo(to, {});                                             // empty
  client.SendTo(to, {'X', 'Q', 'O', 'S'});                           // truncated
  client.SendTo(to, std::vector<unsigned char>(40, 0xAB));           // foreign magic
  auto wrong_version = Packet(Probe(1));
  wrong_version[4] = 99;
  client.SendTo(to, wrong_version);
  auto unknown_type = Packet(Probe(1));
  unknown_type[5] = 77;
  client.SendTo(to, unknown_type);
  auto reply_type = Probe(1);
  reply_type.type = QosPacketType::kLatencyReply;                    // a reply sent to a responder
  client.SendTo(to, Packet(reply_type));
  auto huge_train = Probe(1);
  huge_train.type = QosPacketType::kDownTrainRequest;
  huge_train.train_count = 60000;
  huge_train.train_size = 1000;
  client.SendTo(to, Packet(huge_train));
  auto tiny_train = huge_train;
  tiny_train.train_count = 4;
  tiny_train.train_size = 8;                                         // smaller than a header
  client.SendTo(to, Packet(tiny_train));
  client.SendTo(to, std::vector<unsigned char>(1401, 0));            // oversized datagram

  EXPECT_FALSE(client.Receive().has_value()) << "no reply to anything malformed";
  auto stats = responder->stats();
  EXPECT_EQ(stats.received, 9u);
  EXPECT_EQ(stats.malformed, 9u);
  EXPECT_EQ(stats.sent, 0u);
  EXPECT_EQ(stats.answered, 0u);

  client.SendTo(to, Packet(Probe(5)));
  auto reply = client.Receive();
  ASSERT_TRUE(reply.has_value()) << "the responder still answers after garbage";
  EXPECT_EQ(internal::ReadQosHeader(reply->data(), reply->size())->sequence, 5u);
}

TEST(QosResponderTest, RateLimit_CapsRepliesPerSourceButNotOtherSources) {
  QosResponderOptions options;
  options.packet_burst = 10;
  options.packets_per_second = 1;
  auto responder = StartLoopbackResponder(options);
  RawUdpClient noisy(std::chrono::milliseconds(150));
  for (std::uint32_t i = 0; i < 50; ++i) noisy.SendTo(responder->endpoint(), Packet(Probe(i)));
  auto replies = noisy.ReceiveAll();
  EXPECT_GE(replies.size(), 10u);
  EXPECT_LE(replies.size(), 11u) << "burst of 10 plus at most one refilled token";
  EXPECT_GE(responder->stats().rate_limited, 39u);

  RawUdpClient quiet;
  quiet.SendTo(responder->endpoint(), Packet(Probe(1)));
  EXPECT_TRUE(quiet.Receive().has_value()) << "another source has its own budget";
}

TEST(QosResponderTest, RateLimit_DropsTrainBeyondByteBudget) {
  QosResponderOptions options;
  options.byte_burst = 10000;
  options.bytes_per_second = 1;
  auto responder = StartLoopbackResponder(options);
  RawUdpClient client;
  auto request = Probe(0);
  request.type = QosPacketType::kDownTrainRequest;
  request.train_count = 20;
  request.train_size = 1000;  // 20 kB > 10 kB budget: no amplification past the budget
  client.SendTo(responder->endpoint(), Packet(request));
  EXPECT_TRUE(client.ReceiveAll().empty());
  EXPECT_EQ(responder->stats().rate_limited, 1u);

  request.train_count = 5;
  client.SendTo(responder->endpoint(), Packet(request));
  EXPECT_EQ(client.ReceiveAll().size(), 5u);
}

TEST(QosResponderTest, Start_Twice_IsInvalidState) {
  auto responder = StartLoopbackResponder();
  auto again = responder->Start();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidState);
}

TEST(QosResponderTest, Start_WithNonNumericAddress_IsInvalidArgument) {
  QosResponderOptions options;
  options.bind_address = "localhost";
  QosResponder responder(options);
  auto started = responder.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(responder.running());
}

TEST(QosResponderTest, Start_OnPortInUse_IsNetworkError) {
  auto first = StartLoopbackResponder();
  QosResponderOptions options;
  options.bind_address = "127.0.0.1";
  options.port = first->endpoint().port;
  QosResponder second(options);
  auto started = second.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, ErrorCode::kNetwork);
}

TEST(QosResponderTest, Stop_IsPromptIdempotentAndSilencesThePort) {
  auto responder = StartLoopbackResponder();
  auto endpoint = responder->endpoint();
  EXPECT_TRUE(responder->running());
  auto begin = std::chrono::steady_clock::now();
  responder->Stop();
  responder->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::milliseconds(500));
  EXPECT_FALSE(responder->running());
  RawUdpClient client(std::chrono::milliseconds(100));
  client.SendTo(endpoint, Packet(Probe(1)));
  EXPECT_FALSE(client.Receive().has_value());
}

TEST(QosResponderTest, Restart_AfterStop_AnswersAgain) {
  auto responder = StartLoopbackResponder();
  responder->Stop();
  ASSERT_TRUE(responder->Start().ok());
  RawUdpClient client;
  client.SendTo(responder->endpoint(), Packet(Probe(3)));
  EXPECT_TRUE(client.Receive().has_value());
}

}  // namespace
}  // namespace xbl::qos
