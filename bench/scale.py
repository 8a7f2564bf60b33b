#!/usr/bin/env python3
"""The suite at scale, as real processes: 10k, 50k and 100k department-years.

For each size, on fresh data directories: the three servers are started;
`juesuanctl generate` submits N generated department-years (varying in size,
codes, projects and indicators, shaped like the seed; 16 in flight); the
ingestion store's size on disk is read; `juesuanctl score-all` scores the
year; `juesuanctl render-all` renders 1,000 of the disclosures as HTML; then
each server's peak resident memory (VmHWM) is read and the servers are
stopped. Per-department-year costs that stay flat as N grows mean cost grows
linearly.

usage: scale.py BUILD_DIR WORK_DIR SIZES [--update BENCHMARKS.md]
  e.g. scale.py build build/scale 10000,50000,100000 --update BENCHMARKS.md
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

from perf_table import replace_section  # bench/, beside this script
from processes import dir_bytes, peak_rss_mib, start, stop

BEGIN, END = "<!-- scale-table:begin -->", "<!-- scale-table:end -->"
RENDERED = 1000


def timed(argv):
    t0 = time.monotonic()
    r = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit(f"{' '.join(argv)}: exit {r.returncode}\n{r.stdout}\n{r.stderr}")
    return seconds, r.stdout


def run(build, work, n):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    b = lambda *p: os.path.join(build, "services", *p)
    ctl = b("juesuanctl", "juesuanctl")
    ing, ing_addr = start(b("ingestion", "juesuan-ingestion"), f"{work}/ingestion.log",
                          f"--data_dir={work}/ingestion")
    sco, sco_addr = start(b("scoring", "juesuan-scoring"), f"{work}/scoring.log",
                          f"--data_dir={work}/scoring", f"--ingestion_addr={ing_addr}")
    ren, ren_addr = start(b("rendering", "juesuan-rendering"), f"{work}/rendering.log",
                          f"--data_dir={work}/rendering", f"--ingestion_addr={ing_addr}",
                          f"--scoring_addr={sco_addr}")
    addrs = [f"--ingestion_addr={ing_addr}", f"--scoring_addr={sco_addr}",
             f"--rendering_addr={ren_addr}", "--timeout=600s"]
    try:
        ingest_s, _ = timed([ctl, *addrs, "generate", f"--count={n}", "--parallel=16",
                             "--seed=7", "--fiscal_year=2023"])
        store = dir_bytes(f"{work}/ingestion")
        score_s, out = timed([ctl, *addrs, "score-all", "--fiscal_year=2023",
                              "--profile=changji-2023"])
        render_s, out = timed([ctl, *addrs, "render-all", "--fiscal_year=2023", "--format=html",
                               f"--limit={RENDERED}", "--parallel=4"])
        m = re.search(r"rendered (\d+) of (\d+) documents \(html, (\d+) B each\)", out)
        rendered, doc_bytes = int(m.group(1)), int(m.group(3))
        rss = [peak_rss_mib(p.pid) for p in (ing, sco, ren)]
    finally:
        for p in (ren, sco, ing):
            stop(p)
    return {"n": n, "ingest_s": ingest_s, "store_bytes": store, "score_s": score_s,
            "render_s": render_s, "rendered": rendered, "doc_bytes": doc_bytes,
            "rss_mib": rss}


def table(rows):
    lines = [
        "| department-years | ingest | ingest/s | µs per dept-year | store per dept-year | "
        "score-all | scored/s | µs per dept-year | render 1,000 HTML | documents/s | "
        "peak RSS ingestion / scoring / rendering |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        n = r["n"]
        lines.append(
            f"| {n:,} | {r['ingest_s']:.1f} s | {n / r['ingest_s']:,.0f} | "
            f"{r['ingest_s'] * 1e6 / n:,.0f} | {r['store_bytes'] / n / 1024:.1f} KiB | "
            f"{r['score_s']:.1f} s | {n / r['score_s']:,.0f} | {r['score_s'] * 1e6 / n:,.0f} | "
            f"{r['render_s']:.1f} s | {r['rendered'] / r['render_s']:,.0f} | "
            f"{r['rss_mib'][0]:,.0f} / {r['rss_mib'][1]:,.0f} / {r['rss_mib'][2]:,.0f} MiB |")
    return "\n".join(lines)


def main():
    args = sys.argv[1:]
    if len(args) < 3:
        sys.exit(__doc__)
    build, work, sizes = args[0], args[1], [int(s) for s in args[2].split(",")]
    rows = []
    for n in sizes:
        rows.append(run(build, os.path.join(work, str(n)), n))
        print(json.dumps(rows[-1]), flush=True)
        shutil.rmtree(os.path.join(work, str(n)), ignore_errors=True)
    text = table(rows)
    print(text)
    if len(args) == 5 and args[3] == "--update":
        replace_section(args[4], BEGIN, END, text)


if __name__ == "__main__":
    main()
