#include "services/rendering/renderer.h"

#include <filesystem>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/text_proto.h"
#include "common/utf8.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace juesuan::embedded {
absl::string_view template_xinjiang_2023_textproto();
absl::string_view template_xinjiang_2023_text();
absl::string_view template_xinjiang_2023_markdown();
absl::string_view template_xinjiang_2023_html();
absl::string_view template_shanghai_2024_textproto();
absl::string_view template_shanghai_2024_text();
absl::string_view template_shanghai_2024_markdown();
absl::string_view template_shanghai_2024_html();
}  // namespace juesuan::embedded

namespace juesuan::rendering {

namespace dv1 = ::juesuan::disclosure::v1;

namespace {

// mstch has one global escape function; it dispatches on the format being
// rendered on this thread.
thread_local dv1::Format current_format = dv1::FORMAT_TEXT;

std::string EscapeHtml(const std::string& s) {
  return absl::StrReplaceAll(
      s, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}});
}

// Markdown: a value stays literal text on one line. The characters that
// make links, images, emphasis, code, HTML or a table cell end are
// backslash-escaped or written as entities (CommonMark lets any ASCII
// punctuation be escaped), and a value cannot open a heading, quote or list.
std::string EscapeMarkdown(const std::string& s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '!':
      case '#':
      case '~':
        out.push_back('\\');
        out.push_back(c);
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\r':
        break;
      case '\n':
        out.push_back(' ');
        break;
      default:
        out.push_back(c);
    }
  }
  // "- x", "+ x", "1. x" at the start of a paragraph would open a list.
  if (!out.empty() && (out[0] == '-' || out[0] == '+')) out.insert(0, "\\");
  size_t digits = 0;
  while (digits < out.size() && out[digits] >= '0' && out[digits] <= '9') ++digits;
  if (digits > 0 && digits < out.size() && (out[digits] == '.' || out[digits] == ')')) {
    out.insert(digits, "\\");
  }
  return out;
}

void InstallEscape() {
  static const bool installed = [] {
    mstch::config::escape = [](const std::string& s) {
      switch (current_format) {
        case dv1::FORMAT_HTML:
          return EscapeHtml(s);
        case dv1::FORMAT_MARKDOWN:
          return EscapeMarkdown(s);
        default:
          return s;
      }
    };
    return true;
  }();
  (void)installed;
}

absl::StatusOr<dv1::Template> ParseInfo(absl::string_view text, absl::string_view source) {
  dv1::Template info;
  JUESUAN_RETURN_IF_ERROR(ParseTextProto(text, source, &info));
  return info;
}

const char* FileOf(dv1::Format format) {
  switch (format) {
    case dv1::FORMAT_TEXT:
      return "text.mustache";
    case dv1::FORMAT_MARKDOWN:
      return "markdown.mustache";
    case dv1::FORMAT_HTML:
      return "html.mustache";
    default:
      return "";
  }
}

}  // namespace

std::string ContentType(dv1::Format format) {
  switch (format) {
    case dv1::FORMAT_MARKDOWN:
      return "text/markdown; charset=utf-8";
    case dv1::FORMAT_HTML:
      return "text/html; charset=utf-8";
    case dv1::FORMAT_XLSX:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    default:
      return "text/plain; charset=utf-8";
  }
}

std::string RenderTemplate(const std::string& source, const mstch::map& view, dv1::Format format) {
  InstallEscape();
  current_format = format;
  return mstch::render(source, view);
}

absl::Status TemplateRegistry::Add(absl::string_view textproto,
                                   std::map<std::string, std::string> files,
                                   absl::string_view source) {
  auto info = ParseInfo(textproto, source);
  if (!info.ok()) return info.status();
  if (!absl::StartsWith(info->name(), "templates/") || info->version().empty() ||
      info->formats().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": needs name templates/{id}, a version and formats"));
  }
  LoadedTemplate loaded;
  loaded.info = *info;
  for (int f : info->formats()) {
    const auto format = static_cast<dv1::Format>(f);
    if (format == dv1::FORMAT_XLSX) {  // the nine tables, not a mustache layout
      loaded.sources[format] = "";
      loaded.source_sha256[format] = Sha256Hex("FORMAT_XLSX: NineTablesWorkbook, spreadsheet.cc");
      continue;
    }
    auto it = files.find(FileOf(format));
    if (it == files.end() || it->second.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ": format ", dv1::Format_Name(format), " has no ", FileOf(format)));
    }
    loaded.source_sha256[format] = Sha256Hex(it->second);
    loaded.sources[format] = std::move(it->second);
  }
  const std::string name = info->name();
  JUESUAN_RETURN_IF_ERROR(templates_.Add(name, std::move(loaded)));
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const TemplateRegistry>> TemplateRegistry::Embedded() {
  struct Files {
    absl::string_view textproto, text, markdown, html, source;
  };
  auto registry = std::make_shared<TemplateRegistry>();
  for (const Files& f : {
           Files{embedded::template_xinjiang_2023_textproto(),
                 embedded::template_xinjiang_2023_text(),
                 embedded::template_xinjiang_2023_markdown(),
                 embedded::template_xinjiang_2023_html(), "data/templates/xinjiang-2023"},
           Files{embedded::template_shanghai_2024_textproto(),
                 embedded::template_shanghai_2024_text(),
                 embedded::template_shanghai_2024_markdown(),
                 embedded::template_shanghai_2024_html(), "data/templates/shanghai-2024"},
       }) {
    absl::Status s = registry->Add(f.textproto,
                                   {{"text.mustache", std::string(f.text)},
                                    {"markdown.mustache", std::string(f.markdown)},
                                    {"html.mustache", std::string(f.html)}},
                                   f.source);
    if (!s.ok()) return s;
  }
  return registry;
}

absl::StatusOr<std::shared_ptr<const TemplateRegistry>> TemplateRegistry::FromDirectory(
    absl::string_view dir) {
  auto registry = std::make_shared<TemplateRegistry>();
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(dir), error)) {
    if (!entry.is_directory()) continue;
    const auto info = entry.path() / "template.textproto";
    if (!std::filesystem::exists(info)) continue;
    std::map<std::string, std::string> files;
    for (const char* f : {"text.mustache", "markdown.mustache", "html.mustache"}) {
      if (!std::filesystem::exists(entry.path() / f)) continue;
      JUESUAN_ASSIGN_OR_RETURN(files[f], ReadFileText((entry.path() / f).string()));
    }
    JUESUAN_ASSIGN_OR_RETURN(const std::string text, ReadFileText(info.string()));
    JUESUAN_RETURN_IF_ERROR(registry->Add(text, std::move(files), entry.path().string()));
  }
  if (error) return absl::NotFoundError(absl::StrCat("cannot list ", dir, ": ", error.message()));
  if (registry->templates_.empty())
    return absl::NotFoundError(absl::StrCat("no templates in ", dir));
  return registry;
}

absl::StatusOr<const LoadedTemplate*> TemplateRegistry::Get(absl::string_view name) const {
  return templates_.Get(name);
}

std::vector<const LoadedTemplate*> TemplateRegistry::List() const { return templates_.List(); }

}  // namespace juesuan::rendering
