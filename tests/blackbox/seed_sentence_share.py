#!/usr/bin/env python3
"""The share of the seed's narrative sentences found verbatim in a rendering.

usage: seed_sentence_share.py SEED.txt RENDERED.txt [MIN_SHARE]

The measure of services/rendering/seed_fidelity_test.cc, for black-box tests
of a rendering fetched over gRPC: the seed's 第一部分 to 第三部分, page-number
lines dropped, the 绩效自评表 (from 部门（单位）整体支出绩效目标自评表 to
十二、) left out, all whitespace removed, split after every "。"; a sentence
counts when it occurs in the rendering with whitespace removed. Prints the
share and the sentences missing; exits 1 below MIN_SHARE (default 0.95).
"""
import re
import sys


def squeeze(text):
    return re.sub(r"[ \t\r\n\u3000]", "", text)


def sentences(seed):
    # Page-number lines: ASCII digits only, as the C++ test drops them.
    lines = [l for l in seed.split("\n")
             if not re.fullmatch(r"[ \t\r]*[0-9]+[ \t\r]*", l)]
    text = squeeze("\n".join(lines))
    text = text[: text.index("第四部分")]
    start = text.index("部门（单位）整体支出绩效目标自评表")
    end = text.index("十二、其他需说明的事项")
    text = text[:start] + text[end:]
    return [s + "。" for s in text.split("。")[:-1]]


def main():
    seed = open(sys.argv[1], encoding="utf-8").read()
    rendered = squeeze(open(sys.argv[2], encoding="utf-8").read())
    minimum = float(sys.argv[3]) if len(sys.argv) > 3 else 0.95
    wanted = sentences(seed)
    missing = [s for s in wanted if s not in rendered]
    share = (len(wanted) - len(missing)) / len(wanted)
    print(f"seed sentences given back: {len(wanted) - len(missing)} of {len(wanted)} ({share:.4f})")
    for s in missing[:10]:
        print(f"  missing: {s}")
    if len(missing) > 10:
        print(f"  … and {len(missing) - 10} more")
    sys.exit(0 if share >= minimum else 1)


main()
