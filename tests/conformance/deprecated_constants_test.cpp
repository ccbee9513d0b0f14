// Protocol §2.2, §2.3 and §2.4.7: the deprecated `arbitration` and `cloudComputePackage` constants and
// the arbitration capability's combinations.
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class DeprecatedConstants : public ConformanceTest {
 protected:
  Response CreateDyn(std::string const& name, Json const& system) {
    Json body = JoinBody("1001");
    body["constants"] = {{"system", system}};
    return Put(kA, SessionPath("dyn", name), body);
  }
  Json ArbitrationCaps() { return Json{{"arbitration", true}, {"gameplay", true}}; }
  Json Package() { return Json{{"titleId", "8397267"}, {"gsiSet", "g-1"}, {"variant", "v-1"}}; }
};

TEST_F(DeprecatedConstants, ArbitrationCapabilityNeedsGameplayAndIsNotAllowedOnLarge) {
  EXPECT_EQ(CreateDyn("c1", {{"capabilities", {{"arbitration", true}}}}).status, 400);
  Json large = {{"capabilities", {{"arbitration", true}, {"gameplay", true}, {"large", true}}}, {"maxMembersCount", 200}};
  EXPECT_EQ(CreateDyn("c1", large).status, 400);
  EXPECT_EQ(CreateDyn("c1", {{"capabilities", ArbitrationCaps()}}).status, 201);
}

TEST_F(DeprecatedConstants, ArbitrationRequiresTheCapability) {
  EXPECT_EQ(CreateDyn("a0", {{"capabilities", {{"gameplay", true}}}, {"arbitration", Json::object()}}).status, 400);
}

TEST_F(DeprecatedConstants, ArbitrationDefaultsFillMissingTimeouts) {
  auto r = CreateDyn("a1", {{"capabilities", ArbitrationCaps()}, {"arbitration", Json::object()}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.JsonBody()["constants"]["system"]["arbitration"],
            (Json{{"forfeitTimeout", 60000}, {"arbitrationTimeout", 300000}}));
}

TEST_F(DeprecatedConstants, ArbitrationTimeoutsAreOrderedNonNegativeMilliseconds) {
  auto create = [&](Json arbitration) {
    return CreateDyn("a2", {{"capabilities", ArbitrationCaps()}, {"arbitration", arbitration}}).status;
  };
  EXPECT_EQ(create(Json{{"forfeitTimeout", -1}}), 400);
  EXPECT_EQ(create(Json{{"forfeitTimeout", "1000"}}), 400);
  EXPECT_EQ(create(Json{{"arbitrationTimeout", nullptr}}), 400);
  EXPECT_EQ(create(Json{{"forfeitTimeout", 5000}, {"arbitrationTimeout", 4000}}), 400);
  EXPECT_EQ(create(Json{{"forfeitTimeout", 400000}}), 400);  // above the default arbitrationTimeout
  EXPECT_EQ(create(Json{{"forfeitTimeout", 1000}, {"startTime", 5}}), 400);  // unknown key
  EXPECT_EQ(create(Json(5)), 400);
  EXPECT_EQ(create(Json{{"forfeitTimeout", 4000}, {"arbitrationTimeout", 4000}}), 201);
}

TEST_F(DeprecatedConstants, ArbitrationCannotChangeAfterCreation) {
  Json arbitration = {{"forfeitTimeout", 1000}, {"arbitrationTimeout", 2000}};
  ASSERT_EQ(CreateDyn("a3", {{"capabilities", ArbitrationCaps()}, {"arbitration", arbitration}}).status, 201);
  Json same = {{"constants", {{"system", {{"arbitration", arbitration}}}}}};
  EXPECT_EQ(Put(kA, SessionPath("dyn", "a3"), same).status, 200);
  Json changed = {{"constants", {{"system", {{"arbitration", {{"forfeitTimeout", 1000}, {"arbitrationTimeout", 3000}}}}}}}};
  EXPECT_EQ(Put(kA, SessionPath("dyn", "a3"), changed).status, 409);
}

TEST_F(DeprecatedConstants, CloudComputePackageRequiresTheCapability) {
  EXPECT_EQ(CreateDyn("p0", {{"cloudComputePackage", Package()}}).status, 400);
  auto r = CreateDyn("p0", {{"capabilities", {{"cloudCompute", true}}}, {"cloudComputePackage", Package()}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.JsonBody()["constants"]["system"]["cloudComputePackage"], Package());
}

TEST_F(DeprecatedConstants, CloudComputePackageFieldsAreRequiredStrings) {
  auto create = [&](Json package) {
    return CreateDyn("p1", {{"capabilities", {{"cloudCompute", true}}}, {"cloudComputePackage", package}}).status;
  };
  Json missing = Package();
  missing.erase("variant");
  EXPECT_EQ(create(missing), 400);
  Json numeric = Package();
  numeric["titleId"] = 8397267;
  EXPECT_EQ(create(numeric), 400);
  Json not_decimal = Package();
  not_decimal["titleId"] = "abc";
  EXPECT_EQ(create(not_decimal), 400);
  Json empty = Package();
  empty["gsiSet"] = "";
  EXPECT_EQ(create(empty), 400);
  Json extra = Package();
  extra["region"] = "west";
  EXPECT_EQ(create(extra), 400);
  EXPECT_EQ(create(Json::array()), 400);
}

TEST_F(DeprecatedConstants, CloudComputePackageCannotChangeAfterCreation) {
  ASSERT_EQ(CreateDyn("p2", {{"capabilities", {{"cloudCompute", true}}}, {"cloudComputePackage", Package()}}).status, 201);
  Json changed = Package();
  changed["variant"] = "v-2";
  EXPECT_EQ(Put(kA, SessionPath("dyn", "p2"), Json{{"constants", {{"system", {{"cloudComputePackage", changed}}}}}}).status,
            409);
}

}  // namespace
}  // namespace xbl::conformance
