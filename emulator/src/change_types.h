#pragma once
#include "json.h"

#include <string>
#include <vector>

namespace xbl::emulator {

/// The subscription change types a commit matches, from the session document before and
/// after it (before is null for a creation). "everything" always matches; "tournaments" never
/// does. Names are spelled as members write them in `subscription.changeTypes`
/// (docs/rta-protocol.md, "Member subscriptions and change types").
std::vector<std::string> MatchedChangeTypes(Json const& before, Json const& after);
/// True when `name` is one of the change types a subscription may name.
bool IsKnownChangeType(std::string const& name);

}  // namespace xbl::emulator
