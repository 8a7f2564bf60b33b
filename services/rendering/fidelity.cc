#include "services/rendering/fidelity.h"

#include "absl/strings/str_replace.h"

namespace juesuan::rendering {

std::string RemoveWhitespace(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = text[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') continue;
    // U+3000 ideographic space.
    if (c == 0xE3 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x80) {
      i += 2;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

std::vector<std::string> Sentences(absl::string_view text) {
  std::vector<std::string> sentences;
  const absl::string_view stop = "。";
  size_t start = 0;
  for (size_t at = text.find(stop); at != absl::string_view::npos; at = text.find(stop, start)) {
    sentences.emplace_back(text.substr(start, at + stop.size() - start));
    start = at + stop.size();
  }
  if (start < text.size()) sentences.emplace_back(text.substr(start));
  return sentences;
}

std::string ReadableText(absl::string_view document) {
  std::string out;
  bool in_tag = false;
  for (char c : document) {
    if (c == '<') in_tag = true;
    if (!in_tag && c != '#' && c != '*' && c != '>' && c != '|') out.push_back(c);
    if (c == '>') in_tag = false;
  }
  out = absl::StrReplaceAll(
      out,
      {{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}, {"\\", ""}});
  return RemoveWhitespace(out);
}

std::vector<std::string> NotGivenBack(const std::vector<std::string>& sentences,
                                      absl::string_view rendered) {
  std::vector<std::string> missing;
  for (const std::string& s : sentences) {
    if (rendered.find(s) == absl::string_view::npos) missing.push_back(s);
  }
  return missing;
}

}  // namespace juesuan::rendering
