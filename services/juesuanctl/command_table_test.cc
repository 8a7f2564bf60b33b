// The command table is what help prints and what a command line is checked
// against: every entry must be whole, its flags real, its example runnable
// as written (it names the command); errors under --output=json must be
// JSON a script can read.
#include <set>
#include <string>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "common/error_details.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/juesuanctl/command.h"
#include "services/juesuanctl/flags.h"
#include "services/juesuanctl/help.h"
#include "services/juesuanctl/json_output.h"

namespace juesuan::ctl {
namespace {

TEST(CommandTable, EveryEntryIsWholeAndNamedOnce) {
  std::set<std::string> names;
  for (const Command& c : AllCommands()) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(names.insert(c.name).second) << "named twice";
    EXPECT_NE(std::string(c.summary), "");
    EXPECT_EQ(std::string(c.example).rfind(std::string("juesuanctl ") + c.name, 0), 0u)
        << c.example;
    EXPECT_NE(c.run, nullptr);
    for (const char* arg : c.required) {
      EXPECT_NE(std::string(c.synopsis).find(arg), std::string::npos) << arg;
    }
    for (const char* flag : c.flags) {
      EXPECT_NE(absl::FindCommandLineFlag(flag), nullptr) << "--" << flag << " is no flag";
    }
  }
  EXPECT_GE(names.size(), 27u);
  EXPECT_EQ(FindCommand("nope"), nullptr);
  ASSERT_NE(FindCommand("score-all"), nullptr);
  EXPECT_STREQ(FindCommand("score-all")->group, "scoring");
}

TEST(Help, ListsEveryCommandAndEachCommandsFlags) {
  const std::string help = HelpText();
  for (const Command& c : AllCommands()) {
    EXPECT_NE(help.find(std::string("  ") + c.name + " "), std::string::npos) << c.name;
  }
  EXPECT_NE(help.find("--ingestion_addr=127.0.0.1:50051"), std::string::npos);
  const std::string submit = CommandHelp(*FindCommand("submit"));
  EXPECT_NE(submit.find("juesuanctl submit FILE.json [flags]"), std::string::npos) << submit;
  EXPECT_NE(submit.find("--request_id"), std::string::npos) << submit;
  EXPECT_NE(submit.find("--validate_only=false"), std::string::npos) << submit;
  EXPECT_NE(submit.find("Example:\n  juesuanctl submit "), std::string::npos) << submit;
  EXPECT_EQ(submit.find("--profile"), std::string::npos) << submit;
}

TEST(FlagsNotRead, NamesAFlagSetForAnotherCommand) {
  EXPECT_EQ(FlagsNotRead(*FindCommand("render")), "");
  absl::SetFlag(&FLAGS_profile, "shanghai-2024");
  EXPECT_EQ(FlagsNotRead(*FindCommand("render")), "--profile");
  EXPECT_EQ(FlagsNotRead(*FindCommand("score")), "");
  absl::SetFlag(&FLAGS_profile, "changji-2023");
}

google::protobuf::Struct Parse(const std::string& json) {
  google::protobuf::Struct parsed;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok()) << json;
  return parsed;
}

TEST(ErrorToJson, CarriesCodeNameMessageAndDetails) {
  absl::Status status = InvalidArgumentWithViolations(
      "accounts do not add up", {{"accounts.total_income_fen", "收入总计 ≠ 各项之和"}});
  AttachErrorInfo(status, "T1-IN", "juesuan.ingestion", {});
  const google::protobuf::Struct json = Parse(ErrorToJson(status));
  const auto& error = json.fields().at("error").struct_value().fields();
  EXPECT_EQ(error.at("code").number_value(), 3);
  EXPECT_EQ(error.at("status").string_value(), "INVALID_ARGUMENT");
  EXPECT_EQ(error.at("message").string_value(), "accounts do not add up");
  const auto& details = error.at("details").list_value().values();
  ASSERT_EQ(details.size(), 2);
  std::set<std::string> types;
  for (const auto& d : details) types.insert(d.struct_value().fields().at("@type").string_value());
  EXPECT_EQ(types, (std::set<std::string>{"type.googleapis.com/google.rpc.BadRequest",
                                          "type.googleapis.com/google.rpc.ErrorInfo"}));
  EXPECT_NE(ErrorToJson(status).find("收入总计 ≠ 各项之和"), std::string::npos);
}

TEST(ErrorToJson, LeavesOutADetailOfAnUnknownTypeNotTheError) {
  absl::Status status = absl::NotFoundError("departments/x/accounts/2023 not found");
  status.SetPayload("type.googleapis.com/some.unknown.Detail", absl::Cord("\x08\x01"));
  const google::protobuf::Struct json = Parse(ErrorToJson(status));
  const auto& error = json.fields().at("error").struct_value().fields();
  EXPECT_EQ(error.at("status").string_value(), "NOT_FOUND");
  EXPECT_EQ(error.count("details"), 0u);
}

}  // namespace
}  // namespace juesuan::ctl
