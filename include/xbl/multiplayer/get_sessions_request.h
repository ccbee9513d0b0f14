#pragma once
#include "xbl/multiplayer/session_enums.h"
#include "xbl/result.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xbl::multiplayer {

/// A session query (protocol §3.12). Needs a keyword or a xuid filter (or both).
///   GetSessionsRequest(scid).set_keyword("lobby").set_take(10)
class GetSessionsRequest {
 public:
  explicit GetSessionsRequest(std::string scid) : scid_(std::move(scid)) {}

  std::string const& scid() const { return scid_; }
  std::string const& keyword() const { return keyword_; }
  GetSessionsRequest& set_keyword(std::string keyword) { keyword_ = std::move(keyword); return *this; }
  /// One xuid: `GET ...sessions?xuid=`.
  std::string const& xuid() const { return xuid_; }
  GetSessionsRequest& set_xuid(std::string xuid) { xuid_ = std::move(xuid); return *this; }
  /// Several xuids: `POST .../batch` with `{"xuids": [...]}`. Not together with `xuid`.
  std::vector<std::string> const& xuids() const { return xuids_; }
  GetSessionsRequest& set_xuids(std::vector<std::string> xuids) { xuids_ = std::move(xuids); return *this; }
  /// Restricts the query to one template (the template-level URI).
  std::string const& template_name() const { return template_name_; }
  GetSessionsRequest& set_template_name(std::string name) { template_name_ = std::move(name); return *this; }
  /// kUnknown (the default) sends no visibility filter.
  SessionVisibility visibility() const { return visibility_; }
  GetSessionsRequest& set_visibility(SessionVisibility visibility) { visibility_ = visibility; return *this; }
  /// `version=`: only sessions with this major contract version or lower; 0 sends nothing.
  std::uint32_t contract_version() const { return contract_version_; }
  GetSessionsRequest& set_contract_version(std::uint32_t version) { contract_version_ = version; return *this; }
  /// `take=`: 0..100; unset sends nothing (the service returns up to 100).
  std::optional<int> take() const { return take_; }
  GetSessionsRequest& set_take(int take) { take_ = take; return *this; }
  bool include_private() const { return include_private_; }
  GetSessionsRequest& set_include_private(bool value) { include_private_ = value; return *this; }
  /// Needs a xuid filter.
  bool include_reservations() const { return include_reservations_; }
  GetSessionsRequest& set_include_reservations(bool value) { include_reservations_ = value; return *this; }
  /// Needs a xuid filter.
  bool include_inactive() const { return include_inactive_; }
  GetSessionsRequest& set_include_inactive(bool value) { include_inactive_ = value; return *this; }

  /// `kInvalidArgument` naming the first rule the request breaks; ok otherwise.
  Result<void> Validate() const;

 private:
  std::string scid_;
  std::string keyword_;
  std::string xuid_;
  std::vector<std::string> xuids_;
  std::string template_name_;
  SessionVisibility visibility_ = SessionVisibility::kUnknown;
  std::uint32_t contract_version_ = 0;
  std::optional<int> take_;
  bool include_private_ = false;
  bool include_reservations_ = false;
  bool include_inactive_ = false;
};

}  // namespace xbl::multiplayer
