// SPDX-License-Identifier: Apache-2.0
// genai actions (G1-G4): `genai parse` (also `moi parse`: the one-call path of
// moi::parse_files), `genai job` and `genai download`.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "commands.hpp"
#include "moi/helpers/genai.hpp"
#include "moi/helpers/waiters.hpp"
#include "safety.hpp"
#include "usage_error.hpp"

namespace moi::cli {
namespace {

namespace fs = std::filesystem;

GenaiResultRoute result_route(const Invocation& inv) {
  const std::string route = inv.option("--result-route").value_or("raws");
  if (route == "raws") return GenaiResultRoute::kRaws;
  if (route == "results") return GenaiResultRoute::kResults;
  throw UsageError("--result-route: \"" + route + "\" is not raws or results");
}

// --steps parse,chunk,... or the --step-json objects; ParseNode alone by default.
std::vector<GenaiStep> steps_of(const Invocation& inv) {
  const std::vector<std::string> objects = inv.values("--step-json");
  if (!objects.empty() && inv.option("--steps")) {
    throw UsageError("--steps and --step-json: give one of them");
  }
  std::vector<GenaiStep> steps;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const std::string where = "--step-json #" + std::to_string(i + 1);
    moi::Json value;
    try {
      value = moi::Json::parse(objects[i]);
    } catch (const moi::Json::exception&) {
      throw UsageError(where + ": not JSON");
    }
    if (!value.is_object())
      throw UsageError(where + ": not a JSON object {\"node\", \"parameters\"}");
    try {
      GenaiStep step;
      from_json(value, step);
      steps.push_back(std::move(step));
    } catch (const Error& e) {
      throw UsageError(where + ": " + e.what());
    }
  }
  if (!objects.empty()) return steps;
  const std::string names = inv.option("--steps").value_or("parse");
  std::size_t start = 0;
  while (start <= names.size()) {
    std::size_t comma = names.find(',', start);
    if (comma == std::string::npos) comma = names.size();
    const std::string name = names.substr(start, comma - start);
    start = comma + 1;
    if (name == "parse") {
      steps.push_back(GenaiStep::parse());
    } else if (name == "chunk") {
      steps.push_back(GenaiStep::chunk());
    } else if (name == "embed") {
      steps.push_back(GenaiStep::embed());
    } else if (name == "extract") {
      steps.push_back(GenaiStep::extract());
    } else {
      throw UsageError("--steps: \"" + name +
                       "\" is not a step (parse, chunk, embed, extract; --step-json for others)");
    }
  }
  return steps;
}

std::string status_text(const std::optional<GenaiJobFile>& file) {
  if (!file || !file->file_status) return "missing";
  return file->file_status->text();
}

Table parse_table(const std::vector<ParsedFile>& files) {
  Table table{{"STATUS", "INPUT", "FILE_ID", "FOLDER_OR_ERROR"}, {}};
  for (const ParsedFile& f : files) {
    table.rows.push_back({f.ok() ? "completed" : status_text(f.job_file), f.input,
                          f.job_file ? f.job_file->file_id.value_or("") : "",
                          f.ok() ? f.folder : f.error});
  }
  return table;
}

Table job_files_table(const GenaiJob& job) {
  Table table{{"FILE_ID", "FILE_NAME", "FILE_STATUS", "START_TIME", "END_TIME", "ERROR_MESSAGE"},
              {}};
  for (const GenaiJobFile& f : job.files) {
    table.rows.push_back({f.file_id.value_or(""), f.file_name.value_or(""),
                          f.file_status ? f.file_status->text() : "", f.start_time.text(),
                          f.end_time.text(), f.error_message.value_or("")});
  }
  return table;
}

}  // namespace

Result genai_parse(const Invocation& inv) {
  const std::vector<GenaiStep> steps = steps_of(inv);
  const std::string out_dir = inv.option("--out").value_or(".");
  ParseFilesOptions options;
  options.download.route = result_route(inv);
  options.call = inv.call;
  options.wait.call = inv.call;
  options.wait.timeout = inv.wait_timeout;
  if (inv.env.sleeper) options.wait.sleeper = inv.env.sleeper;
  if (inv.env.clock) options.wait.clock = inv.env.clock;
  if (const auto parallel = inv.integer("--parallel", 1, 64)) {
    options.parallel = static_cast<std::size_t>(*parallel);
  }
  options.on_warning = [&inv](const std::string& warning) {
    inv.diagnostics.line("moi: warning: " + warning);
  };

  if (inv.flag("--no-wait")) {
    GenaiPipelineRequest request;
    for (const std::string& input : inv.args) {
      if (input.find("://") != std::string::npos) {
        request.file_urls.push_back(input);
      } else {
        UploadFile file;
        file.path = input;
        request.files.push_back(file);
      }
    }
    request.steps = steps;
    request.on_warning = options.on_warning;
    const GenaiJobCreated created = inv.client.genai().submit(request, inv.call);
    return {Json{{"job_id", created.job_id.value_or("")}}};
  }

  options.on_submitted = [&inv](const std::string& job_id) {
    inv.diagnostics.line("moi: job " + job_id);
  };
  // On a terminal, a line per file whose status changed since the previous poll.
  std::map<std::string, std::string> shown;
  if (inv.diagnostics.tty()) {
    options.wait.on_progress = [&inv, &shown](const GenaiJob& job, std::chrono::milliseconds) {
      for (const GenaiJobFile& f : job.files) {
        const std::string id = f.file_id.value_or("");
        const std::string status = f.file_status ? f.file_status->text() : "";
        auto& last = shown[id];
        if (last == status) continue;
        last = status;
        inv.diagnostics.line("moi: " + f.file_name.value_or(id) + ": " + status);
      }
    };
  }
  // A missing --out folder is created (with its parents, as mkdir -p), and removed again if
  // the command fails before anything was written into it (bad input: nothing was sent).
  std::error_code ignored;
  const bool create_out = !fs::exists(out_dir, ignored);
  if (create_out) {
    std::error_code error;
    fs::create_directories(out_dir, error);
    if (error) {
      throw UsageError("cannot create the output folder " + escape_controls(out_dir) + ": " +
                       error.message());
    }
  }
  ParseFilesResult parsed;
  try {
    parsed = parse_files(inv.client, inv.args, steps, out_dir, options);
  } catch (...) {
    if (create_out) fs::remove(out_dir, ignored);  // only when still empty
    throw;
  }
  Json records = Json::array();
  for (const ParsedFile& f : parsed.files) {
    Json record = {{"input", f.input},
                   {"file_id", f.job_file ? f.job_file->file_id.value_or("") : ""},
                   {"file_name", f.job_file ? f.job_file->file_name.value_or("") : ""},
                   {"status", f.ok() ? "completed" : status_text(f.job_file)}};
    if (f.ok()) {
      record["folder"] = f.folder;
    } else {
      record["error"] = f.error;
    }
    records.push_back(std::move(record));
  }
  Result result{records, parse_table(parsed.files)};
  for (const ParsedFile& f : parsed.files) {
    if (f.ok()) continue;
    result.exit_code = kExitService;
    inv.diagnostics.line("moi: " + f.input + ": " + f.error);
  }
  return result;
}

Result genai_job(const Invocation& inv) {
  const GenaiJob job = inv.client.genai().get_job(inv.id, inv.call);
  return {job, job_files_table(job)};
}

Result genai_download(const Invocation& inv) {
  const auto out = inv.option("--out");
  if (!out || out->empty()) throw UsageError("--out FILE is required");
  GenaiDownloadOptions download;
  download.route = result_route(inv);
  const std::uint64_t bytes = inv.client.genai().download_result(inv.id, *out, download, inv.call);
  return {Json{{"file_id", inv.id}, {"path", *out}, {"bytes", bytes}}};
}

}  // namespace moi::cli
