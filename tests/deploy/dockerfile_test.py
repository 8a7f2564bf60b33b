#!/usr/bin/env python3
"""deploy/Dockerfile checked offline (no Docker engine runs here).

What an operator relies on: a Debian 12 build stage and a bookworm-slim
runtime stage; a numeric, non-root USER (Kubernetes' runAsNonRoot can only
verify a numeric one); the data VOLUME; a HEALTHCHECK running our probe in
exec form; every binary copied in; no -dev package in the runtime; and the
runtime's packages covering every shared library the built binaries load
(found with ldd, mapped to Debian packages with dpkg, closed over the
packages' Depends). Each check is also run on a broken copy of the file and
must fail there.

usage: dockerfile_test.py DOCKERFILE DOCKERIGNORE BINARY...
"""
import functools
import json
import os
import re
import subprocess
import sys


def instructions(text):
    """[(stage_index, KEYWORD, args)] with continuations joined."""
    out, stage, pending = [], -1, ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        out.append((stage, keyword, args.strip()))
    return out


def installed_packages(args):
    """Package names an `apt-get install` in a RUN line names."""
    names = []
    for part in re.split(r"&&|;", args):
        words = part.split()
        if "apt-get" in words and "install" in words:
            names += [w for w in words[words.index("install") + 1:] if not w.startswith("-")]
    return names


@functools.lru_cache(maxsize=None)
def package_of(path):
    for candidate in (path, re.sub(r"^/usr/lib/", "/lib/", path)):
        r = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.split(":")[0]
    raise AssertionError(f"no Debian package owns {path}")


def needed_packages(binaries):
    needed = {}
    for binary in binaries:
        out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
        for lib in re.findall(r"=> (/\S+)", out):
            needed.setdefault(package_of(os.path.realpath(lib)), set()).add(os.path.basename(binary))
    return needed


@functools.lru_cache(maxsize=None)
def depends_of(package):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Depends},${Pre-Depends}", package],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return ()  # not installed here: its dependencies are unknown
    names = (a.split("|")[0].strip().split(" ")[0].split(":")[0] for a in r.stdout.split(","))
    return tuple(n for n in names if n)


def dependency_closure(packages):
    seen, todo = set(), list(packages)
    while todo:
        p = todo.pop()
        if p not in seen:
            seen.add(p)
            todo.extend(depends_of(p))
    return seen


def problems(text, dockerignore, needed):
    found = []
    ins = instructions(text)
    froms = [a for _, k, a in ins if k == "FROM"]
    if len(froms) < 2:
        found.append("fewer than two stages")
        return found
    if not re.fullmatch(r"debian:bookworm(@sha256:[0-9a-f]{64})? AS build", froms[0], re.I):
        found.append(f"first stage is not 'debian:bookworm AS build': {froms[0]}")
    if not re.fullmatch(r"debian:bookworm-slim(@sha256:[0-9a-f]{64})?", froms[-1]):
        found.append(f"runtime stage is not debian:bookworm-slim: {froms[-1]}")
    last = len(froms) - 1
    runtime = [(k, a) for s, k, a in ins if s == last]
    users = [a for k, a in runtime if k == "USER"]
    if not users:
        found.append("no USER in the runtime stage")
    else:
        m = re.fullmatch(r"(\d+)(?::(\d+))?", users[-1])
        if not m:
            found.append(f"USER is not numeric: {users[-1]}")
        elif int(m.group(1)) == 0 or (m.group(2) is not None and int(m.group(2)) == 0):
            found.append(f"USER is root: {users[-1]}")
    volumes = " ".join(a for k, a in runtime if k == "VOLUME")
    if "/var/lib/juesuan" not in volumes:
        found.append("no VOLUME /var/lib/juesuan")
    health = [a for k, a in runtime if k == "HEALTHCHECK"]
    if not health:
        found.append("no HEALTHCHECK")
    else:
        cmd = health[-1].split("CMD", 1)[-1].strip()
        try:
            argv = json.loads(cmd)
        except ValueError:
            argv = None
        if not argv or argv[0] != "/usr/local/bin/juesuan-health-probe":
            found.append(f"HEALTHCHECK does not run juesuan-health-probe in exec form: {cmd}")
    copied = " ".join(a for k, a in runtime if k == "COPY")
    if "--from=build" not in copied:
        found.append("runtime copies nothing from the build stage")
    build_run = " ".join(a for s, k, a in ins if s == 0 and k == "RUN")
    for binary in ("juesuan-ingestion", "juesuan-scoring", "juesuan-rendering", "juesuanctl",
                   "juesuan-health-probe"):
        if binary not in build_run:
            found.append(f"the build stage does not build and install {binary}")
    packages = [p for k, a in runtime if k == "RUN" for p in installed_packages(a)]
    for p in packages:
        if p.endswith("-dev"):
            found.append(f"runtime installs a -dev package: {p}")
    closure = dependency_closure(packages)
    for p, users_of in sorted(needed.items()):
        if p not in closure:
            found.append(f"runtime lacks {p} (loaded by {', '.join(sorted(users_of))})")
    for ignored in ("build/", "node_modules/", ".juesuan-data/"):
        if ignored not in dockerignore.split():
            found.append(f".dockerignore does not exclude {ignored}")
    return found


def main():
    dockerfile, dockerignore_path, *binaries = sys.argv[1:]
    text = open(dockerfile, encoding="utf-8").read()
    dockerignore = open(dockerignore_path, encoding="utf-8").read()
    needed = needed_packages(binaries)
    print("runtime libraries needed:", ", ".join(sorted(needed)))
    real = problems(text, dockerignore, needed)
    if real:
        print("FAIL:\n  " + "\n  ".join(real))
        return 1
    # Each check must be able to fail.
    broken = {
        "root user": (text.replace("USER 10001:10001", "USER 0:0"), "USER is root"),
        "named user": (text.replace("USER 10001:10001", "USER juesuan"), "USER is not numeric"),
        "no volume": (re.sub(r"^VOLUME .*$", "", text, flags=re.M), "no VOLUME"),
        "shell health check": (text.replace('CMD ["/usr/local/bin/juesuan-health-probe"',
                                            'CMD "/usr/local/bin/juesuan-health-probe"'),
                               "HEALTHCHECK does not run"),
        "missing library": (text.replace("librocksdb7.8 ", ""), "runtime lacks librocksdb7.8"),
        "dev package": (text.replace("libssl3 ", "libssl-dev "), "-dev package"),
        "fat runtime": (text.replace("FROM debian:bookworm-slim", "FROM debian:bookworm"),
                        "not debian:bookworm-slim"),
    }
    for name, (mutated, expected) in broken.items():
        assert mutated != text, f"mutation '{name}' changed nothing: update this test"
        found = problems(mutated, dockerignore, needed)
        if not any(expected in p for p in found):
            print(f"FAIL: the check missed a Dockerfile with {name} (found: {found})")
            return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
