#!/bin/bash
# Runs two builds of the benchmark binaries alternately, benchmark by benchmark, for a few rounds,
# and prints each benchmark's median wall-clock time (ns) from each side, round by round: a
# steadier comparison on a drifting machine than two whole suites run one after the other.
#
#   Benchmarks/alternate.sh BEFORE_DIR AFTER_DIR [ROUNDS]
#
# Each directory holds the release binaries of one commit (`swift build -c release --product
# UIBenchmarks` and so on in Benchmarks/, copied from .build/release/); LIBS names the directory
# of their shared libraries (default: Benchmarks/.build/release of this checkout).
set -euo pipefail
before=${1:?usage: Benchmarks/alternate.sh BEFORE_DIR AFTER_DIR [ROUNDS]}
after=${2:?usage: Benchmarks/alternate.sh BEFORE_DIR AFTER_DIR [ROUNDS]}
rounds=${3:-3}
export LD_LIBRARY_PATH=${LIBS:-$(cd "$(dirname "$0")" && pwd)/.build/release}
median() { timeout 300 "$1/$2" --filter "$3" 2>&1 | awk '/^Time \(wall clock\)/{t=1} t && / 0.500000000000 /{print $1; exit}'; }
benchmarks=(
  "UIBenchmarks|frame 200x50, 64 threads, 1025k.*"
  "UIBenchmarks|frame 200x50, 64 threads, steps axis"
  "UIBenchmarks|app folding.*"
  "EngineBenchmarks|snapshot: copy a 64-thread machine and step.*"
  "EngineBenchmarks|lock-counter 2x100k gil, engine only"
  "ExploreBenchmarks|.*dfs bound 3.*"
  "ExploreBenchmarks|explore counter 2x3 free, random, 200k schedules, --jobs 2 --all"
)
echo "round|benchmark|before|after"
for round in $(seq "$rounds"); do
  for spec in "${benchmarks[@]}"; do
    binary=${spec%%|*}; filter=${spec#*|}
    echo "$round|$filter|$(median "$before" "$binary" "$filter")|$(median "$after" "$binary" "$filter")"
  done
done
