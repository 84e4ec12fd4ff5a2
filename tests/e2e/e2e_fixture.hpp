// SPDX-License-Identifier: Apache-2.0
// End-to-end tests: the SDK (real libcurl transport) against an in-process moi-emulator on an
// ephemeral loopback port. The emulator runs on a manual clock; waiters get a sleeper that
// advances it, and the retry policy a sleeper that only records, so no test sleeps.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "moi/moi.hpp"
#include "moi_emulator/emulator.hpp"

namespace moi::e2e {

namespace emu = moi::emulator;
using namespace std::chrono_literals;

inline constexpr const char* kApiKey = "e2e-test-key";

/// Manual clock, a fixed seed, one second per file, files processed one at a time.
inline emu::EmulatorOptions emulator_options() {
  emu::EmulatorOptions options;
  options.api_key = kApiKey;
  options.seed = 7;
  options.manual_clock = true;
  options.behavior.file_duration = 1000ms;
  options.behavior.files_per_volume = 3;
  options.threads = 16;
  options.keep_alive_timeout_seconds = 2;
  return options;
}

/// A pipeline made with the builder: DocumentCleaner -> DocumentSplitter -> DocumentWriter.
inline WorkflowConfig cleaning_pipeline() {
  return PipelineBuilder()
      .add(components::document_cleaner())
      .add(components::document_splitter())
      .add(components::document_writer())
      .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
      .connect("DocumentSplitter.documents", "DocumentWriter.documents")
      .build();
}

/// A W1 body; @p files are file names (empty: the emulator simulates 3 files per volume).
inline WorkflowRequest workflow_request(const std::string& name,
                                        const std::vector<std::string>& files = {}) {
  WorkflowRequest request;
  request.name = name;
  request.source_volume_names = {"e2e-inbox"};
  request.source_volume_ids = {"1889223879880048640"};
  request.file_types = {FileType::kPdf, FileType::kDocx};
  request.process_mode = ProcessModeConfig::once();
  request.priority = 300;
  request.target_volume_id = "eb42f0a1-ab18-4010-b95c-cd1716dd5e95";
  request.create_target_volume_name = "e2e-processed";
  request.workflow = cleaning_pipeline();
  if (!files.empty()) {
    std::vector<Json> items;
    for (std::size_t i = 0; i < files.size(); ++i) {
      items.push_back(Json{{"file_name", files[i]}, {"file_id", "src-" + std::to_string(i)}});
    }
    request.files = items;
  }
  return request;
}

/// Config of an export to @p type, as the documents' E1 examples have it.
inline ExportConfig export_config(ExportTaskType type) {
  ExportConfig config;
  switch (type) {
    case ExportTaskType::kDify: {
      DifyConfig dify;
      dify.dataset_id = "dataset_123";
      dify.dataset_name = "e2e dataset";
      dify.embedding_model = "text-embedding-ada-002";
      config.dify_config = dify;
      config.merge_title_to_text = false;
      break;
    }
    case ExportTaskType::kS3: {
      S3Config s3;
      s3.path = "/export/data/";
      s3.need_compress = true;
      s3.compress_method = "zip";
      config.s3_config = s3;
      break;
    }
    default: {
      MoConfig mo;
      mo.database_name = "test_db";
      mo.table_name = "documents";
      mo.new_table = true;
      MoColumnConfig columns;
      columns.export_column = {MoColumnMapping::make("content", "doc_content"),
                               MoColumnMapping::make("title", "doc_title")};
      columns.combine_column = {"content", "title"};
      mo.column = columns;
      mo.duplicated_strategy = DuplicatedStrategy::kOverwrite;
      config.mo_config = mo;
      config.merge_title_to_text = false;
      break;
    }
  }
  return config;
}

/// An E1 body exporting @p files (file names) to @p type.
inline CreateExportTaskRequest export_request(ExportTaskType type, const std::string& name,
                                              const std::vector<std::string>& files,
                                              const std::string& creator = "e2e",
                                              const std::string& connector = "e2e connector") {
  CreateExportTaskRequest request;
  request.task_name = name;
  request.creator = creator;
  request.connector_id = std::to_string(static_cast<int>(type));
  request.connector_name = connector;
  request.type = type;
  request.config = export_config(type);
  for (std::size_t i = 0; i < files.size(); ++i) {
    ExportFile file;
    file.file_id = "file_" + std::to_string(i);
    file.full_path = {"data", "documents", files[i]};
    file.is_raw = false;
    request.files.push_back(file);
  }
  return request;
}

/// Starts an emulator and a Client pointed at it for every test.
class E2ETest : public ::testing::Test {
 protected:
  void SetUp() override { start(emulator_options()); }

  void start(const emu::EmulatorOptions& options) {
    client_.reset();
    emulator_.reset();
    emulator_ = std::make_unique<emu::Emulator>(options);
    emulator_->start();
    client_ = std::make_unique<Client>(client_options());
  }

  ClientOptions client_options(const std::string& key = kApiKey) {
    ClientOptions options;
    options.base_url = emulator_->base_url();
    options.api_key = key;
    options.timeout = 30s;
    options.retry.jitter_seed = 1;
    options.retry.sleeper = [this](std::chrono::milliseconds delay) {
      std::lock_guard<std::mutex> lock(sleeps_mutex_);
      retry_sleeps_.push_back(delay);
    };
    return options;
  }

  emu::Emulator& emulator() { return *emulator_; }
  const Client& client() const { return *client_; }
  WorkflowClient workflows() const { return client_->workflows(); }
  JobClient jobs() const { return client_->jobs(); }
  ExportClient exports() const { return client_->exports(); }

  /// Waiter options on the emulator's clock: sleeping advances it, the deadline reads it.
  template <class Options = WaitOptions>
  Options on_emulator_time(Options options = {}) const {
    emu::Emulator* e = emulator_.get();
    options.timeout = 30min;
    options.initial_interval = 500ms;
    options.max_interval = 5s;
    options.sleeper = [e](std::chrono::milliseconds delay) { e->advance(delay); };
    options.clock = [e] {
      return std::chrono::steady_clock::time_point(std::chrono::milliseconds(e->now_ms()));
    };
    return options;
  }

  /// Retry delays the SDK asked for so far.
  std::vector<std::chrono::milliseconds> retry_sleeps() {
    std::lock_guard<std::mutex> lock(sleeps_mutex_);
    return retry_sleeps_;
  }

  /// W1, then the workflow's first job (J1): {workflow id, job id}.
  std::pair<std::string, std::string> create_with_job(const WorkflowRequest& request) {
    const WorkflowRecord record = workflows().create(request);
    EXPECT_TRUE(record.id.has_value());
    const JobListItem job = wait_for_first_job(jobs(), record.id.value_or(""), on_emulator_time());
    return {record.id.value_or(""), job.id.value_or("")};
  }

  /// E1 answers null: the id of the task named @p name, found with E2 (filtered by creator).
  std::string task_id_named(const std::string& name, const std::string& creator = "e2e") {
    ListExportTasksRequest query;
    query.creator = creator;
    for (const auto& task : all_export_tasks(exports(), query)) {
      if (task.name == name && task.id) return *task.id;
    }
    ADD_FAILURE() << "no export task named " << name;
    return {};
  }

  /// Every job file of @p job_id (J3 through the pagination range).
  std::vector<JobFileInfo> files_of(const std::string& job_id, ListJobFilesRequest query = {}) {
    std::vector<JobFileInfo> out;
    for (const auto& file : all_job_files(jobs(), job_id, std::move(query))) out.push_back(file);
    return out;
  }

 private:
  std::unique_ptr<emu::Emulator> emulator_;
  std::unique_ptr<Client> client_;
  std::mutex sleeps_mutex_;
  std::vector<std::chrono::milliseconds> retry_sleeps_;
};

/// Runs @p call and returns the moi::Error it throws (fails the test when it does not throw).
template <class Error = moi::Error, class Call>
std::optional<Error> error_of(Call&& call) {
  try {
    call();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected an exception";
  return std::nullopt;
}

}  // namespace moi::e2e
