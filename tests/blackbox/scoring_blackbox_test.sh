#!/usr/bin/env bash
# Black-box test of juesuan-scoring with juesuan-ingestion, as real processes:
# the seed scored as printed; a job over a few thousand generated
# department-years killed with SIGKILL halfway, the server restarted, the job
# resumed (the score-all following it reconnects and sees the end); and a
# re-run: one scorecard per department-year at the end, equal to an
# uninterrupted run's (scores, grade and content digest). Also
# score-all's exit code, and a clear UNAVAILABLE when ingestion is down.
set -euo pipefail
INGESTION=$1
SCORING=$2
CTL=$3
FIXTURE=$4
COUNT=${5:-2500}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
source "$(dirname "$0")/lib.sh"

start_server ING "$INGESTION" --data_dir="$WORK/ingestion"
# A pause per item (test-only flag) makes sure the kill below lands mid-job.
start_server SC "$SCORING" --data_dir="$WORK/scoring" --ingestion_addr="$ING_ADDR" \
  --ingestion_timeout=2s --job_page_size=50 --job_item_delay_for_test=2ms
ctl() { "$CTL" --ingestion_addr="$ING_ADDR" --scoring_addr="$SC_ADDR" "$@"; }

ctl submit "$FIXTURE" >/dev/null
ctl score departments/changji-kejiju/accounts/2023 --profile=changji-2023 --output=json >"$WORK/seed.json"
python3 - "$WORK/seed.json" <<'PY'
import json, sys
card = json.load(open(sys.argv[1]))
totals = [t["totalScore"] for t in card["projects"]]
assert totals == ["60.27", "100.00", "87.06", "96.17", "100.00", "100.00", "96.33", "98.97", "79.89"], totals
differs = [(f.get("computed"), f.get("reported")) for f in card["findings"] if f["kind"] == "KIND_SCORE_DIFFERS"]
assert differs == [("9.66", "10.00"), ("9.31", "10.00")], differs
assert card["departmentWide"]["executionScore"] == "9.80"
PY

ctl generate --count="$COUNT" --seed=11 --parallel=8 >/dev/null
EXPECTED=$((COUNT + 1))

# Start a job, kill the server with SIGKILL once it is under way.
ctl score-all --fiscal_year=2023 --profile=changji-2023 --request_id=kill-test >"$WORK/first.out" 2>&1 &
FIRST=$!
job=""
for _ in $(seq 1 400); do
  job=$(ctl jobs --output=json 2>/dev/null | python3 -c 'import json,sys; j=json.load(sys.stdin).get("scoringJobs",[]); print(j[0]["name"] + " " + j[0].get("scored","0") if j else "")' || true)
  scored=${job#* }
  [ -n "$job" ] && [ "${scored:-0}" -ge $((COUNT / 4)) ] && break
  sleep 0.05
done
[ -n "$job" ] || fail "the job never started"
kill -KILL "$SC_PID"
wait "$SC_PID" 2>/dev/null || true
JOB=${job%% *}
echo "killed scoring at ${job#* } of $EXPECTED scored ($JOB)"

# Restart on the same address: the job resumes by itself and ends, and the
# score-all that was following it reconnects and reports the end, exit 0.
start_server SC2 "$SCORING" --listen="$SC_ADDR" --data_dir="$WORK/scoring" \
  --ingestion_addr="$ING_ADDR" --job_page_size=50
ctl2() { "$CTL" --ingestion_addr="$ING_ADDR" --scoring_addr="$SC2_ADDR" "$@"; }
wait "$FIRST" || fail "the first score-all exited $? after its server came back: $(tail -3 "$WORK/first.out")"
grep -q "JOB_STATE_SUCCEEDED\|succeeded" "$WORK/first.out" || fail "first score-all: $(tail -3 "$WORK/first.out")"
state=""
for _ in $(seq 1 600); do
  state=$(ctl2 job "$JOB" --output=json | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["state"], j.get("scored","0"), j.get("resumed",0))')
  [[ "$state" == JOB_STATE_RUNNING* ]] || break
  sleep 0.1
done
[ "$state" = "JOB_STATE_SUCCEEDED $EXPECTED 1" ] || fail "resumed job ended as: $state"

count_scorecards() {
  python3 - "$CTL" "$SC2_ADDR" <<'PY'
import json, subprocess, sys
ctl, addr = sys.argv[1], sys.argv[2]
names, token = set(), ""
while True:
    out = subprocess.run([ctl, "--scoring_addr=" + addr, "scorecards", "--fiscal_year=2023",
                          "--profile=changji-2023", "--page_size=1000", "--page_token=" + token,
                          "--output=json"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("scorecards failed: " + out.stderr)
    out = out.stdout
    page = json.loads(out)
    for card in page.get("scorecards", []):
        assert card["name"] not in names, "duplicate " + card["name"]
        names.add(card["name"])
    token = page.get("nextPageToken", "")
    if not token:
        break
print(len(names))
PY
}
[ "$(count_scorecards)" = "$EXPECTED" ] || fail "after resume: $(count_scorecards) scorecards, expected $EXPECTED"

# What the killed-and-resumed job left equals what an uninterrupted job
# makes: a second scoring server on an empty store scores the same
# department-years in one go, and every scorecard's scores, grade and
# content digest agree.
dump_scorecards() {  # dump_scorecards ADDR OUT: one sorted line per scorecard
  python3 - "$CTL" "$1" >"$2" <<'PY'
import json, subprocess, sys
ctl, addr = sys.argv[1], sys.argv[2]
rows, token = [], ""
while True:
    out = subprocess.run([ctl, "--scoring_addr=" + addr, "scorecards", "--fiscal_year=2023",
                          "--profile=changji-2023", "--page_size=1000", "--page_token=" + token,
                          "--output=json"], capture_output=True, text=True, check=True).stdout
    page = json.loads(out)
    for c in page.get("scorecards", []):
        rows.append(" ".join([c["name"], c.get("accountsRevision", ""), c.get("totalScore", ""),
                              json.dumps(c.get("grade", ""), sort_keys=True, ensure_ascii=False),
                              c.get("contentSha256", "")]))
    token = page.get("nextPageToken", "")
    if not token:
        break
print("\n".join(sorted(rows)))
PY
}
start_server SC3 "$SCORING" --data_dir="$WORK/scoring-uninterrupted" --ingestion_addr="$ING_ADDR" \
  --job_page_size=50
"$CTL" --ingestion_addr="$ING_ADDR" --scoring_addr="$SC3_ADDR" score-all --fiscal_year=2023 \
  --profile=changji-2023 >/dev/null 2>&1 || fail "uninterrupted run exited $?"
dump_scorecards "$SC2_ADDR" "$WORK/resumed.txt"
dump_scorecards "$SC3_ADDR" "$WORK/uninterrupted.txt"
[ "$(wc -l <"$WORK/resumed.txt")" = "$EXPECTED" ] || fail "resumed: $(wc -l <"$WORK/resumed.txt") lines"
grep -q " [0-9a-f]\{64\}$" "$WORK/resumed.txt" || fail "no content digests in the listing"
diff -q "$WORK/resumed.txt" "$WORK/uninterrupted.txt" >/dev/null \
  || fail "the resumed job's scorecards differ from an uninterrupted run's: $(diff "$WORK/resumed.txt" "$WORK/uninterrupted.txt" | head -5)"
stop_server "$SC3_PID"
echo "resumed job = uninterrupted job: $EXPECTED scorecards, same scores and digests"

# A re-run (a new job) ends the same way, exit 0.
# (the re-run as the scheduled job words it: --year)
ctl2 score-all --year=2023 --profile=changji-2023 >/dev/null 2>&1 || fail "re-run exited $?"
[ "$(count_scorecards)" = "$EXPECTED" ] || fail "after re-run: $(count_scorecards) scorecards"

# Ingestion down: a clear UNAVAILABLE within the deadline, and score-all exits 1.
stop_server "$ING_PID"
start=$(date +%s)
if ctl2 score departments/changji-kejiju/accounts/2023 2>"$WORK/down.err"; then fail "scored without ingestion"; fi
grep -q "UNAVAILABLE" "$WORK/down.err" || fail "not UNAVAILABLE: $(cat "$WORK/down.err")"
[ $(( $(date +%s) - start )) -le 10 ] || fail "took longer than the deadline"
set +e
ctl2 score-all --fiscal_year=2023 --profile=changji-2023 >/dev/null 2>&1
code=$?
set -e
[ "$code" = 1 ] || fail "score-all with ingestion down exited $code, expected 1"
stop_server "$SC2_PID"
echo "PASS"
