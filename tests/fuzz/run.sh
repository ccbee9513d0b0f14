#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz (built by `cmake --preset fuzz && cmake --build --preset fuzz`)
# for FUZZ_SECONDS each (default 60; five targets, so five minutes in all), one after another.
# Each target's corpus starts from tests/data and tests/fuzz/seeds/<target>; new inputs, logs and
# crash files stay under <build>/fuzz. Prints each target's executions and coverage; exits
# non-zero when any target crashed, leaked, timed out or ran out of memory.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${FUZZ_BUILD_DIR:-build-fuzz}
seconds=${FUZZ_SECONDS:-60}
seeds=tests/fuzz/seeds
out=$build/fuzz
targets=(fuzz_session_parse fuzz_handle_readers fuzz_retry_after fuzz_search_filter fuzz_emulator_router)

# The session request the emulator seeds write: each tests/data document as a PUT body.
router_seed() {
  printf 'PUT /serviceconfigs/c0f0c0f0-0000-4000-8000-000000000001/sessiontemplates/open/sessions/seed\n'
  printf 'authorization: XBL3.0 x=1001;device=dA&title=8397267&gamertag=Alpha\n'
  printf 'x-xbl-contract-version: 107\ncontent-type: application/json\n\n'
  cat "$1"
}

prepare_corpus() {
  local target=$1 corpus=$out/corpus/$1
  mkdir -p "$corpus"
  cp "$seeds/$target"/* "$corpus/"
  case $target in
    fuzz_session_parse | fuzz_handle_readers)
      for file in tests/data/sessions/*.json tests/data/seeds/*.json tests/data/requests/*.json; do
        cp "$file" "$corpus/data_$(basename "$file")"
      done
      ;;
    fuzz_emulator_router)
      for file in tests/data/requests/*.json tests/data/sessions/*.json; do
        router_seed "$file" > "$corpus/data_$(basename "$file" .json)"
      done
      ;;
  esac
}

dictionary() {
  case $1 in
    fuzz_session_parse | fuzz_handle_readers) echo "-dict=tests/fuzz/json.dict" ;;
    fuzz_search_filter) echo "-dict=tests/fuzz/filter.dict" ;;
    fuzz_emulator_router) echo "-dict=tests/fuzz/router.dict" ;;
  esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
start=$(date +%s)
failed=()
summary=()
for target in "${targets[@]}"; do
  binary=$build/tests/fuzz/$target
  [[ -x $binary ]] || { echo "missing $binary: build with the fuzz preset first" >&2; exit 2; }
  prepare_corpus "$target"
  mkdir -p "$out/crashes/$target" "$out/logs"
  log=$out/logs/$target.log
  echo "==> $target (${seconds} s)"
  status=0
  # shellcheck disable=SC2046  # the dictionary option is one word or none
  "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$target/" $(dictionary "$target") "$out/corpus/$target" > "$log" 2>&1 || status=$?
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  crashes=$(find "$out/crashes/$target" -type f | wc -l)
  summary+=("$(printf '%-22s executions %-10s cov %-6s exit %-3s crash files %s' "$target" "${executions:-?}" \
    "${coverage:-?}" "$status" "$crashes")")
  if [[ $status -ne 0 || $crashes -ne 0 ]]; then
    failed+=("$target")
    tail -40 "$log"
  fi
done
echo "==> fuzzing finished in $(( $(date +%s) - start )) s"
printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED: ${failed[*]} (crash inputs under $out/crashes, logs under $out/logs)" >&2
  exit 1
fi
