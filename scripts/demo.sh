#!/usr/bin/env bash
# The README's demo command: install missing packages, build, then run the demo.
source "$(dirname "$0")/lib/setup.sh"
xbl_install_packages
xbl_build
echo "==> demo: the session documents of the seed pages, parsed by the typed model"
exec "$XBL_BUILD_DIR/samples/seed_sessions/xbl-seed-sessions" "$XBL_ROOT/tests/data/seeds"
