#include "services/rendering/rendering_service_impl.h"

#include "common/raw_unary.h"

namespace juesuan::rendering {

grpc::ServerUnaryReactor* DisclosureRenderingServiceImpl::RenderDisclosure(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<dv1::RenderDisclosureRequest, dv1::Disclosure>(
      context, request, response, guard_, "RenderDisclosure", workers_,
      [](const dv1::RenderDisclosureRequest& r, CallInfo& info) {
        info.resource = info.scope = r.accounts();
      },
      [this, context](const dv1::RenderDisclosureRequest& r) {
        return domain_->Render(r, absl::FromChrono(context->deadline()));
      });
}

grpc::ServerUnaryReactor* DisclosureRenderingServiceImpl::GetDisclosure(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<dv1::GetDisclosureRequest, dv1::Disclosure>(
      context, request, response, guard_, "GetDisclosure", nullptr,
      [](const dv1::GetDisclosureRequest& r, CallInfo& info) {
        info.resource = info.scope = r.name();
      },
      [this](const dv1::GetDisclosureRequest& r) { return domain_->Get(r); });
}

grpc::ServerUnaryReactor* DisclosureRenderingServiceImpl::ListDisclosures(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<dv1::ListDisclosuresRequest, dv1::ListDisclosuresResponse>(
      context, request, response, guard_, "ListDisclosures", nullptr,
      [](const dv1::ListDisclosuresRequest& r, CallInfo& info) {
        info.resource = info.scope = r.parent();
      },
      [this](const dv1::ListDisclosuresRequest& r) { return domain_->List(r); });
}

grpc::ServerUnaryReactor* DisclosureRenderingServiceImpl::GetTemplate(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<dv1::GetTemplateRequest, dv1::Template>(
      context, request, response, guard_, "GetTemplate", nullptr,
      [](const dv1::GetTemplateRequest& r, CallInfo& info) { info.resource = r.name(); },
      [this](const dv1::GetTemplateRequest& r) { return domain_->GetTemplate(r); });
}

grpc::ServerUnaryReactor* DisclosureRenderingServiceImpl::ListTemplates(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<dv1::ListTemplatesRequest, dv1::ListTemplatesResponse>(
      context, request, response, guard_, "ListTemplates", nullptr,
      [](const dv1::ListTemplatesRequest&, CallInfo&) {},
      [this](const dv1::ListTemplatesRequest& r) { return domain_->ListTemplates(r); });
}

grpc::ServerUnaryReactor* DisclosureRenderingServiceImpl::AuditDisclosure(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<dv1::AuditDisclosureRequest, dv1::DisclosureAudit>(
      context, request, response, guard_, "AuditDisclosure", workers_,
      [](const dv1::AuditDisclosureRequest& r, CallInfo& info) {
        // Inline accounts are scoped by the department they name.
        info.resource = info.scope =
            r.has_accounts() ? r.accounts() : r.inline_accounts().department().name();
      },
      [this, context](const dv1::AuditDisclosureRequest& r) {
        return domain_->Audit(r, absl::FromChrono(context->deadline()));
      });
}

grpc::ServerUnaryReactor* DisclosureRenderingServiceImpl::GetDisclosureAudit(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<dv1::GetDisclosureAuditRequest, dv1::DisclosureAudit>(
      context, request, response, guard_, "GetDisclosureAudit", nullptr,
      [](const dv1::GetDisclosureAuditRequest& r, CallInfo& info) {
        info.resource = info.scope = r.name();
      },
      [this](const dv1::GetDisclosureAuditRequest& r) { return domain_->GetAudit(r); });
}

grpc::ServerUnaryReactor* DisclosureRenderingServiceImpl::ListDisclosureAudits(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<dv1::ListDisclosureAuditsRequest, dv1::ListDisclosureAuditsResponse>(
      context, request, response, guard_, "ListDisclosureAudits", nullptr,
      [](const dv1::ListDisclosureAuditsRequest& r, CallInfo& info) {
        info.resource = info.scope = r.parent();
      },
      [this](const dv1::ListDisclosureAuditsRequest& r) { return domain_->ListAudits(r); });
}

}  // namespace juesuan::rendering
