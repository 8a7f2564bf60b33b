#!/usr/bin/env bash
# The main job on the embedded default: builds juesuan, starts
# juesuan-ingestion on a local RocksDB data directory, submits the sample
# accounts (昌吉回族自治州科学技术局 2023), prints the validation report and
# stops the server. Installs what is missing on Debian 12 first.
#
#   JUESUAN_DATA_DIR   where the data lives (default: ./.juesuan-data)
#   JUESUAN_ACCOUNTS   the accounts to submit (default: the seed fixture)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh

ensure_debian_packages build
build_juesuan juesuan-ingestion juesuanctl >/dev/null

DATA_DIR=${JUESUAN_DATA_DIR:-.juesuan-data}
ACCOUNTS=${JUESUAN_ACCOUNTS:-tests/data/changji-kejiju-2023.json}
INGESTION=build/services/ingestion/juesuan-ingestion
CTL=build/services/juesuanctl/juesuanctl
mkdir -p "$DATA_DIR"
LOG="$DATA_DIR/ingestion.log"

"$INGESTION" --listen=127.0.0.1:0 --data_dir="$DATA_DIR/ingestion" 2>"$LOG" &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
ADDR=""
for _ in $(seq 1 100); do
  ADDR=$(grep -o '"msg":"serving".*"address":"[^"]*"' "$LOG" 2>/dev/null | tail -1 \
         | sed 's/.*"address":"\([^"]*\)".*/\1/' || true)
  [ -n "$ADDR" ] && break
  kill -0 $PID 2>/dev/null || { echo "juesuan-ingestion did not start:"; tail -5 "$LOG"; exit 1; }
  sleep 0.1
done
[ -n "$ADDR" ] || { echo "juesuan-ingestion did not start:"; tail -5 "$LOG"; exit 1; }

echo "juesuan-ingestion serving on $ADDR, data in $DATA_DIR/ingestion ($("$CTL" --ingestion_addr="$ADDR" health))"
echo "submitting $ACCOUNTS"
echo
"$CTL" --ingestion_addr="$ADDR" submit "$ACCOUNTS"
echo
echo "Done. The revision stays in $DATA_DIR/ingestion; to look at it with the server running:"
echo "  $INGESTION --data_dir=$DATA_DIR/ingestion --listen=127.0.0.1:50051 &"
echo "  $CTL list   |   $CTL get departments/changji-kejiju/accounts/2023"
