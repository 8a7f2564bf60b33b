#!/usr/bin/env bash
# Backup and restore as an operator does them, with real processes: a
# backup taken with `juesuanctl backup` while `juesuanctl generate` submits,
# the ingestion data directory wiped, `juesuanctl restore` into it, the
# server started again: what was acknowledged before the backup is served
# byte for byte, every revision restored is whole, the restored server takes
# writes, and a restore never overwrites a store. SERVER is juesuan-ingestion
# (the cluster) or juesuan-suite (the embedded default: the three stores
# backed up at once, ingestion's restored, the other two left as they were).
set -euo pipefail
SERVER=$1
CTL=$2
FIXTURE=$3
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
source "$(dirname "$0")/lib.sh"

ROOT="$WORK/data"
BACKUP_ROOT="$WORK/backups"
if [ "$(basename "$SERVER")" = juesuan-suite ]; then
  SERVICE=all STORES=3 DATA="$ROOT/ingestion" BACKUPS="$BACKUP_ROOT/ingestion"
else
  SERVICE=ingestion STORES=1 DATA="$ROOT" BACKUPS="$BACKUP_ROOT"
fi
start_server ING "$SERVER" --data_dir="$ROOT" --backup_dir="$BACKUP_ROOT" \
  --metrics_listen=127.0.0.1:0
ctl() { "$CTL" --ingestion_addr="$ING_ADDR" --scoring_addr="$ING_ADDR" --rendering_addr="$ING_ADDR" "$@"; }

# Acknowledged before the backup: the seed, and 100 generated department-years.
ctl submit "$FIXTURE" --request_id=before-1 >/dev/null
ctl generate --count=100 --seed=3 --parallel=4 >/dev/null
ctl get departments/changji-kejiju/accounts/2023/revisions/1 --view=full >"$WORK/seed.before"
ctl list --page_size=1000 --view=basic >"$WORK/list.before"
if [ "$STORES" = 3 ]; then  # the suite: scoring's store holds something too
  ctl score departments/changji-kejiju/accounts/2023 --profile=changji-2023 >/dev/null
  ctl scorecard departments/changji-kejiju/scorecards/2023 --profile=changji-2023 >"$WORK/card.before"
fi

# Submissions go on while the backup is taken.
ctl generate --count=400 --start=100 --seed=3 --parallel=4 >"$WORK/during.out" 2>&1 &
GEN=$!
sleep 0.3
ctl --output=json backup --service=$SERVICE --keep=2 >"$WORK/backup.json"
wait "$GEN" || fail "generate during the backup: $(cat "$WORK/during.out")"
python3 - "$WORK/backup.json" "$BACKUPS" "$DATA" "$STORES" <<'PY'
import json, sys
backups = json.load(open(sys.argv[1]))["backups"]
assert len(backups) == int(sys.argv[4]), backups
b = next(x for x in backups if x["service"] == "juesuan.ingestion.v1.AccountIngestionService")
assert b["directory"] == sys.argv[2] and b["dataDir"] == sys.argv[3], b
assert int(b["sizeBytes"]) > 0 and b["fileCount"] > 0, b
assert b["service"] == "juesuan.ingestion.v1.AccountIngestionService", b
PY
metrics_port=$(grep -o '"metrics_port":[0-9]*' "$WORK/ING.log" | head -1 | cut -d: -f2)
# (Outputs go to files before grep -q: under pipefail, grep leaving early
# would fail the writer with SIGPIPE.)
python3 -c "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())" \
  "http://127.0.0.1:$metrics_port/metrics" >"$WORK/metrics.txt"
grep -q "^juesuan_backup_last_success_timestamp_seconds{data_dir=\"$DATA\"} [0-9]" \
  "$WORK/metrics.txt" || fail "no last backup time on /metrics"
ctl backups --service=ingestion >"$WORK/backups.txt"
grep -q "^ingestion  *backup 1 " "$WORK/backups.txt" || fail "backups: $(cat "$WORK/backups.txt")"
# Verified ahead of need: every file read back against its checksum.
ctl backups --service=$SERVICE --verify >"$WORK/verified.txt" || fail "verify: $(cat "$WORK/verified.txt")"
grep -q "^ingestion  *backup 1 .*  verified$" "$WORK/verified.txt" || fail "verify: $(cat "$WORK/verified.txt")"
# A restore drill's copy (a folder of its own) damaged on the backup volume:
# found by --verify (exit 1, the file named), before anyone needs it.
ctl backup --service=$SERVICE --to=drill >/dev/null
# Its largest file (a table file, or the write-ahead log a backup without a
# flush carries), outside the backup's own metadata.
table=$(find "$BACKUPS/drill" -type f -not -path '*/meta/*' -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2)
[ -n "$table" ] || fail "no file in the drill's backup"
printf 'XXXXXXXX' | dd of="$table" bs=1 seek=100 conv=notrunc status=none
got=0
ctl backups --service=$SERVICE --to=drill --verify >"$WORK/damaged.txt" 2>&1 || got=$?
[ "$got" = 1 ] || fail "a damaged backup: exit $got, want 1: $(cat "$WORK/damaged.txt")"
grep -q "^ingestion  *backup 1 .*DAMAGED: verifying backup 1 .*$(basename "$table")" "$WORK/damaged.txt" \
  || fail "damage not named: $(cat "$WORK/damaged.txt")"
# /metrics tells of the nightly folder, verified whole; the drill's damage
# was for its caller to see.
python3 -c "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())" \
  "http://127.0.0.1:$metrics_port/metrics" >"$WORK/metrics.txt"
grep -q "^juesuan_backup_damaged{data_dir=\"$DATA\"} 0$" "$WORK/metrics.txt" \
  || fail "the nightly verification is not on /metrics: $(grep juesuan_backup_damaged "$WORK/metrics.txt")"
# A folder outside --backup_dir is refused, naming the field.
if ctl backup --service=$SERVICE --to=/etc 2>"$WORK/outside.err"; then fail "backup into /etc"; fi
grep -q "directory" "$WORK/outside.err" || fail "outside: $(cat "$WORK/outside.err")"

# The node "dies": the server stops, its data directory is wiped.
stop_server "$ING_PID"
# A restore never overwrites a store.
if "$CTL" restore --from="$BACKUPS" --data_dir="$DATA" 2>"$WORK/over.err"; then
  fail "restore overwrote a store"
fi
grep -q "not empty" "$WORK/over.err" || fail "restore over a store: $(cat "$WORK/over.err")"
rm -rf "$DATA"
"$CTL" restore --from="$BACKUPS" --data_dir="$DATA" >"$WORK/restore.out" \
  || fail "restore: $(cat "$WORK/restore.out")"
grep -q "restored backup 1 " "$WORK/restore.out" || fail "restore: $(cat "$WORK/restore.out")"

start_server ING2 "$SERVER" --data_dir="$ROOT"
ctl() { "$CTL" --ingestion_addr="$ING2_ADDR" --scoring_addr="$ING2_ADDR" --rendering_addr="$ING2_ADDR" "$@"; }
ctl get departments/changji-kejiju/accounts/2023/revisions/1 --view=full >"$WORK/seed.after"
cmp -s "$WORK/seed.before" "$WORK/seed.after" || fail "the seed's revision differs after restore"
ctl list --page_size=1000 --view=basic >"$WORK/list.after"
if [ "$STORES" = 3 ]; then  # scoring's store was not touched by ingestion's restore
  ctl scorecard departments/changji-kejiju/scorecards/2023 --profile=changji-2023 >"$WORK/card.after"
  cmp -s "$WORK/card.before" "$WORK/card.after" || fail "the scorecard differs after the restore"
fi
python3 - "$WORK/list.before" "$WORK/list.after" <<'PY'
import json, sys
before = {a["name"]: a for a in json.load(open(sys.argv[1]))["accounts"]}
after = {a["name"]: a for a in json.load(open(sys.argv[2]))["accounts"]}
assert len(before) == 101, len(before)
missing = [n for n in before if n not in after or after[n] != before[n]]
assert not missing, f"acknowledged before the backup, not restored as it was: {missing[:5]}"
# Each department-year was submitted once: revision 1, whole, and no more
# than were ever acknowledged.
assert all(n.endswith("/revisions/1") for n in after), [n for n in after][:5]
assert 101 <= len(after) <= 501, len(after)
print(f"restored {len(after)} department-years ({len(after) - 101} from during the backup)")
PY
# The restored server takes writes: the seed again is revision 2.
ctl submit "$FIXTURE" >"$WORK/again.out" 2>&1 || true
grep -q "stored departments/changji-kejiju/accounts/2023/revisions/2" \
  "$WORK/again.out" || fail "the restored server does not take writes: $(head -5 "$WORK/again.out")"
stop_server "$ING2_PID"
echo "PASS"
