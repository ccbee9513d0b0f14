#include "multiplayer/pending_changes.h"
#include <algorithm>

namespace xbl::internal {

using Json = PendingChanges::Json;

namespace {
constexpr char const* kSectionKeys[] = {"constants", "roleTypes", "properties", "servers"};
}  // namespace

Json& ObjectChild(Json& parent, char const* key) {
  if (!parent.is_object()) parent = Json::object();
  auto& child = parent[key];
  if (!child.is_object()) child = Json::object();
  return child;
}

bool PendingChanges::empty() const {
  return std::all_of(std::begin(sections_), std::end(sections_), [](Json const& s) { return s.is_null(); }) &&
         me_.is_null() && !leave_ && reservations_.empty() && removals_.empty() && member_edits_.is_null();
}

Json PendingChanges::Body() const {
  Json body = Json::object();
  for (std::size_t i = 0; i < std::size(sections_); ++i) {
    if (!sections_[i].is_null()) body[kSectionKeys[i]] = sections_[i];
  }
  Json members = Json::object();
  if (leave_) {
    members["me"] = nullptr;
  } else if (me_.is_object()) {
    members["me"] = me_;
  }
  for (std::size_t i = 0; i < reservations_.size(); ++i) members["reserve_" + std::to_string(i)] = reservations_[i];
  for (auto index : removals_) members[std::to_string(index)] = nullptr;
  if (member_edits_.is_object()) {
    for (auto const& [key, value] : member_edits_.items()) members[key] = value;
  }
  if (!members.empty()) body["members"] = std::move(members);
  return body;
}

Json& PendingChanges::SectionObject(Section section) {
  auto& value = sections_[static_cast<std::size_t>(section)];
  if (!value.is_object()) value = Json::object();
  return value;
}

Json const* PendingChanges::FindSection(Section section) const {
  auto const& value = sections_[static_cast<std::size_t>(section)];
  return value.is_null() ? nullptr : &value;
}

Json& PendingChanges::SystemConstants() { return ObjectChild(SectionObject(Section::kConstants), "system"); }

Json& PendingChanges::SystemProperties() { return ObjectChild(SectionObject(Section::kProperties), "system"); }

Json& PendingChanges::Me() {
  if (!me_.is_object()) me_ = Json::object();
  return me_;
}

Json& PendingChanges::MeSystemProperties() { return ObjectChild(ObjectChild(Me(), "properties"), "system"); }

void PendingChanges::Leave() {
  me_ = nullptr;
  leave_ = true;
}

void PendingChanges::RemoveMember(std::uint32_t index) {
  if (std::find(removals_.begin(), removals_.end(), index) == removals_.end()) removals_.push_back(index);
}

void PendingChanges::EditMember(std::string const& key, Json value) {
  if (!member_edits_.is_object()) member_edits_ = Json::object();
  member_edits_[key] = std::move(value);
}

}  // namespace xbl::internal
