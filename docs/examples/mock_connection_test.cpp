// A title's own unit test over MockMultiplayerServiceConnection: the title's lobby code is tested
// against typed results (a session read, a 412 conflict), with no MPSD JSON, no HTTP and no
// emulator. What the title owns is `Lobby`; the test checks its decisions, not the wire.
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/testing/mock_multiplayer_service_connection.h"
#include "xbl/testing/session_builder.h"
#include <gtest/gtest.h>

namespace {

namespace mp = xbl::multiplayer;
using ::testing::_;
using ::testing::Eq;
using ::testing::Property;
using ::testing::Return;
using xbl::testing::ConflictWith;
using xbl::testing::MockMultiplayerServiceConnection;
using xbl::testing::ReadSession;
using xbl::testing::SessionBuilder;
using xbl::testing::WrittenSession;

mp::SessionReference const kLobby{"00000000-0000-0000-0000-0000000000aa", "lobby", "l1"};

// [mock-connection]
/// The title's code: reads the lobby's map, and sets it with a synchronized write that, on a
/// conflict, applies the change again to the session the service returned.
class Lobby {
 public:
  explicit Lobby(mp::MultiplayerService service) : service_(std::move(service)) {}

  std::string Map() const {
    auto read = service_.GetCurrentSessionAsync(kLobby).get();
    if (!read.ok() || !read->session) return "";
    return read->session->properties().custom.value("map", "");
  }

  xbl::Result<void> SetMap(mp::MultiplayerSession base, std::string const& map) const {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (auto set = base.SetCustomProperty("map", map); !set.ok()) return set;
      auto written = service_.WriteSessionAsync(base, mp::SessionWriteMode::kSynchronizedUpdate).get();
      if (written.ok()) return {};
      if (written.error().code != xbl::ErrorCode::kPreconditionFailed || !written.error().session) {
        return written.error();
      }
      base = *written.error().session;  // the current session, typed: no cast, no JSON
    }
    return xbl::Error(xbl::ErrorCode::kPreconditionFailed, "the lobby kept changing");
  }

 private:
  mp::MultiplayerService service_;
};

TEST(TitleLobbyTest, ReadsTheMapFromTheSession) {
  auto connection = std::make_shared<MockMultiplayerServiceConnection>();
  EXPECT_CALL(*connection, GetCurrentSessionAsync(Eq(kLobby), _, _))
      .WillOnce(Return(ReadSession(SessionBuilder(kLobby).member("1001").custom_property("map", "dust").Build())));
  Lobby lobby{mp::MultiplayerService(connection)};
  EXPECT_EQ(lobby.Map(), "dust");
}

TEST(TitleLobbyTest, AConflictIsRetriedFromTheCurrentSession) {
  auto connection = std::make_shared<MockMultiplayerServiceConnection>();
  auto const stale = SessionBuilder(kLobby).etag("\"e1\"").member("1001").Build();
  auto const current = SessionBuilder(kLobby).etag("\"e2\"").member("1001").member("2002").Build();
  ::testing::InSequence order;
  EXPECT_CALL(*connection, WriteSessionAsync(Property(&mp::MultiplayerSession::etag, "\"e1\""), _, _))
      .WillOnce(Return(ConflictWith(current)));
  EXPECT_CALL(*connection, WriteSessionAsync(Property(&mp::MultiplayerSession::etag, "\"e2\""),
                                             mp::SessionWriteMode::kSynchronizedUpdate, _))
      .WillOnce([](mp::MultiplayerSession const& session, mp::SessionWriteMode, pplx::cancellation_token) {
        EXPECT_EQ(session.RequestBody()["properties"]["custom"]["map"], "castle");
        return WrittenSession(session);
      });
  Lobby lobby{mp::MultiplayerService(connection)};
  EXPECT_TRUE(lobby.SetMap(stale, "castle").ok());
}
// [mock-connection]

}  // namespace
