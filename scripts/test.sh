#!/usr/bin/env bash
# Builds juesuan once and runs every test from that build: unit, storage
# (real RocksDB), in-process gRPC and black-box (real processes, buf curl).
# Installs what is missing on Debian 12 first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh

start=$(date +%s)
ensure_debian_packages build test
ensure_npm_tools
build_juesuan
built=$(date +%s)
ctest --test-dir build -j "$(nproc)" --output-on-failure
done_at=$(date +%s)
echo "juesuan: build $((built - start)) s, tests $((done_at - built)) s"
