#include "common/metrics.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"

namespace juesuan {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kIngestion[] = "juesuan.ingestion.v1.AccountIngestionService";

// go-grpc-prometheus' labels, as stock gRPC dashboards query them.
std::string Labels(const std::string& method, const std::string& type = "unary") {
  return absl::StrCat("grpc_method=\"", method, "\",grpc_service=\"", kIngestion, "\",grpc_type=\"",
                      type, "\"");
}

TEST(MetricsTest, CountsCallsByServiceMethodTypeAndCode) {
  Metrics metrics;
  metrics.CallStarted(kIngestion, "SubmitAccounts");
  metrics.CallStarted(kIngestion, "SubmitAccounts");
  metrics.CallStarted(kIngestion, "GetAccounts");
  metrics.CallStarted(kIngestion, "WatchImport", "server_stream");
  metrics.CallFinished(kIngestion, "SubmitAccounts", "unary", absl::StatusCode::kOk,
                       absl::Milliseconds(3));
  metrics.CallFinished(kIngestion, "SubmitAccounts", "unary", absl::StatusCode::kInvalidArgument,
                       absl::Milliseconds(1));
  const std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE grpc_server_handled_total counter\n"));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("grpc_server_started_total{", Labels("SubmitAccounts"),
                                           "} 2\n")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("grpc_server_handled_total{grpc_code=\"OK\",",
                                           Labels("SubmitAccounts"), "} 1\n")));
  EXPECT_THAT(text,
              HasSubstr(absl::StrCat("grpc_server_handled_total{grpc_code=\"InvalidArgument\",",
                                     Labels("SubmitAccounts"), "} 1\n")));
  // GetAccounts has not finished: in flight, and not counted as handled.
  EXPECT_THAT(text,
              HasSubstr(absl::StrCat("grpc_server_in_flight{", Labels("GetAccounts"), "} 1\n")));
  EXPECT_THAT(text,
              HasSubstr(absl::StrCat("grpc_server_in_flight{", Labels("SubmitAccounts"), "} 0\n")));
  EXPECT_THAT(text, Not(HasSubstr(absl::StrCat("grpc_server_handled_total{grpc_code=\"OK\",",
                                               Labels("GetAccounts")))));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("grpc_server_started_total{",
                                           Labels("WatchImport", "server_stream"), "} 1\n")));
}

TEST(MetricsTest, CodesAreNamedAsGrpcNamesThem) {
  EXPECT_EQ(GrpcCodeName(absl::StatusCode::kOk), "OK");
  EXPECT_EQ(GrpcCodeName(absl::StatusCode::kResourceExhausted), "ResourceExhausted");
  EXPECT_EQ(GrpcCodeName(absl::StatusCode::kDeadlineExceeded), "DeadlineExceeded");
  EXPECT_EQ(GrpcCodeName(absl::StatusCode::kNotFound), "NotFound");
}

TEST(MetricsTest, BuildInfoOnceSet) {
  Metrics metrics;
  EXPECT_THAT(metrics.Render(), Not(HasSubstr("juesuan_build_info")));
  metrics.SetBuildInfo("1.2.3");
  EXPECT_THAT(metrics.Render(), HasSubstr("juesuan_build_info{version=\"1.2.3\"} 1\n"));
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics metrics;
  for (absl::Duration latency :
       {absl::Microseconds(300), absl::Milliseconds(3), absl::Milliseconds(3), absl::Seconds(30)}) {
    metrics.CallStarted(kIngestion, "Render");
    metrics.CallFinished(kIngestion, "Render", "unary", absl::StatusCode::kOk, latency);
  }
  const std::string text = metrics.Render();
  const std::string m = Labels("Render");
  EXPECT_THAT(text, HasSubstr("# TYPE grpc_server_handling_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("grpc_server_handling_seconds_bucket{", m,
                                           ",le=\"0.0005\"} 1\n")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("grpc_server_handling_seconds_bucket{", m,
                                           ",le=\"0.001\"} 1\n")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("grpc_server_handling_seconds_bucket{", m,
                                           ",le=\"0.005\"} 3\n")));
  // 30 s is past the last bound: only +Inf holds it.
  EXPECT_THAT(
      text, HasSubstr(absl::StrCat("grpc_server_handling_seconds_bucket{", m, ",le=\"10\"} 3\n")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("grpc_server_handling_seconds_bucket{", m,
                                           ",le=\"+Inf\"} 4\n")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("grpc_server_handling_seconds_count{", m, "} 4\n")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("grpc_server_handling_seconds_sum{", m, "} 30.0063\n")));
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  EXPECT_EQ(Label("data_dir", "a\"b\\c\nd"), "data_dir=\"a\\\"b\\\\c\\nd\"");
}

TEST(MetricsTest, CollectorsAddTheirFamiliesUntilRemoved) {
  Metrics metrics;
  const int id = metrics.AddCollector([](MetricsWriter& w) {
    w.Family("juesuan_test_bytes", "gauge", "A test figure.");
    w.Sample("juesuan_test_bytes", Label("data_dir", "/d"), 1234567);
  });
  EXPECT_THAT(metrics.Render(), HasSubstr("# HELP juesuan_test_bytes A test figure.\n"
                                          "# TYPE juesuan_test_bytes gauge\n"
                                          "juesuan_test_bytes{data_dir=\"/d\"} 1234567\n"));
  metrics.RemoveCollector(id);
  EXPECT_THAT(metrics.Render(), Not(HasSubstr("juesuan_test_bytes")));
  EXPECT_THAT(metrics.Render(), HasSubstr("process_resident_memory_bytes "));
}

TEST(MetricsHttpServerTest, ServesTheTextFormatOverHttp) {
  Metrics metrics;
  metrics.CallStarted(kIngestion, "GetAccounts");
  metrics.CallFinished(kIngestion, "GetAccounts", "unary", absl::StatusCode::kNotFound,
                       absl::Milliseconds(1));
  auto server = MetricsHttpServer::Start("127.0.0.1:0", &metrics);
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->port(), 0);

  httplib::Client client("127.0.0.1", (*server)->port());
  auto response = client.Get("/metrics");
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_THAT(response->body,
              HasSubstr(absl::StrCat("grpc_server_handled_total{grpc_code=\"NotFound\",",
                                     Labels("GetAccounts"), "} 1\n")));
  EXPECT_EQ(client.Get("/nothing-here")->status, 404);

  // A taken port is an error, not a silent second listener.
  auto second = MetricsHttpServer::Start(absl::StrCat("127.0.0.1:", (*server)->port()), &metrics);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();
}

TEST(MetricsHttpServerTest, RefusesAListenAddressWithoutAPort) {
  Metrics metrics;
  auto server = MetricsHttpServer::Start("localhost", &metrics);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(server.status().message()), HasSubstr("--metrics_listen"));
}

TEST(MetricsHttpServerTest, StopsPromptlyRightAfterStarting) {
  Metrics metrics;
  for (int i = 0; i < 20; ++i) {
    auto server = MetricsHttpServer::Start("127.0.0.1:0", &metrics);
    ASSERT_TRUE(server.ok()) << server.status();
  }  // each destructor stops its server; a hang here fails the test by timeout
}

}  // namespace
}  // namespace juesuan
