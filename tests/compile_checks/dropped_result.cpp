// Compiled twice by check_nodiscard.cmake: as is, dropping a Result or an Error must be refused
// by the compiler; with -DXBL_KEEP_RESULTS the same calls keep their results and must compile.
#include "xbl/result.h"

xbl::Result<int> Compute() { return 1; }
xbl::Result<void> Apply() { return {}; }
xbl::Error Describe() { return xbl::Error(xbl::ErrorCode::kUnknown, "x"); }

int main() {
#ifdef XBL_KEEP_RESULTS
  auto computed = Compute();
  auto applied = Apply();
  auto described = Describe();
  return computed.ok() && applied.ok() && described.code == xbl::ErrorCode::kUnknown ? 0 : 1;
#else
  Compute();
  Apply();
  Describe();
  return 0;
#endif
}
