#!/usr/bin/env bash
# Looks at a rendered HTML disclosure the way a citizen would: in headless
# Chromium, on a phone-sized and a desktop-sized window, and printed to PDF.
# Checks the page (the tables are there, nothing overflows the window outside
# a table's own scroll box, the charts are drawn) and keeps a screenshot of
# each and the PDF as test artifacts.
#
# Also: 表一 is side by side (收入 | 支出, four columns), no 科目编码 cell wraps
# (at 360 px no column is narrower than its longest code), and printed pages
# are numbered.
#
# usage: html_in_chromium_test.sh <disclosure.html> <artifact-dir> [min-tables] [min-chart-bars] [name]
set -euo pipefail
html=$(realpath "$1")
out=$2
min_tables=${3:-39}
min_charts=${4:-3}
prefix=${5:-disclosure}
mkdir -p "$out"
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium is not installed (scripts/test.sh installs it)" >&2
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The page plus a probe that writes its findings into the DOM.
probe='<script>
addEventListener("load", () => {
  const w = innerWidth;
  const wrapped = (e) => e.closest(".table-wrap") !== null;
  let overflow = [];
  for (const e of document.body.querySelectorAll("*")) {
    if (wrapped(e) || e.closest("svg")) continue;
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1) overflow.push(e.tagName + "." + e.className);
  }
  // A code cell on more than one line has wrapped.
  let wrappedCodes = 0, codeCells = 0;
  for (const e of document.querySelectorAll("td.code, th.code")) {
    if (!e.textContent.trim()) continue;
    codeCells++;
    const range = document.createRange();
    range.selectNodeContents(e);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    if (lines.size > 1) wrappedCodes++;
  }
  // A name column one character wide is not read, however it scrolls.
  let narrowNames = 0;
  for (const e of document.querySelectorAll("td.name")) {
    if (e.textContent.trim().length > 2 && e.getBoundingClientRect().width < 100) narrowNames++;
  }
  const captions = [...document.querySelectorAll("table caption")];
  const t1 = captions.find((c) => c.textContent.trim() === "一、收入支出决算总表");
  const report = {
    codeCells: codeCells,
    wrappedCodes: wrappedCodes,
    narrowNames: narrowNames,
    t1Columns: t1 ? t1.closest("table").querySelectorAll("thead th").length : 0,
    width: w,
    scrollWidth: document.documentElement.scrollWidth,
    tables: document.querySelectorAll("table").length,
    reportTables: captions.filter((c) => /^[一二三四五六七八九]、/.test(c.textContent.trim())).length,
    charts: document.querySelectorAll("figure.chart svg rect").length,
    overflow: overflow.slice(0, 5),
    fontPx: parseFloat(getComputedStyle(document.querySelector("#part1 ~ p")).fontSize),
  };
  parent.postMessage("PROBE " + JSON.stringify(report) + " END", "*");
});
</script>'
python3 - "$html" "$work/probed.html" "$probe" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", sys.argv[3] + "\n</body>"))
PY
# Headless Chromium will not make a window narrower than 500 px; a phone is
# emulated by a frame of the phone's width, which reports back by message.
frame() {  # frame <width> <height> <page> <out>
  cat >"$4" <<HTML
<!doctype html><html><body style="margin:0">
<iframe src="$3" width="$1" height="$2" style="border:0;display:block"></iframe>
<script>addEventListener("message", (m) => {
  const pre = document.createElement("pre"); pre.textContent = m.data; document.body.appendChild(pre);
});</script></body></html>
HTML
}

run_chromium() {
  "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile" "$@" 2>>"$work/chromium.log"
}

failed=0
# ImageMagick's convert, wherever it is on the PATH (empty if none is).
imagemagick=""
for candidate in $(type -ap convert magick); do
  if "$candidate" -version 2>/dev/null | grep -q "^Version: ImageMagick"; then imagemagick=$candidate; break; fi
done
for size in 360,780:phone 1280,900:desktop; do
  geometry=${size%%:*}
  name=${size##*:}
  width=${geometry%%,*}
  frame "$width" "${geometry##*,}" "file://$work/probed.html" "$work/$name-probe.html"
  run_chromium --window-size="$((width + 20)),900" --virtual-time-budget=5000 --dump-dom \
    "file://$work/$name-probe.html" >"$work/$name.dom" || true
  report=$(grep -o 'PROBE {.*} END' "$work/$name.dom" | sed 's/^PROBE //; s/ END$//' || true)
  if [ -z "$report" ]; then
    echo "FAIL $name: the probe did not run (see chromium's log below)"
    tail -5 "$work/chromium.log"
    failed=1
    continue
  fi
  echo "$name: $report"
  python3 - "$report" "$min_tables" "$name" "$min_charts" <<'PY' || failed=1
import json, sys
r = json.loads(sys.argv[1]); min_tables = int(sys.argv[2]); name = sys.argv[3]
min_charts = int(sys.argv[4])
problems = []
if r["codeCells"] < 20: problems.append(f'{r["codeCells"]} 科目编码 cells, want at least 20')
if r["wrappedCodes"]: problems.append(f'{r["wrappedCodes"]} 科目编码 cells wrap')
if r["narrowNames"]: problems.append(f'{r["narrowNames"]} 科目名称 cells under 100 px wide')
if r["t1Columns"] != 4: problems.append(f'表一 has {r["t1Columns"]} columns, want 收入 | 支出 side by side (4)')
if r["tables"] < min_tables: problems.append(f'{r["tables"]} tables, want at least {min_tables}')
if r["reportTables"] < 9: problems.append(f'{r["reportTables"]} report tables, want 9')
if r["scrollWidth"] > r["width"]: problems.append(f'page is {r["scrollWidth"]} px wide in a {r["width"]} px window')
if r["overflow"]: problems.append(f'elements overflow the window: {r["overflow"]}')
if r["charts"] < min_charts: problems.append(f'{r["charts"]} chart bars')
if r["fontPx"] < 15: problems.append(f'body text is {r["fontPx"]} px')
for p in problems: print(f"FAIL {name}: {p}")
sys.exit(1 if problems else 0)
PY
  # The screenshot a reviewer looks at: the first screens of the page.
  frame "$width" 2400 "file://$html" "$work/$name-view.html"
  run_chromium --window-size="$((width < 500 ? 500 : width)),2400" \
    --screenshot="$work/$name-full.png" "file://$work/$name-view.html" >/dev/null || true
  # Cut to the frame (a phone's width) with ImageMagick, known by what its
  # `convert -version` says, not by its name: another `convert` on the PATH
  # is not it.
  if [ -n "$imagemagick" ] && [ -s "$work/$name-full.png" ]; then
    "$imagemagick" "$work/$name-full.png" -crop "${width}x2400+0+0" +repage "$out/$prefix-$name.png" || true
  else
    cp "$work/$name-full.png" "$out/$prefix-$name.png" 2>/dev/null || true
  fi
  [ -s "$out/$prefix-$name.png" ] || { echo "FAIL $name: no screenshot"; failed=1; }
done

# Printed: A4 pages from the print stylesheet.
run_chromium --no-pdf-header-footer --print-to-pdf="$out/$prefix.pdf" "file://$html" >/dev/null || true
if [ -s "$out/$prefix.pdf" ]; then
  pages=$(python3 - "$out/$prefix.pdf" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
print(len(re.findall(rb"/Type\s*/Page[^s]", data)))
PY
)
  echo "print: $pages A4 pages"
  [ "$pages" -ge 10 ] || { echo "FAIL print: $pages pages"; failed=1; }
  # Numbered pages, read back with poppler's pdftotext (known by what it says
  # it is).
  # (Read whole, not piped to grep -q: with pipefail, pdftotext may die of
  # SIGPIPE when grep stops reading.)
  pdftotext_says=$(pdftotext -v 2>&1 || true)
  if [[ "$pdftotext_says" == "pdftotext version"* ]]; then
    pdftotext -f 2 -l 2 "$out/$prefix.pdf" - | grep -q "第 2 页 共 $pages 页" \
      || { echo "FAIL print: page 2 does not say 第 2 页 共 $pages 页"; failed=1; }
  else
    echo "FAIL print: poppler's pdftotext is not installed (scripts/test.sh installs it)"; failed=1
  fi
else
  echo "FAIL print: no PDF"; failed=1
fi

[ "$failed" -eq 0 ] && echo "PASS: artifacts in $out"
exit "$failed"
