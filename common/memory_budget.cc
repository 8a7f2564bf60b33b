#include "common/memory_budget.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/error_details.h"

namespace juesuan {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;

MemoryBudget::Reservation::~Reservation() {
  if (budget_ != nullptr) budget_->Release(bytes_);
}

absl::StatusOr<MemoryBudget::Reservation> MemoryBudget::Reserve(int64_t bytes,
                                                                absl::Time deadline) {
  bytes = std::clamp<int64_t>(bytes, 0, total_);
  absl::MutexLock lock(&mu_);
  auto fits = [this, bytes]()
                  ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return in_use_ + bytes <= total_; };
  if (!mu_.AwaitWithDeadline(absl::Condition(&fits), deadline)) {
    return OverloadedError(absl::StrCat("overloaded: ", name_, " needs ", bytes >> 20,
                                        " MiB for this call and ", (total_ - in_use_) >> 20,
                                        " MiB of its ", total_ >> 20, " MiB budget are free"),
                           absl::Seconds(1), {{"memory_budget_bytes", absl::StrCat(total_)}});
  }
  in_use_ += bytes;
  return Reservation(this, bytes);
}

void MemoryBudget::Release(int64_t bytes) {
  absl::MutexLock lock(&mu_);
  in_use_ -= bytes;
}

int64_t MemoryBudget::in_use() const {
  absl::MutexLock lock(&mu_);
  return in_use_;
}

int64_t CountRepeatedElements(const Message& message) {
  int64_t count = 0;
  const auto* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->is_repeated()) {
      const int n = reflection->FieldSize(message, field);
      count += n;
      if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
      for (int i = 0; i < n; ++i) {
        count += CountRepeatedElements(reflection->GetRepeatedMessage(message, field, i));
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      count += CountRepeatedElements(reflection->GetMessage(message, field));
    }
  }
  return count;
}

}  // namespace juesuan
