// Values stored in RocksDB: serialized protos of juesuan.storage.v1, each
// with a `format_version`. One parser for every store.
#ifndef JUESUAN_STORAGE_STORED_VALUE_H_
#define JUESUAN_STORAGE_STORED_VALUE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/wire_filter.h"

namespace juesuan::storage {

// The value format every store writes today.
inline constexpr uint32_t kValueFormat = 1;

// Parses a stored T (`what` names it in errors); DATA_LOSS if it does not
// parse or has another format version.
template <typename T>
absl::StatusOr<T> ParseStored(absl::string_view bytes, absl::string_view what) {
  T value;
  if (!value.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("stored ", what, " does not parse"));
  }
  if (value.format_version() != kValueFormat) {
    return absl::DataLossError(absl::StrCat("stored ", what, " has format version ",
                                            value.format_version(), ", expected ", kValueFormat));
  }
  return value;
}

// ParseStored of only the fields `filter` keeps (see wire_filter.h): the
// rest is skipped unparsed. A null filter parses everything.
template <typename T>
absl::StatusOr<T> ParseStored(absl::string_view bytes, absl::string_view what,
                              const WireFilter* filter) {
  if (filter == nullptr) return ParseStored<T>(bytes, what);
  absl::StatusOr<std::string> part = FilterFields(bytes, *filter);
  if (!part.ok()) return part.status();
  return ParseStored<T>(*part, what);
}

}  // namespace juesuan::storage

#endif  // JUESUAN_STORAGE_STORED_VALUE_H_
