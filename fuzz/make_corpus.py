#!/usr/bin/python3
"""Writes the fuzz targets' seed corpora (fuzz/corpus/<target>/) and
dictionaries (fuzz/dict/) without any juesuan binary.

    fuzz/make_corpus.py            # from the repository root or anywhere

The corpora are entirely this script's output: each corpus directory is
emptied and written again, so that a change to the seed fixture or to a
format shows up as a diff. Inputs that once crashed belong in
fuzz/regressions/<target>/, which this script never touches.

Needs protoc and the protobuf Python module (Debian: protobuf-compiler,
python3-protobuf; hence /usr/bin/python3, not a virtualenv's python). The
protos are compiled to Python in a temporary directory with the same import
paths as proto/CMakeLists.txt.

Page tokens and keys are encoded by hand here, restating storage/page_token.cc
and storage/key_codec.cc: keep them in step.
"""

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FUZZ = os.path.join(ROOT, "fuzz")
CORPUS = os.path.join(FUZZ, "corpus")
SEED_JSON = os.path.join(ROOT, "tests", "data", "changji-kejiju-2023.json")
GOOGLEAPIS = "/usr/share/gocode/src/github.com/gogo/googleapis"
PROTOBUF_INCLUDE = "/usr/include"

# Keep every file small: the corpus is committed.
MAX_FILE_BYTES = 200 * 1024

PROTOS = [
    "google/type/date.proto",
    "juesuan/accounts/v1/accounts.proto",
    "juesuan/ingestion/v1/validation.proto",
    "juesuan/ingestion/v1/ingestion_service.proto",
    "juesuan/scoring/v1/scoring.proto",
    "juesuan/scoring/v1/scoring_service.proto",
    "juesuan/disclosure/v1/disclosure.proto",
    "juesuan/storage/v1/ingestion_store.proto",
    "juesuan/storage/v1/scoring_store.proto",
    "juesuan/storage/v1/rendering_store.proto",
]


def load_modules(out_dir):
    """Compiles PROTOS to Python in out_dir and imports them."""
    protos = []
    for p in PROTOS:
        root = GOOGLEAPIS if p.startswith("google/") else os.path.join(ROOT, "proto")
        protos.append(os.path.join(root, p))
    subprocess.run(
        ["protoc", "-I", os.path.join(ROOT, "proto"), "-I", GOOGLEAPIS, "-I", PROTOBUF_INCLUDE,
         "--python_out=" + out_dir] + protos,
        check=True)
    sys.path.insert(0, out_dir)
    import importlib
    modules = {}
    for p in PROTOS:
        name = p[:-len(".proto")].replace("/", ".") + "_pb2"
        modules[os.path.basename(p)[:-len(".proto")]] = importlib.import_module(name)
    return modules


def reset_dir(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    os.makedirs(path)


def write(directory, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise SystemExit("%s/%s: %d bytes, over the %d-byte limit" %
                         (directory, name, len(data), MAX_FILE_BYTES))
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def short_hash(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha1(data).hexdigest()[:10]


# ---------------------------------------------------------------- accounts JSON

def accounts_json(seed_text):
    d = os.path.join(CORPUS, "accounts_json")
    reset_dir(d)
    write(d, "seed_changji_kejiju_2023.json", seed_text)
    write(d, "empty_object.json", "{}")
    write(d, "empty_input.json", "")
    write(d, "not_an_object.json", "[1, 2, 3]")
    write(d, "department_wrong_type.json",
          '{"department": "departments/changji-kejiju", "fiscalYear": "二〇二三"}')
    write(d, "fiscal_year_fraction.json", '{"fiscalYear": 2023.5}')
    write(d, "amount_huge_number_string.json", json.dumps(
        {"fiscalYear": 2023, "amountUnit": "AMOUNT_UNIT_WAN_YUAN",
         "performance": {"departmentWide": {"funds": {"total": {
             "annualBudgetFen": "99999999999999999999999999999"}}}}}))
    write(d, "amount_huge_number.json",
          '{"fiscalYear": 2023, "incomeExpenditureSummary": '
          '{"currentIncomeFen": 1e400}}')
    write(d, "unknown_field.json", '{"fiscalYear": 2023, "noSuchField": true}')
    write(d, "enum_unknown_name.json", '{"amountUnit": "AMOUNT_UNIT_LIANG"}')
    # The smallest accounts the shape check may accept: the rule catalogue
    # then runs on nearly empty tables.
    seed = json.loads(seed_text)
    department = {k: seed["department"][k] for k in ("name", "displayName", "regionCode", "kind")}
    minimal = {"department": department, "fiscalYear": seed["fiscalYear"],
               "amountUnit": seed["amountUnit"]}
    write(d, "minimal_department_year.json", json.dumps(minimal, ensure_ascii=False))
    # Cut inside a string, a number or a multi-byte character: never valid.
    write(d, "seed_truncated_2k.json", seed_text.encode("utf-8")[:2048])
    write(d, "seed_department_only.json",
          json.dumps({"department": seed["department"]}, ensure_ascii=False))
    write(d, "seed_performance_only.json",
          json.dumps({"department": department, "fiscalYear": seed["fiscalYear"],
                      "amountUnit": seed["amountUnit"], "performance": seed["performance"]},
                     ensure_ascii=False))
    return seed, minimal


# ---------------------------------------------------------------- whole requests

def submit_request(m, accounts_message):
    """SubmitAccountsRequest wire bytes: the two real documents, and
    documents shaped to reach the cost budget's edges (kept small here: the
    fuzzer grows the counts)."""
    d = os.path.join(CORPUS, "submit_request")
    reset_dir(d)
    from google.protobuf import json_format
    service = m["ingestion_service"]

    def request(accounts, request_id="", validate_only=False):
        r = service.SubmitAccountsRequest()
        r.accounts.CopyFrom(accounts)
        r.request_id = request_id
        r.validate_only = validate_only
        return serialize(r)

    write(d, "seed.bin", request(accounts_message, "seed-1"))
    write(d, "seed_validate_only.bin", request(accounts_message, validate_only=True))
    shanghai = m["accounts"].FinalAccounts()
    with open(os.path.join(ROOT, "tests", "data", "putuo-shehuigongzuobu-2024.json"),
              encoding="utf-8") as f:
        json_format.Parse(f.read(), shanghai)
    write(d, "shanghai.bin", request(shanghai, "sh-1"))
    # Nesting: one project with many indicators, many projects of one.
    deep = m["accounts"].FinalAccounts()
    deep.CopyFrom(accounts_message)
    project = deep.performance.projects[0]
    for _ in range(40):
        project.indicators.add().CopyFrom(project.indicators[0])
    write(d, "one_project_many_indicators.bin", request(deep))
    wide = m["accounts"].FinalAccounts()
    wide.CopyFrom(accounts_message)
    del wide.performance.projects[1:]
    del wide.performance.projects[0].indicators[1:]
    for _ in range(60):
        wide.performance.projects.add().CopyFrom(wide.performance.projects[0])
    write(d, "many_projects_one_indicator.bin", request(wide))
    write(d, "empty.bin", b"")
    write(d, "seed_truncated.bin", request(accounts_message)[:4096])
    return len(os.listdir(d))


# ---------------------------------------------------------------- indicator text

def collect_indicators(node, out):
    if isinstance(node, dict):
        if "targetText" in node or "actualText" in node:
            out.append((node.get("targetText", ""), node.get("actualText", "")))
        for v in node.values():
            collect_indicators(v, out)
    elif isinstance(node, list):
        for v in node:
            collect_indicators(v, out)


INDICATOR_EDGES = {
    "empty": "",
    "comparator_only_ge": ">=",
    "comparator_only_fullwidth_eq": "＝",
    "date_spaced_day": "=2023 年 10 月 30 日",
    "date_month_only": "＝2023年 5月",
    "date_iso": "<=2023-10-30",
    "date_slash_month": "=2023/7",
    "date_feb_29_non_leap": "<=2023年2月29日",
    "date_feb_29_leap": "<=2024年2月29日",
    "date_month_13": "=2023年13月",
    "money_le_fullwidth_sign": "≤10万元",
    "money_decimal": "<=3000.50 万元",
    "money_yi": "=1.5亿元",
    "digits_fullwidth": "＞＝１２３　家",
    "percent_fullwidth": "≥ 95％",
    "percent": "=100%",
    "interval": "=2 月/次",
    "time_days": "<=15 天",
    "time_workdays": "<=3 个工作日",
    "phrase": "有效提升",
    "phrase_quoted": "“两区”建设显著提升",
    "phrase_negative": "未完成",
    "number_without_unit": ">=200",
    "number_dot_then_unit": "=12.万元",
    "number_too_long": "=" + "9" * 40 + "元",
    "digits_inside_unit": "超 5医院",
    "unit_too_long": "=1" + "个" * 20,
    "long_with_digit": "提升" * 60 + "1",
    "ideographic_spaces": "\u3000>=\u3000200\u3000家\u3000",
    "lt_gt_double_eq": "==5 项",
}

INDICATOR_PAIRS = {
    "pair_quantity_met": ">=200 家\n=210 家",
    "pair_quantity_short": ">=200 家\n=150 家",
    "pair_cost_overspent": "<=10 万元\n=12 万元",
    "pair_cost_units_differ": "<=1 亿元\n=9000 万元",
    "pair_units_differ": ">=5 项\n=5 个",
    "pair_time_late": "<=15 天\n=20 天",
    "pair_date_met": "<=2023 年 10 月 30 日\n=2023 年 10 月 1 日",
    "pair_date_month_late": "=2023年5月\n=2023年6月2日",
    "pair_date_as_percent": "=2023年5月\n=100%",
    "pair_date_start": ">=2023年5月\n=2023年4月",
    "pair_interval": "=2 月/次\n=3 月/次",
    "pair_interval_zero": "=2 月/次\n=0 月/次",
    "pair_target_zero": ">=0 件\n=0 件",
    "pair_phrase_same": "有效提升\n有效提升",
    "pair_phrase_other": "有效提升\n显著增强",
    "pair_phrase_negative": "有效提升\n未有效提升",
    "pair_phrase_empty_actual": "有效提升\n",
    "pair_unparsed_target": "超 5医院\n=5 家",
}


def indicator_parser(seed):
    d = os.path.join(CORPUS, "indicator_parser")
    reset_dir(d)
    pairs = []
    collect_indicators(seed, pairs)
    texts = sorted({t for pair in pairs for t in pair if t})
    for t in texts:
        write(d, "seed_text_%s.txt" % short_hash(t), t)
    for target, actual in sorted(set(pairs)):
        joined = target + "\n" + actual
        write(d, "seed_pair_%s.txt" % short_hash(joined), joined)
    for name, text in INDICATOR_EDGES.items():
        write(d, "edge_%s.txt" % name, text)
    for name, text in INDICATOR_PAIRS.items():
        write(d, "edge_%s.txt" % name, text)
    # A byte that is no UTF-8 next to a space: normalizing removes the space
    # and the bytes around it would form a full-width digit on a second pass.
    write(d, "edge_invalid_utf8_around_space.txt", b"=\xef \xbc\x90 \xe5\xae\xb6")
    write(d, "edge_truncated_utf8.txt", ">=200 \xe5".encode("latin-1"))
    return len(texts), len(set(pairs))


# ---------------------------------------------------------------- keys and page tokens

def ordstr(s):
    if isinstance(s, str):
        s = s.encode("utf-8")
    return s.replace(b"\x00", b"\x00\xff") + b"\x00\x01"


def u16(v):
    return (v & 0xFFFF).to_bytes(2, "big")


def u64(v):
    return (v & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "big")


def revision_prefix(department, year):
    return ordstr(department) + u16(year)


def accounts_index_prefix(year, region):
    return u16(year) + (ordstr(region) if region else b"")


def ranking_prefix(profile, year):
    return ordstr(profile) + u16(year)


def page_query_hash(kind, query):
    """storage::PageQueryHash: the first 8 bytes of SHA-256, big-endian."""
    if isinstance(query, str):
        query = query.encode("utf-8")
    digest = hashlib.sha256(kind.encode("utf-8") + b"\x00" + query).digest()
    return int.from_bytes(digest[:8], "big")


def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def page_token_bytes(last_key, query_hash, format_version=1):
    """storage.v1.PageToken serialized as C++ does (proto3: zero fields omitted)."""
    out = b""
    if format_version:
        out += b"\x08" + varint(format_version)
    if last_key:
        out += b"\x12" + varint(len(last_key)) + last_key
    if query_hash:
        out += b"\x19" + query_hash.to_bytes(8, "little")
    return out


def web_safe_base64(data, pad=False):
    text = base64.urlsafe_b64encode(data).decode("ascii")
    return text if pad else text.rstrip("=")


def token_input(query_hash, token):
    """The fuzz target's input: the hash, 8 bytes big-endian, then the token."""
    if isinstance(token, str):
        token = token.encode("ascii")
    return query_hash.to_bytes(8, "big") + token


def page_token():
    d = os.path.join(CORPUS, "page_token")
    reset_dir(d)
    dept, year, region = "changji-kejiju", 2023, "652300"
    profile = "scoringProfiles/changji-2023"
    revisions_hash = page_query_hash("revisions", revision_prefix(dept, year))
    cases = {
        # ListRevisions of one department-year.
        "revisions": (revisions_hash, revision_prefix(dept, year) + u64(1)),
        # ListHeads of all years, of a year, of a year and region.
        "heads_all": (page_query_hash("heads", b""),
                      u16(year) + ordstr(region) + ordstr(dept)),
        "heads_year": (page_query_hash("heads", accounts_index_prefix(year, "")),
                       u16(year) + ordstr(region) + ordstr(dept)),
        "heads_year_region": (page_query_hash("heads", accounts_index_prefix(year, region)),
                              u16(year) + ordstr(region) + ordstr(dept)),
        # ListDepartments of a region (keys are department keys).
        "departments": (page_query_hash("departments", region), ordstr(dept)),
        # ListScorecards ranked, nationally and in a region.
        "ranking": (page_query_hash("ranking", ranking_prefix(profile, year)),
                    ranking_prefix(profile, year) + u64(~9123) + ordstr(dept)),
        "region_ranking": (
            page_query_hash("region-ranking", ranking_prefix(profile, year) + ordstr(region)),
            ranking_prefix(profile, year) + ordstr(region) + u64(~9123) + ordstr(dept)),
        # ListScoringJobs: raw job IDs.
        "jobs": (page_query_hash("jobs", b""), b"jfff9f0e1d2c3b4a5-00ab"),
        # ListDisclosures of a department and of all.
        "disclosures_department": (
            page_query_hash("disclosures", ordstr(dept)),
            revision_prefix(dept, year) + ordstr("templates/xinjiang-2023") + u16(1)),
        "disclosures_all": (
            page_query_hash("disclosures", b""),
            revision_prefix(dept, year) + ordstr("templates/xinjiang-2023") + u16(3)),
        # A department ID with a NUL byte, escaped in the key.
        "department_with_nul": (page_query_hash("departments", b""), ordstr(b"a\x00b")),
    }
    for name, (h, key) in cases.items():
        write(d, "valid_%s.bin" % name, token_input(h, web_safe_base64(page_token_bytes(key, h))))
    key = cases["revisions"][1]
    write(d, "padded_base64.bin",
          token_input(revisions_hash, web_safe_base64(page_token_bytes(key, revisions_hash), True)))
    write(d, "other_query.bin",
          token_input(revisions_hash ^ 1, web_safe_base64(page_token_bytes(key, revisions_hash))))
    write(d, "format_version_2.bin",
          token_input(revisions_hash, web_safe_base64(page_token_bytes(key, revisions_hash, 2))))
    write(d, "no_last_key.bin",
          token_input(revisions_hash, web_safe_base64(page_token_bytes(b"", revisions_hash))))
    write(d, "hash_zero.bin", token_input(0, web_safe_base64(page_token_bytes(key, 0))))
    write(d, "empty_token.bin", token_input(revisions_hash, b""))
    write(d, "not_base64.bin", token_input(revisions_hash, "!!!!not-a-token$$"))
    write(d, "truncated.bin",
          token_input(revisions_hash, web_safe_base64(page_token_bytes(key, revisions_hash))[:-5]))
    long_key = revision_prefix("d" * 2990, year) + u64(7)
    write(d, "long_key_near_limit.bin",
          token_input(revisions_hash, web_safe_base64(page_token_bytes(long_key, revisions_hash))))
    write(d, "shorter_than_hash.bin", b"CAES")
    write(d, "empty.bin", b"")
    return len(os.listdir(d))


# ---------------------------------------------------------------- stored values

# The selector byte of each stored type: fuzz/fuzz_stored_value.cc kTypes.
SELECTORS = {
    "StoredRevision": 0,
    "StoredAccountsHead": 1,
    "StoredExplanations": 2,
    "StoredRequest": 3,
    "StoredDepartment": 4,
    "StoredScorecard": 5,
    "StoredScoringJob": 6,
    "StoredDisclosure": 7,
}


def serialize(message):
    return message.SerializeToString(deterministic=True)


def validation_report(m, accounts_sha256):
    v = m["validation"]
    report = v.ValidationReport()
    warning = report.findings.add()
    warning.finding_id = "W-BUDGET-DEVIATION:expenditure.total.executed_fen"
    warning.rule_id = "W-BUDGET-DEVIATION"
    warning.severity = v.SEVERITY_WARNING
    warning.message = "预决算差异率超过 10%（项目支出）"
    warning.cells.append("expenditure.total.executed_fen")
    warning.provided = "10282.71"
    warning.expected = "713.33"
    warning.difference = "9569.38"
    warning.tolerance = "10%"
    warning.unit = "万元"
    warning.explanation.text = "年中追加专项资金"
    warning.explanation.author = "submission"
    warning.explanation.create_time.seconds = 1700000000
    info = report.findings.add()
    info.finding_id = "T1-IN:income_expenditure_summary.current_income_fen"
    info.rule_id = "T1-IN"
    info.severity = v.SEVERITY_INFO
    info.message = "收入合计等于各项收入之和（舍入差异在容差内）"
    info.cells.extend(["income_expenditure_summary.current_income_fen",
                       "income_expenditure_summary.general_budget_appropriation_fen"])
    info.difference = "0.01"
    info.tolerance = "0.015"
    info.unit = "万元"
    report.warning_count = 1
    report.info_count = 1
    report.rules_evaluated = 42
    p = report.provenance
    p.accounts_revision = "departments/changji-kejiju/accounts/2023/revisions/1"
    p.rule_catalogue_version = "2023.1"
    p.code_table_version = "2023: function 512, economic 96"
    p.suite_version = "0.1.0"
    p.content_sha256 = "ab" * 32
    p.accounts_sha256 = accounts_sha256
    return report


def scorecard(m, seed):
    s = m["scoring"]
    card = s.Scorecard()
    card.name = "departments/changji-kejiju/scorecards/2023"
    card.profile = "scoringProfiles/changji-2023"
    card.profile_version = "1"
    card.accounts_revision = "departments/changji-kejiju/accounts/2023/revisions/1"
    card.department_display_name = seed["department"]["displayName"]
    card.region_code = seed["department"]["regionCode"]
    card.fiscal_year = seed["fiscalYear"]
    table = card.department_wide
    table.title = "部门整体"
    table.department_wide = True
    table.execution_weight = "10.00"
    table.execution_rate_percent = "97.96"
    table.execution_score = "9.80"
    table.reported_execution_score = "9.80"
    table.execution_trace.rule = "execution/department"
    table.execution_trace.formula = "10.00 × min(0.9796, 1) = 9.80"
    table.execution_trace.profile = card.profile
    for i, indicator in enumerate(seed["performance"]["departmentWide"]["indicators"][:3]):
        score = table.indicators.add()
        score.index = i
        score.level1 = indicator.get("level1", "")
        score.level2 = indicator.get("level2", "")
        score.name = indicator.get("name", "")
        score.target_text = indicator.get("targetText", "")
        score.actual_text = indicator.get("actualText", "")
        score.kind = s.INDICATOR_KIND_QUANTITY
        score.weight = indicator.get("weight", "0") + ".00"
        score.score = score.weight
        score.reported_score = indicator.get("reportedScore", "")
        score.trace.rule = "quantity"
        score.trace.formula = "%s × min(1.0500, 1) = %s" % (score.weight, score.weight)
        inp = score.trace.inputs.add()
        inp.name = "r"
        inp.value = "1.0500"
        score.trace.capped = True
    table.total_score = "99.80"
    table.grade.grade = "优"
    project = card.projects.add()
    project.title = seed["performance"]["projects"][0]["projectName"]
    project.total_score = "100.00"
    project.grade.grade = "优"
    card.total_score = "99.80"
    card.grade.grade = "优"
    finding = card.findings.add()
    finding.kind = s.ScoringFinding.KIND_SCORE_DIFFERS
    finding.table = "部门整体"
    finding.indicator_index = 2
    finding.indicator_name = "指标"
    finding.message = "指标得分按规则为 10.00，填报为 9.50"
    finding.computed = "10.00"
    finding.reported = "9.50"
    card.create_time.seconds = 1700000100
    card.suite_version = "0.1.0"
    card.content_sha256 = "cd" * 32
    return card


def stored_value(m, accounts_message, seed):
    d = os.path.join(CORPUS, "stored_value")
    reset_dir(d)
    st, sc, dis = m["ingestion_store"], m["scoring_store"], m["rendering_store"]
    accounts_bytes = serialize(accounts_message)
    accounts_sha256 = hashlib.sha256(accounts_bytes).hexdigest()

    def put(type_name, label, data):
        write(d, "%d_%s_%s.bin" % (SELECTORS[type_name], type_name, label),
              bytes([SELECTORS[type_name]]) + data)

    revision = st.StoredRevision()
    revision.format_version = 1
    revision.revision_id = 1
    revision.accounts.CopyFrom(accounts_message)
    revision.validation_report.CopyFrom(validation_report(m, accounts_sha256))
    revision.create_time_micros = 1700000000123456
    revision.request_id = "submit-2023-changji-kejiju-1"
    put("StoredRevision", "seed", serialize(revision))
    revision.format_version = 2
    put("StoredRevision", "format_version_2", serialize(revision))
    summary = st.StoredRevision()
    summary.CopyFrom(revision)
    summary.format_version = 1
    summary.accounts.Clear()
    summary.accounts.department.CopyFrom(accounts_message.department)
    put("StoredRevision", "summary_only", serialize(summary))

    head = st.StoredAccountsHead()
    head.format_version = 1
    head.latest_revision_id = 2
    head.latest_create_time_micros = 1700000200000000
    head.department_display_name = seed["department"]["displayName"]
    head.region_code = seed["department"]["regionCode"]
    head.publication.revision_id = 1
    head.publication.publish_time_micros = 1700000300000000
    head.publication.validation_report.CopyFrom(validation_report(m, accounts_sha256))
    put("StoredAccountsHead", "published", serialize(head))

    explanations = st.StoredExplanations()
    explanations.format_version = 1
    e = explanations.by_finding["W-BUDGET-DEVIATION:expenditure.total.executed_fen"]
    e.text = "年中追加专项资金"
    e.author = "submission"
    e = explanations.by_finding["W-ASSETS:state_assets.vehicles"]
    e.text = "车辆由上级调拨"
    e.author = "reviewer@changji"
    e.create_time.seconds = 1700000400
    put("StoredExplanations", "two", serialize(explanations))

    request = st.StoredRequest()
    request.format_version = 1
    request.request_sha256 = hashlib.sha256(b"request").digest()
    request.response.name = "departments/changji-kejiju/accounts/2023/revisions/1"
    request.response.validation_report.CopyFrom(validation_report(m, accounts_sha256))
    request.response.create_time.seconds = 1700000000
    put("StoredRequest", "submit", serialize(request))

    department = st.StoredDepartment()
    department.format_version = 1
    department.department.CopyFrom(accounts_message.department)
    put("StoredDepartment", "seed", serialize(department))

    stored_card = sc.StoredScorecard()
    stored_card.format_version = 1
    stored_card.scorecard.CopyFrom(scorecard(m, seed))
    stored_card.ranked_total = 9980
    put("StoredScorecard", "seed", serialize(stored_card))

    job = sc.StoredScoringJob()
    job.format_version = 1
    j = job.job
    j.name = "scoringJobs/jfff9f0e1d2c3b4a5-00ab"
    j.fiscal_year = 2023
    j.region_code = "652300"
    j.profile = "scoringProfiles/changji-2023"
    j.state = m["scoring_service"].JOB_STATE_SUCCEEDED_WITH_FAILURES
    j.total = 3
    j.scored = 2
    j.failed = 1
    failure = j.failures.add()
    failure.accounts = "departments/changji-caizhengju/accounts/2023"
    failure.code = "FAILED_PRECONDITION"
    failure.message = "no published revision"
    j.create_time.seconds = 1700000500
    j.update_time.seconds = 1700000510
    j.end_time.seconds = 1700000520
    j.resumed = 1
    cursor_hash = page_query_hash("heads", accounts_index_prefix(2023, "652300"))
    job.cursor = web_safe_base64(page_token_bytes(
        u16(2023) + ordstr("652300") + ordstr("changji-kejiju"), cursor_hash))
    job.listing_done = True
    put("StoredScoringJob", "with_failure", serialize(job))

    disclosure = dis.StoredDisclosure()
    disclosure.format_version = 1
    x = disclosure.disclosure
    x.name = "departments/changji-kejiju/disclosures/2023"
    x.format = m["disclosure"].FORMAT_HTML
    x.template = "templates/xinjiang-2023"
    x.content_type = "text/html; charset=utf-8"
    x.content_bytes = 123456
    p = x.provenance
    p.accounts_revision = "departments/changji-kejiju/accounts/2023/revisions/1"
    p.accounts_sha256 = accounts_sha256
    p.scorecard = "departments/changji-kejiju/scorecards/2023"
    p.scoring_profile = "scoringProfiles/changji-2023"
    p.scoring_profile_version = "1"
    p.scorecard_sha256 = "cd" * 32
    p.template = "templates/xinjiang-2023"
    p.template_version = "1"
    p.suite_version = "0.1.0"
    p.content_sha256 = "ef" * 32
    p.accounts_published = True
    x.create_time.seconds = 1700000600
    disclosure.inputs_sha256 = "01" * 32
    put("StoredDisclosure", "html", serialize(disclosure))

    # Every type empty (format version 0: refused) and with only its version.
    for type_name, selector in SELECTORS.items():
        write(d, "%d_%s_empty.bin" % (selector, type_name), bytes([selector]))
        write(d, "%d_%s_version_only.bin" % (selector, type_name), bytes([selector, 0x08, 0x01]))
    # Not a message: a truncated length and a group left open.
    write(d, "0_StoredRevision_truncated_length.bin", bytes([0, 0x08, 0x01, 0x1a, 0xff, 0x01]))
    write(d, "5_StoredScorecard_open_group.bin", bytes([5, 0x08, 0x01, 0x13, 0x08, 0x01]))
    return len(os.listdir(d))


# ---------------------------------------------------------------- render

def render(m, accounts_message, minimal):
    from google.protobuf import json_format
    d = os.path.join(CORPUS, "render")
    reset_dir(d)
    write(d, "seed_changji_kejiju_2023.bin", serialize(accounts_message))
    small = m["accounts"].FinalAccounts()
    json_format.Parse(json.dumps(minimal, ensure_ascii=False), small)
    write(d, "minimal_department_year.bin", serialize(small))
    write(d, "empty.bin", b"")
    # The seed without its performance tables: a document with no 自评表.
    without = m["accounts"].FinalAccounts()
    without.CopyFrom(accounts_message)
    without.ClearField("performance")
    write(d, "seed_without_performance.bin", serialize(without))
    return len(os.listdir(d))


# ---------------------------------------------------------------- dictionaries

def json_names(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            out.add(k)
            json_names(v, out)
    elif isinstance(node, list):
        for v in node:
            json_names(v, out)
    elif isinstance(node, str) and node.isupper() and "_" in node:
        out.add(node)  # an enum value name


def dict_entry(token):
    escaped = "".join(c if 0x20 <= ord(c) < 0x7F and c not in '"\\' else
                      "".join("\\x%02x" % b for b in c.encode("utf-8")) for c in token)
    return '"%s"\n' % escaped


def dictionaries(seed):
    d = os.path.join(FUZZ, "dict")
    os.makedirs(d, exist_ok=True)
    names = set()
    json_names(seed, names)
    with open(os.path.join(d, "accounts_json.dict"), "w") as f:
        f.write("# JSON names and enum values of FinalAccounts (fuzz/make_corpus.py).\n")
        for name in sorted(names):
            f.write(dict_entry('"%s"' % name))
    tokens = [">=", "<=", "=", ">", "<", "≥", "≤", "≧", "≦", "＝", "＞", "＜", "年", "月", "日",
              "万元", "亿元", "元", "%", "％", "天", "个工作日", "小时", "月/次", "/次", "家", "个",
              "项", "人次", ".", "-", "/", "\u3000", "０", "９", "未", "没有", "未完成", "提升"]
    with open(os.path.join(d, "indicator_parser.dict"), "w") as f:
        f.write("# Comparators, units and date words of indicator text (fuzz/make_corpus.py).\n")
        for t in tokens:
            f.write(dict_entry(t))


def main():
    try:
        import google.protobuf  # noqa: F401
    except ImportError:
        raise SystemExit("needs the protobuf Python module: apt-get install python3-protobuf, "
                         "and run with /usr/bin/python3")
    if shutil.which("protoc") is None:
        raise SystemExit("needs protoc: apt-get install protobuf-compiler")
    with open(SEED_JSON, encoding="utf-8") as f:
        seed_text = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        m = load_modules(tmp)
        from google.protobuf import json_format
        accounts_message = m["accounts"].FinalAccounts()
        json_format.Parse(seed_text, accounts_message)  # unknown fields refused, as the tests do
        seed, minimal = accounts_json(seed_text)
        requests = submit_request(m, accounts_message)
        texts, pairs = indicator_parser(seed)
        tokens = page_token()
        values = stored_value(m, accounts_message, seed)
        renders = render(m, accounts_message, minimal)
    dictionaries(seed)
    print("accounts_json: %d files" % len(os.listdir(os.path.join(CORPUS, "accounts_json"))))
    print("indicator_parser: %d seed texts, %d seed pairs, %d files" %
          (texts, pairs, len(os.listdir(os.path.join(CORPUS, "indicator_parser")))))
    print("page_token: %d files" % tokens)
    print("submit_request: %d files" % requests)
    print("stored_value: %d files" % values)
    print("render: %d files" % renders)
    total = 0
    for dirpath, _, files in os.walk(CORPUS):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    print("corpus total: %d bytes" % total)


if __name__ == "__main__":
    main()
