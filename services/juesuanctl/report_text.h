// Plain-text rendering of a validation report for operators' terminals.
#ifndef JUESUAN_SERVICES_JUESUANCTL_REPORT_TEXT_H_
#define JUESUAN_SERVICES_JUESUANCTL_REPORT_TEXT_H_

#include <string>

#include "juesuan/ingestion/v1/validation.pb.h"

namespace juesuan::ctl {

// A summary line, then one block per finding (severity, rule, message, cells,
// provided / expected / difference, explanation), then the provenance.
std::string ReportToText(const juesuan::ingestion::v1::ValidationReport& report);

}  // namespace juesuan::ctl

#endif  // JUESUAN_SERVICES_JUESUANCTL_REPORT_TEXT_H_
