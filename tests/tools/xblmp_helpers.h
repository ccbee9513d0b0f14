#pragma once
#include "xbl/testing/local_session_directory.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <memory>
#include <string>

namespace xblmp_test {

constexpr char kScid[] = "00000000-0000-0000-0000-000000000000";
/// The emulator's searchable template `srch` lives in this SCID.
constexpr char kConformanceScid[] = "c0f0c0f0-0000-4000-8000-000000000001";

/// What one run of a tool printed and returned.
struct CommandRun {
  int status = -1;
  std::string out;
  std::string err;
};

std::string ReadFile(std::string const& path);

/// Runs an executable with shell words, optional stdin text; bounded by `timeout` so a hung run
/// fails the test instead of blocking it. Thread-safe: each run has its own files in `dir`.
CommandRun RunTool(std::string const& executable, std::string const& args, std::string const& input,
                   std::string const& dir);

/// A fresh in-process emulator per test and a way to run xblmp against it.
class XblmpTest : public ::testing::Test {
 protected:
  void SetUp() override;

  /// Runs xblmp with `args` (shell words) and optional stdin text; `--endpoint` first unless told not to.
  CommandRun Xblmp(std::string const& args, std::string const& input = {}, bool with_endpoint = true);

  /// stdout parsed as one JSON document; fails the test when it is not exactly one.
  static nlohmann::json Json(CommandRun const& run);

  /// Sends an admin request to the emulator through the SDK's transport.
  void Admin(std::string const& method, std::string const& path, nlohmann::json const& body);
  /// An admin GET's JSON answer; null (and a test failure) when it is not a 200.
  nlohmann::json AdminGet(std::string const& path);

  std::unique_ptr<xbl::testing::LocalSessionDirectory> emulator_;
  std::string dir_;
};

}  // namespace xblmp_test
