// SPDX-License-Identifier: Apache-2.0
// The short examples of README.md and README.zh-CN.md, each between its two `// [name]`
// markers. ctest runs this program against a moi-emulator (test doc_snippet_readme).

#include <moi/moi.hpp>

#include <chrono>
#include <future>
#include <iostream>
#include <string>
#include <vector>

namespace {

moi::WorkflowRequest small_workflow(const std::string& name, const moi::WorkflowConfig& pipeline) {
  moi::WorkflowRequest request;
  request.name = name;
  request.source_volume_names = {"inbox"};
  request.source_volume_ids = {"1889223879880048640"};
  request.target_volume_id = "eb42f0a1-ab18-4010-b95c-cd1716dd5e95";
  request.create_target_volume_name = "inbox-processed";
  request.file_types = {moi::FileType::kPdf};
  request.process_mode = moi::ProcessModeConfig::once();
  request.workflow = pipeline;
  return request;
}

}  // namespace

int main() {
  try {
    // [client-options]
    // MOI_BASE_URL and MOI_API_KEY from the environment, then what you want to change:
    moi::ClientOptions options = moi::ClientOptions::from_env();
    options.connect_timeout = std::chrono::seconds(5);  // DNS + TCP + TLS (default 10 s)
    options.timeout = std::chrono::seconds(30);         // one whole attempt (default 60 s)
    options.retry.max_attempts = 5;                     // 1 turns retries off (default 4)
    options.user_agent_suffix = "invoice-importer/2.1";
    options.logger = [](moi::LogLevel level, const std::string& line) {
      if (level >= moi::LogLevel::kWarning) std::cerr << "moi: " << line << "\n";
    };
    const moi::Client client(options);  // validates the options; sends nothing
    // [client-options]

    // [pipeline]
    moi::components::DocumentSplitterOptions chunks;  // defaults: the API documents' values
    chunks.split_by = "sentence";
    chunks.split_length = 10;
    const moi::WorkflowConfig pipeline =
        moi::PipelineBuilder()
            .add(moi::components::document_cleaner())
            .add(moi::components::document_splitter(chunks))
            .add(moi::components::document_writer())
            .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
            .connect("DocumentSplitter.documents", "DocumentWriter.documents")
            .build();  // throws moi::InvalidArgumentError: unknown component, cycle, ...
    // [pipeline]

    const moi::WorkflowRecord workflow =
        client.workflows().create(small_workflow("readme-invoices", pipeline));
    const std::string job_id = moi::wait_for_first_job(client.jobs(), *workflow.id).id.value();

    // [waiters]
    moi::JobWaitOptions wait;
    wait.timeout = std::chrono::minutes(10);  // then moi::JobWaitTimeoutError
    wait.on_progress = [](const moi::JobProgress& progress) {
      std::cout << progress.status.progress.value_or(0) << "% after " << progress.elapsed.count()
                << " ms\n";
    };
    const moi::JobStatusInfo final_status = moi::wait_for_job(client.jobs(), job_id, wait);
    if (final_status.status == moi::JobStatus::kFailed) {
      std::cout << "failed: " << final_status.message.value_or("") << "\n";
    }
    // [waiters]

    // [call-options]
    moi::CallOptions call;
    call.timeout = std::chrono::seconds(5);     // this call only
    call.request_id = "invoice-importer-0001";  // sent as X-Request-ID
    const moi::JobStatusInfo status = client.jobs().get_status(job_id, call);
    // [call-options]
    std::cout << "status " << moi::to_string(*status.status) << "\n";

    // [pagination]
    moi::ListJobsRequest query;
    query.sort_field = "created_at";
    query.page_size = 50;                           // one J1 request per 50 jobs
    query.sort_order = moi::SortOrder::kAscending;  // oldest first: stable while jobs are added
    for (const moi::JobListItem& job : moi::all_jobs(client.jobs(), query)) {
      std::cout << *job.id << "  " << moi::to_string(*job.status) << "\n";
    }
    // [pagination]

    // [errors]
    try {
      client.jobs().get_status("no-such-job");
    } catch (const moi::HttpError& error) {  // the service answered 4xx/5xx
      std::cerr << "HTTP " << error.http_status() << ": " << error.detail() << "\n";
    } catch (const moi::TransportError& error) {  // no answer (TimeoutError is one)
      std::cerr << "network: " << error.what() << "\n";
    } catch (const moi::Error& error) {  // anything else the SDK throws
      std::cerr << moi::to_string(error.kind()) << ": " << error.what() << "\n";
    }
    // [errors]

    std::vector<std::string> job_ids;
    for (const moi::JobListItem& job : moi::all_jobs(client.jobs())) job_ids.push_back(*job.id);

    // [threads]
    std::vector<std::future<moi::JobStatusInfo>> calls;
    for (const std::string& id : job_ids) {
      calls.push_back(std::async(std::launch::async, [&client, id] {  // one Client, N threads
        return client.jobs().get_status(id);
      }));
    }
    for (auto& call : calls) {
      std::cout << moi::to_string(*call.get().status) << "\n";  // get() rethrows a moi::Error
    }
    // [threads]
    return 0;
  } catch (const moi::Error& error) {
    std::cerr << "readme snippets failed: " << error.what() << "\n";
    return 1;
  }
}
