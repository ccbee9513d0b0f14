#include "multiplayer/shoulder_taps.h"
#include "core/ascii_case.h"

namespace xbl::internal {
namespace {

/// "a~b~c" into its parts; any other count of parts gives an empty result.
std::vector<std::string> SplitResource(std::string const& resource) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    auto const tilde = resource.find('~', start);
    parts.push_back(resource.substr(start, tilde == std::string::npos ? std::string::npos : tilde - start));
    if (tilde == std::string::npos) break;
    start = tilde + 1;
  }
  for (auto const& part : parts) {
    if (part.empty()) return {};
  }
  return parts.size() == 3 ? parts : std::vector<std::string>{};
}

}  // namespace

std::vector<ShoulderTap> ParseShoulderTaps(nlohmann::json const& data, std::vector<std::string>& skipped) {
  std::vector<ShoulderTap> taps;
  if (!data.is_object() || !data.contains("shoulderTaps") || !data["shoulderTaps"].is_array()) {
    skipped.push_back("an Event without a shoulderTaps array");
    return taps;
  }
  for (auto const& entry : data["shoulderTaps"]) {
    if (!entry.is_object() || !entry.contains("resource") || !entry["resource"].is_string()) {
      skipped.push_back("a tap without a resource");
      continue;
    }
    auto const resource = entry["resource"].get<std::string>();
    auto const parts = SplitResource(resource);
    if (parts.empty()) {
      skipped.push_back("a tap whose resource is not scid~template~name: " + resource);
      continue;
    }
    auto const branch = entry.find("branch");
    auto const change = entry.find("changeNumber");
    bool const counted = change != entry.end() && (change->is_number_unsigned() ||
                                                   (change->is_number_integer() && change->get<std::int64_t>() >= 0));
    if (branch == entry.end() || !branch->is_string() || !counted) {
      skipped.push_back("a tap without a branch and a change number: " + resource);
      continue;
    }
    ShoulderTap tap;
    tap.reference = multiplayer::SessionReference{parts[0], parts[1], parts[2]};
    tap.branch = branch->get<std::string>();
    tap.change_number = change->get<std::uint64_t>();
    taps.push_back(std::move(tap));
  }
  return taps;
}

SessionKey KeyOfSession(multiplayer::SessionReference const& reference) {
  return {ToLower(reference.scid), ToLower(reference.template_name), ToLower(reference.name)};
}

bool ChangeNumberTracker::Observe(multiplayer::SessionReference const& reference, std::string const& branch,
                                  std::uint64_t change_number) {
  auto const lower_branch = ToLower(branch);
  auto [it, inserted] = seen_.try_emplace(KeyOfSession(reference), Seen{lower_branch, change_number});
  if (inserted) return true;
  auto& seen = it->second;
  if (seen.branch != lower_branch || change_number > seen.change_number) {
    seen = Seen{lower_branch, change_number};
    return true;
  }
  return false;
}

void ChangeNumberTracker::Forget(multiplayer::SessionReference const& reference) {
  seen_.erase(KeyOfSession(reference));
}

}  // namespace xbl::internal
