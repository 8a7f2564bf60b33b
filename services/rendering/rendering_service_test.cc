// The rendering domain with upstreams faked (no gRPC) and a real store:
// what only ordering between concurrent calls can show.
#include "services/rendering/rendering_service.h"

#include <optional>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/resource_names.h"
#include "common/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/minimal_pdf.h"
#include "tests/support/test_support.h"

namespace juesuan::rendering {
namespace {

namespace dv1 = ::juesuan::disclosure::v1;
namespace iv1 = ::juesuan::ingestion::v1;
namespace sv1 = ::juesuan::scoring::v1;

// Ingestion and scoring in memory. Revisions of the seed's department-year
// differ in `other_matters`; the head is the last added. With
// `hold_next_revision_`, the next render's look-up of its revision (BASIC)
// waits, once it has the revision in hand, until released. A scorecard
// is there once SetScorecard is called; with `rescore_before_full_`, the
// FULL view answers a scorecard scored again since the BASIC one.
class FakeUpstreams final : public Upstreams {
 public:
  void AddRevision(const std::string& other_matters) {
    absl::MutexLock lock(&mu_);
    auto accounts = juesuan::testing::SeedAccounts();
    accounts.set_other_matters(other_matters);
    iv1::AccountsRevision r;
    r.set_revision_id(static_cast<int64_t>(revisions_.size()) + 1);
    r.set_name(RevisionName("changji-kejiju", 2023, r.revision_id()));
    r.set_state(iv1::REVISION_STATE_SUBMITTED);
    r.mutable_validation_report()->mutable_provenance()->set_accounts_sha256(
        Sha256Hex(DeterministicBytes(accounts)));
    *r.mutable_accounts() = accounts;
    revisions_.push_back(r);
  }

  absl::StatusOr<iv1::AccountsRevision> GetAccounts(const std::string& name, bool full,
                                                    absl::Time) override {
    iv1::AccountsRevision r;
    {
      absl::MutexLock lock(&mu_);
      r = revisions_.back();
      for (const auto& candidate : revisions_) {
        if (candidate.name() == name) r = candidate;
      }
    }
    if (!full) r.clear_accounts();
    if (!full && hold_next_revision_.exchange(false)) {
      held_.Notify();
      release_.WaitForNotification();
    }
    return r;
  }

  void SetScorecard(sv1::Scorecard card) {
    absl::MutexLock lock(&mu_);
    card_ = std::move(card);
  }

  absl::StatusOr<sv1::Scorecard> GetScorecard(const std::string&, const std::string&, bool full,
                                              absl::Time) override {
    absl::MutexLock lock(&mu_);
    if (!card_.has_value()) return absl::NotFoundError("no scorecard");
    sv1::Scorecard card = *card_;
    if (!full) {
      card.clear_department_wide();
      card.clear_projects();
      card.clear_findings();
    } else if (rescore_before_full_) {
      card.set_content_sha256(std::string(64, 'f'));
    }
    return card;
  }

  absl::StatusOr<sv1::ScoringProfile> GetScoringProfile(const std::string& name,
                                                        absl::Time) override {
    sv1::ScoringProfile p;
    p.set_name(name);
    return p;
  }

  std::atomic<bool> hold_next_revision_{false};
  std::atomic<bool> rescore_before_full_{false};
  absl::Notification held_;
  absl::Notification release_;

 private:
  absl::Mutex mu_;
  std::vector<iv1::AccountsRevision> revisions_ ABSL_GUARDED_BY(mu_);
  std::optional<sv1::Scorecard> card_ ABSL_GUARDED_BY(mu_);
};

class RenderingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::KvStoreOptions options;
    options.path = dir_.path();
    auto store = storage::OpenDisclosureStore(options);
    ASSERT_TRUE(store.ok()) << store.status();
    auto service = RenderingService::Create(*std::move(store), *TemplateRegistry::Embedded(),
                                            *juesuan::codes::CodeTables::Embedded(), &upstreams_,
                                            &clock_, {"test"});
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = *std::move(service);
  }

  absl::StatusOr<dv1::Disclosure> Render() {
    dv1::RenderDisclosureRequest request;
    request.set_accounts("departments/changji-kejiju/accounts/2023");
    request.set_format(dv1::FORMAT_TEXT);
    request.set_template_("templates/xinjiang-2023");
    return service_->Render(request);
  }

  juesuan::testing::TempDir dir_;
  FakeClock clock_{absl::FromUnixSeconds(1764201600)};
  FakeUpstreams upstreams_;
  std::unique_ptr<RenderingService> service_;
};

// A render of revision 1 that is slow to finish must not overwrite the kept
// rendering of revision 2 that was submitted and rendered meanwhile.
TEST_F(RenderingServiceTest, ASlowRenderOfAnOlderRevisionDoesNotReplaceANewerOne) {
  upstreams_.AddRevision("第一版。");
  upstreams_.hold_next_revision_ = true;
  absl::StatusOr<dv1::Disclosure> slow;
  std::thread first([&] { slow = Render(); });
  upstreams_.held_.WaitForNotification();  // it has revision 1 in hand
  upstreams_.AddRevision("第二版。");
  auto fast = Render();
  ASSERT_TRUE(fast.ok()) << fast.status();
  EXPECT_THAT(fast->content(), ::testing::HasSubstr("第二版。"));
  upstreams_.release_.Notify();
  first.join();
  ASSERT_TRUE(slow.ok()) << slow.status();
  EXPECT_THAT(slow->content(), ::testing::HasSubstr("第一版。"));

  dv1::GetDisclosureRequest get;
  get.set_name("departments/changji-kejiju/disclosures/2023");
  get.set_format(dv1::FORMAT_TEXT);
  get.set_template_("templates/xinjiang-2023");
  auto kept = service_->Get(get);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(kept->provenance().accounts_revision(),
            "departments/changji-kejiju/accounts/2023/revisions/2");
  EXPECT_THAT(kept->content(), ::testing::HasSubstr("第二版。"));
}

// The scores rendered are those of the scorecard the fingerprint was taken
// of: one scored again between the two reads is ABORTED, and nothing is kept.
TEST_F(RenderingServiceTest, AScorecardScoredAgainWhileRenderingIsAborted) {
  upstreams_.AddRevision("第一版。");
  sv1::Scorecard card;
  card.set_name("departments/changji-kejiju/scorecards/2023");
  card.set_profile("scoringProfiles/changji-2023");
  card.set_accounts_revision("departments/changji-kejiju/accounts/2023/revisions/1");
  card.set_content_sha256(std::string(64, 'a'));
  upstreams_.SetScorecard(card);
  upstreams_.rescore_before_full_ = true;

  auto rendered = Render();
  EXPECT_EQ(rendered.status().code(), absl::StatusCode::kAborted) << rendered.status();
  EXPECT_THAT(std::string(rendered.status().message()), ::testing::HasSubstr("retry"));
  dv1::GetDisclosureRequest get;
  get.set_name("departments/changji-kejiju/disclosures/2023");
  get.set_format(dv1::FORMAT_TEXT);
  get.set_template_("templates/xinjiang-2023");
  EXPECT_EQ(service_->Get(get).status().code(), absl::StatusCode::kNotFound);
}

// Accounts that do not match the digest ingestion stated are refused, not
// rendered.
TEST_F(RenderingServiceTest, AccountsThatDoNotMatchTheirDigestAreRefused) {
  upstreams_.AddRevision("第一版。");
  class Corrupting final : public Upstreams {
   public:
    explicit Corrupting(Upstreams* inner) : inner_(inner) {}
    absl::StatusOr<iv1::AccountsRevision> GetAccounts(const std::string& name, bool full,
                                                      absl::Time deadline) override {
      auto r = inner_->GetAccounts(name, full, deadline);
      if (r.ok() && full) r->mutable_accounts()->set_other_matters("改过。");
      return r;
    }
    absl::StatusOr<sv1::Scorecard> GetScorecard(const std::string& n, const std::string& p,
                                                bool full, absl::Time d) override {
      return inner_->GetScorecard(n, p, full, d);
    }
    absl::StatusOr<sv1::ScoringProfile> GetScoringProfile(const std::string& n,
                                                          absl::Time d) override {
      return inner_->GetScoringProfile(n, d);
    }

   private:
    Upstreams* inner_;
  } corrupting(&upstreams_);
  juesuan::testing::TempDir dir;
  storage::KvStoreOptions options;
  options.path = dir.path();
  auto service = RenderingService::Create(
      *storage::OpenDisclosureStore(options), *TemplateRegistry::Embedded(),
      *juesuan::codes::CodeTables::Embedded(), &corrupting, &clock_, {"test"});
  ASSERT_TRUE(service.ok());
  dv1::RenderDisclosureRequest request;
  request.set_accounts("departments/changji-kejiju/accounts/2023");
  request.set_format(dv1::FORMAT_TEXT);
  request.set_template_("templates/xinjiang-2023");
  EXPECT_EQ((*service)->Render(request).status().code(), absl::StatusCode::kDataLoss);
}

// AuditDisclosure: a stored revision's published text, inline accounts, and
// requests refused naming the field.
TEST_F(RenderingServiceTest, AuditsAStoredRevisionAndInlineAccounts) {
  upstreams_.AddRevision(juesuan::testing::SeedAccounts().other_matters());
  dv1::AuditDisclosureRequest request;
  request.set_template_("templates/xinjiang-2023");
  request.set_text(juesuan::testing::ReadSourceFile("tests/data/seed-changji-kejiju-2023.txt"));
  request.set_accounts("departments/changji-kejiju/accounts/2023");
  auto seed = service_->Audit(request);
  ASSERT_TRUE(seed.ok()) << seed.status();
  EXPECT_EQ(seed->findings_size(), 0) << seed->DebugString();
  EXPECT_EQ(seed->accounts_revision(), "departments/changji-kejiju/accounts/2023/revisions/1");
  EXPECT_EQ(seed->accounts_sha256(),
            Sha256Hex(DeterministicBytes(juesuan::testing::SeedAccounts())));
  EXPECT_EQ(seed->document_sha256(), Sha256Hex(request.text()));
  EXPECT_EQ(seed->template_version(), "4");

  dv1::AuditDisclosureRequest shanghai;
  shanghai.set_template_("templates/shanghai-2024");
  shanghai.set_text(juesuan::testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.txt"));
  *shanghai.mutable_inline_accounts() = juesuan::testing::ShanghaiAccounts();
  auto slips = service_->Audit(shanghai);
  ASSERT_TRUE(slips.ok()) << slips.status();
  std::vector<dv1::AuditFindingKind> kinds;
  for (const auto& f : slips->findings()) kinds.push_back(f.kind());
  EXPECT_THAT(kinds, ::testing::UnorderedElementsAre(dv1::AUDIT_FINDING_KIND_ZERO_BASE_PERCENT,
                                                     dv1::AUDIT_FINDING_KIND_ZERO_BASE_PERCENT,
                                                     dv1::AUDIT_FINDING_KIND_ZERO_BASE_PERCENT,
                                                     dv1::AUDIT_FINDING_KIND_ZERO_BASE_PERCENT,
                                                     dv1::AUDIT_FINDING_KIND_PERCENT_TRUNCATED,
                                                     dv1::AUDIT_FINDING_KIND_WRONG_BASE));
  EXPECT_TRUE(slips->accounts_revision().empty());
}

TEST_F(RenderingServiceTest, AnAuditRequestIsRefusedNamingTheField) {
  dv1::AuditDisclosureRequest request;
  request.set_template_("templates/shanghai-2024");
  request.set_text("一、收入支出决算总体情况说明");
  // No accounts at all.
  auto none = service_->Audit(request);
  EXPECT_TRUE(absl::IsInvalidArgument(none.status())) << none.status();
  EXPECT_THAT(none.status().message(), ::testing::HasSubstr("accounts"));
  // No text.
  *request.mutable_inline_accounts() = juesuan::testing::ShanghaiAccounts();
  request.clear_text();
  auto empty = service_->Audit(request);
  EXPECT_TRUE(absl::IsInvalidArgument(empty.status())) << empty.status();
  EXPECT_THAT(empty.status().message(), ::testing::HasSubstr("text"));
  // Too long a text.
  request.set_text(std::string(kMaxAuditTextBytes + 1, 'x'));
  EXPECT_TRUE(absl::IsResourceExhausted(service_->Audit(request).status()));
  // An unknown template.
  request.set_text("x");
  request.set_template_("templates/nope");
  EXPECT_TRUE(absl::IsNotFound(service_->Audit(request).status()));
  // Text that is not a disclosure: no finding, no crash.
  request.set_template_("templates/shanghai-2024");
  request.set_text(std::string("garbage\x00 12.34% 万元。", 25));
  auto garbage = service_->Audit(request);
  ASSERT_TRUE(garbage.ok()) << garbage.status();
  // Text in another encoding (部门决算 in GBK), and a PDF given as text.
  request.set_text("\xb2\xbf\xc3\xc5\xbe\xf6\xcb\xe3");
  EXPECT_THAT(service_->Audit(request).status().message(), ::testing::HasSubstr("not UTF-8"));
  request.set_text("%PDF-1.7\n");
  EXPECT_THAT(service_->Audit(request).status().message(), ::testing::HasSubstr("give it as pdf"));
}

TEST_F(RenderingServiceTest, AuditsAPublishedPdfNamingPages) {
  dv1::AuditDisclosureRequest request;
  request.set_template_("templates/shanghai-2024");
  request.set_pdf(juesuan::testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.pdf"));
  *request.mutable_inline_accounts() = juesuan::testing::ShanghaiAccounts();
  auto audit = service_->Audit(request);
  ASSERT_TRUE(audit.ok()) << audit.status();
  EXPECT_EQ(audit->document_pages(), 24);
  EXPECT_EQ(audit->document_sha256(), Sha256Hex(request.pdf()));
  ASSERT_EQ(audit->findings_size(), 6) << audit->DebugString();
  for (const dv1::AuditFinding& f : audit->findings()) {
    EXPECT_THAT(f.page(), ::testing::AnyOf(17, 18, 21)) << f.DebugString();
  }
}

TEST_F(RenderingServiceTest, AnAuditIsStoredWithItsProvenanceAndListed) {
  dv1::AuditDisclosureRequest request;
  request.set_template_("templates/shanghai-2024");
  request.set_pdf(juesuan::testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.pdf"));
  *request.mutable_inline_accounts() = juesuan::testing::ShanghaiAccounts();
  auto audit = service_->Audit(request);
  ASSERT_TRUE(audit.ok()) << audit.status();
  const std::string department = request.inline_accounts().department().name();
  EXPECT_THAT(audit->name(), ::testing::StartsWith(department + "/audits/2024-"));
  EXPECT_EQ(audit->finding_count(), 6);
  EXPECT_TRUE(audit->has_create_time());

  dv1::GetDisclosureAuditRequest get;
  get.set_name(audit->name());
  auto stored = service_->GetAudit(get);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->SerializeAsString(), audit->SerializeAsString());

  // The same document audited again is the same audit; its text is another.
  ASSERT_EQ(service_->Audit(request)->name(), audit->name());
  request.clear_pdf();
  request.set_text(juesuan::testing::ReadSourceFile("tests/data/putuo-shehuigongzuobu-2024.txt"));
  auto from_text = service_->Audit(request);
  ASSERT_TRUE(from_text.ok());
  EXPECT_NE(from_text->name(), audit->name());

  dv1::ListDisclosureAuditsRequest list;
  list.set_parent(department);
  list.set_page_size(1);
  auto page = service_->ListAudits(list);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->audits_size(), 1);
  EXPECT_EQ(page->audits(0).findings_size(), 0);
  EXPECT_EQ(page->audits(0).finding_count(), 6);
  EXPECT_EQ(page->audits(0).document_sha256().size(), 64u);
  list.set_page_token(page->next_page_token());
  auto rest = service_->ListAudits(list);
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(rest->audits_size(), 1);
  EXPECT_TRUE(rest->next_page_token().empty());
  list.set_parent("departments/someone-else");
  list.clear_page_token();
  EXPECT_EQ(service_->ListAudits(list)->audits_size(), 0);

  // Inline accounts naming no department: audited, not stored.
  request.mutable_inline_accounts()->mutable_department()->clear_name();
  auto unnamed = service_->Audit(request);
  ASSERT_TRUE(unnamed.ok());
  EXPECT_TRUE(unnamed->name().empty());
  // Names that are not an audit's, and one that was never stored.
  for (const char* bad : {"departments/x/audits/nope", "audits/2024-0123456789abcdef", ""}) {
    get.set_name(bad);
    EXPECT_TRUE(absl::IsInvalidArgument(service_->GetAudit(get).status())) << bad;
  }
  get.set_name(department + "/audits/2024-0123456789abcdef");
  EXPECT_TRUE(absl::IsNotFound(service_->GetAudit(get).status()));
  list.set_parent("nope");
  EXPECT_TRUE(absl::IsInvalidArgument(service_->ListAudits(list).status()));
}

TEST_F(RenderingServiceTest, ABadPdfIsRefusedSayingWhatIsWrong) {
  dv1::AuditDisclosureRequest request;
  request.set_template_("templates/shanghai-2024");
  *request.mutable_inline_accounts() = juesuan::testing::ShanghaiAccounts();
  struct Case {
    std::string pdf;
    absl::StatusCode code;
    const char* says;
  };
  std::string huge = "%PDF-1.7\n";
  huge.resize(50 * 1000 * 1000 + 1, ' ');
  for (const Case& c : std::vector<Case>{
           {"not a pdf at all", absl::StatusCode::kInvalidArgument, "not a PDF"},
           {"%PDF-1.7\n\x01 damaged", absl::StatusCode::kInvalidArgument, "damaged"},
           {juesuan::testing::ReadSourceFile("tests/data/pdf/encrypted.pdf"),
            absl::StatusCode::kInvalidArgument, "encrypted"},
           {juesuan::testing::MinimalPdf({}), absl::StatusCode::kInvalidArgument, "no pages"},
           {juesuan::testing::MinimalPdf({"", ""}), absl::StatusCode::kInvalidArgument,
            "no text layer"},
           {juesuan::testing::MinimalPdf(std::vector<std::string>(1000, "p")),
            absl::StatusCode::kResourceExhausted, "1000 pages"},
           {huge, absl::StatusCode::kResourceExhausted, "50000000"},
       }) {
    request.set_pdf(c.pdf);
    const absl::Status status = service_->Audit(request).status();
    EXPECT_EQ(status.code(), c.code) << status;
    EXPECT_THAT(status.message(), ::testing::HasSubstr(c.says));
    EXPECT_THAT(status.message(), ::testing::HasSubstr("pdf"));
  }
  request.set_text("both");
  EXPECT_THAT(service_->Audit(request).status().message(), ::testing::HasSubstr("give one"));
}

}  // namespace
}  // namespace juesuan::rendering
