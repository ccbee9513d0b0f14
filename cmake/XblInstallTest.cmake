# Run by CTest: install this build to a fresh prefix, then configure and build PROJECT (a folder
# with a CMakeLists.txt) out of tree against it with find_package(xbl), and run RUN (an executable
# it builds) when given. Arguments: BUILD_DIR, PROJECT, WORK_DIR, [RUN], [EXPECT] (a regex of its output).
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()
run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix")
foreach(file lib/cmake/xbl/xblConfig.cmake lib/cmake/xbl/xblConfigVersion.cmake lib/cmake/xbl/xblTestingTargets.cmake
             lib/pkgconfig/xbl.pc lib/pkgconfig/xbl-core.pc lib/pkgconfig/xbl-multiplayer.pc lib/pkgconfig/xbl-qos.pc
             lib/pkgconfig/xbl-emulator.pc lib/pkgconfig/xbl-testing.pc
             include/xbl/result.h include/xbl/service_context.h include/xbl/multiplayer/multiplayer_session.h)
  if(NOT EXISTS "${WORK_DIR}/prefix/${file}")
    message(FATAL_ERROR "install is missing ${file}")
  endif()
endforeach()
run("${CMAKE_COMMAND}" -S "${PROJECT}" -B "${WORK_DIR}/build" "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix"
    -DCMAKE_BUILD_TYPE=Release)
run("${CMAKE_COMMAND}" --build "${WORK_DIR}/build" -j2)
message(STATUS "built ${PROJECT} against the installed package")
if(RUN)
  run("${WORK_DIR}/build/${RUN}")
  if(EXPECT AND NOT last_output MATCHES "${EXPECT}")
    message(FATAL_ERROR "${RUN} printed:\n${last_output}\nexpected: ${EXPECT}")
  endif()
  message(STATUS "${RUN}: ${last_output}")
endif()
