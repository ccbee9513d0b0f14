#pragma once
// The changes a session object has recorded for its next write. Kept as ordered JSON, so that
// the body is rendered by one serializer and keys go out in the order they were recorded.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace xbl::internal {

class PendingChanges {
 public:
  using Json = nlohmann::ordered_json;

  /// The top-level parts of a write other than `members`, in the order the body lists them.
  enum class Section { kConstants, kRoleTypes, kProperties, kServers };

  bool empty() const;
  /// The PUT body: each touched section (constants, roleTypes, properties, servers), then
  /// `members`: `me` (or `"me": null` when leaving), `reserve_0`, `reserve_1`, ... in call order,
  /// removed indices as `"<index>": null`, then members edited through raw deltas.
  Json Body() const;

  /// A section's object, created empty on first use (and replacing anything that is not an object).
  Json& SectionObject(Section section);
  /// A section as recorded, or null when untouched.
  Json const* FindSection(Section section) const;
  /// `constants.system` and `properties.system`, created on first use.
  Json& SystemConstants();
  Json& SystemProperties();

  /// `members.me`, created on first use (callers refuse member changes while `leaving()`).
  Json& Me();
  /// `members.me.properties.system`, created on first use.
  Json& MeSystemProperties();
  bool has_me() const { return me_.is_object(); }
  /// A join is pending: `me` carries constants (only a join or a raw delta writes them).
  bool joining() const { return me_.is_object() && me_.contains("constants"); }
  /// `"me": null` is pending.
  bool leaving() const { return leave_; }
  /// Records `"me": null`, discarding the current user's other pending member changes.
  void Leave();
  /// Forgets a pending leave (a raw delta that writes `me` again).
  void CancelLeave() { leave_ = false; }

  std::size_t reservation_count() const { return reservations_.size(); }
  void AddReservation(Json entry) { reservations_.push_back(std::move(entry)); }
  /// Records `"<index>": null` once per index.
  void RemoveMember(std::uint32_t index);
  /// Records a member entry by index key, from a raw delta (replacing an earlier one).
  void EditMember(std::string const& key, Json value);

 private:
  Json sections_[4];  ///< indexed by Section; null until touched
  Json me_;           ///< `members.me`, or null
  bool leave_ = false;
  std::vector<Json> reservations_;
  std::vector<std::uint32_t> removals_;
  Json member_edits_;  ///< `"<index>": {...}` from raw deltas, or null
};

/// `parent[key]` as an object: `parent` becomes an object if it is not one, and so does the child.
PendingChanges::Json& ObjectChild(PendingChanges::Json& parent, char const* key);

}  // namespace xbl::internal
