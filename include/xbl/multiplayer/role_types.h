#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace xbl::multiplayer {

/// One role of a role type; `count` and `member_xuids` are computed by the service.
struct Role {
  std::uint32_t max = 0;     ///< 0 when unset
  std::uint32_t target = 0;  ///< 0 when unset
  std::uint32_t count = 0;
  std::vector<std::string> member_xuids;
};

/// `roleTypes/{type}`.
struct RoleType {
  bool owner_managed = false;
  std::vector<std::string> mutable_role_settings;  ///< "max", "target"
  std::map<std::string, Role> roles;
};

}  // namespace xbl::multiplayer
