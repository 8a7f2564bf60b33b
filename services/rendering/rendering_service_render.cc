// RenderingService::Render, cut along its seams: what a document depends on
// (the revision, the scorecard it shows or why it shows none, the
// fingerprint of every input), the kept document when it was made from
// exactly those inputs, and otherwise the render (the accounts checked
// against their digest, memory reserved, the content, the document with its
// provenance, kept when it is the latest).
#include <future>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/memory_budget.h"
#include "common/resource_names.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "services/rendering/renderer.h"
#include "services/rendering/rendering_service.h"
#include "services/rendering/service_errors.h"
#include "services/rendering/spreadsheet.h"
#include "services/rendering/view_model.h"
#include "services/rendering/view_tables.h"

namespace juesuan::rendering {

namespace dv1 = ::juesuan::disclosure::v1;
namespace iv1 = ::juesuan::ingestion::v1;
namespace sv1 = ::juesuan::scoring::v1;
using ::google::protobuf::util::TimeUtil;

// What a render found out before building anything.
struct RenderingService::RenderPlan {
  const dv1::RenderDisclosureRequest* request = nullptr;
  DepartmentYearName name;
  storage::DepartmentYear dy;
  const LoadedTemplate* tmpl = nullptr;
  std::string profile;             // the template's scoring profile, or ""
  iv1::AccountsRevision revision;  // BASIC: name, state, digest
  std::string accounts_sha256;
  // BASIC (what it scored and its digest); shown only if missing_reason is "".
  absl::StatusOr<sv1::Scorecard> card = absl::NotFoundError("the template names no profile");
  std::string missing_reason;  // why the document shows no scorecard
  bool published = false;
  dv1::View view = dv1::VIEW_PUBLISHED;
  bool latest = false;  // the result is kept (the latest revision, published view)
  std::string inputs_sha256;

  const sv1::Scorecard* shown() const { return missing_reason.empty() ? &*card : nullptr; }
};

namespace {

// Everything the document depends on; equal inputs give an equal document.
std::string InputsFingerprint(const RenderingService::RenderPlan& plan,
                              const std::string& code_tables_version,
                              const std::string& suite_version) {
  const dv1::Format format = plan.request->format();
  return Sha256Hex(absl::StrJoin(
      std::vector<std::string>{
          plan.revision.name(), plan.accounts_sha256, plan.published ? "published" : "draft",
          plan.shown() ? plan.shown()->content_sha256() : "", plan.missing_reason,
          plan.tmpl->info.name(), plan.tmpl->info.version(), plan.tmpl->source_sha256.at(format),
          dv1::Format_Name(format), dv1::View_Name(plan.view), kViewModelVersion,
          code_tables_version, suite_version},
      std::string(1, '\0')));
}

// The document's bytes: the nine tables as a workbook, or the template.
absl::StatusOr<std::string> ContentOf(const RenderingService::RenderPlan& plan,
                                      const ViewInputs& inputs) {
  const dv1::Format format = plan.request->format();
  if (format != dv1::FORMAT_XLSX) {
    return RenderTemplate(plan.tmpl->sources.at(format), BuildViewModel(inputs), format);
  }
  const auto& accounts = *inputs.accounts;
  return NineTablesWorkbook(NineTables(accounts),
                            absl::StrCat(accounts.department().display_name(), " ",
                                         accounts.fiscal_year(), " 年度部门决算"));
}

// The document with its provenance (its content not yet set).
dv1::Disclosure DisclosureOf(const RenderingService::RenderPlan& plan, const sv1::Scorecard* shown,
                             const std::string& content, const std::string& suite_version,
                             absl::Time now) {
  dv1::Disclosure disclosure;
  disclosure.set_name(DisclosureName(plan.name.department_id, plan.name.fiscal_year));
  disclosure.set_format(plan.request->format());
  disclosure.set_template_(plan.tmpl->info.name());
  disclosure.set_content_type(ContentType(plan.request->format()));
  disclosure.set_content_bytes(static_cast<int64_t>(content.size()));
  disclosure.set_without_scorecard(shown == nullptr);
  dv1::DisclosureProvenance* p = disclosure.mutable_provenance();
  p->set_accounts_revision(plan.revision.name());
  p->set_accounts_sha256(plan.accounts_sha256);
  if (shown != nullptr) {
    p->set_scorecard(shown->name());
    p->set_scoring_profile(shown->profile());
    p->set_scoring_profile_version(shown->profile_version());
    p->set_scorecard_sha256(shown->content_sha256());
  }
  p->set_template_(plan.tmpl->info.name());
  p->set_template_version(plan.tmpl->info.version());
  p->set_suite_version(suite_version);
  p->set_content_sha256(Sha256Hex(content));
  p->set_accounts_published(plan.published);
  p->set_view(plan.view);
  *disclosure.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now));
  return disclosure;
}

}  // namespace

absl::StatusOr<std::string> RenderingService::MissingScorecardReason(const RenderPlan& plan,
                                                                     absl::Time deadline) const {
  const absl::StatusOr<sv1::Scorecard>& card = plan.card;
  const std::string& tmpl = plan.tmpl->info.name();
  if (absl::IsNotFound(card.status()) && !plan.profile.empty()) {
    // Not scored yet, or a profile scoring does not know: only the second
    // is the template's fault.
    auto known = upstreams_->GetScoringProfile(plan.profile, deadline);
    if (absl::IsNotFound(known.status())) {
      return absl::FailedPreconditionError(
          absl::StrCat(tmpl, " shows scores under ", plan.profile,
                       ", which juesuan-scoring does not know: ", known.status().message()));
    }
    if (!known.ok()) return known.status();
    return absl::StrCat("尚无该年度按 ", plan.profile, " 评出的评分卡");
  }
  if (absl::IsNotFound(card.status())) return std::string("模板未指定评分规则");
  if (absl::IsInvalidArgument(card.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat(tmpl, " shows scores under ", plan.profile,
                     ", which juesuan-scoring refuses: ", card.status().message()));
  }
  if (!card.ok()) return card.status();
  if (card->accounts_revision() != plan.revision.name()) {
    return absl::StrCat("现有评分卡所评为 ", card->accounts_revision(), "，而本说明依据 ",
                        plan.revision.name());
  }
  return std::string();
}

absl::StatusOr<dv1::Disclosure> RenderingService::Render(
    const dv1::RenderDisclosureRequest& request, absl::Time deadline) {
  RenderPlan plan;
  plan.request = &request;
  JUESUAN_ASSIGN_OR_RETURN(plan.name, ParseAccountsName(request.accounts(), "accounts", false));
  JUESUAN_ASSIGN_OR_RETURN(plan.tmpl, TemplateFor(request.template_(), request.format()));
  plan.dy = {plan.name.department_id, plan.name.fiscal_year};
  JUESUAN_ASSIGN_OR_RETURN(const dv1::View asked, ViewOf(request.view()));
  plan.profile = plan.tmpl->info.scoring_profile();

  // The scorecard under the template's profile and the revision are asked
  // for at once, on the upstream pool: the two calls do not depend on each
  // other, and a render that changes nothing is mostly these two round
  // trips. Meanwhile this thread reads the kept document, which such a
  // render returns. (The tasks own copies of what they use: an early
  // return here must not leave them with dangling references.)
  std::future<absl::StatusOr<sv1::Scorecard>> card_call;
  if (!plan.profile.empty()) {
    card_call = OnUpstreamPool<absl::StatusOr<sv1::Scorecard>>(
        [this, card = ScorecardName(plan.name.department_id, plan.name.fiscal_year),
         profile = plan.profile, deadline] {
          // BASIC: what it scored and its digest; the scores only if we render.
          return upstreams_->GetScorecard(card, profile, /*full=*/false, deadline);
        });
  }
  // The revision (BASIC: its name and digest, not the accounts, which are
  // fetched only to render).
  std::future<absl::StatusOr<iv1::AccountsRevision>> revision_call =
      OnUpstreamPool<absl::StatusOr<iv1::AccountsRevision>>(
          [this, accounts = request.accounts(), deadline] {
            return upstreams_->GetAccounts(accounts, /*full=*/false, deadline);
          });
  std::optional<absl::StatusOr<storage::StoredDisclosure>> kept_early;
  // The kept document is the one the public reads (or a draft's); a review
  // of a published revision is rendered each time and not kept.
  if (plan.name.revision_id == 0 && asked != dv1::VIEW_REVIEW) {
    kept_early = store_->Get(plan.dy, plan.tmpl->info.name(), request.format(), true);
  }
  JUESUAN_ASSIGN_OR_RETURN(plan.revision, revision_call.get());
  JUESUAN_ASSIGN_OR_RETURN(plan.latest, IsLatest(plan, asked, deadline));
  plan.accounts_sha256 = plan.revision.validation_report().provenance().accounts_sha256();
  if (plan.accounts_sha256.size() != 64) {
    return absl::FailedPreconditionError(
        absl::StrCat(plan.revision.name(), " has no accounts digest in its validation report"));
  }
  if (card_call.valid()) plan.card = card_call.get();
  JUESUAN_ASSIGN_OR_RETURN(plan.missing_reason, MissingScorecardReason(plan, deadline));
  plan.published = plan.revision.state() == iv1::REVISION_STATE_PUBLISHED;
  // A draft is always rendered for review.
  plan.view = plan.published ? asked : dv1::VIEW_REVIEW;
  if (plan.published && asked == dv1::VIEW_REVIEW) plan.latest = false;
  plan.inputs_sha256 = InputsFingerprint(plan, code_tables_->version(), options_.suite_version);
  // Unchanged: the kept document read above was rendered from exactly these
  // inputs (a newer one kept since is for other inputs; this one is right
  // for ours).
  if (kept_early.has_value() && kept_early->ok() &&
      (*kept_early)->inputs_sha256() == plan.inputs_sha256) {
    return std::move(*(*kept_early)->mutable_disclosure());
  }
  return RenderAndKeep(plan, deadline);
}

absl::StatusOr<bool> RenderingService::IsLatest(const RenderPlan& plan, dv1::View asked,
                                                absl::Time deadline) const {
  if (asked == dv1::VIEW_REVIEW) return false;
  if (plan.name.revision_id == 0) return true;
  // A named revision: kept only if it is the latest.
  JUESUAN_ASSIGN_OR_RETURN(
      iv1::AccountsRevision head,
      upstreams_->GetAccounts(AccountsName(plan.name.department_id, plan.name.fiscal_year), false,
                              deadline));
  return head.revision_id() == plan.revision.revision_id();
}

absl::StatusOr<dv1::Disclosure> RenderingService::RenderAndKeep(RenderPlan& plan,
                                                                absl::Time deadline) {
  // The accounts of exactly this revision (revisions are immutable),
  // checked against the digest the fingerprint used, and what building the
  // document will hold reserved before it is built (and before the key's
  // lock: another render of the key must not wait behind this one's wait).
  JUESUAN_ASSIGN_OR_RETURN(iv1::AccountsRevision full,
                           upstreams_->GetAccounts(plan.revision.name(), true, deadline));
  if (Sha256Hex(DeterministicBytes(full.accounts())) != plan.accounts_sha256) {
    return absl::DataLossError(absl::StrCat(
        plan.revision.name(), ": the accounts juesuan-ingestion returned do not match its digest ",
        plan.accounts_sha256));
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
  const dv1::Format format = plan.request->format();
  absl::MutexLock lock(&key_locks_[absl::HashOf(plan.dy.department_id, plan.dy.fiscal_year,
                                                plan.tmpl->info.name(), format) %
                                   kStripes]);
  if (plan.latest) {
    auto kept = store_->Get(plan.dy, plan.tmpl->info.name(), format, /*with_content=*/true);
    if (kept.ok() && kept->inputs_sha256() == plan.inputs_sha256) return kept->disclosure();
    if (!kept.ok() && !absl::IsNotFound(kept.status())) return kept.status();
    // A newer revision was submitted and rendered while we looked: keep that.
    if (kept.ok()) {
      auto kept_name = ParseAccountsName(kept->disclosure().provenance().accounts_revision(),
                                         "accounts_revision", true);
      if (kept_name.ok() && kept_name->revision_id > plan.revision.revision_id()) {
        plan.latest = false;
      }
    }
  }
  // The scores themselves, of exactly the scorecard the fingerprint used.
  absl::StatusOr<sv1::Scorecard> full_card;
  const sv1::Scorecard* shown = plan.shown();
  if (shown != nullptr) {
    full_card = upstreams_->GetScorecard(shown->name(), plan.profile, /*full=*/true, deadline);
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
  inputs.missing_scorecard_reason = plan.missing_reason;
  inputs.accounts_published = plan.published;
  inputs.view = plan.view;
  inputs.wording = plan.tmpl->info.wording();
  inputs.code_tables = code_tables_.get();
  inputs.accounts_revision = plan.revision.name();
  inputs.template_name = plan.tmpl->info.name();
  inputs.template_version = plan.tmpl->info.version();
  inputs.suite_version = options_.suite_version;
  JUESUAN_ASSIGN_OR_RETURN(std::string content, ContentOf(plan, inputs));
  dv1::Disclosure disclosure =
      DisclosureOf(plan, shown, content, options_.suite_version, clock_->Now());
  if (plan.latest) {
    storage::StoredDisclosure record;
    *record.mutable_disclosure() = disclosure;
    record.set_inputs_sha256(plan.inputs_sha256);
    JUESUAN_RETURN_IF_ERROR(store_->Put(plan.dy, record, content));
  }
  if (format == dv1::FORMAT_XLSX) {
    disclosure.set_binary_content(std::move(content));
  } else {
    disclosure.set_content(std::move(content));
  }
  return disclosure;
}

}  // namespace juesuan::rendering
