// 表一 收入支出决算总表 placed by its printed labels (importer.h): 收入 on
// one side, 支出 on the other, the 支出 by function 类 named, not coded.
#ifndef JUESUAN_IMPORT_SUMMARY_TABLE_H_
#define JUESUAN_IMPORT_SUMMARY_TABLE_H_

#include <map>
#include <set>
#include <string>

#include "import/table_reader.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/ingestion/v1/import.pb.h"

namespace juesuan::import {

// The labels of 表一's lines ("使用非财政拨款结余"): a line printing one
// alone is a blank line of the table.
std::set<std::string> SummaryLabels();

// Places `table` into `out`. `class_codes` gives the code of each 类 by its
// name, as the document's coded tables print it (表一 prints names only).
// Whatever cannot be placed is an issue naming its page and label.
void PlaceSummary(const Table& table, const std::map<std::string, std::string>& class_codes,
                  juesuan::accounts::v1::IncomeExpenditureSummary* out,
                  juesuan::ingestion::v1::ImportReport::Table* found,
                  google::protobuf::RepeatedPtrField<std::string>* issues);

// 表四 财政拨款收入支出决算总表 likewise: 收入 by kind of appropriation
// (one side, or lines of 合计 | 一般公共预算 | 政府性基金 | 国有资本), 年初
// 结转和结余, 支出 by 类 in the four columns, 年末结转和结余, the totals.
void PlaceFiscalSummary(const Table& table, const std::map<std::string, std::string>& class_codes,
                        juesuan::accounts::v1::FiscalSummary* out,
                        juesuan::ingestion::v1::ImportReport::Table* found,
                        google::protobuf::RepeatedPtrField<std::string>* issues);

}  // namespace juesuan::import

#endif  // JUESUAN_IMPORT_SUMMARY_TABLE_H_
