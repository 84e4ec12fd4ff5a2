// SPDX-License-Identifier: Apache-2.0
#include "moi/model/export_task.hpp"

#include <utility>

#include "model/codec.hpp"

namespace moi {
namespace model_codec {

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
      field("offset", &T::offset), field("limit", &T::limit), field("statuses", &T::statuses),
      field("creator", &T::creator), field("connector_name", &T::connector_name),
      field<IdText>("task_id", &T::task_id), field("order_by", &T::order_by),
      field("order_direction", &T::order_direction));
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
      field("limit", &T::limit), field("statuses", &T::statuses), field("order_by", &T::order_by),
      field("order_direction", &T::order_direction));
};

template <>
struct Schema<ExportFileItem> {
  using T = ExportFileItem;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("id", &T::id), field("status", &T::status), field("full_path", &T::full_path),
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

}  // namespace model_codec

MoColumnMapping MoColumnMapping::make(std::string source, std::string target) {
  MoColumnMapping m;
  m.source_column = std::move(source);
  m.mapping_column = std::move(target);
  return m;
}

using model_codec::decode_object;
using model_codec::encode_object;

void to_json(Json& j, const ExportFile& v) { encode_object(v, j); }
void from_json(const Json& j, ExportFile& v) { decode_object(j, v); }
void to_json(Json& j, const DifyConfig& v) { encode_object(v, j); }
void from_json(const Json& j, DifyConfig& v) { decode_object(j, v); }
void to_json(Json& j, const S3Config& v) { encode_object(v, j); }
void from_json(const Json& j, S3Config& v) { decode_object(j, v); }
void to_json(Json& j, const MoColumnMapping& v) { encode_object(v, j); }
void from_json(const Json& j, MoColumnMapping& v) { decode_object(j, v); }
void to_json(Json& j, const MoColumnConfig& v) { encode_object(v, j); }
void from_json(const Json& j, MoColumnConfig& v) { decode_object(j, v); }
void to_json(Json& j, const MoConfig& v) { encode_object(v, j); }
void from_json(const Json& j, MoConfig& v) { decode_object(j, v); }
void to_json(Json& j, const ExportConfig& v) { encode_object(v, j); }
void from_json(const Json& j, ExportConfig& v) { decode_object(j, v); }
void to_json(Json& j, const CreateExportTaskRequest& v) { encode_object(v, j); }
void from_json(const Json& j, CreateExportTaskRequest& v) { decode_object(j, v); }
void to_json(Json& j, const ListExportTasksRequest& v) { encode_object(v, j); }
void from_json(const Json& j, ListExportTasksRequest& v) { decode_object(j, v); }
void to_json(Json& j, const ExportTaskListItem& v) { encode_object(v, j); }
void from_json(const Json& j, ExportTaskListItem& v) { decode_object(j, v); }
void to_json(Json& j, const ExportTaskListResponse& v) { encode_object(v, j); }
void from_json(const Json& j, ExportTaskListResponse& v) { decode_object(j, v); }
void to_json(Json& j, const ExportTaskIdRequest& v) { encode_object(v, j); }
void from_json(const Json& j, ExportTaskIdRequest& v) { decode_object(j, v); }
void to_json(Json& j, const ExportFileStats& v) { encode_object(v, j); }
void from_json(const Json& j, ExportFileStats& v) { decode_object(j, v); }
void to_json(Json& j, const ExportTaskInfo& v) { encode_object(v, j); }
void from_json(const Json& j, ExportTaskInfo& v) { decode_object(j, v); }
void to_json(Json& j, const ListExportFilesRequest& v) { encode_object(v, j); }
void from_json(const Json& j, ListExportFilesRequest& v) { decode_object(j, v); }
void to_json(Json& j, const ExportFileItem& v) { encode_object(v, j); }
void from_json(const Json& j, ExportFileItem& v) { decode_object(j, v); }
void to_json(Json& j, const ExportFilesResponse& v) { encode_object(v, j); }
void from_json(const Json& j, ExportFilesResponse& v) { decode_object(j, v); }

}  // namespace moi
