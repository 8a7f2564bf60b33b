// The narrative's figures (决算公开说明) attached to the accounts the
// tables gave (importer.h): what only the text states, so that the audit of
// the same document can check its rates and shares.
//
//   - Comparisons with the prior year ("比上年增加 7.00 万元", "与 2023 年度
//     相比，收入支出总计增加 307.82 万元", "持平"): the prior year's figure is
//     this year's (as the tables state it, else as the sentence does) less
//     the change, for 收入支出总计, 财政拨款收入支出总计, 一般公共预算财政拨款
//     支出, each 项 the text names, the “三公” lines and 机关运行经费 (its
//     amount from the text: no table prints it).
//   - Budgets: 年初预算 and 全年预算 of 财政拨款收入支出, 一般公共预算财政拨款
//     支出 and each 项 (with its 主要用于); the “三公” lines' 预算数 where 表七
//     does not print them.
//   - Reasons (主要原因), verbatim but for spaces, with the change or the
//     budget they explain.
//
// A subject is named by its sentence, or by the one before (Xinjiang's "与上
// 年相比，增加…"), or by the heading over it; a 项 by its 类, 款 and 项 names,
// matched with 表五's rows. Nothing is attached on a guess: a 项 no row of
// 表五 names, or a subject stated twice with different figures, is a report
// issue; every figure attached is a report line naming its page.
#ifndef JUESUAN_IMPORT_NARRATIVE_H_
#define JUESUAN_IMPORT_NARRATIVE_H_

#include <string>
#include <vector>

#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/ingestion/v1/import.pb.h"
#include "pdf/pdf_text.h"

namespace juesuan::import {

// Reads the narrative of `pages` into `accounts` (whose tables are already
// placed); what it attaches and what it could not, into `report`.
void ReadNarrative(const std::vector<std::vector<pdf::PdfWord>>& pages,
                   juesuan::accounts::v1::FinalAccounts* accounts,
                   juesuan::ingestion::v1::ImportReport* report);

}  // namespace juesuan::import

#endif  // JUESUAN_IMPORT_NARRATIVE_H_
