#!/usr/bin/env bash
# Fuzzes every target for a bounded time, in a JUESUAN_FUZZ=ON build.
#
#   fuzz/run_bounded.sh <build_dir> <seconds_per_target>
#
# Each target starts from its committed corpus (and regressions). libFuzzer
# writes the inputs it finds into its first corpus directory, so that is an
# empty one in the build tree (<build_dir>/fuzz-found/<target>), never the
# committed corpus, which it only reads (a copy there would replay every
# seed twice). Crash, leak and timeout inputs
# go to <build_dir>/fuzz-artifacts/. Exits non-zero if any target failed.
set -uo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <build_dir> <seconds_per_target>" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd) || exit 2
seconds=$2
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [[ "$seconds" -eq 0 ]]; then
  echo "seconds_per_target must be a positive integer, got \"$seconds\"" >&2
  exit 2
fi
source_dir=$(cd "$(dirname "$0")/.." && pwd)
# Undefined behaviour is a crash (whether or not the build recovers from it).
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
artifacts="$build_dir/fuzz-artifacts"
mkdir -p "$artifacts"
# New inputs and logs of the last run, per target; kept so that what a run
# found can be minimized (-merge=1) into the committed corpus.
work="$build_dir/fuzz-found"
mkdir -p "$work"

# target:max_len. JSON accounts are ~100 KB and the target takes up to 1 MiB;
# binary accounts and stored revisions carrying them are ~60–90 KB; tokens
# and indicator text are small.
targets=(
  "accounts_json:1048576"
  "submit_request:1048576"
  "indicator_parser:65536"
  "page_token:65536"
  "stored_value:262144"
  "render:262144"
  "audit_text:262144"
  "pdf_text:262144"
  "import:262144"
  "jwt:16384"
)

failed=0
summary=()
for entry in "${targets[@]}"; do
  short=${entry%%:*}
  max_len=${entry##*:}
  name="fuzz_$short"
  binary="$build_dir/fuzz/$name"
  if [[ ! -x "$binary" ]]; then
    echo "$name: no binary at $binary (configure with -DJUESUAN_FUZZ=ON and build it)" >&2
    failed=1
    summary+=("$name: not built")
    continue
  fi
  corpus="$source_dir/fuzz/corpus/$short"
  regressions="$source_dir/fuzz/regressions/$short"
  scratch="$work/$short"
  rm -rf "$scratch"
  mkdir -p "$scratch"
  dirs=("$scratch" "$corpus")
  [[ -d "$regressions" ]] && dirs+=("$regressions")

  # Words of the input's language (JSON names, units), from make_corpus.py.
  dict_args=()
  [[ -f "$source_dir/fuzz/dict/$short.dict" ]] && dict_args=(-dict="$source_dir/fuzz/dict/$short.dict")

  log="$work/$short.log"
  echo "== $name: ${seconds}s, max_len $max_len"
  start=$(date +%s)
  "$binary" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "${dict_args[@]}" "${dirs[@]}" \
    >"$log" 2>&1
  status=$?
  elapsed=$(($(date +%s) - start))

  executed=$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{print $2}')
  grep -E '^stat::number_of_executed_units:' "$log" || true
  seeds=$(find "${dirs[@]:1}" -type f | wc -l)
  found=$(find "$scratch" -type f | wc -l)
  if [[ $status -ne 0 ]]; then
    failed=1
    echo "$name FAILED (exit $status); the end of its log:" >&2
    tail -n 60 "$log" >&2
    cp "$log" "$artifacts/$name.log"
    summary+=("$name: FAILED exit $status after ${elapsed}s, ${executed:-?} executions; artifacts in $artifacts")
  else
    summary+=("$name: ${executed:-?} executions in ${elapsed}s, corpus $seeds + $found new = $((seeds + found)) inputs")
  fi
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $failed
