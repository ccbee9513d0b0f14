#include "xbl/qos/qos_address.h"

#include <gtest/gtest.h>

namespace xbl::qos {
namespace {

TEST(QosAddressTest, DefaultResolver_DecodesIpv4HostPort) {
  auto endpoint = DefaultAddressResolver("MTI3LjAuMC4xOjMwNzQ=");  // "127.0.0.1:3074"
  ASSERT_TRUE(endpoint.ok()) << endpoint.error().ToString();
  EXPECT_EQ(endpoint->host, "127.0.0.1");
  EXPECT_EQ(endpoint->port, 3074);
}

TEST(QosAddressTest, DefaultResolver_DecodesBracketedIpv6) {
  auto endpoint = DefaultAddressResolver("WzIwMDE6ZGI4OjoxXTo1MDAwMA==");  // "[2001:db8::1]:50000"
  ASSERT_TRUE(endpoint.ok()) << endpoint.error().ToString();
  EXPECT_EQ(endpoint->host, "2001:db8::1");
  EXPECT_EQ(endpoint->port, 50000);
  EXPECT_EQ(endpoint->ToString(), "[2001:db8::1]:50000");
}

TEST(QosAddressTest, Encode_RoundTripsThroughDefaultResolver) {
  for (QosEndpoint const& original :
       {QosEndpoint{"10.1.2.3", 1}, QosEndpoint{"::1", 65535}, QosEndpoint{"192.168.0.10", 3074}}) {
    auto encoded = EncodeSecureDeviceAddress(original);
    auto decoded = DefaultAddressResolver(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded << ": " << decoded.error().ToString();
    EXPECT_EQ(*decoded, original);
  }
  EXPECT_EQ(EncodeSecureDeviceAddress({"127.0.0.1", 3074}), "MTI3LjAuMC4xOjMwNzQ=");
}

TEST(QosAddressTest, DefaultResolver_RejectsMalformedAddresses) {
  auto reject = [](std::string const& sda, std::string const& why) {
    auto result = DefaultAddressResolver(sda);
    ASSERT_FALSE(result.ok()) << why;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << why;
    EXPECT_FALSE(result.error().message.empty()) << why;
  };
  reject("", "empty");
  reject("not base64!", "bad alphabet");
  reject("MTI3LjAuMC4x", "\"127.0.0.1\" has no port");
  reject("bG9jYWxob3N0OjMwNzQ=", "\"localhost:3074\" is not numeric");
  reject("MTI3LjAuMC4xOjcwMDAw", "\"127.0.0.1:70000\" port out of range");
  reject("MTI3LjAuMC4xOjA=", "\"127.0.0.1:0\" port zero");
  reject("MjAwMTpkYjg6OjE6NTAwMDA=", "\"2001:db8::1:50000\" IPv6 without brackets");
  reject("MTI3LjAuMC4xOmFi", "\"127.0.0.1:ab\" non-numeric port");
}

}  // namespace
}  // namespace xbl::qos
