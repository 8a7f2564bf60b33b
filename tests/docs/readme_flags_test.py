#!/usr/bin/env python3
"""README.md's configuration reference against the binaries themselves.

For every binary, the flags it defines in juesuan's own sources are read
from `--helpfull`; README.md must have a "### Flags of `<binary>`" table with
a row for each, whose default is the binary's (an empty default may be
described in words: "(required)", "none", "built in"). A row for a flag the
binary does not have is an error too, so the table cannot go stale either way.

usage: readme_flags_test.py README.md BINARY...
"""
import os
import re
import subprocess
import sys


def flags_of(binary):
    text = subprocess.run([binary, "--helpfull"], capture_output=True, text=True).stdout
    flags = {}
    for section in re.split(r"\n\s*Flags from ", text)[1:]:
        source, _, body = section.partition(":\n")
        body = body.split("\n\nTry --helpfull")[0]
        if "/absl/" in source or source.startswith("./absl"):
            continue
        # A flag starts a line indented by 4; its continuation lines by 6.
        for entry in re.split(r"\n(?=    --\w+ \()", "\n" + body):
            entry = " ".join(entry.split())
            m = re.match(r"--(\w+) \(", entry)
            if not m:
                continue
            # The default follows the last "; default: " (a help text may
            # itself say "default: …").
            default = entry.rsplit("; default: ", 1)[1].strip()
            default = default[:-1] if default.endswith(";") else default
            flags[m.group(1)] = default.strip('"')
    return flags


def readme_tables(readme):
    tables = {}
    for m in re.finditer(r"^### Flags of `([^`]+)`\n(.*?)(?=^#|\Z)", readme, re.M | re.S):
        rows = {}
        for row in re.findall(r"^\| `--(\w+)` \| (.*?) \|", m.group(2), re.M):
            rows[row[0]] = row[1].strip()
        tables[m.group(1)] = rows
    return tables


def main():
    readme_path, *binaries = sys.argv[1:]
    tables = readme_tables(open(readme_path, encoding="utf-8").read())
    problems = []
    for binary in binaries:
        name = os.path.basename(binary)
        flags = flags_of(binary)
        if not flags:
            problems.append(f"{name}: --helpfull listed no flags of ours")
            continue
        rows = tables.get(name)
        if rows is None:
            problems.append(f"README.md has no '### Flags of `{name}`' table")
            continue
        for flag, default in sorted(flags.items()):
            if flag not in rows:
                problems.append(f"{name}: --{flag} (default {default!r}) is not in README.md")
            elif default == "" or default == "0":
                pass  # described in words ("(required)", "none", "built in", "0: …")
            elif f"`{default}`" not in rows[flag]:
                problems.append(f"{name}: --{flag} defaults to {default!r}, README says {rows[flag]}")
        for flag in sorted(set(rows) - set(flags)):
            problems.append(f"{name}: README.md lists --{flag}, which the binary does not have")
        print(f"{name}: {len(flags)} flags")
    if problems:
        print("FAIL:\n  " + "\n  ".join(problems))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
