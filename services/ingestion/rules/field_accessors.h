// Direct reads of the accounts' fields through their generated accessors,
// for the walks validation makes over every submission. A read through
// protobuf reflection looks the field's offset and has-bit up on every call
// and costs about ten times as much; validation is mostly such reads.
//
// The table is generated at build time (rules/field_accessors_gen.cc) from
// the descriptors of FinalAccounts and every type it reaches, so it cannot
// drift from the schema; field_accessors_test holds every entry equal to
// reflection.
#ifndef JUESUAN_SERVICES_INGESTION_RULES_FIELD_ACCESSORS_H_
#define JUESUAN_SERVICES_INGESTION_RULES_FIELD_ACCESSORS_H_

#include <cstdint>
#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace juesuan::ingestion {

// The reads one field has; the others are null. Each takes a message of the
// field's containing type (a compiled-in one, never a dynamic message).
struct FieldAccessor {
  using Message = google::protobuf::Message;
  // Singular fields. Enums read as their number.
  int64_t (*get_int64)(const Message&) = nullptr;
  int32_t (*get_int32)(const Message&) = nullptr;  // int32 and enum fields
  const std::string& (*get_string)(const Message&) = nullptr;
  const Message& (*get_message)(const Message&) = nullptr;
  // Fields with presence: messages, `optional` scalars, oneof members.
  bool (*has)(const Message&) = nullptr;
  // Repeated fields.
  int (*size)(const Message&) = nullptr;
  const Message& (*get_repeated_message)(const Message&, int) = nullptr;
  const std::string& (*get_repeated_string)(const Message&, int) = nullptr;
};

// The accessor of `field`, or null for a field of a type FinalAccounts does
// not reach (callers then read by reflection).
const FieldAccessor* FindFieldAccessor(const google::protobuf::FieldDescriptor* field);

// One field's reads: through its accessor when it has one, else by
// reflection (`reflection` is that of the field's containing type).
class FieldReader {
 public:
  using Message = google::protobuf::Message;
  using FieldDescriptor = google::protobuf::FieldDescriptor;

  FieldReader(const FieldDescriptor* field, const google::protobuf::Reflection* reflection)
      : field_(field), access_(FindFieldAccessor(field)), r_(reflection) {}

  const FieldDescriptor* field() const { return field_; }

  int64_t Int64(const Message& m) const {
    return access_ != nullptr ? access_->get_int64(m) : r_->GetInt64(m, field_);
  }
  // int32 and enum fields (an enum as its number).
  int32_t Int32(const Message& m) const {
    if (access_ != nullptr) return access_->get_int32(m);
    return field_->cpp_type() == FieldDescriptor::CPPTYPE_ENUM ? r_->GetEnumValue(m, field_)
                                                               : r_->GetInt32(m, field_);
  }
  const std::string& String(const Message& m, std::string* scratch) const {
    return access_ != nullptr ? access_->get_string(m) : r_->GetStringReference(m, field_, scratch);
  }
  const Message& MessageOf(const Message& m) const {
    return access_ != nullptr ? access_->get_message(m) : r_->GetMessage(m, field_);
  }
  bool Has(const Message& m) const {
    return access_ != nullptr && access_->has != nullptr ? access_->has(m)
                                                         : r_->HasField(m, field_);
  }
  int Size(const Message& m) const {
    return access_ != nullptr ? access_->size(m) : r_->FieldSize(m, field_);
  }
  const Message& Element(const Message& m, int i) const {
    return access_ != nullptr ? access_->get_repeated_message(m, i)
                              : r_->GetRepeatedMessage(m, field_, i);
  }
  const std::string& StringElement(const Message& m, int i, std::string* scratch) const {
    return access_ != nullptr ? access_->get_repeated_string(m, i)
                              : r_->GetRepeatedStringReference(m, field_, i, scratch);
  }

 private:
  const FieldDescriptor* field_;
  const FieldAccessor* access_;
  const google::protobuf::Reflection* r_;
};

}  // namespace juesuan::ingestion

#endif  // JUESUAN_SERVICES_INGESTION_RULES_FIELD_ACCESSORS_H_
