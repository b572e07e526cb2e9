#!/usr/bin/env bash
# scripts/longest.sh [-n N] [-tests]: where the code grows. Prints the N
# (default 15) longest Go files and functions and the most complex
# functions, each list with how many break the project's limits (file ≤ 500
# lines, function ≤ 60 lines, cyclomatic complexity ≤ 15, table-driven
# switches listed apart). Tests and testdata are left out unless -tests is
# given.
#
# The complexity always comes from the small go/ast walker in
# scripts/longest (it counts as gocyclo does), so that every machine shows
# the same list and the same table-driven exemption.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -n) args+=(-n "$2"); shift 2 ;;
    -n=*|-tests) args+=("$1"); shift ;;
    *) echo "usage: scripts/longest.sh [-n N] [-tests]" >&2; exit 2 ;;
  esac
done
exec go run ./scripts/longest "${args[@]}"
