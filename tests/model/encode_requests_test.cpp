// SPDX-License-Identifier: Apache-2.0
// Request bodies built from the typed structs equal the documents' request examples exactly.

#include <gtest/gtest.h>

#include "model_test_util.hpp"

namespace moi {
namespace {

using model_test::encode;
using model_test::load_fixture;

Component document_cleaner(std::string id, std::string intro, Json init_parameters) {
  Component c;
  c.name = "DocumentCleaner";
  c.type = "haystack.components.preprocessors.document_cleaner.DocumentCleaner";
  c.component_id = std::move(id);
  c.intro = std::move(intro);
  c.position = Json{{"x", 0}, {"y", 0}};
  c.input_keys = Json::object();
  c.output_keys = Json::object();
  c.init_parameters = std::move(init_parameters);
  return c;
}

WorkflowRequest w1_request() {
  WorkflowRequest r;
  r.name = "wf-from-meta-api";
  r.source_volume_names = {"b-vol1"};
  r.source_volume_ids = {"1889223879880048640"};
  r.target_volume_id = "eb42f0a1-ab18-4010-b95c-cd1716dd5e95";
  r.create_target_volume_name = "new-target-for-wf-from-meta";
  r.process_mode = ProcessModeConfig::once();
  r.file_types = {FileType::kPdf};
  r.priority = 300;

  Component writer;
  writer.name = "DocumentWriter";
  writer.type = "haystack.components.writers.document_writer.DocumentWriter";
  writer.component_id = "DocumentWriter_1739377283742";
  writer.intro = "DocumentWriter";
  writer.position = Json{{"x", 0}, {"y", 0}};
  writer.input_keys = Json::object();
  writer.output_keys = Json::object();
  writer.init_parameters = Json::parse(R"({
    "document_store": {
      "init_parameters": {
        "connection_string": {"env_vars": ["DATABASE_SYNC_URI"], "strict": true,
                              "type": "env_var"},
        "embedding_dimension": 1024,
        "keyword_index_name": "haystack_keyword_index",
        "recreate_table": true,
        "table_name": "embedding_results",
        "vector_function": "cosine_similarity"
      },
      "type": "byoa.integrations.document_stores.mo_document_store.MOIDocumentStore"
    },
    "policy": "NONE"
  })");

  r.workflow.components = std::vector<Component>{
      document_cleaner("DocumentCleaner_1739377283742", "DocumentCleaner",
                       Json{{"ascii_only", false},
                            {"keep_id", false},
                            {"remove_empty_lines", true},
                            {"remove_extra_whitespaces", true},
                            {"remove_regex",
                             "([a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+)|https?://[^\\s]+"},
                            {"remove_repeated_substrings", false}}),
      writer};
  r.workflow.connections.emplace();
  r.workflow.edges.emplace();
  r.workflow.extra_components.emplace();
  return r;
}

TEST(EncodeRequest, W1MatchesDocumentExample) {
  const Json body = encode(w1_request());
  EXPECT_EQ(body, load_fixture("w1_request.json")) << body.dump(2);
  // The 19-digit id is a JSON integer, exactly (never through a double).
  const Json& id = body.at("source_volume_ids").at(0);
  EXPECT_TRUE(id.is_number_unsigned());
  EXPECT_EQ(id.get<std::uint64_t>(), 1889223879880048640ULL);
  EXPECT_EQ(body.dump().find("1.88"), std::string::npos);
  EXPECT_NE(body.dump().find("[1889223879880048640]"), std::string::npos);
}

TEST(EncodeRequest, W4MatchesDocumentExample) {
  WorkflowRequest r;
  r.name = "wf-3-updated-name";
  r.source_volume_names = {"b-vol1-updated"};
  r.source_volume_ids = {"YOUR_SOURCE_VOLUME_ID_1"};  // not a number: sent as a string
  r.target_volume_id = "YOUR_TARGET_VOLUME_ID_W";
  r.create_target_volume_name = "";
  r.process_mode = ProcessModeConfig::every(10);
  r.file_types = {FileType::kPdf, FileType::kMarkdown};
  r.priority = 350;
  r.workflow.components = std::vector<Component>{
      document_cleaner("YOUR_COMPONENT_ID_UPDATED", "Updated DocumentCleaner",
                       Json{{"remove_empty_lines", false}, {"remove_extra_whitespaces", true}})};
  r.workflow.connections.emplace();
  r.workflow.edges.emplace();
  r.workflow.extra_components.emplace();
  EXPECT_EQ(encode(r), load_fixture("w4_request.json"));
}

TEST(EncodeRequest, WorkflowRequestOptionalKeysAbsentWhenUnset) {
  WorkflowRequest r;
  r.name = "n";
  const Json body = encode(r);
  for (const char* key : {"priority", "target_volume_name", "branch_name", "files", "content"}) {
    EXPECT_FALSE(body.contains(key)) << key;
  }
  // Required members are always written.
  for (const char* key :
       {"name", "source_volume_names", "source_volume_ids", "file_types", "process_mode",
        "target_volume_id", "create_target_volume_name", "workflow"}) {
    EXPECT_TRUE(body.contains(key)) << key;
  }
  EXPECT_EQ(body.at("workflow"), Json::object());  // no list set: none written
  EXPECT_EQ(body.at("process_mode"), (Json{{"interval", 0}, {"offset", 0}}));

  r.priority = 1;
  r.branch_name = "dev";
  r.target_volume_name = "";
  r.content = Json{{"note", "说明"}};
  r.files = std::vector<Json>{Json{{"file_name", "a.pdf"}}};
  const Json full = encode(r);
  EXPECT_EQ(full.at("priority"), 1);
  EXPECT_EQ(full.at("branch_name"), "dev");
  EXPECT_EQ(full.at("target_volume_name"), "");
  EXPECT_EQ(full.at("content").at("note"), "说明");
  EXPECT_EQ(full.at("files").at(0).at("file_name"), "a.pdf");
}

TEST(EncodeRequest, SourceVolumeIdsIntegerOnlyWhenCanonicalUint64) {
  WorkflowRequest r;
  r.source_volume_ids = {"1889223879880048640",  "0",  "007", "18446744073709551615",
                         "18446744073709551616", "-5", "abc", ""};
  const Json ids = encode(r).at("source_volume_ids");
  EXPECT_EQ(ids, Json::parse(R"([1889223879880048640, 0, "007", 18446744073709551615,
                               "18446744073709551616", "-5", "abc", ""])"));
  EXPECT_TRUE(ids[0].is_number_unsigned());
  EXPECT_TRUE(ids[2].is_string());
}

TEST(EncodeRequest, B1AndB4MatchDocumentExamples) {
  BranchRequest b1;
  b1.branch_name = "feature-branch-alpha";
  b1.workflow.components.emplace();
  b1.workflow.connections.emplace();
  b1.workflow.edges.emplace();
  b1.workflow.extra_components.emplace();
  EXPECT_EQ(encode(b1), load_fixture("b1_request.json"));

  BranchRequest b4;
  b4.branch_name = "feature-branch-alpha-v2";
  b4.workflow.components.emplace();
  b4.workflow.connections.emplace();
  EXPECT_EQ(encode(b4), load_fixture("b4_request.json"));

  BranchRequest bare;
  EXPECT_EQ(encode(bare), (Json{{"workflow", Json::object()}}));
}

TEST(EncodeRequest, J4MatchesDocumentExample) {
  RetryJobFilesRequest r;
  r.files = {"file_item_uuid_1", "file_item_uuid_2"};
  EXPECT_EQ(encode(r), load_fixture("j4_request.json"));
}

ExportFile export_file(std::string id, std::vector<std::string> path) {
  ExportFile f;
  f.file_id = std::move(id);
  f.full_path = std::move(path);
  f.is_raw = false;
  return f;
}

TEST(EncodeRequest, E1DifyMatchesDocumentExample) {
  CreateExportTaskRequest r;
  r.task_name = "导出到 Dify 任务";
  r.creator = "admin";
  r.connector_id = "1";
  r.connector_name = "Dify 连接器";
  r.type = ExportTaskType::kDify;
  DifyConfig& dify = r.config.dify_config.emplace();
  dify.dataset_id = "dataset_123";
  dify.dataset_name = "测试数据集";
  dify.embedding_model = "text-embedding-ada-002";
  r.config.merge_title_to_text = false;
  r.files = {export_file("file_456", {"data", "documents", "test.pdf"})};
  const Json body = encode(r);
  EXPECT_EQ(body, load_fixture("e1_request_dify.json")) << body.dump(2);
  EXPECT_TRUE(body.at("connector_id").is_number_integer() ||
              body.at("connector_id").is_number_unsigned());
}

TEST(EncodeRequest, E1S3MatchesDocumentExample) {
  CreateExportTaskRequest r;
  r.task_name = "导出到 S3 任务";
  r.creator = "admin";
  r.connector_id = "2";
  r.connector_name = "S3 连接器";
  r.type = ExportTaskType::kS3;
  S3Config& s3 = r.config.s3_config.emplace();
  s3.path = "/export/data/";
  s3.need_compress = true;
  s3.compress_method = "zip";
  r.files = {export_file("file_789", {"data", "processed", "result.json"})};
  const Json body = encode(r);
  EXPECT_EQ(body, load_fixture("e1_request_s3.json")) << body.dump(2);
  EXPECT_FALSE(body.at("config").contains("merge_title_to_text"));  // unset: not sent
}

TEST(EncodeRequest, E1MatrixOneMatchesDocumentExample) {
  CreateExportTaskRequest r;
  r.task_name = "导出到 MatrixOne 任务";
  r.creator = "admin";
  r.connector_id = "3";
  r.connector_name = "MatrixOne 连接器";
  r.type = ExportTaskType::kMatrixOne;
  MoConfig& mo = r.config.mo_config.emplace();
  mo.database_name = "test_db";
  mo.table_name = "documents";
  mo.new_table = true;
  MoColumnConfig& column = mo.column.emplace();
  column.export_column = std::vector<MoColumnMapping>{
      MoColumnMapping::make("content", "doc_content"), MoColumnMapping::make("title", "doc_title")};
  column.combine_column = std::vector<std::string>{"content", "title"};
  mo.duplicated_strategy = DuplicatedStrategy::kOverwrite;
  r.config.merge_title_to_text = false;
  r.files = {export_file("file_101", {"data", "documents", "report.pdf"})};
  EXPECT_EQ(encode(r), load_fixture("e1_request_mo.json"));
}

TEST(EncodeRequest, E1SeveralTargetsAtOnce) {
  CreateExportTaskRequest r;
  r.connector_id = "connector-x";  // not a number: sent as a string
  r.config.dify_config.emplace().dataset_id = "d";
  r.config.s3_config.emplace().path = "/p/";
  const Json body = encode(r);
  EXPECT_EQ(body.at("connector_id"), "connector-x");
  EXPECT_EQ(body.at("config"),
            (Json{{"dify_config", {{"dataset_id", "d"}}}, {"s3_config", {{"path", "/p/"}}}}));
  EXPECT_EQ(body.at("files"), Json::array());
}

TEST(EncodeRequest, E2MatchesDocumentExample) {
  ListExportTasksRequest r;
  r.offset = 0;
  r.limit = 10;
  r.statuses = std::vector<ExportTaskStatus>{static_cast<ExportTaskStatus>(1),
                                             static_cast<ExportTaskStatus>(2)};
  r.creator = "admin";
  r.order_by = "created_at";
  r.order_direction = SortOrder::kDescending;
  EXPECT_EQ(encode(r), load_fixture("e2_request.json"));
  EXPECT_EQ(encode(ListExportTasksRequest{}), Json::object());  // nothing set: empty body
}

TEST(EncodeRequest, E3AndE6MatchDocumentExamples) {
  ExportTaskIdRequest r;
  r.id = "task_123";
  EXPECT_EQ(encode(r), load_fixture("e3_request.json"));
  EXPECT_EQ(encode(r), load_fixture("e6_request.json"));
}

TEST(EncodeRequest, E4MatchesDocumentExample) {
  ListExportFilesRequest r;
  r.offset = 0;
  r.limit = 10;
  r.task_id = "task_123";
  r.statuses =
      std::vector<ExportFileStatus>{static_cast<ExportFileStatus>(1), ExportFileStatus::kSucceeded};
  r.order_by = "created_at";
  r.order_direction = SortOrder::kDescending;
  EXPECT_EQ(encode(r), load_fixture("e4_request.json"));

  ListExportFilesRequest minimal;
  minimal.task_id = "t";
  minimal.order_direction = SortOrder::kAscending;
  EXPECT_EQ(encode(minimal), (Json{{"task_id", "t"}, {"order_direction", "asc"}}));
}

TEST(EncodeRequest, ProcessModeHelpers) {
  EXPECT_EQ(encode(ProcessModeConfig::once()), (Json{{"interval", 0}, {"offset", 0}}));
  EXPECT_EQ(encode(ProcessModeConfig::on_new_files()), (Json{{"interval", -1}, {"offset", 0}}));
  EXPECT_EQ(encode(ProcessModeConfig::every(60, 5)), (Json{{"interval", 60}, {"offset", 5}}));
  EXPECT_EQ(ProcessModeConfig::on_new_files().kind(), ProcessModeKind::kOnNewFiles);
  EXPECT_EQ(ProcessModeConfig::every(1).kind(), ProcessModeKind::kPeriodic);
  ProcessModeConfig odd;
  odd.interval = -7;
  EXPECT_EQ(odd.kind(), ProcessModeKind::kOther);
  EXPECT_EQ(to_string(ProcessModeKind::kOnNewFiles), "on_new_files");
  EXPECT_THROW(ProcessModeConfig::every(0), InvalidArgumentError);
}

TEST(EncodeRequest, ExtraKeysAreSentButDoNotOverrideMembers) {
  Connection c = Connection::make("A.out", "B.in");
  c.extra = Json{{"label", "主线"}, {"sender", "ignored"}};
  EXPECT_EQ(encode(c), (Json{{"sender", "A.out"}, {"receiver", "B.in"}, {"label", "主线"}}));
}

TEST(EncodeRequest, NlohmannConversionsWork) {
  // ADL: implicit conversion to Json and get<T>().
  const Json j = ProcessModeConfig::every(5);
  EXPECT_EQ(j.at("interval"), 5);
  const auto back = j.get<ProcessModeConfig>();
  EXPECT_EQ(back.interval, 5);
}

}  // namespace
}  // namespace moi
