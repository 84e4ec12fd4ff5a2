// SPDX-License-Identifier: Apache-2.0
// Decoding of every response example of the two API documents (tests/fixtures/*_response.json):
// each test asserts the decoded values.

#include <gtest/gtest.h>

#include "model_test_util.hpp"

namespace moi {
namespace {

using model_test::decode;
using model_test::fixture_data;

constexpr std::int64_t kMs20250530T094558 = 1748598358000;  // 2025-05-30T09:45:58Z

TEST(DecodeFixture, W1CreatedRecord) {
  const auto r = decode<WorkflowRecord>(fixture_data("w1_response.json"));
  EXPECT_EQ(r.id, "cf68d259-9cd6-4f44-a0a4-5674c79da083");
  EXPECT_EQ(r.name, "test");
  EXPECT_EQ(r.user_id, "01960e07-60ec-7a3c-b45f-415b7e40e8bf");
  EXPECT_EQ(r.group_id, "");
  EXPECT_EQ(r.creator, "admin");
  EXPECT_EQ(r.modifier, "admin");
  EXPECT_EQ(r.version, "1");
  EXPECT_EQ(r.priority, 300);
  EXPECT_EQ(r.created_at.form(), Timestamp::Form::kText);
  EXPECT_EQ(r.created_at.text(), "2025-05-30T09:45:58");
  EXPECT_EQ(r.created_at.epoch_ms(), kMs20250530T094558);
  EXPECT_EQ(r.updated_at.epoch_ms(), kMs20250530T094558);
  // flow_interval / flow_offset are exposed as process_mode.
  ASSERT_TRUE(r.process_mode.has_value());
  EXPECT_EQ(r.process_mode->interval, 0);
  EXPECT_EQ(r.process_mode->offset, 0);
  EXPECT_EQ(r.process_mode->kind(), ProcessModeKind::kOnce);
  // Arrays sent as JSON text.
  ASSERT_TRUE(r.file_types.has_value());
  EXPECT_EQ(*r.file_types,
            (std::vector<FileType>{FileType::kTxt, FileType::kPdf, FileType::kPpt, FileType::kWord,
                                   FileType::kMarkdown, FileType::kCsv, FileType::kDocx,
                                   FileType::kPptx}));
  ASSERT_TRUE(r.files.has_value());
  EXPECT_TRUE(r.files->empty());
  EXPECT_EQ(r.source_volume_ids, std::vector<std::string>{"1928383194482323456"});
  EXPECT_EQ(r.source_volume_names, std::vector<std::string>{"b_vol3"});
  EXPECT_EQ(r.target_volume_id, "04614636-b858-4b13-99bf-a036d9351289");
  EXPECT_EQ(r.target_volume_name, "b_vol3");
  EXPECT_TRUE(r.extra.is_null());  // every key of the example is modelled
}

TEST(DecodeFixture, W2WorkflowList) {
  const auto r = decode<WorkflowListResponse>(fixture_data("w2_response.json"));
  EXPECT_EQ(r.total, 20);
  ASSERT_EQ(r.workflows.size(), 1U);
  const WorkflowListItem& w = r.workflows[0];
  EXPECT_EQ(w.id, "YOUR_WORKFLOW_ID_1");
  EXPECT_EQ(w.name, "Alpha Workflow");
  EXPECT_EQ(w.created_at.form(), Timestamp::Form::kEpochMs);
  EXPECT_EQ(w.created_at.epoch_ms(), 1739377287000);
  EXPECT_EQ(w.updated_at.epoch_ms(), 1739377755000);
  EXPECT_EQ(w.creator, "YOUR_USERNAME");
  EXPECT_EQ(w.modifier, "YOUR_USERNAME");
  EXPECT_EQ(w.source_volume_ids, std::vector<std::string>{"YOUR_SOURCE_VOLUME_ID_1"});
  EXPECT_EQ(w.source_volume_names, std::vector<std::string>{"b-vol1"});
  EXPECT_EQ(w.file_types, std::vector<FileType>{FileType::kPdf});
  EXPECT_EQ(w.target_volume_id, "YOUR_TARGET_VOLUME_ID_1");
  EXPECT_EQ(w.target_volume_name, "a-vol1");
  ASSERT_TRUE(w.process_mode.has_value());
  EXPECT_EQ(w.process_mode->interval, 0);
  EXPECT_EQ(w.process_mode->offset, 0);
  EXPECT_EQ(w.priority, 300);
  EXPECT_EQ(w.status, WorkflowStatus::kCompleted);
  EXPECT_EQ(w.version, "1.0");
  EXPECT_EQ(w.branch_total, 1);
  EXPECT_EQ(w.branch_id, "YOUR_BRANCH_ID_1");
  EXPECT_EQ(w.branch_name, "main");
  EXPECT_EQ(w.branch_status, BranchStatus::kEnabled);
  EXPECT_EQ(w.branch_volume_id, "YOUR_BRANCH_TARGET_VOLUME_ID_1");
  EXPECT_TRUE(w.extra.is_null());
}

TEST(DecodeFixture, W3WorkflowDetail) {
  const auto d = decode<WorkflowDetail>(fixture_data("w3_response.json"));
  EXPECT_EQ(d.id, "YOUR_WORKFLOW_ID");
  EXPECT_EQ(d.name, "Detailed Workflow Test");
  EXPECT_EQ(d.source_volume_ids, std::vector<std::string>{"YOUR_SOURCE_VOLUME_ID_1"});
  EXPECT_EQ(d.source_volume_names, std::vector<std::string>{"b-vol1"});
  EXPECT_EQ(d.target_volume_id, "YOUR_TARGET_VOLUME_ID_W");
  EXPECT_EQ(d.target_volume_name, "a-vol2");
  EXPECT_EQ(d.file_types, std::vector<FileType>{FileType::kPdf});
  ASSERT_TRUE(d.process_mode.has_value());
  EXPECT_EQ(d.process_mode->interval, 5);
  EXPECT_EQ(d.process_mode->kind(), ProcessModeKind::kPeriodic);
  EXPECT_EQ(d.priority, 300);
  EXPECT_EQ(d.created_at.epoch_ms(), 1739435482000);
  EXPECT_EQ(d.updated_at.epoch_ms(), 1739436347000);
  EXPECT_EQ(d.creator, "YOUR_USERNAME");
  EXPECT_EQ(d.status, WorkflowStatus::kRunning);
  EXPECT_EQ(d.branch_id, "YOUR_MAIN_BRANCH_ID");
  EXPECT_EQ(d.branch_name, "main");
  EXPECT_EQ(d.branch_status, BranchStatus::kEnabled);
  EXPECT_EQ(d.branch_volume_id, "YOUR_MAIN_BRANCH_TARGET_VOLUME_ID");
  EXPECT_EQ(d.version, "1.2");

  ASSERT_TRUE(d.workflow.has_value());
  ASSERT_TRUE(d.workflow->components.has_value());
  ASSERT_EQ(d.workflow->components->size(), 2U);
  const Component& cleaner = (*d.workflow->components)[0];
  EXPECT_EQ(cleaner.name, "DocumentCleaner");
  EXPECT_EQ(cleaner.type, "haystack.components.preprocessors.document_cleaner.DocumentCleaner");
  EXPECT_EQ(cleaner.component_id, "DocumentCleaner_1739435482000");
  EXPECT_EQ(cleaner.intro, "DocumentCleaner");
  EXPECT_EQ(cleaner.position, (Json{{"x", 0}, {"y", 0}}));
  EXPECT_EQ(cleaner.input_keys, Json::object());
  ASSERT_TRUE(cleaner.init_parameters.has_value());
  EXPECT_EQ(cleaner.init_parameters->at("remove_empty_lines"), true);
  EXPECT_EQ(cleaner.init_parameters->at("remove_regex"),
            "([a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+)|https?://[^\\s]+");
  const Component& writer = (*d.workflow->components)[1];
  EXPECT_EQ(
      writer.init_parameters->at("document_store").at("init_parameters").at("embedding_dimension"),
      1024);
  ASSERT_TRUE(d.workflow->connections.has_value());
  ASSERT_EQ(d.workflow->connections->size(), 1U);
  EXPECT_EQ((*d.workflow->connections)[0].sender, "DocumentCleaner.documents");
  EXPECT_EQ((*d.workflow->connections)[0].receiver, "DocumentWriter.documents");
  EXPECT_EQ(d.workflow->edges, std::vector<Json>{});
  EXPECT_EQ(d.workflow->extra_components, std::vector<Json>{});

  ASSERT_TRUE(d.branches.has_value());
  ASSERT_EQ(d.branches->size(), 2U);
  const WorkflowBranchItem& dev = (*d.branches)[1];
  EXPECT_EQ(dev.branch_id, "YOUR_DEV_BRANCH_ID");
  EXPECT_EQ(dev.created_at.epoch_ms(), 1739500000000);
  EXPECT_EQ(dev.updated_at.epoch_ms(), 1739501000000);
  EXPECT_EQ(dev.creator, "YOUR_DEVELOPER_USERNAME");
  EXPECT_EQ(dev.modifier, "YOUR_DEVELOPER_USERNAME");
  EXPECT_EQ(dev.status, WorkflowStatus::kRunning);
  EXPECT_EQ(dev.branch_name, "dev-feature-x");
  EXPECT_EQ(dev.branch_status, BranchStatus::kEnabled);
  EXPECT_EQ(dev.branch_volume_id, "YOUR_DEV_BRANCH_TARGET_VOLUME_ID");
  ASSERT_TRUE(dev.workflow.has_value());
  ASSERT_EQ(dev.workflow->components->size(), 2U);
  EXPECT_EQ((*dev.workflow->components)[1].init_parameters->at("split_length"), 800);
  EXPECT_EQ((*d.branches)[0].branch_name, "main");
}

TEST(DecodeFixture, B2BranchList) {
  const auto r = decode<WorkflowListResponse>(fixture_data("b2_response.json"));
  EXPECT_EQ(r.total, 2);
  ASSERT_EQ(r.workflows.size(), 2U);
  const WorkflowListItem& alpha = r.workflows[0];
  EXPECT_EQ(alpha.id, "workflow_id_for_branch_1");
  EXPECT_EQ(alpha.name, "Parent Workflow Name - Branch Alpha");
  EXPECT_EQ(alpha.branch_id, "branch_uuid_alpha");
  EXPECT_EQ(alpha.branch_name, "alpha-feature");
  EXPECT_EQ(alpha.branch_status, BranchStatus::kEnabled);
  EXPECT_EQ(alpha.branch_volume_id, "target_vol_for_alpha_branch");
  // Members the branch list leaves out stay unset.
  EXPECT_FALSE(alpha.status.has_value());
  EXPECT_FALSE(alpha.process_mode.has_value());
  EXPECT_TRUE(alpha.created_at.is_unset());
  EXPECT_FALSE(alpha.created_at.epoch_ms().has_value());
  const WorkflowListItem& beta = r.workflows[1];
  EXPECT_EQ(beta.name, "Parent Workflow Name - Branch Beta");
  EXPECT_EQ(beta.branch_status, BranchStatus::kDisabled);
  EXPECT_EQ(beta.branch_volume_id, "target_vol_for_beta_branch");
}

TEST(DecodeFixture, B3BranchDetail) {
  const auto d = decode<WorkflowDetail>(fixture_data("b3_response.json"));
  EXPECT_EQ(d.id, "parent_workflow_uuid");
  EXPECT_EQ(d.name, "Parent Workflow Name (Branch: feature-x)");
  ASSERT_TRUE(d.workflow.has_value());
  EXPECT_FALSE(d.workflow->components.has_value());
  EXPECT_FALSE(d.workflow->connections.has_value());
  EXPECT_EQ(d.branch_id, "your_branch_id");
  EXPECT_EQ(d.branch_name, "feature-x");
  EXPECT_EQ(d.branch_status, BranchStatus::kEnabled);
  EXPECT_EQ(d.branch_volume_id, "target_vol_for_feature_x_branch");
  EXPECT_FALSE(d.branches.has_value());  // null
  EXPECT_FALSE(d.status.has_value());
}

TEST(DecodeFixture, J1JobList) {
  const auto r = decode<JobListResponse>(fixture_data("j1_response.json"));
  EXPECT_EQ(r.total, 20);
  ASSERT_EQ(r.jobs.size(), 1U);
  const JobListItem& j = r.jobs[0];
  EXPECT_EQ(j.id, "job_uuid_1");
  EXPECT_EQ(j.name, "Alpha Job");
  EXPECT_EQ(j.created_at.epoch_ms(), 1739377287000);
  EXPECT_EQ(j.updated_at.epoch_ms(), 1739377755000);
  EXPECT_EQ(j.creator, "admin_user");
  EXPECT_EQ(j.modifier, "admin_user");
  EXPECT_EQ(j.status, JobStatus::kCompleted);
  EXPECT_EQ(j.version, "1.0");
  EXPECT_EQ(j.workflow_meta_id, "ff5d119a-4e94-4968-ac0c-6ef64fcabb6c");
  EXPECT_EQ(j.workflow_branch_id, "main");
}

TEST(DecodeFixture, J2JobDetailAsDocumented) {
  // The document's J2 example is W1's workflow record; JobDetail decodes it.
  const auto d = decode<JobDetail>(fixture_data("j2_response.json"));
  EXPECT_EQ(d.id, "cf68d259-9cd6-4f44-a0a4-5674c79da083");
  EXPECT_EQ(d.name, "test");
  EXPECT_EQ(d.user_id, "01960e07-60ec-7a3c-b45f-415b7e40e8bf");
  EXPECT_EQ(d.created_at.epoch_ms(), kMs20250530T094558);
  ASSERT_TRUE(d.process_mode.has_value());
  EXPECT_EQ(d.process_mode->interval, 0);
  EXPECT_EQ(d.file_types->size(), 8U);
  EXPECT_EQ(d.file_types->back(), FileType::kPptx);
  EXPECT_EQ(d.source_volume_ids, std::vector<std::string>{"1928383194482323456"});
  EXPECT_EQ(d.source_volume_names, std::vector<std::string>{"b_vol3"});
  EXPECT_EQ(d.target_volume_name, "b_vol3");
  EXPECT_EQ(d.priority, 300);
  EXPECT_EQ(d.version, "1");
  EXPECT_TRUE(d.files->empty());
  EXPECT_FALSE(d.status.has_value());
  EXPECT_TRUE(d.extra.is_null());
}

TEST(DecodeFixture, J3JobFiles) {
  const auto r = decode<JobFilesResponse>(fixture_data("j3_response.json"));
  ASSERT_EQ(r.files.size(), 1U);
  const JobFileInfo& f = r.files[0];
  EXPECT_EQ(f.id, "file_uuid_1");
  EXPECT_EQ(f.file_name, "document_part_1.pdf");
  EXPECT_EQ(f.file_type, FileType::kPdf);
  EXPECT_EQ(f.file_status, static_cast<JobFileStatus>(3));
  EXPECT_FALSE(f.error_message.has_value());
  EXPECT_EQ(f.start_time.text(), "2025-01-15T10:30:00");
  EXPECT_EQ(f.start_time.epoch_ms(), 1736937000000);  // taken as UTC
  EXPECT_EQ(f.end_time.epoch_ms(), 1736937300000);
  EXPECT_EQ(f.source_id, "source_file_123");
  EXPECT_EQ(f.ref_file_id, "ref_123");
  EXPECT_EQ(f.target_volume_id, "target_volume_uuid");
  EXPECT_EQ(r.file_total, 5);
  EXPECT_EQ(r.total, 10);
  EXPECT_EQ(r.completed, 5);
  EXPECT_EQ(r.failed, 1);
  EXPECT_EQ(r.processing, 2);
  EXPECT_EQ(r.pending, 2);
  EXPECT_EQ(r.stopped, 0);
}

TEST(DecodeFixture, J5JobStatus) {
  const auto s = decode<JobStatusInfo>(fixture_data("j5_response.json"));
  EXPECT_EQ(s.job_id, "your_job_id");
  EXPECT_EQ(s.status, JobStatus::kCompleted);
  EXPECT_EQ(s.message, "Job completed successfully.");
  EXPECT_EQ(s.progress, 100.0);
  EXPECT_EQ(s.start_time.epoch_ms(), 1739377287000);
  EXPECT_EQ(s.end_time.epoch_ms(), 1739377755000);
}

TEST(DecodeFixture, E2ExportTaskList) {
  const auto r = decode<ExportTaskListResponse>(fixture_data("e2_response.json"));
  EXPECT_EQ(r.total, 1);
  ASSERT_EQ(r.tasks.size(), 1U);
  const ExportTaskListItem& t = r.tasks[0];
  EXPECT_EQ(t.id, "string");
  EXPECT_EQ(t.name, "string");
  EXPECT_EQ(t.connector_name, "string");
  EXPECT_EQ(t.type, ExportTaskType::kDify);
  EXPECT_EQ(t.status, static_cast<ExportTaskStatus>(2));
  EXPECT_EQ(t.export_source, (std::vector<std::vector<std::string>>{{"string"}}));
  EXPECT_EQ(t.create_time.text(), "2024-01-01T00:00:00Z");
  EXPECT_EQ(t.create_time.epoch_ms(), 1704067200000);
  EXPECT_EQ(t.end_time.epoch_ms(), 1704070800000);
}

TEST(DecodeFixture, E3ExportTaskInfo) {
  const auto t = decode<ExportTaskInfo>(fixture_data("e3_response.json"));
  EXPECT_EQ(t.id, "task_123");
  EXPECT_EQ(t.name, "导出到 Dify 任务");
  EXPECT_EQ(t.creator, "admin");
  EXPECT_EQ(t.connector_name, "Dify 连接器");
  EXPECT_EQ(t.type, ExportTaskType::kDify);
  EXPECT_EQ(t.status, static_cast<ExportTaskStatus>(2));
  ASSERT_TRUE(t.config.has_value());
  ASSERT_TRUE(t.config->dify_config.has_value());
  EXPECT_EQ(t.config->dify_config->dataset_id, "dataset_123");
  EXPECT_EQ(t.config->dify_config->dataset_name, "测试数据集");
  EXPECT_EQ(t.config->dify_config->embedding_model, "text-embedding-ada-002");
  EXPECT_EQ(t.config->merge_title_to_text, false);
  EXPECT_FALSE(t.config->s3_config.has_value());
  EXPECT_FALSE(t.config->mo_config.has_value());
  EXPECT_EQ(t.create_time.epoch_ms(), 1704067200000);
  EXPECT_EQ(t.end_time.epoch_ms(), 1704070800000);
  ASSERT_TRUE(t.file_stats.has_value());
  EXPECT_EQ(t.file_stats->total, 100);
  EXPECT_EQ(t.file_stats->pending, 10);
  EXPECT_EQ(t.file_stats->running, 20);
  EXPECT_EQ(t.file_stats->failed, 5);
  EXPECT_EQ(t.file_stats->completed, 65);
  EXPECT_EQ(t.file_stats->file_success, 65);
  EXPECT_EQ(t.file_stats->file_fail, 5);
  EXPECT_TRUE(t.file_stats->extra.is_null());
}

TEST(DecodeFixture, E4ExportFiles) {
  const auto r = decode<ExportFilesResponse>(fixture_data("e4_response.json"));
  EXPECT_EQ(r.total, 50);
  EXPECT_EQ(r.total_failure, 5);
  EXPECT_EQ(r.total_files, 50);
  EXPECT_EQ(r.total_success, 45);
  ASSERT_EQ(r.files.size(), 2U);
  const ExportFileItem& ok = r.files[0];
  EXPECT_EQ(ok.id, "file_123");
  EXPECT_EQ(ok.status, ExportFileStatus::kSucceeded);
  EXPECT_EQ(ok.full_path, (std::vector<std::string>{"data", "documents", "test.pdf"}));
  EXPECT_EQ(ok.details, "导出成功");
  EXPECT_EQ(ok.create_time.epoch_ms(), 1704067200000);
  EXPECT_EQ(ok.start_time.epoch_ms(), 1704067200000);
  EXPECT_EQ(ok.end_time.epoch_ms(), 1704070800000);
  EXPECT_EQ(ok.file_name, "test.pdf");
  EXPECT_EQ(ok.file_type, 1);
  const ExportFileItem& bad = r.files[1];
  EXPECT_EQ(bad.id, "file_124");
  EXPECT_EQ(bad.status, ExportFileStatus::kFailed);
  EXPECT_EQ(bad.details, "导出失败：文件格式不支持");
  EXPECT_EQ(bad.end_time.epoch_ms(), 1704067560000);
  EXPECT_EQ(bad.file_name, "report.docx");
  EXPECT_EQ(bad.file_type, 2);
}

// The emulator's E4 items also carry the E1 file's `file_id` and `is_raw` (docs/emulator.md):
// typed members, not `extra`, whichever form the id takes.
TEST(DecodeFixture, E4ItemFileIdAndIsRawAreTyped) {
  const auto item = decode<ExportFileItem>(Json{{"id", "f-1"},
                                                {"file_id", "1889223879880048641"},
                                                {"is_raw", true},
                                                {"full_path", {"inbox", "a.pdf"}},
                                                {"status", 2}});
  EXPECT_EQ(item.file_id, "1889223879880048641");
  EXPECT_EQ(item.is_raw, true);
  EXPECT_TRUE(item.extra.is_null() || item.extra.empty()) << item.extra.dump();
  const auto numeric = decode<ExportFileItem>(Json{{"file_id", 1889223879880048641ULL}});
  EXPECT_EQ(numeric.file_id, "1889223879880048641");
}

TEST(DecodeFixture, NullDataEnvelopesAreValid) {
  for (const char* name :
       {"w4_response.json", "w5_response.json", "w6_response.json", "b1_response.json",
        "b4_response.json", "b5_response.json", "j4_response.json", "e1_response.json",
        "e5_response.json", "e6_response.json"}) {
    const Json envelope = model_test::load_fixture(name);
    EXPECT_EQ(envelope.at("code"), "ok") << name;
    EXPECT_TRUE(envelope.at("data").is_null()) << name;
  }
}

}  // namespace
}  // namespace moi
