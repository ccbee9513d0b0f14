#!/usr/bin/env bash
# The README's demo command: install missing packages, build, then run the demo against a
# local MPSD emulator (started in-process by the sample unless XBL_MPSD_ENDPOINT is set).
source "$(dirname "$0")/lib/setup.sh"
xbl_install_packages
# Only what each step runs, just before it runs: the first step needs the SDK libraries alone, so
# a fresh clone shows its first lines before the emulator is compiled. The same build folder
# serves scripts/test.sh later.
xbl_build xbl-seed-sessions
echo
echo "==> the session documents of the seed pages, parsed by the typed model"
"$XBL_BUILD_DIR/samples/seed_sessions/xbl-seed-sessions" "$XBL_ROOT/tests/data/seeds"
echo
xbl_build xbl-quickstart xbl-qos-lobby
echo
echo "==> quickstart: create, join, set properties, query, leave"
"$XBL_BUILD_DIR/samples/quickstart/xbl-quickstart"
echo
echo "==> QoS lobby: four peers measure one another, the service picks host candidates"
"$XBL_BUILD_DIR/samples/qos_lobby/xbl-qos-lobby"
echo
xbl_build xbl-lobby-watch
echo
echo "==> lobby watch: Bob's SessionWatcher sees Alice change the lobby's map, through a shoulder tap"
"$XBL_BUILD_DIR/samples/lobby_watch/xbl-lobby-watch"
