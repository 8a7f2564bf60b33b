#!/usr/bin/env bash
# juesuan-suite, the embedded default, as a process: the three services on
# one port (scoring and rendering calling ingestion over it), each store in
# its own directory, backups of all three, a clean stop on SIGTERM, a
# restart that reads everything back, and a store the separate
# juesuan-ingestion opens as its own.
set -euo pipefail
SUITE=$1
INGESTION=$2
CTL=$3
FIXTURE=$4
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
source "$(dirname "$0")/lib.sh"

start_server SUITE "$SUITE" --data_dir="$WORK/data" --backup_dir="$WORK/backups" \
  --metrics_listen=127.0.0.1:0
ctl() { "$CTL" --ingestion_addr="$SUITE_ADDR" --scoring_addr="$SUITE_ADDR" --rendering_addr="$SUITE_ADDR" "$@"; }
[ "$(ctl health)" = SERVING ] || fail "health"
ctl submit "$FIXTURE" --request_id=suite-1 >"$WORK/submit.out"
grep -q "stored departments/changji-kejiju/accounts/2023/revisions/1" "$WORK/submit.out" || fail "submit"
ctl score departments/changji-kejiju/accounts/2023 --profile=changji-2023 >"$WORK/score.out"
grep -q "total 99.80" "$WORK/score.out" || fail "score: $(head -5 "$WORK/score.out")"
ctl render departments/changji-kejiju/accounts/2023 --format=text --out="$WORK/d.txt" 2>/dev/null
grep -q "昌吉回族自治州科学技术局" "$WORK/d.txt" || fail "render"
ctl --output=json backup --service=all >"$WORK/backup.json"
python3 - "$WORK/backup.json" "$WORK/backups" <<'PY'
import json, sys
backups = json.load(open(sys.argv[1]))["backups"]
assert sorted(b["store"] for b in backups) == ["ingestion", "rendering", "scoring"], backups
for b in backups:
    assert b["directory"] == f"{sys.argv[2]}/{b['store']}", b
    assert int(b["sizeBytes"]) > 0, b
PY
metrics_port=$(grep -o '"metrics_port":[0-9]*' "$WORK/SUITE.log" | head -1 | cut -d: -f2)
python3 - "http://127.0.0.1:$metrics_port/metrics" <<'PY'
import sys, urllib.request
text = urllib.request.urlopen(sys.argv[1], timeout=5).read().decode()
for service, method in (("ingestion.v1.AccountIngestionService", "SubmitAccounts"),
                        ("scoring.v1.PerformanceScoringService", "ScoreAccounts"),
                        ("disclosure.v1.DisclosureRenderingService", "RenderDisclosure"),
                        ("admin.v1.StoreBackupService", "CreateBackup")):
    assert f'grpc_method="{method}",grpc_service="juesuan.{service}"' in text, method
# Scoring and rendering reached ingestion over the suite's own port.
assert 'grpc_method="GetAccounts",grpc_service="juesuan.ingestion.v1.AccountIngestionService"' in text
PY
stop_server "$SUITE_PID" || fail "the suite did not exit 0 on SIGTERM"

start_server SUITE2 "$SUITE" --data_dir="$WORK/data"
ctl() { "$CTL" --ingestion_addr="$SUITE2_ADDR" --scoring_addr="$SUITE2_ADDR" --rendering_addr="$SUITE2_ADDR" "$@"; }
ctl get departments/changji-kejiju/accounts/2023/revisions/1 --view=full >"$WORK/revision.json"
ctl scorecard departments/changji-kejiju/scorecards/2023 --profile=changji-2023 >/dev/null \
  || fail "scorecard not read back"
stop_server "$SUITE2_PID"
# The suite's stores are the separate servers' stores.
start_server ING "$INGESTION" --data_dir="$WORK/data/ingestion"
"$CTL" --ingestion_addr="$ING_ADDR" get departments/changji-kejiju/accounts/2023/revisions/1 \
  --view=full >"$WORK/revision2.json"
cmp -s "$WORK/revision.json" "$WORK/revision2.json" || fail "juesuan-ingestion reads the suite's store differently"
stop_server "$ING_PID"
echo "PASS"
