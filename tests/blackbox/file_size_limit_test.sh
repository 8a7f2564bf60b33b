#!/usr/bin/env bash
# Errors, not deaths: juesuan-ingestion run under a file-size limit (ulimit -f,
# as an outside tester ran it) gets EFBIG when its write-ahead log reaches
# the limit. It must not die of SIGXFSZ: the submission gets
# RESOURCE_EXHAUSTED, the log says the write failed, and the server goes on
# answering (reads, and the next submission, refused the same way).
set -euo pipefail
INGESTION=$1
CTL=$2
FIXTURE=$3
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
source "$(dirname "$0")/lib.sh"

# 3,000 KiB: the WAL reaches it after some 60 submissions of the seed.
ulimit -f 3000
start_server ING "$INGESTION" --data_dir="$WORK/data"
refused=""
for i in $(seq 1 400); do
  sed "s#\"departments/changji-kejiju\"#\"departments/limit-$i\"#" "$FIXTURE" >"$WORK/a.json"
  if ! "$CTL" --ingestion_addr="$ING_ADDR" submit "$WORK/a.json" >"$WORK/out.txt" 2>&1; then
    refused=$i
    break
  fi
done
[ -n "$refused" ] || fail "400 submissions never reached the file-size limit"
grep -q "RESOURCE_EXHAUSTED" "$WORK/out.txt" || fail "refused without RESOURCE_EXHAUSTED: $(cat "$WORK/out.txt")"
kill -0 "$ING_PID" 2>/dev/null || fail "the server died (SIGXFSZ?)"
grep -q '"msg":"write failed"' "$WORK/ING.log" || fail "no log line for the failed write"
# Still answering: a read, and the next write refused the same way.
"$CTL" --ingestion_addr="$ING_ADDR" get departments/limit-1/accounts/2023 --view=basic >/dev/null \
  || fail "a read after the refusal failed"
if "$CTL" --ingestion_addr="$ING_ADDR" submit "$WORK/a.json" >"$WORK/out.txt" 2>&1; then
  fail "a write past the limit succeeded"
fi
grep -q "RESOURCE_EXHAUSTED" "$WORK/out.txt" || fail "second refusal: $(cat "$WORK/out.txt")"
stop_server "$ING_PID" || fail "the server did not stop cleanly"
echo "PASS: refused at submission $refused with RESOURCE_EXHAUSTED, server alive"
