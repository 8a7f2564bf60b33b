// A caller picks a folder under the server's --backup_dir, never a place of
// its own: anything that leaves the root is refused, naming the field.
#include "admin/backup_service.h"
#include "gtest/gtest.h"

namespace juesuan::admin {
namespace {

TEST(BackupDirectory, StaysUnderTheServersRoot) {
  EXPECT_EQ(BackupDirectory("/backup", "").value_or(""), "/backup");
  EXPECT_EQ(BackupDirectory("/backup/", "").value_or(""), "/backup/");
  EXPECT_EQ(BackupDirectory("/backup", "nightly").value_or(""), "/backup/nightly");
  EXPECT_EQ(BackupDirectory("/backup", "/backup/before-upgrade").value_or(""),
            "/backup/before-upgrade");
  EXPECT_EQ(BackupDirectory("/backup", "a/../b").value_or(""), "/backup/b");
  for (const char* outside : {"../etc", "/etc", "/backup/../etc", "/backupx", "a/../../x"}) {
    const auto refused = BackupDirectory("/backup", outside);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << outside;
    EXPECT_NE(refused.status().message().find("directory"), absl::string_view::npos) << outside;
  }
  EXPECT_EQ(BackupDirectory("", "x").status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace juesuan::admin
