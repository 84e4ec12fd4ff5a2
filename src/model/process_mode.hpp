// SPDX-License-Identifier: Apache-2.0
#pragma once
// Private: hooks for records that carry the process mode either as a `process_mode` object or
// as top-level `flow_interval`/`flow_offset` (W1's record, J2), used by WorkflowRecord and
// JobDetail. `process_mode` is filled from either form and written back in the form received.

#include <array>
#include <string>
#include <string_view>

#include "model/codec.hpp"
#include "moi/model/workflow.hpp"

namespace moi::model_codec {

struct ProcessModeHooks {
  // The wire keys these hooks own (no schema row names them).
  static constexpr std::array<std::string_view, 3> kKeys{"process_mode", "flow_interval",
                                                         "flow_offset"};
  // Memo flags.
  static constexpr std::uint32_t kFlowForm = 1;         // flow_interval / flow_offset seen
  static constexpr std::uint32_t kProcessModeNull = 2;  // "process_mode": null
  // Memo form indices (beyond any schema index).
  static constexpr std::uint32_t kFlowInterval = 1000;
  static constexpr std::uint32_t kFlowOffset = 1001;
  static constexpr std::uint32_t kFlowSnapshot = 1002;
  static constexpr std::uint32_t kProcessMode = 1003;

  template <class S>
  static bool decode_key(const Json& obj, const std::string& key, const Json& v, S& out,
                         WireMemo& memo) {
    if (key == "process_mode") {
      decode_object_form(v, out.process_mode, memo);
      return true;
    }
    const bool interval = key == "flow_interval";
    if (!interval && key != "flow_offset") return false;
    // When both forms are present the object wins and flow_* stay unknown keys.
    if (obj.contains("process_mode")) return false;
    memo.flags |= kFlowForm;
    memo.forms.push_back(WireMemo::Form{interval ? kFlowInterval : kFlowOffset, false, v, Json()});
    return true;
  }

  template <class S>
  static void finish(S& out, WireMemo& memo) {
    if ((memo.flags & kFlowForm) != 0) out.process_mode = decode_flow_form(memo);
  }

  template <class S>
  static void encode(const S& s, const WireMemo& memo, Json::object_t& obj) {
    encode_process_mode(s.process_mode, memo, obj);
  }

  static void decode_object_form(const Json& v, std::optional<ProcessModeConfig>& out,
                                 WireMemo& memo);
  static std::optional<ProcessModeConfig> decode_flow_form(WireMemo& memo);
  static void encode_process_mode(const std::optional<ProcessModeConfig>& pm, const WireMemo& memo,
                                  Json::object_t& obj);
};

}  // namespace moi::model_codec
