#!/usr/bin/env bash
# An upgrade as an operator does it: the three data directories of a suite
# written by format-1 code (tests/data/stores/stores-format-1.tar.gz: the
# binaries of commit 0b54867 stored the seed, its scorecard and its text
# disclosure, and were stopped with SIGTERM, the write-ahead log still to
# replay) are opened by these binaries: each migrates its store once
# ("store migrated", format 1 → 2), serves exactly what the old code
# served, takes writes, and opens again without migrating.
set -euo pipefail
INGESTION=$1
SCORING=$2
RENDERING=$3
CTL=$4
FIXTURE=$5
SOURCE_FIXTURE=$6  # the seed accounts, submitted again
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
source "$(dirname "$0")/lib.sh"

tar -xzf "$FIXTURE" -C "$WORK"
start_server ING "$INGESTION" --data_dir="$WORK/ingestion"
start_server SCO "$SCORING" --data_dir="$WORK/scoring" --ingestion_addr="$ING_ADDR"
start_server REN "$RENDERING" --data_dir="$WORK/rendering" --ingestion_addr="$ING_ADDR" \
  --scoring_addr="$SCO_ADDR"
for s in ING SCO REN; do
  grep -q '"msg":"store migrated".*"from_format":1.*"to_format":2' "$WORK/$s.log" \
    || fail "$s: no migration logged: $(head -3 "$WORK/$s.log")"
done
ctl() { "$CTL" --ingestion_addr="$ING_ADDR" --scoring_addr="$SCO_ADDR" --rendering_addr="$REN_ADDR" "$@"; }
ctl get departments/changji-kejiju/accounts/2023/revisions/1 --view=full >"$WORK/revision.json"
cmp -s "$WORK/revision.json" "$WORK/expected/revision.json" || fail "the revision differs"
ctl scorecard departments/changji-kejiju/scorecards/2023 --profile=changji-2023 >"$WORK/scorecard.json"
cmp -s "$WORK/scorecard.json" "$WORK/expected/scorecard.json" || fail "the scorecard differs"
ctl disclosure departments/changji-kejiju/disclosures/2023 --format=text \
  --out="$WORK/disclosure.txt" 2>/dev/null
cmp -s "$WORK/disclosure.txt" "$WORK/expected/disclosure.txt" || fail "the disclosure differs"
# The migrated stores take writes: a second revision, scored.
ctl submit "$SOURCE_FIXTURE" >"$WORK/submit.out" 2>&1 || fail "submit: $(cat "$WORK/submit.out")"
grep -q "revisions/2$" "$WORK/submit.out" || fail "submit: $(cat "$WORK/submit.out")"
ctl score departments/changji-kejiju/accounts/2023 --profile=changji-2023 >/dev/null
stop_server "$REN_PID"; stop_server "$SCO_PID"; stop_server "$ING_PID"

# Once: the next start finds format 2.
start_server ING2 "$INGESTION" --data_dir="$WORK/ingestion"
if grep -q '"msg":"store migrated"' "$WORK/ING2.log"; then fail "migrated twice"; fi
stop_server "$ING2_PID"
# Another service's directory is refused, naming it.
if timeout 10 "$SCORING" --listen=127.0.0.1:0 --data_dir="$WORK/ingestion" 2>"$WORK/wrong.log"; then
  fail "scoring opened ingestion's directory"
fi
grep -q "another service's data directory" "$WORK/wrong.log" || fail "wrong dir: $(cat "$WORK/wrong.log")"
echo "PASS"
