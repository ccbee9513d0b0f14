# Run by CTest: install this build to a fresh prefix, then configure and build a sample out of
# tree against it with find_package(xbl). Arguments: BUILD_DIR, SOURCE_DIR, WORK_DIR, SAMPLE.
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()
run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix")
foreach(file lib/cmake/xbl/xblConfig.cmake lib/cmake/xbl/xblConfigVersion.cmake lib/pkgconfig/xbl.pc
             include/xbl/result.h include/xbl/multiplayer/multiplayer_session.h)
  if(NOT EXISTS "${WORK_DIR}/prefix/${file}")
    message(FATAL_ERROR "install is missing ${file}")
  endif()
endforeach()
run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/samples/${SAMPLE}" -B "${WORK_DIR}/sample"
    "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix" -DCMAKE_BUILD_TYPE=Release)
run("${CMAKE_COMMAND}" --build "${WORK_DIR}/sample" -j2)
message(STATUS "built samples/${SAMPLE} against the installed package")
