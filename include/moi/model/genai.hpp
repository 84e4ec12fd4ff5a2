// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// The GenAI atomic pipeline (`/v1/genai/...`, host root): steps, the submit request, jobs and
/// their files, and the SDK-only workflow call.
///
/// Conventions as in moi/model/common.hpp. Times of these calls are text in the form
/// `YYYY-MM-DDTHH:MM:SS.ffffff+0000` (UTC): Timestamp keeps it verbatim and epoch_ms() reads
/// it. Statuses are open: an unknown status text decodes, survives a round trip and compares
/// by its text.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "moi/model/common.hpp"
#include "moi/model/enums.hpp"
#include "moi/model/load_task.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// The documented node names of the pipeline steps.
namespace genai_nodes {
inline constexpr const char* kParse = "ParseNode";      ///< Raw file -> text, tables, images.
inline constexpr const char* kChunk = "ChunkNode";      ///< ParseNode output -> chunks.
inline constexpr const char* kEmbed = "EmbedNode";      ///< ChunkNode output -> embeddings.
inline constexpr const char* kExtract = "ExtractNode";  ///< Raw file or node output -> facts.
}  // namespace genai_nodes

/// One step of a pipeline: a node name and its parameters (free-form; `{}` for the defaults).
/// Any node name may be used: a name the SDK does not know is sent as is (after a warning,
/// see validate_genai_steps()), so a new server node is never blocked.
struct GenaiStep {
  std::string node{};                          ///< e.g. "ParseNode".
  Json parameters = Json(Json::value_t::object);  ///< A JSON object; null is sent as `{}`.

  /// A ParseNode step.
  static GenaiStep parse(Json parameters = Json(Json::value_t::object)) {
    return {genai_nodes::kParse, std::move(parameters)};
  }
  /// A ChunkNode step.
  static GenaiStep chunk(Json parameters = Json(Json::value_t::object)) {
    return {genai_nodes::kChunk, std::move(parameters)};
  }
  /// An EmbedNode step.
  static GenaiStep embed(Json parameters = Json(Json::value_t::object)) {
    return {genai_nodes::kEmbed, std::move(parameters)};
  }
  /// An ExtractNode step.
  static GenaiStep extract(Json parameters = Json(Json::value_t::object)) {
    return {genai_nodes::kExtract, std::move(parameters)};
  }
};

/// Equal when node and parameters are equal.
inline bool operator==(const GenaiStep& a, const GenaiStep& b) {
  return a.node == b.node && a.parameters == b.parameters;
}

/// `{"node": ..., "parameters": {...}}` (null parameters are written as `{}`).
MOI_EXPORT void to_json(Json& j, const GenaiStep& step);
/// Reads `{"node": str, "parameters": obj?}`. @throws DecodeError naming the bad key.
MOI_EXPORT void from_json(const Json& j, GenaiStep& step);

/// Checks the order of @p steps before they are sent and returns warnings for orders the
/// document does not list (unknown node names included) without refusing them.
///
/// The documented orders are: Parse; Parse, Chunk; Parse, Chunk, Embed; Parse, Chunk, Embed,
/// Extract; Extract alone.
/// @throws InvalidArgumentError naming the broken rule: the list is empty; a node name is
///         empty; parameters are not a JSON object (null is allowed); "ChunkNode takes
///         ParseNode's output: it must come right after ParseNode"; "EmbedNode takes
///         ChunkNode's output: it must come right after ChunkNode".
MOI_EXPORT std::vector<std::string> validate_genai_steps(const std::vector<GenaiStep>& steps);

/// Status of a GenAI job or of one of its files: `pending`, `processing`, `completed`,
/// `failed`, or any other text the service sends (kept verbatim). A plain value type.
class MOI_EXPORT GenaiStatus {
 public:
  /// What the text means.
  enum class Kind : std::int32_t {
    kOther = 0,       ///< A text the SDK does not know (or empty).
    kPending = 1,     ///< "pending": waiting.
    kProcessing = 2,  ///< "processing".
    kCompleted = 3,   ///< "completed" (final).
    kFailed = 4,      ///< "failed" (final; a file's `error_message` says why).
  };

  /// An empty status (Kind::kOther).
  GenaiStatus() = default;
  /// The status @p text (compared in any letter case by kind()).
  explicit GenaiStatus(std::string text) : text_(std::move(text)) {}
  /// "pending".
  static GenaiStatus pending() { return GenaiStatus("pending"); }
  /// "processing".
  static GenaiStatus processing() { return GenaiStatus("processing"); }
  /// "completed".
  static GenaiStatus completed() { return GenaiStatus("completed"); }
  /// "failed".
  static GenaiStatus failed() { return GenaiStatus("failed"); }

  /// The text as sent.
  const std::string& text() const noexcept { return text_; }
  /// The meaning of text() (case-insensitive).
  Kind kind() const noexcept;
  /// True for completed and failed.
  bool is_final() const noexcept { return kind() == Kind::kCompleted || kind() == Kind::kFailed; }

  /// Same kind, and for Kind::kOther the same text.
  friend bool operator==(const GenaiStatus& a, const GenaiStatus& b) noexcept {
    return a.kind() == b.kind() && (a.kind() != Kind::kOther || a.text_ == b.text_);
  }
  /// !(a == b).
  friend bool operator!=(const GenaiStatus& a, const GenaiStatus& b) noexcept { return !(a == b); }

 private:
  std::string text_;
};

/// The text of @p status.
inline std::string to_string(const GenaiStatus& status) { return status.text(); }

/// A JSON string. @throws DecodeError for anything else.
MOI_EXPORT void from_json(const Json& j, GenaiStatus& status);
/// The text.
MOI_EXPORT void to_json(Json& j, const GenaiStatus& status);

/// `POST /v1/genai/pipeline`: one job over remote URLs, local files, or both.
///
/// With no local file the request is JSON (`file_urls`, `file_names: []`, `meta`, `steps`).
/// With local files it is multipart: one `files` part per file (streamed from disk, as in
/// FileClient::upload()), then one `payload` part holding JSON with `file_names` (the parts'
/// file names, in order), `steps`, `meta` when set and `file_urls` when there are any (mixed).
struct GenaiPipelineRequest {
  std::vector<std::string> file_urls{};  ///< http/https URLs of files to process.
  std::vector<UploadFile> files{};       ///< Local files (path, optional name and MIME type).
  std::vector<GenaiStep> steps{};        ///< At least one; see validate_genai_steps().
  /// `meta`: "extra parameters or identifiers" (shape unspecified; normally an array).
  std::optional<Json> meta{};
  /// Largest local file accepted, checked before anything is sent.
  std::uint64_t max_file_bytes = std::uint64_t{200} * 1024 * 1024;
  /// Upload progress of local files, on the calling thread; may be empty.
  std::function<void(const UploadProgress&)> on_progress{};
  /// Receives each warning of validate_genai_steps() (an undocumented step order). Empty: the
  /// warning goes to the client's logger at LogLevel::kWarning.
  std::function<void(const std::string&)> on_warning{};
};

/// `data` of `POST /v1/genai/pipeline`.
struct GenaiJobCreated {
  std::optional<std::string> job_id{};  ///< The job (UUID).
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(GenaiJobCreated);

/// One file of a GenAI job (`data.files[]` of `GET /v1/genai/jobs/{job_id}`).
struct GenaiJobFile {
  std::optional<std::string> file_id{};        ///< Result id (UUID): download with it.
  std::optional<std::string> file_name{};      ///< Name, extension included.
  std::optional<FileType> file_type{};         ///< FileType number.
  std::optional<GenaiStatus> file_status{};    ///< pending, processing, completed, failed.
  std::optional<std::string> error_message{};  ///< Why it failed ("" on success).
  Timestamp start_time{};                      ///< `YYYY-MM-DDTHH:MM:SS.ffffff+0000`.
  Timestamp end_time{};                        ///< Same form.
  Json extra{};                                ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};              ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(GenaiJobFile);

/// `data` of `GET /v1/genai/jobs/{job_id}`. Files keep the submission order.
struct GenaiJob {
  std::optional<GenaiStatus> status{};  ///< pending, processing, completed, failed.
  std::vector<GenaiJobFile> files{};    ///< Empty when absent or null.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(GenaiJob);

/// True when @p job's status is completed or failed.
MOI_EXPORT bool is_finished(const GenaiJob& job) noexcept;

/// A node of a GenAI workflow (`POST /v1/genai/workflow`, SDK-only).
struct GenaiWorkflowNode {
  std::string id{};    ///< Node id, referenced by connections.
  std::string type{};  ///< e.g. "RootNode", "DocumentParseNode", "ChunkNode", "WriteNode".
  Json init_parameters = Json(Json::value_t::object);  ///< Sent as `{}` when null.
};

/// A connection between two nodes of a GenAI workflow.
struct GenaiWorkflowConnection {
  std::string sender{};                      ///< Sending node id.
  std::string receiver{};                    ///< Receiving node id.
  std::optional<std::string> sender_port{};  ///< Sent when set.
  std::optional<std::string> receiver_port{};  ///< Sent when set.
};

/// Body of `POST /v1/genai/workflow` (SDK-only: seen in the official SDKs, not documented).
/// The answer is the workflow record of W1 (WorkflowRecord).
struct GenaiWorkflowRequest {
  std::string name{};                              ///< Workflow name.
  std::vector<std::string> source_volume_names{};  ///< Always sent (may be empty).
  std::vector<std::string> source_volume_ids{};    ///< Always sent (may be empty).
  std::optional<std::string> target_volume_id{};   ///< Sent when set.
  std::optional<std::string> create_target_volume_name{};  ///< Sent when set.
  std::int64_t process_interval = -1;  ///< `process_mode.interval` (-1: run on new files).
  std::int64_t process_offset = 0;     ///< `process_mode.offset`.
  std::vector<FileType> file_types{};  ///< Sent when not empty.
  std::vector<GenaiWorkflowNode> nodes{};              ///< The nodes.
  std::vector<GenaiWorkflowConnection> connections{};  ///< The edges.
  /// Key of the node list inside `workflow`: "node" as the Go SDK's type names it (the
  /// Python SDK writes "nodes"; they disagree and no document settles it).
  std::string node_list_key = "node";
};

/// The JSON body of @p request.
MOI_EXPORT void to_json(Json& j, const GenaiWorkflowRequest& request);

}  // namespace moi
