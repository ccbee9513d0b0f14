# A dropped Result<T>, Result<void> or Error is a compile error under -Werror=unused-result, and
# the same code keeping its results compiles: the check fails if [[nodiscard]] goes away.
# Run with -DCXX=<compiler> -DROOT=<source root>.
set(source "${ROOT}/tests/compile_checks/dropped_result.cpp")
set(flags -std=c++17 -fsyntax-only -Werror=unused-result "-I${ROOT}/include")
execute_process(COMMAND "${CXX}" ${flags} -DXBL_KEEP_RESULTS "${source}" RESULT_VARIABLE kept ERROR_VARIABLE kept_log)
if(NOT kept EQUAL 0)
  message(FATAL_ERROR "the version that keeps its results does not compile:\n${kept_log}")
endif()
execute_process(COMMAND "${CXX}" ${flags} "${source}" RESULT_VARIABLE dropped ERROR_VARIABLE dropped_log)
if(dropped EQUAL 0)
  message(FATAL_ERROR "dropping a Result or an Error compiled: [[nodiscard]] is missing")
endif()
# One diagnostic per dropped call: Result<int>, Result<void> and Error each carry the attribute.
string(REGEX MATCHALL "=unused-result" diagnostics "${dropped_log}")
list(LENGTH diagnostics count)
if(NOT count EQUAL 3)
  message(FATAL_ERROR "expected 3 nodiscard diagnostics (Result<int>, Result<void>, Error), got ${count}:\n${dropped_log}")
endif()
