#!/bin/bash
# Runs every benchmark target of this checkout and of an earlier commit alternately, target by
# target, so both see the same machine, and prints their medians side by side with the ratio.
#
#   Benchmarks/compare-with.sh REV [TARGET...]
#
# REV is checked out in a temporary git worktree (removed at the end); the raw outputs stay in
# .build/compare/ for a closer look. Wall-clock timings on a shared or small machine drift: read a
# ratio within that drift as no change, and run it twice when it matters.
set -euo pipefail
rev=${1:?usage: Benchmarks/compare-with.sh REV [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(EngineBenchmarks UIBenchmarks RecordingBenchmarks ExploreBenchmarks ScenarioBenchmarks)
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.build/compare"
mkdir -p "$out"
before=$(mktemp -d)
git -C "$root" worktree add --detach "$before" "$rev" > /dev/null
trap 'git -C "$root" worktree remove --force "$before"' EXIT
for target in "${targets[@]}"; do
  for side in before now; do
    dir=$([ $side = before ] && echo "$before" || echo "$root")
    echo "running $target ($side)" >&2
    (cd "$dir/Benchmarks" && swift package --allow-writing-to-package-directory benchmark --target "$target" --no-progress) \
      > "$out/$side-$target.txt" 2>&1 || { echo "$target ($side) failed: see $out/$side-$target.txt" >&2; exit 1; }
  done
done
python3 - "$out" "${targets[@]}" <<'EOF'
import re, sys
out, targets = sys.argv[1], sys.argv[2:]
def medians(path):
    found, name = {}, None
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip()
        row = re.match(r"│ (.*?)\s*│\s*\S+\s*│\s*\S+\s*│\s*(\S+)\s*│", line)
        if row and name and "Metric" not in row.group(1):
            metric = row.group(1)
            if not any(skip in metric for skip in ("Malloc", "Instructions", "Throughput")):
                try: found[(name, metric)] = float(row.group(2))
                except ValueError: pass
        elif line and "│" not in line and line[0] not in " ╒╞├╘=[" and not line.startswith(("Build", "Warning", "Note", "Host", "#", "Running", "Baseline")):
            name = line
    return found
for target in targets:
    before, now = medians(f"{out}/before-{target}.txt"), medians(f"{out}/now-{target}.txt")
    for key in sorted(set(before) | set(now)):
        b, n = before.get(key), now.get(key)
        ratio = f"{n / b:5.2f}" if b and n else "    -"
        print(f"{key[0][:66]:66} {key[1][:26]:26} before {b if b is not None else '-':>8} now {n if n is not None else '-':>8} now/before {ratio}")
EOF
