#!/usr/bin/env bash
# The README's test command: install missing packages, build, run every test with CTest.
# Exit status is CTest's. Extra arguments go to ctest (e.g. -R Session, -L unit).
source "$(dirname "$0")/lib/setup.sh"
xbl_install_packages
xbl_build
echo "==> running tests"
cd "$XBL_BUILD_DIR"
exec ctest --output-on-failure -j2 "$@"
