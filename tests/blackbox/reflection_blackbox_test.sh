#!/usr/bin/env bash
# The operator's path with buf curl (plaintext gRPC, server reflection):
# every method of both services is listed, health answers, SubmitAccounts
# takes the fixture as {"accounts": …, "requestId": …}, a retry answers the
# same name, the broken fixture is refused with INVALID_ARGUMENT and an
# ErrorInfo, GetAccounts returns the accounts after a restart, and
# ScoreAccounts returns the seed's scorecard with its two findings, and
# RenderDisclosure gives back the seed's narrative as text (the issue's own
# check: at least 0.95 of its sentences verbatim).
set -euo pipefail
INGESTION=$1
BUF=$2
FIXTURE=$3
SCORING=$4
RENDERING=$5
SEED_TXT=$6
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
source "$(dirname "$0")/lib.sh"
[ -x "$BUF" ] || { echo "SKIP: buf not installed (npm ci)"; exit 77; }

start_server ING "$INGESTION" --data_dir="$WORK/data"
curl_() { "$BUF" curl --protocol grpc --http2-prior-knowledge "$@"; }
SVC=juesuan.ingestion.v1.AccountIngestionService

methods=$(curl_ --list-methods "http://$ING_ADDR")
for m in SubmitAccounts GetAccounts ListAccounts ListAccountRevisions ExplainFindings \
         PublishAccounts GetDepartment ListDepartments GetValidationRule ListValidationRules \
         ImportAccounts; do
  grep -qx "$SVC/$m" <<<"$methods" || fail "reflection does not list $m"
done
grep -qx "grpc.health.v1.Health/Check" <<<"$methods" || fail "reflection does not list health"
health=$(curl_ "http://$ING_ADDR/grpc.health.v1.Health/Check")
grep -q SERVING <<<"$health" || fail "health"

python3 - "$FIXTURE" "$WORK" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
json.dump({"accounts": d, "requestId": "buf-1"}, open(sys.argv[2] + "/ok.json", "w"), ensure_ascii=False)
d["incomeExpenditureSummary"]["totalIncomeFen"] += 1000000
json.dump({"accounts": d, "requestId": "buf-2"}, open(sys.argv[2] + "/bad.json", "w"), ensure_ascii=False)
PY
first=$(curl_ -d @"$WORK/ok.json" "http://$ING_ADDR/$SVC/SubmitAccounts" | python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])')
[ "$first" = departments/changji-kejiju/accounts/2023/revisions/1 ] || fail "submit answered $first"
second=$(curl_ -d @"$WORK/ok.json" "http://$ING_ADDR/$SVC/SubmitAccounts" | python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])')
[ "$second" = "$first" ] || fail "retry answered $second"

if curl_ -d @"$WORK/bad.json" "http://$ING_ADDR/$SVC/SubmitAccounts" >"$WORK/bad.out" 2>&1; then
  fail "broken accounts accepted"
fi
grep -q '"code": "invalid_argument"' "$WORK/bad.out" || fail "no invalid_argument: $(head -5 "$WORK/bad.out")"
grep -q '"type": "google.rpc.ErrorInfo"' "$WORK/bad.out" || fail "no ErrorInfo"
grep -q 'T1-IN' "$WORK/bad.out" || fail "rule not named"

stop_server "$ING_PID"
start_server ING "$INGESTION" --data_dir="$WORK/data"
curl_ -d "{\"name\": \"$first\"}" "http://$ING_ADDR/$SVC/GetAccounts" >"$WORK/get.out"
grep -q '"displayName": "昌吉回族自治州科学技术局"' "$WORK/get.out" || fail "GetAccounts after restart"

start_server SC "$SCORING" --data_dir="$WORK/scoring" --ingestion_addr="$ING_ADDR"
SSVC=juesuan.scoring.v1.PerformanceScoringService
methods=$(curl_ --list-methods "http://$SC_ADDR")
for m in ScoreAccounts GetScorecard ListScorecards GetScoringProfile ListScoringProfiles \
         StartScoringJob GetScoringJob ListScoringJobs WatchScoringJob; do
  grep -qx "$SSVC/$m" <<<"$methods" || fail "reflection does not list $m"
done
grep -qx "grpc.health.v1.Health/Check" <<<"$methods" || fail "scoring: no health"
curl_ -d '{"accounts": "departments/changji-kejiju/accounts/2023", "profile": "scoringProfiles/changji-2023"}' \
  "http://$SC_ADDR/$SSVC/ScoreAccounts" >"$WORK/score.out"
python3 - "$WORK/score.out" <<'PY'
import json, sys
card = json.load(open(sys.argv[1]))
assert [t["totalScore"] for t in card["projects"]][7] == "98.97", card["projects"][7]["totalScore"]
differs = [(f["computed"], f["reported"]) for f in card["findings"] if f["kind"] == "KIND_SCORE_DIFFERS"]
assert differs == [("9.66", "10.00"), ("9.31", "10.00")], differs
PY

start_server RE "$RENDERING" --data_dir="$WORK/rendering" --ingestion_addr="$ING_ADDR" \
  --scoring_addr="$SC_ADDR"
RSVC=juesuan.disclosure.v1.DisclosureRenderingService
methods=$(curl_ --list-methods "http://$RE_ADDR")
for m in RenderDisclosure GetDisclosure ListDisclosures GetTemplate ListTemplates AuditDisclosure \
  GetDisclosureAudit ListDisclosureAudits; do
  grep -qx "$RSVC/$m" <<<"$methods" || fail "reflection does not list $m"
done
grep -qx "grpc.health.v1.Health/Check" <<<"$methods" || fail "rendering: no health"
curl_ -d '{"accounts": "departments/changji-kejiju/accounts/2023", "format": "FORMAT_TEXT", "template": "templates/xinjiang-2023"}' \
  "http://$RE_ADDR/$RSVC/RenderDisclosure" >"$WORK/render.out"
python3 - "$WORK/render.out" "$WORK/render.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["contentType"] == "text/plain; charset=utf-8", d["contentType"]
assert d["provenance"]["scoringProfile"] == "scoringProfiles/changji-2023", d["provenance"]
open(sys.argv[2], "w", encoding="utf-8").write(d["content"])
PY
python3 "$(dirname "$0")/seed_sentence_share.py" "$SEED_TXT" "$WORK/render.txt" 0.95 \
  || fail "RenderDisclosure does not give back the seed's narrative"
if curl_ -d '{"accounts": "departments/changji-kejiju/accounts/2023", "format": "FORMAT_TEXT", "template": "templates/nope"}' \
  "http://$RE_ADDR/$RSVC/RenderDisclosure" >"$WORK/nope.out" 2>&1; then
  fail "an unknown template rendered"
fi
grep -q '"code": "not_found"' "$WORK/nope.out" || fail "unknown template: $(head -3 "$WORK/nope.out")"

stop_server "$RE_PID"
stop_server "$SC_PID"
stop_server "$ING_PID"
echo "PASS"
