// SPDX-License-Identifier: Apache-2.0
#pragma once
// Private: the schema of every model type, the single source of truth of its wire keys. Each
// row is `field<Tag>("wire_key", &T::member, flags)` (see codec.hpp); a type whose keys a row
// cannot express names `using Hooks = ...`. Keys that no row (and no hook) names are kept in
// `extra`. The codecs (workflow.cpp, job.cpp, export_task.cpp) and the drift guard
// (tests/model/schema_drift_test.cpp) read these.

#include <tuple>

#include "model/codec.hpp"
#include "model/process_mode.hpp"
#include "moi/model/model.hpp"

namespace moi::model_codec {

// ---- Workflows and branches (moi/model/workflow.hpp) ---------------------------------------

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

// process_mode / flow_interval / flow_offset: ProcessModeHooks.
template <>
struct Schema<WorkflowRecord> {
  using T = WorkflowRecord;
  using Hooks = ProcessModeHooks;
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

// ---- Jobs (moi/model/job.hpp) --------------------------------------------------------------

template <>
struct Schema<JobListItem> {
  using T = JobListItem;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("id", &T::id), field("name", &T::name),
                      field("created_at", &T::created_at), field("creator", &T::creator),
                      field("updated_at", &T::updated_at), field("modifier", &T::modifier),
                      field("status", &T::status), field<IdText>("version", &T::version),
                      field<IdText>("workflow_meta_id", &T::workflow_meta_id),
                      field<IdText>("workflow_branch_id", &T::workflow_branch_id));
};

template <>
struct Schema<JobListResponse> {
  using T = JobListResponse;
  static constexpr auto kFields =
      std::make_tuple(field("total", &T::total), field("jobs", &T::jobs, kDefaulted));
};

// process_mode / flow_interval / flow_offset: ProcessModeHooks.
template <>
struct Schema<JobDetail> {
  using T = JobDetail;
  using Hooks = ProcessModeHooks;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("name", &T::name),
      field("workflow_name", &T::workflow_name), field<IdText>("user_id", &T::user_id),
      field<IdText>("group_id", &T::group_id), field("creator", &T::creator),
      field("modifier", &T::modifier), field("created_at", &T::created_at),
      field("updated_at", &T::updated_at), field("status", &T::status),
      field<IdText>("version", &T::version), field<IdText>("workflow_id", &T::workflow_id),
      field<IdText>("workflow_meta_id", &T::workflow_meta_id),
      field<IdText>("workflow_branch_id", &T::workflow_branch_id),
      field("branch_name", &T::branch_name), field("priority", &T::priority),
      field("file_types", &T::file_types),
      field<IdText>("source_volume_ids", &T::source_volume_ids),
      field("source_volume_names", &T::source_volume_names),
      field<IdText>("target_volume_id", &T::target_volume_id),
      field("target_volume_name", &T::target_volume_name), field("files", &T::files),
      field("start_time", &T::start_time), field("end_time", &T::end_time),
      field("duration", &T::duration), field("processed_count", &T::processed_count),
      field("total_count", &T::total_count), field("workflow", &T::workflow));
};

template <>
struct Schema<JobFileInfo> {
  using T = JobFileInfo;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("file_name", &T::file_name),
      field("file_type", &T::file_type), field("file_status", &T::file_status),
      field("error_message", &T::error_message), field("start_time", &T::start_time),
      field("end_time", &T::end_time), field<IdText>("source_id", &T::source_id),
      field<IdText>("ref_file_id", &T::ref_file_id),
      field<IdText>("target_volume_id", &T::target_volume_id));
};

template <>
struct Schema<JobFilesResponse> {
  using T = JobFilesResponse;
  static constexpr auto kFields =
      std::make_tuple(field("files", &T::files, kDefaulted), field("file_total", &T::file_total),
                      field("total", &T::total), field("completed", &T::completed),
                      field("failed", &T::failed), field("processing", &T::processing),
                      field("pending", &T::pending), field("stopped", &T::stopped));
};

template <>
struct Schema<RetryJobFilesRequest> {
  using T = RetryJobFilesRequest;
  static constexpr auto kFields = std::make_tuple(field<IdText>("files", &T::files, kRequired));
};

template <>
struct Schema<JobStatusInfo> {
  using T = JobStatusInfo;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("job_id", &T::job_id), field("status", &T::status),
                      field("message", &T::message), field("progress", &T::progress),
                      field("start_time", &T::start_time), field("end_time", &T::end_time));
};

// ---- Export tasks (moi/model/export_task.hpp) ----------------------------------------------

template <>
struct Schema<ExportFile> {
  using T = ExportFile;
  static constexpr auto kFields = std::make_tuple(field<IdText>("file_id", &T::file_id, kRequired),
                                                  field("full_path", &T::full_path, kRequired),
                                                  field("is_raw", &T::is_raw, kRequired));
};

template <>
struct Schema<DifyConfig> {
  using T = DifyConfig;
  static constexpr auto kFields = std::make_tuple(field<IdText>("dataset_id", &T::dataset_id),
                                                  field("dataset_name", &T::dataset_name),
                                                  field("embedding_model", &T::embedding_model));
};

template <>
struct Schema<S3Config> {
  using T = S3Config;
  static constexpr auto kFields =
      std::make_tuple(field("path", &T::path), field("need_compress", &T::need_compress),
                      field("compress_method", &T::compress_method));
};

template <>
struct Schema<MoColumnMapping> {
  using T = MoColumnMapping;
  static constexpr auto kFields = std::make_tuple(field("source_column", &T::source_column),
                                                  field("mapping_column", &T::mapping_column));
};

template <>
struct Schema<MoColumnConfig> {
  using T = MoColumnConfig;
  static constexpr auto kFields = std::make_tuple(field("export_column", &T::export_column),
                                                  field("combine_column", &T::combine_column));
};

template <>
struct Schema<MoConfig> {
  using T = MoConfig;
  static constexpr auto kFields = std::make_tuple(
      field("database_name", &T::database_name), field("table_name", &T::table_name),
      field("new_table", &T::new_table), field("column", &T::column),
      field("duplicated_strategy", &T::duplicated_strategy));
};

template <>
struct Schema<ExportConfig> {
  using T = ExportConfig;
  static constexpr auto kFields = std::make_tuple(
      field("dify_config", &T::dify_config), field("s3_config", &T::s3_config),
      field("mo_config", &T::mo_config), field("merge_title_to_text", &T::merge_title_to_text));
};

template <>
struct Schema<CreateExportTaskRequest> {
  using T = CreateExportTaskRequest;
  static constexpr auto kFields = std::make_tuple(
      field("task_name", &T::task_name, kRequired), field("creator", &T::creator, kRequired),
      field<IdNumeric>("connector_id", &T::connector_id, kRequired),
      field("connector_name", &T::connector_name, kRequired), field("type", &T::type, kRequired),
      field("config", &T::config, kRequired), field("files", &T::files, kRequired));
};

template <>
struct Schema<ListExportTasksRequest> {
  using T = ListExportTasksRequest;
  static constexpr auto kFields = std::make_tuple(
      field("offset", &T::offset), field("limit", &T::limit),
      field("statuses", &T::statuses, kOmitEmpty), field("creator", &T::creator),
      field("connector_name", &T::connector_name), field<IdText>("task_id", &T::task_id),
      field("order_by", &T::order_by), field("order_direction", &T::order_direction));
};

template <>
struct Schema<ExportTaskListItem> {
  using T = ExportTaskListItem;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("name", &T::name), field("creator", &T::creator),
      field("connector_name", &T::connector_name), field("type", &T::type),
      field("status", &T::status), field("export_source", &T::export_source),
      field("create_time", &T::create_time), field("end_time", &T::end_time));
};

template <>
struct Schema<ExportTaskListResponse> {
  using T = ExportTaskListResponse;
  static constexpr auto kFields =
      std::make_tuple(field("tasks", &T::tasks, kDefaulted), field("total", &T::total));
};

template <>
struct Schema<ExportTaskIdRequest> {
  using T = ExportTaskIdRequest;
  static constexpr auto kFields = std::make_tuple(field<IdText>("id", &T::id, kRequired));
};

template <>
struct Schema<ExportFileStats> {
  using T = ExportFileStats;
  static constexpr auto kFields = std::make_tuple(
      field("total", &T::total), field("pending", &T::pending), field("running", &T::running),
      field("failed", &T::failed), field("completed", &T::completed),
      field("fileSuccess", &T::file_success), field("fileFail", &T::file_fail));
};

template <>
struct Schema<ExportTaskInfo> {
  using T = ExportTaskInfo;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("id", &T::id), field("name", &T::name),
                      field("creator", &T::creator), field("connector_name", &T::connector_name),
                      field("type", &T::type), field("status", &T::status),
                      field("config", &T::config), field("create_time", &T::create_time),
                      field("end_time", &T::end_time), field("file_stats", &T::file_stats));
};

template <>
struct Schema<ListExportFilesRequest> {
  using T = ListExportFilesRequest;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("task_id", &T::task_id, kRequired), field("offset", &T::offset),
      field("limit", &T::limit), field("statuses", &T::statuses, kOmitEmpty),
      field("order_by", &T::order_by), field("order_direction", &T::order_direction));
};

template <>
struct Schema<ExportFileItem> {
  using T = ExportFileItem;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field<IdText>("file_id", &T::file_id),
      field("is_raw", &T::is_raw), field("status", &T::status), field("full_path", &T::full_path),
      field("details", &T::details), field("create_time", &T::create_time),
      field("start_time", &T::start_time), field("end_time", &T::end_time),
      field("file_name", &T::file_name), field("file_type", &T::file_type));
};

template <>
struct Schema<ExportFilesResponse> {
  using T = ExportFilesResponse;
  static constexpr auto kFields = std::make_tuple(
      field("files", &T::files, kDefaulted), field("total", &T::total),
      field("total_failure", &T::total_failure), field("total_files", &T::total_files),
      field("total_success", &T::total_success));
};

// ---- Catalogs, databases, volumes, files (moi/model/catalog.hpp) ----------------------------

template <>
struct Schema<IdBody> {
  using T = IdBody;
  static constexpr auto kFields = std::make_tuple(field<IdText>("id", &T::id, kRequired));
};

template <>
struct Schema<CatalogInfo> {
  using T = CatalogInfo;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("name", &T::name), field("description", &T::description),
      field("database_count", &T::database_count), field("volume_count", &T::volume_count),
      field("file_count", &T::file_count), field("table_count", &T::table_count),
      field("reserved", &T::reserved), field("created_at", &T::created_at),
      field("updated_at", &T::updated_at), field("created_by", &T::created_by),
      field("updated_by", &T::updated_by));
};

template <>
struct Schema<CatalogNode> {
  using T = CatalogNode;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("name", &T::name), field("type", &T::type),
      field("description", &T::description), field("node_list", &T::node_list, kDefaulted),
      field("has_workflow_target_ref", &T::has_workflow_target_ref), field("size", &T::size),
      field("children_count", &T::children_count), field("reserved", &T::reserved),
      field("created_at", &T::created_at), field("updated_at", &T::updated_at),
      field("created_by", &T::created_by), field("updated_by", &T::updated_by));
};

template <>
struct Schema<CatalogListResponse> {
  using T = CatalogListResponse;
  static constexpr auto kFields = std::make_tuple(field("list", &T::list, kDefaulted));
};

template <>
struct Schema<CatalogNodesResponse> {
  using T = CatalogNodesResponse;
  static constexpr auto kFields =
      std::make_tuple(field("tree", &T::tree, kDefaulted), field("list", &T::list, kDefaulted));
};

template <>
struct Schema<CreateCatalogRequest> {
  using T = CreateCatalogRequest;
  static constexpr auto kFields =
      std::make_tuple(field("name", &T::name, kRequired), field("description", &T::description));
};

template <>
struct Schema<CreateDatabaseRequest> {
  using T = CreateDatabaseRequest;
  static constexpr auto kFields =
      std::make_tuple(field<IdNumeric>("catalog_id", &T::catalog_id, kRequired),
                      field("name", &T::name, kRequired), field("description", &T::description));
};

template <>
struct Schema<CreateVolumeRequest> {
  using T = CreateVolumeRequest;
  static constexpr auto kFields =
      std::make_tuple(field<IdNumeric>("database_id", &T::database_id, kRequired),
                      field("name", &T::name, kRequired), field("description", &T::description));
};

template <>
struct Schema<VolumeInfo> {
  using T = VolumeInfo;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("name", &T::name), field("description", &T::description),
      field("created_at", &T::created_at), field("updated_at", &T::updated_at));
};

template <>
struct Schema<FullPathRequest> {
  using T = FullPathRequest;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("volume_id_list", &T::volume_id_list, kDefaulted),
                      field<IdText>("database_id_list", &T::database_id_list, kDefaulted),
                      field<IdText>("folder_id_list", &T::folder_id_list, kDefaulted));
};

template <>
struct Schema<FullPath> {
  using T = FullPath;
  static constexpr auto kFields = std::make_tuple(field<IdText>("id_list", &T::id_list, kDefaulted),
                                                  field("name_list", &T::name_list, kDefaulted));
};

template <>
struct Schema<FullPathResponse> {
  using T = FullPathResponse;
  static constexpr auto kFields =
      std::make_tuple(field("volume_full_path", &T::volume_full_path, kDefaulted),
                      field("database_full_path", &T::database_full_path, kDefaulted),
                      field("folder_full_path", &T::folder_full_path, kDefaulted));
};

template <>
struct Schema<FileFilter> {
  using T = FileFilter;
  static constexpr auto kFields =
      std::make_tuple(field("name", &T::name, kRequired),
                      field<IdText>("values", &T::values, kDefaulted), field("fuzzy", &T::fuzzy));
};

template <>
struct Schema<ListFilesRequest> {
  using T = ListFilesRequest;
  static constexpr auto kFields = std::make_tuple(
      field("page", &T::page), field("page_size", &T::page_size), field("order", &T::order),
      field("order_by", &T::order_by), field("filters", &T::filters, kOmitEmpty));
};

template <>
struct Schema<FileInfo> {
  using T = FileInfo;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("name", &T::name),
      field<IdText>("file_type", &T::file_type), field("file_ext", &T::file_ext),
      field("origin_file_ext", &T::origin_file_ext), field("show_type", &T::show_type),
      field("size", &T::size), field<IdText>("volume_id", &T::volume_id),
      field("volume_name", &T::volume_name), field("volume_reserved", &T::volume_reserved),
      field<IdText>("parent_id", &T::parent_id), field("show_path", &T::show_path),
      field("save_path", &T::save_path), field<IdText>("ref_file_id", &T::ref_file_id),
      field<IdText>("ref_workflow_id", &T::ref_workflow_id), field("created_at", &T::created_at),
      field("updated_at", &T::updated_at), field("created_by", &T::created_by));
};

template <>
struct Schema<FileListResponse> {
  using T = FileListResponse;
  static constexpr auto kFields =
      std::make_tuple(field("total", &T::total), field("list", &T::list, kDefaulted));
};

template <>
struct Schema<FileLinkRequest> {
  using T = FileLinkRequest;
  static constexpr auto kFields = std::make_tuple(field<IdText>("file_id", &T::file_id, kRequired),
                                                  field<IdText>("volume_id", &T::volume_id));
};

template <>
struct Schema<FileLink> {
  using T = FileLink;
  static constexpr auto kFields = std::make_tuple(field("link", &T::link));
};

template <>
struct Schema<NumericIdBody> {
  using T = NumericIdBody;
  static constexpr auto kFields = std::make_tuple(field<IdNumeric>("id", &T::id, kRequired));
};

template <>
struct Schema<NamedId> {
  using T = NamedId;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("id", &T::id), field("name", &T::name));
};

template <>
struct Schema<VolumeRef> {
  using T = VolumeRef;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("volume_id", &T::volume_id), field("volume_name", &T::volume_name),
      field("ref_type", &T::ref_type), field<IdText>("ref_id", &T::ref_id));
};

template <>
struct Schema<RefListResponse> {
  using T = RefListResponse;
  static constexpr auto kFields = std::make_tuple(field("list", &T::list, kDefaulted));
};

template <>
struct Schema<UpdateCatalogRequest> {
  using T = UpdateCatalogRequest;
  static constexpr auto kFields =
      std::make_tuple(field<IdNumeric>("id", &T::id, kRequired), field("name", &T::name, kRequired),
                      field("description", &T::description));
};

template <>
struct Schema<DatabaseInfo> {
  using T = DatabaseInfo;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("name", &T::name), field("description", &T::description),
      field("table_count", &T::table_count), field("volume_count", &T::volume_count),
      field("file_count", &T::file_count), field("reserved", &T::reserved),
      field("created_at", &T::created_at), field("updated_at", &T::updated_at),
      field("created_by", &T::created_by), field("updated_by", &T::updated_by));
};

template <>
struct Schema<DatabaseListResponse> {
  using T = DatabaseListResponse;
  static constexpr auto kFields = std::make_tuple(field("list", &T::list, kDefaulted));
};

template <>
struct Schema<UpdateDatabaseRequest> {
  using T = UpdateDatabaseRequest;
  static constexpr auto kFields = std::make_tuple(field<IdNumeric>("id", &T::id, kRequired),
                                                  field("description", &T::description));
};

template <>
struct Schema<UpdateVolumeRequest> {
  using T = UpdateVolumeRequest;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("id", &T::id, kRequired), field("name", &T::name),
                      field("description", &T::description));
};

template <>
struct Schema<CreateFileRequest> {
  using T = CreateFileRequest;
  static constexpr auto kFields = std::make_tuple(
      field("name", &T::name, kRequired), field<IdText>("volume_id", &T::volume_id, kRequired),
      field<IdText>("parent_id", &T::parent_id, kDefaulted), field("size", &T::size, kDefaulted),
      field("show_type", &T::show_type, kDefaulted),
      field("origin_file_ext", &T::origin_file_ext, kDefaulted),
      field<IdText>("ref_file_id", &T::ref_file_id, kDefaulted),
      field("save_path", &T::save_path, kDefaulted), field("hash", &T::hash, kDefaulted),
      field("dedup", &T::dedup));
};

template <>
struct Schema<RenameRequest> {
  using T = RenameRequest;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("id", &T::id, kRequired), field("name", &T::name, kRequired));
};

template <>
struct Schema<CreateFolderRequest> {
  using T = CreateFolderRequest;
  static constexpr auto kFields = std::make_tuple(
      field("name", &T::name, kRequired), field<IdText>("volume_id", &T::volume_id, kRequired),
      field<IdText>("parent_id", &T::parent_id, kDefaulted));
};

template <>
struct Schema<HealthStatus> {
  using T = HealthStatus;
  static constexpr auto kFields = std::make_tuple(field("status", &T::status));
};

// ---- Uploads and load tasks (moi/model/load_task.hpp) ---------------------------------------

template <>
struct Schema<UploadResult> {
  using T = UploadResult;
  static constexpr auto kFields =
      std::make_tuple(field("success", &T::success), field<IdText>("file_id", &T::file_id),
                      field("message", &T::message));
};

template <>
struct Schema<UploadResponse> {
  using T = UploadResponse;
  static constexpr auto kFields = std::make_tuple(
      field("success", &T::success), field<IdText>("file_id", &T::file_id),
      field<IdText>("task_id", &T::task_id), field("message", &T::message),
      field("results", &T::results, kDefaulted), field<IdText>("table_id", &T::table_id));
};

template <>
struct Schema<UploadDedup> {
  using T = UploadDedup;
  static constexpr auto kFields =
      std::make_tuple(field("by", &T::by, kDefaulted), field("strategy", &T::strategy, kDefaulted));
};

template <>
struct Schema<LoadResult> {
  using T = LoadResult;
  static constexpr auto kFields =
      std::make_tuple(field("lines", &T::lines), field("reason", &T::reason));
};

template <>
struct Schema<LoadTask> {
  using T = LoadTask;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("name", &T::name),
      field<IdText>("source_connector_id", &T::source_connector_id),
      field("source_connector_type", &T::source_connector_type),
      field<IdText>("volume_id", &T::volume_id), field("volume_name", &T::volume_name),
      field("status", &T::status), field("creator", &T::creator),
      field("source_config", &T::source_config), field<UnixSeconds>("start_at", &T::start_at),
      field<UnixSeconds>("end_at", &T::end_at), field<UnixSeconds>("created_at", &T::created_at),
      field<UnixSeconds>("updated_at", &T::updated_at), field("table_path", &T::table_path),
      field("source_files", &T::source_files, kDefaulted),
      field("load_results", &T::load_results, kDefaulted));
};

template <>
struct Schema<LoadTaskFile> {
  using T = LoadTaskFile;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("id", &T::id), field("name", &T::name), field("type", &T::type),
                      field("status", &T::status), field("size", &T::size), field("path", &T::path),
                      field("reason", &T::reason), field("other_metadata", &T::other_metadata),
                      field("user", &T::user), field<UnixSeconds>("update_time", &T::update_time),
                      field<UnixSeconds>("start_time", &T::start_time),
                      field<UnixSeconds>("end_time", &T::end_time));
};

template <>
struct Schema<LoadTaskFilesResponse> {
  using T = LoadTaskFilesResponse;
  static constexpr auto kFields = std::make_tuple(
      field("total", &T::total), field("total_success", &T::total_success),
      field("total_failed", &T::total_failed), field("files", &T::files, kDefaulted));
};

template <>
struct Schema<LoadModeConfig> {
  using T = LoadModeConfig;
  static constexpr auto kFields =
      std::make_tuple(field("load_interval_type", &T::load_interval_type, kRequired),
                      field("interval", &T::interval, kRequired));
};

template <>
struct Schema<FileFilterConfig> {
  using T = FileFilterConfig;
  static constexpr auto kFields = std::make_tuple(
      field("file_types", &T::file_types, kDefaulted | kOmitEmpty),
      field("filename_globs", &T::filename_globs, kDefaulted | kOmitEmpty),
      field("min_file_size", &T::min_file_size), field("max_file_size", &T::max_file_size),
      field("min_create_time", &T::min_create_time), field("max_create_time", &T::max_create_time));
};

template <>
struct Schema<CommonFileTaskConfig> {
  using T = CommonFileTaskConfig;
  static constexpr auto kFields = std::make_tuple(
      field("load_mode_config", &T::load_mode_config, kRequired),
      field("uris", &T::uris, kDefaulted), field("file_filter_config", &T::file_filter_config));
};

template <>
struct Schema<LoadSourceConfig> {
  using T = LoadSourceConfig;
  static constexpr auto kFields =
      std::make_tuple(field("common_file_task_config", &T::common_file_task_config, kRequired));
};

template <>
struct Schema<CreateLoadTaskRequest> {
  using T = CreateLoadTaskRequest;
  static constexpr auto kFields =
      std::make_tuple(field<IdNumeric>("source_connector_id", &T::source_connector_id, kRequired),
                      field<IdText>("volume_id", &T::volume_id, kRequired),
                      field("source_config", &T::source_config, kRequired),
                      field("config_type", &T::config_type, kRequired), field("name", &T::name));
};

template <>
struct Schema<LoadTaskListResponse> {
  using T = LoadTaskListResponse;
  static constexpr auto kFields =
      std::make_tuple(field("total", &T::total), field("tasks", &T::tasks, kDefaulted));
};

template <>
struct Schema<UpdateLoadTaskRequest> {
  using T = UpdateLoadTaskRequest;
  static constexpr auto kFields =
      std::make_tuple(field<IdText>("task_id", &T::task_id, kRequired),
                      field("load_mode_config", &T::load_mode_config), field("uris", &T::uris),
                      field("file_filter_config", &T::file_filter_config));
};

template <>
struct Schema<RetryLoadTaskRequest> {
  using T = RetryLoadTaskRequest;
  static constexpr auto kFields = std::make_tuple(field<IdText>("task_id", &T::task_id, kRequired),
                                                  field<IdText>("ids", &T::ids, kRequired));
};

template <>
struct Schema<TaskIdBody> {
  using T = TaskIdBody;
  static constexpr auto kFields = std::make_tuple(field<IdText>("task_id", &T::task_id, kRequired));
};

template <>
struct Schema<FileSourceSummary> {
  using T = FileSourceSummary;
  static constexpr auto kFields = std::make_tuple(
      field("file_count", &T::file_count), field("size", &T::size),
      field("doc_data_size", &T::doc_data_size), field("image_data_size", &T::image_data_size));
};

template <>
struct Schema<TableDataSummary> {
  using T = TableDataSummary;
  static constexpr auto kFields =
      std::make_tuple(field("data_size", &T::data_size), field("table_count", &T::table_count));
};

template <>
struct Schema<ConnectorSummary> {
  using T = ConnectorSummary;
  static constexpr auto kFields = std::make_tuple(field("local_file", &T::local_file),
                                                  field("baidu_netdisk", &T::baidu_netdisk),
                                                  field("mocloud_summary", &T::mocloud_summary));
};

// ---- Connectors (moi/model/connector.hpp) ---------------------------------------------------

template <>
struct Schema<DifyConnectorConfig> {
  using T = DifyConnectorConfig;
  static constexpr auto kFields =
      std::make_tuple(field("api_key", &T::api_key), field("api_url", &T::api_url));
};

template <>
struct Schema<HdfsConnectorConfig> {
  using T = HdfsConnectorConfig;
  static constexpr auto kFields =
      std::make_tuple(field("address", &T::address), field("auth_type", &T::auth_type),
                      field("username", &T::username), field("file_path", &T::file_path));
};

template <>
struct Schema<MoConnectorConfig> {
  using T = MoConnectorConfig;
  static constexpr auto kFields =
      std::make_tuple(field("host", &T::host), field("port", &T::port),
                      field("username", &T::username), field("password", &T::password));
};

template <>
struct Schema<OssConnectorConfig> {
  using T = OssConnectorConfig;
  static constexpr auto kFields = std::make_tuple(
      field("endpoint", &T::endpoint), field("access_key_id", &T::access_key_id),
      field("access_key_secret", &T::access_key_secret), field("bucket_name", &T::bucket_name));
};

template <>
struct Schema<S3ConnectorConfig> {
  using T = S3ConnectorConfig;
  static constexpr auto kFields = std::make_tuple(
      field("endpoint", &T::endpoint), field("access_key_id", &T::access_key_id),
      field("access_key_secret", &T::access_key_secret), field("bucket_name", &T::bucket_name),
      field("region", &T::region), field("path_style", &T::path_style),
      field("session_token", &T::session_token));
};

template <>
struct Schema<CreateConnectorRequest> {
  using T = CreateConnectorRequest;
  static constexpr auto kFields = std::make_tuple(
      field("name", &T::name, kRequired), field("source_type", &T::source_type, kRequired),
      field("dify", &T::dify), field("hdfs", &T::hdfs), field("mo", &T::mo), field("oss", &T::oss),
      field("s3", &T::s3), field("usage_type", &T::usage_type));
};

template <>
struct Schema<UpdateConnectorRequest> {
  using T = UpdateConnectorRequest;
  static constexpr auto kFields =
      std::make_tuple(field("name", &T::name), field("dify", &T::dify), field("hdfs", &T::hdfs),
                      field("mo", &T::mo), field("oss", &T::oss), field("s3", &T::s3),
                      field("usage_type", &T::usage_type));
};

template <>
struct Schema<ValidateConnectorRequest> {
  using T = ValidateConnectorRequest;
  static constexpr auto kFields = std::make_tuple(
      field("source_type", &T::source_type), field<IdNumeric>("connector_id", &T::connector_id),
      field("dify", &T::dify), field("hdfs", &T::hdfs), field("mo", &T::mo), field("oss", &T::oss),
      field("s3", &T::s3));
};

template <>
struct Schema<ConnectorValidation> {
  using T = ConnectorValidation;
  static constexpr auto kFields =
      std::make_tuple(field("valid", &T::valid), field("message", &T::message));
};

template <>
struct Schema<Connector> {
  using T = Connector;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("source_type", &T::source_type), field("name", &T::name),
      field("status", &T::status), field<UnixSeconds>("created_at", &T::created_at),
      field<UnixSeconds>("updated_at", &T::updated_at), field("username", &T::username),
      field<IdText>("related_task_ids", &T::related_task_ids, kDefaulted),
      field("usage_type", &T::usage_type), field("dify", &T::dify), field("hdfs", &T::hdfs),
      field("mo", &T::mo), field("oss", &T::oss), field("s3", &T::s3));
};

template <>
struct Schema<ConnectorListResponse> {
  using T = ConnectorListResponse;
  static constexpr auto kFields =
      std::make_tuple(field("connectors", &T::connectors, kDefaulted), field("total", &T::total));
};

template <>
struct Schema<ConnectorFile> {
  using T = ConnectorFile;
  static constexpr auto kFields =
      std::make_tuple(field("uri", &T::uri), field("filename", &T::filename),
                      field("size", &T::size), field("type", &T::type));
};

template <>
struct Schema<ConnectorFilesResponse> {
  using T = ConnectorFilesResponse;
  static constexpr auto kFields =
      std::make_tuple(field("files", &T::files, kDefaulted), field<IdText>("cursor", &T::cursor),
                      field("has_more", &T::has_more));
};

}  // namespace moi::model_codec

// The catalog-table schemas live in their own header (one file per area).
#include "model/data_asking_schema.hpp"  // IWYU pragma: export
#include "model/llm_schema.hpp"          // IWYU pragma: export
#include "model/llm_schema.hpp"          // IWYU pragma: export
#include "model/schema_table.hpp"        // IWYU pragma: export
#include "model/schema_access.hpp"       // IWYU pragma: export
