// The code tables compiled into the binary: every data/codes/<year>/ folder
// found when the build was configured (codes/CMakeLists.txt writes the list).
#ifndef JUESUAN_CODES_EMBEDDED_CODE_TABLES_H_
#define JUESUAN_CODES_EMBEDDED_CODE_TABLES_H_

#include <vector>

#include "absl/strings/string_view.h"

namespace juesuan::codes {

struct EmbeddedYear {
  int year;
  absl::string_view function_tsv;
  absl::string_view economic_tsv;
};

// In ascending year order.
const std::vector<EmbeddedYear>& EmbeddedYears();

}  // namespace juesuan::codes

#endif  // JUESUAN_CODES_EMBEDDED_CODE_TABLES_H_
