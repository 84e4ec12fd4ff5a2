// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Workflow and branch bodies (endpoints W1-W7, B1-B5) and their query parameters.
///
/// Conventions (keys kept in `extra`, optional members, wire fidelity, DecodeError paths,
/// thread-safety) are described in moi/model/common.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "moi/model/common.hpp"
#include "moi/model/enums.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// What a ProcessModeConfig's `interval` means.
enum class ProcessModeKind : std::int32_t {
  kOnce = 0,        ///< interval 0: process the current files once.
  kOnNewFiles = 1,  ///< interval -1: process whenever new files arrive ("关联处理").
  kPeriodic = 2,    ///< interval > 0: every `interval` minutes.
  kOther = 3,       ///< any other negative interval (undocumented).
};

/// "once", "on_new_files", "periodic" or "other".
MOI_EXPORT std::string to_string(ProcessModeKind v);

/// When a workflow processes its source files (`process_mode`). `interval` is required on
/// decoding (DecodeError "missing required member" otherwise); `offset` defaults to 0.
struct ProcessModeConfig {
  std::int64_t interval = 0;       ///< 0 once, -1 on new files, N > 0 every N minutes.
  std::int64_t offset = 0;         ///< Offset in minutes (0 for once).
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.

  /// Process once (interval 0).
  MOI_EXPORT static ProcessModeConfig once(std::int64_t offset_minutes = 0);
  /// Process whenever new files arrive (interval -1, offset 0).
  MOI_EXPORT static ProcessModeConfig on_new_files();
  /// Process every @p minutes minutes. @throws InvalidArgumentError when minutes < 1.
  MOI_EXPORT static ProcessModeConfig every(std::int64_t minutes, std::int64_t offset_minutes = 0);
  /// What `interval` means.
  MOI_EXPORT ProcessModeKind kind() const noexcept;
};
MOI_MODEL_JSON(ProcessModeConfig);

/// One node of a workflow DAG (`workflow.components[]`). Free-form parts stay JSON values;
/// undocumented keys such as `extra_node_info` are kept in `extra`.
struct Component {
  std::optional<std::string> name{};          ///< e.g. "DocumentCleaner".
  std::optional<std::string> type{};          ///< Python class path of the component.
  std::optional<std::string> component_id{};  ///< e.g. "DocumentCleaner_1739377283742".
  std::optional<std::string> intro{};         ///< Display name.
  std::optional<Json> position{};             ///< e.g. {"x": 0, "y": 0}.
  std::optional<Json> input_keys{};           ///< Free-form.
  std::optional<Json> output_keys{};          ///< Free-form.
  std::optional<Json> init_parameters{};      ///< Free-form component parameters.
  Json extra{};                               ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};             ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(Component);

/// One edge of data flow between components (`workflow.connections[]`). An aggregate:
/// `Connection{"DocumentCleaner.documents", "DocumentWriter.documents"}`.
struct Connection {
  std::optional<std::string> sender{};    ///< "Component.output", e.g. "DocumentCleaner.documents".
  std::optional<std::string> receiver{};  ///< "Component.input".
  Json extra{};                           ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};         ///< Internal: how the value arrived; never set it.

  /// A connection from @p sender to @p receiver; the same as `Connection{sender, receiver}`.
  MOI_EXPORT static Connection make(std::string sender, std::string receiver);
};
MOI_MODEL_JSON(Connection);

/// A workflow's pipeline (`workflow`): components and how they connect. Each list is written
/// only when set, so a body carries exactly the lists the caller filled in.
struct WorkflowConfig {
  /// The nodes of the DAG, each with a unique `name` (see PipelineBuilder).
  std::optional<std::vector<Component>> components{};
  /// Data flow between components: `sender` "Component.socket" -> `receiver`.
  std::optional<std::vector<Connection>> connections{};
  std::optional<std::vector<Json>> edges{};             ///< Free-form (UI edges).
  std::optional<std::vector<Json>> extra_components{};  ///< Free-form.
  Json extra{};                                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(WorkflowConfig);

/// Body of W1 (create) and W4 (update base info). Plain members are required (decoding
/// without them throws DecodeError "missing required member").
///
/// `source_volume_ids` are sent as JSON integers when an id is a canonical decimal that fits
/// uint64 (as the document's example does: 1889223879880048640, exactly), otherwise as
/// strings; a decoded body re-encodes each id in the form it arrived.
struct WorkflowRequest {
  std::string name{};                               ///< Workflow name.
  std::vector<std::string> source_volume_names{};   ///< Source volume names.
  std::vector<std::string> source_volume_ids{};     ///< Source volume ids (decimal text).
  std::vector<FileType> file_types{};               ///< File types to process.
  ProcessModeConfig process_mode{};                 ///< When to process.
  std::optional<std::int64_t> priority{};           ///< Server default 300.
  std::string target_volume_id{};                   ///< Target volume id.
  std::optional<std::string> target_volume_name{};  ///< Server default "".
  std::string create_target_volume_name{};          ///< Name for a new target volume ("" for none).
  WorkflowConfig workflow{};                        ///< The pipeline.
  std::optional<std::string> branch_name{};         ///< Server default "main".
  std::optional<std::vector<Json>> files{};  ///< Files to pre-process (SourceFileInfo objects).
  std::optional<Json> content{};             ///< Free-form description.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(WorkflowRequest);

/// Body of B1 (create branch) and B4 (update branch). `workflow` is required on decoding.
struct BranchRequest {
  std::optional<std::string> branch_name{};  ///< Server default "".
  WorkflowConfig workflow{};                 ///< The branch's pipeline.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(BranchRequest);

/// The workflow record W1 answers with (the document repeats it for J2). The service sends
/// arrays as JSON text (`"file_types": "[1, 2, 4]"`), ISO times without zone and the process
/// mode as top-level `flow_interval`/`flow_offset`: all are decoded into the typed members and
/// written back in the form received. `process_mode` is filled from either form.
struct WorkflowRecord {
  /// Workflow id (a UUID string).
  std::optional<std::string> id{};
  /// Workflow name.
  std::optional<std::string> name{};
  /// Id of the user the workflow belongs to.
  std::optional<std::string> user_id{};
  /// Id of the user's group ("" in the documents).
  std::optional<std::string> group_id{};
  /// User name of the creator.
  std::optional<std::string> creator{};
  /// User name of the last modifier.
  std::optional<std::string> modifier{};
  /// Creation time (ISO-8601 without zone in the documents: read as UTC).
  Timestamp created_at{};
  /// Time of the last change (same form as `created_at`).
  Timestamp updated_at{};
  /// Version of the workflow's settings, e.g. "1".
  std::optional<std::string> version{};
  /// Scheduling priority (server default 300).
  std::optional<std::int64_t> priority{};
  std::optional<ProcessModeConfig> process_mode{};  ///< From `process_mode` or `flow_*`.
  /// File types the workflow processes (may arrive as JSON text "[1, 2]").
  std::optional<std::vector<FileType>> file_types{};
  /// Ids of the volumes the files are read from (decimal text).
  std::optional<std::vector<std::string>> source_volume_ids{};
  /// Names of the source volumes, in the order of `source_volume_ids`.
  std::optional<std::vector<std::string>> source_volume_names{};
  /// Id of the volume the results are written to.
  std::optional<std::string> target_volume_id{};
  /// Name of the target volume.
  std::optional<std::string> target_volume_name{};
  std::optional<std::vector<Json>> files{};  ///< SourceFileInfo objects.
  Json extra{};                              ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};            ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(WorkflowRecord);

/// One workflow (W2) or one branch of a workflow (B2, where `id` is the parent workflow).
struct WorkflowListItem {
  /// Workflow id (in B2: the parent workflow's id).
  std::optional<std::string> id{};
  /// Workflow name.
  std::optional<std::string> name{};
  Timestamp created_at{};  ///< Epoch ms in the documents.
  /// User name of the creator.
  std::optional<std::string> creator{};
  /// Time of the last change (epoch ms in the documents).
  Timestamp updated_at{};
  /// User name of the last modifier.
  std::optional<std::string> modifier{};
  /// Ids of the source volumes (decimal text).
  std::optional<std::vector<std::string>> source_volume_ids{};
  /// Names of the source volumes.
  std::optional<std::vector<std::string>> source_volume_names{};
  /// File types the workflow processes.
  std::optional<std::vector<FileType>> file_types{};
  /// Id of the target volume.
  std::optional<std::string> target_volume_id{};
  /// Name of the target volume.
  std::optional<std::string> target_volume_name{};
  /// When the workflow processes its files.
  std::optional<ProcessModeConfig> process_mode{};
  /// Scheduling priority.
  std::optional<std::int64_t> priority{};
  /// Workflow status (running, completed, stopped).
  std::optional<WorkflowStatus> status{};
  /// Version of the workflow's settings.
  std::optional<std::string> version{};
  /// Number of branches of the workflow.
  std::optional<std::int64_t> branch_total{};
  /// Branch this item describes: usually the main branch (W2), each branch in B2.
  std::optional<std::string> branch_id{};
  /// Name of that branch ("main" for the main branch).
  std::optional<std::string> branch_name{};
  /// Status of that branch itself (enabled, disabled).
  std::optional<BranchStatus> branch_status{};
  /// Target volume id of that branch.
  std::optional<std::string> branch_volume_id{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(WorkflowListItem);

/// `data` of W2 and B2. `workflows` is empty when the key is absent or null.
struct WorkflowListResponse {
  std::optional<std::int64_t> total{};  ///< Matches in all pages.
  /// The items of this page: workflows (W2) or one item per branch (B2).
  std::vector<WorkflowListItem> workflows{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(WorkflowListResponse);

/// One branch inside WorkflowDetail::branches.
struct WorkflowBranchItem {
  /// Branch id.
  std::optional<std::string> branch_id{};
  /// Creation time of the branch.
  Timestamp created_at{};
  /// User name of the branch's creator.
  std::optional<std::string> creator{};
  /// Time of the branch's last change.
  Timestamp updated_at{};
  /// User name of the branch's last modifier.
  std::optional<std::string> modifier{};
  std::optional<WorkflowStatus> status{};  ///< Status of the workflow part this branch applies.
  /// The branch's pipeline.
  std::optional<WorkflowConfig> workflow{};
  /// Branch name ("main" for the main branch).
  std::optional<std::string> branch_name{};
  /// Status of the branch itself (enabled, disabled).
  std::optional<BranchStatus> branch_status{};
  /// Id of the volume the branch writes its results to.
  std::optional<std::string> branch_volume_id{};
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(WorkflowBranchItem);

/// `data` of W3 (a workflow with its branches) and B3 (one branch: `id` is the parent
/// workflow, `workflow` the branch's pipeline, `branches` null).
struct WorkflowDetail {
  /// Workflow id (for B3: the parent workflow's id).
  std::optional<std::string> id{};
  /// Workflow name.
  std::optional<std::string> name{};
  /// Ids of the source volumes (decimal text).
  std::optional<std::vector<std::string>> source_volume_ids{};
  /// Names of the source volumes.
  std::optional<std::vector<std::string>> source_volume_names{};
  /// Id of the target volume.
  std::optional<std::string> target_volume_id{};
  /// Name of the target volume.
  std::optional<std::string> target_volume_name{};
  /// File types the workflow processes.
  std::optional<std::vector<FileType>> file_types{};
  /// When the workflow processes its files.
  std::optional<ProcessModeConfig> process_mode{};
  /// Scheduling priority.
  std::optional<std::int64_t> priority{};
  /// Creation time (epoch ms in the documents).
  Timestamp created_at{};
  /// User name of the creator.
  std::optional<std::string> creator{};
  /// Time of the last change.
  Timestamp updated_at{};
  /// User name of the last modifier.
  std::optional<std::string> modifier{};
  /// Workflow status (running, completed, stopped).
  std::optional<WorkflowStatus> status{};
  /// The pipeline: of the main branch (W3) or of the branch (B3).
  std::optional<WorkflowConfig> workflow{};
  /// Id of the branch described: the main branch (W3) or the branch asked for (B3).
  std::optional<std::string> branch_id{};
  /// Name of that branch.
  std::optional<std::string> branch_name{};
  /// Status of that branch itself (enabled, disabled).
  std::optional<BranchStatus> branch_status{};
  /// Target volume id of that branch.
  std::optional<std::string> branch_volume_id{};
  /// Version of the workflow's settings.
  std::optional<std::string> version{};
  std::optional<std::vector<WorkflowBranchItem>> branches{};  ///< nullopt when null (B3).
  Json extra{};                                               ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(WorkflowDetail);

/// Query of W2 (list workflows). Unset members and empty lists are not sent; lists are sent
/// as repeated keys. Server defaults are noted per member.
struct ListWorkflowsRequest {
  std::optional<std::string> name_search{};  ///< Substring of the workflow name.
  /// Created at or after: epoch ms or a system_clock time point (see EpochMillis).
  std::optional<EpochMillis> start_time{};
  /// Created at or before: epoch ms or a system_clock time point (see EpochMillis).
  std::optional<EpochMillis> end_time{};
  std::vector<std::int64_t> process_modes{};  ///< `interval` values.
  std::vector<WorkflowStatus> status{};       ///< Workflow statuses.
  std::vector<FileType> file_types{};         ///< File types.
  std::vector<std::int64_t> priority{};       ///< Priorities.
  std::optional<std::string> creator{};       ///< Creator name.
  std::optional<std::int64_t> offset{};       ///< Server default 0; >= 0.
  std::optional<std::int64_t> limit{};        ///< Server default 20; >= 1.
  std::optional<std::string> sort_field{};    ///< Server default "created_at".
  std::optional<SortOrder> sort_order{};      ///< Server default descending ("descend").
};

/// Query of B2 (list branches).
struct ListBranchesRequest {
  std::vector<WorkflowStatus> status_in{};  ///< Status of the workflow part; empty: not sent.
};

/// Query of W5 and B5 (delete workflow / branch).
struct DeleteOptions {
  std::optional<bool> delete_data{};  ///< Also delete produced data; server default false.
};

}  // namespace moi
