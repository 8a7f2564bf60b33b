# Writes OUT, a C++ file defining juesuan::embedded::SYMBOL() returning the
# bytes of IN. Bytes are written as a hex array so any content is safe.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" len)
math(EXPR size "${len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "((0x..,){32})" "\\1\n" body "${body}")
file(WRITE "${OUT}" "// Generated from ${IN}; do not edit.\n#include \"absl/strings/string_view.h\"\nnamespace juesuan::embedded {\nnamespace {\nconstexpr unsigned char kData[] = {${body}0};\n}  // namespace\nabsl::string_view ${SYMBOL}() { return absl::string_view(reinterpret_cast<const char*>(kData), ${size}); }\n}  // namespace juesuan::embedded\n")
