// SPDX-License-Identifier: Apache-2.0
// A user's tests written with the testing kit of an INSTALLED moi-cpp (moi::testing): the
// in-process emulator on its manual clock, and the recording transport with no server at all.
// docs/testing-with-emulator.md shows parts of this file.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include <moi/moi.hpp>
#include <moi/testing/recording_transport.hpp>
#include <moi_emulator/emulator.hpp>

using namespace std::chrono_literals;

namespace {

// The workflow both tests create: three files, processed once.
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
  request.files = std::vector<moi::Json>{{{"file_name", "a.pdf"}},
                                         {{"file_name", "b.pdf"}},
                                         {{"file_name", "c.pdf"}}};
  return request;
}

}  // namespace

// [kit-emulator]
TEST(TestingKit, EmulatorRunsAWorkflowToCompletionOnTheManualClock) {
  const auto started = std::chrono::steady_clock::now();

  moi::emulator::EmulatorOptions emulator_options;
  emulator_options.api_key = "test-key";
  emulator_options.manual_clock = true;  // time moves only with advance()
  emulator_options.behavior.file_duration = 10s;
  moi::emulator::Emulator emulator(emulator_options);
  emulator.start();  // 127.0.0.1, port 0: an ephemeral port

  moi::ClientOptions options;
  options.base_url = emulator.base_url();
  options.api_key = "test-key";
  options.retry.sleeper = [](std::chrono::milliseconds) {};
  const moi::Client client(options);

  // The waiters sleep by advancing the emulator's clock and read their deadline from it.
  moi::JobWaitOptions wait;
  wait.sleeper = [&emulator](std::chrono::milliseconds d) { emulator.advance(d); };
  wait.clock = [&emulator] {
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(emulator.now_ms()));
  };

  const auto workflow = client.workflows().create(invoices_workflow());
  const auto job = moi::wait_for_first_job(client.jobs(), *workflow.id, wait);
  const auto status = moi::wait_for_job(client.jobs(), *job.id, wait);
  EXPECT_EQ(status.status, moi::JobStatus::kCompleted);
  EXPECT_EQ(emulator.request_count("W1"), 1u);

  // Thirty simulated seconds of work, in a few milliseconds of real time.
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_LT(elapsed, 1s);
  std::cout << "workflow done on the manual clock in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()
            << " ms\n";
}
// [kit-emulator]

// [kit-recording]
TEST(TestingKit, RecordingTransportSeesTheExactCreateBody) {
  auto transport = std::make_shared<moi::testing::RecordingTransport>();
  transport->push_response(moi::testing::ok_response({{"id", "wf-1"}}));
  const moi::Client client = moi::testing::make_client(transport);

  moi::WorkflowRequest request;
  request.name = "invoices";
  request.source_volume_names = {"inbox"};
  request.source_volume_ids = {"1889223879880048640"};
  request.file_types = {moi::FileType::kPdf};
  request.process_mode = moi::ProcessModeConfig::once();
  request.target_volume_id = "eb42f0a1-ab18-4010-b95c-cd1716dd5e95";
  request.create_target_volume_name = "processed";
  EXPECT_EQ(*client.workflows().create(request).id, "wf-1");

  ASSERT_EQ(transport->request_count(), 1u);
  const moi::HttpRequest sent = transport->last_request();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "http://moi.test/byoa/api/v1/workflow_meta");
  EXPECT_EQ(moi::Json::parse(sent.body), moi::Json::parse(R"({
    "name": "invoices",
    "source_volume_names": ["inbox"],
    "source_volume_ids": [1889223879880048640],
    "file_types": [2],
    "process_mode": {"interval": 0, "offset": 0},
    "target_volume_id": "eb42f0a1-ab18-4010-b95c-cd1716dd5e95",
    "create_target_volume_name": "processed",
    "workflow": {}
  })"));
}
// [kit-recording]
