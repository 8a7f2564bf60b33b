// What every section of the view model shares: the accounts, the template's
// wording, the code tables, and the helpers that turn a figure that may not
// have been submitted into a mustache node.
//
// The convention, for every template: a figure that was not submitted is
// `false`, so the template's {{#x}}…{{/x}} clause about it drops out; a
// percentage that has no base is the empty string, which is false too. No
// absent figure is ever printed as 0.
#ifndef JUESUAN_SERVICES_RENDERING_VIEW_COMMON_H_
#define JUESUAN_SERVICES_RENDERING_VIEW_COMMON_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "codes/code_tables.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "mstch/mstch.hpp"
#include "services/rendering/numbers.h"

namespace juesuan::rendering {

// The accounts a section is built from, and how the template words them.
struct SectionContext {
  SectionContext(const juesuan::accounts::v1::FinalAccounts& accounts, const Wording& wording,
                 const juesuan::codes::CodeTables* codes);

  const juesuan::accounts::v1::FinalAccounts& accounts;
  const Wording& wording;
  const juesuan::codes::CodeTables* codes;
  // 类, 款 and 项 names as the accounts print them (表五, then 表三, 表二, 表一).
  std::map<std::string, std::string> printed_names;

  // Decimals of amounts in 万元 and of percentages: 2 as documents print
  // them; the auditor renders with 6, to compare at the published precision.
  int decimals = 2;

  // An amount in 万元 as the template prints it.
  std::string Money(int64_t fen) const { return Wan(fen, wording, decimals); }
  // The printed name of a 类, 款 or 项: the accounts' own, else the year's
  // code table, else the code itself (never invented).
  std::string CodeName(const std::string& code) const;
};

// A table cell: the figure, or "—" where it was not submitted.
std::string WanOrDash(bool present, int64_t fen);

// A 政府性基金 or 国有资本经营 table with no rows and nothing but zeros: the
// department has none (the documents say so instead of a table).
bool IsEmptyFundTable(const juesuan::accounts::v1::FundBudgetTable& table);

// A stated figure, or false.
mstch::node Money(const SectionContext& ctx, bool present, int64_t fen);
mstch::node Count(bool present, int64_t count);
// A text, or false when it is empty.
mstch::node Text(const std::string& text);

std::optional<int64_t> Prior(const juesuan::accounts::v1::PriorYearComparison& p);
std::optional<int64_t> Budget(const juesuan::accounts::v1::BudgetComparison& b);

// The change against the prior year, or false when no prior figure was
// submitted: {direction, amount, trend, rate (empty: none stated), flat,
// changed, reason (false when empty)}.
mstch::node ChangeNode(const SectionContext& ctx, int64_t current,
                       const std::optional<int64_t>& prior, const std::string& reason);

// Against a base figure (a budget): completion (完成…的 X%, empty against
// 0), flat (equal) and direction (大于 / 小于), into `out`.
void AgainstBase(const SectionContext& ctx, int64_t actual, int64_t base, mstch::map& out);

// The comparison with a budget, or false when none was submitted: {budget,
// actual, rate (预决算差异率), completion (完成预算的), direction (大于 /
// 小于), flat (equal), reason}.
mstch::node BudgetNode(const SectionContext& ctx, int64_t actual,
                       const std::optional<int64_t>& budget, const std::string& reason);

// The budget an 项 line was spent against, or false when the accounts give
// none: {main_uses, initial, annual, reason, has_base, and against the
// 全年预算 where there is one (else the 年初): base ("全年预算数" / "预算数"),
// flat, direction (大于 / 小于), completion}.
mstch::node ItemBudgetNode(const SectionContext& ctx,
                           const juesuan::accounts::v1::ItemBudget& budget, int64_t actual);

// One kind in a "其中：A X 万元，占 a%；B Y 万元，占 b%" list.
struct Kind {
  std::string label;
  bool present = false;
  int64_t fen = 0;
};

// The kinds as listed: not-submitted ones left out, zero ones too where the
// template says 不涉及的不列; each {label, amount, share, last}.
mstch::array KindList(const SectionContext& ctx, const std::vector<Kind>& kinds, int64_t whole);

// Names joined with "、", or false when there are none.
mstch::node JoinedNames(const std::vector<std::string>& names);

mstch::array Paragraphs(const google::protobuf::RepeatedPtrField<std::string>& texts);

// Marks the last element of a list ({{^last}}；{{/last}}).
void MarkLast(mstch::array& items);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_VIEW_COMMON_H_
