#!/usr/bin/env bash
# The main job on the embedded default: builds juesuan, starts juesuan-suite
# (ingestion, scoring and rendering in one process on one port, each with its
# own RocksDB store under the data directory), submits the sample accounts (昌吉回族自治州科学技术局 2023),
# prints the validation report, scores them under changji-2023, prints the
# scorecard, renders the disclosure as text, Markdown and HTML into a folder
# it names, takes a backup of the three stores, and stops the suite. Installs what is missing on Debian 12
# first.
#
#   JUESUAN_DATA_DIR   where the data lives (default: ./.juesuan-data)
#   JUESUAN_OUT_DIR    where the documents go (default: $JUESUAN_DATA_DIR/out)
#   JUESUAN_ACCOUNTS   the accounts to submit (default: the seed fixture)
#   JUESUAN_PROFILE    the scoring profile (default: changji-2023)
#   JUESUAN_TEMPLATE   the disclosure template (default: xinjiang-2023)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh

ensure_debian_packages build
build_juesuan juesuan-suite juesuanctl >/dev/null

DATA_DIR=${JUESUAN_DATA_DIR:-.juesuan-data}
ACCOUNTS=${JUESUAN_ACCOUNTS:-tests/data/changji-kejiju-2023.json}
PROFILE=${JUESUAN_PROFILE:-changji-2023}
TEMPLATE=${JUESUAN_TEMPLATE:-xinjiang-2023}
OUT_DIR=${JUESUAN_OUT_DIR:-$DATA_DIR/out}
CTL=build/services/juesuanctl/juesuanctl
mkdir -p "$DATA_DIR"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done; wait 2>/dev/null || true' EXIT

# start NAME BINARY ARGS...: starts a server on a free loopback port and sets
# ADDR to the address it logs.
start() {
  local name=$1 binary=$2; shift 2
  local log="$DATA_DIR/$name.log"
  "$binary" --listen=127.0.0.1:0 "$@" 2>"$log" &
  PIDS+=($!)
  ADDR=""
  for _ in $(seq 1 100); do
    ADDR=$(grep -o '"msg":"serving".*"address":"[^"]*"' "$log" 2>/dev/null | tail -1 \
           | sed 's/.*"address":"\([^"]*\)".*/\1/' || true)
    [ -n "$ADDR" ] && return 0
    kill -0 "${PIDS[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "$name did not start:"; tail -5 "$log"; exit 1
}

start suite build/services/suite/juesuan-suite --data_dir="$DATA_DIR" \
  --backup_dir="$DATA_DIR/backups"
SUITE_ADDR=$ADDR
ctl() {
  "$CTL" --ingestion_addr="$SUITE_ADDR" --scoring_addr="$SUITE_ADDR" \
    --rendering_addr="$SUITE_ADDR" "$@"
}

echo "juesuan-suite (ingestion, scoring, rendering) on $SUITE_ADDR; data in $DATA_DIR"
echo "== submitting $ACCOUNTS"
echo
submitted=$(ctl submit "$ACCOUNTS")
echo "$submitted"
name=$(sed -n 's/^stored \(departments\/[^/]*\/accounts\/[0-9]*\)\/revisions\/.*/\1/p' <<<"$submitted")
echo
echo "== scoring $name under $PROFILE"
echo
ctl score "$name" --profile="$PROFILE"
echo
echo "== rendering the disclosure of $name with templates/$TEMPLATE"
echo
mkdir -p "$OUT_DIR"
base="$OUT_DIR/$(sed 's|departments/\([^/]*\)/accounts/\([0-9]*\)|\1-\2|' <<<"$name")"
ctl render "$name" --template_id="$TEMPLATE" --format=text --out="$base.txt"
ctl render "$name" --template_id="$TEMPLATE" --format=markdown --out="$base.md" 2>/dev/null
ctl render "$name" --template_id="$TEMPLATE" --format=html --out="$base.html" 2>/dev/null
echo
echo "The disclosure is in $OUT_DIR:"
ls -l "$base".txt "$base".md "$base".html | awk '{print "  " $NF " (" $5 " bytes)"}'
echo "Open $base.html in a browser; it prints on A4."
echo
echo "== backing up the three stores (online, incremental)"
ctl backup --service=all
echo
echo "Done. The data stays in $DATA_DIR. See README.md (Operating it) to run the servers and juesuanctl."
