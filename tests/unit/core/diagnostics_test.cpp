#include "xbl/diagnostics.h"
#include "xbl/har_writer.h"
#include <gtest/gtest.h>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace xbl {
namespace {

HttpExchangeEvent SampleEvent() {
  HttpExchangeEvent event;
  event.method = "PUT";
  event.url = "https://mpsd.test/serviceconfigs/s/batch?keyword=a%20b&take=5";
  event.request_headers = {{"Authorization", "XBL3.0 x=1;secret"}, {"Content-Type", "application/json"}};
  event.request_body = R"({"xuids":["1"]})";
  event.status = 200;
  event.response_headers = {{"Content-Type", "application/json"}, {"ETag", "\"9\""}};
  event.response_body = R"({"results":[]})";
  event.started = std::chrono::system_clock::from_time_t(1767225600) + std::chrono::milliseconds(42);
  event.elapsed = std::chrono::milliseconds(17);
  event.attempt = 2;
  return event;
}

TEST(DiagnosticsTest, RedactHeadersHidesAuthorizationAndSignature) {
  auto headers = RedactHeaders({{"authorization", "XBL3.0 x=1;t"}, {"Signature", "sig"}, {"ETag", "1"}});
  EXPECT_EQ(headers["Authorization"], kRedacted);
  EXPECT_EQ(headers["signature"], kRedacted);
  EXPECT_EQ(headers["etag"], "1");
}

TEST(DiagnosticsTest, TraceLevelNames) {
  EXPECT_STREQ(ToString(TraceLevel::kOff), "off");
  EXPECT_STREQ(ToString(TraceLevel::kVerbose), "verbose");
}

TEST(HarWriterTest, WritesHar12WithRedactedAuthorization) {
  HarWriter writer;
  writer.Handler()(SampleEvent());
  EXPECT_EQ(writer.size(), 1u);
  auto har = writer.ToJson();
  EXPECT_EQ(har["log"]["version"], "1.2");
  EXPECT_EQ(har["log"]["creator"]["name"], "xbl-cpp");
  ASSERT_EQ(har["log"]["entries"].size(), 1u);
  auto const& entry = har["log"]["entries"][0];
  EXPECT_EQ(entry["startedDateTime"], "2026-01-01T00:00:00.042Z");
  EXPECT_EQ(entry["time"], 17.0);
  EXPECT_EQ(entry["_attempt"], 2);
  EXPECT_EQ(entry["request"]["method"], "PUT");
  EXPECT_EQ(entry["request"]["url"], SampleEvent().url);
  EXPECT_EQ(entry["request"]["postData"]["mimeType"], "application/json");
  EXPECT_EQ(entry["request"]["postData"]["text"], R"({"xuids":["1"]})");
  EXPECT_EQ(entry["request"]["queryString"],
            (nlohmann::json::array({{{"name", "keyword"}, {"value", "a b"}}, {{"name", "take"}, {"value", "5"}}})));
  bool saw_auth = false;
  for (auto const& header : entry["request"]["headers"]) {
    if (header["name"] == "Authorization") {
      saw_auth = true;
      EXPECT_EQ(header["value"], kRedacted);
    }
  }
  EXPECT_TRUE(saw_auth);
  EXPECT_EQ(entry["response"]["status"], 200);
  EXPECT_EQ(entry["response"]["content"]["text"], R"({"results":[]})");
  EXPECT_EQ(entry["response"]["content"]["size"], 14);
  EXPECT_EQ(har.dump().find("secret"), std::string::npos);
}

TEST(HarWriterTest, TransportErrorIsRecordedWithoutAStatus) {
  HarWriter writer;
  auto event = SampleEvent();
  event.status = 0;
  event.response_headers.clear();
  event.response_body.clear();
  event.error = "network: connection reset";
  writer.Add(event);
  auto const har = writer.ToJson();
  auto const& response = har["log"]["entries"][0]["response"];
  EXPECT_EQ(response["status"], 0);
  EXPECT_EQ(response["_error"], "network: connection reset");
  EXPECT_EQ(response["bodySize"], -1);
}

TEST(HarWriterTest, WriteFileRoundTripsAndSurvivesInvalidUtf8) {
  HarWriter writer;
  auto event = SampleEvent();
  event.response_body = std::string("\xff\xfe binary", 9);
  writer.Add(event);
  std::string const path = ::testing::TempDir() + "/xbl_har_writer_test.har";
  ASSERT_TRUE(writer.WriteFile(path).ok());
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = nlohmann::json::parse(text.str(), nullptr, false);
  ASSERT_FALSE(parsed.is_discarded());
  EXPECT_EQ(parsed["log"]["entries"].size(), 1u);
  std::remove(path.c_str());
}

TEST(HarWriterTest, WriteFileToABadPathIsAnError) {
  HarWriter writer;
  auto result = writer.WriteFile("/nonexistent-dir/x/y.har");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace xbl
