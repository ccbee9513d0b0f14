#include "xbl/result.h"
#include <gtest/gtest.h>
#include <memory>
#include <string>

namespace xbl {
namespace {

TEST(ResultTest, HoldsValue) {
  Result<std::string> result(std::string("abc"));
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(*result, "abc");
  EXPECT_EQ(result->size(), 3u);
}

TEST(ResultTest, HoldsError) {
  Result<int> result(Error(ErrorCode::kNotFound, "no such template", 404));
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(static_cast<bool>(result));
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(result.error().http_status, 404);
  EXPECT_EQ(result.error().message, "no such template");
}

TEST(ResultTest, MovesOutMoveOnlyValue) {
  Result<std::unique_ptr<int>> result(std::make_unique<int>(7));
  std::unique_ptr<int> taken = *std::move(result);
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(*taken, 7);
}

TEST(ResultTest, VoidSuccessAndFailure) {
  Result<void> good;
  EXPECT_TRUE(good.ok());
  Result<void> bad(Error(ErrorCode::kCancelled, "cancelled"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kCancelled);
}

// Reading the wrong side is a caller bug: it stops the process with a message, in every build
// (not only where assertions are compiled in).
TEST(ResultDeathTest, ValueOnAnErrorAbortsWithTheErrorsMessage) {
  Result<int> result(Error(ErrorCode::kNotFound, "no such template", 404));
  EXPECT_DEATH({ [[maybe_unused]] int v = result.value(); }, "value\\(\\) on an error: no such template");
}

TEST(ResultDeathTest, DereferenceOfAnErrorAborts) {
  Result<std::string> result(Error(ErrorCode::kCancelled, "cancelled"));
  EXPECT_DEATH({ [[maybe_unused]] auto size = result->size(); }, "value\\(\\) on an error: cancelled");
}

TEST(ResultDeathTest, ErrorOnAValueAborts) {
  Result<int> result(3);
  EXPECT_DEATH({ [[maybe_unused]] auto code = result.error().code; }, "error\\(\\) on a value");
}

TEST(ResultDeathTest, ErrorOnAVoidSuccessAborts) {
  Result<void> result;
  EXPECT_DEATH({ [[maybe_unused]] auto code = result.error().code; }, "error\\(\\) on a success");
}

TEST(ErrorTest, InteroperatesWithStdErrorCode) {
  std::error_code code = ErrorCode::kPreconditionFailed;
  EXPECT_EQ(code.category().name(), std::string("xbl"));
  EXPECT_EQ(code.message(), "precondition_failed");
  EXPECT_EQ(code, make_error_code(ErrorCode::kPreconditionFailed));
  EXPECT_NE(code, make_error_code(ErrorCode::kConflict));
  Error error(ErrorCode::kThrottled, "slow down", 429);
  EXPECT_EQ(error.error_code(), ErrorCode::kThrottled);
}

TEST(ErrorTest, ToStringNamesCodeStatusAndMessage) {
  Error error(ErrorCode::kPreconditionFailed, "etag mismatch", 412);
  EXPECT_EQ(error.ToString(), "precondition_failed (HTTP 412): etag mismatch");
}

TEST(ErrorTest, MapsHttpStatuses) {
  EXPECT_EQ(ErrorCodeFromHttpStatus(400), ErrorCode::kBadRequest);
  EXPECT_EQ(ErrorCodeFromHttpStatus(403), ErrorCode::kForbidden);
  EXPECT_EQ(ErrorCodeFromHttpStatus(409), ErrorCode::kConflict);
  EXPECT_EQ(ErrorCodeFromHttpStatus(412), ErrorCode::kPreconditionFailed);
  EXPECT_EQ(ErrorCodeFromHttpStatus(429), ErrorCode::kThrottled);
  EXPECT_EQ(ErrorCodeFromHttpStatus(502), ErrorCode::kServerError);
  EXPECT_EQ(ErrorCodeFromHttpStatus(503), ErrorCode::kServiceUnavailable);
  EXPECT_EQ(ErrorCodeFromHttpStatus(418), ErrorCode::kHttpError);
}

}  // namespace
}  // namespace xbl
