// SPDX-License-Identifier: Apache-2.0
// Wrong JSON types give moi::DecodeError naming the JSON path (never a crash, never a silent
// zero), for every response type and every request body type.

#include <gtest/gtest.h>

#include <functional>

#include "model_test_util.hpp"

namespace moi {
namespace {

using model_test::decode_error;
using model_test::fixture_data;
using model_test::load_fixture;

/// Sets the value at @p pointer (a JSON pointer) inside a copy of @p base.
Json with(Json base, const char* pointer, Json value) {
  base[Json::json_pointer(pointer)] = std::move(value);
  return base;
}

struct ErrorCase {
  const char* name;
  std::function<DecodeError()> run;
  const char* path;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

template <class T>
std::function<DecodeError()> fails(Json j) {
  return [j = std::move(j)] { return decode_error<T>(j); };
}

class WrongType : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(WrongType, NamesThePath) {
  const ErrorCase& c = GetParam();
  const DecodeError e = c.run();
  EXPECT_EQ(e.json_path(), c.path) << e.what();
  EXPECT_EQ(e.kind(), ErrorKind::kDecode);
  EXPECT_FALSE(e.problem().empty());
  // The runner later puts "data" in front.
  const std::string expected = std::string("data") + (c.path[0] == '\0' ? "" : ".") + c.path;
  EXPECT_EQ(e.with_prefix("data").json_path(), expected);
}

const Json kW1 = fixture_data("w1_response.json");
const Json kW2 = fixture_data("w2_response.json");
const Json kW3 = fixture_data("w3_response.json");
const Json kB2 = fixture_data("b2_response.json");
const Json kB3 = fixture_data("b3_response.json");
const Json kJ1 = fixture_data("j1_response.json");
const Json kJ2 = fixture_data("j2_response.json");
const Json kJ3 = fixture_data("j3_response.json");
const Json kJ5 = fixture_data("j5_response.json");
const Json kE2 = fixture_data("e2_response.json");
const Json kE3 = fixture_data("e3_response.json");
const Json kE4 = fixture_data("e4_response.json");

INSTANTIATE_TEST_SUITE_P(
    Responses, WrongType,
    ::testing::Values(
        // W1 / J2 records.
        ErrorCase{"w1_root_is_array", fails<WorkflowRecord>(Json::array()), ""},
        ErrorCase{"w1_priority_string", fails<WorkflowRecord>(with(kW1, "/priority", "high")),
                  "priority"},
        ErrorCase{"w1_file_types_bad_text",
                  fails<WorkflowRecord>(with(kW1, "/file_types", "[1, 2,")), "file_types"},
        ErrorCase{"w1_file_types_text_not_array",
                  fails<WorkflowRecord>(with(kW1, "/file_types", "{\"a\": 1}")), "file_types"},
        ErrorCase{"w1_file_types_text_bad_element",
                  fails<WorkflowRecord>(with(kW1, "/file_types", "[1, \"pdf\"]")), "file_types[1]"},
        ErrorCase{"w1_source_volume_ids_bool",
                  fails<WorkflowRecord>(with(kW1, "/source_volume_ids", "[true]")),
                  "source_volume_ids[0]"},
        ErrorCase{"w1_flow_interval_string",
                  fails<WorkflowRecord>(with(kW1, "/flow_interval", "soon")), "flow_interval"},
        ErrorCase{"w1_flow_offset_object",
                  fails<WorkflowRecord>(with(kW1, "/flow_offset", Json::object())), "flow_offset"},
        ErrorCase{"w1_created_at_bool", fails<WorkflowRecord>(with(kW1, "/created_at", true)),
                  "created_at"},
        ErrorCase{"j2_updated_at_array", fails<JobDetail>(with(kJ2, "/updated_at", Json::array())),
                  "updated_at"},
        ErrorCase{"j2_files_number", fails<JobDetail>(with(kJ2, "/files", 3)), "files"},
        ErrorCase{"j2_id_float", fails<JobDetail>(with(kJ2, "/id", 1.5)), "id"},
        // W2 / B2 lists.
        ErrorCase{"w2_root_is_string", fails<WorkflowListResponse>(Json("x")), ""},
        ErrorCase{"w2_total_string", fails<WorkflowListResponse>(with(kW2, "/total", "many")),
                  "total"},
        ErrorCase{"w2_workflows_object",
                  fails<WorkflowListResponse>(with(kW2, "/workflows", Json::object())),
                  "workflows"},
        ErrorCase{"w2_created_at_object",
                  fails<WorkflowListResponse>(with(kW2, "/workflows/0/created_at", Json::object())),
                  "workflows[0].created_at"},
        ErrorCase{"w2_status_string",
                  fails<WorkflowListResponse>(with(kW2, "/workflows/0/status", "done")),
                  "workflows[0].status"},
        ErrorCase{
            "w2_interval_text",
            fails<WorkflowListResponse>(with(kW2, "/workflows/0/process_mode/interval", "soon")),
            "workflows[0].process_mode.interval"},
        ErrorCase{"w2_missing_interval",
                  fails<WorkflowListResponse>(with(kW2, "/workflows/0/process_mode",
                                                   Json{{"offset", 0}})),
                  "workflows[0].process_mode.interval"},
        ErrorCase{"w2_file_types_element_null",
                  fails<WorkflowListResponse>(with(kW2, "/workflows/0/file_types/0", nullptr)),
                  "workflows[0].file_types[0]"},
        ErrorCase{"w2_item_is_number", fails<WorkflowListResponse>(with(kW2, "/workflows/0", 7)),
                  "workflows[0]"},
        ErrorCase{"b2_branch_status_bool",
                  fails<WorkflowListResponse>(with(kB2, "/workflows/1/branch_status", false)),
                  "workflows[1].branch_status"},
        ErrorCase{"b2_name_number", fails<WorkflowListResponse>(with(kB2, "/workflows/1/name", 5)),
                  "workflows[1].name"},
        // W3 / B3 details.
        ErrorCase{"w3_component_name_number",
                  fails<WorkflowDetail>(with(kW3, "/workflow/components/1/name", 5)),
                  "workflow.components[1].name"},
        ErrorCase{"w3_connection_is_string",
                  fails<WorkflowDetail>(with(kW3, "/workflow/connections/0", "a->b")),
                  "workflow.connections[0]"},
        ErrorCase{"w3_edges_object",
                  fails<WorkflowDetail>(with(kW3, "/workflow/edges", Json::object())),
                  "workflow.edges"},
        ErrorCase{"w3_branch_updated_at_string_array",
                  fails<WorkflowDetail>(with(kW3, "/branches/1/updated_at", Json::array())),
                  "branches[1].updated_at"},
        ErrorCase{"w3_branch_component_type_bool",
                  fails<WorkflowDetail>(with(kW3, "/branches/1/workflow/components/0/type", true)),
                  "branches[1].workflow.components[0].type"},
        ErrorCase{"w3_branches_object",
                  fails<WorkflowDetail>(with(kW3, "/branches", Json::object())), "branches"},
        ErrorCase{"w3_status_out_of_range",
                  fails<WorkflowDetail>(with(kW3, "/status", 4294967296LL)), "status"},
        ErrorCase{"b3_workflow_array", fails<WorkflowDetail>(with(kB3, "/workflow", Json::array())),
                  "workflow"},
        ErrorCase{"b3_branch_volume_id_bool",
                  fails<WorkflowDetail>(with(kB3, "/branch_volume_id", true)), "branch_volume_id"},
        // J1, J3, J5.
        ErrorCase{"j1_status_string",
                  fails<JobListResponse>(with(kJ1, "/jobs/0/status", "completed")),
                  "jobs[0].status"},
        ErrorCase{"j1_jobs_string", fails<JobListResponse>(with(kJ1, "/jobs", "nope")), "jobs"},
        ErrorCase{"j1_created_at_fraction",
                  fails<JobListResponse>(with(kJ1, "/jobs/0/created_at", 1.5)),
                  "jobs[0].created_at"},
        ErrorCase{"j3_file_type_array",
                  fails<JobFilesResponse>(with(kJ3, "/files/0/file_type", Json::array())),
                  "files[0].file_type"},
        ErrorCase{"j3_error_message_number",
                  fails<JobFilesResponse>(with(kJ3, "/files/0/error_message", 42)),
                  "files[0].error_message"},
        ErrorCase{"j3_completed_bool", fails<JobFilesResponse>(with(kJ3, "/completed", true)),
                  "completed"},
        ErrorCase{"j3_stopped_fraction", fails<JobFilesResponse>(with(kJ3, "/stopped", 0.5)),
                  "stopped"},
        ErrorCase{"j3_pending_out_of_range",
                  fails<JobFilesResponse>(with(kJ3, "/pending", 18446744073709551615ULL)),
                  "pending"},
        ErrorCase{"j5_progress_string", fails<JobStatusInfo>(with(kJ5, "/progress", "100%")),
                  "progress"},
        ErrorCase{"j5_end_time_object",
                  fails<JobStatusInfo>(with(kJ5, "/end_time", Json::object())), "end_time"},
        ErrorCase{"j5_root_null", fails<JobStatusInfo>(Json()), ""},
        // E2, E3, E4.
        ErrorCase{"e2_export_source_flat",
                  fails<ExportTaskListResponse>(with(kE2, "/tasks/0/export_source", Json{"a"})),
                  "tasks[0].export_source[0]"},
        ErrorCase{"e2_export_source_inner",
                  fails<ExportTaskListResponse>(with(kE2, "/tasks/0/export_source/0/0", 1)),
                  "tasks[0].export_source[0][0]"},
        ErrorCase{"e2_type_string",
                  fails<ExportTaskListResponse>(with(kE2, "/tasks/0/type", "dify")),
                  "tasks[0].type"},
        ErrorCase{"e3_merge_title_string",
                  fails<ExportTaskInfo>(with(kE3, "/config/merge_title_to_text", "false")),
                  "config.merge_title_to_text"},
        ErrorCase{
            "e3_dataset_name_array",
            fails<ExportTaskInfo>(with(kE3, "/config/dify_config/dataset_name", Json::array())),
            "config.dify_config.dataset_name"},
        ErrorCase{"e3_file_success_string",
                  fails<ExportTaskInfo>(with(kE3, "/file_stats/fileSuccess", "many")),
                  "file_stats.fileSuccess"},
        ErrorCase{"e3_file_stats_array",
                  fails<ExportTaskInfo>(with(kE3, "/file_stats", Json::array())), "file_stats"},
        ErrorCase{"e3_create_time_bool", fails<ExportTaskInfo>(with(kE3, "/create_time", false)),
                  "create_time"},
        ErrorCase{"e4_full_path_number",
                  fails<ExportFilesResponse>(with(kE4, "/files/1/full_path/2", 3)),
                  "files[1].full_path[2]"},
        ErrorCase{"e4_status_object",
                  fails<ExportFilesResponse>(with(kE4, "/files/0/status", Json::object())),
                  "files[0].status"},
        ErrorCase{"e4_total_success_null_string",
                  fails<ExportFilesResponse>(with(kE4, "/total_success", "")), "total_success"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return std::string(info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    Requests, WrongType,
    ::testing::Values(
        ErrorCase{"w1_missing_name", fails<WorkflowRequest>([] {
                    Json j = load_fixture("w1_request.json");
                    j.erase("name");
                    return j;
                  }()),
                  "name"},
        ErrorCase{
            "w1_workflow_null",
            fails<WorkflowRequest>(with(load_fixture("w1_request.json"), "/workflow", nullptr)),
            "workflow"},
        ErrorCase{"w1_source_volume_id_float",
                  fails<WorkflowRequest>(with(load_fixture("w1_request.json"),
                                              "/source_volume_ids/0", 1.889e18)),
                  "source_volume_ids[0]"},
        ErrorCase{"b1_missing_workflow", fails<BranchRequest>(Json{{"branch_name", "x"}}),
                  "workflow"},
        ErrorCase{"j4_files_not_array", fails<RetryJobFilesRequest>(Json{{"files", "a"}}), "files"},
        ErrorCase{"e1_is_raw_missing", fails<CreateExportTaskRequest>([] {
                    Json j = load_fixture("e1_request_s3.json");
                    j["files"][0].erase("is_raw");
                    return j;
                  }()),
                  "files[0].is_raw"},
        ErrorCase{"e1_duplicated_strategy_string",
                  fails<CreateExportTaskRequest>(with(load_fixture("e1_request_mo.json"),
                                                      "/config/mo_config/duplicated_strategy",
                                                      "overwrite")),
                  "config.mo_config.duplicated_strategy"},
        ErrorCase{"e1_mapping_column_number",
                  fails<CreateExportTaskRequest>(
                      with(load_fixture("e1_request_mo.json"),
                           "/config/mo_config/column/export_column/1/mapping_column", 1)),
                  "config.mo_config.column.export_column[1].mapping_column"},
        ErrorCase{"e2_order_direction_unknown",
                  fails<ListExportTasksRequest>(with(load_fixture("e2_request.json"),
                                                     "/order_direction", "sideways")),
                  "order_direction"},
        ErrorCase{"e3_id_missing", fails<ExportTaskIdRequest>(Json::object()), "id"},
        ErrorCase{
            "e4_task_id_bool",
            fails<ListExportFilesRequest>(with(load_fixture("e4_request.json"), "/task_id", true)),
            "task_id"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) { return std::string(info.param.name); });

TEST(DecodeErrors, MessageNamesPathAndProblem) {
  const DecodeError e = decode_error<JobListResponse>(with(kJ1, "/jobs/0/status", "completed"));
  EXPECT_EQ(e.json_path(), "jobs[0].status");
  EXPECT_EQ(e.problem(), "expected an integer, got string \"completed\"");
  const DecodeError full = e.with_prefix("data");
  EXPECT_EQ(full.json_path(), "data.jobs[0].status");
  EXPECT_NE(std::string(full.what()).find("data.jobs[0].status"), std::string::npos);
}

TEST(DecodeErrors, LongNonAsciiStringInMessageIsCutSafely) {
  const std::string long_text(200, 'x');
  const DecodeError e =
      decode_error<JobStatusInfo>(with(kJ5, "/status", "状态状态状态状态状态状态状态状态状态"));
  EXPECT_EQ(e.json_path(), "status");
  EXPECT_NO_THROW((void)Json(std::string(e.what())).dump());  // still valid UTF-8
  const DecodeError e2 = decode_error<JobStatusInfo>(with(kJ5, "/status", long_text));
  EXPECT_LT(std::string(e2.what()).size(), 150U);
}

TEST(DecodeErrors, TimestampRejectsWrongTypes) {
  for (const Json& bad :
       {Json(true), Json::array(), Json::object(), Json(1.5), Json(18446744073709551615ULL)}) {
    Timestamp t;
    try {
      from_json(bad, t);
      ADD_FAILURE() << "accepted " << bad.dump();
    } catch (const DecodeError& e) {
      EXPECT_EQ(e.json_path(), "");
    }
  }
}

}  // namespace
}  // namespace moi
