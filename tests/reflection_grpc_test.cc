// Server reflection over real gRPC: the public API is described (buf curl
// and grpcurl need it), the storage-only records and the access-policy
// format, linked into every server, are not.
#include <memory>
#include <string>
#include <vector>

#include "common/json_log.h"
#include "google/protobuf/descriptor.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "services/ingestion/ingestion_server.h"
#include "tests/support/test_support.h"

namespace juesuan {
namespace {

using ::grpc::reflection::v1alpha::ServerReflection;
using ::grpc::reflection::v1alpha::ServerReflectionRequest;
using ::grpc::reflection::v1alpha::ServerReflectionResponse;
using ::juesuan::testing::TempDir;

class ReflectionGrpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetLoggingEnabled(false);
    ingestion::IngestionServerOptions options;
    options.data_dir = dir_.path();
    auto server = ingestion::IngestionServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = ServerReflection::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  // Asks the requests on one stream, as a client would; the answers.
  std::vector<ServerReflectionResponse> Ask(const std::vector<ServerReflectionRequest>& requests) {
    grpc::ClientContext context;
    auto stream = stub_->ServerReflectionInfo(&context);
    std::vector<ServerReflectionResponse> out;
    for (const auto& r : requests) {
      EXPECT_TRUE(stream->Write(r));
      ServerReflectionResponse response;
      EXPECT_TRUE(stream->Read(&response));
      out.push_back(response);
    }
    stream->WritesDone();
    EXPECT_TRUE(stream->Finish().ok());
    return out;
  }

  static ServerReflectionRequest Symbol(const std::string& name) {
    ServerReflectionRequest r;
    r.set_file_containing_symbol(name);
    return r;
  }

  TempDir dir_;
  std::unique_ptr<ingestion::IngestionServer> server_;
  std::unique_ptr<ServerReflection::Stub> stub_;
};

TEST_F(ReflectionGrpcTest, ListsTheServedServices) {
  ServerReflectionRequest list;
  list.set_list_services("*");
  const auto answers = Ask({list});
  std::vector<std::string> names;
  for (const auto& s : answers[0].list_services_response().service()) names.push_back(s.name());
  EXPECT_EQ(names, (std::vector<std::string>{"grpc.health.v1.Health",
                                             "grpc.reflection.v1alpha.ServerReflection",
                                             "juesuan.ingestion.v1.AccountIngestionService",
                                             "juesuan.admin.v1.StoreBackupService"}));
}

TEST_F(ReflectionGrpcTest, DescribesThePublicApiWithItsImports) {
  const auto answers = Ask({Symbol("juesuan.ingestion.v1.SubmitAccountsRequest")});
  std::vector<std::string> files;
  for (const std::string& bytes : answers[0].file_descriptor_response().file_descriptor_proto()) {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(file.ParseFromString(bytes));
    files.push_back(file.name());
  }
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files[0], "juesuan/ingestion/v1/ingestion_service.proto");
  EXPECT_NE(std::find(files.begin(), files.end(), "juesuan/accounts/v1/accounts.proto"),
            files.end());
}

TEST_F(ReflectionGrpcTest, StorageAndPolicySchemasAreNotServed) {
  ServerReflectionRequest by_file;
  by_file.set_file_by_filename("juesuan/storage/v1/ingestion_store.proto");
  const auto answers =
      Ask({Symbol("juesuan.storage.v1.StoredRevision"), Symbol("juesuan.config.v1.AccessPolicy"),
           Symbol("juesuan.config.v1.RuleCatalogue"), by_file});
  for (const auto& a : answers) {
    EXPECT_EQ(a.error_response().error_code(), grpc::StatusCode::NOT_FOUND)
        << a.original_request().ShortDebugString();
    EXPECT_EQ(a.file_descriptor_response().file_descriptor_proto_size(), 0);
  }
}

}  // namespace
}  // namespace juesuan
