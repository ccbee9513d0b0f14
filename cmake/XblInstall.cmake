# `cmake --install`: headers, libraries, executables, the xbl CMake package and pkg-config files.
# The package has the same shape on every machine: xbl::core, xbl::rta, xbl::multiplayer, xbl::qos and
# xbl::emulator always; xbl::testing as the component `testing` (it needs GoogleMock).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS xbl_core xbl_rta xbl_multiplayer xbl_qos xbl_emulator EXPORT xblTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET xbl_testing)
  install(TARGETS xbl_testing EXPORT xblTestingTargets)
endif()
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/xbl" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
foreach(tool xbl-mpsd-emulator xblmp xbl-qos-responder)
  if(TARGET ${tool})
    install(TARGETS ${tool} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

set(xbl_cmake_dir "${CMAKE_INSTALL_LIBDIR}/cmake/xbl")
install(EXPORT xblTargets NAMESPACE xbl:: DESTINATION "${xbl_cmake_dir}")
if(TARGET xbl_testing)
  install(EXPORT xblTestingTargets NAMESPACE xbl:: DESTINATION "${xbl_cmake_dir}")
endif()
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/xblConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/xblConfig.cmake" INSTALL_DESTINATION "${xbl_cmake_dir}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/xblConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/xblConfig.cmake" "${PROJECT_BINARY_DIR}/xblConfigVersion.cmake"
  DESTINATION "${xbl_cmake_dir}")

# pkg-config: one file per library, each requiring the one below it; xbl.pc is xbl-multiplayer.
function(xbl_pkg_config name description library requires)
  set(XBL_PC_NAME "${name}")
  set(XBL_PC_DESCRIPTION "${description}")
  set(XBL_PC_LIBRARY "${library}")
  set(XBL_PC_REQUIRES "${requires}")
  configure_file("${PROJECT_SOURCE_DIR}/cmake/xbl.pc.in" "${PROJECT_BINARY_DIR}/pkgconfig/${name}.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/pkgconfig/${name}.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endfunction()
xbl_pkg_config(xbl-core "xbl core: results, errors, ServiceContext, retries, HTTP" "-lxbl_core -lcpprest -lpthread"
               "nlohmann_json openssl")
xbl_pkg_config(xbl-rta "xbl RTA: the real-time activity WebSocket client" "-lxbl_rta" "xbl-core")
xbl_pkg_config(xbl-multiplayer "xbl: C++17 client SDK for the Xbox Live Multiplayer Session Directory"
               "-lxbl_multiplayer" "xbl-rta")
xbl_pkg_config(xbl "xbl: C++17 client SDK for the Xbox Live Multiplayer Session Directory" "" "xbl-multiplayer")
xbl_pkg_config(xbl-qos "xbl QoS: peer and server measurements for MPSD sessions" "-lxbl_qos" "xbl-multiplayer")
xbl_pkg_config(xbl-emulator "xbl: a local MPSD emulator to embed in tests" "-lxbl_emulator -lpthread" "nlohmann_json")
if(TARGET xbl_testing)
  xbl_pkg_config(xbl-testing "xbl: GoogleMock mocks of the SDK's seams" "" "xbl-multiplayer gmock")
endif()
