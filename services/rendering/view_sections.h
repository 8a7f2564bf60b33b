// The sections of the view model, one function each, shared by every
// template. Each returns the top-level keys it fills; BuildViewModel merges
// them. Each is pure and can be tested alone (view_sections_test.cc).
#ifndef JUESUAN_SERVICES_RENDERING_VIEW_SECTIONS_H_
#define JUESUAN_SERVICES_RENDERING_VIEW_SECTIONS_H_

#include "juesuan/scoring/v1/scoring.pb.h"
#include "mstch/mstch.hpp"
#include "services/rendering/view_common.h"

namespace juesuan::rendering {

// 概况: functions, staffing, subordinates, divisions, units_in_scope.
mstch::map OverviewSection(const SectionContext& ctx);
// 收入支出总体, 收入, 支出, 财政拨款收入支出总体: t1, income, expenditure, t4.
mstch::map TotalsSection(const SectionContext& ctx);
// 一般公共预算财政拨款支出: gpb (total, change, budgets, classes, items).
mstch::map GeneralBudgetSection(const SectionContext& ctx);
// 一般公共预算财政拨款基本支出: basic.
mstch::map BasicSection(const SectionContext& ctx);
// 财政拨款“三公”经费: sangong.
mstch::map ThreePublicSection(const SectionContext& ctx);
// 政府性基金 and 国有资本经营 budgets: government_fund, state_capital.
mstch::map FundsSection(const SectionContext& ctx);
// 机关运行经费, 政府采购, 国有资产, 名词解释 notes, 其他: opex, procurement,
// assets, income_notes, other_matters.
mstch::map OtherMattersSection(const SectionContext& ctx);
// 预算绩效: performance (self-evaluation tables beside their scores, and the
// summary where the layout publishes one).
mstch::map PerformanceSection(const SectionContext& ctx,
                              const juesuan::scoring::v1::Scorecard* scorecard);
// The nine tables as rows of cells: report_tables, and 表一 side by side as t1_table.
mstch::map ReportTablesSection(const SectionContext& ctx);
// Bar charts of the income, expenditure and 类 structure: charts.
mstch::map ChartsSection(const SectionContext& ctx);

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_VIEW_SECTIONS_H_
