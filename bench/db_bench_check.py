#!/usr/bin/env python3
"""Cross-checks juesuan-bench's raw RocksDB anchor with RocksDB's own db_bench.

Runs db_bench (Debian rocksdb-tools) in the same run, on the same disk, with
what juesuan-bench's BM_RawPut measures: synced writes of one value the size
of the seed's request, from 1 and from 16 writers. Prints, and with --update
writes into BENCHMARKS.md, a table of both tools' figures and P1 and P2
recomputed with db_bench's figures as the anchor, so that the goals do not
rest on our own measurement of the hardware alone.

usage: db_bench_check.py JUESUAN_BENCH_JSON DATA_DIR [--update BENCHMARKS.md]
"""
import json
import re
import shutil
import subprocess
import sys

from perf_table import medians, replace_section

BEGIN, END = "<!-- db-bench:begin -->", "<!-- db-bench:end -->"


def db_bench(data_dir, value_size, threads, num):
    shutil.rmtree(data_dir, ignore_errors=True)
    out = subprocess.run(
        ["db_bench", "--benchmarks=fillrandom", f"--db={data_dir}", "--sync=1",
         f"--value_size={value_size}", f"--threads={threads}", f"--num={num}",
         "--compression_type=none", "--histogram=1", "--disable_wal=0"],
        capture_output=True, text=True, check=True).stdout
    shutil.rmtree(data_dir, ignore_errors=True)
    ops = re.search(r"fillrandom\s*:\s*([\d.]+) micros/op (\d+) ops/sec", out)
    p50 = re.search(r"Percentiles: P50: ([\d.]+)", out)
    if not ops or not p50:
        sys.exit("db_bench_check: cannot read db_bench's output:\n" + out)
    # With several threads micros/op is per thread; ops/sec is the total.
    return {"p50_us": float(p50.group(1)), "ops_per_s": float(ops.group(2))}


def main():
    args = sys.argv[1:]
    if len(args) not in (2, 4):
        sys.exit(__doc__)
    data = json.load(open(args[0], encoding="utf-8"))
    m = medians(data)
    value_size = int(data.get("context", {}).get("request_bytes", 35250))
    one = db_bench(args[1], value_size, 1, 2000)
    sixteen = db_bench(args[1], value_size, 16, 250)
    raw1, raw16 = m["BM_RawPut/w:1"], m["BM_RawPut/w:16"]
    echo, ing1, ing16 = m["BM_Echo"], m["BM_Ingest/inflight:1"], m["BM_Ingest/inflight:16"]
    p1 = ing1["p50_us"] / (echo["p50_us"] + one["p50_us"])
    p2 = ing16["calls_per_s"] / sixteen["ops_per_s"]
    text = "\n".join([
        f"| synced Put of {value_size} B | juesuan-bench (BM_RawPut) | db_bench fillrandom --sync=1 |",
        "|---|---|---|",
        f"| 1 writer, p50 | {raw1['p50_us']:.0f} µs | {one['p50_us']:.0f} µs |",
        f"| 16 writers, writes/s | {raw16['calls_per_s']:.0f} | {sixteen['ops_per_s']:.0f} |",
        "",
        f"With db_bench's figures as the anchor: P1 = {p1:.2f} (target ≤ 1.2), "
        f"P2 = {p2:.2f} (target ≥ 0.8).",
    ])
    print(text)
    if len(args) == 4 and args[2] == "--update":
        replace_section(args[3], BEGIN, END, text)


if __name__ == "__main__":
    main()
