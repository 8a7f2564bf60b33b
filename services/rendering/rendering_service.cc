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
