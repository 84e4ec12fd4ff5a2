// SPDX-License-Identifier: Apache-2.0
// The example of docs/testing-with-emulator.md, verbatim (test name aside), so that the
// document's snippet is known to compile and pass. Keep the two in step.

#include <gtest/gtest.h>

#include <moi/moi.hpp>
#include "moi_emulator/emulator.hpp"

using namespace std::chrono_literals;

TEST(TestingWithEmulatorDoc, RetriesTheFailedFileUntilTheJobCompletes) {
  // An emulator on 127.0.0.1, ephemeral port, manual clock, one second per file.
  moi::emulator::EmulatorOptions emulator_options;
  emulator_options.api_key = "test-key";
  emulator_options.manual_clock = true;
  emulator_options.behavior.file_duration = 1s;
  moi::emulator::Emulator emulator(emulator_options);
  emulator.start();

  moi::ClientOptions options;
  options.base_url = emulator.base_url();
  options.api_key = "test-key";
  options.retry.sleeper = [](std::chrono::milliseconds) {};  // retries without sleeping
  const moi::Client client(options);

  // Waiters sleep by advancing the emulator's clock, and read their deadline from it.
  moi::JobWaitOptions wait;
  wait.sleeper = [&emulator](std::chrono::milliseconds d) { emulator.advance(d); };
  wait.clock = [&emulator] {
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(emulator.now_ms()));
  };

  moi::WorkflowRequest request;
  request.name = "invoices";
  request.source_volume_names = {"inbox"};
  request.source_volume_ids = {"1889223879880048640"};
  request.file_types = {moi::FileType::kPdf};
  request.process_mode = moi::ProcessModeConfig::once();
  request.target_volume_id = "eb42f0a1-ab18-4010-b95c-cd1716dd5e95";
  request.create_target_volume_name = "processed";
  request.workflow = moi::PipelineBuilder()
                         .add(moi::components::document_cleaner())
                         .add(moi::components::document_writer())
                         .connect("DocumentCleaner.documents", "DocumentWriter.documents")
                         .build();
  request.files = std::vector<moi::Json>{{{"file_name", "report.pdf"}},
                                         {{"file_name", "scan-fail.pdf"}},
                                         {{"file_name", "notes.pdf"}}};

  // The code under test would do this part.
  const auto workflow = client.workflows().create(request);
  const auto job = moi::wait_for_first_job(client.jobs(), *workflow.id, wait);
  EXPECT_EQ(moi::wait_for_job(client.jobs(), *job.id, wait).status, moi::JobStatus::kFailed);

  moi::ListJobFilesRequest failed_only;
  failed_only.statuses = {static_cast<moi::JobFileStatus>(3)};  // 3: failed
  std::vector<std::string> failed;
  for (const auto& file : moi::all_job_files(client.jobs(), *job.id, failed_only)) {
    failed.push_back(*file.id);
  }
  ASSERT_EQ(failed.size(), 1u);
  client.jobs().retry_files(*job.id, failed);
  EXPECT_EQ(moi::wait_for_job(client.jobs(), *job.id, wait).status, moi::JobStatus::kCompleted);

  // The emulator counts requests per endpoint ("W1" ... "E6"), retries included.
  EXPECT_EQ(emulator.request_count("W1"), 1u);
  EXPECT_EQ(emulator.request_count("J4"), 1u);
}
