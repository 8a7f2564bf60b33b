// The gRPC face of rendering: raw callback handlers (see common/raw_unary.h)
// over RenderingService. RenderDisclosure waits on two upstream calls, renders
// and fsyncs, and AuditDisclosure renders and compares, so they run on a
// worker pool; reads run on gRPC's threads.
#ifndef JUESUAN_SERVICES_RENDERING_RENDERING_SERVICE_IMPL_H_
#define JUESUAN_SERVICES_RENDERING_RENDERING_SERVICE_IMPL_H_

#include "common/access_control.h"
#include "common/thread_pool.h"
#include "juesuan/disclosure/v1/disclosure.grpc.pb.h"
#include "services/rendering/rendering_service.h"

namespace juesuan::rendering {

namespace dv1 = ::juesuan::disclosure::v1;

// Every method of the service, registered raw.
using RawRenderingService = dv1::DisclosureRenderingService::WithRawCallbackMethod_RenderDisclosure<
    dv1::DisclosureRenderingService::WithRawCallbackMethod_GetDisclosure<
        dv1::DisclosureRenderingService::WithRawCallbackMethod_ListDisclosures<
            dv1::DisclosureRenderingService::WithRawCallbackMethod_GetTemplate<
                dv1::DisclosureRenderingService::WithRawCallbackMethod_ListTemplates<
                    dv1::DisclosureRenderingService::WithRawCallbackMethod_AuditDisclosure<
                        dv1::DisclosureRenderingService::WithRawCallbackMethod_GetDisclosureAudit<
                            dv1::DisclosureRenderingService::
                                WithRawCallbackMethod_ListDisclosureAudits<
                                    dv1::DisclosureRenderingService::Service>>>>>>>>;

class DisclosureRenderingServiceImpl final : public RawRenderingService {
 public:
  // `domain` and `workers` are not owned and must outlive the service.
  // `guard` admits, authenticates and authorizes each call (not owned).
  DisclosureRenderingServiceImpl(RenderingService* domain, ThreadPool* workers,
                                 CallGuard* guard = OpenCallGuard())
      : domain_(domain), workers_(workers), guard_(guard) {}

  grpc::ServerUnaryReactor* RenderDisclosure(grpc::CallbackServerContext* context,
                                             const grpc::ByteBuffer* request,
                                             grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetDisclosure(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListDisclosures(grpc::CallbackServerContext* context,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetTemplate(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* AuditDisclosure(grpc::CallbackServerContext* context,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetDisclosureAudit(grpc::CallbackServerContext* context,
                                               const grpc::ByteBuffer* request,
                                               grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListDisclosureAudits(grpc::CallbackServerContext* context,
                                                 const grpc::ByteBuffer* request,
                                                 grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListTemplates(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;

 private:
  RenderingService* domain_;
  ThreadPool* workers_;
  CallGuard* guard_;
};

}  // namespace juesuan::rendering

#endif  // JUESUAN_SERVICES_RENDERING_RENDERING_SERVICE_IMPL_H_
