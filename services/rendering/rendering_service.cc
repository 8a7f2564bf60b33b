#include "services/rendering/rendering_service.h"

#include <future>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/error_details.h"
#include "common/resource_names.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "common/utf8.h"
#include "google/protobuf/util/time_util.h"
#include "services/rendering/service_errors.h"
#include "services/rendering/spreadsheet.h"
#include "services/rendering/view_model.h"
#include "services/rendering/view_tables.h"
#include "storage/page_token.h"

namespace juesuan::rendering {
namespace {

namespace dv1 = ::juesuan::disclosure::v1;
namespace iv1 = ::juesuan::ingestion::v1;
namespace acc = ::juesuan::accounts::v1;
namespace sv1 = ::juesuan::scoring::v1;
using ::google::protobuf::util::TimeUtil;

bool KnownFormat(dv1::Format format) {
  return format == dv1::FORMAT_TEXT || format == dv1::FORMAT_MARKDOWN ||
         format == dv1::FORMAT_HTML || format == dv1::FORMAT_XLSX;
}

absl::Status CheckFormat(dv1::Format format) {
  if (KnownFormat(format)) return absl::OkStatus();
  return BadField(
      "format",
      absl::StrCat("must be FORMAT_TEXT, FORMAT_MARKDOWN, FORMAT_HTML or FORMAT_XLSX, got ",
                   format == dv1::FORMAT_UNSPECIFIED ? std::string("FORMAT_UNSPECIFIED")
                                                     : std::to_string(static_cast<int>(format))));
}

// The view asked for: VIEW_PUBLISHED unless VIEW_REVIEW.
absl::StatusOr<dv1::View> ViewOf(dv1::View view) {
  if (view == dv1::VIEW_UNSPECIFIED || view == dv1::VIEW_PUBLISHED) return dv1::VIEW_PUBLISHED;
  if (view == dv1::VIEW_REVIEW) return dv1::VIEW_REVIEW;
  return BadField(
      "view", absl::StrCat("must be VIEW_PUBLISHED or VIEW_REVIEW, got ", static_cast<int>(view)));
}

}  // namespace

absl::StatusOr<std::unique_ptr<RenderingService>> RenderingService::Create(
    std::unique_ptr<storage::DisclosureStore> store,
    std::shared_ptr<const TemplateRegistry> templates,
    std::shared_ptr<const juesuan::codes::CodeTables> code_tables, Upstreams* upstreams,
    const Clock* clock, RenderingServiceOptions options) {
  if (store == nullptr || templates == nullptr || code_tables == nullptr || upstreams == nullptr ||
      clock == nullptr) {
    return absl::InvalidArgumentError(
        "RenderingService needs a store, templates, code tables, upstreams and a clock");
  }
  return std::unique_ptr<RenderingService>(
      new RenderingService(std::move(store), std::move(templates), std::move(code_tables),
                           upstreams, clock, std::move(options)));
}

RenderingService::RenderingService(std::unique_ptr<storage::DisclosureStore> store,
                                   std::shared_ptr<const TemplateRegistry> templates,
                                   std::shared_ptr<const juesuan::codes::CodeTables> code_tables,
                                   Upstreams* upstreams, const Clock* clock,
                                   RenderingServiceOptions options)
    : store_(std::move(store)),
      templates_(std::move(templates)),
      code_tables_(std::move(code_tables)),
      upstreams_(upstreams),
      clock_(clock),
      options_(std::move(options)),
      render_memory_(options_.memory_budget_bytes, "rendering") {}

absl::StatusOr<const LoadedTemplate*> RenderingService::TemplateFor(const std::string& name,
                                                                    dv1::Format format) const {
  JUESUAN_RETURN_IF_ERROR(CheckFormat(format));
  if (name.empty()) return BadField("template", "is required, e.g. \"templates/xinjiang-2023\"");
  absl::StatusOr<const LoadedTemplate*> loaded = templates_->Get(name);
  if (absl::IsInvalidArgument(loaded.status()))
    return BadField("template", loaded.status().message());
  if (!loaded.ok()) return loaded.status();
  if ((*loaded)->sources.count(format) == 0) {
    return BadField("format", absl::StrCat(name, " does not render ", dv1::Format_Name(format)));
  }
  return loaded;
}

absl::StatusOr<dv1::Disclosure> RenderingService::Render(
    const dv1::RenderDisclosureRequest& request, absl::Time deadline) {
  JUESUAN_ASSIGN_OR_RETURN(DepartmentYearName name,
                           ParseAccountsName(request.accounts(), "accounts", false));
  JUESUAN_ASSIGN_OR_RETURN(const LoadedTemplate* tmpl,
                           TemplateFor(request.template_(), request.format()));
  const storage::DepartmentYear dy{name.department_id, name.fiscal_year};
  JUESUAN_ASSIGN_OR_RETURN(const dv1::View asked, ViewOf(request.view()));

  // The scorecard under the template's profile and the revision are asked
  // for at once, on the upstream pool: the two calls do not depend on each
  // other, and a render that changes nothing is mostly these two round
  // trips. Meanwhile this thread reads the kept document, which such a
  // render returns. (The tasks own copies of what they use: an early
  // return here must not leave them with dangling references.)
  const std::string profile = tmpl->info.scoring_profile();
  std::future<absl::StatusOr<sv1::Scorecard>> card_call;
  if (!profile.empty()) {
    card_call = OnUpstreamPool<absl::StatusOr<sv1::Scorecard>>(
        [this, card = ScorecardName(name.department_id, name.fiscal_year), profile, deadline] {
          // BASIC: what it scored and its digest; the scores only if we render.
          return upstreams_->GetScorecard(card, profile, /*full=*/false, deadline);
        });
  }
  // The revision (BASIC: its name and digest, not the accounts, which are
  // fetched only to render); for a named revision, also whether it is the
  // latest.
  std::future<absl::StatusOr<iv1::AccountsRevision>> revision_call =
      OnUpstreamPool<absl::StatusOr<iv1::AccountsRevision>>(
          [this, accounts = request.accounts(), deadline] {
            return upstreams_->GetAccounts(accounts, /*full=*/false, deadline);
          });
  std::optional<absl::StatusOr<storage::StoredDisclosure>> kept_early;
  // The kept document is the one the public reads (or a draft's); a review
  // of a published revision is rendered each time and not kept.
  if (name.revision_id == 0 && asked != dv1::VIEW_REVIEW) {
    kept_early = store_->Get(dy, tmpl->info.name(), request.format(), /*with_content=*/true);
  }
  JUESUAN_ASSIGN_OR_RETURN(iv1::AccountsRevision revision, revision_call.get());
  bool latest = asked != dv1::VIEW_REVIEW;
  if (name.revision_id != 0 && latest) {
    JUESUAN_ASSIGN_OR_RETURN(
        iv1::AccountsRevision head,
        upstreams_->GetAccounts(AccountsName(name.department_id, name.fiscal_year), false,
                                deadline));
    latest = head.revision_id() == revision.revision_id();
  }
  const std::string accounts_sha256 = revision.validation_report().provenance().accounts_sha256();
  if (accounts_sha256.size() != 64) {
    return absl::FailedPreconditionError(
        absl::StrCat(revision.name(), " has no accounts digest in its validation report"));
  }

  // The scorecard under the template's profile, if it scored this revision.
  absl::StatusOr<sv1::Scorecard> card =
      absl::NotFoundError("the template names no scoring profile");
  if (card_call.valid()) card = card_call.get();
  std::string missing_reason;
  if (absl::IsNotFound(card.status()) && !profile.empty()) {
    // Not scored yet, or a profile scoring does not know: only the second
    // is the template's fault.
    auto known = upstreams_->GetScoringProfile(profile, deadline);
    if (absl::IsNotFound(known.status())) {
      return absl::FailedPreconditionError(
          absl::StrCat(tmpl->info.name(), " shows scores under ", profile,
                       ", which juesuan-scoring does not know: ", known.status().message()));
    }
    if (!known.ok()) return known.status();
    missing_reason = absl::StrCat("尚无该年度按 ", profile, " 评出的评分卡");
  } else if (absl::IsNotFound(card.status())) {
    missing_reason = "模板未指定评分规则";
  } else if (absl::IsInvalidArgument(card.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat(tmpl->info.name(), " shows scores under ", profile,
                     ", which juesuan-scoring refuses: ", card.status().message()));
  } else if (!card.ok()) {
    return card.status();
  } else if (card->accounts_revision() != revision.name()) {
    missing_reason = absl::StrCat("现有评分卡所评为 ", card->accounts_revision(), "，而本说明依据 ",
                                  revision.name());
  }
  const sv1::Scorecard* shown = missing_reason.empty() ? &*card : nullptr;  // BASIC until we render
  const bool published = revision.state() == iv1::REVISION_STATE_PUBLISHED;
  // A draft is always rendered for review.
  const dv1::View view = published ? asked : dv1::VIEW_REVIEW;
  if (published && asked == dv1::VIEW_REVIEW) latest = false;

  // Everything the document depends on; equal inputs give an equal document.
  const std::string inputs_sha256 = Sha256Hex(absl::StrJoin(
      std::vector<std::string>{revision.name(), accounts_sha256, published ? "published" : "draft",
                               shown ? shown->content_sha256() : "", missing_reason,
                               tmpl->info.name(), tmpl->info.version(),
                               tmpl->source_sha256.at(request.format()),
                               dv1::Format_Name(request.format()), dv1::View_Name(view),
                               kViewModelVersion, code_tables_->version(), options_.suite_version},
      std::string(1, '\0')));
  // Unchanged: the kept document read above was rendered from exactly these
  // inputs (a newer one kept since is for other inputs; this one is right
  // for ours).
  if (kept_early.has_value() && kept_early->ok() &&
      (*kept_early)->inputs_sha256() == inputs_sha256) {
    return std::move(*(*kept_early)->mutable_disclosure());
  }
  // Render: the accounts of exactly this revision (revisions are immutable),
  // checked against the digest the fingerprint used, and what building the
  // document will hold reserved before it is built (and before the key's
  // lock: another render of the key must not wait behind this one's wait).
  JUESUAN_ASSIGN_OR_RETURN(iv1::AccountsRevision full,
                           upstreams_->GetAccounts(revision.name(), true, deadline));
  if (Sha256Hex(DeterministicBytes(full.accounts())) != accounts_sha256) {
    return absl::DataLossError(absl::StrCat(
        revision.name(), ": the accounts juesuan-ingestion returned do not match its digest ",
        accounts_sha256));
  }
  absl::StatusOr<MemoryBudget::Reservation> held = render_memory_.Reserve(
      kRenderBaseBytes + kRenderBytesPerElement * CountRepeatedElements(full.accounts()),
      std::min(deadline, absl::Now() + kMaxBudgetWait));
  if (!held.ok()) {
    // The caller's own deadline ran out first: that is what it is told.
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError("waiting for room in rendering's memory budget");
    }
    return held.status();
  }
  absl::MutexLock lock(&key_locks_[absl::HashOf(dy.department_id, dy.fiscal_year, tmpl->info.name(),
                                                request.format()) %
                                   kStripes]);
  if (latest) {
    auto kept = store_->Get(dy, tmpl->info.name(), request.format(), /*with_content=*/true);
    if (kept.ok() && kept->inputs_sha256() == inputs_sha256) return kept->disclosure();
    if (!kept.ok() && !absl::IsNotFound(kept.status())) return kept.status();
    // A newer revision was submitted and rendered while we looked: keep that.
    if (kept.ok()) {
      auto kept_name = ParseAccountsName(kept->disclosure().provenance().accounts_revision(),
                                         "accounts_revision", true);
      if (kept_name.ok() && kept_name->revision_id > revision.revision_id()) latest = false;
    }
  }

  // The scores themselves, of exactly the scorecard the fingerprint used.
  absl::StatusOr<sv1::Scorecard> full_card;
  if (shown != nullptr) {
    full_card = upstreams_->GetScorecard(shown->name(), profile, /*full=*/true, deadline);
    if (!full_card.ok()) return full_card.status();
    if (full_card->content_sha256() != shown->content_sha256()) {
      return absl::AbortedError(absl::StrCat(
          shown->name(), " was scored again while this document was being rendered; retry"));
    }
    shown = &*full_card;
  }
  ViewInputs inputs;
  inputs.accounts = &full.accounts();
  inputs.scorecard = shown;
  inputs.missing_scorecard_reason = missing_reason;
  inputs.accounts_published = published;
  inputs.view = view;
  inputs.wording = tmpl->info.wording();
  inputs.code_tables = code_tables_.get();
  inputs.accounts_revision = revision.name();
  inputs.template_name = tmpl->info.name();
  inputs.template_version = tmpl->info.version();
  inputs.suite_version = options_.suite_version;
  std::string content;
  if (request.format() == dv1::FORMAT_XLSX) {
    JUESUAN_ASSIGN_OR_RETURN(
        content, NineTablesWorkbook(NineTables(full.accounts()),
                                    absl::StrCat(full.accounts().department().display_name(), " ",
                                                 full.accounts().fiscal_year(), " 年度部门决算")));
  } else {
    content = RenderTemplate(tmpl->sources.at(request.format()), BuildViewModel(inputs),
                             request.format());
  }

  dv1::Disclosure disclosure;
  disclosure.set_name(DisclosureName(name.department_id, name.fiscal_year));
  disclosure.set_format(request.format());
  disclosure.set_template_(tmpl->info.name());
  disclosure.set_content_type(ContentType(request.format()));
  disclosure.set_content_bytes(static_cast<int64_t>(content.size()));
  disclosure.set_without_scorecard(shown == nullptr);
  dv1::DisclosureProvenance* p = disclosure.mutable_provenance();
  p->set_accounts_revision(revision.name());
  p->set_accounts_sha256(accounts_sha256);
  if (shown != nullptr) {
    p->set_scorecard(shown->name());
    p->set_scoring_profile(shown->profile());
    p->set_scoring_profile_version(shown->profile_version());
    p->set_scorecard_sha256(shown->content_sha256());
  }
  p->set_template_(tmpl->info.name());
  p->set_template_version(tmpl->info.version());
  p->set_suite_version(options_.suite_version);
  p->set_content_sha256(Sha256Hex(content));
  p->set_accounts_published(published);
  p->set_view(view);
  *disclosure.mutable_create_time() =
      TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(clock_->Now()));
  if (latest) {
    storage::StoredDisclosure record;
    *record.mutable_disclosure() = disclosure;
    record.set_inputs_sha256(inputs_sha256);
    JUESUAN_RETURN_IF_ERROR(store_->Put(dy, record, content));
  }
  if (request.format() == dv1::FORMAT_XLSX) {
    disclosure.set_binary_content(std::move(content));
  } else {
    disclosure.set_content(std::move(content));
  }
  return disclosure;
}

absl::StatusOr<dv1::Disclosure> RenderingService::Get(
    const dv1::GetDisclosureRequest& request) const {
  JUESUAN_ASSIGN_OR_RETURN(DepartmentYearName name, ParseDisclosureName(request.name(), "name"));
  JUESUAN_RETURN_IF_ERROR(CheckFormat(request.format()));
  if (request.template_().empty()) {
    return BadField("template", "is required, e.g. \"templates/xinjiang-2023\"");
  }
  auto kept = store_->Get({name.department_id, name.fiscal_year}, request.template_(),
                          request.format(), /*with_content=*/true);
  if (absl::IsNotFound(kept.status())) {
    return absl::NotFoundError(absl::StrCat(
        request.name(), " (", dv1::Format_Name(request.format()), ", ",
        CutUtf8(request.template_(), 100), ") not found: render it with RenderDisclosure"));
  }
  if (!kept.ok()) return kept.status();
  JUESUAN_ASSIGN_OR_RETURN(const dv1::View asked, ViewOf(request.view()));
  if (asked == dv1::VIEW_REVIEW && kept->disclosure().provenance().view() != dv1::VIEW_REVIEW) {
    return absl::FailedPreconditionError(
        absl::StrCat(request.name(),
                     ": only the published view of a published revision is kept; render the "
                     "review with RenderDisclosure, view VIEW_REVIEW"));
  }
  return kept->disclosure();
}

absl::StatusOr<dv1::ListDisclosuresResponse> RenderingService::List(
    const dv1::ListDisclosuresRequest& request) const {
  JUESUAN_ASSIGN_OR_RETURN(const std::string department, ParentDepartment(request.parent()));
  JUESUAN_ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size()));
  auto page = AsPageTokenError(store_->List(department, page_size, request.page_token()));
  if (!page.ok()) return page.status();
  dv1::ListDisclosuresResponse response;
  for (auto& record : page->records)
    *response.add_disclosures() = std::move(*record.mutable_disclosure());
  response.set_next_page_token(page->next_page_token);
  return response;
}

absl::StatusOr<dv1::Template> RenderingService::GetTemplate(
    const dv1::GetTemplateRequest& request) const {
  absl::StatusOr<const LoadedTemplate*> loaded = templates_->Get(request.name());
  if (absl::IsInvalidArgument(loaded.status())) return BadField("name", loaded.status().message());
  if (!loaded.ok()) return loaded.status();
  return (*loaded)->info;
}

absl::StatusOr<dv1::ListTemplatesResponse> RenderingService::ListTemplates(
    const dv1::ListTemplatesRequest& request) const {
  JUESUAN_ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size()));
  // A handful of templates: the token is the last name returned.
  dv1::ListTemplatesResponse response;
  for (const LoadedTemplate* t : templates_->List()) {
    if (!request.page_token().empty() && t->info.name() <= request.page_token()) continue;
    if (response.templates_size() == page_size) {
      response.set_next_page_token(response.templates(page_size - 1).name());
      break;
    }
    *response.add_templates() = t->info;
  }
  return response;
}

}  // namespace juesuan::rendering
