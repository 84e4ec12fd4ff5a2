// SPDX-License-Identifier: Apache-2.0
// The typed view of an extracted GenAI result, and parse_files(): submit, wait, then download
// and extract each file's result with a bounded pool of threads.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "core/safe_text.hpp"
#include "moi/helpers/genai.hpp"
#include "moi_internal/bounded_json.hpp"

namespace moi {
namespace {

namespace fs = std::filesystem;

std::string quote(std::string_view text) { return "\"" + detail::one_line(text) + "\""; }

// The whole file at @p path, at most @p max_bytes.
std::string read_bounded(const std::string& path, std::uint64_t max_bytes, const char* what) {
  if (path.empty()) throw InvalidArgumentError(std::string("the result has no ") + what);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InvalidArgumentError("cannot read " + quote(path));
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      throw InvalidArgumentError(quote(path) + " is larger than " + std::to_string(max_bytes) +
                                 " bytes");
    }
  }
  return text;
}

// True for the 36-character UUID text form (8-4-4-4-12 hex digits).
bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string GenaiResultView::read_markdown(std::uint64_t max_bytes) const {
  return read_bounded(markdown_path, max_bytes, "Markdown file");
}

Json GenaiResultView::read_parse_json(std::uint64_t max_bytes) const {
  const std::string text = read_bounded(parse_json_path, max_bytes, "_parse.json file");
  detail::BoundedJson parsed = detail::parse_json_bounded(text);
  if (!parsed.ok()) {
    throw DecodeError("", quote(parse_json_path) + " is not JSON: " + detail::one_line(parsed.error));
  }
  return std::move(parsed.value);
}

GenaiResultView open_genai_result(const std::string& folder) {
  struct stat info {};
  if (::lstat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    throw InvalidArgumentError("the result folder " + quote(folder) + " is not a directory");
  }
  GenaiResultView view;
  view.folder = folder;
  const std::string base = fs::path(folder).filename().string();
  view.name = base.size() > 37 && base[base.size() - 37] == '-' && is_uuid(base.substr(base.size() - 36))
                  ? base.substr(0, base.size() - 37)
                  : base;
  std::error_code error;
  std::vector<std::string> top_markdown;
  for (fs::recursive_directory_iterator it(folder, fs::directory_options::none, error), end;
       !error && it != end; it.increment(error)) {
    const fs::file_status status = it->symlink_status();
    if (!fs::is_regular_file(status)) continue;
    const std::string relative = fs::relative(it->path(), folder).string();
    const std::string path = it->path().string();
    if (relative == view.name + ".md") {
      view.markdown_path = path;
    } else if (relative == view.name + "_parse.json") {
      view.parse_json_path = path;
    } else if (relative.rfind("tables/", 0) == 0 && relative.find('/', 7) == std::string::npos &&
               it->path().extension() == ".html") {
      view.tables.push_back(path);
    } else if (relative.rfind("images/", 0) == 0 && relative.find('/', 7) == std::string::npos) {
      view.images.push_back(path);
    } else {
      if (relative.find('/') == std::string::npos && it->path().extension() == ".md") {
        top_markdown.push_back(path);
      }
      view.other_files.push_back(relative);
    }
  }
  if (error) throw InvalidArgumentError("cannot list " + quote(folder) + ": " + error.message());
  // A folder not named `{name}-{id}`: its only top-level Markdown file is the text.
  if (view.markdown_path.empty() && top_markdown.size() == 1) {
    view.markdown_path = top_markdown.front();
    const std::string relative = fs::relative(view.markdown_path, folder).string();
    view.other_files.erase(std::find(view.other_files.begin(), view.other_files.end(), relative));
  }
  std::sort(view.tables.begin(), view.tables.end());
  std::sort(view.images.begin(), view.images.end());
  std::sort(view.other_files.begin(), view.other_files.end());
  return view;
}

namespace {

bool is_url(const std::string& input) { return input.find("://") != std::string::npos; }

// The name the service gives a URL's file: its last path segment, query and fragment removed.
std::string url_file_name(const std::string& url) {
  std::string path = url.substr(url.find("://") + 3);
  path = path.substr(0, path.find_first_of("?#"));
  const auto slash = path.find('/');
  if (slash == std::string::npos) return {};
  return path.substr(path.rfind('/') + 1);
}

// Pairs each job file with the input it came from (by name, then by order) and throws
// DecodeError naming what is missing or extra.
void match_files(const std::vector<std::string>& inputs, const std::vector<std::string>& names,
                 const GenaiJob& job, std::vector<ParsedFile>& out) {
  out.assign(inputs.size(), ParsedFile{});
  std::vector<bool> used(job.files.size(), false);
  std::vector<bool> matched(inputs.size(), false);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    out[i].input = inputs[i];
    for (std::size_t f = 0; f < job.files.size(); ++f) {
      if (!used[f] && !names[i].empty() && job.files[f].file_name == names[i]) {
        used[f] = matched[i] = true;
        out[i].job_file = job.files[f];
        break;
      }
    }
  }
  // URLs the service named otherwise: pair what is left, in order.
  std::size_t next = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (matched[i] || !is_url(inputs[i])) continue;
    while (next < used.size() && used[next]) ++next;
    if (next == used.size()) break;
    used[next] = matched[i] = true;
    out[i].job_file = job.files[next];
  }
  std::string missing;
  std::string extra;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!matched[i]) missing += (missing.empty() ? "" : ", ") + quote(inputs[i]);
  }
  for (std::size_t f = 0; f < used.size(); ++f) {
    if (!used[f]) extra += (extra.empty() ? "" : ", ") + quote(job.files[f].file_name.value_or(""));
  }
  if (!missing.empty() || !extra.empty()) {
    std::string problem = "the job's files do not match what was submitted";
    if (!missing.empty()) problem += "; missing: " + missing;
    if (!extra.empty()) problem += "; extra: " + extra;
    throw DecodeError("data.files", problem);
  }
}

// Downloads and extracts one completed file into @p out_dir; fills folder or error.
void fetch_one(const GenaiClient& genai, const std::string& out_dir,
               const ParseFilesOptions& options, std::size_t index, ParsedFile& file) {
  const GenaiJobFile& job_file = *file.job_file;
  const std::string file_id = job_file.file_id.value_or("");
  if (file_id.empty()) {
    file.error = "the job reports no file_id for it";
    return;
  }
  // Named by position, never by the server's id (which could hold a slash).
  const std::string zip = out_dir + "/.moi-result-" + std::to_string(::getpid()) + "-" +
                          std::to_string(index) + ".zip";
  try {
    genai.download_result(file_id, zip, options.download, options.call);
    const ExtractedZip extracted = extract_zip(zip, out_dir, options.extract);
    file.folder = extracted.folder;
  } catch (const std::exception& error) {
    file.error = detail::one_line(error.what());
  }
  ::unlink(zip.c_str());
}

}  // namespace

ParseFilesResult parse_files(const Client& client, const std::vector<std::string>& inputs,
                             const std::vector<GenaiStep>& steps, const std::string& out_dir,
                             const ParseFilesOptions& options) {
  struct stat info {};
  if (out_dir.empty() || ::stat(out_dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    throw InvalidArgumentError("parse_files: the output folder " + quote(out_dir) +
                               " is not a directory");
  }
  if (inputs.empty()) throw InvalidArgumentError("parse_files: no input");
  GenaiPipelineRequest request;
  std::vector<std::string> names;  // the name each input is expected under
  for (const std::string& input : inputs) {
    if (is_url(input)) {
      request.file_urls.push_back(input);
      names.push_back(url_file_name(input));
    } else {
      request.files.push_back(UploadFile{input, {}, {}});
      names.push_back(fs::path(input).filename().string());
    }
  }
  request.steps = steps;
  request.meta = options.meta;
  request.max_file_bytes = options.max_file_bytes;
  request.on_warning = options.on_warning;
  const GenaiClient genai = client.genai();

  ParseFilesResult result;
  result.job_id = genai.submit(request, options.call).job_id.value_or("");
  if (result.job_id.empty()) throw DecodeError("data.job_id", "the submit answer has no job id");
  if (options.on_submitted) options.on_submitted(result.job_id);
  GenaiWaitOptions wait = options.wait;
  if (!wait.call.should_abort) wait.call.should_abort = options.call.should_abort;
  result.job = wait_for_genai_job(genai, result.job_id, wait);
  match_files(inputs, names, result.job, result.files);

  // Completed files are fetched by a bounded pool; the others carry their error message.
  std::vector<ParsedFile*> to_fetch;
  for (ParsedFile& file : result.files) {
    const GenaiJobFile& job_file = *file.job_file;
    const auto kind = job_file.file_status ? job_file.file_status->kind() : GenaiStatus::Kind::kOther;
    if (kind == GenaiStatus::Kind::kCompleted) {
      to_fetch.push_back(&file);
    } else if (kind == GenaiStatus::Kind::kFailed) {
      const std::string message = job_file.error_message.value_or("");
      file.error = "failed: " + detail::one_line(message.empty() ? "no error message" : message);
    } else {
      file.error = "not completed (status " +
                   quote(job_file.file_status ? job_file.file_status->text() : "") + ")";
    }
  }
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i = next++; i < to_fetch.size(); i = next++) {
      fetch_one(genai, out_dir, options, i, *to_fetch[i]);
    }
  };
  const std::size_t threads = std::min(std::max<std::size_t>(options.parallel, 1), to_fetch.size());
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
  return result;
}

}  // namespace moi
