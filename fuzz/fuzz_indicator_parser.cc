// Indicator text as departments write it in 绩效自评表 (年度指标值, 实际完成值):
// the parser and the unit helpers on the whole input, then the scorer on a
// target and an actual taken from it.
//
// Input: the text. For the scorer it is split at the first '\n' into target
// and actual; without a '\n' the text is both (an indicator met exactly).
// The whole text is also the table's goal and completion, whose figures the
// scorer sets against the table's.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/decimal.h"
#include "fuzz/fuzz_support.h"
#include "google/protobuf/util/message_differencer.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/scoring/v1/scoring.pb.h"
#include "services/scoring/indicator_parser.h"
#include "services/scoring/profiles.h"
#include "services/scoring/scorer.h"
#include "services/scoring/text_figures.h"

namespace juesuan::fuzz {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::accounts::v1::Measure;
using ::juesuan::scoring::v1::ScoringProfile;

// Targets are a few dozen bytes; the parser refuses long text with digits
// early. Longer inputs only slow the search down.
constexpr size_t kMaxInputBytes = 64 * 1024;

// Every indicator of the synthetic table weighs this many points (20.00 in
// hundredths): the execution line and four indicators make 100.
constexpr int64_t kWeightHundredths = 2000;

// The profiles the scoring server loads at start-up, built once and never
// freed (held by a static pointer, so LeakSanitizer sees them reachable).
struct EmbeddedProfiles {
  std::shared_ptr<const scoring::ProfileRegistry> registry;
  std::vector<const ScoringProfile*> profiles;
};

const std::vector<const ScoringProfile*>& Profiles() {
  static const EmbeddedProfiles* const kProfiles = [] {
    auto* embedded = new EmbeddedProfiles();
    embedded->registry =
        ValueOrDie(scoring::ProfileRegistry::Embedded(), "embedded scoring profiles");
    embedded->profiles = embedded->registry->List();
    return embedded;
  }();
  return kProfiles->profiles;
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Whether every byte of `text` at or above 0x80 belongs to a multi-byte
// sequence the way the parser decodes them (a lead byte and its
// continuation bytes). For such text normalizing is idempotent; for other
// text a stray byte next to a removed space can pair up with the bytes
// after it on a second pass, so the property is only checked here.
bool WholeSequences(absl::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    const size_t n = (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > text.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

void CheckUnitHelpers(absl::string_view unit) {
  const int64_t fen = scoring::FenPerMoneyUnit(unit);
  Require(fen == 0 || fen == 100 || fen == 1000000 || fen == 10000000000,
          "FenPerMoneyUnit gave an amount that is no money unit");
  // Money and time are different units; nothing is both.
  Require(fen == 0 || !scoring::IsTimeUnit(unit), "a unit is both money and time");
  static_cast<void>(scoring::IsIntervalUnit(unit));
}

// What a successful ParseMeasure promises (see indicator_parser.h).
void CheckMeasure(const Measure& m) {
  Require(accounts::v1::Comparator_IsValid(m.comparator()), "comparator out of the enum");
  switch (m.value_case()) {
    case Measure::kPhrase:
      Require(!m.phrase().empty(), "empty phrase");
      for (char c : m.phrase()) {
        Require(!IsAsciiDigit(c), "a phrase with a digit");
        Require(c != ' ' && c != '\t' && c != '\n' && c != '\r', "a phrase with a space");
      }
      break;
    case Measure::kQuantity: {
      const std::string& value = m.quantity().value();
      Require(!value.empty() && IsAsciiDigit(value.front()),
              "a quantity not starting with a digit");
      Require(ParseScaledDecimal(value, 6).ok(), "a quantity the decimal parser refuses");
      Require(m.quantity().unit().size() <= 24, "a unit longer than 24 bytes");
      for (char c : m.quantity().unit()) Require(!IsAsciiDigit(c), "a unit with a digit");
      CheckUnitHelpers(m.quantity().unit());
      break;
    }
    case Measure::kDate: {
      const auto& d = m.date();
      Require(d.year() >= 1900 && d.year() <= 2200, "a date's year out of range");
      Require(d.month() >= 1 && d.month() <= 12, "a date's month out of range");
      Require(d.day() >= 0 && d.day() <= 31, "a date's day out of range");
      break;
    }
    default:
      ContractBroken("ParseMeasure succeeded without a value");
  }
}

// Accounts with one department-wide table: the execution line and the same
// target/actual under each kind of 二级指标, so every scoring rule (quantity,
// cost, time, qualitative) sees it.
FinalAccounts OneIndicatorAccounts(absl::string_view text, absl::string_view target,
                                   absl::string_view actual) {
  FinalAccounts accounts;
  accounts.set_fiscal_year(2023);
  auto* table = accounts.mutable_performance()->mutable_department_wide();
  table->set_goal(std::string(text));
  table->set_completion(std::string(text));
  table->mutable_funds()->mutable_total()->set_annual_budget_fen(100000000);
  table->mutable_funds()->mutable_total()->set_executed_fen(97960000);
  table->mutable_execution()->set_weight("20");
  const std::pair<const char*, const char*> kLevels[] = {{"产出指标", "数量指标"},
                                                         {"成本指标", "经济成本指标"},
                                                         {"产出指标", "时效指标"},
                                                         {"满意度指标", "服务对象满意度指标"}};
  for (const auto& [level1, level2] : kLevels) {
    auto* indicator = table->add_indicators();
    indicator->set_level1(level1);
    indicator->set_level2(level2);
    indicator->set_name("指标");
    indicator->set_target_text(std::string(target));
    indicator->set_actual_text(std::string(actual));
    indicator->set_weight("20");
  }
  return accounts;
}

void CheckScores(const scoring::v1::Scorecard& card, int indicators) {
  Require(card.has_department_wide(), "the department-wide table was not scored");
  Require(card.department_wide().indicators_size() == indicators, "an indicator went unscored");
  for (const auto& s : card.department_wide().indicators()) {
    Require(s.kind() != scoring::v1::INDICATOR_KIND_UNSPECIFIED, "an indicator without a kind");
    const auto score = ParseScaledDecimal(s.score(), 2);
    Require(score.ok(), "a score that is not a decimal");
    Require(*score >= 0 && *score <= kWeightHundredths, "a score outside [0, weight]");
  }
}

void FuzzOne(absl::string_view text) {
  if (text.size() > kMaxInputBytes) return;

  const std::string normalized = scoring::NormalizeIndicatorText(text);
  for (char c : normalized) {
    Require(c != ' ' && c != '\t' && c != '\n' && c != '\r', "normalized text keeps a space");
  }
  CheckUnitHelpers(text);
  for (const scoring::TextFigure& figure : scoring::FiguresIn(text)) {
    Require(figure.scaled >= 0, "a text figure below zero");
    Require(figure.decimals >= 0 && figure.decimals <= 6, "a text figure with over 6 decimals");
    Require(!figure.unit.empty() && absl::StrContains(figure.text, figure.unit),
            "a text figure without its unit");
  }
  const absl::StatusOr<Measure> measure = scoring::ParseMeasure(text);
  if (measure.ok()) CheckMeasure(*measure);

  if (WholeSequences(text)) {
    Require(scoring::NormalizeIndicatorText(normalized) == normalized,
            "normalizing twice changes the text");
    // The parser reads the normalized form: giving it that form changes
    // nothing but the wording of its errors.
    const absl::StatusOr<Measure> again = scoring::ParseMeasure(normalized);
    Require(again.ok() == measure.ok(), "parsing the normalized text changes success");
    if (again.ok()) {
      Require(MessageDifferencer::Equals(*again, *measure),
              "parsing the normalized text changes the measure");
    }
  }

  const size_t newline = text.find('\n');
  const absl::string_view target = text.substr(0, newline);
  const absl::string_view actual =
      newline == absl::string_view::npos ? text : text.substr(newline + 1);
  const FinalAccounts accounts = OneIndicatorAccounts(text, target, actual);
  for (const ScoringProfile* profile : Profiles()) {
    CheckScores(scoring::ScoreSelfEvaluations(accounts, *profile),
                accounts.performance().department_wide().indicators_size());
  }
}

}  // namespace
}  // namespace juesuan::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  juesuan::fuzz::FuzzOne(juesuan::fuzz::AsText(data, size));
  return 0;
}
