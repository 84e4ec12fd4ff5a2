// SPDX-License-Identifier: Apache-2.0
// Fuzzes every response and request type's from_json, then re-encodes what decoded: the first
// byte picks the type, the rest is JSON text. Only moi::DecodeError may escape from_json.
// First bytes 0xF0-0xFF (one input in 16) take another path: the rest, repeated
// 2^(4 + (first byte & 0x0F)) times (at most 64 KiB), becomes the JSON *text* inside the
// string-encoded array fields (files, file_types, source_volume_ids), so small inputs reach
// deep nesting there (issue 12: such a string nested 200,000 deep crashed the decoder).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "moi/error.hpp"
#include "moi/model/model.hpp"
#include "moi_internal/bounded_json.hpp"

namespace {

template <class T>
void decode_and_reencode(const moi::Json& json) {
  T value;
  try {
    from_json(json, value);
  } catch (const moi::DecodeError&) {
    return;
  }
  moi::Json encoded;
  to_json(encoded, value);
  // A second decode of what was encoded must succeed and encode to the same JSON.
  T again;
  from_json(encoded, again);
  moi::Json reencoded;
  to_json(reencoded, again);
  if (reencoded != encoded) __builtin_trap();
}

void decode_embedded_text(std::uint8_t selector, const std::uint8_t* data, std::size_t size) {
  const std::string unit(reinterpret_cast<const char*>(data), size);
  std::string text;
  // At most 64 KiB of text: 65,536 levels, far past the 256 cap (the decoder must reject them
  // in one linear scan), and small enough that every run stays fast.
  constexpr std::size_t kMaxText = 64 * 1024;
  if (unit.empty()) return;
  const std::size_t repeats =
      std::min<std::size_t>(std::size_t{1} << (4 + (selector & 0x0F)), kMaxText / unit.size());
  if (repeats == 0) return;
  text.reserve(unit.size() * repeats);
  for (std::size_t i = 0; i < repeats; ++i) text += unit;
  // Strings must be valid UTF-8 for nlohmann to hold and dump them, as they are on the wire.
  if (moi::detail::parse_json_bounded(
          moi::Json(text).dump(-1, ' ', false, moi::Json::error_handler_t::replace))
          .value.is_discarded()) {
    return;
  }
  moi::Json item = {{"id", "w1"}, {"source_volume_ids", text}};
  decode_and_reencode<moi::WorkflowListResponse>(moi::Json{{"workflows", {item}}, {"total", 1}});
  moi::Json record = {{"id", "w1"}, {"files", text}, {"file_types", text}};
  decode_and_reencode<moi::WorkflowRecord>(record);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  if (data[0] >= 0xF0) {
    decode_embedded_text(data[0], data + 1, size - 1);
    return 0;
  }
  // Parsed as the request runner does: with the depth cap (deeper input never reaches a
  // decoder).
  const moi::detail::BoundedJson parsed = moi::detail::parse_json_bounded(
      std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  if (!parsed.ok()) return 0;
  const moi::Json& json = parsed.value;
  switch (data[0] % 24) {
    case 0:
      decode_and_reencode<moi::WorkflowRecord>(json);
      break;
    case 1:
      decode_and_reencode<moi::WorkflowListResponse>(json);
      break;
    case 2:
      decode_and_reencode<moi::WorkflowDetail>(json);
      break;
    case 3:
      decode_and_reencode<moi::JobListResponse>(json);
      break;
    case 4:
      decode_and_reencode<moi::JobDetail>(json);
      break;
    case 5:
      decode_and_reencode<moi::JobFilesResponse>(json);
      break;
    case 6:
      decode_and_reencode<moi::JobStatusInfo>(json);
      break;
    case 7:
      decode_and_reencode<moi::ExportTaskListResponse>(json);
      break;
    case 8:
      decode_and_reencode<moi::ExportTaskInfo>(json);
      break;
    case 9:
      decode_and_reencode<moi::ExportFilesResponse>(json);
      break;
    case 10:
      decode_and_reencode<moi::WorkflowRequest>(json);
      break;
    case 11:
      decode_and_reencode<moi::BranchRequest>(json);
      break;
    case 12:
      decode_and_reencode<moi::CreateExportTaskRequest>(json);
      break;
    case 13:
      decode_and_reencode<moi::ListExportTasksRequest>(json);
      break;
    case 14:
      decode_and_reencode<moi::ListExportFilesRequest>(json);
      break;
    case 16:
      decode_and_reencode<moi::CatalogNodesResponse>(json);
      break;
    case 17:
      decode_and_reencode<moi::FileListResponse>(json);
      break;
    case 18:
      decode_and_reencode<moi::UploadResponse>(json);
      break;
    case 19:
      decode_and_reencode<moi::LoadTask>(json);
      break;
    case 20:
      decode_and_reencode<moi::LoadTaskFilesResponse>(json);
      break;
    case 21:
      decode_and_reencode<moi::ConnectorListResponse>(json);
      break;
    case 22:
      decode_and_reencode<moi::CreateConnectorRequest>(json);
      break;
    default:
      decode_and_reencode<moi::Timestamp>(json);
      break;
  }
  return 0;
}
