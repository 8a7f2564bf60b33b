// Shared test helpers: the seed fixture, fresh temp directories, status
// matchers (Debian's Abseil has no status_matchers.h).
#ifndef JUESUAN_TESTS_SUPPORT_TEST_SUPPORT_H_
#define JUESUAN_TESTS_SUPPORT_TEST_SUPPORT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "juesuan/accounts/v1/accounts.pb.h"

namespace juesuan::testing {

// The seed's accounts: tests/data/changji-kejiju-2023.json, parsed.
juesuan::accounts::v1::FinalAccounts SeedAccounts();

// The second layout's fixture: a real 2024 Shanghai district disclosure,
// tests/data/putuo-shehuigongzuobu-2024.json, parsed.
juesuan::accounts::v1::FinalAccounts ShanghaiAccounts();

// A real 2022 township project self-evaluation table (the standard 财政部
// form) in otherwise minimal accounts, as printed: its 年度资金总额 row 0 /
// 0 / 0 beside 本年财政拨款 90 / 89.974 / 89.974, six actuals reading
// "达成预期指标": tests/data/anhui-township-project-2022.json, parsed.
juesuan::accounts::v1::FinalAccounts TownshipAccounts();

// Reads a file under the source tree (path relative to the repository root).
std::string ReadSourceFile(const std::string& relative_path);

// Changes a byte (at offset 32) of every file of at least 64 bytes in a
// backup folder, except the backups' own metadata (meta/): each backup is
// then damaged where its checksums tell. Returns how many files.
int DamageBackupFiles(const std::string& backup_dir);

// A fresh, empty directory, removed with everything in it when destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // A path inside the directory.
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

// Matches an absl::Status or StatusOr whose code is `code` and whose message
// matches `message_matcher`.
MATCHER_P2(StatusIs, code, message_matcher,
           std::string("has code ") + absl::StatusCodeToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code &&
         ::testing::Matches(message_matcher)(std::string(status.message()));
}

// Matches an OK absl::Status or StatusOr.
MATCHER(IsOk, "is OK") {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.ok();
}

}  // namespace juesuan::testing

#endif  // JUESUAN_TESTS_SUPPORT_TEST_SUPPORT_H_
