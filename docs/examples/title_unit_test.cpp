// A title's own unit test: the service over MockHttpTransport, asserting on the wire and on the
// result, with no network and no emulator.
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/testing/mock_http_transport.h"
#include <gtest/gtest.h>

namespace {

namespace mp = xbl::multiplayer;
using ::testing::_;
using ::testing::AllOf;
using ::testing::Field;
using ::testing::Return;
using xbl::testing::HasHeader;
using xbl::testing::MockHttpTransport;
using xbl::testing::RespondWith;

// [mock-transport]
TEST(TitleLobbyTest, JoinSendsMeAndReadsTheReply) {
  auto transport = std::make_shared<MockHttpTransport>();
  EXPECT_CALL(*transport, SendAsync(AllOf(Field(&xbl::HttpRequest::method, "PUT"),
                                          HasHeader("If-None-Match", "*")), _))
      .WillOnce(Return(RespondWith(201, {{"ETag", "\"e1\""}, {"Content-Type", "application/json"}},
                                   R"({"constants":{"system":{"maxMembersCount":8}},
                                       "members":{"0":{"constants":{"system":{"xuid":"1001"}}}}})")));
  xbl::ClientOptions options;
  options.endpoint = "https://mpsd.test";
  options.honor_environment = false;
  mp::MultiplayerService service(transport, options);

  mp::MultiplayerSession session(mp::SessionReference{"scid", "lobby", "l1"}, "1001");
  ASSERT_TRUE(session.Join().ok());
  auto result = service.WriteSessionAsync(session, mp::SessionWriteMode::kCreateNew).get();

  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->session->etag(), "\"e1\"");
  EXPECT_EQ(result->session->members().at(0).xuid, "1001");
}
// [mock-transport]

}  // namespace
