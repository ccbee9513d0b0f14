# Every dependency is a Debian 12 package; nothing is downloaded at build time.
find_package(nlohmann_json 3.10 REQUIRED)
find_package(cpprestsdk REQUIRED)
# Debian's cpprestsdk config leaves OpenSSL out of its link interface
# ("DSO missing from command line"), so it is linked explicitly.
find_package(OpenSSL REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(Threads REQUIRED)
if(XBL_BUILD_TESTS OR XBL_BUILD_TESTING_LIBRARY)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
if(XBL_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
