#include "services/rendering/audit_text.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "services/rendering/audit_names.h"
#include "services/rendering/audit_units.h"

namespace juesuan::rendering {
namespace {

using audit::Number;
using audit::U32;

// The longest sentence compared (code points).
constexpr size_t kLongest = 400;

// A sentence of a text and where it starts in it.
struct Sentence {
  U32 text;
  size_t at = 0;
};

// A section of a text: its heading and its sentences.
struct Section {
  U32 heading;
  std::vector<Sentence> sentences;
};

// A sentence with what the audit compares, taken once: its shape and its
// figures.
struct Statement {
  explicit Statement(U32 s)
      : text(std::move(s)), shape(audit::Skeleton(text)), numbers(audit::Numbers(text)) {}
  U32 text;
  U32 shape;
  std::vector<Number> numbers;
};

bool IsHeading(const U32& line) {
  if (line.empty() || line.size() > 40 || line.find(U'。') != U32::npos) return false;
  static const U32 kNumerals = U"一二三四五六七八九十";
  auto numeral = [](char32_t c) { return kNumerals.find(c) != U32::npos; };
  if (line.size() > 3 && line[0] == U'第' && numeral(line[1]) && line.substr(2, 2) == U"部分") {
    return true;
  }
  size_t i = line[0] == U'（' ? 1 : 0;
  const size_t start = i;
  while (i < line.size() && numeral(line[i])) ++i;
  if (i == start || i >= line.size()) return false;
  return start == 1 ? line[i] == U'）' : line[i] == U'、';
}

// The template's headings, in order (those of its table of contents too).
std::vector<U32> Headings(absl::string_view expected) {
  std::vector<U32> headings;
  size_t start = 0;
  while (start <= expected.size()) {
    size_t end = expected.find('\n', start);
    if (end == absl::string_view::npos) end = expected.size();
    U32 line = audit::Decode(NormalizeForAudit(expected.substr(start, end - start)));
    if (IsHeading(line)) headings.push_back(std::move(line));
    start = end + 1;
  }
  return headings;
}

// The sentences of text[begin, end).
std::vector<Sentence> SplitSentences(const U32& text, size_t begin, size_t end) {
  std::vector<Sentence> out;
  size_t start = begin;
  for (size_t at = text.find(U'。', start); at < end; at = text.find(U'。', start)) {
    out.push_back({text.substr(start, at + 1 - start), start});
    start = at + 1;
  }
  if (start < end) out.push_back({text.substr(start, end - start), start});
  return out;
}

// Cuts `text` at the headings, taking each heading's last occurrence before
// the next one's (so that a table of contents is passed over).
std::vector<Section> Segment(const U32& text, const std::vector<U32>& headings) {
  std::vector<std::pair<size_t, const U32*>> found;
  std::set<U32> seen;
  size_t end = text.size();
  for (auto h = headings.rbegin(); h != headings.rend(); ++h) {
    if (seen.count(*h) != 0 || h->size() > end) continue;
    const size_t at = text.rfind(*h, end - h->size());
    if (at == U32::npos) continue;
    seen.insert(*h);
    found.push_back({at, &*h});
    end = at;
  }
  std::reverse(found.begin(), found.end());
  std::vector<Section> sections;
  sections.push_back(
      {U32(), SplitSentences(text, 0, found.empty() ? text.size() : found[0].first)});
  for (size_t i = 0; i < found.size(); ++i) {
    const size_t body = found[i].first + found[i].second->size();
    const size_t stop = i + 1 < found.size() ? found[i + 1].first : text.size();
    sections.push_back({*found[i].second, SplitSentences(text, body, stop)});
  }
  return sections;
}

// The first word of `words` the sentence uses, or empty.
U32 FirstOf(const U32& s, std::initializer_list<const char32_t*> words) {
  size_t best = U32::npos;
  U32 word;
  for (const char32_t* w : words) {
    const size_t at = s.find(w);
    if (at < best) {
      best = at;
      word = w;
    }
  }
  return word;
}

class Auditor {
 public:
  Auditor(const std::vector<std::string>& known, const std::map<std::string, std::string>* formulas,
          std::vector<TextFinding>* out)
      : formulas_(formulas), out_(out) {
    for (const std::string& k : known) {
      for (Number& n : audit::Numbers(audit::Decode(k))) known_.push_back(std::move(n));
    }
  }

  // The page findings are on from now on (0: not known).
  void SetPage(int page) { page_ = page; }

  void Add(const char* kind, const U32& section, const U32& sentence, std::string stated,
           std::string computed, const std::string& expected) {
    out_->push_back({kind, audit::Encode(section), audit::Encode(sentence), std::move(stated),
                     std::move(computed), expected, page_, ""});
  }

  // A stated figure the accounts give somewhere (not a zero, which is
  // everywhere).
  bool Known(const Number& n) const {
    if (n.scaled == 0) return false;
    return std::any_of(known_.begin(), known_.end(), [&n](const Number& k) {
      return k.percent == n.percent && audit::SameAt(n, k);
    });
  }

  // Compares a stated figure with the one the template puts in its place.
  void Compare(const U32& section, const U32& sentence, const Number& p, const Number& e,
               const std::string& display) {
    if (audit::SameAt(p, e)) return;
    const std::string computed = audit::Format(e, p.decimals);
    if (p.percent && audit::TruncatedAt(p, e)) {
      Add("PERCENT_TRUNCATED", section, sentence, p.text, computed, display);
    } else if (Known(p)) {
      Add("WRONG_BASE", section, sentence, p.text, computed, display);
    } else {
      Add(p.percent ? "PERCENT_DIFFERS" : "AMOUNT_DIFFERS", section, sentence, p.text, computed,
          display);
    }
    Formula(e);
  }

  void Shares(const U32& section, const U32& sentence, const std::vector<Number>& p,
              const std::vector<Number>& e, const std::string& display) {
    const auto ps = audit::SharesOf(p);
    const auto es = audit::SharesOf(e);
    if (ps.count < 2 || ps.count != es.count || !audit::IsWhole(es)) return;
    if (audit::IsWhole(ps)) return;
    Add("SHARES_DO_NOT_SUM", section, sentence, audit::FormatSum(ps), "100.00%", display);
  }

  void SameShape(const U32& section, const Statement& published, const Statement& expected,
                 const std::string& display) {
    const U32& sentence = published.text;
    const auto& p = published.numbers;
    const auto& e = expected.numbers;
    for (size_t i = 0; i < p.size() && i < e.size(); ++i) {
      Compare(section, sentence, p[i], e[i], display);
    }
    Shares(section, sentence, p, e, display);
  }

  // The names a sentence prints where the template prints others.
  void Names(const U32& section, const Statement& published, const Statement& expected,
             const U32& unit, const std::string& display) {
    std::vector<audit::NameSlip> slips = audit::ClassNameSlips(published.text, expected.text);
    for (audit::NameSlip& slip : audit::UnitNameSlips(published.shape, expected.shape, unit)) {
      slips.push_back(std::move(slip));
    }
    for (const audit::NameSlip& slip : slips) {
      Add("NAME_MISMATCH", section, published.text, audit::Encode(slip.stated),
          audit::Encode(slip.computed), display);
    }
  }

  void Near(const U32& section, const Statement& published, const Statement& expected,
            const std::string& display) {
    const U32& sentence = published.text;
    const U32 pd = FirstOf(sentence, {U"增加", U"减少", U"持平"});
    const U32 ed = FirstOf(expected.text, {U"增加", U"减少", U"持平"});
    if (!pd.empty() && !ed.empty() && pd != ed) {
      Add("WRONG_DIRECTION", section, sentence, audit::Encode(pd), audit::Encode(ed), display);
    }
    const auto& p = published.numbers;
    const auto& e = expected.numbers;
    for (const Number& n : p) {
      if (n.year) continue;
      const Number* match = nullptr;
      bool other_base = false;
      for (const Number& m : e) {
        if (m.percent != n.percent) continue;
        if (m.context == n.context) {
          match = &m;
          break;
        }
        if (audit::SameContextButBase(m.context, n.context)) {
          match = &m;
          other_base = true;
        }
      }
      if (match != nullptr) {
        if (other_base) {
          Add("WRONG_BASE", section, sentence, audit::Encode(n.context) + n.text,
              audit::Encode(match->context) + audit::Format(*match, n.decimals), display);
          Formula(*match);
        } else {
          Compare(section, sentence, n, *match, display);
        }
      } else if (n.percent && audit::IsChangeRate(n.context) && !audit::HasChangeRate(e)) {
        // "增长 X%" where the template states the change without a rate: its
        // base is zero (or was not submitted).
        Add("ZERO_BASE_PERCENT", section, sentence, n.text, "", display);
      } else if (Known(n)) {
        continue;
      } else if (n.percent && audit::IsRateContext(n.context) && n.scaled == 0) {
        Add("ZERO_BASE_PERCENT", section, sentence, n.text, "", display);  // 完成预算的 0%
      } else {
        Add("UNMATCHED_FIGURE", section, sentence, n.text, "", display);
      }
    }
    Shares(section, sentence, p, e, display);
  }

 private:
  // The formula of the template's figure `e`, on the last finding.
  void Formula(const Number& e) {
    if (formulas_ == nullptr || out_->empty()) return;
    std::string key = e.text;
    key.erase(std::remove(key.begin(), key.end(), ','), key.end());
    auto it = formulas_->find(key);
    if (it != formulas_->end()) out_->back().formula = it->second;
  }

  std::vector<Number> known_;
  const std::map<std::string, std::string>* formulas_;
  std::vector<TextFinding>* out_;
  int page_ = 0;
};

// The share of the figures `stated` that `theirs` states too.
double SharedFigures(const std::vector<Number>& stated, const std::vector<Number>& theirs) {
  if (stated.empty()) return 0;
  int shared = 0;
  for (const Number& n : stated) {
    shared += std::any_of(theirs.begin(), theirs.end(), [&n](const Number& m) {
      return m.percent == n.percent && audit::SameAt(n, m);
    });
  }
  return static_cast<double>(shared) / static_cast<double>(stated.size());
}

// The unused template sentence that is this statement: of the same shape if
// one is (the one sharing most figures: 项 lines look alike), else the
// closest in shape, if close enough.
std::optional<size_t> Counterpart(const Statement& sentence,
                                  const std::vector<Statement>& candidates,
                                  const std::vector<bool>& used, bool* same_shape) {
  std::optional<size_t> best;
  double best_score = -1;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (used[i] || candidates[i].text.size() > kLongest || candidates[i].shape != sentence.shape) {
      continue;
    }
    const double score = SharedFigures(sentence.numbers, candidates[i].numbers);
    if (score > best_score) {
      best_score = score;
      best = i;
    }
  }
  *same_shape = best.has_value();
  if (best || !audit::HasFigure(sentence.numbers)) return best;
  best_score = 0.7;  // below: a different statement (or the department's prose)
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (used[i] || candidates[i].text.size() > kLongest) continue;
    const double score = audit::Similarity(sentence.shape, candidates[i].shape) +
                         0.2 * SharedFigures(sentence.numbers, candidates[i].numbers);
    if (score > best_score) {
      best_score = score;
      best = i;
    }
  }
  return best;
}

// Whether every figure of a template sentence no published sentence took
// is stated in a published sentence no template sentence took: the
// statement is there, in other words (a 项 explained with budgets the
// accounts do not carry: "全年预算为 52.00 万元，支出决算为 51.32 万元，…").
bool StatedElsewhere(const Statement& expected, const std::vector<Number>& unmatched) {
  bool any = false;
  for (const Number& e : expected.numbers) {
    if (e.year) continue;
    any = true;
    const bool found = std::any_of(unmatched.begin(), unmatched.end(), [&e](const Number& p) {
      return p.percent == e.percent && !p.year && audit::SameAt(p, e);
    });
    if (!found) return false;
  }
  return any;
}

// A sentence that states a figure: an amount in 万元 or a percentage.
bool StatesAFigure(const U32& s) {
  return s.size() <= 200 && (s.find(U"万元") != U32::npos || s.find(U'%') != U32::npos);
}

}  // namespace

std::vector<TextFinding> AuditText(absl::string_view published, absl::string_view expected,
                                   const std::vector<std::string>& known,
                                   absl::string_view unit_name,
                                   const std::map<std::string, std::string>* formulas) {
  const std::vector<U32> headings = Headings(expected);
  const U32 expected_text = audit::NormalizePages(expected, nullptr);
  const std::vector<Section> want = Segment(expected_text, headings);
  std::vector<size_t> breaks;
  const U32 published_text = audit::NormalizePages(published, &breaks);
  const std::vector<Section> have = Segment(published_text, headings);
  const U32 unit = audit::NormalizePages(unit_name, nullptr);
  // Page n + 1 starts at breaks[n - 1]; no breaks, no pages.
  auto page_of = [&breaks](size_t at) {
    if (breaks.empty()) return 0;
    return 1 +
           static_cast<int>(std::upper_bound(breaks.begin(), breaks.end(), at) - breaks.begin());
  };
  std::map<U32, const Section*> have_by_heading;
  for (const Section& s : have) have_by_heading.emplace(s.heading, &s);
  std::vector<TextFinding> findings;
  Auditor auditor(known, formulas, &findings);
  for (const Section& w : want) {
    if (w.heading.empty()) continue;
    auto it = have_by_heading.find(w.heading);
    if (it == have_by_heading.end()) continue;  // a section the document leaves out: not audited
    std::vector<Statement> statements;
    for (const Sentence& sentence : w.sentences) statements.emplace_back(sentence.text);
    std::vector<bool> used(statements.size(), false);
    // The figures of the published sentences no template sentence took.
    std::vector<Number> unmatched;
    for (const auto& [text, at] : it->second->sentences) {
      // A template sentence is short; a longer one is prose or a table laid
      // out as text (and comparing it would cost its length times theirs).
      if (text.size() > kLongest) continue;
      const Statement sentence(text);
      bool same_shape = false;
      const std::optional<size_t> match = Counterpart(sentence, statements, used, &same_shape);
      if (!match) {  // the department's prose
        unmatched.insert(unmatched.end(), sentence.numbers.begin(), sentence.numbers.end());
        continue;
      }
      used[*match] = true;
      auditor.SetPage(page_of(at));
      const std::string display = audit::Display(statements[*match].text);
      if (same_shape) {
        auditor.SameShape(w.heading, sentence, statements[*match], display);
      } else {
        auditor.Near(w.heading, sentence, statements[*match], display);
        auditor.Names(w.heading, sentence, statements[*match], unit, display);
      }
    }
    auditor.SetPage(0);
    for (size_t i = 0; i < w.sentences.size(); ++i) {
      const U32& missing = w.sentences[i].text;
      if (!used[i] && StatesAFigure(missing) && !StatedElsewhere(statements[i], unmatched)) {
        auditor.Add("STATEMENT_MISSING", w.heading, missing, "", "", audit::Display(missing));
      }
    }
  }
  for (const audit::NameSlip& slip :
       audit::TitleSlips(published_text, expected_text, headings, unit)) {
    auditor.SetPage(page_of(slip.at));
    auditor.Add("NAME_MISMATCH", U32(), slip.stated, audit::Encode(slip.stated),
                audit::Encode(slip.computed), audit::Encode(slip.computed));
  }
  return findings;
}

}  // namespace juesuan::rendering
