// SPDX-License-Identifier: Apache-2.0
// Soak: many mixed calls from several threads sharing one moi::Client against a moi-emulator
// running in another process with --state (so that its growing state does not count in this
// process's memory, and every change goes through its durable store): workflows, jobs, exports,
// catalogs, file listings, multipart uploads from disk and streamed chat completions. Prints the
// figures; exits 1 on any error or when resident memory grew by more than
// --max-growth-kb after warm-up. Not part of the default test run: see scripts/soak.sh.
//
//   moi_soak --emulator PATH [--calls 100000] [--threads 4] [--max-growth-kb 5120]

#include <moi/moi.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Settings {
  std::string emulator;
  long calls = 100000;
  int threads = 4;
  long max_growth_kb = 5 * 1024;
};

long resident_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// Starts moi-emulator on a free port; returns its pid and fills @p base_url.
pid_t start_emulator(const std::string& path, const std::string& dir, std::string& base_url) {
  const std::string port_file = dir + "/port";
  const std::string state_file = dir + "/state.json";
  const pid_t pid = fork();
  if (pid == 0) {
    execl(path.c_str(), path.c_str(), "--port", "0", "--port-file", port_file.c_str(), "--api-key",
          "soak-key", "--file-duration-ms", "1", "--threads", "16", "--state", state_file.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 200; ++i) {
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      base_url = "http://127.0.0.1:" + std::to_string(port);
      return pid;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  kill(pid, SIGKILL);
  throw std::runtime_error("moi-emulator did not start: " + path);
}

// A named options object: GCC 12 at -O2 reports a false -Wmaybe-uninitialized inside
// nlohmann::json's destructor for a defaulted temporary argument here.
const moi::components::DocumentCleanerOptions& cleaner_options() {
  static const moi::components::DocumentCleanerOptions options;
  return options;
}

moi::WorkflowRequest small_workflow(int n) {
  moi::WorkflowRequest request;
  request.name = "soak-" + std::to_string(n);
  request.source_volume_names = {"soak-volume"};
  request.source_volume_ids = {"1889223879880048640"};
  request.file_types = {moi::FileType::kPdf};
  request.process_mode = moi::ProcessModeConfig::once();
  request.target_volume_id = "soak-target";
  request.create_target_volume_name = "soak-target";
  static const moi::WorkflowConfig pipeline =
      moi::PipelineBuilder().add(moi::components::document_cleaner(cleaner_options())).build();
  request.workflow = pipeline;
  request.files = std::vector<moi::Json>{{{"file_name", "a.pdf"}}, {{"file_name", "b.pdf"}}};
  return request;
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--emulator")
      settings.emulator = value;
    else if (flag == "--calls")
      settings.calls = std::stol(value);
    else if (flag == "--threads")
      settings.threads = std::stoi(value);
    else if (flag == "--max-growth-kb")
      settings.max_growth_kb = std::stol(value);
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  if (settings.emulator.empty() || settings.calls < 100 || settings.threads < 1) {
    std::cerr << "usage: moi_soak --emulator PATH [--calls N>=100] [--threads N] "
                 "[--max-growth-kb KB]\n";
    return 2;
  }

  char dir_template[] = "/tmp/moi-soak-XXXXXX";
  const char* dir = mkdtemp(dir_template);
  if (dir == nullptr) {
    std::cerr << "mkdtemp failed\n";
    return 1;
  }
  const std::string sample = std::string(dir) + "/sample.txt";
  std::ofstream(sample) << "soak sample: a small text file uploaded again and again\n";
  std::string base_url;
  const pid_t emulator = start_emulator(settings.emulator, dir, base_url);
  int exit_code = 0;
  try {
    moi::ClientOptions options;
    options.base_url = base_url;
    options.api_key = "soak-key";
    const moi::Client client(options);

    // A few objects for the reads to hit.
    const auto first = client.workflows().create(small_workflow(0));
    const auto job = moi::wait_for_first_job(client.jobs(), first.id.value_or(""));
    moi::CreateExportTaskRequest export_task;
    export_task.task_name = "soak-export";
    export_task.creator = "soak";
    export_task.connector_id = "1";
    export_task.connector_name = "Dify";
    moi::DifyConfig dify;
    dify.dataset_id = "d1";
    dify.dataset_name = "soak";
    dify.embedding_model = "m";
    export_task.config.dify_config = dify;
    moi::ExportFile file;
    file.file_id = "f1";
    file.full_path = {"soak", "a.pdf"};
    export_task.files = {file};
    client.exports().create(export_task);
    const std::string task_id = client.exports().list().tasks.at(0).id.value_or("");
    moi::LoadFilesRequest load;
    load.volume_name = "soak-volume";
    load.files = {moi::UploadFile{sample, "", ""}};
    const moi::LoadedVolume volume = moi::load_files(client, load);
    moi::UploadRequest upload;
    upload.volume_id = volume.volume_id;
    upload.files = {moi::UploadFile{sample, "", ""}};
    moi::ChatCompletionRequest chat;
    chat.model = "qwen-plus";
    chat.messages = {moi::ChatMessage{"user", "soak", {}, {}}};

    std::atomic<long> next{0};
    std::atomic<long> errors{0};
    std::mutex error_mutex;
    std::string first_error;
    const long warmup = settings.calls / 10;
    long rss_after_warmup = 0;
    std::atomic<bool> warm{false};
    std::mutex warm_mutex;

    const auto started = std::chrono::steady_clock::now();
    auto worker = [&] {
      for (long n = next++; n < settings.calls; n = next++) {
        if (n == warmup) {
          std::lock_guard<std::mutex> lock(warm_mutex);
          rss_after_warmup = resident_kb();
          warm = true;
        }
        try {
          switch (n % 10) {
            case 0:
              client.workflows().list();
              break;
            case 1:
              client.workflows().get(first.id.value_or(""));
              break;
            case 2:
              client.jobs().get_status(job.id.value_or(""));
              break;
            case 3:
              client.jobs().list_files(job.id.value_or(""));
              break;
            case 4:
              client.jobs().list();
              break;
            case 5:
              client.exports().get(task_id);
              break;
            case 6:
              client.exports().list();
              break;
            case 7:
              client.jobs().get(job.id.value_or(""));
              break;
            case 8:
              client.workflows().list_branches(first.id.value_or(""));
              break;
            default:
              // In 100 calls: a workflow create, an upload from disk, a streamed chat, a
              // catalog tree and a file listing; the rest of this slot reads export files.
              if (n % 100 == 9) {
                client.workflows().create(small_workflow(static_cast<int>(n)));
              } else if (n % 100 == 19) {
                client.files().upload(upload);
              } else if (n % 100 == 29) {
                client.llm().stream_chat_completion_whole(chat);
              } else if (n % 100 == 39) {
                client.catalog().tree();
              } else if (n % 100 == 49) {
                moi::ListFilesRequest files;
                files.page_size = 20;
                client.files().list(files);
              } else {
                moi::ListExportFilesRequest files;
                files.task_id = task_id;
                client.exports().list_files(files);
              }
          }
        } catch (const std::exception& error) {
          if (errors++ == 0) {
            std::lock_guard<std::mutex> lock(error_mutex);
            first_error = error.what();
          }
        }
      }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < settings.threads; ++t) threads.emplace_back(worker);
    for (auto& thread : threads) thread.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const long rss_end = resident_kb();
    const long growth = rss_end - rss_after_warmup;

    std::printf("soak: %ld calls from %d threads in %.1f s (%.0f calls/s)\n", settings.calls,
                settings.threads, seconds, static_cast<double>(settings.calls) / seconds);
    std::printf("soak: errors %ld%s%s\n", errors.load(),
                first_error.empty() ? "" : ", first: ", first_error.c_str());
    std::printf(
        "soak: resident memory %ld KiB after warm-up (%ld calls), %ld KiB at the end, "
        "growth %ld KiB (limit %ld KiB)\n",
        rss_after_warmup, warmup, rss_end, growth, settings.max_growth_kb);
    if (errors > 0 || growth > settings.max_growth_kb) exit_code = 1;
  } catch (const std::exception& error) {
    std::cerr << "soak failed: " << error.what() << "\n";
    exit_code = 1;
  }
  kill(emulator, SIGTERM);
  waitpid(emulator, nullptr, 0);
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  std::printf("soak: %s\n", exit_code == 0 ? "PASS" : "FAIL");
  return exit_code;
}
