#!/usr/bin/env python3
"""Prints a department's accounts (proto3 JSON) as the Ministry of Finance's
nine 部门决算公开 forms (公开01表 to 公开09表), the layout Xinjiang's and most
provinces' documents print: 收入 | 支出 side by side with 行次 columns, a 栏次
row numbering the columns, headers over headers (项目 over 科目编码 | 科目名称,
本年支出 over 小计 | 基本支出 | 项目支出, 表七's 预算数 | 决算数 halves, 表六's
人员经费 | 公用经费 groups), one form a page, landscape. Headless Chromium
prints it to PDF and the importer reads it back (rendering_blackbox_test.sh):
a layout juesuan does not render, read as a real document is.

Stated zeros print 0.00; what the accounts do not state prints blank.

usage: official_layout.py <accounts.json> <out.html> [--with-fund]
--with-fund adds a 政府性基金 table with figures to the accounts first and
writes them beside the HTML (<out>.accounts.json), to compare against."""
import html
import json
import sys

CLASSES = {"201": "一般公共服务支出", "202": "外交支出", "203": "国防支出", "204": "公共安全支出",
           "205": "教育支出", "206": "科学技术支出", "207": "文化旅游体育与传媒支出",
           "208": "社会保障和就业支出", "210": "卫生健康支出", "211": "节能环保支出",
           "212": "城乡社区支出", "213": "农林水支出", "221": "住房保障支出", "229": "其他支出"}
NUMERALS = "一二三四五六七八九十"


def numeral(n):
    if n <= 10:
        return NUMERALS[n - 1]
    return ("" if n < 20 else NUMERALS[n // 10 - 1]) + "十" + ("" if n % 10 == 0 else NUMERALS[n % 10 - 1])


def wan(fen):
    if fen is None:
        return ""
    fen = int(fen)
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    # 分 to 万元, half up to 0.01.
    hundredths = (fen + 5000) // 10000
    return f"{sign}{hundredths // 100}.{hundredths % 100:02d}"


def cell(text, cls="", span=""):
    return f"<td{' class=%s' % cls if cls else ''}{span}>{html.escape(str(text))}</td>"


def th(text, rowspan=1, colspan=1):
    span = (f" rowspan={rowspan}" if rowspan > 1 else "") + (f" colspan={colspan}" if colspan > 1 else "")
    return f"<th{span}>{html.escape(text)}</th>"


def form(number, title, dept, head, body):
    return (f'<section><h1>{html.escape(title)}</h1><div class="meta"><span>部门：{html.escape(dept)}'
            f'</span><span>公开{number:02d}表</span><span>金额单位：万元</span></div>'
            f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"
            f'<p class="note">注：本表反映部门本年度情况。</p></section>')


def row(*cells):
    return "<tr>" + "".join(cells) + "</tr>"


def side_by_side(left, right, right_cols):
    """Lines (label, [figures]) of two sides, numbered 行次."""
    out = []
    for i in range(max(len(left), len(right))):
        cells = []
        for side, cols, base in ((left, 1, 1), (right, right_cols, len(left) + 1)):
            if i < len(side):
                label, figures = side[i]
                cells += [cell(label, "name"), cell(base + i, "line")] + [cell(wan(f), "num") for f in figures]
            else:
                cells += [cell("")] * (2 + cols)
        out.append(row(*cells))
    return "".join(out)


def class_lines(rows, figures):
    return [(f"{numeral(i + 1)}、{CLASSES.get(r['functionCode'], r.get('functionName', ''))}", figures(r))
            for i, r in enumerate(rows)]


def table1(a):
    s = a.get("incomeExpenditureSummary", {})
    g = s.get
    left = [("一、一般公共预算财政拨款收入", [g("generalBudgetAppropriationFen")]),
            ("二、政府性基金预算财政拨款收入", [g("governmentFundAppropriationFen")]),
            ("三、国有资本经营预算财政拨款收入", [g("stateCapitalAppropriationFen")]),
            ("四、上级补助收入", [g("superiorSubsidyFen")]), ("五、事业收入", [g("businessIncomeFen")]),
            ("六、经营收入", [g("operatingIncomeFen")]), ("七、附属单位上缴收入", [g("affiliatedRemittanceFen")]),
            ("八、其他收入", [g("otherIncomeFen")]), ("本年收入合计", [g("currentIncomeFen")]),
            ("使用非财政拨款结余", [g("nonFiscalSurplusUsedFen")]),
            ("年初结转和结余", [g("carryoverBeginningFen")]), ("总计", [g("totalIncomeFen")])]
    right = class_lines(s.get("expenditureByFunction", []), lambda r: [r.get("amountFen")])
    right += [("本年支出合计", [g("currentExpenditureFen")]), ("结余分配", [g("surplusDistributionFen")]),
              ("年末结转和结余", [g("carryoverEndFen")]), ("总计", [g("totalExpenditureFen")])]
    head = (row(th("收入", colspan=3), th("支出", colspan=3)) +
            row(th("项目"), th("行次"), th("金额"), th("项目"), th("行次"), th("金额")) +
            row(cell("栏次"), cell(""), cell("1"), cell("栏次"), cell(""), cell("2")))
    return form(1, "收入支出决算总表", a["department"]["displayName"], head, side_by_side(left, right, 1))


def coded(number, title, a, table, columns, group=None, rows_key="rows", total_key="total"):
    """A table by function code: 项目 over 科目编码 | 科目名称, the columns
    (or `group` over them), 栏次, 合计, the rows."""
    t = a.get(table, {})
    labels = [c for c, _ in columns]
    if group:
        head = (row(th("项目", colspan=2), *[th(l, rowspan=2) for l in group[0]],
                    th(group[1], colspan=len(group[2])), *[th(l, rowspan=2) for l in group[3]]) +
                row(th("科目编码"), th("科目名称"), *[th(l) for l in group[2]]))
    else:
        head = (row(th("项目", colspan=2), *[th(l, rowspan=2) for l in labels]) +
                row(th("科目编码"), th("科目名称")))
    head += row(cell("栏次", span=" colspan=2"), *[cell(i + 1) for i in range(len(columns))])
    total = t.get(total_key, {})
    body = row(cell("合计", span=" colspan=2"),
               *[cell(wan(t[k] if k in t else total.get(k)), "num") for _, k in columns])
    for r in t.get(rows_key, []):
        body += row(cell(r["functionCode"]), cell(r.get("functionName", ""), "name"),
                    *[cell("" if k in t else wan(r.get(k)), "num") for _, k in columns])
    return form(number, title, a["department"]["displayName"], head, body)


def table4(a):
    s = a.get("fiscalSummary", {})
    kinds = ("totalFen", "generalBudgetFen", "governmentFundFen", "stateCapitalFen")
    ci, cb = s.get("currentIncome", {}), s.get("carryoverBeginning", {})
    left = [("一、一般公共预算财政拨款", [ci.get("generalBudgetFen")]),
            ("二、政府性基金预算财政拨款", [ci.get("governmentFundFen")]),
            ("三、国有资本经营预算财政拨款", [ci.get("stateCapitalFen")]),
            ("本年收入合计", [ci.get("totalFen")]), ("年初财政拨款结转和结余", [cb.get("totalFen")]),
            ("一般公共预算财政拨款", [cb.get("generalBudgetFen")]),
            ("政府性基金预算财政拨款", [cb.get("governmentFundFen")]),
            ("国有资本经营预算财政拨款", [cb.get("stateCapitalFen")]),
            ("总计", [s.get("totalIncome", {}).get("totalFen")])]
    right = class_lines(s.get("expenditureRows", []), lambda r: [r.get("amounts", {}).get(k) for k in kinds])
    for label, key in (("本年支出合计", "currentExpenditure"), ("年末财政拨款结转和结余", "carryoverEnd"),
                       ("总计", "totalExpenditure")):
        right.append((label, [s.get(key, {}).get(k) for k in kinds]))
    head = (row(th("收入", colspan=3), th("支出", colspan=6)) +
            row(th("项目"), th("行次"), th("金额"), th("项目"), th("行次"), th("合计"),
                th("一般公共预算财政拨款"), th("政府性基金预算财政拨款"), th("国有资本经营预算财政拨款")) +
            row(cell("栏次"), cell(""), cell("1"), cell("栏次"), cell(""), *[cell(i) for i in (2, 3, 4, 5)]))
    return form(4, "财政拨款收入支出决算总表", a["department"]["displayName"], head,
                side_by_side(left, right, 4))


def table6(a):
    t = a.get("generalBudgetBasicExpenditure", {})
    groups = [[], [], []]
    for r in t.get("rows", []):
        c = r["economicCode"][:3]
        groups[0 if c in ("301", "303") else (1 if c == "302" else 2)].append(r)
    head = (row(th("人员经费", colspan=3), th("公用经费", colspan=6)) +
            row(*[th(h) for _ in range(3) for h in ("科目编码", "科目名称", "决算数")]))
    body = ""
    for i in range(max(len(g) for g in groups)):
        cells = []
        for g in groups:
            if i < len(g):
                r = g[i]
                cells += [cell(r["economicCode"]), cell(r.get("economicName", ""), "name"),
                          cell(wan(r.get("amountFen")), "num")]
            else:
                cells += [cell("")] * 3
        body += row(*cells)
    body += row(cell("人员经费合计", span=" colspan=2"), cell(wan(t.get("personnelFen")), "num"),
                cell("公用经费合计", span=" colspan=5"), cell(wan(t.get("publicFen")), "num"))
    return form(6, "一般公共预算财政拨款基本支出决算表", a["department"]["displayName"], head, body)


def table7(a):
    t = a.get("threePublicExpenses", {})
    items = ("total", "overseasTravel", "vehicles", "vehiclePurchase", "vehicleOperation", "reception")
    half = [th("合计", rowspan=2), th("因公出国（境）费", rowspan=2), th("公务用车购置及运行费", colspan=3),
            th("公务接待费", rowspan=2)]
    head = (row(th("预算数", colspan=6), th("决算数", colspan=6)) + row(*half, *half) +
            row(*[th(h) for _ in range(2) for h in ("小计", "公务用车购置费", "公务用车运行费")]))
    body = row(*[cell(wan(t.get(i, {}).get("budgetFen")), "num") for i in items],
               *[cell(wan(t.get(i, {}).get("actualFen")), "num") for i in items])
    return form(7, "财政拨款“三公”经费支出决算表", a["department"]["displayName"], head, body)


def with_fund(a):
    rows = [("229", "其他支出"), ("22960", "彩票公益金安排的支出"), ("2296002", "用于社会福利的彩票公益金支出")]
    a["governmentFund"] = {
        "carryoverBeginningFen": 1200000, "incomeFen": 30000000,
        "expenditureTotal": {"totalFen": 28500000, "projectFen": 28500000},
        "expenditureRows": [{"functionCode": c, "functionName": n, "totalFen": 28500000,
                             "projectFen": 28500000} for c, n in rows],
        "carryoverEndFen": 2700000}
    return a


def main():
    a = json.load(open(sys.argv[1]))
    out = sys.argv[2]
    if "--with-fund" in sys.argv:
        a = with_fund(a)
        json.dump(a, open(out + ".accounts.json", "w"), ensure_ascii=False, indent=2)
    fund_cols = [("年初结转和结余", "carryoverBeginningFen"), ("本年收入", "incomeFen"), ("小计", "totalFen"),
                 ("基本支出", "basicFen"), ("项目支出", "projectFen"), ("年末结转和结余", "carryoverEndFen")]
    fund_group = (["年初结转和结余", "本年收入"], "本年支出", ["小计", "基本支出", "项目支出"], ["年末结转和结余"])
    forms = [
        table1(a),
        coded(2, "收入决算表", a, "income",
              [(l, k) for l, k in (("本年收入合计", "totalFen"), ("财政拨款收入", "fiscalAppropriationFen"),
                                   ("上级补助收入", "superiorSubsidyFen"), ("事业收入", "businessIncomeFen"),
                                   ("经营收入", "operatingIncomeFen"), ("附属单位上缴收入", "affiliatedRemittanceFen"),
                                   ("其他收入", "otherIncomeFen"))]),
        coded(3, "支出决算表", a, "expenditure",
              [("本年支出合计", "totalFen"), ("基本支出", "basicFen"), ("项目支出", "projectFen"),
               ("上缴上级支出", "remittanceToSuperiorFen"), ("经营支出", "operatingFen"),
               ("对附属单位补助支出", "subsidyToAffiliatesFen")]),
        table4(a),
        coded(5, "一般公共预算财政拨款支出决算表", a, "generalBudgetExpenditure",
              [("小计", "totalFen"), ("基本支出", "basicFen"), ("项目支出", "projectFen")],
              group=([], "本年支出", ["小计", "基本支出", "项目支出"], [])),
        table6(a),
        table7(a),
        coded(8, "政府性基金预算财政拨款收入支出决算表", a, "governmentFund", fund_cols, group=fund_group,
              rows_key="expenditureRows", total_key="expenditureTotal"),
        coded(9, "国有资本经营预算财政拨款支出决算表", a, "stateCapital",
              [("合计", "totalFen"), ("基本支出", "basicFen"), ("项目支出", "projectFen")],
              group=([], "本年支出", ["合计", "基本支出", "项目支出"], []),
              rows_key="expenditureRows", total_key="expenditureTotal"),
    ]
    style = """<style>@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; font-size: 9pt; }
section { page-break-after: always; } h1 { text-align: center; font-size: 15pt; }
.meta { display: flex; justify-content: space-between; margin-bottom: 4pt; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #000; padding: 2pt 4pt; }
td.num { text-align: right; white-space: nowrap; } td.line { text-align: center; } th { font-weight: normal; }</style>"""
    with open(out, "w") as f:
        f.write(f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">{style}</head><body>'
                + "".join(forms) + "</body></html>")


if __name__ == "__main__":
    main()
