// SPDX-License-Identifier: Apache-2.0
// Fuzzes every response and request type's from_json, then re-encodes what decoded: the first
// byte picks the type, the rest is JSON text. Only moi::DecodeError may escape from_json.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "moi/error.hpp"
#include "moi/model/model.hpp"

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const moi::Json json = moi::Json::parse(data + 1, data + size, nullptr, false);
  if (json.is_discarded()) return 0;
  switch (data[0] % 16) {
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
    default:
      decode_and_reencode<moi::Timestamp>(json);
      break;
  }
  return 0;
}
