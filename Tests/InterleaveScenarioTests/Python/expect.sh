#!/bin/sh
# Writes a program's CPython output next to it (name.expected), for PythonProgramTests: for each
# program that has none yet, or for every program with --all.
#
#   Tests/InterleaveScenarioTests/Python/expect.sh [--all] [python3]
#
# CPython's print writes a line's text and its newline separately, so the lines of threads that
# print at the same moment can run into each other. A program is run again (up to five times)
# until two runs print the same lines (check a new file by eye all the same); the tests compare lines as a set, since their order is
# the scheduler's. A program whose first line says "expected: by hand" keeps the file written
# by hand (fetch.py: the simulator's responses are all 200, the network's are not).
set -eu
all=false
if [ "${1:-}" = "--all" ]; then all=true; shift; fi
python=${1:-python3}
cd "$(dirname "$0")"
for program in *.py; do
    name=${program%.py}
    if head -1 "$program" | grep -q "expected: by hand"; then continue; fi
    if [ "$all" = false ] && [ -f "$name.expected" ]; then continue; fi
    previous=""
    for attempt in 1 2 3 4 5; do
        output=$("$python" "$program" | sort)
        if [ "$output" = "$previous" ]; then break; fi
        previous=$output
    done
    "$python" "$program" > "$name.expected.tmp"
    if [ "$(sort "$name.expected.tmp")" = "$output" ]; then
        mv "$name.expected.tmp" "$name.expected"
    else
        rm -f "$name.expected.tmp"
        printf '%s\n' "$output" > "$name.expected"
    fi
    echo "$name.expected"
done
