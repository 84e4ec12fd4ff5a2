// SPDX-License-Identifier: Apache-2.0
#include "moi/genai_client.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ostream>
#include <set>
#include <utility>
#include <vector>

#include "clients/endpoints.hpp"
#include "clients/local_files.hpp"
#include "clients/validate.hpp"
#include "core/safe_text.hpp"
#include "moi_internal/ascii.hpp"

namespace moi {

using detail::make_call;
namespace ep = detail::endpoints;

namespace {

constexpr const char* kContext = "genai pipeline";

// An http or https URL with a host and no space or control character.
void check_file_url(const std::string& url, std::size_t index) {
  const std::string where = "file_urls[" + std::to_string(index) + "]";
  const auto quoted = [&url] {
    return "\"" + detail::one_line(detail::without_userinfo(url)) + "\"";
  };
  if (url.empty()) throw InvalidArgumentError(where + " is empty");
  for (const char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      throw InvalidArgumentError(where + " " + quoted() + " holds a space or control character");
    }
  }
  const auto scheme_end = url.find("://");
  const std::string_view scheme = scheme_end == std::string::npos
                                      ? std::string_view()
                                      : std::string_view(url).substr(0, scheme_end);
  if (!detail::iequals(scheme, "http") && !detail::iequals(scheme, "https")) {
    throw InvalidArgumentError(where + " " + quoted() + " is not an http or https URL");
  }
  const std::string_view rest = std::string_view(url).substr(scheme_end + 3);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  const std::string_view host = authority.substr(
      authority.rfind('@') == std::string_view::npos ? 0 : authority.rfind('@') + 1);
  if (host.empty() || host.front() == ':') {
    throw InvalidArgumentError(where + " " + quoted() + " has no host");
  }
}

// Whether an answer is the result's bytes: 2xx and not a JSON (envelope) body.
bool is_result_body(const HttpResponse& head) {
  if (head.status < 200 || head.status >= 300) return false;
  const std::string type = head.header("content-type");
  return !(type.size() >= 16 &&
           detail::iequals(std::string_view(type).substr(0, 16), "application/json"));
}

// Feeds the body to @p write, checking the ZIP signature, the size bound and reporting
// progress. The first bytes are held until the signature can be judged.
class ResultSink {
 public:
  ResultSink(std::string file_id, const GenaiDownloadOptions& download,
             std::function<void(std::string_view)> write)
      : file_id_(std::move(file_id)), download_(download), write_(std::move(write)) {}

  void operator()(std::string_view chunk) {
    if (received_ + chunk.size() > download_.max_bytes) {
      throw TransportError("genai result of file " + detail::one_line(file_id_) +
                               ": the answer is larger than the limit of " +
                               std::to_string(download_.max_bytes) +
                               " bytes (GenaiDownloadOptions::max_bytes)",
                           0, false, false);
    }
    received_ += chunk.size();
    if (!judged_) {
      head_.append(chunk);
      if (head_.size() < 4) return;
      judge();
      write_(head_);
      head_.clear();
    } else {
      write_(chunk);
    }
    if (download_.on_progress) download_.on_progress(received_);
  }

  /// After the call: a body shorter than the signature is judged now.
  void finish() {
    if (received_ == 0) {
      throw DecodeError("", "genai result of file " + detail::one_line(file_id_) +
                                " is empty (0 bytes), not a ZIP archive");
    }
    if (!judged_) {
      judge();
      write_(head_);
      head_.clear();
      if (download_.on_progress) download_.on_progress(received_);
    }
  }

  std::uint64_t received() const noexcept { return received_; }

 private:
  void judge() {
    judged_ = true;
    if (!download_.require_zip) return;
    const bool zip = head_.size() >= 4 && head_[0] == 'P' && head_[1] == 'K' &&
                     ((head_[2] == 3 && head_[3] == 4) || (head_[2] == 5 && head_[3] == 6));
    if (!zip) {
      throw DecodeError("", "genai result of file " + detail::one_line(file_id_) +
                                " is not a ZIP archive (it starts with \"" +
                                detail::one_line(head_.substr(0, 16)) + "\")");
    }
  }

  std::string file_id_;
  const GenaiDownloadOptions& download_;
  std::function<void(std::string_view)> write_;
  std::string head_;
  bool judged_ = false;
  std::uint64_t received_ = 0;
};

// Removes a file unless released (the `.part` file of a download that failed).
class PartFile {
 public:
  explicit PartFile(std::string path) : path_(std::move(path)) {
    ::unlink(path_.c_str());  // a stale `.part` of an earlier failed run
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      const int error = errno;
      throw InvalidArgumentError("cannot create " + detail::quote_path(path_) + ": " +
                                 std::strerror(error));
    }
  }
  ~PartFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!done_) ::unlink(path_.c_str());
  }
  PartFile(const PartFile&) = delete;
  PartFile& operator=(const PartFile&) = delete;

  void write(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int error = errno;
        throw TransportError(
            "writing " + detail::quote_path(path_) + " failed: " + std::strerror(error), 0, false,
            false);
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  /// Closes the file and renames it to @p final_path.
  void commit(const std::string& final_path) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0 || std::rename(path_.c_str(), final_path.c_str()) != 0) {
      const int error = errno;
      throw TransportError(
          "cannot complete " + detail::quote_path(final_path) + ": " + std::strerror(error), 0,
          false, false);
    }
    done_ = true;
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool done_ = false;
};

}  // namespace

GenaiClient::GenaiClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

GenaiJobCreated GenaiClient::submit(const GenaiPipelineRequest& request,
                                    const CallOptions& options) const {
  if (request.file_urls.empty() && request.files.empty()) {
    throw InvalidArgumentError(std::string(kContext) + ": no file_urls and no local files");
  }
  for (std::size_t i = 0; i < request.file_urls.size(); ++i) {
    check_file_url(request.file_urls[i], i);
  }
  const std::vector<std::string> warnings = validate_genai_steps(request.steps);
  std::vector<detail::CheckedFile> files;
  files.reserve(request.files.size());
  std::set<std::string> names;
  for (const UploadFile& file : request.files) {
    files.push_back(detail::check_local_file(file, request.max_file_bytes, kContext,
                                             "GenaiPipelineRequest::max_file_bytes",
                                             files.size() < detail::kDescriptorsKept));
    if (!names.insert(files.back().name).second) {
      throw InvalidArgumentError(std::string(kContext) + ": two local files are named " +
                                 detail::quote_path(files.back().name) +
                                 " (file_names must tell them apart)");
    }
  }
  for (const std::string& warning : warnings) {
    if (request.on_warning) {
      request.on_warning(warning);
    } else if (runner_->options().logger) {
      runner_->options().logger(LogLevel::kWarning, warning);
    }
  }

  Json steps = Json::array();
  for (const GenaiStep& step : request.steps) steps.push_back(Json(step));
  auto call = make_call(ep::kG1SubmitGenaiPipeline);
  if (files.empty()) {
    Json body{{"file_urls", request.file_urls},
              {"file_names", Json::array()},
              {"steps", std::move(steps)}};
    if (request.meta) body["meta"] = *request.meta;
    call.body = std::move(body);
    return runner_->run_as<GenaiJobCreated>(call, options);
  }

  // Multipart, as the document shows it: the `files` parts, then `payload`.
  Json file_names = Json::array();
  std::vector<std::uint64_t> sizes;
  for (detail::CheckedFile& file : files) {
    file_names.push_back(file.name);
    sizes.push_back(file.size);
    MultipartPart part;
    part.name = "files";
    part.file_path = std::move(file.path);
    part.filename = file.name;
    part.content_type = file.mime_type;
    part.file_size = file.size;  // what was checked is what is sent
    part.file_identity = file.identity;
    part.file = std::move(file.file);
    call.multipart.push_back(std::move(part));
  }
  Json payload{{"file_names", std::move(file_names)}, {"steps", std::move(steps)}};
  if (!request.file_urls.empty()) payload["file_urls"] = request.file_urls;
  if (request.meta) payload["meta"] = *request.meta;
  MultipartPart part;
  part.name = "payload";
  try {
    part.value = payload.dump();
  } catch (const Json::type_error&) {
    throw InvalidArgumentError(std::string(kContext) +
                               ": a file name, URL or step parameter is not valid UTF-8");
  }
  call.multipart.push_back(std::move(part));
  call.timeout_bounds_stalls = true;
  if (request.on_progress) {
    call.on_upload_progress = detail::ProgressMapper(sizes, request.on_progress);
  }
  return runner_->run_as<GenaiJobCreated>(call, options);
}

GenaiJob GenaiClient::get_job(const std::string& job_id, const CallOptions& options) const {
  return runner_->run_as<GenaiJob>(make_call(ep::kG2GetGenaiJob, {{"job_id", job_id}}), options);
}

namespace {

void stream_result(const detail::RequestRunner& runner, const std::string& file_id,
                   const GenaiDownloadOptions& download, const CallOptions& options,
                   ResultSink& sink) {
  const auto& endpoint = download.route == GenaiResultRoute::kResults ? ep::kG4GenaiResultFile
                                                                      : ep::kG3GenaiResultRaws;
  const auto call = make_call(endpoint, {{"file_id", file_id}});
  runner.run_stream(
      call, options, &is_result_body, [&sink](std::string_view chunk) { sink(chunk); },
      [&file_id](const Json&) {
        throw DecodeError("", "genai result of file " + detail::one_line(file_id) +
                                  ": expected a ZIP archive, got a JSON envelope or an empty body");
      });
  sink.finish();
}

}  // namespace

std::uint64_t GenaiClient::download_result(const std::string& file_id, const std::string& path,
                                           const GenaiDownloadOptions& download,
                                           const CallOptions& options) const {
  detail::require_non_empty("file_id", file_id);
  detail::require_non_empty("path", path);
  PartFile part(path + ".part");
  ResultSink sink(file_id, download, [&part](std::string_view bytes) { part.write(bytes); });
  stream_result(*runner_, file_id, download, options, sink);
  part.commit(path);
  return sink.received();
}

std::uint64_t GenaiClient::download_result(const std::string& file_id, std::ostream& out,
                                           const GenaiDownloadOptions& download,
                                           const CallOptions& options) const {
  detail::require_non_empty("file_id", file_id);
  ResultSink sink(file_id, download, [&out](std::string_view bytes) {
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out)
      throw TransportError("writing the genai result to the stream failed", 0, false, false);
  });
  stream_result(*runner_, file_id, download, options, sink);
  return sink.received();
}

WorkflowRecord GenaiClient::create_workflow(const GenaiWorkflowRequest& request,
                                            const CallOptions& options) const {
  detail::require_non_empty("name", request.name);
  auto call = make_call(ep::kG5CreateGenaiWorkflow);
  call.body = Json(request);
  return runner_->run_as<WorkflowRecord>(call, options);
}

}  // namespace moi
