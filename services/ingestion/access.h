// Who may call each method of AccountIngestionService (common/access_control.h).
#ifndef JUESUAN_SERVICES_INGESTION_ACCESS_H_
#define JUESUAN_SERVICES_INGESTION_ACCESS_H_

#include "common/access_control.h"

namespace juesuan::ingestion {

const ServiceAccess& IngestionAccess();

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_ACCESS_H_
