#!/usr/bin/env bash
# Builds juesuan and runs every test, then the same suite under sanitizers:
#  1. the main build: unit, storage (real RocksDB), in-process gRPC, crash,
#     overload, auth and black-box tests (real processes, buf curl), and the
#     fuzz corpora replayed;
#  2. a clang build with AddressSanitizer + UndefinedBehaviorSanitizer (and
#     libFuzzer's coverage): the whole suite again, then each fuzz target
#     fuzzed for a bounded time (JUESUAN_FUZZ_SECONDS, 30 s each);
#  3. a clang build with ThreadSanitizer of the concurrency tests.
# JUESUAN_SANITIZERS=0 stops after 1. Installs what is missing on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh

start=$(date +%s)
ensure_debian_packages build test
ensure_npm_tools
build_juesuan
scripts/check_style.sh  # clang-format on every file, clang-tidy on the last commit's
built=$(date +%s)
ctest --preset main -j "$(nproc)"
tested=$(date +%s)
echo "juesuan: build $((built - start)) s, tests $((tested - built)) s"
[ "${JUESUAN_SANITIZERS:-1}" = 1 ] || exit 0

# Undefined behaviour fails a test instead of printing a line; leaks too.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
build_preset asan build-asan
asan_built=$(date +%s)
ctest --preset asan -j "$(nproc)"
asan_tested=$(date +%s)
fuzz/run_bounded.sh build-asan "${JUESUAN_FUZZ_SECONDS:-30}"
fuzzed=$(date +%s)
echo "juesuan: ASan+UBSan build $((asan_built - tested)) s, tests $((asan_tested - asan_built)) s, fuzzing $((fuzzed - asan_tested)) s"

# Debian's gRPC and RocksDB are not instrumented: without this TSan reports
# their internals as races (reference: ~70 reports, 0 with it). Nor is
# Abseil, whose Mutex orders our code and gRPC's: tests/tsan/
# absl_sync_annotations.cc, preloaded, tells TSan what each lock did.
# The races left inside gRPC's own header code are suppressed by name
# (tests/tsan/tsan.supp says why).
export TSAN_OPTIONS="ignore_noninstrumented_modules=1:halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan/tsan.supp"
tsan_targets=(concurrency_grpc_test overload_grpc_test ingestion_grpc_test scoring_grpc_test
              rendering_grpc_test auth_grpc_test auth_tls_test tsan_race_selftest)
build_preset tsan build-tsan "${tsan_targets[@]}"
clang++-14 -std=c++17 -shared -fPIC -O1 -o build-tsan/libabsl_tsan_annotations.so \
  tests/tsan/absl_sync_annotations.cc -ldl
tsan_built=$(date +%s)
LD_PRELOAD="$PWD/build-tsan/libabsl_tsan_annotations.so" ctest --preset tsan -j "$(nproc)"
done_at=$(date +%s)
echo "juesuan: TSan build $((tsan_built - fuzzed)) s, tests $((done_at - tsan_built)) s"
echo "juesuan: all stages $((done_at - start)) s"
