#!/usr/bin/env bash
# Who may call what, as an operator deploys it: juesuan-ingestion as a real
# process under an access policy made by deploy/make_access.sh plus two
# departments' submitters, called through juesuanctl. Without a token, with
# an unknown one, with another department's submitter token and with a
# reader's token a submission is refused (UNAUTHENTICATED, PERMISSION_DENIED)
# and nothing is stored; the department's own submitter is served, and the
# operator reads it. No token appears in the server's log; every call's log
# line names its principal.
set -euo pipefail
INGESTION=$1
CTL=$2
SOURCE=$3
FIXTURE=$4
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
source "$(dirname "$0")/lib.sh"

ACCESS="$WORK/access"
"$SOURCE/deploy/make_access.sh" "$ACCESS" 2>/dev/null
# Tokens are secrets: nobody but their owner reads them.
[ "$(stat -c %a "$ACCESS")" = 700 ] || fail "make_access.sh: $ACCESS is $(stat -c %a "$ACCESS"), not 700"
for f in "$ACCESS"/*; do
  [ "$(stat -c %a "$f")" = 600 ] || fail "make_access.sh: $f is $(stat -c %a "$f"), not 600"
done
# Two departments' own submitters, added as the README says.
for who in changji-kejiju changji-caizhengju; do
  token=$(openssl rand -hex 32)
  printf '%s\n' "$token" >"$ACCESS/$who.token"
  cat >>"$ACCESS/policy.textproto" <<POLICY
principals {
  name: "$who-submitter"
  token_sha256: "$(printf %s "$token" | sha256sum | cut -d' ' -f1)"
  roles: ROLE_SUBMITTER
  departments: "departments/$who"
}
POLICY
done
printf 'not-a-token\n' >"$WORK/unknown.token"

# Listening on every interface: allowed only because there is a policy.
start_server ING "$INGESTION" --data_dir="$WORK/data" --listen=0.0.0.0:0 \
  --access_policy_file="$ACCESS/policy.textproto"
grep -q '"authentication":"'"$ACCESS"'/policy.textproto"' "$WORK/ING.log" \
  || fail "not serving under the policy: $(head -2 "$WORK/ING.log")"
ctl() { "$CTL" --ingestion_addr="$ING_ADDR" "$@"; }

refused() {  # refused CODE ARGS...: the call fails with CODE
  local code=$1; shift
  if ctl "$@" >"$WORK/out" 2>"$WORK/err"; then fail "$* was served"; fi
  grep -q "$code" "$WORK/err" || fail "$*: expected $code, got: $(cat "$WORK/err")"
}
refused UNAUTHENTICATED submit "$FIXTURE"
refused UNAUTHENTICATED --token_file="$WORK/unknown.token" submit "$FIXTURE"
refused PERMISSION_DENIED --token_file="$ACCESS/changji-caizhengju.token" submit "$FIXTURE"
refused PERMISSION_DENIED --token_file="$ACCESS/scoring.token" submit "$FIXTURE"
refused PERMISSION_DENIED --token_file="$ACCESS/changji-caizhengju.token" \
  get departments/changji-kejiju/accounts/2023
# Nothing was stored by the refused calls.
refused NOT_FOUND --token_file="$ACCESS/operator.token" get departments/changji-kejiju/accounts/2023

out=$(ctl --token_file="$ACCESS/changji-kejiju.token" submit "$FIXTURE" --request_id=auth-1)
grep -q "revisions/1" <<<"$out" || fail "own submitter: $out"
ctl --token_file="$ACCESS/changji-kejiju.token" get departments/changji-kejiju/accounts/2023 >/dev/null \
  || fail "the submitter cannot read its own accounts"
ctl --token_file="$ACCESS/operator.token" get departments/changji-kejiju/accounts/2023 >/dev/null \
  || fail "the operator cannot read"
# A reader may not publish; the submitter may not either.
refused PERMISSION_DENIED --token_file="$ACCESS/changji-kejiju.token" \
  publish departments/changji-kejiju/accounts/2023/revisions/1

stop_server "$ING_PID"
for f in "$ACCESS"/*.token "$WORK/unknown.token"; do
  if grep -qF "$(tr -d '\n' <"$f")" "$WORK/ING.log"; then fail "a token is in the log: $f"; fi
done
python3 - "$WORK/ING.log" <<'PY'
import json, sys
calls = [json.loads(l) for l in open(sys.argv[1]) if '"msg":"rpc"' in l]
assert len(calls) >= 9, len(calls)
named = {c.get("principal") for c in calls}
assert {"changji-kejiju-submitter", "changji-caizhengju-submitter", "juesuan-operator",
        "juesuan-scoring"} <= named, named
denied = [c for c in calls if c["code"] in ("UNAUTHENTICATED", "PERMISSION_DENIED")]
assert len(denied) == 6, [(c["code"], c.get("principal")) for c in denied]
PY
echo "PASS"
