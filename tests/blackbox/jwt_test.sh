#!/usr/bin/env bash
# Signed tokens as an operator meets them: keys and tokens made by the
# openssl command line (an implementation other than the server's), a
# juesuan-ingestion process under a policy trusting that issuer, and
# juesuanctl --token_file: a department's token works for its department;
# another department, an expired token, a wrong issuer, a wrong key, a
# tampered payload and alg none are refused, each saying why.
set -euo pipefail
INGESTION=$1
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
cat >"$WORK/policy.textproto" <<'P'
jwt_issuers { issuer: "https://idp.example" public_key_files: "idp.pem" audience: "juesuan" }
P
now=$(date +%s)
claims() {  # claims ISS EXP
  printf '{"iss":"%s","sub":"li.na","aud":"juesuan","exp":%s,"roles":["SUBMITTER","READER"],"departments":["changji-kejiju"]}' "$1" "$2"
}
token good "$WORK/idp.key" "$(claims https://idp.example $((now + 3600)))"
token expired "$WORK/idp.key" "$(claims https://idp.example $((now - 3600)))"
token issuer "$WORK/idp.key" "$(claims https://other.example $((now + 3600)))"
token stranger "$WORK/stranger.key" "$(claims https://idp.example $((now + 3600)))"
# The good token's signature over a payload naming another department.
other=$(printf '%s' "$(claims https://idp.example $((now + 3600)))" | sed 's/changji-kejiju/hami-caizhengju/' | b64u)
IFS=. read -r gh _ gs <"$WORK/good" || true  # no newline at its end
printf '%s.%s.%s' "$gh" "$other" "$gs" >"$WORK/tampered"
printf '%s.%s.' "$(printf '{"alg":"none"}' | b64u)" "$(printf '%s' "$(claims https://idp.example $((now + 3600)))" | b64u)" >"$WORK/none"

start_server ING "$INGESTION" --data_dir="$WORK/data" --access_policy_file="$WORK/policy.textproto"
ctl() { local t=$1; shift; "$CTL" --ingestion_addr="$ING_ADDR" --token_file="$WORK/$t" "$@"; }
ctl good submit "$FIXTURE" >"$WORK/ok.out" 2>&1 || fail "a good token: $(cat "$WORK/ok.out")"
grep -q "stored departments/changji-kejiju/accounts/2023/revisions/1" "$WORK/ok.out" || fail "submit"
if ctl good get departments/hami-caizhengju/accounts/2023 2>"$WORK/other.err"; then
  fail "another department's accounts were read"
fi
grep -q "PERMISSION_DENIED: li.na (https://idp.example) does not act for departments/hami-caizhengju" \
  "$WORK/other.err" || fail "another department: $(cat "$WORK/other.err")"
for bad in expired:"it expired at" issuer:"is not trusted" stranger:"signature does not verify" \
           tampered:"signature does not verify" none:'alg "none" is not accepted'; do
  t=${bad%%:*}; why=${bad#*:}
  if ctl "$t" get departments/changji-kejiju/accounts/2023 2>"$WORK/$t.err"; then fail "$t accepted"; fi
  grep -q "UNAUTHENTICATED: the bearer token is not accepted: .*$why" "$WORK/$t.err" \
    || fail "$t: $(cat "$WORK/$t.err")"
done
stop_server "$ING_PID"
echo "PASS"
