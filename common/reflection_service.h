// gRPC server reflection (grpc.reflection.v1alpha, what `buf curl` and
// grpcurl speak) limited to a server's public API: the files of the services
// it serves and what they import. gRPC's own reflection plugin serves every
// file linked into the binary, which in a juesuan server includes the
// storage-only records and the access-policy format; this one answers
// NOT_FOUND for those, authenticated or not.
#ifndef JUESUAN_COMMON_REFLECTION_SERVICE_H_
#define JUESUAN_COMMON_REFLECTION_SERVICE_H_

#include <set>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace juesuan {

class ReflectionService final
    : public grpc::reflection::v1alpha::ServerReflection::CallbackService {
 public:
  // Serves `services` (full names, e.g. "grpc.health.v1.Health") and the
  // files that define them, with their imports; nothing else.
  explicit ReflectionService(const std::vector<std::string>& services);

  grpc::ServerBidiReactor<grpc::reflection::v1alpha::ServerReflectionRequest,
                          grpc::reflection::v1alpha::ServerReflectionResponse>*
  ServerReflectionInfo(grpc::CallbackServerContext* context) override;

  // The answer to one request (public for tests).
  grpc::reflection::v1alpha::ServerReflectionResponse Answer(
      const grpc::reflection::v1alpha::ServerReflectionRequest& request) const;

 private:
  void AddFile(const google::protobuf::FileDescriptor* file);

  std::vector<std::string> services_;
  std::set<const google::protobuf::FileDescriptor*> files_;  // the services' and their imports
};

}  // namespace juesuan

#endif  // JUESUAN_COMMON_REFLECTION_SERVICE_H_
