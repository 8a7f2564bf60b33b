#include "services/ingestion/ingestion_service_impl.h"

#include "common/raw_unary.h"
#include "common/status_macros.h"
#include "services/ingestion/list_answer.h"

namespace juesuan::ingestion {

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::SubmitAccounts(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::SubmitAccountsRequest, v1::SubmitAccountsResponse>(
      context, request, response, guard_, "SubmitAccounts", writers_,
      [](const v1::SubmitAccountsRequest& r, CallInfo& info) {
        info.request_id = r.request_id();
        info.resource = r.accounts().department().name();
        info.scope = info.resource;
      },
      [this](const v1::SubmitAccountsRequest& r) { return domain_->Submit(r); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::ImportAccounts(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  // Poppler's work: on the writers' pool, as submissions are, not gRPC's
  // threads.
  return ServeUnary<v1::ImportAccountsRequest, v1::ImportAccountsResponse>(
      context, request, response, guard_, "ImportAccounts", writers_,
      [](const v1::ImportAccountsRequest& r, CallInfo& info) { info.resource = r.department(); },
      [this, context](const v1::ImportAccountsRequest& r) {
        return domain_->Import(r, absl::FromChrono(context->deadline()));
      });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::GetAccounts(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::GetAccountsRequest, v1::AccountsRevision>(
      context, request, response, guard_, "GetAccounts", nullptr,
      [](const v1::GetAccountsRequest& r, CallInfo& info) {
        info.resource = info.scope = r.name();
      },
      [this](const v1::GetAccountsRequest& r) { return domain_->Get(r); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::ListAccounts(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::ListAccountsRequest, SerializedResponse>(
      context, request, response, guard_, "ListAccounts", bulk_readers_,
      [](const v1::ListAccountsRequest& r, CallInfo& info) {
        info.resource = info.scope = r.parent();
      },
      [this](const v1::ListAccountsRequest& r) -> absl::StatusOr<SerializedResponse> {
        JUESUAN_ASSIGN_OR_RETURN(AccountsService::AccountsPage page, domain_->ListPage(r));
        return SerializedResponse{SerializeAccountsPage(page)};
      });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::ListAccountRevisions(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  // On the bulk readers, as ListAccounts: a FULL page is megabytes to build.
  return ServeUnary<v1::ListAccountRevisionsRequest, v1::ListAccountRevisionsResponse>(
      context, request, response, guard_, "ListAccountRevisions", bulk_readers_,
      [](const v1::ListAccountRevisionsRequest& r, CallInfo& info) {
        info.resource = info.scope = r.parent();
      },
      [this](const v1::ListAccountRevisionsRequest& r) { return domain_->ListRevisions(r); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::ExplainFindings(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::ExplainFindingsRequest, v1::AccountsRevision>(
      context, request, response, guard_, "ExplainFindings", writers_,
      [](const v1::ExplainFindingsRequest& r, CallInfo& info) {
        info.resource = info.scope = r.name();
      },
      [this](const v1::ExplainFindingsRequest& r, const Caller& caller) {
        return domain_->Explain(r, caller.AuthorName());
      });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::PublishAccounts(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::PublishAccountsRequest, v1::AccountsRevision>(
      context, request, response, guard_, "PublishAccounts", writers_,
      [](const v1::PublishAccountsRequest& r, CallInfo& info) {
        info.resource = info.scope = r.name();
      },
      [this](const v1::PublishAccountsRequest& r) { return domain_->Publish(r); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::GetDepartment(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::GetDepartmentRequest, juesuan::accounts::v1::Department>(
      context, request, response, guard_, "GetDepartment", nullptr,
      [](const v1::GetDepartmentRequest& r, CallInfo& info) {
        info.resource = info.scope = r.name();
      },
      [this](const v1::GetDepartmentRequest& r) { return domain_->GetDepartment(r); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::ListDepartments(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::ListDepartmentsRequest, v1::ListDepartmentsResponse>(
      context, request, response, guard_, "ListDepartments", nullptr,
      [](const v1::ListDepartmentsRequest& r, CallInfo& info) { info.resource = r.region_code(); },
      [this](const v1::ListDepartmentsRequest& r, const Caller& caller) {
        return domain_->ListDepartments(r, caller.departments);
      });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::GetValidationRule(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::GetValidationRuleRequest, v1::ValidationRule>(
      context, request, response, guard_, "GetValidationRule", nullptr,
      [](const v1::GetValidationRuleRequest& r, CallInfo& info) { info.resource = r.name(); },
      [this](const v1::GetValidationRuleRequest& r) { return domain_->GetRule(r); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::ListValidationRules(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
    grpc::ByteBuffer* response) {
  return ServeUnary<v1::ListValidationRulesRequest, v1::ListValidationRulesResponse>(
      context, request, response, guard_, "ListValidationRules", nullptr,
      [](const v1::ListValidationRulesRequest& r, CallInfo& info) {
        (void)r;
        (void)info;
      },
      [this](const v1::ListValidationRulesRequest& r) { return domain_->ListRules(r); });
}

}  // namespace juesuan::ingestion
