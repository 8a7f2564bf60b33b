// Who may call each method of PerformanceScoringService (common/access_control.h).
#ifndef JUESUAN_SERVICES_SCORING_ACCESS_H_
#define JUESUAN_SERVICES_SCORING_ACCESS_H_

#include "common/access_control.h"

namespace juesuan::scoring {

const ServiceAccess& ScoringAccess();

}  // namespace juesuan::scoring

#endif  // JUESUAN_SERVICES_SCORING_ACCESS_H_
