// SPDX-License-Identifier: Apache-2.0
// The C++ examples of docs/testing-with-emulator.md and docs/emulator.md, each between its two
// `// [name]` markers: GoogleTest tests against the in-process emulator, run by ctest
// (doc_snippet_testing_with_emulator).

// [emulator-test]
#include <gtest/gtest.h>

#include <moi/moi.hpp>
#include "moi_emulator/emulator.hpp"

using namespace std::chrono_literals;

TEST(MyApp, RetriesTheFailedFileUntilTheJobCompletes) {
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
// [emulator-test]

namespace {

// A workflow without `files`: the emulator simulates three files for its one source volume.
moi::WorkflowRequest invoices_workflow() {
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
  return request;
}

}  // namespace

TEST(EmulatorDoc, CountsRequestsAndInjectsFaults) {
  // [emulator-in-process]
  moi::emulator::EmulatorOptions opts;
  opts.api_key = "test-key";
  opts.manual_clock = true;  // time moves only with advance()
  opts.behavior.file_duration = std::chrono::seconds(1);
  moi::emulator::Emulator emu(opts);
  int port = emu.start();             // 127.0.0.1, ephemeral port
  std::string base = emu.base_url();  // "http://127.0.0.1:PORT"

  moi::ClientOptions options;
  options.base_url = base;
  options.api_key = "test-key";
  options.retry.sleeper = [](std::chrono::milliseconds) {};  // retry without sleeping
  const moi::Client client(options);

  const auto workflow = client.workflows().create(invoices_workflow());  // 3 simulated files
  emu.advance(std::chrono::seconds(3));  // its 3 simulated files are now done
  const auto job = client.jobs().list().jobs.at(0);
  EXPECT_EQ(client.jobs().get_status(*job.id).status, moi::JobStatus::kCompleted);
  EXPECT_EQ(emu.request_count(moi::emulator::Endpoint::kW1CreateWorkflow), 1u);
  EXPECT_EQ(emu.request_count("J5"), 1u);  // by short id

  emu.inject(moi::emulator::Fault::k503, 2);  // the next two requests get 503
  client.workflows().get(*workflow.id);       // retried twice by the SDK, then 200
  EXPECT_EQ(emu.request_count("W3"), 3u);
  // [emulator-in-process]
  EXPECT_GT(port, 0);
}
