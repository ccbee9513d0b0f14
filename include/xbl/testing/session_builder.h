#pragma once
#include "xbl/multiplayer/multiplayer_session.h"
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>

namespace xbl::testing {

/// Builds a `MultiplayerSession` as the service would return it (state, not pending changes),
/// for titles' unit tests over `MockMultiplayerServiceConnection`: no MPSD JSON in the test.
///   auto lobby = SessionBuilder({scid, "lobby", "l1"}).etag("\"e1\"").max_members(4)
///                    .member("1001").custom_property("map", "dust").Build();
class SessionBuilder {
 public:
  explicit SessionBuilder(multiplayer::SessionReference reference) : reference_(std::move(reference)) {
    document_ = {{"contractVersion", 107},
                 {"constants",
                  {{"system", {{"version", 1}, {"maxMembersCount", 8}}}, {"custom", nlohmann::json::object()}}},
                 {"properties", {{"system", nlohmann::json::object()}, {"custom", nlohmann::json::object()}}},
                 {"members", nlohmann::json::object()},
                 {"membersInfo", {{"first", 0}, {"next", 0}, {"count", 0}, {"accepted", 0}}}};
  }

  SessionBuilder& etag(std::string value) {
    etag_ = std::move(value);
    return *this;
  }
  SessionBuilder& max_members(std::uint32_t count) {
    document_["constants"]["system"]["maxMembersCount"] = count;
    return *this;
  }
  /// An active member at the next index (`active` false: reserved).
  SessionBuilder& member(std::string const& xuid, bool active = true, std::string gamertag = {}) {
    auto& info = document_["membersInfo"];
    auto const index = info["next"].get<std::uint32_t>();
    nlohmann::json entry = {{"constants", {{"system", {{"xuid", xuid}, {"index", index}}}}},
                            {"properties", {{"system", nlohmann::json::object()}}}};
    if (active) entry["properties"]["system"]["active"] = true;
    if (!gamertag.empty()) entry["gamertag"] = std::move(gamertag);
    document_["members"][std::to_string(index)] = std::move(entry);
    info["next"] = index + 1;
    info["count"] = info["count"].get<std::uint32_t>() + 1;
    if (active) info["accepted"] = info["accepted"].get<std::uint32_t>() + 1;
    return *this;
  }
  /// The session's `branch` and `changeNumber`, as a shoulder tap names them.
  SessionBuilder& change(std::string branch, std::uint64_t change_number) {
    document_["branch"] = std::move(branch);
    document_["changeNumber"] = change_number;
    return *this;
  }
  SessionBuilder& custom_property(std::string const& name, nlohmann::json value) {
    document_["properties"]["custom"][name] = std::move(value);
    return *this;
  }
  SessionBuilder& custom_constant(std::string const& name, nlohmann::json value) {
    document_["constants"]["custom"][name] = std::move(value);
    return *this;
  }
  /// The session as `current_user_xuid` reads it (its `me`).
  SessionBuilder& read_by(std::string xuid) {
    reader_ = std::move(xuid);
    return *this;
  }

  /// The session; throws `std::logic_error` only if the builder itself made a document the
  /// model refuses (a bug here, never the title's).
  multiplayer::MultiplayerSession Build() const {
    auto parsed = multiplayer::MultiplayerSession::Parse(reference_, document_.dump(), etag_);
    if (!parsed.ok()) throw std::logic_error("SessionBuilder: " + parsed.error().ToString());
    if (!reader_.empty()) parsed->set_current_user_xuid(reader_);
    return std::move(parsed).value();
  }

 private:
  multiplayer::SessionReference reference_;
  nlohmann::json document_;
  std::string etag_;
  std::string reader_;
};

}  // namespace xbl::testing
