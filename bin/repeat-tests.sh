#!/usr/bin/env bash
# Run a test suite again and again to show it is not flaky:
#   bin/repeat-tests.sh [RUNS] [arguments for npm test…]
# e.g. `bin/repeat-tests.sh 20 browser` (the default) or `bin/repeat-tests.sh 5` for everything.
# Stops at the first red run and keeps its output in tmp/repeat-tests/run-N.log.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
shift || true
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(browser)
mkdir -p tmp/repeat-tests
for ((run = 1; run <= runs; run++)); do
  started=$(date +%s)
  if npm test -- "${args[@]}" >"tmp/repeat-tests/run-$run.log" 2>&1; then
    echo "run $run/$runs green in $(($(date +%s) - started)) s ($(grep -Eo 'Tests +[0-9]+ passed[^)]*\)' "tmp/repeat-tests/run-$run.log" | tail -1))"
  else
    echo "run $run/$runs RED after $(($(date +%s) - started)) s, see tmp/repeat-tests/run-$run.log:"
    grep -E '✖|Error' "tmp/repeat-tests/run-$run.log" | head -20
    exit 1
  fi
done
echo "$runs of $runs runs green in a row"
