#include "tests/support/test_support.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace juesuan::testing {

std::string ReadSourceFile(const std::string& relative_path) {
  const std::string path = std::string(JUESUAN_SOURCE_DIR) + "/" + relative_path;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

namespace {

const juesuan::accounts::v1::FinalAccounts* ParseFixture(const std::string& relative_path) {
  auto* accounts = new juesuan::accounts::v1::FinalAccounts();
  const std::string json = ReadSourceFile(relative_path);
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(json, accounts, options);
  if (!status.ok()) ADD_FAILURE() << relative_path << " does not parse: " << status.ToString();
  return accounts;
}

}  // namespace

juesuan::accounts::v1::FinalAccounts SeedAccounts() {
  static const auto* const kSeed = ParseFixture("tests/data/changji-kejiju-2023.json");
  return *kSeed;
}

juesuan::accounts::v1::FinalAccounts ShanghaiAccounts() {
  static const auto* const kShanghai = ParseFixture("tests/data/putuo-shehuigongzuobu-2024.json");
  return *kShanghai;
}

juesuan::accounts::v1::FinalAccounts TownshipAccounts() {
  static const auto* const kTownship = ParseFixture("tests/data/anhui-township-project-2022.json");
  return *kTownship;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "juesuan-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

int DamageBackupFiles(const std::string& backup_dir) {
  int damaged = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(backup_dir)) {
    const std::string path = entry.path().string();
    if (!entry.is_regular_file() || path.find("/meta/") != std::string::npos) continue;
    if (entry.file_size() < 64) continue;
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(32);
    f.put('\x5a');
    ++damaged;
  }
  return damaged;
}

}  // namespace juesuan::testing
