// The gRPC face of account ingestion: raw callback handlers that parse the
// request (a malformed one is INVALID_ARGUMENT, see common/raw_unary.h),
// call AccountsService, and answer through ToGrpcStatus. Writes (submit,
// explain, publish) run on a writer pool, because they block on fsync; reads
// run on gRPC's own threads.
#ifndef JUESUAN_SERVICES_INGESTION_INGESTION_SERVICE_IMPL_H_
#define JUESUAN_SERVICES_INGESTION_INGESTION_SERVICE_IMPL_H_

#include "common/access_control.h"
#include "common/thread_pool.h"
#include "juesuan/ingestion/v1/ingestion_service.grpc.pb.h"
#include "services/ingestion/accounts_service.h"

namespace juesuan::ingestion {

// Every method of the service, registered raw.
using RawIngestionService = v1::AccountIngestionService::WithRawCallbackMethod_SubmitAccounts<
    v1::AccountIngestionService::WithRawCallbackMethod_GetAccounts<
        v1::AccountIngestionService::WithRawCallbackMethod_ListAccounts<
            v1::AccountIngestionService::WithRawCallbackMethod_ListAccountRevisions<
                v1::AccountIngestionService::WithRawCallbackMethod_ExplainFindings<
                    v1::AccountIngestionService::WithRawCallbackMethod_PublishAccounts<
                        v1::AccountIngestionService::WithRawCallbackMethod_GetDepartment<
                            v1::AccountIngestionService::WithRawCallbackMethod_ListDepartments<
                                v1::AccountIngestionService::
                                    WithRawCallbackMethod_GetValidationRule<
                                        v1::AccountIngestionService::
                                            WithRawCallbackMethod_ListValidationRules<
                                                v1::AccountIngestionService::
                                                    WithRawCallbackMethod_ImportAccounts<
                                                        v1::AccountIngestionService::
                                                            Service>>>>>>>>>>>;

class AccountIngestionServiceImpl final : public RawIngestionService {
 public:
  // `domain` and the pools are not owned and must outlive the service.
  // `writers` run durable writes; `bulk_readers` (niced) run ListAccounts,
  // whose FULL pages feed scoring jobs and must not crowd out submissions.
  // `guard` admits, authenticates and authorizes each call (not owned).
  AccountIngestionServiceImpl(AccountsService* domain, ThreadPool* writers,
                              ThreadPool* bulk_readers, CallGuard* guard = OpenCallGuard())
      : domain_(domain), writers_(writers), bulk_readers_(bulk_readers), guard_(guard) {}

  grpc::ServerUnaryReactor* ImportAccounts(grpc::CallbackServerContext* context,
                                           const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* SubmitAccounts(grpc::CallbackServerContext* context,
                                           const grpc::ByteBuffer* request,
                                           grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetAccounts(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListAccounts(grpc::CallbackServerContext* context,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListAccountRevisions(grpc::CallbackServerContext* context,
                                                 const grpc::ByteBuffer* request,
                                                 grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ExplainFindings(grpc::CallbackServerContext* context,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* PublishAccounts(grpc::CallbackServerContext* context,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetDepartment(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListDepartments(grpc::CallbackServerContext* context,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetValidationRule(grpc::CallbackServerContext* context,
                                              const grpc::ByteBuffer* request,
                                              grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListValidationRules(grpc::CallbackServerContext* context,
                                                const grpc::ByteBuffer* request,
                                                grpc::ByteBuffer* response) override;

 private:
  AccountsService* domain_;
  ThreadPool* writers_;
  ThreadPool* bulk_readers_;
  CallGuard* guard_;
};

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_INGESTION_SERVICE_IMPL_H_
