"""The servers as processes, for the scale runs (scale.py, shards.py)."""
import os
import re
import signal
import subprocess
import sys
import time


def start(binary, log, *args):
    """Starts `binary` on a free port, its log in `log`; returns (process, address)."""
    out = open(log, "w")
    proc = subprocess.Popen([binary, "--listen=127.0.0.1:0", *args], stderr=out, stdout=out)
    for _ in range(300):
        time.sleep(0.1)
        m = re.search(r'"msg":"serving".*?"address":"([^"]+)"', open(log).read())
        if m:
            return proc, m.group(1)
        if proc.poll() is not None:
            sys.exit(f"{binary} exited: {open(log).read()}")
    sys.exit(f"{binary} did not start")


def stop(proc):
    """SIGTERM, as Kubernetes stops a pod, and waits for the exit."""
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)


def peak_rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0


def dir_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)
