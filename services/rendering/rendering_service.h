// The rendering domain: render a department-year's disclosure from its
// accounts and scorecard through a template, keep it with its provenance,
// serve the kept documents and the templates. No gRPC here: the accounts and
// the scorecard come through Upstreams, errors are absl::Status.
//
// A document is kept per (department, year, template, format): the latest
// rendering of the latest revision. Rendering again with nothing changed —
// same revision and digest, same publication state, same scorecard, same
// template version and text, same view-model version, code tables and suite
// — returns the kept document without rendering. A past revision
// (`…/revisions/{n}` that is not the latest) is rendered on demand and not
// kept, so the kept document always follows the latest accounts.
//
// The latest revision is rendered whether or not it is published: a
// document of an unpublished revision says at its top that it is a draft for
// review, and its provenance has `accounts_published` false.
//
// The scorecard is the one under the template's scoring profile. If there is
// none, or it scored another revision than the one rendered, the document is
// rendered without scores and says so (and `without_scorecard` is set): the
// accounts are disclosable before they are scored, and scores of other
// figures must not sit beside these. A profile juesuan-scoring does not know
// is FAILED_PRECONDITION (the template is wrong, not the accounts).
#ifndef JUESUAN_SERVICES_RENDERING_RENDERING_SERVICE_H_
#define JUESUAN_SERVICES_RENDERING_RENDERING_SERVICE_H_

#include <array>
#include <future>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "codes/code_tables.h"
#include "common/clock.h"
#include "common/memory_budget.h"
#include "common/thread_pool.h"
#include "juesuan/disclosure/v1/disclosure.pb.h"
#include "services/rendering/renderer.h"
#include "services/rendering/upstreams.h"
#include "storage/disclosure_store.h"

namespace juesuan::rendering {

struct RenderingServiceOptions {
  std::string suite_version;
  // What the renders running at once may hold: each reserves, before it
  // builds the document, kRenderBytesPerElement for every listed element of
  // the accounts (BENCHMARKS.md, "Memory"); one that does not fit now is
  // refused with RESOURCE_EXHAUSTED and a retry delay.
  int64_t memory_budget_bytes = int64_t{512} << 20;
};

// Peak memory of a render per listed element of the accounts (rows,
// indicators, …): measured at most 8.6 KiB for HTML (bench/memory_bench), so
// twice that, plus a fixed part.
inline constexpr int64_t kRenderBytesPerElement = 16 * 1024;
inline constexpr int64_t kRenderBaseBytes = 4 << 20;
// The longest published text AuditDisclosure takes, and the most listed
// elements of inline accounts (as ingestion's cost budget).
inline constexpr size_t kMaxAuditTextBytes = 8 << 20;
inline constexpr int64_t kMaxInlineAccountsElements = 20000;
// How long a render waits for room in the budget before it is refused.
inline constexpr absl::Duration kMaxBudgetWait = absl::Seconds(30);

class RenderingService {
 public:
  // Takes the store; `upstreams` and `clock` must outlive the service.
  static absl::StatusOr<std::unique_ptr<RenderingService>> Create(
      std::unique_ptr<storage::DisclosureStore> store,
      std::shared_ptr<const TemplateRegistry> templates,
      std::shared_ptr<const juesuan::codes::CodeTables> code_tables, Upstreams* upstreams,
      const Clock* clock, RenderingServiceOptions options);

  // Renders (or returns the kept) disclosure; calls upstream end by
  // `deadline`.
  absl::StatusOr<juesuan::disclosure::v1::Disclosure> Render(
      const juesuan::disclosure::v1::RenderDisclosureRequest& request,
      absl::Time deadline = absl::InfiniteFuture());
  absl::StatusOr<juesuan::disclosure::v1::Disclosure> Get(
      const juesuan::disclosure::v1::GetDisclosureRequest& request) const;
  absl::StatusOr<juesuan::disclosure::v1::ListDisclosuresResponse> List(
      const juesuan::disclosure::v1::ListDisclosuresRequest& request) const;
  absl::StatusOr<juesuan::disclosure::v1::Template> GetTemplate(
      const juesuan::disclosure::v1::GetTemplateRequest& request) const;
  absl::StatusOr<juesuan::disclosure::v1::ListTemplatesResponse> ListTemplates(
      const juesuan::disclosure::v1::ListTemplatesRequest& request) const;
  // Audits a published text or PDF against stored or inline accounts
  // (audit.h), and stores the audit when the accounts name their
  // department and year (rendering_service_audit.cc).
  absl::StatusOr<juesuan::disclosure::v1::DisclosureAudit> Audit(
      const juesuan::disclosure::v1::AuditDisclosureRequest& request,
      absl::Time deadline = absl::InfiniteFuture());
  absl::StatusOr<juesuan::disclosure::v1::DisclosureAudit> GetAudit(
      const juesuan::disclosure::v1::GetDisclosureAuditRequest& request) const;
  absl::StatusOr<juesuan::disclosure::v1::ListDisclosureAuditsResponse> ListAudits(
      const juesuan::disclosure::v1::ListDisclosureAuditsRequest& request) const;

  // What a render found out before building anything (its steps' state,
  // defined in rendering_service_render.cc).
  struct RenderPlan;

 private:
  RenderingService(std::unique_ptr<storage::DisclosureStore> store,
                   std::shared_ptr<const TemplateRegistry> templates,
                   std::shared_ptr<const juesuan::codes::CodeTables> code_tables,
                   Upstreams* upstreams, const Clock* clock, RenderingServiceOptions options);

  // The template `name` and its source for `format`, or the error naming
  // the field at fault.
  absl::StatusOr<const LoadedTemplate*> TemplateFor(const std::string& name,
                                                    juesuan::disclosure::v1::Format format) const;

  // Render's steps (rendering_service_render.cc).
  absl::StatusOr<std::string> MissingScorecardReason(const RenderPlan& plan,
                                                     absl::Time deadline) const;
  absl::StatusOr<bool> IsLatest(const RenderPlan& plan, juesuan::disclosure::v1::View asked,
                                absl::Time deadline) const;
  absl::StatusOr<juesuan::disclosure::v1::Disclosure> RenderAndKeep(RenderPlan& plan,
                                                                    absl::Time deadline);

  // Runs fn() on the upstream pool; its result through the future.
  template <typename T, typename Fn>
  std::future<T> OnUpstreamPool(Fn fn) {
    auto promise = std::make_shared<std::promise<T>>();
    std::future<T> result = promise->get_future();
    upstream_calls_->Schedule(
        [promise, fn = std::move(fn)]() mutable { promise->set_value(fn()); });
    return result;
  }

  std::unique_ptr<storage::DisclosureStore> store_;
  std::shared_ptr<const TemplateRegistry> templates_;
  std::shared_ptr<const juesuan::codes::CodeTables> code_tables_;
  Upstreams* upstreams_;
  const Clock* clock_;
  RenderingServiceOptions options_;
  MemoryBudget render_memory_;
  // Waits on upstream answers for Render (two per call), so the calling
  // thread can read the kept document meanwhile; no thread per call.
  std::unique_ptr<ThreadPool> upstream_calls_ = std::make_unique<ThreadPool>(8);
  // Renders of one kept document run one at a time (striped by key), so the
  // check "unchanged?" and the put that follows it see the same record, and
  // a slow render of an older revision cannot overwrite a newer one.
  static constexpr size_t kStripes = 64;
  std::array<absl::Mutex, kStripes> key_locks_;
};

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_RENDERING_SERVICE_H_
