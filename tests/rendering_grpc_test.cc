// In-process gRPC tests of juesuan-rendering: the real rendering, scoring and
// ingestion servers on loopback ports, called through the generated stubs.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/json_log.h"
#include "common/sha256.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "juesuan/disclosure/v1/disclosure.grpc.pb.h"
#include "juesuan/scoring/v1/scoring_service.grpc.pb.h"
#include "services/ingestion/ingestion_server.h"
#include "services/rendering/rendering_server.h"
#include "services/scoring/scoring_server.h"
#include "tests/support/test_support.h"

namespace juesuan::rendering {
namespace {

namespace dv1 = ::juesuan::disclosure::v1;
namespace sv1 = ::juesuan::scoring::v1;
using ::juesuan::testing::SeedAccounts;
using ::juesuan::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSeedAccounts[] = "departments/changji-kejiju/accounts/2023";
constexpr char kSeedDisclosure[] = "departments/changji-kejiju/disclosures/2023";
constexpr char kTemplate[] = "templates/xinjiang-2023";
constexpr char kChangji[] = "scoringProfiles/changji-2023";

// The field a google.rpc.BadRequest in `status` names, or "".
std::string ViolatedField(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (any.UnpackTo(&bad_request) && bad_request.field_violations_size() > 0) {
      return bad_request.field_violations(0).field();
    }
  }
  return "";
}

class RenderingGrpcTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { SetLoggingEnabled(false); }

  void SetUp() override {
    ingestion::IngestionServerOptions ingestion_options;
    ingestion_options.data_dir = ingestion_dir_.path();
    auto ingestion = ingestion::IngestionServer::Start(ingestion_options);
    ASSERT_TRUE(ingestion.ok()) << ingestion.status();
    ingestion_ = *std::move(ingestion);
    scoring::ScoringServerOptions scoring_options;
    scoring_options.data_dir = scoring_dir_.path();
    scoring_options.ingestion_addr = ingestion_->address();
    auto scoring = scoring::ScoringServer::Start(scoring_options);
    ASSERT_TRUE(scoring.ok()) << scoring.status();
    scoring_ = *std::move(scoring);
    StartRendering(ingestion_->address(), scoring_->address());
    submitted_ = Submit(SeedAccounts());
  }

  void StartRendering(const std::string& ingestion_addr, const std::string& scoring_addr,
                      const std::string& templates_dir = "") {
    rendering_.reset();
    RenderingServerOptions options;
    options.templates_dir = templates_dir;
    options.data_dir = rendering_dir_.path();
    options.ingestion_addr = ingestion_addr;
    options.scoring_addr = scoring_addr;
    options.upstream_timeout = absl::Seconds(1);
    options.clock = &clock_;
    auto rendering = RenderingServer::Start(options);
    ASSERT_TRUE(rendering.ok()) << rendering.status();
    rendering_ = *std::move(rendering);
    channel_ = grpc::CreateChannel(rendering_->address(), grpc::InsecureChannelCredentials());
    stub_ = dv1::DisclosureRenderingService::NewStub(channel_);
  }

  ingestion::v1::SubmitAccountsResponse Submit(
      const juesuan::accounts::v1::FinalAccounts& accounts) {
    ingestion::v1::SubmitAccountsRequest request;
    *request.mutable_accounts() = accounts;
    auto response = ingestion_->domain().Submit(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : ingestion::v1::SubmitAccountsResponse();
  }

  // Explains every warning of the submission and publishes it.
  void Publish(const ingestion::v1::SubmitAccountsResponse& submitted) {
    ingestion::v1::ExplainFindingsRequest explain;
    explain.set_name(submitted.name());
    for (const auto& f : submitted.validation_report().findings()) {
      if (f.severity() == ingestion::v1::SEVERITY_WARNING && !f.has_explanation()) {
        auto* e = explain.add_explanations();
        e->set_finding_id(f.finding_id());
        e->set_text("已核实。");
      }
    }
    ASSERT_TRUE(ingestion_->domain().Explain(explain, "reviewer-1").ok());
    ingestion::v1::PublishAccountsRequest publish;
    publish.set_name(submitted.name());
    ASSERT_TRUE(ingestion_->domain().Publish(publish).ok());
  }

  sv1::Scorecard Score() {
    sv1::ScoreAccountsRequest request;
    request.set_accounts(kSeedAccounts);
    request.set_profile(kChangji);
    auto card = scoring_->domain().Score(request);
    EXPECT_TRUE(card.ok()) << card.status();
    return card.ok() ? *card : sv1::Scorecard();
  }

  grpc::Status Render(const std::string& accounts, dv1::Format format, const std::string& tmpl,
                      dv1::Disclosure* out, dv1::View view = dv1::VIEW_UNSPECIFIED) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
    dv1::RenderDisclosureRequest request;
    request.set_accounts(accounts);
    request.set_format(format);
    request.set_template_(tmpl);
    request.set_view(view);
    return stub_->RenderDisclosure(&context, request, out);
  }

  grpc::Status Get(dv1::Format format, dv1::Disclosure* out,
                   const std::string& name = kSeedDisclosure,
                   dv1::View view = dv1::VIEW_UNSPECIFIED) {
    grpc::ClientContext context;
    dv1::GetDisclosureRequest request;
    request.set_name(name);
    request.set_format(format);
    request.set_template_(kTemplate);
    request.set_view(view);
    return stub_->GetDisclosure(&context, request, out);
  }

  FakeClock clock_{absl::FromUnixSeconds(1764201600)};  // 2025-11-27
  TempDir ingestion_dir_;
  TempDir scoring_dir_;
  TempDir rendering_dir_;
  std::unique_ptr<ingestion::IngestionServer> ingestion_;
  std::unique_ptr<scoring::ScoringServer> scoring_;
  std::unique_ptr<RenderingServer> rendering_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<dv1::DisclosureRenderingService::Stub> stub_;
  ingestion::v1::SubmitAccountsResponse submitted_;
};

TEST_F(RenderingGrpcTest, TheSeedRendersWithItsProvenanceAndIsKept) {
  const sv1::Scorecard card = Score();
  dv1::Disclosure text;
  grpc::Status status = Render(kSeedAccounts, dv1::FORMAT_TEXT, kTemplate, &text);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(text.name(), kSeedDisclosure);
  EXPECT_EQ(text.content_type(), "text/plain; charset=utf-8");
  EXPECT_THAT(text.content(), HasSubstr("第一部分 单位概况"));
  EXPECT_THAT(text.content(), HasSubstr("部门总分 99.80，等级 优"));
  EXPECT_EQ(text.content_bytes(), static_cast<int64_t>(text.content().size()));
  EXPECT_FALSE(text.without_scorecard());
  const dv1::DisclosureProvenance& p = text.provenance();
  EXPECT_EQ(p.accounts_revision(), "departments/changji-kejiju/accounts/2023/revisions/1");
  EXPECT_EQ(p.accounts_sha256(), Sha256Hex(DeterministicBytes(SeedAccounts())));
  EXPECT_EQ(p.scorecard(), "departments/changji-kejiju/scorecards/2023");
  EXPECT_EQ(p.scoring_profile(), kChangji);
  EXPECT_EQ(p.scorecard_sha256(), card.content_sha256());
  EXPECT_EQ(p.template_(), kTemplate);
  EXPECT_EQ(p.template_version(), "4");
  EXPECT_EQ(p.view(), dv1::VIEW_REVIEW);  // a draft is always for review
  EXPECT_FALSE(p.suite_version().empty());
  EXPECT_EQ(p.content_sha256(), Sha256Hex(text.content()));
  // Not published yet: a draft, and the document says so at its top.
  EXPECT_FALSE(p.accounts_published());
  EXPECT_EQ(text.content().rfind("【未发布稿】本说明依据尚未发布的账目修订 "
                                 "departments/changji-kejiju/accounts/2023/revisions/1",
                                 0),
            0u);

  dv1::Disclosure html;
  ASSERT_TRUE(Render(kSeedAccounts, dv1::FORMAT_HTML, kTemplate, &html).ok());
  EXPECT_EQ(html.content_type(), "text/html; charset=utf-8");
  EXPECT_THAT(html.content(), HasSubstr("<table"));
  dv1::Disclosure markdown;
  ASSERT_TRUE(Render(kSeedAccounts, dv1::FORMAT_MARKDOWN, kTemplate, &markdown).ok());
  EXPECT_EQ(markdown.content_type(), "text/markdown; charset=utf-8");

  // Kept: Get gives it back whole, after a restart too; List without content.
  StartRendering(ingestion_->address(), scoring_->address());
  dv1::Disclosure kept;
  ASSERT_TRUE(Get(dv1::FORMAT_TEXT, &kept).ok());
  EXPECT_EQ(kept.SerializeAsString(), text.SerializeAsString());
  grpc::ClientContext context;
  dv1::ListDisclosuresRequest list;
  list.set_parent("departments/changji-kejiju");
  dv1::ListDisclosuresResponse listed;
  ASSERT_TRUE(stub_->ListDisclosures(&context, list, &listed).ok());
  ASSERT_EQ(listed.disclosures_size(), 3);
  for (const auto& d : listed.disclosures()) {
    EXPECT_EQ(d.content(), "");
    EXPECT_GT(d.content_bytes(), 10000);
    EXPECT_EQ(d.provenance().accounts_revision(), p.accounts_revision());
  }
}

TEST_F(RenderingGrpcTest, UnchangedInputsReturnTheKeptDocumentAndChangesRenderAgain) {
  Score();
  dv1::Disclosure first;
  ASSERT_TRUE(Render(kSeedAccounts, dv1::FORMAT_TEXT, kTemplate, &first).ok());
  // Nothing changed, not even the scorecard's digest when scored again: the
  // kept document comes back (its creation time tells).
  clock_.Advance(absl::Hours(1));
  Score();
  dv1::Disclosure again;
  ASSERT_TRUE(Render(kSeedAccounts, dv1::FORMAT_TEXT, kTemplate, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());

  // A new revision: rendered again; the scorecard scored revision 1, so the
  // document shows no scores and says why.
  auto accounts = SeedAccounts();
  accounts.set_other_matters("本年度无其他需说明的事项。");
  Submit(accounts);
  clock_.Advance(absl::Hours(1));
  dv1::Disclosure second;
  ASSERT_TRUE(Render(kSeedAccounts, dv1::FORMAT_TEXT, kTemplate, &second).ok());
  EXPECT_NE(second.create_time().seconds(), first.create_time().seconds());
  EXPECT_EQ(second.provenance().accounts_revision(),
            "departments/changji-kejiju/accounts/2023/revisions/2");
  EXPECT_TRUE(second.without_scorecard());
  EXPECT_EQ(second.provenance().scorecard(), "");
  EXPECT_THAT(second.content(), HasSubstr("本年度无其他需说明的事项。"));
  EXPECT_THAT(second.content(),
              HasSubstr("现有评分卡所评为 departments/changji-kejiju/accounts/2023/revisions/1"));

  // Scored again: the scores are back.
  Score();
  dv1::Disclosure scored;
  ASSERT_TRUE(Render(kSeedAccounts, dv1::FORMAT_TEXT, kTemplate, &scored).ok());
  EXPECT_FALSE(scored.without_scorecard());
  EXPECT_THAT(scored.content(), HasSubstr("部门总分 99.80"));

  // A past revision renders on demand but is not kept: the kept document
  // follows the latest revision.
  dv1::Disclosure past;
  ASSERT_TRUE(
      Render(absl::StrCat(kSeedAccounts, "/revisions/1"), dv1::FORMAT_TEXT, kTemplate, &past).ok());
  EXPECT_EQ(past.provenance().accounts_revision(),
            "departments/changji-kejiju/accounts/2023/revisions/1");
  EXPECT_THAT(past.content(), Not(HasSubstr("本年度无其他需说明的事项。")));
  dv1::Disclosure kept;
  ASSERT_TRUE(Get(dv1::FORMAT_TEXT, &kept).ok());
  EXPECT_EQ(kept.SerializeAsString(), scored.SerializeAsString());
}

// Publication changes the document (no draft banner): rendered again.
TEST_F(RenderingGrpcTest, PublishingTheRevisionRendersItAsTheDisclosure) {
  Score();
  dv1::Disclosure draft;
  ASSERT_TRUE(Render(kSeedAccounts, dv1::FORMAT_HTML, kTemplate, &draft).ok());
  EXPECT_THAT(draft.content(), HasSubstr("【未发布稿】"));
  Publish(submitted_);
  clock_.Advance(absl::Hours(1));
  dv1::Disclosure published;
  ASSERT_TRUE(Render(kSeedAccounts, dv1::FORMAT_HTML, kTemplate, &published).ok());
  EXPECT_TRUE(published.provenance().accounts_published());
  EXPECT_THAT(published.content(), Not(HasSubstr("【未发布稿】")));
  EXPECT_GT(published.create_time().seconds(), draft.create_time().seconds());
}

// The published view is the department's text: no score review, no
// internal names in it (they stay in the response and the HTML's
// metadata). The review view has them, and is rendered each time, not kept.
TEST_F(RenderingGrpcTest, ThePublishedViewIsTheDepartmentsTextAndTheReviewIsAsked) {
  Score();
  Publish(submitted_);
  dv1::Disclosure published;
  ASSERT_TRUE(Render(kSeedAccounts, dv1::FORMAT_HTML, kTemplate, &published).ok());
  EXPECT_EQ(published.provenance().view(), dv1::VIEW_PUBLISHED);
  const std::string& html = published.content();
  EXPECT_THAT(html, Not(HasSubstr("评分复核")));
  EXPECT_THAT(html, Not(HasSubstr("复核得分")));
  EXPECT_THAT(html, Not(HasSubstr("juesuan " + published.provenance().suite_version())));
  EXPECT_THAT(html, Not(HasSubstr("本说明由 juesuan")));
  // The metadata keeps where it came from.
  EXPECT_THAT(html, HasSubstr("<meta name=\"juesuan:accounts-revision\" "
                              "content=\"departments/changji-kejiju/accounts/2023/revisions/1\">"));
  EXPECT_THAT(html, HasSubstr("<meta name=\"juesuan:view\" content=\"published\">"));
  EXPECT_EQ(published.provenance().accounts_revision(),
            "departments/changji-kejiju/accounts/2023/revisions/1");

  dv1::Disclosure review;
  ASSERT_TRUE(Render(kSeedAccounts, dv1::FORMAT_HTML, kTemplate, &review, dv1::VIEW_REVIEW).ok());
  EXPECT_EQ(review.provenance().view(), dv1::VIEW_REVIEW);
  EXPECT_THAT(review.content(), HasSubstr("评分复核"));
  EXPECT_THAT(review.content(), HasSubstr("复核得分"));
  EXPECT_THAT(review.content(), HasSubstr("本说明由 juesuan"));
  // The kept document is still the published one; the review is not kept.
  dv1::Disclosure kept;
  ASSERT_TRUE(Get(dv1::FORMAT_HTML, &kept).ok());
  EXPECT_EQ(kept.provenance().view(), dv1::VIEW_PUBLISHED);
  EXPECT_EQ(kept.content(), html);
  EXPECT_EQ(Get(dv1::FORMAT_HTML, &kept, kSeedDisclosure, dv1::VIEW_REVIEW).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // An unknown view names the field.
  grpc::Status bad =
      Render(kSeedAccounts, dv1::FORMAT_HTML, kTemplate, &review, static_cast<dv1::View>(7));
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("view"));
}

// A template whose profile scoring does not know is the template's fault:
// FAILED_PRECONDITION, not a document "not scored yet".
TEST_F(RenderingGrpcTest, AProfileScoringDoesNotKnowIsAFailedPrecondition) {
  TempDir templates;
  const std::string dir = templates.Sub("xinjiang-2023");
  std::filesystem::create_directories(dir);
  for (const char* f : {"text.mustache", "markdown.mustache", "html.mustache"}) {
    std::ofstream(dir + "/" + f) << juesuan::testing::ReadSourceFile(
        std::string("data/templates/xinjiang-2023/") + f);
  }
  std::string info =
      juesuan::testing::ReadSourceFile("data/templates/xinjiang-2023/template.textproto");
  const std::string from = "scoringProfiles/changji-2023";
  info.replace(info.find(from), from.size(), "scoringProfiles/changji-2031");
  std::ofstream(dir + "/template.textproto") << info;
  StartRendering(ingestion_->address(), scoring_->address(), templates.path());
  dv1::Disclosure out;
  const grpc::Status status = Render(kSeedAccounts, dv1::FORMAT_TEXT, kTemplate, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("scoringProfiles/changji-2031"));
  EXPECT_EQ(Get(dv1::FORMAT_TEXT, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(RenderingGrpcTest, WithoutAScorecardTheDocumentSaysSo) {
  dv1::Disclosure unscored;
  ASSERT_TRUE(Render(kSeedAccounts, dv1::FORMAT_HTML, kTemplate, &unscored).ok());
  EXPECT_TRUE(unscored.without_scorecard());
  EXPECT_THAT(unscored.content(), HasSubstr("未附评分复核"));
  EXPECT_THAT(unscored.content(),
              HasSubstr("尚无该年度按 scoringProfiles/changji-2023 评出的评分卡"));
  EXPECT_THAT(unscored.content(), Not(HasSubstr("复核得分")));
  Score();
  dv1::Disclosure scored;
  ASSERT_TRUE(Render(kSeedAccounts, dv1::FORMAT_HTML, kTemplate, &scored).ok());
  EXPECT_FALSE(scored.without_scorecard());
  EXPECT_THAT(scored.content(), HasSubstr("复核得分"));
}

// A revision without self-evaluation tables has nothing to score: the
// document says 未提交绩效自评表, not that a review is missing and not a
// total of nothing.
TEST_F(RenderingGrpcTest, NothingToScoreIsSaidAsSuch) {
  juesuan::accounts::v1::FinalAccounts accounts = SeedAccounts();
  accounts.clear_performance();
  Submit(accounts);
  const sv1::Scorecard card = Score();
  ASSERT_EQ(card.state(), sv1::SCORECARD_STATE_NOTHING_TO_SCORE);
  for (const dv1::Format format : {dv1::FORMAT_TEXT, dv1::FORMAT_MARKDOWN, dv1::FORMAT_HTML}) {
    dv1::Disclosure out;
    ASSERT_TRUE(Render(kSeedAccounts, format, kTemplate, &out).ok()) << dv1::Format_Name(format);
    EXPECT_FALSE(out.without_scorecard()) << dv1::Format_Name(format);
    EXPECT_THAT(out.content(), HasSubstr("未提交绩效自评表")) << dv1::Format_Name(format);
    EXPECT_THAT(out.content(), Not(HasSubstr("未附评分复核"))) << dv1::Format_Name(format);
    EXPECT_THAT(out.content(), Not(HasSubstr("部门总分"))) << dv1::Format_Name(format);
  }
}

TEST_F(RenderingGrpcTest, BadRequestsAreRefusedNamingTheField) {
  dv1::Disclosure out;
  grpc::Status status = Render(kSeedAccounts, dv1::FORMAT_TEXT, "templates/nope", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(),
              HasSubstr("known: templates/shanghai-2024, templates/xinjiang-2023"));
  status = Render(kSeedAccounts, dv1::FORMAT_TEXT, "xinjiang-2023", &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "template");
  status = Render(kSeedAccounts, dv1::FORMAT_TEXT, "", &out);
  EXPECT_EQ(ViolatedField(status), "template");
  status = Render(kSeedAccounts, dv1::FORMAT_UNSPECIFIED, kTemplate, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "format");
  status = Render(kSeedAccounts, static_cast<dv1::Format>(7), kTemplate, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "format");
  status = Render("departments/Bad/accounts/2023", dv1::FORMAT_TEXT, kTemplate, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "accounts");
  status = Render("departments/nobody/accounts/2023", dv1::FORMAT_TEXT, kTemplate, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("departments/nobody/accounts/2023"));
  // Nothing was kept by any of them.
  EXPECT_EQ(Get(dv1::FORMAT_TEXT, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  status = Get(dv1::FORMAT_UNSPECIFIED, &out);
  EXPECT_EQ(ViolatedField(status), "format");
  EXPECT_EQ(ViolatedField(Get(dv1::FORMAT_TEXT, &out, "departments/x/scorecards/2023")), "name");

  grpc::ClientContext context;
  dv1::ListDisclosuresRequest list;
  list.set_parent("departments");
  dv1::ListDisclosuresResponse listed;
  status = stub_->ListDisclosures(&context, list, &listed);
  EXPECT_EQ(ViolatedField(status), "parent");

  // Bytes that are no RenderDisclosureRequest.
  grpc::GenericStub generic(channel_);
  grpc::ClientContext raw_context;
  const std::string junk = "\xff\xff\xff\xff";
  grpc::Slice slice(junk);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  absl::Notification done;
  grpc::Status raw_status;
  generic.UnaryCall(&raw_context,
                    "/juesuan.disclosure.v1.DisclosureRenderingService/RenderDisclosure",
                    grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
                      raw_status = std::move(s);
                      done.Notify();
                    });
  done.WaitForNotification();
  EXPECT_EQ(raw_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(raw_status.error_message(),
              HasSubstr("juesuan.disclosure.v1.RenderDisclosureRequest"));
}

TEST_F(RenderingGrpcTest, TemplatesAreListed) {
  grpc::ClientContext context;
  dv1::ListTemplatesResponse listed;
  ASSERT_TRUE(stub_->ListTemplates(&context, dv1::ListTemplatesRequest(), &listed).ok());
  ASSERT_EQ(listed.templates_size(), 2);
  const dv1::Template& shanghai = listed.templates(0);
  EXPECT_EQ(shanghai.name(), "templates/shanghai-2024");
  EXPECT_EQ(shanghai.scoring_profile(), "scoringProfiles/central-2020");
  EXPECT_TRUE(shanghai.wording().unchanged_as_flat());
  EXPECT_TRUE(shanghai.wording().omit_zero_items());
  EXPECT_FALSE(shanghai.wording().rise_from_zero_as_hundred_percent());
  const dv1::Template& t = listed.templates(1);
  EXPECT_EQ(t.name(), kTemplate);
  EXPECT_EQ(t.version(), "4");
  EXPECT_EQ(t.scoring_profile(), kChangji);
  EXPECT_EQ(t.formats_size(), 4);  // text, Markdown, HTML, the spreadsheet
  EXPECT_FALSE(t.wording().unchanged_as_flat());
  EXPECT_TRUE(t.wording().rise_from_zero_as_hundred_percent());
  grpc::ClientContext get_context;
  dv1::GetTemplateRequest get;
  get.set_name("templates/xinjiang-2024");
  dv1::Template out;
  EXPECT_EQ(stub_->GetTemplate(&get_context, get, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(RenderingGrpcTest, AnUpstreamDownIsUnavailableNamingIt) {
  Score();
  scoring_->Shutdown(absl::ZeroDuration());
  dv1::Disclosure out;
  grpc::Status status = Render(kSeedAccounts, dv1::FORMAT_TEXT, kTemplate, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("juesuan-scoring at"));
  ingestion_->Shutdown(absl::ZeroDuration());
  status = Render(kSeedAccounts, dv1::FORMAT_TEXT, kTemplate, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("juesuan-ingestion at"));
  // Nothing half-done was kept.
  EXPECT_EQ(Get(dv1::FORMAT_TEXT, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

// An upstream that takes connections and never answers: the call ends as
// UNAVAILABLE at the upstream timeout (1 s here), well before the caller's
// own 20-second deadline would turn it into DEADLINE_EXCEEDED.
TEST_F(RenderingGrpcTest, AnUpstreamThatHangsIsUnavailableWithinTheTimeout) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(fd, 16), 0);  // the kernel completes handshakes; nobody speaks
  socklen_t len = sizeof(addr);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  StartRendering(absl::StrCat("127.0.0.1:", ntohs(addr.sin_port)), scoring_->address());
  dv1::Disclosure out;
  const grpc::Status status = Render(kSeedAccounts, dv1::FORMAT_TEXT, kTemplate, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("juesuan-ingestion at 127.0.0.1:"));

  // When the caller's deadline (300 ms) is shorter than the upstream
  // timeout (1 s), it is the caller's deadline that passed.
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Milliseconds(300)));
  dv1::RenderDisclosureRequest request;
  request.set_accounts(kSeedAccounts);
  request.set_format(dv1::FORMAT_TEXT);
  request.set_template_(kTemplate);
  EXPECT_EQ(stub_->RenderDisclosure(&context, request, &out).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  close(fd);
}

}  // namespace
}  // namespace juesuan::rendering
