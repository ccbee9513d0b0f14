# Read by ctest after gtest discovery has defined the tests of this folder (their names are in
# xbl_tools_tools_tests_TESTS): no xblmp test may run longer than this.
if(xbl_tools_tools_tests_TESTS)
  set_tests_properties(${xbl_tools_tools_tests_TESTS} PROPERTIES TIMEOUT 120)
endif()
