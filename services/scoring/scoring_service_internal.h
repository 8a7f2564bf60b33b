// Inside the scoring domain only: what its request side and its job runner
// (scoring_service.cc, scoring_service_job.cc) share.
#ifndef JUESUAN_SERVICES_SCORING_SCORING_SERVICE_INTERNAL_H_
#define JUESUAN_SERVICES_SCORING_SCORING_SERVICE_INTERNAL_H_

#include "absl/status/status.h"
#include "common/clock.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/time_util.h"

namespace juesuan::scoring::internal {

// A job's failures kept in it (the count goes on).
inline constexpr int kMaxRecordedFailures = 100;
// Department-years a job lists per page with their accounts. Ingestion caps
// such pages at 50, but a page of 50 is about 1.7 MB, and moving messages
// that large through gRPC held up submissions served by the same threads
// (ingest p99 4.5x idle while a job ran; 1.9x with pages of 10, for the same
// job throughput). A job stores its progress once per page.
inline constexpr int kMaxFullListPage = 10;

inline google::protobuf::Timestamp Now(const Clock* clock) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      absl::ToUnixMicros(clock->Now()));
}

// What a job retries when listing: the upstream busy, late or restarting.
inline bool Retryable(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status) ||
         absl::IsResourceExhausted(status) || absl::IsAborted(status);
}

}  // namespace juesuan::scoring::internal

#endif  // JUESUAN_SERVICES_SCORING_SCORING_SERVICE_INTERNAL_H_
