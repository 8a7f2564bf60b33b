#include "services/scoring/ingestion_client.h"

#include "absl/strings/str_cat.h"
#include "common/grpc_status.h"
#include <algorithm>

#include "grpc/grpc.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/support/channel_arguments.h"
#include "grpcpp/security/credentials.h"

namespace juesuan::scoring {

namespace ingestion_v1 = ::juesuan::ingestion::v1;

namespace {

std::shared_ptr<grpc::Channel> Channel(const std::string& address) {
  grpc::ChannelArguments args;
  // Ingestion accepts accounts up to its own request limit; their FULL view
  // must come back whole.
  args.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  // After ingestion restarts, reconnect within seconds, not gRPC's default
  // of up to two minutes of backoff.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

}  // namespace

IngestionClient::IngestionClient(const std::string& address, absl::Duration timeout)
    : address_(address),
      timeout_(timeout),
      stub_(ingestion_v1::AccountIngestionService::NewStub(Channel(address))) {}

absl::Time IngestionClient::Deadline(absl::Time caller) const {
  return std::min(caller, absl::Now() + timeout_);
}

absl::Status IngestionClient::Translate(const grpc::Status& status, absl::string_view method) const {
  absl::Status out = FromGrpcStatus(status);
  if (out.ok()) return out;
  // Say which upstream failed: the caller of scoring cannot see it. An
  // upstream that does not answer in time is unavailable to our caller.
  if (absl::IsUnavailable(out) || absl::IsDeadlineExceeded(out)) {
    return absl::UnavailableError(absl::StrCat("juesuan-ingestion at ", address_, " ", method,
                                               ": ", out.message()));
  }
  return out;
}

absl::StatusOr<ingestion_v1::AccountsRevision> IngestionClient::GetAccounts(const std::string& name,
                                                                           absl::Time deadline) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(Deadline(deadline)));
  ingestion_v1::GetAccountsRequest request;
  request.set_name(name);
  request.set_view(ingestion_v1::ACCOUNTS_VIEW_FULL);
  ingestion_v1::AccountsRevision response;
  const grpc::Status status = stub_->GetAccounts(&context, request, &response);
  if (!status.ok()) return Translate(status, "GetAccounts");
  return response;
}

absl::StatusOr<ingestion_v1::ListAccountsResponse> IngestionClient::ListAccounts(
    int32_t fiscal_year, const std::string& region_code, int page_size,
    const std::string& page_token) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout_));
  ingestion_v1::ListAccountsRequest request;
  request.set_parent("departments/-");
  request.set_fiscal_year(fiscal_year);
  request.set_region_code(region_code);
  request.set_page_size(page_size);
  request.set_page_token(page_token);
  request.set_view(ingestion_v1::ACCOUNTS_VIEW_BASIC);
  ingestion_v1::ListAccountsResponse response;
  const grpc::Status status = stub_->ListAccounts(&context, request, &response);
  if (!status.ok()) return Translate(status, "ListAccounts");
  return response;
}

}  // namespace juesuan::scoring
