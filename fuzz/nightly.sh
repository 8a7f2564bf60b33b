#!/usr/bin/env bash
# Nightly fuzzing: every target fuzzed for JUESUAN_FUZZ_SECONDS each (default
# 1800: half an hour), long enough for libFuzzer to grow the counts and
# nesting of a whole SubmitAccountsRequest towards the amplifications a
# 30-second CI run cannot reach. Builds the targets with libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer in ./build-fuzz; what it
# finds is in build-fuzz/fuzz-artifacts (crashes, leaks, timeouts, inputs past
# -rss_limit_mb) and build-fuzz/fuzz-found (new inputs, to merge into the
# corpus). Exits non-zero if any target failed.
#
#   fuzz/nightly.sh                              # by hand, or from cron:
#   0 2 * * *  cd /srv/juesuan && fuzz/nightly.sh >>/var/log/juesuan-fuzz.log 2>&1
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
ensure_debian_packages build test
targets=$(sed -n 's/^juesuan_fuzz_target(NAME \(fuzz_[a-z_]*\).*/\1/p' fuzz/CMakeLists.txt)
# shellcheck disable=SC2086
build_preset asan build-fuzz $targets
export ASAN_OPTIONS=detect_leaks=1
exec fuzz/run_bounded.sh build-fuzz "${JUESUAN_FUZZ_SECONDS:-1800}"
