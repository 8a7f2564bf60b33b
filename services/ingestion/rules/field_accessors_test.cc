#include "services/ingestion/rules/field_accessors.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "juesuan/ingestion/v1/validation.pb.h"
#include "tests/support/test_support.h"

namespace juesuan::ingestion {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

// Every field of every type the accounts reach has its reads.
TEST(FieldAccessorsTest, EveryFieldOfTheAccountsHasItsReads) {
  std::set<const Descriptor*> seen;
  std::vector<const Descriptor*> todo = {juesuan::accounts::v1::FinalAccounts::descriptor()};
  int fields = 0;
  while (!todo.empty()) {
    const Descriptor* d = todo.back();
    todo.pop_back();
    if (!seen.insert(d).second) continue;
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      ++fields;
      const FieldAccessor* a = FindFieldAccessor(f);
      ASSERT_NE(a, nullptr) << f->full_name();
      if (f->is_repeated()) {
        EXPECT_NE(a->size, nullptr) << f->full_name();
        if (f->message_type() != nullptr) {
          EXPECT_NE(a->get_repeated_message, nullptr) << f->full_name();
        }
        if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          EXPECT_NE(a->get_repeated_string, nullptr) << f->full_name();
        }
      } else {
        EXPECT_EQ(a->has != nullptr, f->has_presence()) << f->full_name();
        const bool read = a->get_int64 != nullptr || a->get_int32 != nullptr ||
                          a->get_string != nullptr || a->get_message != nullptr;
        EXPECT_TRUE(read) << f->full_name();
      }
      if (f->message_type() != nullptr) todo.push_back(f->message_type());
    }
  }
  EXPECT_GT(fields, 150);
  // A field outside the accounts has none.
  EXPECT_EQ(FindFieldAccessor(juesuan::ingestion::v1::ValidationReport::descriptor()->field(0)),
            nullptr);
}

// Reads every field of `message` and below both ways; counts the reads.
int ExpectSameAsReflection(const Message& message) {
  const Reflection* r = message.GetReflection();
  const Descriptor* d = message.GetDescriptor();
  int reads = 0;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const FieldAccessor* a = FindFieldAccessor(f);
    if (a == nullptr) {
      ADD_FAILURE() << "no accessor for " << f->full_name();
      continue;
    }
    ++reads;
    if (f->is_repeated()) {
      const int n = r->FieldSize(message, f);
      EXPECT_EQ(a->size(message), n) << f->full_name();
      for (int k = 0; k < n; ++k) {
        if (f->message_type() != nullptr) {
          const Message& element = a->get_repeated_message(message, k);
          EXPECT_EQ(&element, &r->GetRepeatedMessage(message, f, k)) << f->full_name();
          reads += ExpectSameAsReflection(element);
        } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          EXPECT_EQ(a->get_repeated_string(message, k), r->GetRepeatedString(message, f, k));
        }
      }
      continue;
    }
    if (a->has != nullptr) {
      EXPECT_EQ(a->has(message), r->HasField(message, f)) << f->full_name();
    }
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT64:
        EXPECT_EQ(a->get_int64(message), r->GetInt64(message, f)) << f->full_name();
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        EXPECT_EQ(a->get_int32(message), r->GetInt32(message, f)) << f->full_name();
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        EXPECT_EQ(a->get_int32(message), r->GetEnumValue(message, f)) << f->full_name();
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        EXPECT_EQ(a->get_string(message), r->GetString(message, f)) << f->full_name();
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        EXPECT_EQ(&a->get_message(message), &r->GetMessage(message, f)) << f->full_name();
        if (r->HasField(message, f)) reads += ExpectSameAsReflection(a->get_message(message));
        break;
      default:
        ADD_FAILURE() << "unexpected field type: " << f->full_name();
    }
  }
  return reads;
}

TEST(FieldAccessorsTest, ReadTheSeedAsReflectionDoes) {
  const auto seed = juesuan::testing::SeedAccounts();
  EXPECT_GT(ExpectSameAsReflection(seed), 2500);  // 2,912 field reads
}

TEST(FieldAccessorsTest, ReadChangedValuesAsReflectionDoes) {
  auto accounts = juesuan::testing::SeedAccounts();
  // Values the seed does not have: a negative amount, an unknown enum value,
  // a oneof switched, an optional field cleared.
  accounts.mutable_procurement()->set_goods_fen(-5);
  accounts.set_amount_unit(static_cast<juesuan::accounts::v1::AmountUnit>(7));
  auto* target =
      accounts.mutable_performance()->mutable_projects(0)->mutable_indicators(0)->mutable_target();
  target->set_phrase("有效提升");
  accounts.mutable_department()->set_display_name("");
  EXPECT_EQ(FindFieldAccessor(accounts.GetDescriptor()->FindFieldByName("amount_unit"))
                ->get_int32(accounts),
            7);
  EXPECT_GT(ExpectSameAsReflection(accounts), 2500);
}

}  // namespace
}  // namespace juesuan::ingestion
