// Rendering a disclosure, the pure core of RenderingService::Render: the
// accounts (binary FinalAccounts, as juesuan-ingestion returns them), their
// scorecard under each template's profile, the view model, and every
// embedded template in every format and view (the spreadsheet too).
//
// Accounts reach the renderer only after the ingestion shape check (a
// stored revision passed it); inputs that fail it are not rendered, as in
// production.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "codes/code_tables.h"
#include "fuzz/fuzz_support.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/disclosure/v1/disclosure.pb.h"
#include "juesuan/scoring/v1/scoring.pb.h"
#include "services/ingestion/schema_check.h"
#include "services/rendering/renderer.h"
#include "services/rendering/spreadsheet.h"
#include "services/rendering/view_model.h"
#include "services/rendering/view_tables.h"
#include "services/scoring/profiles.h"
#include "services/scoring/scorer.h"

namespace juesuan::fuzz {
namespace {

using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::rendering::LoadedTemplate;
namespace dv1 = ::juesuan::disclosure::v1;

constexpr size_t kMaxInputBytes = 1 << 20;

// A template and its scoring profile.
struct Template {
  const LoadedTemplate* loaded = nullptr;
  const scoring::v1::ScoringProfile* profile = nullptr;
};

// What the three servers load at start-up, built once and never freed.
struct Embedded {
  std::shared_ptr<const rendering::TemplateRegistry> templates;
  std::shared_ptr<const codes::CodeTables> code_tables;
  std::shared_ptr<const scoring::ProfileRegistry> profiles;
  std::vector<Template> all;
};

const Embedded& Data() {
  static const Embedded* const kData = [] {
    auto* data = new Embedded();
    data->templates = ValueOrDie(rendering::TemplateRegistry::Embedded(), "embedded templates");
    data->code_tables = ValueOrDie(codes::CodeTables::Embedded(), "embedded code tables");
    data->profiles = ValueOrDie(scoring::ProfileRegistry::Embedded(), "embedded profiles");
    for (const LoadedTemplate* t : data->templates->List()) {
      data->all.push_back({t, ValueOrDie(data->profiles->Get(t->info.scoring_profile()),
                                         "a template's scoring profile")});
    }
    return data;
  }();
  return *kData;
}

std::string Render(const LoadedTemplate& t, const rendering::ViewInputs& inputs,
                   dv1::Format format) {
  if (format == dv1::FORMAT_XLSX) {
    const std::string book =
        ValueOrDie(rendering::NineTablesWorkbook(rendering::NineTables(*inputs.accounts), "fuzz"),
                   "the spreadsheet");
    Require(book.rfind("PK", 0) == 0, "a spreadsheet that is not a zip file");
    return book;
  }
  const std::string content =
      rendering::RenderTemplate(t.sources.at(format), rendering::BuildViewModel(inputs), format);
  // Every template prints headings whatever the accounts hold.
  Require(!content.empty(), "an empty document");
  return content;
}

void FuzzOne(const uint8_t* data, size_t size) {
  const Embedded& embedded = Data();
  if (size > kMaxInputBytes) return;
  FinalAccounts accounts;
  if (!accounts.ParseFromArray(data, static_cast<int>(size))) return;
  if (!ingestion::CheckAccountsShape(accounts, kCurrentYear, ingestion::SchemaLimits(), "accounts")
           .empty()) {
    return;
  }

  for (const Template& t : embedded.all) {
    // Scored as juesuan-scoring scores a stored revision, so that whatever
    // scores and findings the accounts lead to are rendered too.
    const scoring::v1::Scorecard card = scoring::ScoreSelfEvaluations(accounts, *t.profile);
    rendering::ViewInputs inputs;
    inputs.accounts = &accounts;
    inputs.scorecard = &card;
    inputs.code_tables = embedded.code_tables.get();
    inputs.wording = t.loaded->info.wording();
    inputs.accounts_published = true;
    inputs.accounts_revision = absl::StrCat(accounts.department().name(), "/accounts/",
                                            accounts.fiscal_year(), "/revisions/1");
    inputs.template_name = t.loaded->info.name();
    inputs.template_version = t.loaded->info.version();
    inputs.suite_version = "fuzz";
    std::string text;
    for (const auto& entry : t.loaded->sources) {
      std::string content = Render(*t.loaded, inputs, entry.first);
      if (entry.first == dv1::FORMAT_TEXT) text = std::move(content);
    }
    // The view model is pure: kept documents are fingerprinted on their
    // inputs, so the same inputs must give the same document.
    if (!text.empty()) {
      Require(Render(*t.loaded, inputs, dv1::FORMAT_TEXT) == text,
              "the same inputs rendered differently");
    }
    // The review, and a draft without a scorecard (the document then says why).
    inputs.view = dv1::VIEW_REVIEW;
    static_cast<void>(Render(*t.loaded, inputs, dv1::FORMAT_HTML));
    inputs.scorecard = nullptr;
    inputs.accounts_published = false;
    static_cast<void>(Render(*t.loaded, inputs, dv1::FORMAT_TEXT));
  }
}

}  // namespace
}  // namespace juesuan::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  juesuan::fuzz::FuzzOne(data, size);
  return 0;
}
