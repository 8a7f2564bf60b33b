// Rendering a disclosure, the pure core of RenderingService::Render: the
// accounts (binary FinalAccounts, as juesuan-ingestion returns them), their
// scorecard under the template's profile, the view model, and the embedded
// template in every format.
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
#include "fuzz/fuzz_support.h"
#include "juesuan/accounts/v1/accounts.pb.h"
#include "juesuan/disclosure/v1/disclosure.pb.h"
#include "juesuan/scoring/v1/scoring.pb.h"
#include "codes/code_tables.h"
#include "services/ingestion/schema_check.h"
#include "services/rendering/renderer.h"
#include "services/rendering/view_model.h"
#include "services/scoring/profiles.h"
#include "services/scoring/scorer.h"

namespace juesuan::fuzz {
namespace {

using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::rendering::LoadedTemplate;
namespace dv1 = ::juesuan::disclosure::v1;

constexpr size_t kMaxInputBytes = 1 << 20;
constexpr char kTemplate[] = "templates/xinjiang-2023";

// What the three servers load at start-up, built once and never freed.
struct Embedded {
  std::shared_ptr<const rendering::TemplateRegistry> templates;
  std::shared_ptr<const codes::CodeTables> code_tables;
  std::shared_ptr<const scoring::ProfileRegistry> profiles;
  const LoadedTemplate* loaded = nullptr;
  // The template's scoring profile.
  const scoring::v1::ScoringProfile* profile = nullptr;
};

const Embedded& Data() {
  static const Embedded* const kData = [] {
    auto* data = new Embedded();
    data->templates = ValueOrDie(rendering::TemplateRegistry::Embedded(), "embedded templates");
    data->code_tables = ValueOrDie(codes::CodeTables::Embedded(), "embedded code tables");
    data->profiles = ValueOrDie(scoring::ProfileRegistry::Embedded(), "embedded profiles");
    data->loaded = ValueOrDie(data->templates->Get(kTemplate), "the embedded template");
    data->profile = ValueOrDie(data->profiles->Get(data->loaded->info.scoring_profile()),
                               "the template's scoring profile");
    return data;
  }();
  return *kData;
}

std::string Render(const rendering::ViewInputs& inputs, dv1::Format format) {
  const Embedded& data = Data();
  const std::string content = rendering::RenderTemplate(
      data.loaded->sources.at(format), rendering::BuildViewModel(inputs), format);
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

  // Scored as juesuan-scoring scores a stored revision, so that whatever
  // scores and findings the accounts lead to are rendered too.
  const scoring::v1::Scorecard card = scoring::ScoreSelfEvaluations(accounts, *embedded.profile);

  rendering::ViewInputs inputs;
  inputs.accounts = &accounts;
  inputs.scorecard = &card;
  inputs.code_tables = embedded.code_tables.get();
  inputs.accounts_published = true;
  inputs.accounts_revision = absl::StrCat(accounts.department().name(), "/accounts/",
                                          accounts.fiscal_year(), "/revisions/1");
  inputs.template_name = embedded.loaded->info.name();
  inputs.template_version = embedded.loaded->info.version();
  inputs.suite_version = "fuzz";
  std::string text;
  for (const auto& entry : embedded.loaded->sources) {
    std::string content = Render(inputs, entry.first);
    if (entry.first == dv1::FORMAT_TEXT) text = std::move(content);
  }
  // The view model is pure: kept documents are fingerprinted on their
  // inputs, so the same inputs must give the same document.
  if (!text.empty()) {
    Require(Render(inputs, dv1::FORMAT_TEXT) == text, "the same inputs rendered differently");
  }

  // A draft without a scorecard (the document then says why).
  inputs.scorecard = nullptr;
  inputs.accounts_published = false;
  static_cast<void>(Render(inputs, dv1::FORMAT_TEXT));
}

}  // namespace
}  // namespace juesuan::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  juesuan::fuzz::FuzzOne(data, size);
  return 0;
}
