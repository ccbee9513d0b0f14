# `cmake --install`: headers, libraries, executables, the xbl CMake package and a pkg-config file.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(xbl_install_targets xbl_multiplayer)
foreach(target xbl_testing xbl_emulator)
  if(TARGET ${target})
    list(APPEND xbl_install_targets ${target})
  endif()
endforeach()
install(TARGETS ${xbl_install_targets} EXPORT xblTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/xbl" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
foreach(tool xbl-mpsd-emulator xblmp xbl-qos-responder)
  if(TARGET ${tool})
    install(TARGETS ${tool} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

set(xbl_cmake_dir "${CMAKE_INSTALL_LIBDIR}/cmake/xbl")
install(EXPORT xblTargets NAMESPACE xbl:: DESTINATION "${xbl_cmake_dir}")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/xblConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/xblConfig.cmake" INSTALL_DESTINATION "${xbl_cmake_dir}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/xblConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/xblConfig.cmake" "${PROJECT_BINARY_DIR}/xblConfigVersion.cmake"
  DESTINATION "${xbl_cmake_dir}")

configure_file("${PROJECT_SOURCE_DIR}/cmake/xbl.pc.in" "${PROJECT_BINARY_DIR}/xbl.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/xbl.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
