#!/usr/bin/env bash
# Black-box test of juesuan-ingestion and juesuanctl as real processes, the way
# an operator uses them: start, health, submit, retry, refusal, SIGTERM,
# restart on the same data directory, read back, one writer per directory.
set -euo pipefail
INGESTION=$1
CTL=$2
FIXTURE=$3
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
source "$(dirname "$0")/lib.sh"

DATA="$WORK/data"
start_server ING "$INGESTION" --data_dir="$DATA"
ctl() { "$CTL" --ingestion_addr="$ING_ADDR" "$@"; }

[ "$(ctl health)" = SERVING ] || fail "health"

out=$(ctl submit "$FIXTURE" --request_id=bb-1)
grep -q "stored departments/changji-kejiju/accounts/2023/revisions/1" <<<"$out" || fail "submit: $out"
grep -q "0 fatal" <<<"$out" || fail "seed has fatal findings: $out"
grep -q "INFO    T1-IN" <<<"$out" || fail "rounding difference not reported as info"

again=$(ctl submit "$FIXTURE" --request_id=bb-1)
grep -q "revisions/1$" <<<"$again" || fail "retry did not answer revision 1: $again"

# 收入总计 moved by 1 万元: refused, rule named, nothing stored.
python3 - "$FIXTURE" "$WORK/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["incomeExpenditureSummary"]["totalIncomeFen"] += 1000000
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
if ctl submit "$WORK/bad.json" --request_id=bb-2 >"$WORK/bad.out" 2>"$WORK/bad.err"; then
  fail "broken accounts were accepted"
fi
grep -q "INVALID_ARGUMENT" "$WORK/bad.err" || fail "no INVALID_ARGUMENT: $(cat "$WORK/bad.err")"
grep -q "reason: T1-IN" "$WORK/bad.err" || fail "no ErrorInfo T1-IN: $(cat "$WORK/bad.err")"
grep -q "field accounts.income_expenditure_summary.total_income_fen" "$WORK/bad.err" || fail "no field violation"
revisions=$(ctl revisions departments/changji-kejiju/accounts/2023)
[ "$(grep -c '"name"' <<<"$revisions")" = 1 ] || fail "refusal stored something"

# Graceful stop, restart on the same directory, read back.
stop_server "$ING_PID" || fail "server did not exit 0 on SIGTERM"
grep -q '"msg":"stopped"' "$WORK/ING.log" || fail "no stopped log line"
start_server ING2 "$INGESTION" --data_dir="$DATA"
ctl() { "$CTL" --ingestion_addr="$ING2_ADDR" "$@"; }
got=$(ctl get departments/changji-kejiju/accounts/2023/revisions/1)
grep -q '"displayName": "昌吉回族自治州科学技术局"' <<<"$got" || fail "read back after restart: $got"
grep -q '"totalIncomeFen": "10496800000"' <<<"$got" || fail "收入总计 not read back"

# One writer per data directory: a second server on it refuses to start.
if timeout 10 "$INGESTION" --listen=127.0.0.1:0 --data_dir="$DATA" 2>"$WORK/second.log"; then
  fail "a second server opened the same data directory"
fi
grep -q "another process" "$WORK/second.log" || fail "second server: $(cat "$WORK/second.log")"

# Logs are JSON lines with method and code, and no payload.
python3 - "$WORK/ING.log" "$WORK/ING2.log" <<'PY'
import json, sys
methods = set()
for path in sys.argv[1:]:
    for line in open(path):
        entry = json.loads(line)          # every line is JSON
        assert "time" in entry and "level" in entry, line
        assert "10496800000" not in line and "昌吉回族自治州科学技术局" not in line, "payload logged"
        methods.add(entry.get("method"))
assert {"SubmitAccounts", "GetAccounts"} <= methods, methods
PY

# The CLI refuses what cannot mean anything (exit 2), and reads no more than a
# server would take: /dev/zero is refused, not read until memory runs out.
expect_exit() {  # expect_exit CODE ARGS...
  local want=$1; shift
  local got=0
  "$CTL" --ingestion_addr="$ING2_ADDR" "$@" >"$WORK/ctl.out" 2>&1 || got=$?
  [ "$got" = "$want" ] || fail "juesuanctl $*: exit $got, want $want: $(cat "$WORK/ctl.out")"
}
expect_exit 2 generate --count=-5
expect_exit 2 render-all --parallel=-1 --fiscal_year=2023
expect_exit 2 list --page_size=-1
expect_exit 2 --output=yaml list
grep -q -- '--output must be text or json, got "yaml"' "$WORK/ctl.out" || fail "--output=yaml: $(cat "$WORK/ctl.out")"
expect_exit 2 list --fiscal_year=20x3
expect_exit 2 list --ingestion_addr=
grep -q -- '--ingestion_addr is empty' "$WORK/ctl.out" || fail "empty address: $(cat "$WORK/ctl.out")"
expect_exit 2 frobnicate
grep -q 'unknown command "frobnicate"' "$WORK/ctl.out" || fail "unknown command: $(cat "$WORK/ctl.out")"
expect_exit 2 get
grep -q "get: NAME is missing" "$WORK/ctl.out" || fail "get without NAME: $(cat "$WORK/ctl.out")"
expect_exit 2 explain departments/changji-kejiju/accounts/2023/revisions/1 T1-IN
expect_exit 2 help nope

# help: every command, and one command's flags and example.
expect_exit 0 help
for c in submit get score-all render audit import check-pdf generate; do
  grep -q "^  $c " "$WORK/ctl.out" || fail "help does not list $c"
done
expect_exit 0 help submit
grep -q -- "--request_id" "$WORK/ctl.out" && grep -q "^Example:" "$WORK/ctl.out" \
  || fail "help submit: $(cat "$WORK/ctl.out")"
# A flag the command does not read is named (and the command still runs).
expect_exit 0 health --profile=shanghai-2024
grep -q "health does not read --profile" "$WORK/ctl.out" || fail "unread flag: $(cat "$WORK/ctl.out")"

# Under --output=json a server's error is one JSON object on stderr, with
# the code's name and the details; a usage error too.
if "$CTL" --ingestion_addr="$ING2_ADDR" --output=json get departments/nobody/accounts/2023 \
    >"$WORK/json.out" 2>"$WORK/json.err"; then
  fail "a missing department was found"
fi
python3 - "$WORK/json.err" "$WORK/bad.json" "$CTL" "$ING2_ADDR" <<'PY'
import json, subprocess, sys
err = json.load(open(sys.argv[1]))["error"]
assert err["status"] == "NOT_FOUND" and err["code"] == 5, err
run = subprocess.run([sys.argv[3], "--ingestion_addr=" + sys.argv[4], "--output=json", "submit",
                      sys.argv[2], "--validate_only"], capture_output=True, text=True)
assert run.returncode == 1, run
err = json.loads(run.stderr)["error"]
assert err["status"] == "INVALID_ARGUMENT", err
types = {d["@type"].split("/")[-1] for d in err["details"]}
assert {"google.rpc.BadRequest", "google.rpc.ErrorInfo"} <= types, types
assert any(d.get("reason") == "T1-IN" for d in err["details"]), err["details"]
run = subprocess.run([sys.argv[3], "--output=json", "get"], capture_output=True, text=True)
assert run.returncode == 2 and json.loads(run.stderr)["error"]["status"] == "INVALID_ARGUMENT", run
PY
expect_exit 1 submit /dev/zero
grep -q "more than 33554432 bytes" "$WORK/ctl.out" || fail "submit /dev/zero: $(cat "$WORK/ctl.out")"

stop_server "$ING2_PID"
echo "PASS"
