// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the CLI tests: run `moi` in-process against an in-process emulator whose
// manual clock moves only when the CLI "sleeps" (polls of a wait, retry pauses), so waits
// finish instantly and deterministically.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "moi/moi.hpp"
#include "moi_cli/cli.hpp"
#include "moi_emulator/emulator.hpp"

namespace moi::cli::testing {

using Json = moi::Json;
using namespace std::chrono_literals;

/// A distinctive key, so tests can check it is never printed.
inline constexpr const char* kKey = "cli-test-secret-7f3a9c";

/// One run of `moi`: exit code and what it printed.
struct Outcome {
  int code = -1;
  std::string out;
  std::string err;

  /// stdout parsed as JSON (fails the test when it is not JSON).
  Json json() const {
    try {
      return Json::parse(out);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "stdout is not JSON: " << e.what() << "\n" << out << "\nstderr: " << err;
      return nullptr;
    }
  }
};

inline std::ostream& operator<<(std::ostream& os, const Outcome& run) {
  return os << "exit " << run.code << "\n--- stdout\n" << run.out << "--- stderr\n" << run.err;
}

/// Lines of @p text (without the newlines).
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// A W1 body whose job processes @p files (names) or, without names, 3 simulated files.
inline Json workflow_body(const std::string& name, const std::vector<std::string>& files = {}) {
  Json body{
      {"name", name},
      {"source_volume_names", {"b-vol1"}},
      {"source_volume_ids", {"1889223879880048640"}},
      {"target_volume_id", "eb42f0a1-ab18-4010-b95c-cd1716dd5e95"},
      {"create_target_volume_name", "new-target"},
      {"process_mode", {{"interval", 0}, {"offset", 0}}},
      {"file_types", {2}},
      {"priority", 300},
      {"workflow",
       {{"components",
         {{{"name", "DocumentCleaner"},
           {"type", "haystack.components.preprocessors.document_cleaner.DocumentCleaner"},
           {"component_id", "DocumentCleaner_1739377283742"},
           {"intro", "DocumentCleaner"},
           {"position", {{"x", 0}, {"y", 0}}},
           {"input_keys", Json::object()},
           {"output_keys", Json::object()},
           {"init_parameters", {{"remove_empty_lines", true}}},
           {"extra_node_info", {{"kept", "as sent"}}}}}},
        {"connections", Json::array()}}},
  };
  if (!files.empty()) {
    Json list = Json::array();
    for (const auto& f : files) list.push_back({{"file_name", f}, {"file_id", "src-" + f}});
    body["files"] = list;
  }
  return body;
}

/// An E1 body (MatrixOne target) exporting files with the given names.
inline Json export_body(const std::string& task_name, const std::vector<std::string>& names) {
  Json files = Json::array();
  for (std::size_t i = 0; i < names.size(); ++i) {
    files.push_back({{"file_id", "file_" + std::to_string(i)},
                     {"full_path", {"data", "documents", names[i]}},
                     {"is_raw", false}});
  }
  return Json{
      {"task_name", task_name},
      {"creator", "admin"},
      {"connector_id", 3},
      {"connector_name", "MatrixOne connector"},
      {"type", 3},
      {"config",
       {{"mo_config",
         {{"database_name", "test_db"},
          {"table_name", "documents"},
          {"new_table", true},
          {"column",
           {{"export_column", {{{"source_column", "content"}, {"mapping_column", "doc_content"}}}},
            {"combine_column", {"content", "title"}}}},
          {"duplicated_strategy", 1}}}}},
      {"files", files}};
}

/// Starts an emulator per test (manual clock, 1 s per file, 3 files per volume) and runs `moi`
/// with MOI_BASE_URL / MOI_API_KEY pointing at it.
class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    moi::emulator::EmulatorOptions options;
    options.api_key = kKey;
    options.seed = 42;
    options.manual_clock = true;
    options.behavior.file_duration = 1000ms;
    options.behavior.files_per_volume = 3;
    options.threads = 8;
    options.keep_alive_timeout_seconds = 1;
    emu_ = std::make_unique<moi::emulator::Emulator>(options);
    emu_->start();
    variables_ = {{"MOI_BASE_URL", emu_->base_url()}, {"MOI_API_KEY", kKey}};
    clear_signal();  // a signal recorded by an earlier test must not cancel this one
  }

  moi::emulator::Emulator& emu() { return *emu_; }

  /// The environment run() sees: the fake variables, no terminal, and a "sleep" that moves
  /// the emulator's clock and the waiters' steady clock together.
  Environment environment() {
    Environment env;
    env.getenv = [this](const std::string& name) -> std::optional<std::string> {
      auto it = variables_.find(name);
      if (it == variables_.end()) return std::nullopt;
      return it->second;
    };
    env.progress_tty = tty_;
    env.stdin_tty = stdin_tty_;
    env.stdout_columns = stdout_columns_;
    env.sleeper = [this](std::chrono::milliseconds d) {
      now_ += d;
      emu_->advance(d);
    };
    env.clock = [this] { return now_; };
    return env;
  }

  /// Runs `moi ARGS...` with @p input on stdin.
  Outcome moi(const std::vector<std::string>& args, const std::string& input = "") {
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    Outcome run;
    run.code = moi::cli::run(args, in, out, err, environment());
    run.out = out.str();
    run.err = err.str();
    return run;
  }

  /// An SDK client on the emulator, for setting up state quickly.
  moi::Client sdk() {
    moi::ClientOptions options;
    options.base_url = emu_->base_url();
    options.api_key = kKey;
    return moi::Client(options);
  }

  /// Creates a workflow through the CLI; returns its id.
  std::string create_workflow(const std::string& name, const std::vector<std::string>& files = {}) {
    const Outcome r = moi({"workflow", "create", "--json", workflow_body(name, files).dump()});
    EXPECT_EQ(r.code, 0) << r;
    return r.json().value("id", "");
  }

  /// The only job of a workflow.
  std::string job_of(const std::string& workflow_id) {
    moi::ListJobsRequest query;
    query.workflow_id = workflow_id;
    const auto page = sdk().jobs().list(query);
    EXPECT_EQ(page.jobs.size(), 1u);
    return page.jobs.empty() ? std::string() : page.jobs.front().id.value_or("");
  }

  /// Creates an export task through the CLI; returns the id it prints (found with E2).
  std::string create_export(const std::string& name, const std::vector<std::string>& files) {
    const Outcome r = moi({"export", "create", "--json", export_body(name, files).dump()});
    EXPECT_EQ(r.code, 0) << r;
    return r.json().value("id", "");
  }

  std::unique_ptr<moi::emulator::Emulator> emu_;
  std::map<std::string, std::string> variables_;
  std::chrono::steady_clock::time_point now_{};
  bool tty_ = false;
  bool stdin_tty_ = false;
  std::size_t stdout_columns_ = 0;  // > 0: standard output is a terminal this wide
};

}  // namespace moi::cli::testing
