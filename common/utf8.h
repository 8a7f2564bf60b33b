// UTF-8 helpers for text that goes into errors and logs (mostly Chinese).
#ifndef JUESUAN_COMMON_UTF8_H_
#define JUESUAN_COMMON_UTF8_H_

#include <string>

#include "absl/strings/string_view.h"

namespace juesuan {

// The longest prefix of `text` of at most `max_bytes` that does not split a
// UTF-8 character.
absl::string_view Utf8Prefix(absl::string_view text, size_t max_bytes);

// `text` cut to at most `max_bytes` (on a character boundary), with "…"
// appended when something was cut.
std::string CutUtf8(absl::string_view text, size_t max_bytes);

// The number of characters (code points) in `text`.
size_t Utf8Length(absl::string_view text);

// Whether `text` is well-formed UTF-8 (no stray continuation byte, no
// overlong form, no surrogate, nothing past U+10FFFF): text in another
// encoding (GBK, GB18030) is not.
bool IsValidUtf8(absl::string_view text);

}  // namespace juesuan

#endif  // JUESUAN_COMMON_UTF8_H_
