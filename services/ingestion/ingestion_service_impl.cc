#include "services/ingestion/ingestion_service_impl.h"

#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "common/grpc_status.h"
#include "common/json_log.h"

namespace juesuan::ingestion {
namespace {

// One log line per call: method, request ID, department, code, latency.
// Never the payload.
void LogCall(const char* method, absl::Time start, const absl::Status& status,
             absl::string_view request_id, absl::string_view subject) {
  LogLine line(status.ok() || status.code() == absl::StatusCode::kNotFound ? "info" : "warning",
               "rpc");
  line.Add("method", method).Add("code", absl::StatusCodeToString(status.code()));
  if (!request_id.empty()) line.Add("request_id", request_id);
  if (!subject.empty()) line.Add("resource", subject);
  line.Add("latency_ms", absl::ToDoubleMilliseconds(absl::Now() - start));
  if (!status.ok()) line.Add("error", status.message().substr(0, 300));
  line.Emit();
}

// Runs `fn` (returning absl::StatusOr<T>) now and finishes the call.
template <typename T, typename Fn>
grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const char* method,
                                absl::string_view subject, T* response, Fn fn) {
  const absl::Time start = absl::Now();
  auto* reactor = context->DefaultReactor();
  absl::StatusOr<T> result = fn();
  if (result.ok()) *response = *std::move(result);
  LogCall(method, start, result.status(), "", subject);
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

// Runs `fn` on the writer pool and finishes the call from there.
template <typename T, typename Fn>
grpc::ServerUnaryReactor* ServeOnPool(ThreadPool* pool, grpc::CallbackServerContext* context,
                                      const char* method, std::string request_id,
                                      std::string subject, T* response, Fn fn) {
  const absl::Time start = absl::Now();
  auto* reactor = context->DefaultReactor();
  pool->Schedule([=, request_id = std::move(request_id), subject = std::move(subject),
                  fn = std::move(fn)]() mutable {
    // A call cancelled or out of time while queued is not started: its
    // client has stopped waiting, so nothing must be written for it.
    absl::StatusOr<T> result =
        context->IsCancelled() ? absl::StatusOr<T>(absl::CancelledError("cancelled before start"))
                               : fn();
    if (result.ok()) *response = *std::move(result);
    LogCall(method, start, result.status(), request_id, subject);
    reactor->Finish(ToGrpcStatus(result.status()));
  });
  return reactor;
}

}  // namespace

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::SubmitAccounts(
    grpc::CallbackServerContext* context, const v1::SubmitAccountsRequest* request,
    v1::SubmitAccountsResponse* response) {
  return ServeOnPool(writers_, context, "SubmitAccounts", request->request_id(),
                     request->accounts().department().name(), response,
                     [this, request] { return domain_->Submit(*request); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::GetAccounts(
    grpc::CallbackServerContext* context, const v1::GetAccountsRequest* request,
    v1::AccountsRevision* response) {
  return Serve(context, "GetAccounts", request->name(), response,
               [this, request] { return domain_->Get(*request); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::ListAccounts(
    grpc::CallbackServerContext* context, const v1::ListAccountsRequest* request,
    v1::ListAccountsResponse* response) {
  return Serve(context, "ListAccounts", request->parent(), response,
               [this, request] { return domain_->List(*request); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::ListAccountRevisions(
    grpc::CallbackServerContext* context, const v1::ListAccountRevisionsRequest* request,
    v1::ListAccountRevisionsResponse* response) {
  return Serve(context, "ListAccountRevisions", request->parent(), response,
               [this, request] { return domain_->ListRevisions(*request); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::ExplainFindings(
    grpc::CallbackServerContext* context, const v1::ExplainFindingsRequest* request,
    v1::AccountsRevision* response) {
  return ServeOnPool(writers_, context, "ExplainFindings", "", request->name(), response,
                     [this, request] { return domain_->Explain(*request); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::PublishAccounts(
    grpc::CallbackServerContext* context, const v1::PublishAccountsRequest* request,
    v1::AccountsRevision* response) {
  return ServeOnPool(writers_, context, "PublishAccounts", "", request->name(), response,
                     [this, request] { return domain_->Publish(*request); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::GetDepartment(
    grpc::CallbackServerContext* context, const v1::GetDepartmentRequest* request,
    juesuan::accounts::v1::Department* response) {
  return Serve(context, "GetDepartment", request->name(), response,
               [this, request] { return domain_->GetDepartment(*request); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::ListDepartments(
    grpc::CallbackServerContext* context, const v1::ListDepartmentsRequest* request,
    v1::ListDepartmentsResponse* response) {
  return Serve(context, "ListDepartments", request->region_code(), response,
               [this, request] { return domain_->ListDepartments(*request); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::GetValidationRule(
    grpc::CallbackServerContext* context, const v1::GetValidationRuleRequest* request,
    v1::ValidationRule* response) {
  return Serve(context, "GetValidationRule", request->name(), response,
               [this, request] { return domain_->GetRule(*request); });
}

grpc::ServerUnaryReactor* AccountIngestionServiceImpl::ListValidationRules(
    grpc::CallbackServerContext* context, const v1::ListValidationRulesRequest* request,
    v1::ListValidationRulesResponse* response) {
  return Serve(context, "ListValidationRules", "", response,
               [this, request] { return domain_->ListRules(*request); });
}

}  // namespace juesuan::ingestion
