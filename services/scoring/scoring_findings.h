// What a score reports beside itself: findings, each stamped with the table
// it is about, and the inputs its trace shows.
#ifndef JUESUAN_SERVICES_SCORING_SCORING_FINDINGS_H_
#define JUESUAN_SERVICES_SCORING_SCORING_FINDINGS_H_

#include <string>
#include <utility>

#include "juesuan/scoring/v1/scoring.pb.h"

namespace juesuan::scoring {

// Collects a table's findings with the table's title filled in.
class Findings {
 public:
  Findings(juesuan::scoring::v1::Scorecard* card, std::string table)
      : card_(card), table_(std::move(table)) {}

  void Add(juesuan::scoring::v1::ScoringFinding::Kind kind, std::string message, int index = -1,
           const std::string& indicator = "", std::string computed = "",
           std::string reported = "") {
    juesuan::scoring::v1::ScoringFinding* f = card_->add_findings();
    f->set_kind(kind);
    f->set_table(table_);
    f->set_indicator_index(index);
    f->set_indicator_name(indicator);
    f->set_message(std::move(message));
    f->set_computed(std::move(computed));
    f->set_reported(std::move(reported));
  }

 private:
  juesuan::scoring::v1::Scorecard* card_;
  std::string table_;
};

// Adds an input of the score to its trace: what was read, as read.
inline void AddInput(juesuan::scoring::v1::ScoreTrace* trace, std::string name, std::string value,
                     std::string unit) {
  auto* input = trace->add_inputs();
  input->set_name(std::move(name));
  input->set_value(std::move(value));
  input->set_unit(std::move(unit));
}

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_SCORING_FINDINGS_H_
