// SPDX-License-Identifier: Apache-2.0
#include "moi/model/workflow.hpp"

#include <utility>

#include "model/codec.hpp"
#include "model/process_mode.hpp"
#include "moi/error.hpp"

namespace moi {
namespace model_codec {

template <>
struct Schema<ProcessModeConfig> {
  using T = ProcessModeConfig;
  static constexpr auto kFields = std::make_tuple(field("interval", &T::interval, kRequired),
                                                  field("offset", &T::offset, kDefaulted));
};

template <>
struct Schema<Component> {
  using T = Component;
  static constexpr auto kFields = std::make_tuple(
      field("name", &T::name), field("type", &T::type),
      field<IdText>("component_id", &T::component_id), field("intro", &T::intro),
      field("position", &T::position), field("input_keys", &T::input_keys),
      field("output_keys", &T::output_keys), field("init_parameters", &T::init_parameters));
};

template <>
struct Schema<Connection> {
  using T = Connection;
  static constexpr auto kFields =
      std::make_tuple(field("sender", &T::sender), field("receiver", &T::receiver));
};

template <>
struct Schema<WorkflowConfig> {
  using T = WorkflowConfig;
  static constexpr auto kFields =
      std::make_tuple(field("components", &T::components), field("connections", &T::connections),
                      field("edges", &T::edges), field("extra_components", &T::extra_components));
};

template <>
struct Schema<WorkflowRequest> {
  using T = WorkflowRequest;
  static constexpr auto kFields = std::make_tuple(
      field("name", &T::name, kRequired),
      field("source_volume_names", &T::source_volume_names, kRequired),
      field<IdNumeric>("source_volume_ids", &T::source_volume_ids, kRequired),
      field("file_types", &T::file_types, kRequired),
      field("process_mode", &T::process_mode, kRequired), field("priority", &T::priority),
      field<IdText>("target_volume_id", &T::target_volume_id, kRequired),
      field("target_volume_name", &T::target_volume_name),
      field("create_target_volume_name", &T::create_target_volume_name, kRequired),
      field("workflow", &T::workflow, kRequired), field("branch_name", &T::branch_name),
      field("files", &T::files), field("content", &T::content));
};

template <>
struct Schema<BranchRequest> {
  using T = BranchRequest;
  static constexpr auto kFields = std::make_tuple(field("branch_name", &T::branch_name),
                                                  field("workflow", &T::workflow, kRequired));
};

// process_mode / flow_interval / flow_offset are handled by ProcessModeHooks.
template <>
struct Schema<WorkflowRecord> {
  using T = WorkflowRecord;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("name", &T::name), field<IdText>("user_id", &T::user_id),
      field<IdText>("group_id", &T::group_id), field("creator", &T::creator),
      field("modifier", &T::modifier), field("created_at", &T::created_at),
      field("updated_at", &T::updated_at), field<IdText>("version", &T::version),
      field("priority", &T::priority), field("file_types", &T::file_types),
      field<IdText>("source_volume_ids", &T::source_volume_ids),
      field("source_volume_names", &T::source_volume_names),
      field<IdText>("target_volume_id", &T::target_volume_id),
      field("target_volume_name", &T::target_volume_name), field("files", &T::files));
};

template <>
struct Schema<WorkflowListItem> {
  using T = WorkflowListItem;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("name", &T::name), field("created_at", &T::created_at),
      field("creator", &T::creator), field("updated_at", &T::updated_at),
      field("modifier", &T::modifier), field<IdText>("source_volume_ids", &T::source_volume_ids),
      field("source_volume_names", &T::source_volume_names), field("file_types", &T::file_types),
      field<IdText>("target_volume_id", &T::target_volume_id),
      field("target_volume_name", &T::target_volume_name), field("process_mode", &T::process_mode),
      field("priority", &T::priority), field("status", &T::status),
      field<IdText>("version", &T::version), field("branch_total", &T::branch_total),
      field<IdText>("branch_id", &T::branch_id), field("branch_name", &T::branch_name),
      field("branch_status", &T::branch_status),
      field<IdText>("branch_volume_id", &T::branch_volume_id));
};

template <>
struct Schema<WorkflowListResponse> {
  using T = WorkflowListResponse;
  static constexpr auto kFields =
      std::make_tuple(field("total", &T::total), field("workflows", &T::workflows, kDefaulted));
};

template <>
struct Schema<WorkflowBranchItem> {
  using T = WorkflowBranchItem;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("branch_id", &T::branch_id), field("created_at", &T::created_at),
      field("creator", &T::creator), field("updated_at", &T::updated_at),
      field("modifier", &T::modifier), field("status", &T::status), field("workflow", &T::workflow),
      field("branch_name", &T::branch_name), field("branch_status", &T::branch_status),
      field<IdText>("branch_volume_id", &T::branch_volume_id));
};

template <>
struct Schema<WorkflowDetail> {
  using T = WorkflowDetail;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("name", &T::name),
      field<IdText>("source_volume_ids", &T::source_volume_ids),
      field("source_volume_names", &T::source_volume_names),
      field<IdText>("target_volume_id", &T::target_volume_id),
      field("target_volume_name", &T::target_volume_name), field("file_types", &T::file_types),
      field("process_mode", &T::process_mode), field("priority", &T::priority),
      field("created_at", &T::created_at), field("creator", &T::creator),
      field("updated_at", &T::updated_at), field("modifier", &T::modifier),
      field("status", &T::status), field("workflow", &T::workflow),
      field<IdText>("branch_id", &T::branch_id), field("branch_name", &T::branch_name),
      field("branch_status", &T::branch_status),
      field<IdText>("branch_volume_id", &T::branch_volume_id),
      field<IdText>("version", &T::version), field("branches", &T::branches));
};

// ---- ProcessModeHooks ------------------------------------------------------------------------

void ProcessModeHooks::decode_object_form(const Json& v, std::optional<ProcessModeConfig>& out,
                                          WireMemo& memo) {
  using Codec = Value<ProcessModeConfig, Plain>;
  try {
    if (v.is_null()) {
      memo.flags |= kProcessModeNull;
      out.reset();
      return;
    }
    Note note;
    ProcessModeConfig& pm = out.emplace();
    Codec::decode(v, pm, note);
    if (note.noncanonical) remember(memo, kProcessMode, note, v, Codec::encode(pm));
  } catch (const DecodeError& e) {
    throw e.with_prefix("process_mode");
  }
}

std::optional<ProcessModeConfig> ProcessModeHooks::decode_flow_form(WireMemo& memo) {
  const WireMemo::Form* interval = find_form(memo, kFlowInterval);
  const WireMemo::Form* offset = find_form(memo, kFlowOffset);
  bool noncanonical = false;
  std::int64_t offset_value = 0;
  if (offset != nullptr && !offset->raw.is_null()) {
    try {
      offset_value = read_int64(offset->raw, noncanonical);
    } catch (const DecodeError& e) {
      throw e.with_prefix("flow_offset");
    }
  }
  std::optional<ProcessModeConfig> pm;
  if (interval != nullptr && !interval->raw.is_null()) {
    pm.emplace();
    try {
      pm->interval = read_int64(interval->raw, noncanonical);
    } catch (const DecodeError& e) {
      throw e.with_prefix("flow_interval");
    }
    pm->offset = offset_value;
  }
  // Snapshot of the decoded value: while process_mode still encodes to it, the raw flow_*
  // values are written back.
  Json snapshot = pm ? Value<ProcessModeConfig, Plain>::encode(*pm) : Json();
  memo.forms.push_back(WireMemo::Form{kFlowSnapshot, false, Json(), std::move(snapshot)});
  return pm;
}

void ProcessModeHooks::encode_process_mode(const std::optional<ProcessModeConfig>& pm,
                                           const WireMemo& memo, Json::object_t& obj) {
  using Codec = Value<ProcessModeConfig, Plain>;
  if ((memo.flags & kFlowForm) != 0) {
    const WireMemo::Form* snapshot = find_form(memo, kFlowSnapshot);
    const Json now = pm ? Codec::encode(*pm) : Json();
    if (snapshot != nullptr && now == snapshot->decoded) {
      if (const auto* f = find_form(memo, kFlowInterval)) obj.emplace("flow_interval", f->raw);
      if (const auto* f = find_form(memo, kFlowOffset)) obj.emplace("flow_offset", f->raw);
      return;
    }
    if (pm) {
      obj.emplace("flow_interval", pm->interval);
      obj.emplace("flow_offset", pm->offset);
    }
    return;
  }
  if (pm) {
    obj.emplace("process_mode", memo.forms.empty()
                                    ? Codec::encode(*pm)
                                    : apply_form(memo, kProcessMode, Codec::encode(*pm)));
  } else if ((memo.flags & kProcessModeNull) != 0) {
    obj.emplace("process_mode", nullptr);
  }
}

}  // namespace model_codec

// ---- ProcessModeConfig helpers --------------------------------------------------------------

std::string to_string(ProcessModeKind v) {
  switch (v) {
    case ProcessModeKind::kOnce:
      return "once";
    case ProcessModeKind::kOnNewFiles:
      return "on_new_files";
    case ProcessModeKind::kPeriodic:
      return "periodic";
    case ProcessModeKind::kOther:
      return "other";
  }
  return std::to_string(static_cast<std::int32_t>(v));
}

ProcessModeConfig ProcessModeConfig::once(std::int64_t offset_minutes) {
  ProcessModeConfig pm;
  pm.interval = 0;
  pm.offset = offset_minutes;
  return pm;
}

ProcessModeConfig ProcessModeConfig::on_new_files() {
  ProcessModeConfig pm;
  pm.interval = -1;
  return pm;
}

ProcessModeConfig ProcessModeConfig::every(std::int64_t minutes, std::int64_t offset_minutes) {
  if (minutes < 1) {
    throw InvalidArgumentError("ProcessModeConfig::every: minutes must be at least 1, got " +
                               std::to_string(minutes));
  }
  ProcessModeConfig pm;
  pm.interval = minutes;
  pm.offset = offset_minutes;
  return pm;
}

ProcessModeKind ProcessModeConfig::kind() const noexcept {
  if (interval == 0) return ProcessModeKind::kOnce;
  if (interval == -1) return ProcessModeKind::kOnNewFiles;
  if (interval > 0) return ProcessModeKind::kPeriodic;
  return ProcessModeKind::kOther;
}

Connection Connection::make(std::string sender, std::string receiver) {
  Connection c;
  c.sender = std::move(sender);
  c.receiver = std::move(receiver);
  return c;
}

// ---- to_json / from_json ---------------------------------------------------------------------

using model_codec::decode_object;
using model_codec::encode_object;
using model_codec::ProcessModeHooks;

void to_json(Json& j, const ProcessModeConfig& v) { encode_object(v, j); }
void from_json(const Json& j, ProcessModeConfig& v) { decode_object(j, v); }
void to_json(Json& j, const Component& v) { encode_object(v, j); }
void from_json(const Json& j, Component& v) { decode_object(j, v); }
void to_json(Json& j, const Connection& v) { encode_object(v, j); }
void from_json(const Json& j, Connection& v) { decode_object(j, v); }
void to_json(Json& j, const WorkflowConfig& v) { encode_object(v, j); }
void from_json(const Json& j, WorkflowConfig& v) { decode_object(j, v); }
void to_json(Json& j, const WorkflowRequest& v) { encode_object(v, j); }
void from_json(const Json& j, WorkflowRequest& v) { decode_object(j, v); }
void to_json(Json& j, const BranchRequest& v) { encode_object(v, j); }
void from_json(const Json& j, BranchRequest& v) { decode_object(j, v); }
void to_json(Json& j, const WorkflowRecord& v) {
  encode_object<WorkflowRecord, ProcessModeHooks>(v, j);
}
void from_json(const Json& j, WorkflowRecord& v) {
  decode_object<WorkflowRecord, ProcessModeHooks>(j, v);
}
void to_json(Json& j, const WorkflowListItem& v) { encode_object(v, j); }
void from_json(const Json& j, WorkflowListItem& v) { decode_object(j, v); }
void to_json(Json& j, const WorkflowListResponse& v) { encode_object(v, j); }
void from_json(const Json& j, WorkflowListResponse& v) { decode_object(j, v); }
void to_json(Json& j, const WorkflowBranchItem& v) { encode_object(v, j); }
void from_json(const Json& j, WorkflowBranchItem& v) { decode_object(j, v); }
void to_json(Json& j, const WorkflowDetail& v) { encode_object(v, j); }
void from_json(const Json& j, WorkflowDetail& v) { decode_object(j, v); }

}  // namespace moi
