#include "common/reflection_service.h"

#include <deque>
#include <mutex>
#include <utility>

#include "google/protobuf/descriptor.pb.h"

namespace juesuan {
namespace {

using ::google::protobuf::DescriptorPool;
using ::google::protobuf::FileDescriptor;
using ::grpc::reflection::v1alpha::ServerReflectionRequest;
using ::grpc::reflection::v1alpha::ServerReflectionResponse;

void NotFound(ServerReflectionResponse& response, const std::string& what) {
  response.mutable_error_response()->set_error_code(grpc::StatusCode::NOT_FOUND);
  response.mutable_error_response()->set_error_message(what + " is not part of this server's API");
}

// Answers the requests of one stream in order: read, answer, write, read.
class Reactor final
    : public grpc::ServerBidiReactor<ServerReflectionRequest, ServerReflectionResponse> {
 public:
  explicit Reactor(const ReflectionService* service) : service_(service) { StartRead(&request_); }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status::OK);
      return;
    }
    response_ = service_->Answer(request_);
    StartWrite(&response_);
  }
  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "write failed"));
      return;
    }
    StartRead(&request_);
  }
  void OnDone() override { delete this; }

 private:
  const ReflectionService* service_;
  ServerReflectionRequest request_;
  ServerReflectionResponse response_;
};

}  // namespace

ReflectionService::ReflectionService(const std::vector<std::string>& services)
    : services_(services) {
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  for (const std::string& name : services_) {
    if (const auto* service = pool->FindServiceByName(name); service != nullptr) {
      AddFile(service->file());
    }
  }
}

void ReflectionService::AddFile(const FileDescriptor* file) {
  if (!files_.insert(file).second) return;
  for (int i = 0; i < file->dependency_count(); ++i) AddFile(file->dependency(i));
}

grpc::ServerBidiReactor<ServerReflectionRequest, ServerReflectionResponse>*
ReflectionService::ServerReflectionInfo(grpc::CallbackServerContext* context) {
  return new Reactor(this);
}

ServerReflectionResponse ReflectionService::Answer(const ServerReflectionRequest& request) const {
  ServerReflectionResponse response;
  response.set_valid_host(request.host());
  *response.mutable_original_request() = request;
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  const FileDescriptor* file = nullptr;
  std::string asked;
  switch (request.message_request_case()) {
    case ServerReflectionRequest::kListServices:
      for (const std::string& name : services_) {
        response.mutable_list_services_response()->add_service()->set_name(name);
      }
      return response;
    case ServerReflectionRequest::kFileByFilename:
      asked = request.file_by_filename();
      file = pool->FindFileByName(asked);
      break;
    case ServerReflectionRequest::kFileContainingSymbol:
      asked = request.file_containing_symbol();
      file = pool->FindFileContainingSymbol(asked);
      break;
    default:
      // Extensions: the API defines none.
      NotFound(response, "the extension");
      return response;
  }
  if (file == nullptr || files_.count(file) == 0) {
    NotFound(response, asked);
    return response;
  }
  // The file and everything it imports (all of which are public here), the
  // file first, as gRPC's reflection answers.
  std::deque<const FileDescriptor*> pending{file};
  std::set<const FileDescriptor*> sent;
  auto* out = response.mutable_file_descriptor_response();
  while (!pending.empty()) {
    const FileDescriptor* f = pending.front();
    pending.pop_front();
    if (!sent.insert(f).second) continue;
    google::protobuf::FileDescriptorProto proto;
    f->CopyTo(&proto);
    out->add_file_descriptor_proto(proto.SerializeAsString());
    for (int i = 0; i < f->dependency_count(); ++i) pending.push_back(f->dependency(i));
  }
  return response;
}

}  // namespace juesuan
