#!/usr/bin/env python3
"""The deployment manifests' commands, run for real.

A manifest can validate against every schema and still start nothing: a
misspelt flag, a config path that does not match the mount, a ConfigMap
laid out differently from what the server reads. For each server in
deploy/k8s (StatefulSets) and deploy/compose.yaml, this test builds the
files the container would see at the paths the manifest mounts them
(ConfigMaps as the kubelet lays them out: items, a `..data` symlink to a
timestamped directory; compose bind mounts of data/), starts the built binary
with exactly the manifest's arguments (listen addresses moved to free
loopback ports, absolute paths under a scratch root, upstream names pointed
at the servers it started), and checks that each server read the mounted
configuration, not its built-in copy: the test marks the versions in the
mounted files and asks each server for them. The Secret juesuan-access (and
compose's ./access) is made by deploy/make_access.sh, as an operator would:
each server must run under that access policy (a call without a token is
UNAUTHENTICATED), and the servers reach their upstreams with their own
tokens. The CronJob's juesuanctl command then runs against the scoring
server, with the scheduler's token, and must exit 0.

usage: manifest_commands_test.py SOURCE_DIR BIN_DIR_MAP...   (name=path pairs)
"""
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import yaml

MARK = "-mounted"


def mark_versions(root):
    """Marks the version of every config file under root (files, not links)."""
    for path in glob.glob(os.path.join(root, "**", "*.textproto"), recursive=True):
        if os.path.islink(path):
            continue
        text = open(path, encoding="utf-8").read()
        marked, n = re.subn(r'^version: "([^"]*)"', lambda m: f'version: "{m.group(1)}{MARK}"',
                            text, count=1, flags=re.M)
        assert n == 1, f"no version in {path}"
        open(path, "w", encoding="utf-8").write(marked)


def kubelet_volume(target, data, items, mark=True):
    """Lays out a ConfigMap or Secret volume as the kubelet does."""
    stamp = os.path.join(target, "..2026_01_01_00_00_00.000000000")
    os.makedirs(stamp)
    chosen = items or [{"key": k, "path": k} for k in data]
    for item in chosen:
        assert item["key"] in data, f"key {item['key']} is not in the volume's source"
        dest = os.path.join(stamp, item["path"])
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "w", encoding="utf-8") as f:
            f.write(data[item["key"]])
    os.symlink(os.path.basename(stamp), os.path.join(target, "..data"))
    for top in {item["path"].split("/")[0] for item in chosen}:
        os.symlink(os.path.join("..data", top), os.path.join(target, top))
    if mark:
        mark_versions(stamp)


def read_dir(path):
    return {name: open(os.path.join(path, name), encoding="utf-8").read()
            for name in os.listdir(path)}


def k8s_servers(source):
    docs = []
    for path in sorted(glob.glob(os.path.join(source, "deploy/k8s/*.yaml"))):
        docs += [d for d in yaml.safe_load_all(open(path, encoding="utf-8")) if d]
    configmaps = {d["metadata"]["name"]: d for d in docs if d["kind"] == "ConfigMap"}
    servers, jobs = [], []
    for d in docs:
        if d["kind"] == "StatefulSet":
            pod = d["spec"]["template"]["spec"]
            claims = {c["metadata"]["name"] for c in d["spec"].get("volumeClaimTemplates", [])}
            for c in pod["containers"]:
                servers.append(("k8s " + d["metadata"]["name"], c["command"] + c.get("args", []),
                                lambda root, access, c=c, pod=pod, claims=claims: k8s_mounts(
                                    root, c, pod, claims, configmaps, access)))
        if d["kind"] == "CronJob":
            pod = d["spec"]["jobTemplate"]["spec"]["template"]["spec"]
            for c in pod["containers"]:
                jobs.append(("k8s " + d["metadata"]["name"], c["command"] + c.get("args", [])))
    return servers, jobs


def k8s_mounts(root, container, pod, claims, configmaps, access):
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for mount in container.get("volumeMounts", []):
        target = root + mount["mountPath"]
        volume = volumes.get(mount["name"])
        if mount["name"] in claims or (volume and "emptyDir" in volume):
            os.makedirs(target, exist_ok=True)
        elif volume and "configMap" in volume:
            ref = volume["configMap"]
            kubelet_volume(target, configmaps[ref["name"]]["data"], ref.get("items"))
        elif volume and "secret" in volume:
            assert volume["secret"]["secretName"] == "juesuan-access", volume
            kubelet_volume(target, read_dir(access), volume["secret"].get("items"), mark=False)
        else:
            raise AssertionError(f"unknown volume {mount['name']}")


def compose_servers(source):
    spec = yaml.safe_load(open(os.path.join(source, "deploy/compose.yaml"), encoding="utf-8"))
    servers = []
    for name, svc in spec["services"].items():
        if "tools" in svc.get("profiles", []):
            continue
        argv = list(svc["entrypoint"]) + list(svc.get("command", []))
        servers.append(("compose " + name, argv,
                        lambda root, access, svc=svc: compose_mounts(root, svc, source, access)))
    return servers


def compose_mounts(root, svc, source, access):
    for volume in svc.get("volumes", []):
        src, dst = volume.split(":")[:2]
        target = root + dst
        if src == "./access":
            shutil.copytree(access, target)
        elif src.startswith("."):
            shutil.copytree(os.path.normpath(os.path.join(source, "deploy", src)), target)
            mark_versions(target)
        else:
            os.makedirs(target, exist_ok=True)


def rewrite(argv, root, binaries, upstreams):
    binary = binaries[os.path.basename(argv[0])]
    out = [binary]
    for arg in argv[1:]:
        flag, eq, value = arg.partition("=")
        if flag in ("--listen", "--health_listen", "--metrics_listen"):
            value = "127.0.0.1:0"
        elif flag in ("--ingestion_addr", "--scoring_addr", "--rendering_addr"):
            value = upstreams[flag]
        elif value.startswith("/"):
            value = root + value
        out.append(flag + eq + value if eq else arg)
    return out


def start(argv, log_path):
    log = open(log_path, "w")
    proc = subprocess.Popen(argv, stderr=log, stdout=log)
    for _ in range(100):
        time.sleep(0.1)
        text = open(log_path).read()
        m = re.search(r'"msg":"serving".*?"address":"([^"]+)"', text)
        if m:
            return proc, m.group(1), text
        if proc.poll() is not None:
            raise AssertionError(f"{argv[0]} exited: {text}")
    raise AssertionError(f"{argv[0]} did not start: {open(log_path).read()}")


def ctl(binaries, access, *args):
    """juesuanctl as the operator (deploy/make_access.sh's operator token)."""
    r = subprocess.run([binaries["juesuanctl"], "--output=json",
                        "--token_file=" + os.path.join(access, "operator.token"), *args],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"juesuanctl {args}: {r.stderr}"
    return r.stdout


def refused_without_token(binaries, flag, address, command):
    r = subprocess.run([binaries["juesuanctl"], flag + "=" + address, command],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "UNAUTHENTICATED" in r.stderr, \
        f"{command} without a token: exit {r.returncode}: {r.stderr}"


def run_set(label, servers, jobs, binaries, work, access):
    order = {"juesuan-ingestion": 0, "juesuan-scoring": 1, "juesuan-rendering": 2}
    servers = sorted(servers, key=lambda s: order[os.path.basename(s[1][0])])
    upstreams, procs = {}, []
    try:
        for name, argv, mount in servers:
            root = os.path.join(work, re.sub(r"\W", "_", name))
            os.makedirs(root)
            mount(root, access)
            proc, address, log = start(rewrite(argv, root, binaries, upstreams),
                                       os.path.join(root, "server.log"))
            assert '"authentication":"/etc/juesuan/access/policy.textproto"' in log.replace(
                root, ""), f"{name}: not under the mounted access policy: {log[:400]}"
            procs.append((name, proc))
            binary = os.path.basename(argv[0])
            if binary == "juesuan-ingestion":
                upstreams["--ingestion_addr"] = address
                assert f'"rule_catalogue":"2024.1{MARK}"' in log, f"{name}: built-in catalogue"
                refused_without_token(binaries, "--ingestion_addr", address, "rules")
            elif binary == "juesuan-scoring":
                upstreams["--scoring_addr"] = address
                out = ctl(binaries, access, "--scoring_addr=" + address, "profiles")
                assert out.count(MARK) >= 2, f"{name}: built-in profiles: {out[:300]}"
            elif binary == "juesuan-rendering":
                upstreams["--rendering_addr"] = address
                out = ctl(binaries, access, "--rendering_addr=" + address, "templates")
                assert MARK in out, f"{name}: built-in templates: {out[:300]}"
            print(f"{name}: started with the manifest's arguments, read the mounted configuration")
        if jobs:
            shutil.copytree(access, work + "/etc/juesuan/access")
        for name, argv in jobs:
            r = subprocess.run(rewrite(argv, work, binaries, upstreams), capture_output=True,
                               text=True, timeout=120)
            assert r.returncode == 0, f"{name}: exit {r.returncode}: {r.stderr}"
            print(f"{name}: the job's command ran, exit 0")
    finally:
        for name, proc in reversed(procs):
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=30) == 0, f"{name}: did not stop cleanly"


def main():
    source, *pairs = sys.argv[1:]
    binaries = dict(p.split("=", 1) for p in pairs)
    with tempfile.TemporaryDirectory() as work:
        # The Secret's contents, as an operator makes them.
        access = os.path.join(work, "access")
        subprocess.run([os.path.join(source, "deploy/make_access.sh"), access], check=True,
                       capture_output=True)
        servers, jobs = k8s_servers(source)
        assert len(servers) == 3 and jobs, "expected three StatefulSets and a CronJob"
        run_set("k8s", servers, jobs, binaries, os.path.join(work, "k8s"), access)
        compose = compose_servers(source)
        assert len(compose) == 3, "expected three compose servers"
        run_set("compose", compose, [], binaries, os.path.join(work, "compose"), access)
    print("PASS")


if __name__ == "__main__":
    main()
