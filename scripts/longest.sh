#!/usr/bin/env bash
# scripts/longest.sh [-n N] [-tests]: where the code grows. Prints the N
# (default 15) longest Go files and functions and the most complex
# functions, each list with how many break the project's limits (file ≤ 500
# lines, function ≤ 60 lines, cyclomatic complexity ≤ 15). Tests and
# testdata are left out unless -tests is given.
#
# The complexity comes from gocyclo when it is installed
# (go install github.com/fzipp/gocyclo/cmd/gocyclo@latest), else from the
# small go/ast walker in scripts/longest, which counts the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
n=15
tests=false
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) n=$2; args+=(-n "$2"); shift 2 ;;
    -n=*) n=${1#-n=}; args+=("$1"); shift ;;
    -tests) tests=true; args+=(-tests); shift ;;
    *) echo "usage: scripts/longest.sh [-n N] [-tests]" >&2; exit 2 ;;
  esac
done
if command -v gocyclo >/dev/null 2>&1; then
  go run ./scripts/longest -cyclo=false "${args[@]}"
  echo
  echo "Most complex functions (gocyclo; over 15: $(
    if $tests; then gocyclo -over 15 . | wc -l; else gocyclo -over 15 -ignore '_test\.go$|/testdata/' . | wc -l; fi
  )):"
  if $tests; then gocyclo -top "$n" .; else gocyclo -top "$n" -ignore '_test\.go$|/testdata/' .; fi
else
  go run ./scripts/longest "${args[@]}"
fi
