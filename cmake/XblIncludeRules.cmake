# The layering rules of docs/architecture.md, checked on the include lines of the tree. Run by
# CTest (layering.include_rules) as `cmake -DROOT=<source tree> -P XblIncludeRules.cmake`; it fails
# naming every file and line that breaks a rule.
#
#   rule                                      files                                  may not include
#   core below everything                     source/core, include/xbl/*.h, http/    multiplayer, qos, rta, testing, emulator
#   multiplayer above rta, below qos          source/multiplayer, xbl/multiplayer    qos, testing, emulator
#   rta below multiplayer, above core         source/rta, xbl/rta                    multiplayer, qos, testing, emulator
#   cpprestsdk only in the HTTP folder        source, include, emulator, tools,      <cpprest/...>
#                                             samples, tests (outside source/core/http)
#   public headers show no dependency types   include/xbl                            <boost/...>, <cpprest/...>
#   the emulator is independent of the SDK    emulator                               SDK headers (only its own
#                                                                                    xbl/testing/local_session_directory.h)
set(violations "")

function(xbl_check_rule name forbidden)
  set(files ${ARGN})
  foreach(file IN LISTS files)
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS lines)
      if(line MATCHES "${forbidden}")
        file(RELATIVE_PATH relative "${ROOT}" "${file}")
        set(violations "${violations}\n  ${name}: ${relative}: ${line}" PARENT_SCOPE)
        set(violations "${violations}\n  ${name}: ${relative}: ${line}")
      endif()
    endforeach()
  endforeach()
endfunction()

file(GLOB_RECURSE core_files "${ROOT}/source/core/*.h" "${ROOT}/source/core/*.cpp" "${ROOT}/include/xbl/http/*.h")
file(GLOB core_public "${ROOT}/include/xbl/*.h")
xbl_check_rule("core includes a layer above it"
  "[\"<](xbl/)?(multiplayer|qos|rta|testing|emulator)/" ${core_files} ${core_public})

file(GLOB_RECURSE multiplayer_files "${ROOT}/source/multiplayer/*.h" "${ROOT}/source/multiplayer/*.cpp"
     "${ROOT}/include/xbl/multiplayer/*.h")
xbl_check_rule("multiplayer includes a layer above it" "[\"<](xbl/)?(qos|testing|emulator)/" ${multiplayer_files})

file(GLOB_RECURSE rta_files "${ROOT}/source/rta/*.h" "${ROOT}/source/rta/*.cpp" "${ROOT}/include/xbl/rta/*.h")
xbl_check_rule("rta includes multiplayer or a layer above it" "[\"<](xbl/)?(multiplayer|qos|testing|emulator)/" ${rta_files})

file(GLOB_RECURSE everything "${ROOT}/source/*.h" "${ROOT}/source/*.cpp" "${ROOT}/include/*.h"
     "${ROOT}/emulator/*.h" "${ROOT}/emulator/*.cpp" "${ROOT}/tools/*.h" "${ROOT}/tools/*.cpp"
     "${ROOT}/samples/*.h" "${ROOT}/samples/*.cpp" "${ROOT}/tests/*.h" "${ROOT}/tests/*.cpp")
list(FILTER everything EXCLUDE REGEX "/source/core/http/")
xbl_check_rule("cpprestsdk outside source/core/http" "<cpprest/" ${everything})

file(GLOB_RECURSE public_headers "${ROOT}/include/*.h")
xbl_check_rule("a public header shows a dependency's types" "<(boost|cpprest)/" ${public_headers})

file(GLOB_RECURSE emulator_files "${ROOT}/emulator/*.h" "${ROOT}/emulator/*.cpp")
set(sdk_headers "[\"<](core|multiplayer|qos|rta|http)/|[\"<]xbl/(multiplayer|qos|rta|http|[a-z_]+\\.h)")
xbl_check_rule("the emulator includes the SDK" "${sdk_headers}" ${emulator_files})

if(violations)
  message(FATAL_ERROR "include rules broken (docs/architecture.md):${violations}")
endif()
list(LENGTH everything checked)
message(STATUS "include rules hold (${checked} files)")
