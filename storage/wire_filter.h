// Reading part of a stored message without parsing the rest.
//
// A BASIC read needs a stored revision's digest and department, or a
// scorecard's total and digest, not the tens of KB of tables and traces
// beside them. FilterFields copies the wire bytes of the fields a filter
// keeps (descending into the fields it names) and skips the others without
// parsing them; the caller parses the much smaller result into the same
// message type, which then simply lacks the skipped fields.
#ifndef JUESUAN_STORAGE_WIRE_FILTER_H_
#define JUESUAN_STORAGE_WIRE_FILTER_H_

#include <map>
#include <optional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace juesuan::storage {

struct WireFilter {
  // Field numbers dropped at this level (ignored if `keep_only` is set).
  std::set<int> drop;
  // If set, only these field numbers are kept at this level.
  std::optional<std::set<int>> keep_only;
  // Kept message fields whose content is filtered in turn.
  std::map<int, WireFilter> nested;
};

// `bytes` with the fields `filter` drops left out; DATA_LOSS if `bytes` is
// not a well-formed message.
absl::StatusOr<std::string> FilterFields(absl::string_view bytes, const WireFilter& filter);

// The payloads of length-delimited field `number` at the top level of
// `bytes`, concatenated ("" if absent). For a message field the result
// parses as the message would: occurrences of a message field merge, and
// concatenated messages parse as their merge. DATA_LOSS if `bytes` is not
// a well-formed message.
absl::StatusOr<std::string> FieldPayload(absl::string_view bytes, int number);

// Appends length-delimited field `number` with `payload` to `out`: how a
// message field is written, so serialized bytes can be spliced into a
// message without parsing them (a parser takes fields in any order).
void AppendLengthDelimited(int number, absl::string_view payload, std::string* out);

// How many bytes AppendLengthDelimited adds for a payload of `payload_size`.
size_t LengthDelimitedSize(int number, size_t payload_size);

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_WIRE_FILTER_H_
