// The tables placed by code under named columns (importer.h): 表二 收入决算表,
// 表三 支出决算表, 表五 一般公共预算财政拨款支出决算表 by function code, 表六
// 一般公共预算财政拨款基本支出决算表 by economic code (its groups side by side,
// its 人员经费合计 and 公用经费合计 by label), 表八 and 表九 by function code
// with their carry-overs and income from 合计 (or, as juesuan renders them,
// a line each). Each is a FinalAccounts field filled by reflection from its
// columns' headers; whatever is not a known column, a row without a code, a
// figure that is not an amount, a sum the table breaks, is an issue.
#ifndef JUESUAN_IMPORT_CODED_TABLE_H_
#define JUESUAN_IMPORT_CODED_TABLE_H_

#include <string>
#include <vector>

#include "import/table_reader.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/ingestion/v1/import.pb.h"

namespace juesuan::import {

using ::juesuan::ingestion::v1::ImportReport;

struct TableSpec;

// The coded table printed under `title` (the current or an older year's
// title), or null.
const TableSpec* CodedTableFor(const std::string& title);

// Every title the coded tables are printed under.
std::vector<std::string> CodedTableTitles();

// How the report names each coded table ("表二 收入决算表"), in order.
std::vector<std::string> CodedTableNames();
std::string CodedTableName(const TableSpec& spec);

// Whether a region found under the table's title prints one of its columns
// (a title in the contents or a sentence does not).
bool HasAColumnOf(const Table& table, const TableSpec& spec);

// Places `table` into `accounts`, counting rows and figures into `found`.
void PlaceCoded(const Table& table, const TableSpec& spec,
                juesuan::accounts::v1::FinalAccounts* accounts, ImportReport::Table* found,
                google::protobuf::RepeatedPtrField<std::string>* issues);

}  // namespace juesuan::import

#endif  // JUESUAN_IMPORT_CODED_TABLE_H_
