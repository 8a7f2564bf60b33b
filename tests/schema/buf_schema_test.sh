#!/usr/bin/env bash
# The API's schemas kept honest, offline: `buf lint` (buf.yaml: STANDARD minus
# the two rules that contradict the AIPs) passes on the repository, and the
# current protos have no breaking change against the committed baseline image
# proto/breaking-baseline.binpb. Then both checks are shown to fail: a
# retyped field is reported as breaking, and an enum without a zero
# _UNSPECIFIED value as a lint error.
#
# When a change is meant to break (a new major version), refresh the baseline
# on purpose: `node_modules/.bin/buf build proto -o proto/breaking-baseline.binpb`.
set -euo pipefail
BUF=$1
SOURCE_DIR=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$BUF" ] || { echo "SKIP: buf not installed (npm ci)"; exit 77; }

cd "$SOURCE_DIR"
"$BUF" lint || fail "buf lint"
"$BUF" build proto -o "$WORK/current.binpb"
"$BUF" breaking "$WORK/current.binpb" --against proto/breaking-baseline.binpb \
  || fail "breaking change against proto/breaking-baseline.binpb (see the header of this test)"

# A copy of the workspace to break on purpose.
mkdir "$WORK/ws"
cp -r buf.yaml proto "$WORK/ws/"
cp -P -r third_party "$WORK/ws/"   # keeps the symlink to Debian's protos
cd "$WORK/ws"
python3 - <<'PY'
import re
p = "proto/juesuan/scoring/v1/scoring_service.proto"
s = open(p).read()
s, n = re.subn(r"(message ListScorecardsRequest \{.*?)int32 page_size = (\d+);",
               r"\1int64 page_size = \2;", s, count=1, flags=re.S)
assert n == 1
open(p, "w").write(s)
PY
"$BUF" build proto -o "$WORK/broken.binpb"
if "$BUF" breaking "$WORK/broken.binpb" --against "$SOURCE_DIR/proto/breaking-baseline.binpb" \
     >"$WORK/breaking.out" 2>&1; then
  fail "a retyped field was not reported as breaking"
fi
grep -q 'page_size.*changed type from "int32" to "int64"' "$WORK/breaking.out" \
  || fail "unexpected breaking report: $(cat "$WORK/breaking.out")"

cat >proto/juesuan/scoring/v1/lint_probe.proto <<'PROTO'
syntax = "proto3";
package juesuan.scoring.v1;
enum Colour {
  RED = 0;
}
PROTO
if "$BUF" lint >"$WORK/lint.out" 2>&1; then fail "buf lint passed an enum without _UNSPECIFIED"; fi
grep -q 'ENUM_ZERO_VALUE_SUFFIX\|UNSPECIFIED' "$WORK/lint.out" \
  || fail "unexpected lint report: $(cat "$WORK/lint.out")"
echo "PASS"
