#!/usr/bin/env bash
# The operator's path, exactly as README.md gives it: the three servers are
# started with a health-only port and /metrics, and the README's block of
# `buf curl` commands (between the operator-commands markers) is run as it
# stands from the repository root, with only its `I= S= R=` line pointed at
# these servers. Then: juesuan-health-probe against each health port, /metrics
# read over HTTP, and the JSON call logs checked for their fields and for
# what must never be in them.
set -euo pipefail
INGESTION=$1
SCORING=$2
RENDERING=$3
PROBE=$4
BUF=$5
SOURCE_DIR=$6
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
source "$(dirname "$0")/lib.sh"
[ -x "$BUF" ] || { echo "SKIP: buf not installed (npm ci)"; exit 77; }

OPS=(--health_listen=127.0.0.1:0 --metrics_listen=127.0.0.1:0)
start_server ING "$INGESTION" --data_dir="$WORK/ing" "${OPS[@]}"
start_server SCO "$SCORING" --data_dir="$WORK/sco" --ingestion_addr="$ING_ADDR" "${OPS[@]}"
start_server REN "$RENDERING" --data_dir="$WORK/ren" --ingestion_addr="$ING_ADDR" \
  --scoring_addr="$SCO_ADDR" "${OPS[@]}"
port_of() {  # port_of LOG FIELD: a port from the "serving" line
  grep -o "\"$2\":[0-9]*" "$WORK/$1.log" | head -1 | cut -d: -f2
}

# 1. The README's block, as written.
python3 - "$SOURCE_DIR/README.md" "$WORK/readme.sh" "$ING_ADDR" "$SCO_ADDR" "$REN_ADDR" <<'PY'
import re, sys
readme, out, i, s, r = sys.argv[1:]
text = open(readme, encoding="utf-8").read()
m = re.search(r"<!-- operator-commands:begin -->\s*```sh\n(.*?)```\s*<!-- operator-commands:end -->",
              text, re.S)
if not m:
    sys.exit("README.md has no operator-commands block")
block, n = re.subn(r"^I=\S+ S=\S+ R=\S+$", f"I=http://{i} S=http://{s} R=http://{r}",
                   m.group(1), flags=re.M)
if n != 1:
    sys.exit("the block's I= S= R= line is missing")
open(out, "w").write(block)
PY
(cd "$SOURCE_DIR" && bash -euo pipefail "$WORK/readme.sh") >"$WORK/readme.out" 2>&1 \
  || { tail -30 "$WORK/readme.out"; fail "the README's buf curl block failed"; }
out=$(cat "$WORK/readme.out")
for svc in juesuan.ingestion.v1.AccountIngestionService/SubmitAccounts \
           juesuan.scoring.v1.PerformanceScoringService/WatchScoringJob \
           juesuan.disclosure.v1.DisclosureRenderingService/RenderDisclosure; do
  grep -qx "$svc" <<<"$out" || fail "reflection did not list $svc"
done
[ "$(grep -c '"status": "SERVING"' <<<"$out")" -eq 3 ] || fail "not three SERVING health answers"
grep -q '"name": "departments/changji-kejiju/accounts/2023/revisions/1"' <<<"$out" || fail "no revision 1"
grep -q '"totalScore": "99.80"' <<<"$out" || fail "no scorecard with the seed's total 99.80"
grep -q '"state": "JOB_STATE_SUCCEEDED"' <<<"$out" || fail "the job was not watched to its end"
grep -q '昌吉回族自治州科学技术局\\n2023 年度部门决算' <<<"$out" || fail "no rendered disclosure"
grep -q '"name": "templates/xinjiang-2023"' <<<"$out" || fail "no template listed"

# 2. The health-only ports answer the probe; an unknown service or a closed
#    port is a failure (exit 1).
for s in ING:juesuan.ingestion.v1.AccountIngestionService SCO:juesuan.scoring.v1.PerformanceScoringService \
         REN:juesuan.disclosure.v1.DisclosureRenderingService; do
  hp=$(port_of "${s%%:*}" health_port)
  [ -n "$hp" ] && [ "$hp" -gt 0 ] || fail "${s%%:*}: no health port in its log"
  [ "$("$PROBE" --addr="127.0.0.1:$hp")" = SERVING ] || fail "${s%%:*}: probe of the server"
  "$PROBE" --addr="127.0.0.1:$hp" --service="${s#*:}" >/dev/null || fail "${s%%:*}: probe of ${s#*:}"
  if "$PROBE" --addr="127.0.0.1:$hp" --service=nope 2>/dev/null; then fail "unknown service passed"; fi
done
if "$PROBE" --addr=127.0.0.1:1 --timeout=1s 2>"$WORK/probe.err"; then fail "closed port passed"; fi
grep -q "127.0.0.1:1" "$WORK/probe.err" || fail "probe error does not name the address"

# 3. /metrics, read as Prometheus reads it.
python3 - "$(port_of ING metrics_port)" "$(port_of SCO metrics_port)" "$(port_of REN metrics_port)" \
  "$WORK" <<'PY'
import re, sys, urllib.request
ing, sco, ren, work = sys.argv[1:]
def scrape(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4"), r.headers["Content-Type"]
        return r.read().decode()
def value(text, series):
    m = re.search("^" + re.escape(series) + r" (\S+)$", text, re.M)
    assert m, f"no sample {series}"
    return float(m.group(1))
# go-grpc-prometheus' labels, which stock gRPC dashboards query.
def m(service, method, kind="unary"):
    return f'grpc_method="{method}",grpc_service="juesuan.{service}",grpc_type="{kind}"'
ING = "ingestion.v1.AccountIngestionService"
t = scrape(ing)
assert value(t, 'grpc_server_handled_total{grpc_code="OK",' + m(ING, "SubmitAccounts") + '}') == 1
assert value(t, 'grpc_server_started_total{' + m(ING, "SubmitAccounts") + '}') == 1
assert value(t, 'grpc_server_handling_seconds_count{' + m(ING, "GetAccounts") + '}') >= 1
assert value(t, 'grpc_server_handling_seconds_bucket{' + m(ING, "GetAccounts") + ',le="+Inf"}') >= 1
assert value(t, 'grpc_server_in_flight{' + m(ING, "SubmitAccounts") + '}') == 0
assert re.search(r'^juesuan_build_info\{version="[^"]+"\} 1$', t, re.M), "no build info"
assert value(t, f'juesuan_rocksdb_wal_syncs_total{{data_dir="{work}/ing"}}') >= 2
assert value(t, f'juesuan_rocksdb_stall_micros_total{{data_dir="{work}/ing"}}') >= 0
assert value(t, 'process_resident_memory_bytes') > 1e6
SCO = "scoring.v1.PerformanceScoringService"
t = scrape(sco)
assert value(t, 'grpc_server_handled_total{grpc_code="OK",' + m(SCO, "ScoreAccounts") + '}') == 1
assert value(t, 'grpc_server_handled_total{grpc_code="OK",'
             + m(SCO, "WatchScoringJob", "server_stream") + '}') == 1
# The job the watch followed: by outcome, and when one last completed.
assert value(t, 'juesuan_scoring_jobs_total{outcome="succeeded"}') >= 1
assert value(t, 'juesuan_scoring_job_last_success_timestamp_seconds') > 1.7e9
t = scrape(ren)
assert value(t, 'grpc_server_handled_total{grpc_code="OK",'
             + m("disclosure.v1.DisclosureRenderingService", "RenderDisclosure") + '}') == 1
# Every family is declared once (a second store in one process must not repeat it).
for text in (t,):
    types = re.findall(r"^# TYPE (\S+)", text, re.M)
    assert len(types) == len(set(types)), "a family declared twice"
PY

# 4. Logs: one JSON object per line with the call's fields; no payload.
stop_server "$ING_PID"; stop_server "$SCO_PID"; stop_server "$REN_PID"
python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
for name in ("ING", "SCO", "REN"):
    lines = open(f"{work}/{name}.log", encoding="utf-8").read().splitlines()
    calls = []
    for line in lines:
        entry = json.loads(line)  # every line is JSON
        assert {"time", "level", "msg"} <= entry.keys(), line
        if entry["msg"] == "rpc":
            assert {"method", "code", "latency_ms"} <= entry.keys(), line
            calls.append(entry)
        # The accounts' own words never reach a log.
        assert "昌吉回族自治州科学技术局" not in line and "科技特派员" not in line, line
    assert calls, f"{name}: no call logged"
    if name == "ING":
        submit = [c for c in calls if c["method"] == "SubmitAccounts"]
        assert submit and submit[0]["request_id"] == "readme-1", submit
        assert submit[0]["department"] == "changji-kejiju", submit
PY
echo "PASS"
