#!/usr/bin/env bash
# Signed tokens as an operator meets them: keys and tokens made by the
# openssl command line (an implementation other than the server's), the
# embedded default (juesuan-suite, one process) under a policy trusting that
# issuer, and juesuanctl --token_file: a department's token works for its
# department in all three services (its accounts, its scorecard, its
# disclosure); another department, an expired token, a wrong issuer, a wrong
# key, a tampered payload and alg none are refused, each saying why.
set -euo pipefail
SUITE=$1
CTL=$2
FIXTURE=$3
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
source "$(dirname "$0")/lib.sh"
command -v openssl >/dev/null || { echo "SKIP: no openssl"; exit 77; }

b64u() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
# token FILE KEY CLAIMS [ALG]: header.payload.signature, RS256 with KEY.
token() {
  local h p s
  h=$(printf '{"alg":"%s","typ":"JWT"}' "${4:-RS256}" | b64u)
  p=$(printf '%s' "$3" | b64u)
  s=$(printf '%s.%s' "$h" "$p" | openssl dgst -sha256 -sign "$2" | b64u)
  printf '%s.%s.%s' "$h" "$p" "$s" >"$WORK/$1"
}
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/idp.key" 2>/dev/null
openssl pkey -in "$WORK/idp.key" -pubout -out "$WORK/idp.pem"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/stranger.key" 2>/dev/null
# The suite's own calls (scoring and rendering reading ingestion) carry a
# static token: service accounts stay in the digest policy.
head -c 32 /dev/urandom | base64 | tr -d '/+=' >"$WORK/self.token"
cat >"$WORK/policy.textproto" <<P
jwt_issuers { issuer: "https://idp.example" public_key_files: "idp.pem" audience: "juesuan" }
principals {
  name: "juesuan-suite"
  token_sha256: "$(tr -d '\n' <"$WORK/self.token" | sha256sum | cut -d' ' -f1)"
  roles: ROLE_READER
}
P
now=$(date +%s)
claims() {  # claims ISS EXP
  printf '{"iss":"%s","sub":"li.na","aud":"juesuan","exp":%s,"roles":["SUBMITTER","READER"],"departments":["changji-kejiju"]}' "$1" "$2"
}
token good "$WORK/idp.key" "$(claims https://idp.example $((now + 3600)))"
# A reviewer and publisher of the finance bureau, for every department.
token bureau "$WORK/idp.key" \
  "{\"iss\":\"https://idp.example\",\"sub\":\"wang.fang\",\"aud\":\"juesuan\",\"exp\":$((now + 3600)),\"roles\":[\"REVIEWER\",\"PUBLISHER\"]}"
token expired "$WORK/idp.key" "$(claims https://idp.example $((now - 3600)))"
token issuer "$WORK/idp.key" "$(claims https://other.example $((now + 3600)))"
token stranger "$WORK/stranger.key" "$(claims https://idp.example $((now + 3600)))"
# The good token's signature over a payload naming another department.
other=$(printf '%s' "$(claims https://idp.example $((now + 3600)))" | sed 's/changji-kejiju/hami-caizhengju/' | b64u)
IFS=. read -r gh _ gs <"$WORK/good" || true  # no newline at its end
printf '%s.%s.%s' "$gh" "$other" "$gs" >"$WORK/tampered"
printf '%s.%s.' "$(printf '{"alg":"none"}' | b64u)" "$(printf '%s' "$(claims https://idp.example $((now + 3600)))" | b64u)" >"$WORK/none"

start_server SUITE "$SUITE" --data_dir="$WORK/data" --access_policy_file="$WORK/policy.textproto" \
  --upstream_token_file="$WORK/self.token"
ctl() {
  local t=$1; shift
  "$CTL" --ingestion_addr="$SUITE_ADDR" --scoring_addr="$SUITE_ADDR" \
    --rendering_addr="$SUITE_ADDR" --token_file="$WORK/$t" "$@"
}
ctl good submit "$FIXTURE" >"$WORK/ok.out" 2>&1 || fail "a good token: $(cat "$WORK/ok.out")"
grep -q "stored departments/changji-kejiju/accounts/2023/revisions/1" "$WORK/ok.out" || fail "submit"
# The bureau's token scores and renders (the suite calling itself with its
# own token); the department's token reads what came of it, for itself only.
ctl bureau score departments/changji-kejiju/accounts/2023 --profile=changji-2023 \
  >"$WORK/score.out" 2>&1 || fail "score with the bureau's token: $(cat "$WORK/score.out")"
ctl bureau render departments/changji-kejiju/accounts/2023 --format=text --out="$WORK/d.txt" \
  >"$WORK/render.out" 2>&1 || fail "render with the bureau's token: $(cat "$WORK/render.out")"
ctl good scorecard departments/changji-kejiju/scorecards/2023 --profile=changji-2023 \
  >"$WORK/card.json" 2>&1 || fail "the department's scorecard: $(cat "$WORK/card.json")"
ctl good disclosure departments/changji-kejiju/disclosures/2023 --format=text \
  --out="$WORK/kept.txt" >"$WORK/kept.out" 2>&1 || fail "the department's disclosure: $(cat "$WORK/kept.out")"
cmp -s "$WORK/d.txt" "$WORK/kept.txt" || fail "the kept disclosure is not the one rendered"
if ctl good score departments/changji-kejiju/accounts/2023 --profile=changji-2023 \
  2>"$WORK/role.err" >/dev/null; then
  fail "a submitter scored"
fi
grep -q "PERMISSION_DENIED" "$WORK/role.err" || fail "a submitter scoring: $(cat "$WORK/role.err")"
for what in "get departments/hami-caizhengju/accounts/2023" \
            "scorecard departments/hami-caizhengju/scorecards/2023" \
            "disclosure departments/hami-caizhengju/disclosures/2023"; do
  # shellcheck disable=SC2086
  if ctl good $what 2>"$WORK/other.err" >/dev/null; then fail "another department: $what"; fi
  grep -q "PERMISSION_DENIED: li.na (https://idp.example) does not act for departments/hami-caizhengju" \
    "$WORK/other.err" || fail "another department, $what: $(cat "$WORK/other.err")"
done
for bad in expired:"it expired at" issuer:"is not trusted" stranger:"signature does not verify" \
           tampered:"signature does not verify" none:'alg "none" is not accepted'; do
  t=${bad%%:*}; why=${bad#*:}
  if ctl "$t" get departments/changji-kejiju/accounts/2023 2>"$WORK/$t.err"; then fail "$t accepted"; fi
  grep -q "UNAUTHENTICATED: the bearer token is not accepted: .*$why" "$WORK/$t.err" \
    || fail "$t: $(cat "$WORK/$t.err")"
done
stop_server "$SUITE_PID"
echo "PASS"
