// Every public MultiplayerService call refuses caller text that is not UTF-8 with
// kInvalidArgument, as a value, and sends nothing (the transport is a StrictMock).
#include "service_test_support.h"

namespace xbl::testing {
namespace {

using multiplayer::GetSessionsRequest;
using multiplayer::MultiplayerSession;
using multiplayer::SearchHandleRequest;
using multiplayer::SearchHandlesQuery;
using multiplayer::SessionReference;
using multiplayer::SessionWriteMode;
using ::testing::_;

std::string const kNotUtf8("\xff\xfe", 2);

SessionReference BadReference() { return {Reference().scid, Reference().template_name, "lobby" + kNotUtf8}; }

template <typename T>
void ExpectRefused(pplx::task<Result<T>> task, char const* call) {
  Result<T> result = Error(ErrorCode::kUnknown, "the call threw");
  try {
    result = task.get();
  } catch (...) {
    ADD_FAILURE() << call << " threw";
  }
  ASSERT_FALSE(result.ok()) << call;
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << call << ": " << result.error().ToString();
}

TEST(NonUtf8InputTest, EveryCallRefusesTextThatIsNotUtf8AndSendsNothing) {
  ServiceHarness h([](ClientOptions& options) { options.user_xuid = "2533274800000001"; });
  EXPECT_CALL(*h.transport, SendAsync(_, _)).Times(0);
  auto const& service = *h.service;
  MultiplayerSession bad_session(BadReference());
  MultiplayerSession good_session(Reference());
  SearchHandleRequest search;
  search.session_reference = Reference();
  search.strings["mode"] = kNotUtf8;
  SearchHandlesQuery query;
  query.scid = Reference().scid;
  query.template_name = Reference().template_name;
  query.filter = "strings/mode eq '" + kNotUtf8 + "'";
  auto no_change = [](MultiplayerSession&) { return Result<void>(); };

  ExpectRefused(service.WriteSessionAsync(bad_session, SessionWriteMode::kUpdateExisting), "WriteSessionAsync");
  ExpectRefused(service.WriteSessionByHandleAsync(good_session, SessionWriteMode::kUpdateExisting, kNotUtf8),
                "WriteSessionByHandleAsync");
  ExpectRefused(service.GetCurrentSessionAsync(BadReference()), "GetCurrentSessionAsync");
  ExpectRefused(service.GetCurrentSessionByHandleAsync(kNotUtf8), "GetCurrentSessionByHandleAsync");
  ExpectRefused(service.LeaveSessionAsync(BadReference()), "LeaveSessionAsync");
  ExpectRefused(service.UpdateSessionPropertiesAsync(Reference(), {{"custom", {{"mode", kNotUtf8}}}}),
                "UpdateSessionPropertiesAsync (property)");
  ExpectRefused(service.UpdateSessionPropertiesAsync(BadReference(), {{"custom", {}}}),
                "UpdateSessionPropertiesAsync (reference)");
  ExpectRefused(service.RemoveMemberAsync(BadReference(), 1), "RemoveMemberAsync");
  ExpectRefused(service.RemoveServerAsync(Reference(), kNotUtf8), "RemoveServerAsync");
  ExpectRefused(service.GetSessionsAsync(GetSessionsRequest(Reference().scid).set_keyword(kNotUtf8)),
                "GetSessionsAsync (keyword)");
  ExpectRefused(service.GetSessionsAsync(GetSessionsRequest(kNotUtf8).set_keyword("k")), "GetSessionsAsync (scid)");
  ExpectRefused(service.GetSessionsAsync(GetSessionsRequest(Reference().scid).set_xuids({kNotUtf8})),
                "GetSessionsAsync (xuids)");
  ExpectRefused(service.GetSessionTemplatesAsync(kNotUtf8), "GetSessionTemplatesAsync");
  ExpectRefused(service.GetSessionTemplateAsync(Reference().scid, kNotUtf8), "GetSessionTemplateAsync");
  ExpectRefused(service.UpdateSessionAsync(BadReference(), no_change), "UpdateSessionAsync");
  ExpectRefused(service.SetActivityAsync(BadReference()), "SetActivityAsync");
  ExpectRefused(service.ClearActivityAsync(kNotUtf8), "ClearActivityAsync");
  ExpectRefused(service.GetActivitiesForUsersAsync(Reference().scid, {kNotUtf8}), "GetActivitiesForUsersAsync");
  ExpectRefused(service.GetActivitiesForSocialGroupAsync(Reference().scid, "2533274800000001", kNotUtf8),
                "GetActivitiesForSocialGroupAsync");
  ExpectRefused(service.SendInvitesAsync(Reference(), {kNotUtf8}, "1234567"), "SendInvitesAsync (xuid)");
  ExpectRefused(service.SendInvitesAsync(Reference(), {"2533274800000002"}, "1234567", kNotUtf8),
                "SendInvitesAsync (context string)");
  ExpectRefused(service.SetTransferHandleAsync(Reference(), BadReference()), "SetTransferHandleAsync");
  ExpectRefused(service.SetSearchHandleAsync(search), "SetSearchHandleAsync");
  ExpectRefused(service.ClearSearchHandleAsync(kNotUtf8), "ClearSearchHandleAsync");
  ExpectRefused(service.GetSearchHandlesAsync(query), "GetSearchHandlesAsync");
}

}  // namespace
}  // namespace xbl::testing
