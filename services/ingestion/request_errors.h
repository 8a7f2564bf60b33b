// Ingestion's request errors: common/request_errors.h in ingestion's domain
// (kErrorDomain, "juesuan.ingestion.v1").
#ifndef JUESUAN_SERVICES_INGESTION_REQUEST_ERRORS_H_
#define JUESUAN_SERVICES_INGESTION_REQUEST_ERRORS_H_

#include <utility>
#include <vector>

#include "common/request_errors.h"
#include "services/ingestion/accounts_service.h"

namespace juesuan::ingestion {

inline absl::Status Malformed(absl::string_view message, std::vector<FieldViolation> violations) {
  return juesuan::Malformed(kErrorDomain, message, std::move(violations));
}

inline absl::Status BadField(absl::string_view field, absl::string_view description) {
  return juesuan::BadField(kErrorDomain, field, description);
}

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_REQUEST_ERRORS_H_
