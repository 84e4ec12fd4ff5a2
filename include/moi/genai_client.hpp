// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// GenaiClient: the GenAI atomic pipeline (`/v1/genai/...` at the host root): submit files
/// with a list of steps, read the job, download each file's result ZIP.

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "moi/model/genai.hpp"
#include "moi/model/workflow.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

namespace detail {
class RequestRunner;
}  // namespace detail

/// Which call serves a file's result ZIP.
enum class GenaiResultRoute {
  /// `GET /byoa/api/v1/explore/volumes/any/files/{file_id}/raws`: the documented call.
  kRaws,
  /// `GET /v1/genai/results/file/{file_id}`: the call the official SDKs use (SDK-only).
  kResults,
};

/// How a result is downloaded (GenaiClient::download_result()).
struct GenaiDownloadOptions {
  GenaiResultRoute route = GenaiResultRoute::kRaws;  ///< Which call to use.
  /// Largest result accepted: a longer body fails the download with TransportError.
  std::uint64_t max_bytes = std::uint64_t{4} * 1024 * 1024 * 1024;
  /// Refuse (DecodeError) an answer whose first bytes are not a ZIP signature (`PK\3\4` or
  /// the empty archive's `PK\5\6`), e.g. an HTML page or a JSON body sent with status 200.
  bool require_zip = true;
  /// Called after each chunk with the bytes received so far, on the calling thread.
  std::function<void(std::uint64_t bytes)> on_progress{};
};

/// The GenAI atomic pipeline. Obtain one from Client::genai().
///
/// Failures are moi::Error subclasses as for every resource client (InvalidArgumentError
/// before anything is sent). Thread-safety: safe to use from several threads at once; cheap to
/// copy.
class MOI_EXPORT GenaiClient {
 public:
  /// `POST /v1/genai/pipeline`: starts one job over @p request's URLs and local files.
  ///
  /// Checked before anything is sent (InvalidArgumentError naming the problem): at least one
  /// URL or file; every URL http or https with a host; every local file a readable regular
  /// file within GenaiPipelineRequest::max_file_bytes, no two with the same name; the steps
  /// (validate_genai_steps(): a broken rule is refused, an undocumented order only warned
  /// about through GenaiPipelineRequest::on_warning). Without local files the body is JSON;
  /// with them it is multipart (files streamed from disk in bounded memory, `files` parts
  /// first, then `payload`), and the client's timeout bounds a stall rather than the whole
  /// upload. A submit starts work, so it is not retried unless
  /// CallOptions::retry_non_idempotent is set.
  GenaiJobCreated submit(const GenaiPipelineRequest& request,
                         const CallOptions& options = {}) const;

  /// `GET /v1/genai/jobs/{job_id}`: the job's status and its files, in submission order.
  GenaiJob get_job(const std::string& job_id, const CallOptions& options = {}) const;

  /// Downloads the result ZIP of file @p file_id (GenaiJobFile::file_id, once completed) into
  /// @p path, streamed in bounded memory: the bytes go to `<path>.part`, which is renamed to
  /// @p path only when the whole body arrived (and removed on failure). Returns the bytes
  /// written.
  ///
  /// The call's timeout (CallOptions::timeout, else the client's) bounds a stall (no byte for
  /// that long), not the whole download; CallOptions::deadline bounds the whole call. Nothing
  /// is retried once the first byte arrived.
  /// @throws InvalidArgumentError when `<path>.part` cannot be created, DecodeError when the
  ///         answer is not a ZIP (see GenaiDownloadOptions::require_zip) or is empty,
  ///         TransportError when it passes max_bytes or the disk refuses a write, or the usual
  ///         errors of a call (an error status or error envelope).
  std::uint64_t download_result(const std::string& file_id, const std::string& path,
                                const GenaiDownloadOptions& download = {},
                                const CallOptions& options = {}) const;

  /// As the other download_result(), into @p out (written chunk by chunk; on failure @p out
  /// holds what arrived before it).
  std::uint64_t download_result(const std::string& file_id, std::ostream& out,
                                const GenaiDownloadOptions& download = {},
                                const CallOptions& options = {}) const;

  /// `POST /v1/genai/workflow` (SDK-only: the official SDKs' CreateWorkflow; no document
  /// describes it): a workflow made of nodes and connections. Not retried automatically.
  WorkflowRecord create_workflow(const GenaiWorkflowRequest& request,
                                 const CallOptions& options = {}) const;

 private:
  friend class Client;  // hands out resource clients (Client::genai())
  explicit GenaiClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
