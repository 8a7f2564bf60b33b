#!/usr/bin/env python3
"""Opens a FORMAT_XLSX disclosure with openpyxl and checks it against the
accounts it was rendered from (proto3 JSON), cell by cell: one sheet per
table, the printed headers, figures as numbers in 万元 with two decimals,
codes as text, and a cell that was not submitted left empty.

usage: xlsx_read_back.py DISCLOSURE.xlsx ACCOUNTS.json
"""
import json
import sys

import openpyxl


def wan(fen):
    """分 as 万元, half-up to 0.01 (as the documents print it)."""
    cents = (abs(int(fen)) + 5000) // 10000
    return (cents if int(fen) >= 0 else -cents) / 100


def rows_by_code(sheet):
    out = {}
    for row in sheet.iter_rows(min_row=5):
        code = row[0].value
        if isinstance(code, str) and code.isdigit():
            out[code] = row
    return out


def main():
    book = openpyxl.load_workbook(sys.argv[1])
    accounts = json.load(open(sys.argv[2], encoding="utf-8"))
    problems = []
    want_sheets = ["表一", "表二", "表三", "表四", "表五", "表六", "表七", "表八", "表九"]
    if book.sheetnames != want_sheets:
        problems.append(f"sheets {book.sheetnames}")

    def check(where, cell, fen):
        want = None if fen is None else wan(fen)
        got = cell.value
        if want is None:
            if got is not None:
                problems.append(f"{where}: {got!r} where nothing was submitted")
        elif not isinstance(got, (int, float)) or abs(got - want) > 0.0001:
            problems.append(f"{where}: {got!r}, want {want}")
        elif cell.number_format != "#,##0.00":
            problems.append(f"{where}: number format {cell.number_format}")

    t5 = book["表五"]
    headers = [c.value for c in t5[4]]
    if headers != ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "上年决算数"]:
        problems.append(f"表五 headers {headers}")
    by_code = rows_by_code(t5)
    checked = 0
    for r in accounts.get("generalBudgetExpenditure", {}).get("rows", []):
        row = by_code.get(r["functionCode"])
        if row is None:
            problems.append(f"表五 {r['functionCode']}: no row")
            continue
        if row[0].data_type != "s":
            problems.append(f"表五 {r['functionCode']}: the code is not text")
        check(f"表五 {r['functionCode']} 合计", row[2], r.get("totalFen"))
        check(f"表五 {r['functionCode']} 基本支出", row[3], r.get("basicFen"))
        check(f"表五 {r['functionCode']} 项目支出", row[4], r.get("projectFen"))
        checked += 1
    by_code = rows_by_code(book["表三"])
    for r in accounts.get("expenditure", {}).get("rows", []):
        row = by_code.get(r["functionCode"])
        if row is None:
            problems.append(f"表三 {r['functionCode']}: no row")
            continue
        check(f"表三 {r['functionCode']} 本年支出合计", row[2], r.get("totalFen"))
        checked += 1
    t1 = book["表一"]
    summary = accounts.get("incomeExpenditureSummary", {})
    for row in t1.iter_rows(min_row=5):
        if row[0].value == "本年收入合计":
            check("表一 本年收入合计", row[1], summary.get("currentIncomeFen"))
            if row[2].value != "本年支出合计":
                problems.append(f"表一: {row[2].value!r} beside 本年收入合计, want 本年支出合计")
            check("表一 本年支出合计", row[3], summary.get("currentExpenditureFen"))
            checked += 1
    if checked < 10:
        problems.append(f"only {checked} rows checked")
    for p in problems[:20]:
        print("FAIL", p)
    print(f"{sys.argv[1]}: {checked} rows read back" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
