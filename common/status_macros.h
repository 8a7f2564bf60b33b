// Local stand-ins for ABSL_RETURN_IF_ERROR / ABSL_ASSIGN_OR_RETURN, which
// Debian's Abseil (20220623) does not have.
#ifndef JUESUAN_COMMON_STATUS_MACROS_H_
#define JUESUAN_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns the status of `expr` from the enclosing function if it is not OK.
#define JUESUAN_RETURN_IF_ERROR(expr)                  \
  do {                                                 \
    ::absl::Status juesuan_status_ = (expr);           \
    if (!juesuan_status_.ok()) return juesuan_status_; \
  } while (false)

#define JUESUAN_CONCAT_INNER_(a, b) a##b
#define JUESUAN_CONCAT_(a, b) JUESUAN_CONCAT_INNER_(a, b)

// Evaluates `rexpr` (an absl::StatusOr<T>); returns its status if not OK,
// otherwise moves its value into `lhs` (which may be a declaration).
#define JUESUAN_ASSIGN_OR_RETURN(lhs, rexpr) \
  JUESUAN_ASSIGN_OR_RETURN_IMPL_(JUESUAN_CONCAT_(juesuan_statusor_, __LINE__), lhs, rexpr)

#define JUESUAN_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                   \
  if (!statusor.ok()) return std::move(statusor).status();   \
  lhs = *std::move(statusor)

#endif  // JUESUAN_COMMON_STATUS_MACROS_H_
