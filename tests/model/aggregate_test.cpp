// SPDX-License-Identifier: Apache-2.0
// Model types are aggregates (docs/decisions/0004-model-aggregates.md): brace initialisation in
// declaration order works without -Wmissing-field-initializers warnings (this file is built
// with -Wall -Wextra -Werror), the factories still work and give the same value, and the
// private wire memo travels with copies and moves without being part of the value.

#include <gtest/gtest.h>

#include <type_traits>
#include <utility>
#include <vector>

#include "model_test_util.hpp"

namespace moi {
namespace {

using model_test::decode;
using model_test::encode;

// Every model type: aggregate, copyable, nothrow-movable.
template <class T>
constexpr bool kPlainValue =
    std::is_aggregate_v<T>&& std::is_copy_constructible_v<T>&& std::is_copy_assignable_v<T>&&
        std::is_nothrow_move_constructible_v<T>&& std::is_nothrow_move_assignable_v<T>;

#define MOI_ASSERT_PLAIN_VALUE(T) \
  static_assert(kPlainValue<T>, #T " must be a copyable, nothrow-movable aggregate")
// workflow.hpp
MOI_ASSERT_PLAIN_VALUE(ProcessModeConfig);
MOI_ASSERT_PLAIN_VALUE(Component);
MOI_ASSERT_PLAIN_VALUE(Connection);
MOI_ASSERT_PLAIN_VALUE(WorkflowConfig);
MOI_ASSERT_PLAIN_VALUE(WorkflowRequest);
MOI_ASSERT_PLAIN_VALUE(BranchRequest);
MOI_ASSERT_PLAIN_VALUE(WorkflowRecord);
MOI_ASSERT_PLAIN_VALUE(WorkflowListItem);
MOI_ASSERT_PLAIN_VALUE(WorkflowListResponse);
MOI_ASSERT_PLAIN_VALUE(WorkflowBranchItem);
MOI_ASSERT_PLAIN_VALUE(WorkflowDetail);
MOI_ASSERT_PLAIN_VALUE(ListWorkflowsRequest);
MOI_ASSERT_PLAIN_VALUE(ListBranchesRequest);
MOI_ASSERT_PLAIN_VALUE(DeleteOptions);
// job.hpp
MOI_ASSERT_PLAIN_VALUE(JobListItem);
MOI_ASSERT_PLAIN_VALUE(JobListResponse);
MOI_ASSERT_PLAIN_VALUE(JobDetail);
MOI_ASSERT_PLAIN_VALUE(JobFileInfo);
MOI_ASSERT_PLAIN_VALUE(JobFilesResponse);
MOI_ASSERT_PLAIN_VALUE(RetryJobFilesRequest);
MOI_ASSERT_PLAIN_VALUE(JobStatusInfo);
MOI_ASSERT_PLAIN_VALUE(ListJobsRequest);
MOI_ASSERT_PLAIN_VALUE(ListJobFilesRequest);
// export_task.hpp
MOI_ASSERT_PLAIN_VALUE(ExportFile);
MOI_ASSERT_PLAIN_VALUE(DifyConfig);
MOI_ASSERT_PLAIN_VALUE(S3Config);
MOI_ASSERT_PLAIN_VALUE(MoColumnMapping);
MOI_ASSERT_PLAIN_VALUE(MoColumnConfig);
MOI_ASSERT_PLAIN_VALUE(MoConfig);
MOI_ASSERT_PLAIN_VALUE(ExportConfig);
MOI_ASSERT_PLAIN_VALUE(CreateExportTaskRequest);
MOI_ASSERT_PLAIN_VALUE(ListExportTasksRequest);
MOI_ASSERT_PLAIN_VALUE(ExportTaskListItem);
MOI_ASSERT_PLAIN_VALUE(ExportTaskListResponse);
MOI_ASSERT_PLAIN_VALUE(ExportTaskIdRequest);
MOI_ASSERT_PLAIN_VALUE(ExportFileStats);
MOI_ASSERT_PLAIN_VALUE(ExportTaskInfo);
MOI_ASSERT_PLAIN_VALUE(ListExportFilesRequest);
MOI_ASSERT_PLAIN_VALUE(ExportFileItem);
MOI_ASSERT_PLAIN_VALUE(ExportFilesResponse);
#undef MOI_ASSERT_PLAIN_VALUE

// The example of docs/decisions/0004-model-aggregates.md.
TEST(ModelAggregate, DecisionRecordExample) {
  moi::MoColumnConfig columns;
  // [model-brace-init]
  moi::Connection c{"DocumentCleaner.documents", "DocumentWriter.documents"};
  moi::MoColumnMapping m{"content", "doc_content"};
  moi::ExportFile f{"file-id", {"data", "a.pdf"}, true};
  columns.export_column = {{"content", "chunk_text"}, {"title", "document_title"}};

  moi::ProcessModeConfig pm;  // member by member, as before
  pm.interval = 60;
  // [model-brace-init]
  EXPECT_EQ(c.receiver, "DocumentWriter.documents");
  EXPECT_EQ(m.mapping_column, "doc_content");
  EXPECT_EQ(f.full_path.size(), 2U);
  ASSERT_TRUE(columns.export_column.has_value());
  EXPECT_EQ((*columns.export_column)[1].source_column, "title");
  EXPECT_EQ(encode(pm), encode(ProcessModeConfig::every(60)));
}

TEST(ModelAggregate, ConnectionBraceInit) {
  const Connection c{"DocumentCleaner.documents", "DocumentWriter.documents"};
  EXPECT_EQ(encode(c), (Json{{"sender", "DocumentCleaner.documents"},
                             {"receiver", "DocumentWriter.documents"}}));
  // The factory is kept and gives the same value.
  EXPECT_EQ(encode(Connection::make("DocumentCleaner.documents", "DocumentWriter.documents")),
            encode(c));
  // Leaving out trailing members: they keep their defaults.
  const Connection only_sender{"A.out"};
  EXPECT_EQ(encode(only_sender), (Json{{"sender", "A.out"}}));
  // `extra` is the member after the documented ones.
  const Connection labelled{"A.out", "B.in", Json{{"label", "main"}}};
  EXPECT_EQ(encode(labelled), (Json{{"sender", "A.out"}, {"receiver", "B.in"}, {"label", "main"}}));
}

TEST(ModelAggregate, MoColumnMappingBraceInitInAList) {
  MoColumnConfig columns;
  columns.export_column = {{"content", "doc_content"}, {"title", "doc_title"}};
  columns.combine_column = {"title", "content"};
  EXPECT_EQ(encode(columns),
            (Json{{"export_column",
                   {{{"source_column", "content"}, {"mapping_column", "doc_content"}},
                    {{"source_column", "title"}, {"mapping_column", "doc_title"}}}},
                  {"combine_column", {"title", "content"}}}));
  EXPECT_EQ(encode(MoColumnMapping{"content", "doc_content"}),
            encode(MoColumnMapping::make("content", "doc_content")));
}

TEST(ModelAggregate, ExportFileBraceInit) {
  const ExportFile f{"file-1", {"data", "documents", "a.pdf"}, true};
  EXPECT_EQ(encode(f), (Json{{"file_id", "file-1"},
                             {"full_path", {"data", "documents", "a.pdf"}},
                             {"is_raw", true}}));
  const ExportFile result{"file-2", {"out", "b.md"}};  // is_raw keeps its default, false
  EXPECT_EQ(encode(result).at("is_raw"), false);
}

TEST(ModelAggregate, ConnectionListAssignment) {
  WorkflowConfig wf;
  wf.connections = {{"Cleaner.documents", "Splitter.documents"},
                    {"Splitter.documents", "Writer.documents"}};
  EXPECT_EQ(encode(wf),
            (Json{{"connections",
                   {{{"sender", "Cleaner.documents"}, {"receiver", "Splitter.documents"}},
                    {{"sender", "Splitter.documents"}, {"receiver", "Writer.documents"}}}}}));
}

TEST(ModelAggregate, SmallConfigsBraceInit) {
  EXPECT_EQ(encode(ProcessModeConfig{60, 5}), (Json{{"interval", 60}, {"offset", 5}}));
  EXPECT_EQ(encode(ProcessModeConfig{-1}), encode(ProcessModeConfig::on_new_files()));
  EXPECT_EQ(encode(DifyConfig{"ds-1", "docs"}),
            (Json{{"dataset_id", "ds-1"}, {"dataset_name", "docs"}}));
  EXPECT_EQ(encode(S3Config{"/export/", true, "zip"}),
            (Json{{"path", "/export/"}, {"need_compress", true}, {"compress_method", "zip"}}));
  EXPECT_EQ(encode(RetryJobFilesRequest{{"f1", "f2"}}), (Json{{"files", {"f1", "f2"}}}));
  EXPECT_EQ(encode(ExportTaskIdRequest{"task_123"}), (Json{{"id", "task_123"}}));
  const BranchRequest branch{"dev", WorkflowConfig{{}, std::vector<Connection>{{"A.o", "B.i"}}}};
  EXPECT_EQ(encode(branch),
            (Json{{"branch_name", "dev"},
                  {"workflow", {{"connections", {{{"sender", "A.o"}, {"receiver", "B.i"}}}}}}}));
}

TEST(ModelAggregate, NestedBraceInitOfARequest) {
  CreateExportTaskRequest r{"to-dify",
                            "admin",
                            "1",
                            "Dify",
                            ExportTaskType::kDify,
                            ExportConfig{DifyConfig{"ds-1"}},
                            {ExportFile{"f1", {"a.pdf"}, true}}};
  EXPECT_EQ(encode(r),
            (Json{{"task_name", "to-dify"},
                  {"creator", "admin"},
                  {"connector_id", 1},
                  {"connector_name", "Dify"},
                  {"type", 1},
                  {"config", {{"dify_config", {{"dataset_id", "ds-1"}}}}},
                  {"files", {{{"file_id", "f1"}, {"full_path", {"a.pdf"}}, {"is_raw", true}}}}}));
  // Value-initialised and default-initialised objects are the same.
  EXPECT_EQ(encode(WorkflowRequest{}), encode(WorkflowRequest()));
}

TEST(ModelAggregate, QueryTypesBraceInit) {
  const ListBranchesRequest branches{{WorkflowStatus::kRunning}};
  EXPECT_EQ(branches.status_in.size(), 1U);
  const DeleteOptions del{true};
  EXPECT_EQ(del.delete_data, true);
  const ListJobFilesRequest files{2, 50};
  EXPECT_EQ(files.page_num, 2);
  EXPECT_EQ(files.page_size, 50);
  EXPECT_TRUE(files.statuses.empty());
}

// The memo is carried by copies and moves, so a copied decoded object re-encodes exactly.
TEST(ModelAggregate, CopiesAndMovesKeepTheWireForm) {
  const Json input = model_test::fixture_data("w1_response.json");
  const auto record = decode<WorkflowRecord>(input);
  WorkflowRecord copy = record;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(encode(copy), input);
  WorkflowRecord moved = std::move(copy);
  EXPECT_EQ(encode(moved), input);
  WorkflowRecord assigned;
  assigned = record;
  EXPECT_EQ(encode(assigned), input);
  // Assigning a fresh value forgets the memo: canonical encoding again.
  assigned = WorkflowRecord{};
  EXPECT_EQ(encode(assigned), Json::object());
}

// The memo is not part of a value: holders of different memos compare equal.
TEST(ModelAggregate, MemoIsNotPartOfTheValue) {
  const auto decoded = decode<Connection>(Json{{"sender", nullptr}});
  const Connection fresh;
  EXPECT_TRUE(decoded.wire_ == fresh.wire_);
  EXPECT_FALSE(decoded.wire_ != fresh.wire_);
  // ... while encoding still tells them apart: null arrived, so null is written back.
  EXPECT_EQ(encode(decoded), (Json{{"sender", nullptr}}));
  EXPECT_EQ(encode(fresh), Json::object());
}

}  // namespace
}  // namespace moi
