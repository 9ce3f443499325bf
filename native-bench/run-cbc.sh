#!/usr/bin/env bash
# Runs CBC on one MPS file, serially (one thread), with a wall-clock time limit.
#
#   native-bench/run-cbc.sh MODEL.mps TIME_LIMIT_SECONDS [OUT_DIR] [REL_GAP]
#
# Writes OUT_DIR/<base>.cbc.log (CBC's full output) and OUT_DIR/<base>.cbc.sol (its solution file,
# `-solu`), and prints those two paths on stdout. OUT_DIR defaults to native-bench/out/.
# REL_GAP (default 1e-6) is CBC's ratioGap, the same relative gap mipnet and HiGHS stop at.
# Installs CBC first when it is missing (see install-cbc.sh); exit status 3 if it cannot.
#
# Options, and why:
#   -timeMode elapsed  CBC's -sec counts CPU seconds by default; the comparison is wall clock.
#   -sec T             time limit.
#   -ratioGap G        relative gap (CBC's default is 0; mipnet / HiGHS use 1e-6).
#   no -threads        CBC's default (threads 0) is the plain serial code. `-threads 1` would run
#                      the threaded code path with one worker thread plus a waiting main thread.
#   -max               only for a file whose OBJSENSE says MAX: CBC 2.10 ignores that section.
#   -solve -solu F     branch-and-cut, then write the solution (nonzero columns) to F.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 MODEL.mps TIME_LIMIT_SECONDS [OUT_DIR] [REL_GAP]" >&2
  exit 2
fi
MPS="$1"
LIMIT="$2"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${3:-$HERE/out}"
GAP="${4:-1e-6}"

if [ ! -f "$MPS" ]; then
  echo "run-cbc: no such file: $MPS" >&2
  exit 2
fi
if ! command -v cbc >/dev/null 2>&1; then
  "$HERE/install-cbc.sh" >/dev/null || exit 3
fi

mkdir -p "$OUT"
BASE="$(basename "$MPS")"
BASE="${BASE%.gz}"
BASE="${BASE%.mps}"
LOG="$OUT/$BASE.cbc.log"
SOL="$OUT/$BASE.cbc.sol"
rm -f "$LOG" "$SOL"

# CBC 2.10 ignores the OBJSENSE section of an MPS file (it would minimise a MAX model): pass -max.
SENSE=()
# (read through gzip -cdf, so a .gz file is read as MPS text too; no OBJSENSE line: minimise)
if (gzip -cdf "$MPS" 2>/dev/null || true) | awk 'NR > 200 { exit 1 } toupper($1) == "OBJSENSE" { if (NF > 1) { s = toupper($2) } else { getline; s = toupper($1) } done = 1; exit (s ~ /^MAX/) ? 0 : 1 } toupper($1) == "ROWS" { exit 1 } END { if (!done) exit 1 }'; then
  SENSE=(-max)
fi

# Guard against a CBC that ignores its limit: kill it well after the limit.
GUARD=$(awk -v t="$LIMIT" 'BEGIN { printf "%d", t * 2 + 60 }')
set +e
timeout -k 10 "$GUARD" cbc "$MPS" "${SENSE[@]}" -timeMode elapsed -sec "$LIMIT" -ratioGap "$GAP" -solve -solu "$SOL" >"$LOG" 2>&1
RC=$?
set -e
if [ "$RC" -ne 0 ]; then
  echo "run-cbc: cbc exited with status $RC (see $LOG)" >&2
fi
echo "$LOG"
echo "$SOL"
exit "$RC"
