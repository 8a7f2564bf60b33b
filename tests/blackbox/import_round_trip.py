#!/usr/bin/env python3
"""Compares the tables an import read back with the accounts they were
printed from, cell by cell: all nine, rows matched by code, every *Fen
field, 表六's class and totals, 表七's budgets and final figures, 表八's and
表九's carry-overs, income and expenditure. A cell the accounts state that
the import lacks (or the other way) is a difference, except that where the
accounts say printed blanks are zeros, a 0 may come back as not stated.

usage: import_round_trip.py <imported.json> <accounts.json> [--layout=juesuan|ministry]
Only what the layout prints is compared: juesuan's own rendering prints 表八
and 表九 as four lines, without their rows; the Ministry's forms print no
上年决算数 in 表五, 总计 alone on 表四's 收入 side, and only 本年支出 in the
2023 表九 (official_layout.py). Prints the number of cells compared;
exits 1 listing the differences."""
import json
import sys

TABLES = ["income", "expenditure", "generalBudgetExpenditure"]


def cells(row):
    return {k: int(v) for k, v in row.items() if k.endswith("Fen")}


def summary(got, want, blank_is_zero, diffs):
    """表一: every line's figure, and the 支出 by 类."""
    compared = 0
    for field in sorted(set(k for k in list(got) + list(want) if k.endswith("Fen"))):
        compared += 1
        wv = None if field not in want else int(want[field])
        gv = None if field not in got else int(got[field])
        if wv != gv and not (blank_is_zero and wv == 0 and gv is None):
            diffs.append(f"表一 {field}: imported {gv}, accounts {wv}")
    w = {r["functionCode"]: int(r.get("amountFen", 0)) for r in want.get("expenditureByFunction", [])}
    g = {r["functionCode"]: int(r.get("amountFen", 0)) for r in got.get("expenditureByFunction", [])}
    for code in sorted(set(w) | set(g)):
        compared += 1
        if w.get(code) != g.get(code) and not (blank_is_zero and w.get(code) == 0 and code not in g):
            diffs.append(f"表一 {code}: imported {g.get(code)}, accounts {w.get(code)}")
    return compared


def fiscal(got, want, blank_is_zero, diffs, ministry=False):
    """表四: each line's amounts by kind, the 支出 rows by 类."""
    compared = 0

    def columns(name, g, w):
        nonlocal compared
        for field in sorted(set(g) | set(w)):
            if ministry and name == "totalIncome" and field != "totalFen":
                continue
            compared += 1
            gv = None if field not in g else int(g[field])
            wv = None if field not in w else int(w[field])
            if gv != wv and not (blank_is_zero and wv == 0 and gv is None):
                diffs.append(f"表四 {name} {field}: imported {gv}, accounts {wv}")

    for line in ("currentIncome", "carryoverBeginning", "totalIncome", "currentExpenditure",
                 "carryoverEnd", "totalExpenditure"):
        columns(line, got.get(line, {}), want.get(line, {}))
    g = {r["functionCode"]: r.get("amounts", {}) for r in got.get("expenditureRows", [])}
    w = {r["functionCode"]: r.get("amounts", {}) for r in want.get("expenditureRows", [])}
    for code in sorted(set(g) | set(w)):
        columns(code, g.get(code, {}), w.get(code, {}))
    return compared


def basic(got, want, blank_is_zero, diffs):
    """表六: its printed totals and each row's name, class and amount."""
    compared = 0
    for field in ("personnelFen", "publicFen", "totalFen"):
        if field in got or field in want:
            compared += 1
            if got.get(field) is not None and int(got[field]) != int(want.get(field, -1)):
                diffs.append(f"表六 {field}: imported {got.get(field)}, accounts {want.get(field)}")
    w = {r["economicCode"]: r for r in want.get("rows", [])}
    g = {r["economicCode"]: r for r in got.get("rows", [])}
    for code in sorted(set(w) | set(g)):
        if code not in w or code not in g:
            diffs.append(f"表六 {code}: only in {'accounts' if code in w else 'import'}")
            continue
        for field in ("economicName", "expenseClass", "amountFen"):
            compared += 1
            wv, gv = w[code].get(field), g[code].get(field)
            if field == "amountFen":
                wv = None if wv is None else int(wv)
                gv = None if gv is None else int(gv)
                if blank_is_zero and wv == 0 and gv is None:
                    continue
            if wv != gv:
                diffs.append(f"表六 {code} {field}: imported {gv!r}, accounts {wv!r}")
    return compared


def same(name, gv, wv, blank_is_zero, diffs):
    gv = None if gv is None else int(gv)
    wv = None if wv is None else int(wv)
    if gv != wv and not (blank_is_zero and wv == 0 and gv is None):
        diffs.append(f"{name}: imported {gv}, accounts {wv}")
    return 1


def three_public(got, want, blank_is_zero, diffs):
    """表七: each line's 预算数 and 决算数."""
    compared = 0
    for item in ("total", "overseasTravel", "vehicles", "vehiclePurchase", "vehicleOperation", "reception"):
        for field in ("budgetFen", "actualFen"):
            compared += same(f"表七 {item} {field}", got.get(item, {}).get(field),
                             want.get(item, {}).get(field), blank_is_zero, diffs)
    return compared


def fund(name, got, want, blank_is_zero, diffs, rows):
    """表八, 表九: the table's lines, and (as the Ministry prints them) its 合计's
    basic and project and its rows by code."""
    compared = 0
    for field in ("carryoverBeginningFen", "incomeFen", "carryoverEndFen"):
        if rows and name == "表九":  # the 2023 form prints 本年支出 only
            continue
        compared += same(f"{name} {field}", got.get(field), want.get(field), blank_is_zero, diffs)
    fields = ("totalFen", "basicFen", "projectFen") if rows else ("totalFen",)
    for field in fields:
        compared += same(f"{name} 合计 {field}", got.get("expenditureTotal", {}).get(field),
                         want.get("expenditureTotal", {}).get(field), blank_is_zero, diffs)
    if rows:
        g = {r["functionCode"]: r for r in got.get("expenditureRows", [])}
        w = {r["functionCode"]: r for r in want.get("expenditureRows", [])}
        for code in sorted(set(g) | set(w)):
            for field in fields:
                compared += same(f"{name} {code} {field}", g.get(code, {}).get(field),
                                 w.get(code, {}).get(field), blank_is_zero, diffs)
    return compared


def main():
    imported = json.load(open(sys.argv[1]))
    accounts = json.load(open(sys.argv[2]))
    ministry = "--layout=ministry" in sys.argv[3:]
    blank_is_zero = accounts.get("blankCells") == "BLANK_CELLS_PRINTED_BLANK_IS_ZERO"
    diffs, compared = [], 0
    for table in TABLES:
        want_table, got_table = accounts.get(table, {}), imported.get(table, {})
        want = {"合计": want_table.get("total", {})}
        got = {"合计": got_table.get("total", {})}
        for row in want_table.get("rows", []):
            want[row["functionCode"]] = row
        for row in got_table.get("rows", []):
            got[row["functionCode"]] = row
        for code in sorted(set(want) | set(got)):
            if code not in got or code not in want:
                diffs.append(f"{table} {code}: only in {'accounts' if code in want else 'import'}")
                continue
            w, g = cells(want[code]), cells(got[code])
            for field in sorted(set(w) | set(g)):
                if field == "priorYearFen" and field not in g and (
                        table != "generalBudgetExpenditure" or ministry):
                    continue
                compared += 1
                wv, gv = w.get(field), g.get(field)
                if wv == gv or (blank_is_zero and wv == 0 and gv is None):
                    continue
                diffs.append(f"{table} {code} {field}: imported {gv}, accounts {wv}")
            if code != "合计" and want[code].get("functionName") != got[code].get("functionName"):
                diffs.append(f"{table} {code} name: imported {got[code].get('functionName')!r}, "
                             f"accounts {want[code].get('functionName')!r}")
    compared += summary(imported.get("incomeExpenditureSummary", {}),
                        accounts.get("incomeExpenditureSummary", {}), blank_is_zero, diffs)
    compared += fiscal(imported.get("fiscalSummary", {}), accounts.get("fiscalSummary", {}),
                       blank_is_zero, diffs, ministry)
    compared += basic(imported.get("generalBudgetBasicExpenditure", {}),
                      accounts.get("generalBudgetBasicExpenditure", {}), blank_is_zero, diffs)
    compared += three_public(imported.get("threePublicExpenses", {}),
                             accounts.get("threePublicExpenses", {}), blank_is_zero, diffs)
    for name, key in (("表八", "governmentFund"), ("表九", "stateCapital")):
        compared += fund(name, imported.get(key, {}), accounts.get(key, {}), blank_is_zero, diffs,
                         ministry)
    print(f"{compared} cells compared, {len(diffs)} different")
    for d in diffs:
        print("  " + d)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
