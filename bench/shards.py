#!/usr/bin/env python3
"""Beyond one machine, simulated: ingestion split by region across two shards.

The growth path deploy/README.md argues ("Beyond one machine") keeps each
department-year in exactly one ingestion store, chosen by its region code's
prefix, so shards share nothing. This run backs its figures on this machine:

  1. one node: one juesuan-ingestion takes N department-years of two regions
     (`juesuanctl generate`, 16 in flight);
  2. two shards: two juesuan-ingestion processes, each on its own data
     directory, take the same N at once, each its region's half (juesuanctl
     routes by region: `generate --region`, `--ingestion_addr` per shard);
  3. each shard lists exactly its region's department-years, and is backed
     up and restored on its own (`juesuanctl backup` / `restore`), timed.

On one machine the shards share its cores, so (2) shows that splitting adds
no cost per department-year and that each shard's store, backup and restore
shrink with its share; the throughput of shards on separate machines adds up
because nothing crosses shards.

usage: shards.py BUILD_DIR WORK_DIR N
"""
import json
import os
import shutil
import subprocess
import sys
import time

from processes import dir_bytes, start, stop  # bench/, beside this script

REGIONS = ("650100", "652300")  # 乌鲁木齐市, 昌吉州: one shard each


def ctl(build, addr, *args):
    out = subprocess.run([f"{build}/services/juesuanctl/juesuanctl", f"--ingestion_addr={addr}",
                          "--timeout=600s", *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"juesuanctl {' '.join(args)}: {out.stderr}")
    return out.stdout


def generate(build, addr, region, count, start_at):
    return subprocess.Popen([f"{build}/services/juesuanctl/juesuanctl", f"--ingestion_addr={addr}",
                             "generate", f"--count={count}", f"--start={start_at}",
                             f"--region={region}", "--parallel=16", "--seed=5"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def count_listed(build, addr, region):
    listed, token = 0, ""
    while True:
        page = json.loads(ctl(build, addr, "list", "--output=json", "--view=basic", "--fiscal_year=2023",
                              f"--region={region}", "--page_size=1000",
                              *( [f"--page_token={token}"] if token else [])))
        listed += len(page.get("accounts", []))
        token = page.get("nextPageToken", "")
        if not token:
            return listed


def main():
    build, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ingestion = f"{build}/services/ingestion/juesuan-ingestion"
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    half = n // 2

    # 1. One node takes both regions.
    proc, addr = start(ingestion, f"{work}/one.log", f"--data_dir={work}/one")
    began = time.time()
    runs = [generate(build, addr, r, half, i * half) for i, r in enumerate(REGIONS)]
    for r in runs:
        r.wait()
    one_s = time.time() - began
    stop(proc)
    one_bytes = dir_bytes(f"{work}/one")

    # 2. Two shards, one region each, at once.
    shards = [start(ingestion, f"{work}/shard{i}.log", f"--data_dir={work}/shard{i}",
                    f"--backup_dir={work}/backup{i}") for i in range(2)]
    began = time.time()
    runs = [generate(build, shards[i][1], r, half, i * half) for i, r in enumerate(REGIONS)]
    for r in runs:
        r.wait()
    two_s = time.time() - began

    # 3. Each shard holds its region only; backed up and restored on its own.
    rows = []
    for i, region in enumerate(REGIONS):
        addr = shards[i][1]
        mine, other = count_listed(build, addr, region), count_listed(build, addr, REGIONS[1 - i])
        assert mine == half and other == 0, (region, mine, other)
        t = time.time()
        ctl(build, addr, "backup", "--service=ingestion")
        backup_s = time.time() - t
        rows.append((region, mine, dir_bytes(f"{work}/shard{i}"), backup_s, dir_bytes(f"{work}/backup{i}")))
    for proc, _ in shards:
        stop(proc)
    restore = []
    for i in range(2):
        t = time.time()
        subprocess.run([f"{build}/services/juesuanctl/juesuanctl", "restore",
                        f"--from={work}/backup{i}", f"--data_dir={work}/restored{i}"],
                       check=True, capture_output=True)
        restore.append(time.time() - t)

    print(f"one node, {n} department-years of {len(REGIONS)} regions: {one_s:.1f} s "
          f"({n / one_s:.0f}/s), store {one_bytes / 2**20:.0f} MiB")
    print(f"two shards at once on this machine: {two_s:.1f} s ({n / two_s:.0f}/s together)")
    print("| shard | region | department-years | store | backup | backup size | restore |")
    print("|---|---|---|---|---|---|---|")
    for i, (region, count, store, backup_s, backup_bytes) in enumerate(rows):
        print(f"| {i} | {region} | {count} | {store / 2**20:.0f} MiB | {backup_s:.2f} s | "
              f"{backup_bytes / 2**20:.0f} MiB | {restore[i]:.2f} s |")


if __name__ == "__main__":
    main()
