// SPDX-License-Identifier: Apache-2.0
// Variants of the documents' examples with each quirk a client must tolerate (API-NOTES):
// arrays as JSON text, 19-digit ids as numbers and strings, every timestamp style, unknown keys
// at three nesting levels, non-ASCII text, missing optional members, null times, undocumented
// enum values, flow_interval/flow_offset. Each variant is decoded, checked and round-tripped.

#include <gtest/gtest.h>

#include "model_test_util.hpp"

namespace moi {
namespace {

using model_test::decode;
using model_test::encode;
using model_test::fixture_data;

template <class T>
void expect_round_trip(const Json& input) {
  const Json output = encode(decode<T>(input));
  EXPECT_EQ(output, input) << "input:  " << input.dump() << "\noutput: " << output.dump();
}

// ---- Arrays sent as JSON text ---------------------------------------------------------------

TEST(Quirks, StringEncodedArraysInListItem) {
  Json item = fixture_data("w2_response.json").at("workflows").at(0);
  item["file_types"] = "[2, 6]";
  item["source_volume_ids"] = "[\"1889223879880048640\", 1889223879880048641]";
  item["source_volume_names"] = "[]";
  const auto w = decode<WorkflowListItem>(item);
  EXPECT_EQ(w.file_types, (std::vector<FileType>{FileType::kPdf, FileType::kMarkdown}));
  EXPECT_EQ(w.source_volume_ids,
            (std::vector<std::string>{"1889223879880048640", "1889223879880048641"}));
  EXPECT_EQ(w.source_volume_names, std::vector<std::string>{});
  expect_round_trip<WorkflowListItem>(item);
}

TEST(Quirks, EditedStringEncodedArrayKeepsItsForm) {
  auto r = decode<WorkflowRecord>(fixture_data("w1_response.json"));
  r.file_types = std::vector<FileType>{FileType::kPdf};
  r.source_volume_names->push_back("第二卷");
  const Json out = encode(r);
  // Still JSON text, now holding the new values.
  ASSERT_TRUE(out.at("file_types").is_string());
  EXPECT_EQ(Json::parse(out.at("file_types").get<std::string>()), Json::parse("[2]"));
  ASSERT_TRUE(out.at("source_volume_names").is_string());
  EXPECT_EQ(Json::parse(out.at("source_volume_names").get<std::string>()),
            (Json{"b_vol3", "第二卷"}));
  // Untouched members keep their exact text.
  EXPECT_EQ(out.at("source_volume_ids"), "[\"1928383194482323456\"]");
  EXPECT_EQ(out.at("files"), "[]");
}

TEST(Quirks, StringEncodedObjectAndNestedArrays) {
  Json detail = fixture_data("b3_response.json");
  detail["workflow"] = R"({"components": [], "connections": "[]"})";
  const auto d = decode<WorkflowDetail>(detail);
  ASSERT_TRUE(d.workflow.has_value());
  EXPECT_TRUE(d.workflow->components->empty());
  EXPECT_TRUE(d.workflow->connections->empty());
  expect_round_trip<WorkflowDetail>(detail);
}

// ---- 19-digit ids ---------------------------------------------------------------------------

TEST(Quirks, NineteenDigitIdsAsNumbersAndStringsAreExact) {
  const Json item = Json::parse(R"({
    "id": 1889223879880048640,
    "branch_id": "1889223879880048640",
    "source_volume_ids": [1889223879880048640, "1889223879880048640", 18446744073709551615],
    "target_volume_id": 9223372036854775807
  })");
  const auto w = decode<WorkflowListItem>(item);
  EXPECT_EQ(w.id, "1889223879880048640");
  EXPECT_EQ(w.branch_id, "1889223879880048640");
  EXPECT_EQ(w.source_volume_ids,
            (std::vector<std::string>{"1889223879880048640", "1889223879880048640",
                                      "18446744073709551615"}));
  EXPECT_EQ(w.target_volume_id, "9223372036854775807");
  const Json out = encode(w);
  EXPECT_EQ(out, item);
  // Each id keeps its JSON type, exactly.
  EXPECT_TRUE(out.at("id").is_number_unsigned());
  EXPECT_EQ(out.at("id").get<std::uint64_t>(), 1889223879880048640ULL);
  EXPECT_TRUE(out.at("branch_id").is_string());
  EXPECT_TRUE(out.at("source_volume_ids").at(0).is_number_unsigned());
  EXPECT_TRUE(out.at("source_volume_ids").at(1).is_string());
  EXPECT_EQ(out.dump().find("e+"), std::string::npos);
}

TEST(Quirks, NumericIdInsideStringEncodedArray) {
  Json rec = fixture_data("w1_response.json");
  rec["source_volume_ids"] = "[1928383194482323456]";
  const auto r = decode<WorkflowRecord>(rec);
  EXPECT_EQ(r.source_volume_ids, std::vector<std::string>{"1928383194482323456"});
  expect_round_trip<WorkflowRecord>(rec);
}

TEST(Quirks, EditedIdIsWrittenCanonically) {
  auto w = decode<WorkflowListItem>(Json::parse(R"({"id": 1889223879880048640})"));
  EXPECT_EQ(encode(w).at("id"), 1889223879880048640ULL);
  w.id = "1889223879880048641";
  EXPECT_EQ(encode(w).at("id"), "1889223879880048641");  // responses' ids are strings
}

TEST(Quirks, DecodedRequestKeepsIdForms) {
  // A request decoded (as an emulator does) re-encodes its ids as they arrived, even where the
  // SDK would have chosen another form.
  Json body = model_test::load_fixture("w1_request.json");
  body["source_volume_ids"] = Json::parse(R"(["1881900953900548096", 1889223879880048640, "x"])");
  const auto r = decode<WorkflowRequest>(body);
  EXPECT_EQ(r.source_volume_ids,
            (std::vector<std::string>{"1881900953900548096", "1889223879880048640", "x"}));
  EXPECT_EQ(encode(r), body);
  Json e1 = model_test::load_fixture("e1_request_dify.json");
  e1["connector_id"] = "1";
  EXPECT_EQ(encode(decode<CreateExportTaskRequest>(e1)), e1);
}

// ---- Timestamps -----------------------------------------------------------------------------

TEST(Quirks, EveryTimestampStyle) {
  struct Case {
    Json wire;
    std::optional<std::int64_t> ms;
    Timestamp::Form form;
  };
  const Case cases[] = {
      {"2025-01-15T10:30:00", 1736937000000, Timestamp::Form::kText},
      {"2024-01-01T00:00:00Z", 1704067200000, Timestamp::Form::kText},
      {"2024-01-01T00:00:00.123+0000", 1704067200123, Timestamp::Form::kText},
      {"2024-01-01T08:00:00+08:00", 1704067200000, Timestamp::Form::kText},
      {"2024-01-01 00:00:00.5", 1704067200500, Timestamp::Form::kText},
      {1739377287000, 1739377287000, Timestamp::Form::kEpochMs},
      {"1739377287000", 1739377287000, Timestamp::Form::kText},
      {nullptr, std::nullopt, Timestamp::Form::kNull},
      {"not a time", std::nullopt, Timestamp::Form::kText},
  };
  for (const Case& c : cases) {
    Json file = fixture_data("j3_response.json").at("files").at(0);
    file["start_time"] = c.wire;
    const auto f = decode<JobFileInfo>(file);
    EXPECT_EQ(f.start_time.form(), c.form) << c.wire;
    EXPECT_EQ(f.start_time.epoch_ms(), c.ms) << c.wire;
    expect_round_trip<JobFileInfo>(file);
  }
}

TEST(Quirks, NullAndMissingTimes) {
  Json status = fixture_data("j5_response.json");
  status["end_time"] = nullptr;
  status.erase("progress");
  status.erase("message");
  const auto s = decode<JobStatusInfo>(status);
  EXPECT_TRUE(s.end_time.is_null());
  EXPECT_FALSE(s.end_time.epoch_ms().has_value());
  EXPECT_FALSE(s.progress.has_value());
  EXPECT_FALSE(s.message.has_value());
  expect_round_trip<JobStatusInfo>(status);
  EXPECT_FALSE(encode(s).contains("progress"));
  EXPECT_TRUE(encode(s).at("end_time").is_null());

  status.erase("end_time");
  const auto missing = decode<JobStatusInfo>(status);
  EXPECT_TRUE(missing.end_time.is_unset());
  EXPECT_FALSE(encode(missing).contains("end_time"));
}

// ---- Unknown keys ---------------------------------------------------------------------------

Json w3_with_unknown_keys() {
  Json d = fixture_data("w3_response.json");
  d["owner_team"] = "数据平台组";  // level 1: record
  d["labels"] = Json{{"env", "prod"}, {"tags", {"a", "b"}}};
  d["workflow"]["layout_version"] = 3;  // level 2: workflow config
  d["workflow"]["components"][0]["extra_node_info"] =
      Json{{"color", "#ff0000"}, {"备注", "清洗节点"}};  // level 3: component
  d["workflow"]["connections"][0]["label"] = "主线";
  d["process_mode"]["timezone"] = "Asia/Shanghai";
  d["branches"][1]["workflow"]["components"][1]["extra_node_info"] = Json{{"collapsed", true}};
  d["branches"][0]["protected"] = true;
  return d;
}

TEST(Quirks, UnknownKeysAtEveryLevelAreKept) {
  const Json input = w3_with_unknown_keys();
  const auto d = decode<WorkflowDetail>(input);
  EXPECT_EQ(d.extra.at("owner_team"), "数据平台组");
  EXPECT_EQ(d.extra.at("labels").at("tags"), (Json{"a", "b"}));
  EXPECT_EQ(d.workflow->extra.at("layout_version"), 3);
  EXPECT_EQ((*d.workflow->components)[0].extra.at("extra_node_info").at("备注"), "清洗节点");
  EXPECT_EQ((*d.workflow->connections)[0].extra.at("label"), "主线");
  EXPECT_EQ(d.process_mode->extra.at("timezone"), "Asia/Shanghai");
  EXPECT_EQ((*d.branches)[0].extra.at("protected"), true);
  expect_round_trip<WorkflowDetail>(input);
}

TEST(Quirks, FetchedWorkflowEditedAndSentKeepsUnknownKeys) {
  // W3 -> edit -> W4: everything the server sent inside the pipeline goes back.
  const Json input = w3_with_unknown_keys();
  const auto d = decode<WorkflowDetail>(input);
  WorkflowRequest update;
  update.name = *d.name + " (edited)";
  update.source_volume_names = *d.source_volume_names;
  update.source_volume_ids = *d.source_volume_ids;
  update.file_types = *d.file_types;
  update.process_mode = *d.process_mode;
  update.target_volume_id = *d.target_volume_id;
  update.workflow = *d.workflow;
  (*update.workflow.components)[0].intro = "Edited cleaner";
  const Json body = encode(update);
  EXPECT_EQ(body.at("name"), "Detailed Workflow Test (edited)");
  EXPECT_EQ(body.at("process_mode").at("timezone"), "Asia/Shanghai");
  EXPECT_EQ(body.at("workflow").at("layout_version"), 3);
  const Json& component = body.at("workflow").at("components").at(0);
  EXPECT_EQ(component.at("intro"), "Edited cleaner");
  EXPECT_EQ(component.at("extra_node_info"), input["workflow"]["components"][0]["extra_node_info"]);
  EXPECT_EQ(body.at("workflow").at("connections"), input["workflow"]["connections"]);
}

TEST(Quirks, UnknownKeysInExportConfigAndStats) {
  Json info = fixture_data("e3_response.json");
  info["config"]["dify_config"]["chunk_size"] = 512;
  info["config"]["webhook"] = "https://example.invalid/hook";
  info["file_stats"]["skipped"] = 0;
  info["connector_id"] = 1889223879880048640ULL;
  const auto t = decode<ExportTaskInfo>(info);
  EXPECT_EQ(t.config->dify_config->extra.at("chunk_size"), 512);
  EXPECT_EQ(t.config->extra.at("webhook"), "https://example.invalid/hook");
  EXPECT_EQ(t.file_stats->extra.at("skipped"), 0);
  EXPECT_EQ(t.extra.at("connector_id"), 1889223879880048640ULL);
  expect_round_trip<ExportTaskInfo>(info);
}

// ---- Non-ASCII ------------------------------------------------------------------------------

TEST(Quirks, NonAsciiTextSurvives) {
  Json list = fixture_data("w2_response.json");
  list["workflows"][0]["name"] = "文档处理工作流 🚀";
  list["workflows"][0]["creator"] = "\u5f20\u4e09";  // escaped in JSON text: 张三
  list["workflows"][0]["source_volume_names"] = Json{"源数据卷"};
  const auto r = decode<WorkflowListResponse>(list);
  EXPECT_EQ(r.workflows[0].name, "文档处理工作流 🚀");
  EXPECT_EQ(r.workflows[0].creator, "张三");
  EXPECT_EQ(r.workflows[0].source_volume_names, std::vector<std::string>{"源数据卷"});
  expect_round_trip<WorkflowListResponse>(list);
  EXPECT_NE(encode(r).dump().find("文档处理工作流"), std::string::npos);
}

// ---- Optional members: missing and null -----------------------------------------------------

TEST(Quirks, MissingAndNullOptionalMembers) {
  Json item = fixture_data("w2_response.json").at("workflows").at(0);
  item.erase("modifier");
  item.erase("version");
  item["branch_id"] = nullptr;
  item["branch_total"] = nullptr;
  item["process_mode"] = nullptr;
  item["file_types"] = nullptr;
  const auto w = decode<WorkflowListItem>(item);
  EXPECT_FALSE(w.modifier.has_value());
  EXPECT_FALSE(w.version.has_value());
  EXPECT_FALSE(w.branch_id.has_value());
  EXPECT_FALSE(w.branch_total.has_value());
  EXPECT_FALSE(w.process_mode.has_value());
  EXPECT_FALSE(w.file_types.has_value());
  const Json out = encode(w);
  EXPECT_FALSE(out.contains("modifier"));
  EXPECT_TRUE(out.at("branch_id").is_null());
  EXPECT_EQ(out, item);
}

TEST(Quirks, ListContainersAbsentOrNull) {
  const Json absent = Json{{"total", 0}};
  const auto a = decode<WorkflowListResponse>(absent);
  EXPECT_TRUE(a.workflows.empty());
  EXPECT_EQ(encode(a), absent);
  const Json null_files = Json{{"files", nullptr}, {"total", 0}};
  const auto f = decode<JobFilesResponse>(null_files);
  EXPECT_TRUE(f.files.empty());
  EXPECT_EQ(encode(f), null_files);
  EXPECT_EQ(encode(JobListResponse{}), (Json{{"jobs", Json::array()}}));
}

TEST(Quirks, ProcessModeWithoutOffset) {
  Json item = fixture_data("w2_response.json").at("workflows").at(0);
  item["process_mode"] = Json{{"interval", -1}};
  const auto w = decode<WorkflowListItem>(item);
  EXPECT_EQ(w.process_mode->kind(), ProcessModeKind::kOnNewFiles);
  EXPECT_EQ(w.process_mode->offset, 0);
  expect_round_trip<WorkflowListItem>(item);
}

// ---- Open enums -----------------------------------------------------------------------------

TEST(Quirks, UndocumentedEnumValuesRoundTrip) {
  Json file = fixture_data("j3_response.json").at("files").at(0);
  file["file_type"] = 99;
  file["file_status"] = 7;
  const auto f = decode<JobFileInfo>(file);
  EXPECT_EQ(static_cast<int>(*f.file_type), 99);
  EXPECT_EQ(to_string(*f.file_type), "99");
  EXPECT_EQ(to_string(*f.file_status), "7");
  expect_round_trip<JobFileInfo>(file);

  Json job = fixture_data("j1_response.json");
  job["jobs"][0]["status"] = 7;
  const auto j = decode<JobListResponse>(job);
  EXPECT_EQ(to_string(*j.jobs[0].status), "7");
  expect_round_trip<JobListResponse>(job);

  Json item = fixture_data("w2_response.json").at("workflows").at(0);
  item["status"] = 7;
  item["branch_status"] = -2;
  item["file_types"] = Json{26, 2, 1000};
  const auto w = decode<WorkflowListItem>(item);
  EXPECT_EQ(to_string(*w.status), "7");
  EXPECT_EQ(to_string(*w.branch_status), "-2");
  EXPECT_EQ(to_string((*w.file_types)[0]), "26");
  EXPECT_EQ(to_string((*w.file_types)[1]), "PDF");
  expect_round_trip<WorkflowListItem>(item);

  Json task = fixture_data("e2_response.json");
  task["tasks"][0]["type"] = 9;
  task["tasks"][0]["status"] = 42;
  const auto t = decode<ExportTaskListResponse>(task);
  EXPECT_EQ(to_string(*t.tasks[0].type), "9");
  EXPECT_EQ(to_string(*t.tasks[0].status), "42");
  expect_round_trip<ExportTaskListResponse>(task);

  Json mo = model_test::load_fixture("e1_request_mo.json");
  mo["config"]["mo_config"]["duplicated_strategy"] = 4;
  const auto m = decode<CreateExportTaskRequest>(mo);
  EXPECT_EQ(to_string(*m.config.mo_config->duplicated_strategy), "4");
  EXPECT_EQ(encode(m), mo);
}

// ---- Counters and numbers -------------------------------------------------------------------

TEST(Quirks, CountersAsNumericStringsAndIntegralFloats) {
  Json files = fixture_data("j3_response.json");
  files["total"] = "10";
  files["failed"] = 1.0;
  const auto r = decode<JobFilesResponse>(files);
  EXPECT_EQ(r.total, 10);
  EXPECT_EQ(r.failed, 1);
  const Json out = encode(r);
  EXPECT_EQ(out, files);
  EXPECT_TRUE(out.at("total").is_string());  // written back as it came
  EXPECT_TRUE(out.at("failed").is_number_float());

  Json status = fixture_data("j5_response.json");
  status["progress"] = 42.5;
  const auto s = decode<JobStatusInfo>(status);
  EXPECT_EQ(s.progress, 42.5);
  expect_round_trip<JobStatusInfo>(status);

  Json stats = fixture_data("e3_response.json").at("file_stats");
  stats["fileSuccess"] = "65";
  const auto st = decode<ExportFileStats>(stats);
  EXPECT_EQ(st.file_success, 65);
  EXPECT_EQ(encode(st), stats);
}

// ---- W1's process mode forms ----------------------------------------------------------------

TEST(Quirks, FlowIntervalAndProcessModeForms) {
  Json rec = fixture_data("w1_response.json");
  rec["flow_interval"] = 30;
  rec["flow_offset"] = 5;
  auto r = decode<WorkflowRecord>(rec);
  EXPECT_EQ(r.process_mode->interval, 30);
  EXPECT_EQ(r.process_mode->offset, 5);
  EXPECT_EQ(encode(r), rec);
  EXPECT_FALSE(encode(r).contains("process_mode"));

  // Edited: still written as flow_interval / flow_offset.
  r.process_mode = ProcessModeConfig::on_new_files();
  const Json edited = encode(r);
  EXPECT_EQ(edited.at("flow_interval"), -1);
  EXPECT_EQ(edited.at("flow_offset"), 0);
  EXPECT_FALSE(edited.contains("process_mode"));

  // Only flow_interval.
  Json only_interval = fixture_data("w1_response.json");
  only_interval.erase("flow_offset");
  const auto oi = decode<WorkflowRecord>(only_interval);
  EXPECT_EQ(oi.process_mode->offset, 0);
  EXPECT_EQ(encode(oi), only_interval);

  // The object form.
  Json object_form = fixture_data("w1_response.json");
  object_form.erase("flow_interval");
  object_form.erase("flow_offset");
  object_form["process_mode"] = Json{{"interval", 60}, {"offset", 1}};
  const auto of = decode<WorkflowRecord>(object_form);
  EXPECT_EQ(of.process_mode->interval, 60);
  EXPECT_EQ(encode(of), object_form);

  // Both forms: the object wins, flow_* are kept as unknown keys.
  Json both = object_form;
  both["flow_interval"] = 0;
  const auto b = decode<WorkflowRecord>(both);
  EXPECT_EQ(b.process_mode->interval, 60);
  EXPECT_EQ(b.extra.at("flow_interval"), 0);
  EXPECT_EQ(encode(b), both);

  // Null.
  Json null_form = fixture_data("w1_response.json");
  null_form["flow_interval"] = nullptr;
  const auto nf = decode<JobDetail>(null_form);
  EXPECT_FALSE(nf.process_mode.has_value());
  EXPECT_EQ(encode(nf), null_form);
}

TEST(Quirks, JobDetailWithServiceSchemaFields) {
  // The service's schema for J2: a job list item with run details and a pipeline.
  const Json job = Json::parse(R"({
    "id": "job-1", "workflow_name": "工作流", "workflow_id": "wf-1",
    "workflow_meta_id": "wf-1", "workflow_branch_id": "br-1", "branch_name": "main",
    "source_volume_ids": ["1889223879880048640"], "source_volume_names": ["v"],
    "target_volume_id": "t", "target_volume_name": "tv", "file_types": [2, 11],
    "priority": 300, "start_time": "2025-05-30T09:45:58", "end_time": null,
    "duration": null, "processed_count": 3, "total_count": 10, "status": 1,
    "workflow": {"components": [], "connections": []}, "version": "1"
  })");
  const auto d = decode<JobDetail>(job);
  EXPECT_EQ(d.workflow_name, "工作流");
  EXPECT_EQ(d.status, JobStatus::kRunning);
  EXPECT_EQ(d.start_time.epoch_ms(), 1748598358000);
  EXPECT_TRUE(d.end_time.is_null());
  EXPECT_FALSE(d.duration.has_value());
  EXPECT_EQ(d.processed_count, 3);
  EXPECT_EQ(d.total_count, 10);
  ASSERT_TRUE(d.workflow.has_value());
  const auto pipeline = d.workflow->get<WorkflowConfig>();
  EXPECT_TRUE(pipeline.components->empty());
  expect_round_trip<JobDetail>(job);
  // Older services send the pipeline as YAML text: kept as it is.
  Json yaml = job;
  yaml["workflow"] = "components: []\n";
  expect_round_trip<JobDetail>(yaml);
}

TEST(Quirks, DecodingIntoAnUsedObjectStartsFresh) {
  auto w = decode<WorkflowListItem>(fixture_data("w2_response.json").at("workflows").at(0));
  from_json(Json::parse(R"({"id": "other"})"), w);
  EXPECT_EQ(w.id, "other");
  EXPECT_FALSE(w.name.has_value());
  EXPECT_EQ(encode(w), Json::parse(R"({"id": "other"})"));
}

}  // namespace
}  // namespace moi
