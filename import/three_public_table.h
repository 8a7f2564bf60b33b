// 表七 财政拨款“三公”经费支出决算表 placed (importer.h). Layouts print it
// three ways, and one reading serves them all: every figure is a 预算数 or a
// 决算数 of one of six lines (合计, 因公出国（境）费, 公务用车购置及运行维护费
// and its two parts, 公务接待费), named by its row's label or by the headers
// over it.
//
//   - One row per line, columns 全年预算数 | 决算数 (as juesuan renders it).
//   - One row of twelve figures under two levels of headers: the lines over
//     预算数 | 决算数 pairs (Shanghai's template), or 预算数 and 决算数 over
//     the six lines each (the Ministry of Finance's 公开07表).
//   - Rows 预算数 and 决算数, a column per line.
//
// A figure is placed only where both its line and its kind are plain: the
// header nearest over it, clearly nearer than the next. Whatever is not is
// an issue naming the figure; so is a sum the table breaks (合计 = the three
// kinds, the vehicles = their two parts).
#ifndef JUESUAN_IMPORT_THREE_PUBLIC_TABLE_H_
#define JUESUAN_IMPORT_THREE_PUBLIC_TABLE_H_

#include "import/table_reader.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/ingestion/v1/import.pb.h"

namespace juesuan::import {

// Whether a region under a 表七 title is the table: some header names 预算数
// or 决算数 (a mention in a sentence does not).
bool IsThreePublicTable(const Table& table);

void PlaceThreePublic(const Table& table, juesuan::accounts::v1::ThreePublicExpenses* out,
                      juesuan::ingestion::v1::ImportReport::Table* found,
                      google::protobuf::RepeatedPtrField<std::string>* issues);

}  // namespace juesuan::import

#endif  // JUESUAN_IMPORT_THREE_PUBLIC_TABLE_H_
