#include "storage/wire_filter.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"

namespace juesuan::storage {

using ::google::protobuf::internal::WireFormatLite;

absl::StatusOr<std::string> FilterFields(absl::string_view bytes, const WireFilter& filter) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  google::protobuf::io::CodedInputStream in(data, static_cast<int>(bytes.size()));
  std::string out;
  out.reserve(bytes.size() / 8);
  auto broken = [] { return absl::DataLossError("stored value is not a well-formed message"); };
  while (true) {
    const int start = in.CurrentPosition();
    const uint32_t tag = in.ReadTag();
    if (tag == 0) break;
    const int number = static_cast<int>(WireFormatLite::GetTagFieldNumber(tag));
    const bool keep = filter.keep_only.has_value() ? filter.keep_only->count(number) > 0
                                                   : filter.drop.count(number) == 0;
    auto nested = filter.nested.find(number);
    if (keep && nested != filter.nested.end() &&
        WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      uint32_t length = 0;
      if (!in.ReadVarint32(&length)) return broken();
      const int content = in.CurrentPosition();
      if (length > bytes.size() - static_cast<size_t>(content)) return broken();
      auto inner = FilterFields(bytes.substr(content, length), nested->second);
      if (!inner.ok()) return inner.status();
      if (!in.Skip(static_cast<int>(length))) return broken();
      google::protobuf::io::StringOutputStream raw(&out);
      google::protobuf::io::CodedOutputStream coded(&raw);
      coded.WriteTag(tag);
      coded.WriteVarint32(static_cast<uint32_t>(inner->size()));
      coded.WriteRaw(inner->data(), static_cast<int>(inner->size()));
      continue;
    }
    if (!WireFormatLite::SkipField(&in, tag)) return broken();
    if (keep) out.append(bytes.data() + start, static_cast<size_t>(in.CurrentPosition() - start));
  }
  if (!in.ConsumedEntireMessage()) return broken();
  return out;
}

absl::StatusOr<std::string> FieldPayload(absl::string_view bytes, int number) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  google::protobuf::io::CodedInputStream in(data, static_cast<int>(bytes.size()));
  std::string out;
  auto broken = [] { return absl::DataLossError("stored value is not a well-formed message"); };
  while (true) {
    const uint32_t tag = in.ReadTag();
    if (tag == 0) break;
    if (static_cast<int>(WireFormatLite::GetTagFieldNumber(tag)) == number &&
        WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      uint32_t length = 0;
      if (!in.ReadVarint32(&length)) return broken();
      const int content = in.CurrentPosition();
      if (length > bytes.size() - static_cast<size_t>(content)) return broken();
      out.append(bytes.data() + content, length);
      if (!in.Skip(static_cast<int>(length))) return broken();
      continue;
    }
    if (!WireFormatLite::SkipField(&in, tag)) return broken();
  }
  if (!in.ConsumedEntireMessage()) return broken();
  return out;
}

void AppendLengthDelimited(int number, absl::string_view payload, std::string* out) {
  google::protobuf::io::StringOutputStream raw(out);
  google::protobuf::io::CodedOutputStream coded(&raw);
  coded.WriteTag(WireFormatLite::MakeTag(number, WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
  coded.WriteVarint32(static_cast<uint32_t>(payload.size()));
  coded.WriteRaw(payload.data(), static_cast<int>(payload.size()));
}

size_t LengthDelimitedSize(int number, size_t payload_size) {
  return WireFormatLite::TagSize(number, WireFormatLite::TYPE_BYTES) +
         WireFormatLite::LengthDelimitedSize(payload_size);
}

}  // namespace juesuan::storage
