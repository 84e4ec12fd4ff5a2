// SPDX-License-Identifier: Apache-2.0
// The examples of docs/errors-and-retries.md, each between its two `// [name]` markers.
// ctest runs this program against a moi-emulator (test doc_snippet_errors); every failure it
// provokes is one the emulator really answers with.

#include <moi/moi.hpp>

#include <chrono>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

moi::WorkflowRequest workflow_request(const std::string& name, int files) {
  moi::WorkflowRequest request;
  request.name = name;
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
  std::vector<moi::Json> list;
  for (int i = 0; i < files; ++i) {
    list.push_back({{"file_name", "doc-" + std::to_string(i) + ".pdf"}});
  }
  request.files = list;
  return request;
}

// [catch-all]
void print_job(const moi::Client& client, const std::string& job_id) {
  try {
    const moi::JobStatusInfo status = client.jobs().get_status(job_id);
    std::cout << job_id << ": " << moi::to_string(*status.status) << "\n";
  } catch (const moi::InvalidArgumentError& error) {  // rejected before sending
    std::cerr << error.what() << "\n";
  } catch (const moi::HttpError& error) {  // HTTP 4xx/5xx
    std::cerr << "HTTP " << error.http_status() << ": " << error.detail() << "\n";
  } catch (const moi::ServiceError& error) {  // HTTP 2xx with an error envelope
    std::cerr << "service error " << error.code() << ": " << error.service_message() << "\n";
  } catch (const moi::TransportError& error) {  // no answer; TimeoutError is a TransportError
    std::cerr << "no answer: " << error.what() << "\n";
  } catch (const moi::DecodeError& error) {  // an answer the SDK cannot read
    std::cerr << "bad answer at " << error.json_path() << ": " << error.problem() << "\n";
  } catch (const moi::Error& error) {  // CancelledError, and any kind added later
    std::cerr << moi::to_string(error.kind()) << ": " << error.what() << "\n";
  }
}
// [catch-all]

void field_errors(const moi::Client& client) {
  // [field-errors]
  moi::CreateExportTaskRequest request;
  request.task_name = "bad-connector";
  request.creator = "docs";
  request.connector_id = "dify-1";  // not a number: the service rejects it
  request.connector_name = "Dify connector";
  request.type = moi::ExportTaskType::kDify;
  try {
    client.exports().create(request);
  } catch (const moi::HttpError& error) {
    std::cerr << error.what() << "\n";
    for (const moi::FieldError& field : error.field_errors()) {  // FastAPI 422 entries
      std::cerr << "  " << field.location << ": " << field.message << " (" << field.type << ")\n";
    }
  }
  // [field-errors]
}

void invalid_arguments() {
  // [invalid-argument]
  moi::ClientOptions options;
  options.base_url = "freetier-01.cn-hangzhou.cluster.matrixonecloud.cn";  // no https://
  options.api_key = "my-key";
  try {
    const moi::Client client(options);
  } catch (const moi::InvalidArgumentError& error) {
    std::cerr << error.what() << "\n";  // names the option; never shows the key
  }
  // [invalid-argument]
}

void unsure_create(const moi::Client& client, const moi::WorkflowRequest& request) {
  // [outcome-unknown]
  try {
    client.workflows().create(request);
  } catch (const moi::TransportError& error) {
    if (!error.outcome_unknown()) throw;  // the request never left: safe to send again
    // The workflow may exist: look for it before creating it again.
    moi::ListWorkflowsRequest query;
    query.name_search = request.name;
    bool exists = false;
    for (const moi::WorkflowListItem& item : moi::all_workflows(client.workflows(), query)) {
      exists = exists || item.name == request.name;
    }
    if (!exists) client.workflows().create(request);
  }
  // [outcome-unknown]
}

moi::Client configured_client() {
  // [retry-options]
  moi::ClientOptions options = moi::ClientOptions::from_env();
  options.connect_timeout = std::chrono::seconds(3);
  options.timeout = std::chrono::seconds(20);  // per attempt, not per call
  options.retry.max_attempts = 6;              // the first attempt included
  options.retry.initial_backoff = std::chrono::milliseconds(500);
  options.retry.max_backoff = std::chrono::seconds(30);
  options.retry.max_retry_after = std::chrono::seconds(120);  // longest Retry-After honoured
  options.logger = [](moi::LogLevel level, const std::string& line) {
    if (level == moi::LogLevel::kWarning) std::cerr << "moi: " << line << "\n";  // each retry
  };
  const moi::Client client(options);
  // [retry-options]
  return client;
}

void per_call(const moi::Client& client, const moi::WorkflowRequest& request) {
  // [call-options]
  moi::CallOptions call;
  call.timeout = std::chrono::seconds(120);  // this call's attempts may take longer
  call.request_id = "nightly-import-2025-06-01";
  call.retry_non_idempotent = true;  // retry this create too: a lost answer may duplicate it
  client.workflows().create(request, call);
  // [call-options]
}

void cancel_a_wait(const moi::Client& client, const std::string& job_id) {
  // [cancel]
  moi::CancellationToken token;
  moi::JobWaitOptions wait;
  wait.call.should_abort = token.abort_check();  // checked before each poll and during calls

  auto waiting = std::async(std::launch::async, [&client, &job_id, &wait] {
    return moi::wait_for_job(client.jobs(), job_id, wait);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  token.cancel();  // from any thread
  try {
    waiting.get();
  } catch (const moi::CancelledError& error) {
    std::cerr << "stopped waiting: " << error.what() << "\n";
  }
  // [cancel]
}

}  // namespace

int main() {
  try {
    invalid_arguments();
    const moi::Client client = configured_client();
    print_job(client, "no-such-job");
    print_job(client, "");
    field_errors(client);
    unsure_create(client, workflow_request("errors-guide", 3));
    per_call(client, workflow_request("errors-guide-2", 3));

    const moi::WorkflowRecord slow = client.workflows().create(workflow_request("slow", 200));
    const moi::JobListItem job = moi::wait_for_first_job(client.jobs(), slow.id.value());
    cancel_a_wait(client, job.id.value());
    std::cout << "done\n";
    return 0;
  } catch (const moi::Error& error) {
    std::cerr << "errors snippets failed: " << error.what() << "\n";
    return 1;
  }
}
