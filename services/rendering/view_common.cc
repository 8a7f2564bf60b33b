#include "services/rendering/view_common.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace juesuan::rendering {

namespace acc = ::juesuan::accounts::v1;

namespace {

void AddPrintedNames(std::map<std::string, std::string>& names, const std::string& code,
                     const std::string& name) {
  if (!code.empty() && !name.empty()) names.emplace(code, name);
}

}  // namespace

SectionContext::SectionContext(const acc::FinalAccounts& a, const Wording& w,
                               const juesuan::codes::CodeTables* c)
    : accounts(a), wording(w), codes(c) {
  for (const auto& r : a.general_budget_expenditure().rows())
    AddPrintedNames(printed_names, r.function_code(), r.function_name());
  for (const auto& r : a.expenditure().rows())
    AddPrintedNames(printed_names, r.function_code(), r.function_name());
  for (const auto& r : a.income().rows())
    AddPrintedNames(printed_names, r.function_code(), r.function_name());
  for (const auto& r : a.income_expenditure_summary().expenditure_by_function())
    AddPrintedNames(printed_names, r.function_code(), r.function_name());
}

std::string WanOrDash(bool present, int64_t fen) { return present ? Wan(fen) : "—"; }

bool IsEmptyFundTable(const acc::FundBudgetTable& t) {
  return t.expenditure_rows().empty() && t.income_fen() == 0 && t.carryover_beginning_fen() == 0 &&
         t.carryover_end_fen() == 0 && t.expenditure_total().total_fen() == 0;
}

std::string SectionContext::CodeName(const std::string& code) const {
  auto it = printed_names.find(code);
  const std::string name = it == printed_names.end() ? std::string() : it->second;
  if (codes == nullptr) return name.empty() ? code : name;
  return juesuan::codes::FunctionName(codes->ForYear(accounts.fiscal_year()), code, name);
}

mstch::node Money(const SectionContext& ctx, bool present, int64_t fen) {
  if (!present) return false;
  return ctx.Money(fen);
}

mstch::node Count(bool present, int64_t count) {
  if (!present) return false;
  return absl::StrCat(count);
}

mstch::node Text(const std::string& text) {
  if (text.empty()) return false;
  return text;
}

std::optional<int64_t> Prior(const acc::PriorYearComparison& p) {
  return p.has_prior_year_fen() ? std::optional<int64_t>(p.prior_year_fen()) : std::nullopt;
}

std::optional<int64_t> Budget(const acc::BudgetComparison& b) {
  return b.has_budget_fen() ? std::optional<int64_t>(b.budget_fen()) : std::nullopt;
}

mstch::node ChangeNode(const SectionContext& ctx, int64_t current,
                       const std::optional<int64_t>& prior, const std::string& reason) {
  if (!prior.has_value()) return false;
  const Change c = Compare(current, *prior, ctx.wording, ctx.decimals);
  return mstch::map{{"direction", c.direction}, {"amount", c.amount}, {"trend", c.trend},
                    {"rate", c.rate},           {"flat", c.flat},     {"changed", c.changed},
                    {"reason", Text(reason)}};
}

void AgainstBase(const SectionContext& ctx, int64_t actual, int64_t base, mstch::map& out) {
  out["completion"] = CompletionRate(actual, base, ctx.decimals);
  out["flat"] = actual == base;
  out["direction"] = std::string(actual > base ? "大于" : "小于");
}

mstch::node BudgetNode(const SectionContext& ctx, int64_t actual,
                       const std::optional<int64_t>& budget, const std::string& reason) {
  if (!budget.has_value()) return false;
  mstch::map out{{"budget", ctx.Money(*budget)},
                 {"actual", ctx.Money(actual)},
                 {"rate", DeviationRate(actual, *budget, ctx.wording, ctx.decimals)},
                 {"reason", Text(reason)}};
  AgainstBase(ctx, actual, *budget, out);
  return out;
}

mstch::node ItemBudgetNode(const SectionContext& ctx, const acc::ItemBudget& b, int64_t actual) {
  if (b.main_uses().empty() && !b.has_initial_budget_fen() && !b.has_annual_budget_fen() &&
      b.difference_reason().empty()) {
    return false;
  }
  mstch::map out{{"main_uses", Text(b.main_uses())},
                 {"initial", Money(ctx, b.has_initial_budget_fen(), b.initial_budget_fen())},
                 {"annual", Money(ctx, b.has_annual_budget_fen(), b.annual_budget_fen())},
                 {"reason", Text(b.difference_reason())},
                 {"has_base", false}};
  // The figure it is measured against: the 全年预算 where there is one.
  const bool annual = b.has_annual_budget_fen();
  if (annual || b.has_initial_budget_fen()) {
    const int64_t base = annual ? b.annual_budget_fen() : b.initial_budget_fen();
    out["has_base"] = true;
    out["base"] = std::string(annual ? "全年预算数" : "预算数");
    AgainstBase(ctx, actual, base, out);
  }
  return out;
}

mstch::array KindList(const SectionContext& ctx, const std::vector<Kind>& kinds, int64_t whole) {
  mstch::array out;
  for (const Kind& k : kinds) {
    if (!k.present) continue;
    if (k.fen == 0 && ctx.wording.omit_zero_items()) continue;
    out.push_back(mstch::map{{"label", k.label},
                             {"amount", ctx.Money(k.fen)},
                             {"share", Share(k.fen, whole, ctx.decimals)},
                             {"last", false}});
  }
  MarkLast(out);
  return out;
}

mstch::node JoinedNames(const std::vector<std::string>& names) {
  if (names.empty()) return false;
  return absl::StrJoin(names, "、");
}

mstch::array Paragraphs(const google::protobuf::RepeatedPtrField<std::string>& texts) {
  mstch::array out;
  for (const auto& t : texts) out.push_back(mstch::map{{"text", t}});
  return out;
}

void MarkLast(mstch::array& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (auto* m = boost::get<mstch::map>(&items[i])) (*m)["last"] = i + 1 == items.size();
  }
}

}  // namespace juesuan::rendering
