// The gRPC face of account ingestion: callback-API handlers that translate
// calls into AccountsService and its status back through ToGrpcStatus. Writes
// (submit, explain, publish) run on a writer pool, because they block on
// fsync; reads run on gRPC's own threads.
#ifndef JUESUAN_SERVICES_INGESTION_INGESTION_SERVICE_IMPL_H_
#define JUESUAN_SERVICES_INGESTION_INGESTION_SERVICE_IMPL_H_

#include "common/thread_pool.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"
#include "services/ingestion/accounts_service.h"

namespace juesuan::ingestion {

class AccountIngestionServiceImpl final : public v1::AccountIngestionService::CallbackService {
 public:
  // `domain` and `writers` are not owned and must outlive the service.
  AccountIngestionServiceImpl(AccountsService* domain, ThreadPool* writers)
      : domain_(domain), writers_(writers) {}

  grpc::ServerUnaryReactor* SubmitAccounts(grpc::CallbackServerContext* context,
                                           const v1::SubmitAccountsRequest* request,
                                           v1::SubmitAccountsResponse* response) override;
  grpc::ServerUnaryReactor* GetAccounts(grpc::CallbackServerContext* context,
                                        const v1::GetAccountsRequest* request,
                                        v1::AccountsRevision* response) override;
  grpc::ServerUnaryReactor* ListAccounts(grpc::CallbackServerContext* context,
                                         const v1::ListAccountsRequest* request,
                                         v1::ListAccountsResponse* response) override;
  grpc::ServerUnaryReactor* ListAccountRevisions(grpc::CallbackServerContext* context,
                                                 const v1::ListAccountRevisionsRequest* request,
                                                 v1::ListAccountRevisionsResponse* response) override;
  grpc::ServerUnaryReactor* ExplainFindings(grpc::CallbackServerContext* context,
                                            const v1::ExplainFindingsRequest* request,
                                            v1::AccountsRevision* response) override;
  grpc::ServerUnaryReactor* PublishAccounts(grpc::CallbackServerContext* context,
                                            const v1::PublishAccountsRequest* request,
                                            v1::AccountsRevision* response) override;
  grpc::ServerUnaryReactor* GetDepartment(grpc::CallbackServerContext* context,
                                          const v1::GetDepartmentRequest* request,
                                          juesuan::accounts::v1::Department* response) override;
  grpc::ServerUnaryReactor* ListDepartments(grpc::CallbackServerContext* context,
                                            const v1::ListDepartmentsRequest* request,
                                            v1::ListDepartmentsResponse* response) override;
  grpc::ServerUnaryReactor* GetValidationRule(grpc::CallbackServerContext* context,
                                              const v1::GetValidationRuleRequest* request,
                                              v1::ValidationRule* response) override;
  grpc::ServerUnaryReactor* ListValidationRules(grpc::CallbackServerContext* context,
                                                const v1::ListValidationRulesRequest* request,
                                                v1::ListValidationRulesResponse* response) override;

 private:
  AccountsService* domain_;
  ThreadPool* writers_;
};

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_INGESTION_SERVICE_IMPL_H_
