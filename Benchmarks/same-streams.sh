#!/bin/bash
# Checks that two builds of interleave make the same runs: every catalogue scenario, tutorial
# program and test program, under three policies, with every event, the timeline and the summary
# compared (by digest). For a change meant to keep behaviour as it is (a refactor).
#
#   Benchmarks/same-streams.sh OLD_BINARY NEW_BINARY
#
# Prints each run that differs and a count; exits non-zero when any does.
set -uo pipefail
old=${1:?usage: Benchmarks/same-streams.sh OLD_BINARY NEW_BINARY}
new=${2:?usage: Benchmarks/same-streams.sh OLD_BINARY NEW_BINARY}
root=$(cd "$(dirname "$0")/.." && pwd)
runs=0 differ=0
for program in "$root"/Assets/scenarios/* "$root"/../shared/tutorial/*.py "$root"/Tests/*/Python/*.py; do
  [ -f "$program" ] || continue
  for setting in "gil 1" "random 3" "pct 5"; do
    set -- $setting
    a=$("$old" run "$program" --headless --events --policy "$1" --seed "$2" 2>&1 | head -c 3000000 | md5sum)
    b=$("$new" run "$program" --headless --events --policy "$1" --seed "$2" 2>&1 | head -c 3000000 | md5sum)
    runs=$((runs + 1))
    if [ "$a" != "$b" ]; then differ=$((differ + 1)); echo "differs: $program --policy $1 --seed $2"; fi
  done
done
echo "$runs runs, $differ differ"
[ "$differ" -eq 0 ]
