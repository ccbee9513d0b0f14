// Requests the router fuzzer (tests/fuzz/fuzz_emulator_router.cpp) found to break the emulator,
// replayed in process through Emulator::Handle, the way an embedded emulator or the fuzzer sends
// them: each is refused with a status and the emulator keeps serving.
#include "conformance_fixture.h"
#include "emulator.h"

namespace xbl::conformance {
namespace {

class RouterFuzzRegressions : public ::testing::Test {
 protected:
  RouterFuzzRegressions() {
    emulator::EmulatorOptions options;
    options.manual_clock = true;
    emu_ = std::make_unique<emulator::Emulator>(options);
    emu_->state().templates.LoadBuiltins();
  }
  emulator::HttpResponse Send(std::string method, std::string path) {
    emulator::HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.headers["x-xbl-contract-version"] = "107";
    r.headers["authorization"] = kA;
    return emu_->Handle(r);
  }
  std::unique_ptr<emulator::Emulator> emu_;
};

// Found as "PO\xEB\xEBT /_emulator/reset": the unknown-admin-endpoint answer named the method, and
// a method that is not UTF-8 cannot be written as JSON, so the handler threw.
TEST_F(RouterFuzzRegressions, MethodWithBytesThatAreNotUtf8IsRefusedOnAdminAndMpsdPaths) {
  for (std::string const& path :
       {std::string("/_emulator/reset"), std::string("/_emulator/rta/sockets"), SessionPath("open", "s1")}) {
    emulator::HttpResponse r;
    EXPECT_NO_THROW(r = Send("PO\xEB\xEBT", path)) << path;
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_NE(r.body.find("The method has a control character or a byte that is not UTF-8 at offset 2"),
              std::string::npos)
        << r.body;
  }
  EXPECT_EQ(Send("G\x01T", "/_emulator/health").status, 400) << "a control byte too";
  EXPECT_EQ(Send("GET", "/_emulator/health").status, 200);
  EXPECT_EQ(Send("GET", "/_emulator/requests").status, 200) << "the log renders the refused requests";
}

}  // namespace
}  // namespace xbl::conformance
