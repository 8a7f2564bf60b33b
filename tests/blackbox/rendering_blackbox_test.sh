#!/usr/bin/env bash
# Black-box test of the whole pipeline as real processes: juesuan-ingestion,
# juesuan-scoring and juesuan-rendering on their own data directories; the
# seed submitted, scored and rendered with juesuanctl in every format. The
# text gives back the seed's narrative (the share of its sentences), the
# HTML is looked at in headless Chromium, a second render returns the kept
# document, the kept document survives a restart, and a scoring service that
# is down makes RenderDisclosure fail with UNAVAILABLE naming it. The
# Shanghai fixture is rendered with templates/shanghai-2024 and looked at too,
# and the published view carries no score review.
#
# usage: rendering_blackbox_test.sh INGESTION SCORING RENDERING CTL FIXTURE SEED_TXT ARTIFACT_DIR SHANGHAI
set -euo pipefail
INGESTION=$1
SCORING=$2
RENDERING=$3
CTL=$4
FIXTURE=$5
SEED_TXT=$6
ARTIFACTS=$7
SHANGHAI=$8
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
source "$HERE/lib.sh"
mkdir -p "$ARTIFACTS"

start_server ING "$INGESTION" --data_dir="$WORK/ingestion"
start_server SC "$SCORING" --data_dir="$WORK/scoring" --ingestion_addr="$ING_ADDR"
start_server RE "$RENDERING" --data_dir="$WORK/rendering" --ingestion_addr="$ING_ADDR" \
  --scoring_addr="$SC_ADDR" --upstream_timeout=2s
ctl() { "$CTL" --ingestion_addr="$ING_ADDR" --scoring_addr="$SC_ADDR" --rendering_addr="$RE_ADDR" "$@"; }
ACCOUNTS=departments/changji-kejiju/accounts/2023
NAME=departments/changji-kejiju/disclosures/2023

ctl submit "$FIXTURE" >/dev/null
ctl score "$ACCOUNTS" --profile=changji-2023 >/dev/null
ctl templates | grep -q '^templates/xinjiang-2023  v4' || fail "templates: $(ctl templates)"

ctl render "$ACCOUNTS" --format=text --out="$ARTIFACTS/pipeline-disclosure.txt" 2>"$WORK/render.err"
grep -q 'scorecard  departments/changji-kejiju/scorecards/2023 under scoringProfiles/changji-2023' \
  "$WORK/render.err" || fail "provenance: $(cat "$WORK/render.err")"
python3 "$HERE/seed_sentence_share.py" "$SEED_TXT" "$ARTIFACTS/pipeline-disclosure.txt" 1.0 \
  || fail "the text does not give back the seed's narrative"
ctl render "$ACCOUNTS" --format=markdown --out="$ARTIFACTS/pipeline-disclosure.md" 2>/dev/null
ctl render "$ACCOUNTS" --format=html --out="$ARTIFACTS/pipeline-disclosure.html" 2>/dev/null
rm -f "$ARTIFACTS/disclosure.pdf" "$ARTIFACTS/shanghai-disclosure.pdf"  # this run's, or none
"$HERE/html_in_chromium_test.sh" "$ARTIFACTS/pipeline-disclosure.html" "$ARTIFACTS" || rc=$?
case ${rc:-0} in
  0) ;;
  77) echo "chromium not installed: the HTML was not looked at" ;;
  *) fail "the HTML page" ;;
esac
# Its PDF imported back: the tables the importer places, cell by cell.
import_round_trip() {  # <pdf> <accounts.json> <name>
  [ -s "$1" ] || return 0
  "$CTL" import --pdf="$1" --out="$WORK/$3-imported.json" 2>"$WORK/$3-import.txt" \
    || fail "import of $1: $(cat "$WORK/$3-import.txt")"
  python3 "$HERE/import_round_trip.py" "$WORK/$3-imported.json" "$2" >"$WORK/$3-round-trip.txt" \
    || fail "round trip of $3: $(cat "$WORK/$3-round-trip.txt") $(cat "$WORK/$3-import.txt")"
  cp "$WORK/$3-import.txt" "$ARTIFACTS/$3-import-report.txt"
}
import_round_trip "$ARTIFACTS/disclosure.pdf" "$FIXTURE" seed

# The published texts audited: the seed's against its stored accounts gives
# no finding; the Shanghai fixture's against its accounts given inline its six
# slips (see services/rendering/audit_text_test.cc).
ctl audit "$ACCOUNTS" --text="$SEED_TXT" >"$WORK/audit-seed.txt" || fail "audit: $(cat "$WORK/audit-seed.txt")"
grep -q '^0 finding(s)' "$WORK/audit-seed.txt" || fail "audit of the seed: $(cat "$WORK/audit-seed.txt")"
ctl audit "$SHANGHAI" --text="${SHANGHAI%.json}.txt" --template_id=shanghai-2024 \
  >"$WORK/audit-shanghai.txt" || fail "audit: $(cat "$WORK/audit-shanghai.txt")"
grep -q '^6 finding(s)' "$WORK/audit-shanghai.txt" || fail "audit: $(cat "$WORK/audit-shanghai.txt")"
grep -q '^PERCENT_TRUNCATED .* 9.55% → 9.56%' "$WORK/audit-shanghai.txt" \
  || fail "audit: $(cat "$WORK/audit-shanghai.txt")"
cp "$WORK/audit-shanghai.txt" "$ARTIFACTS/shanghai-audit.txt"
# The same document as its PDF, in the issue's spelling of the command: the
# same six findings, each with its page; as JSON too.
ctl audit --accounts="$SHANGHAI" --template=shanghai-2024 --pdf="${SHANGHAI%.json}.pdf" \
  >"$WORK/audit-pdf.txt" || fail "audit --pdf: $(cat "$WORK/audit-pdf.txt")"
grep -q '^6 finding(s).* 24 page(s)' "$WORK/audit-pdf.txt" || fail "audit --pdf: $(cat "$WORK/audit-pdf.txt")"
grep -q '^PERCENT_TRUNCATED .* p\.18  9.55% → 9.56%' "$WORK/audit-pdf.txt" \
  || fail "audit --pdf names no page: $(cat "$WORK/audit-pdf.txt")"
ctl audit "$SHANGHAI" --template=shanghai-2024 --pdf="${SHANGHAI%.json}.pdf" --output=json \
  >"$WORK/audit-pdf.json" || fail "audit --pdf --output=json"
grep -q '"page": 18' "$WORK/audit-pdf.json" || fail "audit JSON has no page: $(head -c 600 "$WORK/audit-pdf.json")"
# Stored and listed: the audit's name, its report again, the department's list.
audit_name=$(grep -o '"name": "departments/[^"]*/audits/[^"]*"' "$WORK/audit-pdf.json" | head -1 | cut -d'"' -f4)
[ -n "$audit_name" ] || fail "audit not stored: $(head -c 600 "$WORK/audit-pdf.json")"
ctl audit-report "$audit_name" >"$WORK/audit-report.txt" || fail "audit-report: $(cat "$WORK/audit-report.txt")"
grep -q '^6 finding(s)' "$WORK/audit-report.txt" || fail "audit-report: $(cat "$WORK/audit-report.txt")"
ctl audits "${audit_name%%/audits/*}" >"$WORK/audits.txt" || fail "audits: $(cat "$WORK/audits.txt")"
grep -q "^$audit_name .*6 finding(s)  *24 page(s)" "$WORK/audits.txt" || fail "audits: $(cat "$WORK/audits.txt")"
# The whole check of a folder of published PDFs: imported here, validated
# by ingestion, the narrative audited; a summary table; a file that is not a
# PDF is named and makes the exit status 1.
mkdir -p "$WORK/pdfs"
cp "${SHANGHAI%.json}.pdf" "$WORK/pdfs/"
echo "not a pdf" >"$WORK/pdfs/broken.pdf"
set +e
ctl check-pdf "$WORK/pdfs" --template=shanghai-2024 >"$WORK/check.txt" 2>&1
checked=$?
set -e
cp "$WORK/check.txt" "$ARTIFACTS/check-pdf.txt"
[ "$checked" -eq 1 ] || fail "check-pdf exit $checked: $(cat "$WORK/check.txt")"
grep -q '^import: 6 table(s) read' "$WORK/check.txt" || fail "check-pdf import: $(cat "$WORK/check.txt")"
grep -q '^PERCENT_TRUNCATED .* p\.18  9.55% → 9.56%' "$WORK/check.txt" \
  || fail "check-pdf narrative: $(cat "$WORK/check.txt")"
# The narrative's figures imported with the tables (prior years, budgets):
# the document's six slips, as its audit against the hand transcription
# finds them (services/rendering/audit_text_test.cc).
[ "$(grep -c '^ZERO_BASE_PERCENT ' "$WORK/check.txt")" -eq 4 ] \
  || fail "check-pdf zero bases: $(cat "$WORK/check.txt")"
grep -q '^WRONG_BASE .* p\.18  ，完成年初预算的95.89% → ，完成全年预算的95.89%' "$WORK/check.txt" \
  || fail "check-pdf wrong base: $(cat "$WORK/check.txt")"
grep -q '^putuo-shehuigongzuobu-2024.pdf  *3  *0  *1  *3  *6$' "$WORK/check.txt" \
  || fail "check-pdf summary: $(cat "$WORK/check.txt")"
grep -q '^broken.pdf  *not checked: INVALID_ARGUMENT: not a PDF' "$WORK/check.txt" \
  || fail "check-pdf summary: $(cat "$WORK/check.txt")"
# Not a PDF: the server's INVALID_ARGUMENT, naming the field, and exit 1.
set +e
ctl audit "$SHANGHAI" --template=shanghai-2024 --pdf="$SHANGHAI" >"$WORK/audit-bad.txt" 2>&1
bad=$?
set -e
[ "$bad" -eq 1 ] && grep -q 'INVALID_ARGUMENT.*pdf.*not a PDF' "$WORK/audit-bad.txt" \
  || fail "audit of a JSON file as a PDF: exit $bad, $(cat "$WORK/audit-bad.txt")"

# The nine tables as a spreadsheet, read back with openpyxl cell by cell.
# The python3 that has openpyxl (Debian's python3-openpyxl is for
# /usr/bin/python3; another python3 may come first on the PATH).
XLSX_PYTHON=""
for p in $(type -ap python3) /usr/bin/python3; do
  if "$p" -c "import openpyxl" 2>/dev/null; then XLSX_PYTHON=$p; break; fi
done
[ -n "$XLSX_PYTHON" ] || fail "python3-openpyxl is not installed (scripts/test.sh installs it)"
ctl render "$ACCOUNTS" --format=xlsx --out="$ARTIFACTS/pipeline-disclosure.xlsx" 2>/dev/null \
  || fail "xlsx"
"$XLSX_PYTHON" "$HERE/xlsx_read_back.py" "$ARTIFACTS/pipeline-disclosure.xlsx" "$FIXTURE" \
  || fail "the seed's spreadsheet"

# The second layout: the Shanghai fixture with its own template, published.
ctl submit "$SHANGHAI" >/dev/null
SH_ACCOUNTS=departments/putuo-shehuigongzuobu/accounts/2024
# Its one warning (the procurement slip it prints) is explained, as a
# reviewer would, before it is published.
ctl explain "$SH_ACCOUNTS/revisions/1" "PROC-AWARDED:procurement.sme_awarded_in_reservation_fen" \
  "如实转录公开件：预留项目内外中小企业中标金额之和超过采购金额" >/dev/null
ctl publish "$SH_ACCOUNTS/revisions/1" >/dev/null
for f in text markdown html xlsx; do
  ctl render "$SH_ACCOUNTS" --template_id=shanghai-2024 --format=$f \
    --out="$ARTIFACTS/shanghai-pipeline.$f" 2>/dev/null || fail "shanghai $f"
done
"$XLSX_PYTHON" "$HERE/xlsx_read_back.py" "$ARTIFACTS/shanghai-pipeline.xlsx" "$SHANGHAI" \
  || fail "the Shanghai spreadsheet"
grep -q '住房保障支出（类）29.42 万元，占 9.56%' "$ARTIFACTS/shanghai-pipeline.text" \
  || fail "the Shanghai text"
if grep -q '评分复核\|juesuan ' "$ARTIFACTS/shanghai-pipeline.html"; then
  fail "the published Shanghai page carries the review"
fi
rc=0
"$HERE/html_in_chromium_test.sh" "$ARTIFACTS/shanghai-pipeline.html" "$ARTIFACTS" 9 0 \
  shanghai-disclosure || rc=$?
case $rc in
  0) ;;
  77) echo "chromium not installed: the Shanghai HTML was not looked at" ;;
  *) fail "the Shanghai HTML page" ;;
esac
import_round_trip "$ARTIFACTS/shanghai-disclosure.pdf" "$SHANGHAI" shanghai

# The Ministry of Finance's nine forms (公开01表–公开09表), the layout most
# provinces print and juesuan does not render: the seed's accounts, and the
# Shanghai accounts given a 政府性基金 table with rows, printed by Chromium
# and imported back, every cell the forms print (official_layout.py).
official_round_trip() {  # <accounts.json> <name> [--with-fund]
  local chromium want=$1
  chromium=$(command -v chromium || command -v chromium-browser || true)
  [ -n "$chromium" ] || { echo "chromium not installed: $2 not printed"; return 0; }
  python3 "$HERE/official_layout.py" "$1" "$WORK/$2.html" ${3:-}
  [ -z "${3:-}" ] || want="$WORK/$2.html.accounts.json"
  "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --no-pdf-header-footer --print-to-pdf="$ARTIFACTS/$2.pdf" "file://$WORK/$2.html" \
    >/dev/null 2>&1 || true
  [ -s "$ARTIFACTS/$2.pdf" ] || fail "chromium did not print $2"
  "$CTL" import --pdf="$ARTIFACTS/$2.pdf" --out="$WORK/$2-imported.json" 2>"$WORK/$2-import.txt" \
    || fail "import of $2: $(cat "$WORK/$2-import.txt")"
  grep -q ', 0 issue(s)$' "$WORK/$2-import.txt" || fail "import of $2: $(cat "$WORK/$2-import.txt")"
  python3 "$HERE/import_round_trip.py" "$WORK/$2-imported.json" "$want" --layout=ministry \
    >"$WORK/$2-round-trip.txt" || fail "round trip of $2: $(cat "$WORK/$2-round-trip.txt")"
  cp "$WORK/$2-round-trip.txt" "$ARTIFACTS/$2-round-trip.txt"
}
official_round_trip "$FIXTURE" seed-ministry-forms
official_round_trip "$SHANGHAI" shanghai-ministry-forms --with-fund

# Rendering again with nothing changed returns the kept document.
ctl render "$ACCOUNTS" --format=html --output=json >"$WORK/first.json"
ctl render "$ACCOUNTS" --format=html --output=json >"$WORK/second.json"
python3 - "$WORK/first.json" "$WORK/second.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a["createTime"] == b["createTime"], (a["createTime"], b["createTime"])
assert a["provenance"] == b["provenance"]
PY

# Kept across a restart, byte for byte.
stop_server "$RE_PID"
start_server RE "$RENDERING" --data_dir="$WORK/rendering" --ingestion_addr="$ING_ADDR" \
  --scoring_addr="$SC_ADDR" --upstream_timeout=2s
ctl disclosure "$NAME" --format=text --out="$WORK/kept.txt" 2>/dev/null
cmp -s "$WORK/kept.txt" "$ARTIFACTS/pipeline-disclosure.txt" || fail "the kept text differs"
[ "$(ctl disclosures departments/changji-kejiju | wc -l)" -eq 4 ] || fail "disclosures: $(ctl disclosures)"

# Scoring down: UNAVAILABLE, naming it, and a non-zero exit.
stop_server "$SC_PID"
if ctl render "$ACCOUNTS" --format=text >/dev/null 2>"$WORK/down.err"; then
  fail "rendered with scoring down"
fi
grep -q 'UNAVAILABLE: juesuan-scoring at' "$WORK/down.err" || fail "down: $(cat "$WORK/down.err")"

stop_server "$RE_PID"
stop_server "$ING_PID"
echo "PASS"
