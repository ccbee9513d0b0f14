// The history's JSON Patch (RFC 6902) diff, on documents: deterministic operations that, applied to
// the old document, give the new one.
#include "json_patch.h"

#include <gtest/gtest.h>

namespace xbl::conformance {
namespace {

using emulator::Json;
using emulator::JsonPatchDiff;

Json P(char const* text) { return Json::parse(text); }

// Applies with nlohmann's own patch, an independent implementation of RFC 6902. The result is
// compared without regard to key order (an object member removed and added again goes last).
nlohmann::json Apply(Json doc, Json const& patch) { return nlohmann::json::parse(doc.patch(patch).dump()); }
nlohmann::json Unordered(Json const& doc) { return nlohmann::json::parse(doc.dump()); }

TEST(JsonPatchDiff, EqualDocumentsGiveAnEmptyPatch) {
  EXPECT_EQ(JsonPatchDiff(P(R"({"a":1,"b":[1,2]})"), P(R"({"a":1,"b":[1,2]})")), Json::array());
  EXPECT_EQ(JsonPatchDiff(P("1"), P("1.0")), Json::array());
}

TEST(JsonPatchDiff, ObjectMembersAreAddedRemovedAndReplacedByKeyInOrder) {
  Json patch =
      JsonPatchDiff(P(R"({"keep":1,"gone":2,"change":{"x":1}})"), P(R"({"keep":1,"change":{"x":2},"new":true})"));
  EXPECT_EQ(patch, P(R"([{"op":"remove","path":"/gone"},{"op":"replace","path":"/change/x","value":2},)"
                     R"({"op":"add","path":"/new","value":true}])"));
}

TEST(JsonPatchDiff, KeyOrderAloneIsNoChange) {
  EXPECT_EQ(JsonPatchDiff(P(R"({"a":1,"b":2})"), P(R"({"b":2,"a":1})")), Json::array());
}

TEST(JsonPatchDiff, ArraysChangeByIndexAppendAtTheEndAndShrinkFromTheLast) {
  EXPECT_EQ(
      JsonPatchDiff(P("[1,2,3]"), P("[1,5,3,4,6]")),
      P(R"([{"op":"replace","path":"/1","value":5},{"op":"add","path":"/3","value":4},{"op":"add","path":"/4","value":6}])"));
  EXPECT_EQ(JsonPatchDiff(P("[1,2,3,4]"), P("[1]")),
            P(R"([{"op":"remove","path":"/3"},{"op":"remove","path":"/2"},{"op":"remove","path":"/1"}])"));
}

TEST(JsonPatchDiff, AChangeOfKindReplacesTheWholeValue) {
  EXPECT_EQ(JsonPatchDiff(P(R"({"v":[1]})"), P(R"({"v":{"0":1}})")),
            P(R"([{"op":"replace","path":"/v","value":{"0":1}}])"));
  EXPECT_EQ(JsonPatchDiff(P(R"({"v":"1"})"), P(R"({"v":1})")), P(R"([{"op":"replace","path":"/v","value":1}])"));
}

TEST(JsonPatchDiff, FromNothingTheWholeDocumentIsAddedAtTheRoot) {
  EXPECT_EQ(JsonPatchDiff(Json(), P(R"({"a":1})")), P(R"([{"op":"add","path":"","value":{"a":1}}])"));
  EXPECT_EQ(JsonPatchDiff(P(R"({"a":1})"), Json()), P(R"([{"op":"replace","path":"","value":null}])"));
}

TEST(JsonPatchDiff, SlashAndTildeInKeysAreEscapedInPaths) {
  Json patch = JsonPatchDiff(P(R"({})"), P(R"({"a/b":1,"c~d":2})"));
  EXPECT_EQ(patch, P(R"([{"op":"add","path":"/a~1b","value":1},{"op":"add","path":"/c~0d","value":2}])"));
}

TEST(JsonPatchDiff, ApplyingThePatchGivesTheNewDocument) {
  Json from = P(R"({"members":{"0":{"a":true},"1":{"a":false}},"list":[1,{"x":[2,3]},4],"s":"t","n":null})");
  Json to = P(R"({"members":{"1":{"a":true,"r":1},"2":{}},"list":[{"x":[3]},5],"n":0,"k~/":[[]]})");
  Json patch = JsonPatchDiff(from, to);
  EXPECT_EQ(Apply(from, patch), Unordered(to)) << patch.dump();
  EXPECT_EQ(Apply(to, JsonPatchDiff(to, from)), Unordered(from));
}

TEST(JsonPatchDiff, TheSameInputsGiveTheSamePatch) {
  Json from = P(R"({"b":[1,2],"a":{"z":1,"y":2}})");
  Json to = P(R"({"a":{"y":3},"b":[2],"c":1})");
  EXPECT_EQ(JsonPatchDiff(from, to).dump(), JsonPatchDiff(from, to).dump());
}

}  // namespace
}  // namespace xbl::conformance
