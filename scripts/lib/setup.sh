# Shared by scripts/test.sh and scripts/demo.sh: install what is missing, configure once, build.
# Sourced, not run. Honours XBL_BUILD_DIR (default: build/ beside the sources).
set -euo pipefail

XBL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
XBL_BUILD_DIR="${XBL_BUILD_DIR:-$XBL_ROOT/build}"
XBL_PACKAGES=(libcpprest-dev nlohmann-json3-dev libboost-dev libgtest-dev libgmock-dev
              libbenchmark-dev libssl-dev cmake g++ make pkg-config
              chromium chromium-driver python3-selenium)  # the browser tests (tests/browser)

# xbl_install_packages [PACKAGE...]: the packages above plus any named, those that are missing.
xbl_install_packages() {
  local missing=()
  for pkg in "${XBL_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing missing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# xbl_build [TARGET...]: configure once, then build the named targets (default: everything).
xbl_build() {
  if [ ! -f "$XBL_BUILD_DIR/CMakeCache.txt" ]; then
    echo "==> configuring $XBL_BUILD_DIR"
    # Line tables only (-g1): backtraces keep file and line, and the build takes a fifth to a quarter
    # less CPU than with full debug info, which a newcomer waits for before the first demo line.
    cmake -S "$XBL_ROOT" -B "$XBL_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
  fi
  local targets=()
  [ $# -gt 0 ] && targets=(--target "$@")
  echo "==> building${*:+ $*}"
  cmake --build "$XBL_BUILD_DIR" -j2 "${targets[@]}"
}
