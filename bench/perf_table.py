#!/usr/bin/env python3
"""Turns juesuan-bench's JSON into the P1–P6 table of BENCHMARKS.md.

Each figure is the median over the run's repetitions (iteration rows, not
Google Benchmark's own aggregates), so anchors and the suite's paths come
from the same interleaved run.

usage: perf_table.py BENCH.json [--update BENCHMARKS.md]
"""
import json
import statistics
import sys

BEGIN, END = "<!-- perf-table:begin -->", "<!-- perf-table:end -->"


def medians(data):
    rows = {}
    for b in data["benchmarks"]:
        if b.get("run_type") != "iteration" or b.get("error_occurred"):
            continue
        name = b["run_name"].split("/iterations:")[0].split("/min_time:")[0]
        name = name.replace("/manual_time", "").replace("/real_time", "")
        rows.setdefault(name, []).append(b)
    out = {}
    for name, runs in rows.items():
        keys = set().union(*(r.keys() for r in runs))
        figures = {}
        for k in keys:
            values = [r[k] for r in runs if isinstance(r.get(k), (int, float))]
            if values:
                figures[k] = statistics.median(values)
        figures["repetitions"] = len(runs)
        out[name] = figures
    return out


def us(figures):
    """Time per operation in µs (for the auto-timed micro benchmarks)."""
    scale = {"ns": 1e-3, "us": 1, "ms": 1e3, "s": 1e6}[figures_unit(figures)]
    return figures["real_time"] * scale


def figures_unit(figures):
    return figures.get("_unit", "us")


def table(data):
    m = medians(data)
    for b in data["benchmarks"]:
        name = b["run_name"].split("/iterations:")[0].split("/min_time:")[0]
        name = name.replace("/manual_time", "").replace("/real_time", "")
        if name in m:
            m[name]["_unit"] = b["time_unit"]
    need = ["BM_Echo", "BM_RawPut/w:1", "BM_RawPut/w:16", "BM_ParseAccounts", "BM_ScanParse",
            "BM_Ingest/inflight:1", "BM_Ingest/inflight:16", "BM_Validate", "BM_ScoreJob/threads:1",
            "BM_ScoreJob/threads:2", "BM_RenderHtml", "BM_GetDisclosure", "BM_IngestWhileScoring"]
    missing = [n for n in need if n not in m]
    if missing:
        sys.exit(f"perf_table: the run lacks {', '.join(missing)}")
    echo, raw1, raw16 = m["BM_Echo"], m["BM_RawPut/w:1"], m["BM_RawPut/w:16"]
    ing1, ing16 = m["BM_Ingest/inflight:1"], m["BM_Ingest/inflight:16"]
    parse_us, validate_us = us(m["BM_ParseAccounts"]), us(m["BM_Validate"])
    scan = m["BM_ScanParse"]["dept_years_per_s"]
    s1, s2 = m["BM_ScoreJob/threads:1"]["dept_years_per_s"], m["BM_ScoreJob/threads:2"]["dept_years_per_s"]
    render, get = m["BM_RenderHtml"], m["BM_GetDisclosure"]
    busy = m["BM_IngestWhileScoring"]

    rows = [
        ("P1", "ingest p50 ÷ (echo p50 + raw sync Put p50)", "≤ 1.2",
         ing1["p50_us"] / (echo["p50_us"] + raw1["p50_us"]),
         f"ingest {ing1['p50_us']:.0f} µs; echo {echo['p50_us']:.0f} µs; Put {raw1['p50_us']:.0f} µs", "le", 1.2),
        ("P2", "ingest calls/s, 16 in flight ÷ raw sync Put/s, 16 writers", "≥ 0.8",
         ing16["calls_per_s"] / raw16["calls_per_s"],
         f"ingest {ing16['calls_per_s']:.0f}/s; Put {raw16['calls_per_s']:.0f}/s", "ge", 0.8),
        ("P3", "validation ÷ protobuf parse, the seed's accounts", "≤ 1.0",
         validate_us / parse_us, f"validate {validate_us:.0f} µs; parse {parse_us:.0f} µs", "le", 1.0),
        ("P4", "scoring job dept-years/s (1 thread) ÷ scan-and-parse rate", "≥ 0.5",
         s1 / scan, f"job {s1:.0f}/s; scan+parse {scan:.0f}/s", "ge", 0.5),
        ("P4b", "scoring job, 2 threads ÷ 1 thread", "≥ 1.6", s2 / s1,
         f"{s2:.0f}/s vs {s1:.0f}/s", "ge", 1.6),
        ("P5", "RenderDisclosure p50 (seed, HTML) ÷ GetDisclosure p50 (same document)", "≤ 1.5",
         render["p50_us"] / get["p50_us"],
         f"render {render['p50_us']:.0f} µs; get {get['p50_us']:.0f} µs", "le", 1.5),
        ("P6", "ingest p99 while a scoring job runs ÷ ingest p99 idle", "≤ 2",
         busy["p99_us"] / ing1["p99_us"],
         f"busy {busy['p99_us']:.0f} µs; idle {ing1['p99_us']:.0f} µs", "le", 2.0),
    ]
    lines = ["| goal | ratio | target | measured | anchors and figures (medians) |",
             "|---|---|---|---|---|"]
    for pid, what, target, ratio, figures, sense, bound in rows:
        ok = ratio <= bound if sense == "le" else ratio >= bound
        lines.append(f"| {pid} | {what} | {target} | **{ratio:.2f}** {'met' if ok else 'missed'} | {figures} |")
    reps = min(f["repetitions"] for n, f in m.items() if n in need)
    ctx = data.get("context", {})
    lines.append("")
    lines.append(f"Run {ctx.get('date', '?')} on {ctx.get('host_name', '?')}: {ctx.get('num_cpus', '?')} CPUs at "
                 f"{ctx.get('mhz_per_cpu', '?')} MHz; data on {ctx.get('juesuan_bench_dir_fs', '?')}; "
                 f"request {ctx.get('request_bytes', '?')} B; {reps} repetitions, interleaved "
                 f"({'random interleaving' if ctx.get('random_interleaving', True) else 'in order'}); "
                 f"CPU per call (whole process, client included): echo {echo['cpu_us_per_call']:.0f} µs, "
                 f"ingest {ing1['cpu_us_per_call']:.0f} µs, raw Put {raw1['cpu_us_per_call']:.0f} µs.")
    return "\n".join(lines)


def replace_section(path, begin, end, text):
    """Replaces what lies between the markers `begin` and `end` in `path`."""
    doc = open(path, encoding="utf-8").read()
    a, b = doc.index(begin) + len(begin), doc.index(end)
    open(path, "w", encoding="utf-8").write(doc[:a] + "\n" + text + "\n" + doc[b:])


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    data = json.load(open(args[0], encoding="utf-8"))
    text = table(data)
    print(text)
    if len(args) == 3 and args[1] == "--update":
        replace_section(args[2], BEGIN, END, text)


if __name__ == "__main__":
    main()
