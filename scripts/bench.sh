#!/usr/bin/env bash
# Reproduces BENCHMARKS.md: builds juesuan, runs juesuan-bench (3 interleaved
# repetitions), RocksDB's db_bench beside its raw Put anchor, and the scale
# run (10k, 50k, 100k department-years as real processes), and rewrites the
# three tables in BENCHMARKS.md. Run it on a quiet
# machine: it takes about ten minutes and measures the disk under ./build.
#
#   ./scripts/bench.sh                 # everything
#   SIZES=10000 ./scripts/bench.sh     # a shorter scale run
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh

ensure_debian_packages build bench
build_juesuan juesuan-bench memory_bench juesuan-ingestion juesuan-scoring juesuan-rendering juesuanctl
build/bench/juesuan-bench --benchmark_repetitions=3 --benchmark_enable_random_interleaving=true \
  --juesuan_bench_dir=build/juesuan-bench-data \
  --benchmark_out=build/juesuan-bench.json --benchmark_out_format=json
python3 bench/perf_table.py build/juesuan-bench.json --update BENCHMARKS.md
# RocksDB's own db_bench, same disk, same run: the anchor cross-checked.
python3 bench/db_bench_check.py build/juesuan-bench.json build/db-bench-data --update BENCHMARKS.md
python3 bench/scale.py build build/scale "${SIZES:-10000,50000,100000}" --update BENCHMARKS.md
# Peak memory against document size (BENCHMARKS.md, "Memory per document": copy its table).
build/bench/memory_bench --json=build/memory-bench.json
rm -rf build/juesuan-bench-data build/scale
echo "BENCHMARKS.md updated (build/juesuan-bench.json holds the raw run)"
