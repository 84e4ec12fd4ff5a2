// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// The HTTP transport seam: the SDK sends every request through an HttpTransport.
/// The default is libcurl (make_curl_transport); tests and users may inject their own.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "moi/visibility.hpp"

namespace moi {

/// Ordered list of header name/value pairs.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// What the check of an upload file saw (fstat of the descriptor it opened). Compared again
/// when the file is sent, together with MultipartPart::file_size: a file replaced since (a
/// re-pointed symlink, a rename over it, a FIFO) has another device or inode, a file rewritten
/// in place another modification or change time, and a recycled inode number another change
/// time (which no user can set).
struct FileIdentity {
  std::uint64_t device = 0;      ///< st_dev.
  std::uint64_t inode = 0;       ///< st_ino.
  std::int64_t modified_ns = 0;  ///< st_mtim, in nanoseconds.
  std::int64_t changed_ns = 0;   ///< st_ctim, in nanoseconds.
};

/// A read-only file descriptor shared by the requests that send one file; closed when the
/// last owner lets go. Not copyable.
class MOI_EXPORT OpenFile {
 public:
  /// Takes ownership of @p descriptor (closed by the destructor; -1 holds nothing).
  explicit OpenFile(int descriptor) noexcept : descriptor_(descriptor) {}
  /// Closes the descriptor.
  ~OpenFile();
  OpenFile(const OpenFile&) = delete;             ///< Not copyable: share a shared_ptr.
  OpenFile& operator=(const OpenFile&) = delete;  ///< Not assignable.
  /// The descriptor: read it with pread (its file offset is shared by every owner).
  int descriptor() const noexcept { return descriptor_; }

 private:
  int descriptor_;
};

/// One part of a multipart/form-data body (HttpRequest::multipart).
struct MultipartPart {
  std::string name;          ///< Form field name, e.g. "file" or "VolumeID".
  std::string value;         ///< The text of a text part (used when file_path is empty).
  std::string file_path;     ///< A file part: streamed from this path, never read whole.
  std::string filename;      ///< File name sent in Content-Disposition (file parts).
  std::string content_type;  ///< The part's Content-Type; empty sends none.
  /// A file part's size as checked before sending: exactly this many bytes of the file are
  /// sent (the size announced), so a file that grows meanwhile is cut there, and one that
  /// holds fewer bytes when read fails the request with TransportError naming the part.
  /// Unset: libcurl takes the file's size when the transfer starts.
  std::optional<std::uint64_t> file_size;
  /// The file as checked (with file_size). When set, the transport sends only from a
  /// descriptor whose identity and size match it, checked when sending starts (the path is
  /// stat'ed for every part before the first byte) and again on the descriptor it reads: a file
  /// replaced or rewritten since fails the request with TransportError naming the part, and
  /// no byte of the other file is sent. Growth while it is being sent is cut (see file_size).
  std::optional<FileIdentity> file_identity;
  /// The descriptor the check opened, when it kept it: the bytes are read from it. Null: the
  /// transport opens file_path (non-blocking, so a FIFO put there never hangs it) when it
  /// reaches the part, and closes it once the part is sent, so a request holds at most one
  /// such descriptor at a time whatever its number of files.
  std::shared_ptr<const OpenFile> file;
};

struct HttpResponse;

/// Receives one chunk of a streamed response body (HttpRequest::on_response_head), on the
/// sending thread. It may throw: the transfer is then aborted and HttpTransport::send rethrows
/// that exception unchanged.
using BodySink = std::function<void(std::string_view chunk)>;

/// One HTTP request, fully formed (URL already encoded, headers already validated).
struct HttpRequest {
  std::string method;                                ///< "GET", "POST", "PUT" or "DELETE".
  std::string url;                                   ///< Absolute URL, percent-encoded.
  HeaderList headers;                                ///< Sent in order.
  std::string body;                                  ///< Empty means no body.
  std::chrono::milliseconds connect_timeout{10000};  ///< Bound on DNS + TCP + TLS.
  /// Bound on the whole exchange; 0: none (uploads, bounded by stall_timeout instead).
  std::chrono::milliseconds timeout{60000};
  /// Polled while the request is in flight; returning true aborts it with CancelledError.
  std::function<bool()> should_abort;
  /// Non-empty: the body is multipart/form-data made of these parts (`body` is ignored and
  /// the transport sets the Content-Type with its boundary).
  std::vector<MultipartPart> multipart;
  /// Above 0: fail with TimeoutError when no byte moves in either direction for this long
  /// (checked every 50 ms). Lets a large upload run as long as it makes progress.
  std::chrono::milliseconds stall_timeout{0};
  /// Called while the body is sent with the bytes sent so far and the body's total size
  /// (0 while unknown), on the sending thread.
  std::function<void(std::uint64_t sent, std::uint64_t total)> on_upload_progress;
  /// Streaming. When set, called once the final response's status and headers are known,
  /// before its first body byte (not called when the body is empty). A non-empty sink it
  /// returns receives the body chunk by chunk as it arrives: HttpResponse::body then stays
  /// empty and no response-size limit applies (the sink bounds what it keeps). An empty
  /// function keeps the body buffered as usual (an error status, for example). An exception
  /// it throws aborts the transfer and is rethrown by HttpTransport::send. A transport that
  /// does not stream may ignore it: the runner then hands the buffered body over whole.
  std::function<BodySink(const HttpResponse& head)> on_response_head;
};

/// One HTTP response. Any status code is a successful send.
struct HttpResponse {
  /// HTTP status code, e.g. 200.
  int status = 0;
  HeaderList headers;  ///< Names lower-cased, in arrival order, of the final response only.
  /// The body, as received.
  std::string body;

  /// Value of the first header named @p name (case-insensitive), or empty.
  std::string header(std::string_view name) const;
};

/// Sends HTTP requests. Implementations must be safe to call from several threads at once.
class MOI_EXPORT HttpTransport {
 public:
  /// Destroys the transport. A Client keeps its transport alive while the Client, a copy of
  /// it or a resource client obtained from it exists.
  virtual ~HttpTransport();
  /// Sends @p request and returns the response, whatever its status.
  /// @throws TransportError on DNS/connect/TLS/I-O failure or an over-size body,
  ///         TimeoutError when a timeout elapses, CancelledError when should_abort fired.
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

/// Settings of the libcurl transport (filled from ClientOptions by moi::Client).
struct CurlTransportOptions {
  /// Proxy URL. Empty: libcurl's own handling of http_proxy/https_proxy/no_proxy.
  std::string proxy;
  /// PEM file of CA certificates to trust instead of the system store. Empty: system store.
  std::string ca_bundle_path;
  /// Verify the server's TLS certificate and host name.
  bool verify_tls = true;
  /// Largest response body accepted; a larger one fails with TransportError.
  std::size_t max_response_bytes = std::size_t{32} * 1024 * 1024;
  /// Easy handles (each with its connection cache) kept for reuse between calls.
  std::size_t max_idle_handles = 16;
};

/// Creates the libcurl transport. Connections are reused through a mutex-guarded pool of easy
/// handles; redirects are never followed (a 3xx surfaces as HttpError, so the API key is never
/// sent to another host). Thread-safe.
MOI_EXPORT std::shared_ptr<HttpTransport> make_curl_transport(const CurlTransportOptions& options);

}  // namespace moi
