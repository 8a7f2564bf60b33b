#include "services/ingestion/accounts_service.h"

#include <atomic>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/civil_time.h"
#include "common/error_details.h"
#include "common/memory_budget.h"
#include "common/sha256.h"
#include "gen/scaled_accounts.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "services/ingestion/list_answer.h"
#include "tests/support/test_support.h"

namespace juesuan::ingestion {
namespace {

using ::juesuan::accounts::v1::FinalAccounts;
using ::juesuan::testing::IsOk;
using ::juesuan::testing::SeedAccounts;
using ::juesuan::testing::ShanghaiAccounts;
using ::juesuan::testing::StatusIs;
using ::juesuan::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr int64_t kWan = 1000000;
constexpr char kSeedName[] = "departments/changji-kejiju/accounts/2023";

absl::Time June2024() {
  return absl::FromCivil(absl::CivilSecond(2024, 6, 1, 8, 0, 0), absl::UTCTimeZone());
}

class AccountsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(""); }

  // (Re)starts the domain on the same directory, optionally with another catalogue.
  void Start(const std::string& catalogue_text, SchemaLimits limits = {},
             absl::Duration bulk_read_max_wait = absl::Milliseconds(50)) {
    service_.reset();
    storage::KvStoreOptions store_options;
    store_options.path = dir_.path();
    auto store = storage::OpenAccountStore(store_options);
    ASSERT_THAT(store, IsOk());
    auto catalogue = catalogue_text.empty() ? RuleEngine::EmbeddedCatalogue()
                                            : RuleEngine::ParseCatalogue(catalogue_text);
    ASSERT_THAT(catalogue, IsOk());
    auto engine = RuleEngine::Create(*catalogue, *codes::CodeTables::Embedded());
    ASSERT_THAT(engine, IsOk());
    AccountsServiceOptions options;
    options.suite_version = "test";
    options.limits = limits;
    options.bulk_read_max_wait = bulk_read_max_wait;
    auto service = AccountsService::Create(*std::move(store), *std::move(engine), &clock_, options);
    ASSERT_THAT(service, IsOk());
    service_ = *std::move(service);
  }

  absl::StatusOr<v1::SubmitAccountsResponse> Submit(const FinalAccounts& accounts,
                                                    const std::string& request_id = "",
                                                    bool validate_only = false) {
    v1::SubmitAccountsRequest request;
    *request.mutable_accounts() = accounts;
    request.set_request_id(request_id);
    request.set_validate_only(validate_only);
    return service_->Submit(request);
  }

  absl::StatusOr<v1::AccountsRevision> Get(const std::string& name) {
    v1::GetAccountsRequest request;
    request.set_name(name);
    return service_->Get(request);
  }

  // Explains the seed's one WARNING (vehicle budget cells) on `revision`.
  absl::StatusOr<v1::AccountsRevision> ExplainTheVehicleWarning(const std::string& revision) {
    v1::ExplainFindingsRequest explain;
    explain.set_name(revision);
    auto* e = explain.add_explanations();
    e->set_finding_id("CELLS-T7:three_public_expenses.vehicles.budget_fen");
    e->set_text("购置费与运行维护费预算已分别列示。");
    return service_->Explain(explain, "reviewer-1");
  }

  TempDir dir_;
  FakeClock clock_{June2024()};
  std::unique_ptr<AccountsService> service_;
};

// The fingerprint stored with every request must not change with the way it
// is computed: a retry stored by an earlier build must still be recognized.
TEST(SubmitFingerprintTest, IsTheDigestOfTheRequestWithoutItsId) {
  for (const bool validate_only : {false, true}) {
    v1::SubmitAccountsRequest request;
    *request.mutable_accounts() = SeedAccounts();
    request.set_request_id("fp-1");
    request.set_validate_only(validate_only);
    v1::SubmitAccountsRequest unkeyed = request;
    unkeyed.clear_request_id();
    EXPECT_EQ(SubmitFingerprint(request, DeterministicBytes(request.accounts())),
              Sha256(DeterministicBytes(unkeyed)))
        << "validate_only=" << validate_only;
  }
  // Every field but the ID is covered: a field added to the request must be
  // added to SubmitFingerprint (this count is a reminder).
  EXPECT_EQ(v1::SubmitAccountsRequest::descriptor()->field_count(), 3);
}

// A real document of the second layout, checked with the 2024 code table:
// stored, its one impossible set of procurement figures a warning naming
// the cells as the document prints them.
TEST_F(AccountsServiceTest, TheShanghaiDocumentIsStoredWithItsOwnSlipAsAWarning) {
  auto response = Submit(ShanghaiAccounts(), "sh-1");
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->name(), "departments/putuo-shehuigongzuobu/accounts/2024/revisions/1");
  const auto& report = response->validation_report();
  EXPECT_EQ(report.fatal_count(), 0);
  EXPECT_EQ(report.warning_count(), 1);
  ASSERT_GT(report.findings_size(), 0);
  EXPECT_EQ(report.findings(0).rule_id(), "PROC-AWARDED");
  EXPECT_THAT(
      report.findings(0).cell_labels(),
      ::testing::Contains("政府采购 在其他政府采购项目中，由中小企业供应商中标或成交的采购金额"));
  EXPECT_THAT(report.provenance().code_table_version(), HasSubstr("2024 年科目表"));
}

TEST_F(AccountsServiceTest, SubmittingTheSeedStoresRevisionOneWithItsProvenance) {
  auto response = Submit(SeedAccounts(), "req-1");
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->name(), absl::StrCat(kSeedName, "/revisions/1"));
  const auto& report = response->validation_report();
  EXPECT_EQ(report.fatal_count(), 0);
  const auto& p = report.provenance();
  EXPECT_EQ(p.accounts_revision(), response->name());
  EXPECT_EQ(p.rule_catalogue_version(), "2024.1");
  EXPECT_EQ(p.suite_version(), "test");
  EXPECT_THAT(p.content_sha256(), SizeIs(64));
  EXPECT_THAT(p.accounts_sha256(), SizeIs(64));
  EXPECT_EQ(response->create_time().seconds(), absl::ToUnixSeconds(June2024()));

  auto stored = Get(kSeedName);
  ASSERT_THAT(stored, IsOk());
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(stored->accounts(), SeedAccounts()));
  EXPECT_EQ(stored->state(), v1::REVISION_STATE_SUBMITTED);
  EXPECT_EQ(stored->revision_id(), 1);
  EXPECT_EQ(stored->request_id(), "req-1");
}

TEST_F(AccountsServiceTest, TheReportDigestCoversTheReport) {
  auto response = Submit(SeedAccounts());
  ASSERT_THAT(response, IsOk());
  v1::ValidationReport report = response->validation_report();
  const std::string claimed = report.provenance().content_sha256();
  report.mutable_provenance()->clear_content_sha256();
  EXPECT_EQ(claimed, Sha256Hex(DeterministicBytes(report)));
  // Read back, with nothing explained: the same report, the same digest.
  auto read = Get(kSeedName);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(DeterministicBytes(read->validation_report()),
            DeterministicBytes(response->validation_report()));
}

// DIGEST: what tells revisions apart, the same as BASIC says it, for the
// latest revision (read from the head) and for a named one (read from the
// revision), explanations counted in the etag.
TEST_F(AccountsServiceTest, TheDigestViewTellsRevisionsApart) {
  ASSERT_THAT(Submit(SeedAccounts()), IsOk());
  FinalAccounts changed = SeedAccounts();
  changed.set_other_matters("第二版。");
  auto second = Submit(changed);
  ASSERT_THAT(second, IsOk());
  ASSERT_THAT(ExplainTheVehicleWarning(second->name()), IsOk());

  auto read = [&](const std::string& name, v1::AccountsView view) {
    v1::GetAccountsRequest request;
    request.set_name(name);
    request.set_view(view);
    return service_->Get(request);
  };
  const std::string latest_name = kSeedName;
  const std::string first_name = latest_name + "/revisions/1";
  for (const std::string& name : {latest_name, first_name}) {
    auto basic = read(name, v1::ACCOUNTS_VIEW_BASIC);
    auto digest = read(name, v1::ACCOUNTS_VIEW_DIGEST);
    ASSERT_THAT(basic, IsOk());
    ASSERT_THAT(digest, IsOk());
    EXPECT_EQ(digest->name(), basic->name()) << name;
    EXPECT_EQ(digest->revision_id(), basic->revision_id());
    EXPECT_EQ(digest->state(), basic->state());
    EXPECT_EQ(digest->create_time().SerializeAsString(), basic->create_time().SerializeAsString());
    EXPECT_EQ(digest->etag(), basic->etag());
    EXPECT_EQ(digest->department_display_name(), basic->department_display_name());
    EXPECT_EQ(digest->region_code(), basic->region_code());
    EXPECT_EQ(digest->fiscal_year(), basic->fiscal_year());
    EXPECT_EQ(digest->validation_report().provenance().accounts_sha256(),
              basic->validation_report().provenance().accounts_sha256());
    EXPECT_EQ(digest->validation_report().provenance().accounts_sha256().size(), 64u);
    // Nothing else: no findings, no accounts, no request ID.
    EXPECT_EQ(digest->validation_report().findings_size(), 0);
    EXPECT_FALSE(digest->has_accounts());
    EXPECT_TRUE(digest->request_id().empty());
  }
  EXPECT_EQ(read(latest_name, v1::ACCOUNTS_VIEW_DIGEST)->revision_id(), 2);
  EXPECT_NE(read(latest_name, v1::ACCOUNTS_VIEW_DIGEST)
                ->validation_report()
                .provenance()
                .accounts_sha256(),
            read(first_name, v1::ACCOUNTS_VIEW_DIGEST)
                ->validation_report()
                .provenance()
                .accounts_sha256());
  EXPECT_THAT(read("departments/nobody/accounts/2023", v1::ACCOUNTS_VIEW_DIGEST),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("departments/nobody/accounts/2023")));
}

TEST_F(AccountsServiceTest, ARetryReturnsTheOriginalResponseAndStoresNothingNew) {
  auto first = Submit(SeedAccounts(), "req-1");
  ASSERT_THAT(first, IsOk());
  clock_.Advance(absl::Hours(1));
  auto again = Submit(SeedAccounts(), "req-1");
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(Get(kSeedName)->revision_id(), 1);
  // Without an ID, a new submission is a new revision.
  EXPECT_EQ(Submit(SeedAccounts())->name(), absl::StrCat(kSeedName, "/revisions/2"));
}

TEST_F(AccountsServiceTest, ARequestIdReusedForOtherAccountsIsRefused) {
  ASSERT_THAT(Submit(SeedAccounts(), "req-1"), IsOk());
  FinalAccounts other = SeedAccounts();
  other.set_other_matters("另有说明。");
  auto reused = Submit(other, "req-1");
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(GetDetail(reused.status(), &bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "request_id");
}

TEST_F(AccountsServiceTest, ValidateOnlyStoresNothing) {
  auto response = Submit(SeedAccounts(), "req-v", /*validate_only=*/true);
  ASSERT_THAT(response, IsOk());
  EXPECT_EQ(response->name(), "");
  EXPECT_EQ(response->validation_report().warning_count(), 10);
  EXPECT_THAT(Get(kSeedName), StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  // The request ID was not consumed either.
  EXPECT_EQ(Submit(SeedAccounts(), "req-v")->name(), absl::StrCat(kSeedName, "/revisions/1"));
}

TEST_F(AccountsServiceTest, BrokenIdentityIsRefusedWithRuleIdAndNothingIsStored) {
  FinalAccounts accounts = SeedAccounts();
  auto* t1 = accounts.mutable_income_expenditure_summary();
  t1->set_total_income_fen(t1->total_income_fen() + kWan);  // 收入总计 moved by 1 万元
  auto refused = Submit(accounts, "req-bad");
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("T1-IN")));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetDetail(refused.status(), &info));
  EXPECT_EQ(info.reason(), "T1-IN");
  EXPECT_EQ(info.domain(), "juesuan.ingestion.v1");
  EXPECT_EQ(info.metadata().at("rule_ids"), "T1-IN,T1-BAL");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(GetDetail(refused.status(), &bad_request));
  ASSERT_GE(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(),
            "accounts.income_expenditure_summary.total_income_fen");
  EXPECT_THAT(bad_request.field_violations(0).description(), HasSubstr("10497.80"));
  v1::ValidationReport report;
  ASSERT_TRUE(GetDetail(refused.status(), &report));
  EXPECT_EQ(report.fatal_count(), 2);

  EXPECT_THAT(Get(kSeedName), StatusIs(absl::StatusCode::kNotFound, ::testing::_));
  // The ID is free: a corrected submission with it succeeds.
  EXPECT_THAT(Submit(SeedAccounts(), "req-bad"), IsOk());
}

// Malformed input: each case is refused with INVALID_ARGUMENT naming the field.
struct MalformedCase {
  std::string name;
  std::function<void(FinalAccounts&)> mutate;
  std::string field;
};

class MalformedTest : public AccountsServiceTest,
                      public ::testing::WithParamInterface<MalformedCase> {};

TEST_P(MalformedTest, IsRefusedNamingTheField) {
  FinalAccounts accounts = SeedAccounts();
  GetParam().mutate(accounts);
  auto refused = Submit(accounts);
  ASSERT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument, ::testing::_));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(GetDetail(refused.status(), &bad_request));
  std::vector<std::string> fields;
  for (const auto& v : bad_request.field_violations()) fields.push_back(v.field());
  EXPECT_THAT(fields, ::testing::Contains(GetParam().field));
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr(GetParam().field));
  EXPECT_THAT(Get(kSeedName), StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedTest,
    ::testing::Values(
        MalformedCase{"NoDepartment", [](FinalAccounts& a) { a.clear_department(); },
                      "accounts.department"},
        MalformedCase{
            "BadDepartmentName",
            [](FinalAccounts& a) { a.mutable_department()->set_name("departments/昌吉"); },
            "accounts.department.name"},
        MalformedCase{"RegionNotSixDigits",
                      [](FinalAccounts& a) { a.mutable_department()->set_region_code("65230"); },
                      "accounts.department.region_code"},
        MalformedCase{"YearBeforeTheClassification",
                      [](FinalAccounts& a) { a.set_fiscal_year(1999); }, "accounts.fiscal_year"},
        MalformedCase{"YearAfterNextYear", [](FinalAccounts& a) { a.set_fiscal_year(2026); },
                      "accounts.fiscal_year"},
        MalformedCase{"NoAmountUnit",
                      [](FinalAccounts& a) {
                        a.set_amount_unit(juesuan::accounts::v1::AMOUNT_UNIT_UNSPECIFIED);
                      },
                      "accounts.amount_unit"},
        MalformedCase{"UnknownEnumValue",
                      [](FinalAccounts& a) {
                        a.set_amount_unit(static_cast<juesuan::accounts::v1::AmountUnit>(7));
                      },
                      "accounts.amount_unit"},
        MalformedCase{"NegativeAmount",
                      [](FinalAccounts& a) {
                        a.mutable_procurement()->set_goods_fen(int64_t{-1299} * 10000);
                      },
                      "accounts.procurement.goods_fen"},
        MalformedCase{
            "NegativeCount",
            [](FinalAccounts& a) { a.mutable_three_public_expenses()->set_reception_persons(-55); },
            "accounts.three_public_expenses.reception_persons"},
        MalformedCase{
            "WeightNotADecimal",
            [](FinalAccounts& a) {
              a.mutable_performance()->mutable_projects(0)->mutable_indicators(2)->set_weight("六");
            },
            "accounts.performance.projects[0].indicators[2].weight"},
        MalformedCase{"ScoreWithThreeDecimals",
                      [](FinalAccounts& a) {
                        a.mutable_performance()
                            ->mutable_projects(0)
                            ->mutable_indicators(1)
                            ->set_reported_score("3.275");
                      },
                      "accounts.performance.projects[0].indicators[1].reported_score"},
        MalformedCase{
            "ImpossibleDate",
            [](FinalAccounts& a) { a.mutable_state_assets()->mutable_as_of()->set_day(32); },
            "accounts.state_assets.as_of"},
        MalformedCase{"February30",
                      [](FinalAccounts& a) {
                        auto* d = a.mutable_performance()
                                      ->mutable_projects(2)
                                      ->mutable_indicators(2)
                                      ->mutable_target()
                                      ->mutable_date();
                        d->set_month(2);
                        d->set_day(30);
                      },
                      "accounts.performance.projects[2].indicators[2].target.date"},
        MalformedCase{"UnknownFields",
                      [](FinalAccounts& a) {
                        a.mutable_procurement()
                            ->GetReflection()
                            ->MutableUnknownFields(a.mutable_procurement())
                            ->AddVarint(99, 1);
                      },
                      "accounts.procurement"},
        MalformedCase{"CreditCodeMalformed",
                      [](FinalAccounts& a) { a.mutable_department()->set_credit_code("12345"); },
                      "accounts.department.credit_code"}),
    [](const ::testing::TestParamInfo<MalformedCase>& param_info) {
      return param_info.param.name;
    });

// A year without its own code table is checked against the nearest year's,
// never refused for want of one; the report says which table it used.
TEST_F(AccountsServiceTest, AYearWithoutItsOwnCodeTableIsCheckedWithTheNearestOne) {
  for (int year : {2015, 2022, 2025}) {
    FinalAccounts accounts = SeedAccounts();
    accounts.set_fiscal_year(year);  // 2025 is next year: June 2024 on the clock
    auto accepted = Submit(accounts);
    ASSERT_TRUE(accepted.ok()) << year << ": " << accepted.status();
    const auto& report = accepted->validation_report();
    EXPECT_THAT(report.provenance().code_table_version(),
                HasSubstr(absl::StrCat(year, " 年无科目表")))
        << year;
    bool said = false;
    for (const auto& f : report.findings()) said = said || f.rule_id() == "CODE-TABLE";
    EXPECT_TRUE(said) << year << ": no CODE-TABLE finding names the table used";
  }
}

// A document's cost is bounded as a whole, not only field by field: the
// largest document within the budget is accepted, one past it is refused,
// naming the budget.
TEST_F(AccountsServiceTest, ADocumentPastItsCostBudgetIsRefused) {
  const SchemaLimits limits;
  FinalAccounts within = juesuan::gen::ScaleAccounts(SeedAccounts(), 150);
  ASSERT_LE(juesuan::CountRepeatedElements(within), limits.max_total_elements);
  EXPECT_THAT(Submit(within), IsOk());
  FinalAccounts past = juesuan::gen::ScaleAccounts(SeedAccounts(), 200);
  ASSERT_GT(juesuan::CountRepeatedElements(past), limits.max_total_elements);
  auto refused = Submit(past);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cost budget")));
  google::rpc::BadRequest bad;
  ASSERT_TRUE(GetDetail(refused.status(), &bad));
  ASSERT_GT(bad.field_violations_size(), 0);
  EXPECT_EQ(bad.field_violations(0).field(), "accounts");
}

TEST_F(AccountsServiceTest, HugeAmountsAreRefusedBeforeAnySumCanOverflow) {
  FinalAccounts accounts = SeedAccounts();
  accounts.mutable_income_expenditure_summary()->set_total_income_fen(5000000000000000000);
  EXPECT_THAT(Submit(accounts),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("accounts.income_expenditure_summary.total_income_fen")));
}

TEST_F(AccountsServiceTest, ExplainingAPublishedRevisionIsRefused) {
  auto submitted = Submit(SeedAccounts());
  ASSERT_THAT(submitted, IsOk());
  v1::ExplainFindingsRequest explain;
  explain.set_name(submitted->name());
  for (const auto& f : submitted->validation_report().findings()) {
    if (f.severity() == v1::SEVERITY_WARNING && !f.has_explanation()) {
      auto* e = explain.add_explanations();
      e->set_finding_id(f.finding_id());
      e->set_text("已核实。");
    }
  }
  ASSERT_THAT(service_->Explain(explain, "reviewer-1"), IsOk());
  v1::PublishAccountsRequest publish;
  publish.set_name(submitted->name());
  ASSERT_THAT(service_->Publish(publish), IsOk());
  EXPECT_THAT(service_->Explain(explain, "reviewer-1"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("published")));
}

TEST_F(AccountsServiceTest, TheReportDigestCoversExplanationsToo) {
  auto submitted = Submit(SeedAccounts());
  ASSERT_THAT(submitted, IsOk());
  auto explained = ExplainTheVehicleWarning(submitted->name());
  ASSERT_THAT(explained, IsOk());
  v1::ValidationReport report = explained->validation_report();
  const std::string claimed = report.provenance().content_sha256();
  EXPECT_NE(claimed, submitted->validation_report().provenance().content_sha256());
  report.mutable_provenance()->clear_content_sha256();
  EXPECT_EQ(claimed, Sha256Hex(DeterministicBytes(report)));
}

TEST_F(AccountsServiceTest, PageTokensSurviveARestartAndCannotLeaveTheirRange) {
  for (int i = 0; i < 3; ++i) {
    FinalAccounts other = SeedAccounts();
    other.mutable_department()->set_name(absl::StrCat("departments/unit-", i));
    ASSERT_THAT(Submit(other), IsOk());
  }
  v1::ListAccountsRequest list;
  list.set_parent("departments/-");
  list.set_fiscal_year(2023);
  list.set_page_size(1);
  auto first = service_->List(list);
  ASSERT_THAT(first, IsOk());
  Start("");  // a new process would hash the same way
  list.set_page_token(first->next_page_token());
  auto second = service_->List(list);
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->accounts(0).name(), "departments/unit-1/accounts/2023/revisions/1");
  list.set_page_token("garbage!!");
  auto bad = service_->List(list);
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(GetDetail(bad.status(), &bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "page_token");
}

TEST_F(AccountsServiceTest, OversizedRepeatedFieldsAreRefused) {
  SchemaLimits limits;
  limits.max_repeated = 10;
  Start("", limits);
  auto refused = Submit(SeedAccounts());  // e.g. 11 indicators in the first project
  EXPECT_THAT(refused,
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("at most 10 are accepted")));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(GetDetail(refused.status(), &bad_request));
  std::vector<std::string> fields;
  for (const auto& v : bad_request.field_violations()) fields.push_back(v.field());
  EXPECT_THAT(fields, ::testing::Contains("accounts.performance.projects[0].indicators"));
  EXPECT_THAT(fields, ::testing::Contains("accounts.general_budget_basic_expenditure.rows"));
}

// Every string is held to the limit, wherever it is and however large the
// rest of the accounts: a long string deep inside, a long element of a
// repeated string, a long string in accounts no longer than the limit.
TEST_F(AccountsServiceTest, OversizedStringsAreRefusedWhereverTheyAre) {
  SchemaLimits limits;
  limits.max_string_bytes = 4000;  // the seed is ~35 KB; its longest string is shorter
  Start("", limits);
  ASSERT_GT(SeedAccounts().ByteSizeLong(), limits.max_string_bytes);

  const std::string long_text(4001, 'x');
  const std::pair<std::function<void(FinalAccounts&)>, std::string> cases[] = {
      {[&](FinalAccounts& a) {
         a.mutable_performance()->mutable_projects(1)->mutable_indicators(0)->set_basis(long_text);
       },
       "accounts.performance.projects[1].indicators[0].basis"},
      {[&](FinalAccounts& a) { a.mutable_department()->add_functions(long_text); },
       "accounts.department.functions[" +
           std::to_string(SeedAccounts().department().functions_size()) + "]"},
      {[&](FinalAccounts& a) {
         // Little else: the accounts as a whole are within a few bytes of the string.
         FinalAccounts small;
         *small.mutable_department() = a.department();
         small.set_fiscal_year(a.fiscal_year());
         small.set_amount_unit(a.amount_unit());
         small.mutable_department()->clear_functions();
         small.mutable_department()->set_display_name(long_text);
         a = small;
       },
       "accounts.department.display_name"},
  };
  for (const auto& [mutate, field] : cases) {
    FinalAccounts accounts = SeedAccounts();
    mutate(accounts);
    auto refused = Submit(accounts);
    ASSERT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("4001 bytes long")))
        << field;
    google::rpc::BadRequest bad_request;
    ASSERT_TRUE(GetDetail(refused.status(), &bad_request));
    std::vector<std::string> fields;
    for (const auto& v : bad_request.field_violations()) fields.push_back(v.field());
    EXPECT_THAT(fields, ::testing::ElementsAre(field));
  }
  // At the limit exactly, and the seed itself: accepted.
  FinalAccounts at_limit = SeedAccounts();
  at_limit.mutable_performance()->mutable_projects(1)->mutable_indicators(0)->set_basis(
      std::string(4000, 'x'));
  EXPECT_THAT(Submit(at_limit), IsOk());
}

TEST_F(AccountsServiceTest, BadRequestIdsAreRefused) {
  for (const std::string& id :
       std::vector<std::string>{"has space", std::string(129, 'x'), "中文"}) {
    EXPECT_THAT(Submit(SeedAccounts(), id),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("request_id")))
        << id;
  }
}

TEST_F(AccountsServiceTest, PublishingWaitsForEveryWarningToBeExplained) {
  auto submitted = Submit(SeedAccounts());
  ASSERT_THAT(submitted, IsOk());
  const std::string revision = submitted->name();
  v1::PublishAccountsRequest publish;
  publish.set_name(revision);
  auto refused = service_->Publish(publish);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("9 warning(s) without an explanation")));
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(GetDetail(refused.status(), &failure));
  EXPECT_EQ(failure.violations_size(), 9);
  EXPECT_EQ(failure.violations(0).type(), "UNEXPLAINED_WARNING");

  v1::ExplainFindingsRequest explain;
  explain.set_name(revision);
  explain.set_author("reviewer-1");
  for (const auto& f : submitted->validation_report().findings()) {
    if (f.severity() == v1::SEVERITY_WARNING && !f.has_explanation()) {
      auto* e = explain.add_explanations();
      e->set_finding_id(f.finding_id());
      e->set_text("附表未随文公开，以公开说明为准。");
    }
  }
  auto explained = service_->Explain(explain, "reviewer-1");
  ASSERT_THAT(explained, IsOk());
  EXPECT_EQ(explained->validation_report().unexplained_warning_count(), 0);

  auto published = service_->Publish(publish);
  ASSERT_THAT(published, IsOk());
  EXPECT_EQ(published->state(), v1::REVISION_STATE_PUBLISHED);
  EXPECT_EQ(published->publish_time().seconds(), absl::ToUnixSeconds(June2024()));
  // Publishing again is harmless; a new revision is not published by itself.
  EXPECT_THAT(service_->Publish(publish), IsOk());
  ASSERT_THAT(Submit(SeedAccounts()), IsOk());
  EXPECT_EQ(Get(revision)->state(), v1::REVISION_STATE_PUBLISHED);
  EXPECT_EQ(Get(kSeedName)->state(), v1::REVISION_STATE_SUBMITTED);
  // The explanation is kept with the revision.
  auto read = Get(revision);
  for (const auto& f : read->validation_report().findings()) {
    if (f.severity() == v1::SEVERITY_WARNING) {
      EXPECT_FALSE(f.explanation().text().empty()) << f.finding_id();
    }
  }
}

TEST_F(AccountsServiceTest, ExplanationsMustNameWarningsOfTheRevision) {
  auto submitted = Submit(SeedAccounts());
  ASSERT_THAT(submitted, IsOk());
  v1::ExplainFindingsRequest explain;
  explain.set_name(submitted->name());
  auto* e = explain.add_explanations();
  e->set_finding_id("T1-IN:income_expenditure_summary.total_income_fen");  // an INFO finding
  e->set_text("x");
  EXPECT_THAT(
      service_->Explain(explain, "reviewer-1"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("explanations[0].finding_id")));
  e->set_finding_id("NOPE:x");
  EXPECT_THAT(service_->Explain(explain, "reviewer-1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not a WARNING finding")));
  e->set_finding_id("CELLS-T7:three_public_expenses.vehicles.budget_fen");
  e->set_text("");
  EXPECT_THAT(service_->Explain(explain, "reviewer-1"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("explanations[0].text")));
  explain.set_name(kSeedName);  // not a revision
  EXPECT_THAT(
      service_->Explain(explain, "reviewer-1"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("/revisions/{revision}, got")));
}

TEST_F(AccountsServiceTest, AStaleEtagIsAborted) {
  auto submitted = Submit(SeedAccounts());
  ASSERT_THAT(submitted, IsOk());
  const std::string etag = Get(submitted->name())->etag();
  v1::ExplainFindingsRequest explain;
  explain.set_name(submitted->name());
  explain.set_etag(etag);
  auto* e = explain.add_explanations();
  e->set_finding_id("CELLS-T7:three_public_expenses.vehicles.budget_fen");
  e->set_text("购置费与运行维护费预算已分别列示。");
  ASSERT_THAT(service_->Explain(explain, "reviewer-1"), IsOk());
  // The same etag is now stale.
  EXPECT_THAT(service_->Explain(explain, "reviewer-1"),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("etag")));
  v1::PublishAccountsRequest publish;
  publish.set_name(submitted->name());
  publish.set_etag(etag);
  EXPECT_THAT(service_->Publish(publish), StatusIs(absl::StatusCode::kAborted, HasSubstr("etag")));
}

TEST_F(AccountsServiceTest, PublicationRevalidatesUnderTheCurrentCatalogue) {
  auto submitted = Submit(SeedAccounts());
  ASSERT_THAT(submitted, IsOk());
  // A stricter catalogue arrives: low execution rates become fatal.
  Start(R"(version: "strict"
    rules { id: "PERF-RATE-LOW" severity: SEVERITY_FATAL category: RULE_CATEGORY_PLAUSIBILITY
            message: "执行率低于 90%" for_each: "performance.projects"
            ratio { numerator: "funds.total.executed_fen" denominator: "funds.total.annual_budget_fen" min_percent: "90" } })");
  v1::PublishAccountsRequest publish;
  publish.set_name(submitted->name());
  auto refused = service_->Publish(publish);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("3 fatal")));
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(GetDetail(refused.status(), &failure));
  EXPECT_EQ(failure.violations(0).type(), "FATAL_FINDING");
}

TEST_F(AccountsServiceTest, ListsAndNamesAreValidated) {
  ASSERT_THAT(Submit(SeedAccounts()), IsOk());
  FinalAccounts other = SeedAccounts();
  other.mutable_department()->set_name("departments/urumqi-kejiju");
  other.mutable_department()->set_region_code("650100");
  ASSERT_THAT(Submit(other), IsOk());

  v1::ListAccountsRequest list;
  list.set_parent("departments/-");
  list.set_fiscal_year(2023);
  list.set_region_code("652300");
  auto page = service_->List(list);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->accounts_size(), 1);
  EXPECT_EQ(page->accounts(0).name(), absl::StrCat(kSeedName, "/revisions/1"));
  EXPECT_FALSE(page->accounts(0).has_accounts());  // BASIC by default
  list.set_region_code("");
  list.set_page_size(1);
  page = service_->List(list);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->accounts_size(), 1);
  EXPECT_FALSE(page->next_page_token().empty());
  list.set_page_token(page->next_page_token());
  list.set_view(v1::ACCOUNTS_VIEW_FULL);
  auto second = service_->List(list);
  ASSERT_THAT(second, IsOk());
  ASSERT_EQ(second->accounts_size(), 1);
  EXPECT_TRUE(second->accounts(0).has_accounts());
  EXPECT_TRUE(second->next_page_token().empty());

  list.set_parent("departments/x");
  EXPECT_THAT(service_->List(list),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("parent")));
  list.set_parent("departments/-");
  list.set_page_size(-1);
  EXPECT_THAT(service_->List(list),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_size")));
  for (const std::string& bad : std::vector<std::string>{
           "departments/x/accounts/20x3", "accounts/2023", "departments/Bad/accounts/2023",
           "departments/x/accounts/2023/revisions/0", "departments/x/accounts/+2023",
           "departments/x/accounts/2023/revisions/ 1", std::string(100000, '/')}) {
    EXPECT_THAT(Get(bad), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("name"))) << bad;
  }
  v1::GetDepartmentRequest department;
  department.set_name("departments/urumqi-kejiju");
  EXPECT_EQ(service_->GetDepartment(department)->region_code(), "650100");
}

// A FULL page (whose accounts are spliced in as stored) says what GetAccounts
// says of each revision, explanations and all, page after page.
// A FULL page ends before the document that would take it past its byte
// budget (no page is built that cannot be sent, or that takes the server's
// memory), and the pages together still list every document exactly once.
TEST_F(AccountsServiceTest, FullPagesStopAtTheirByteBudget) {
  const FinalAccounts big = juesuan::gen::ScaleAccounts(SeedAccounts(), 110);  // ~2.6 MB
  constexpr int kDocuments = 9;
  for (int i = 0; i < kDocuments; ++i) {
    FinalAccounts a = big;
    a.mutable_department()->set_name(absl::StrCat("departments/big-", i));
    ASSERT_THAT(Submit(a), IsOk()) << i;
  }
  v1::ListAccountsRequest list;
  list.set_parent("departments/-");
  list.set_fiscal_year(2023);
  list.set_view(v1::ACCOUNTS_VIEW_FULL);
  list.set_page_size(50);
  std::set<std::string> seen;
  int pages = 0;
  do {
    auto listed = service_->ListPage(list);
    ASSERT_THAT(listed, IsOk());
    const std::string bytes = SerializeAccountsPage(*listed);
    EXPECT_LE(bytes.size(), 17u * 1024 * 1024) << "page " << pages;
    v1::ListAccountsResponse page;
    ASSERT_TRUE(page.ParseFromString(bytes));
    ASSERT_GT(page.accounts_size(), 0);
    for (const auto& r : page.accounts()) {
      EXPECT_TRUE(r.has_accounts());
      EXPECT_TRUE(seen.insert(r.name()).second) << r.name() << " listed twice";
    }
    list.set_page_token(page.next_page_token());
    ++pages;
  } while (!list.page_token().empty());
  EXPECT_EQ(seen.size(), static_cast<size_t>(kDocuments));
  EXPECT_GE(pages, 2) << "nine 2.6 MB documents fit one 16 MiB page";
  // The revisions of one department-year likewise.
  for (int i = 0; i < 7; ++i) ASSERT_THAT(Submit(big), IsOk());
  v1::ListAccountRevisionsRequest revisions;
  revisions.set_parent(kSeedName);
  revisions.set_view(v1::ACCOUNTS_VIEW_FULL);
  auto first = service_->ListRevisions(revisions);
  ASSERT_THAT(first, IsOk());
  EXPECT_LT(first->revisions_size(), 7);
  EXPECT_FALSE(first->next_page_token().empty());
}

TEST_F(AccountsServiceTest, AFullListIsWhatGetSaysOfEachRevision) {
  for (const char* department : {"a-unit", "b-unit", "c-unit"}) {
    FinalAccounts accounts = SeedAccounts();
    accounts.mutable_department()->set_name(absl::StrCat("departments/", department));
    ASSERT_THAT(Submit(accounts), IsOk());
    accounts.set_other_matters(absl::StrCat(department, " 第二版。"));
    auto second = Submit(accounts);
    ASSERT_THAT(second, IsOk());
    if (std::string(department) == "b-unit") {
      ASSERT_THAT(ExplainTheVehicleWarning(second->name()), IsOk());
    }
  }
  v1::ListAccountsRequest list;
  list.set_parent("departments/-");
  list.set_view(v1::ACCOUNTS_VIEW_FULL);
  list.set_page_size(2);
  int seen = 0;
  do {
    auto page = service_->List(list);
    ASSERT_THAT(page, IsOk());
    for (const auto& listed : page->accounts()) {
      ++seen;
      auto got = Get(listed.name());
      ASSERT_THAT(got, IsOk());
      EXPECT_EQ(DeterministicBytes(listed), DeterministicBytes(*got)) << listed.name();
      EXPECT_TRUE(listed.has_accounts());
    }
    if (list.page_token().empty()) {
      EXPECT_EQ(page->total_size(), 3);  // on the first page
    }
    list.set_page_token(page->next_page_token());
  } while (!list.page_token().empty());
  EXPECT_EQ(seen, 3);
}

// Submissions first: a FULL page waits while a submission is in flight, but
// not past its longest wait, and not at all when told not to. A submission
// is held in flight by a clock that blocks when the submission reads it.
TEST_F(AccountsServiceTest, AFullPageWaitsWhileASubmissionIsInFlight) {
  class HoldingClock final : public Clock {
   public:
    absl::Time Now() const override {
      if (hold_.exchange(false)) {
        held_.Notify();
        release_.WaitForNotification();
      }
      return June2024();
    }
    void HoldNextRead() { hold_ = true; }
    absl::Notification& held() const { return held_; }
    void Release() { release_.Notify(); }

   private:
    mutable std::atomic<bool> hold_{false};
    mutable absl::Notification held_;
    mutable absl::Notification release_;
  };
  for (const absl::Duration max_wait :
       {absl::Seconds(60), absl::Milliseconds(50), absl::ZeroDuration()}) {
    TempDir dir;
    storage::KvStoreOptions store_options;
    store_options.path = dir.path();
    auto store = storage::OpenAccountStore(store_options);
    ASSERT_THAT(store, IsOk());
    auto engine =
        RuleEngine::Create(*RuleEngine::EmbeddedCatalogue(), *codes::CodeTables::Embedded());
    ASSERT_THAT(engine, IsOk());
    HoldingClock clock;
    AccountsServiceOptions options;
    options.bulk_read_max_wait = max_wait;
    auto created = AccountsService::Create(*std::move(store), *std::move(engine), &clock, options);
    ASSERT_THAT(created, IsOk());
    AccountsService& service = **created;
    v1::SubmitAccountsRequest first;
    *first.mutable_accounts() = SeedAccounts();
    ASSERT_THAT(service.Submit(first), IsOk());

    // A second submission, held in flight.
    clock.HoldNextRead();
    std::thread submitter([&] {
      v1::SubmitAccountsRequest second;
      *second.mutable_accounts() = SeedAccounts();
      second.mutable_accounts()->set_other_matters("第二版。");
      EXPECT_THAT(service.Submit(second), IsOk());
    });
    clock.held().WaitForNotification();

    std::atomic<bool> listed{false};
    std::thread lister([&] {
      v1::ListAccountsRequest list;
      list.set_parent("departments/-");
      list.set_view(v1::ACCOUNTS_VIEW_FULL);
      EXPECT_THAT(service.List(list), IsOk());
      listed = true;
    });
    if (max_wait == absl::Seconds(60)) {
      absl::SleepFor(absl::Milliseconds(300));
      EXPECT_FALSE(listed) << "a page was read while a submission was in flight";
      clock.Release();
      lister.join();  // after the submission ends
      EXPECT_TRUE(listed);
    } else {
      lister.join();  // while the submission is still held
      EXPECT_TRUE(listed) << max_wait;
      clock.Release();
    }
    submitter.join();
  }
}

TEST_F(AccountsServiceTest, RulesAreListedInPagesAndGotByName) {
  v1::ListValidationRulesRequest list;
  list.set_page_size(30);
  std::vector<std::string> ids;
  do {
    auto page = service_->ListRules(list);
    ASSERT_THAT(page, IsOk());
    for (const auto& r : page->validation_rules()) ids.push_back(r.rule_id());
    list.set_page_token(page->next_page_token());
  } while (!list.page_token().empty());
  EXPECT_EQ(ids.size(), service_->engine().rules().size());
  v1::GetValidationRuleRequest get;
  get.set_name("validationRules/T1-IN");
  auto rule = service_->GetRule(get);
  ASSERT_THAT(rule, IsOk());
  EXPECT_EQ(rule->severity(), v1::SEVERITY_FATAL);
  get.set_name("validationRules/NOPE");
  EXPECT_THAT(service_->GetRule(get), StatusIs(absl::StatusCode::kNotFound, ::testing::_));
}

}  // namespace
}  // namespace juesuan::ingestion
