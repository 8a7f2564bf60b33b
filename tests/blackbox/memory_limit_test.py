#!/usr/bin/env python3
"""The shipped memory limits hold under the worst legal input.

The three servers run as processes, each in a memory-limited cgroup of 1 GiB
(deploy/k8s's limit), or, where this machine allows no cgroup, watched for a
peak resident set over 1 GiB. The largest document ingestion accepts (the
seed's self-evaluation tables repeated to just under the cost budget) is
submitted for several departments; then, all at once, each is rendered as
HTML, the year is scored by a job, and FULL listings page through them.

No process may die. A request the servers cannot take now must be answered
RESOURCE_EXHAUSTED (retryable), never a broken connection; at least one of
each kind of call must succeed.

  memory_limit_test.py BUILD_DIR SOURCE_DIR
"""
import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

LIMIT = 1 << 30
DEPARTMENTS = 6
FACTOR = 150  # 150 × the seed's project tables: 17,400 elements, 3.6 MB (the budget: 20,000, 4 MiB)


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


class Limits:
    """A 1 GiB memory cgroup per process (v1 or v2), or peak-RSS watching."""

    def __init__(self, work):
        self.groups = {}
        self.root = None
        for root, limit_file, peak_file in (
                ("/sys/fs/cgroup/memory", "memory.limit_in_bytes", "memory.max_usage_in_bytes"),
                ("/sys/fs/cgroup/unified", "memory.max", "memory.peak"),
                ("/sys/fs/cgroup", "memory.max", "memory.peak")):
            probe = os.path.join(root, f"juesuan-probe-{os.getpid()}")
            try:
                os.mkdir(probe)
                ok = os.path.exists(os.path.join(probe, limit_file))
                os.rmdir(probe)
            except OSError:
                continue
            if ok:
                self.root, self.limit_file, self.peak_file = root, limit_file, peak_file
                break
        self.mode = f"cgroup {self.root}" if self.root else "peak RSS (no writable cgroup)"
        self.peaks = {}

    def wrap(self, name):
        """A preexec_fn that puts the child in its own limited group."""
        if not self.root:
            return None
        group = os.path.join(self.root, f"juesuan-{name}-{os.getpid()}")
        os.mkdir(group)
        with open(os.path.join(group, self.limit_file), "w") as f:
            f.write(str(LIMIT))
        swap = os.path.join(group, "memory.memsw.limit_in_bytes")
        if os.path.exists(swap):
            try:
                with open(swap, "w") as f:
                    f.write(str(LIMIT))
            except OSError:
                pass
        self.groups[name] = group

        def enter():
            with open(os.path.join(group, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))
        return enter

    def watch(self, name, pid):
        peak = 0
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak = int(line.split()[1]) * 1024
        except OSError:
            pass
        self.peaks[name] = max(self.peaks.get(name, 0), peak)

    def peak(self, name):
        if name in self.groups:
            try:
                with open(os.path.join(self.groups[name], self.peak_file)) as f:
                    return int(f.read().strip())
            except OSError:
                pass
        return self.peaks.get(name, 0)

    def cleanup(self):
        for group in self.groups.values():
            try:
                os.rmdir(group)
            except OSError:
                pass


def start(binary, name, args, work, limits):
    log = open(os.path.join(work, f"{name}.log"), "w")
    proc = subprocess.Popen([binary, "--listen=127.0.0.1:0"] + args, stderr=log, stdout=log,
                            preexec_fn=limits.wrap(name))
    for _ in range(200):
        text = open(os.path.join(work, f"{name}.log")).read()
        m = re.search(r'"msg":"serving".*?"address":"([^"]+)"', text)
        if m:
            return proc, m.group(1)
        if proc.poll() is not None:
            fail(f"{name} exited: {text[-2000:]}")
        time.sleep(0.1)
    fail(f"{name} did not start")


def largest_document(source, work):
    seed = json.load(open(os.path.join(source, "tests/data/changji-kejiju-2023.json")))
    projects = seed["performance"]["projects"]
    copies = []
    for n in range(2, FACTOR + 1):
        for p in projects:
            q = json.loads(json.dumps(p))
            q["projectName"] = f'{p["projectName"]}（第 {n} 份）'
            copies.append(q)
    seed["performance"]["projects"] = projects + copies
    return seed


def main():
    build, source = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="juesuan-memory-")
    limits = Limits(work)
    print(f"memory limit 1 GiB per server: {limits.mode}")
    procs = {}
    ctl = os.path.join(build, "services/juesuanctl/juesuanctl")
    try:
        ing, ing_addr = start(os.path.join(build, "services/ingestion/juesuan-ingestion"),
                              "ingestion", [f"--data_dir={work}/ingestion"], work, limits)
        procs["ingestion"] = ing
        sco, sco_addr = start(os.path.join(build, "services/scoring/juesuan-scoring"), "scoring",
                              [f"--data_dir={work}/scoring", f"--ingestion_addr={ing_addr}"], work,
                              limits)
        procs["scoring"] = sco
        ren, ren_addr = start(os.path.join(build, "services/rendering/juesuan-rendering"),
                              "rendering", [f"--data_dir={work}/rendering",
                                            f"--ingestion_addr={ing_addr}",
                                            f"--scoring_addr={sco_addr}"], work, limits)
        procs["rendering"] = ren
        addrs = [f"--ingestion_addr={ing_addr}", f"--scoring_addr={sco_addr}",
                 f"--rendering_addr={ren_addr}", "--timeout=600s"]

        def ctl_run(*args):
            r = subprocess.run([ctl] + addrs + list(args), capture_output=True, text=True)
            return r.returncode, r.stdout + r.stderr

        doc = largest_document(source, work)
        for i in range(DEPARTMENTS):
            doc["department"]["name"] = f"departments/big-{i}"
            path = os.path.join(work, f"big-{i}.json")
            with open(path, "w") as f:
                json.dump(doc, f, ensure_ascii=False)
            code, out = ctl_run("submit", path)
            if code != 0:
                fail(f"the largest legal document was refused: {out[-1500:]}")

        calls = []
        for i in range(DEPARTMENTS):
            calls.append(("render", ("render", f"departments/big-{i}/accounts/2023", "--format=html",
                                     "--template_id=xinjiang-2023", f"--out={work}/big-{i}.html")))
        for _ in range(4):
            calls.append(("list", ("list", "--fiscal_year=2023", "--view=full", "--page_size=50",
                                   "--output=json")))
        calls.append(("score", ("score-all", "--fiscal_year=2023", "--profile=changji-2023")))
        results = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(calls)) as pool:
            futures = {pool.submit(ctl_run, *args): kind for kind, args in calls}
            while not all(f.done() for f in futures):
                for name, proc in procs.items():
                    limits.watch(name, proc.pid)
                time.sleep(0.2)
            for f, kind in futures.items():
                results.append((kind, *f.result()))

        for name, proc in procs.items():
            if proc.poll() is not None:
                fail(f"{name} died (exit {proc.returncode}): "
                     f"{open(os.path.join(work, name + '.log')).read()[-1500:]}")
        served = {kind: 0 for kind, _ in calls}
        for kind, code, out in results:
            if code == 0:
                served[kind] += 1
            elif "RESOURCE_EXHAUSTED" not in out:
                fail(f"{kind} failed other than RESOURCE_EXHAUSTED: {out[-1500:]}")
        for kind, n in served.items():
            if n == 0:
                outs = [out[-600:] for k, _, out in results if k == kind]
                fail(f"no {kind} call succeeded: {outs}")
        report = ", ".join(f"{name} {limits.peak(name) / (1 << 20):.0f} MiB" for name in procs)
        print(f"served {served}; peak memory: {report}")
        for name in procs:
            if limits.peak(name) > LIMIT:
                fail(f"{name} peaked at {limits.peak(name)} bytes, over 1 GiB")
        print("PASS")
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
        limits.cleanup()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
