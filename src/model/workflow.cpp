// SPDX-License-Identifier: Apache-2.0
#include "moi/model/workflow.hpp"

#include <utility>

#include "model/codec.hpp"
#include "model/process_mode.hpp"
#include "model/schema.hpp"
#include "moi/error.hpp"

namespace moi {
namespace model_codec {

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
  return ProcessModeConfig{0, offset_minutes};
}

ProcessModeConfig ProcessModeConfig::on_new_files() { return ProcessModeConfig{-1, 0}; }

ProcessModeConfig ProcessModeConfig::every(std::int64_t minutes, std::int64_t offset_minutes) {
  if (minutes < 1) {
    throw InvalidArgumentError("ProcessModeConfig::every: minutes must be at least 1, got " +
                               std::to_string(minutes));
  }
  return ProcessModeConfig{minutes, offset_minutes};
}

ProcessModeKind ProcessModeConfig::kind() const noexcept {
  if (interval == 0) return ProcessModeKind::kOnce;
  if (interval == -1) return ProcessModeKind::kOnNewFiles;
  if (interval > 0) return ProcessModeKind::kPeriodic;
  return ProcessModeKind::kOther;
}

Connection Connection::make(std::string sender, std::string receiver) {
  return Connection{std::move(sender), std::move(receiver)};
}

// ---- to_json / from_json: one line per model type, from Schema<T> (model/schema.hpp) -------

MOI_MODEL_CODEC(ProcessModeConfig);
MOI_MODEL_CODEC(Component);
MOI_MODEL_CODEC(Connection);
MOI_MODEL_CODEC(WorkflowConfig);
MOI_MODEL_CODEC(WorkflowRequest);
MOI_MODEL_CODEC(BranchRequest);
MOI_MODEL_CODEC(WorkflowRecord);
MOI_MODEL_CODEC(WorkflowListItem);
MOI_MODEL_CODEC(WorkflowListResponse);
MOI_MODEL_CODEC(WorkflowBranchItem);
MOI_MODEL_CODEC(WorkflowDetail);

}  // namespace moi
