// SPDX-License-Identifier: Apache-2.0
// The libcurl implementation of HttpTransport.

#include <curl/curl.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#if defined(__linux__)
#include <linux/sockios.h>  // SIOCOUTQ
#include <linux/tcp.h>      // TCP_INFO with tcpi_snd_wnd
#include <netinet/in.h>     // IPPROTO_TCP
#endif

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "moi/error.hpp"
#include "moi/transport.hpp"
#include "moi_internal/ascii.hpp"
#include "moi_internal/file_identity.hpp"

namespace moi {
namespace {

// libcurl's read buffer for streamed answers (see configure()).
constexpr long kStreamReadBytes = 256L * 1024;

// curl_global_init is not thread-safe before 7.84; a function-local static makes the one call
// race-free. There is deliberately no curl_global_cleanup: running it from a static destructor
// would break other libraries (and other threads) that still use libcurl at exit.
void ensure_curl_global_init() {
  static const CURLcode result = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (result != CURLE_OK) {
    throw TransportError(
        std::string("libcurl initialisation failed: ") + curl_easy_strerror(result),
        static_cast<int>(result), false, false);
  }
}

struct CurlHandleDeleter {
  void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
};
using CurlHandle = std::unique_ptr<CURL, CurlHandleDeleter>;

struct CurlMultiDeleter {
  void operator()(CURLM* handle) const noexcept { curl_multi_cleanup(handle); }
};
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;

// An easy handle with the multi handle that drives it. Transfers run through the multi
// interface so that the wait for the server can be cut into short polls that check the
// caller's cancellation (libcurl's progress callback alone may run only every few hundred
// milliseconds while a server is silent). The multi handle owns the connection cache, so the
// pair stays together in the pool and keeps its connections alive between calls.
//
// The options that never change (callbacks, signals, protocols, TLS, proxy) are set once when
// the pair is created; configure() sets every per-call option on every call. The handle is
// never curl_easy_reset, which keeps that set-up (and saves about 5,000 instructions a call).
struct PooledHandle {
  CurlHandle easy;
  CurlMulti multi;
  // CURLOPT_ERRORBUFFER, set once: on the heap so that its address survives moves of the pair.
  std::unique_ptr<char[]> error_buffer;
  // The thread that released the pair last: acquire() gives it back to that thread first.
  std::thread::id last_thread;
  // The last request on this handle was sent with POST mechanics (POST, PUT, DELETE): its
  // body pointer, size and CUSTOMREQUEST are still set and a GET must clear them.
  bool body_options_set = false;
  // The last request sent a multipart body: CURLOPT_MIMEPOST must be cleared before reuse.
  bool mime_set = false;
};

struct MimeDeleter {
  void operator()(curl_mime* mime) const noexcept { curl_mime_free(mime); }
};
using Mime = std::unique_ptr<curl_mime, MimeDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// State shared with libcurl's callbacks during one transfer.
struct Transfer {
  HttpResponse response;
  std::size_t max_body = 0;
  bool body_too_large = false;
  const std::function<bool()>* should_abort = nullptr;
  const std::function<void(std::uint64_t, std::uint64_t)>* on_upload_progress = nullptr;
  std::chrono::milliseconds stall_timeout{0};  // 0: no stall bound
  bool stalled = false;                        // perform() ended the transfer for a stall
  std::string body_error;  // why a file part stopped the transfer (its callback aborted it)
  // An upload (a multipart body, answer not streamed): its stall check also watches the socket,
  // and once the body is sent its whole answer is bounded by stall_timeout.
  bool upload = false;
  bool answer_too_slow = false;  // perform() ended it: no whole answer in stall_timeout once sent
  // Streaming (HttpRequest::on_response_head): asked once, at the first body byte.
  const std::function<BodySink(const HttpResponse&)>* on_response_head = nullptr;
  CURL* easy = nullptr;  // to read the status when the head is complete
  bool head_seen = false;
  BodySink sink;                  // set: the body goes here instead of response.body
  std::exception_ptr sink_error;  // what the head callback or the sink threw
};

// A file part of a known size, read by libcurl through the callbacks below: exactly `size`
// bytes are sent with pread from a descriptor, so a rewind (retry) only moves `offset`.
//
// Descriptors: the check's own (held) when it kept one, else the path is opened when libcurl
// first reads the part and closed as soon as its last byte is read, so a request holds at most
// one descriptor of its own whatever its number of files. Each descriptor is fstat'ed against
// the checked identity before its first byte is read: a file swapped after its check (another
// inode, a rewrite, a FIFO, which O_NONBLOCK keeps from blocking the open) stops the transfer
// with nothing of it sent.
struct SizedFilePart {
  std::string path;
  std::string name;  // the part's file name, for messages
  std::uint64_t size = 0;
  std::uint64_t offset = 0;
  std::optional<FileIdentity> identity;
  std::shared_ptr<const OpenFile> held;
  int descriptor = -1;  // held's, or one opened here (owned)
  bool owned = false;
  Transfer* transfer = nullptr;

  ~SizedFilePart() { close_owned(); }

  std::size_t fail(const std::string& why) {
    if (transfer->body_error.empty()) transfer->body_error = "file '" + name + "' " + why;
    return CURL_READFUNC_ABORT;
  }

  void close_owned() {
    if (owned && descriptor >= 0) ::close(descriptor);
    if (owned) descriptor = -1;
    owned = false;
  }

  // Opens (or takes) the descriptor and verifies it; false (with body_error set) on failure.
  bool open() {
    if (held) {
      descriptor = held->descriptor();
    } else {
      descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
      if (descriptor < 0) {
        fail(std::string("cannot be opened: ") + std::strerror(errno));
        return false;
      }
      owned = true;
    }
    struct stat info {};
    if (::fstat(descriptor, &info) != 0) {
      fail(std::string("cannot be read: ") + std::strerror(errno));
      return false;
    }
    if (identity ? !detail::is_checked_file(info, *identity, size) : !S_ISREG(info.st_mode)) {
      fail(identity ? kChangedSinceChecked : "is not a regular file: nothing of it was sent");
      return false;
    }
    // A held descriptor is the checked file whatever the path names now; the path must still
    // name it too, so that a swap is an error whichever descriptor the part is read from.
    if (held && identity &&
        (::stat(path.c_str(), &info) != 0 || !detail::is_checked_file(info, *identity, size))) {
      fail(kChangedSinceChecked);
      return false;
    }
    return true;
  }

  static constexpr const char* kChangedSinceChecked =
      "changed after it was checked (replaced, rewritten or no longer a regular file): nothing "
      "of it was sent";
};

std::size_t read_file_part(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* part = static_cast<SizedFilePart*>(user);
  if (part->descriptor < 0 && !part->open()) return CURL_READFUNC_ABORT;
  const std::uint64_t left = part->size - part->offset;
  const std::size_t wanted = static_cast<std::size_t>(std::min<std::uint64_t>(size * count, left));
  if (wanted == 0) return 0;
  ssize_t got = -1;
  do {
    got = ::pread(part->descriptor, buffer, wanted, static_cast<off_t>(part->offset));
  } while (got < 0 && errno == EINTR);
  if (got < 0) return part->fail("cannot be read: " + std::string(std::strerror(errno)));
  if (got == 0) {
    return part->fail("changed during the upload: " + std::to_string(part->size) +
                      " bytes when checked, it ended after " + std::to_string(part->offset));
  }
  part->offset += static_cast<std::uint64_t>(got);
  if (part->offset == part->size) part->close_owned();  // a rewind opens it again
  return static_cast<std::size_t>(got);
}

int seek_file_part(void* user, curl_off_t offset, int origin) {
  auto* part = static_cast<SizedFilePart*>(user);
  if (origin != SEEK_SET || offset < 0 || static_cast<std::uint64_t>(offset) > part->size) {
    return CURL_SEEKFUNC_CANTSEEK;
  }
  part->offset = static_cast<std::uint64_t>(offset);
  return CURL_SEEKFUNC_OK;
}

void free_file_part(void* user) { delete static_cast<SizedFilePart*>(user); }

// The first body byte proves the final response's head complete: ask whether to stream it.
// Exceptions must not cross libcurl's C frames: they are kept and rethrown by send().
bool start_body(Transfer& transfer) {
  transfer.head_seen = true;
  try {
    long status = 0;
    curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = static_cast<int>(status);
    transfer.sink = (*transfer.on_response_head)(transfer.response);
    return true;
  } catch (...) {
    transfer.sink_error = std::current_exception();
    return false;
  }
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  if (transfer->on_response_head != nullptr && !transfer->head_seen && !start_body(*transfer)) {
    return 0;  // CURLE_WRITE_ERROR; send() rethrows sink_error
  }
  if (transfer->sink) {
    try {
      transfer->sink(std::string_view(data, bytes));
    } catch (...) {
      transfer->sink_error = std::current_exception();
      return 0;
    }
    return bytes;
  }
  if (transfer->response.body.size() + bytes > transfer->max_body) {
    transfer->body_too_large = true;
    return 0;  // makes libcurl fail the transfer with CURLE_WRITE_ERROR
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

std::string trim(std::string_view text) {
  const auto* begin = text.data();
  const auto* end = text.data() + text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(*begin))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(end[-1]))) --end;
  return std::string(begin, end);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const std::size_t bytes = size * count;
  const std::string_view line(data, bytes);
  if (line.rfind("HTTP/", 0) == 0) {
    // A new status line (after 100 Continue, for example): keep only the final response's.
    transfer->response.headers.clear();
    return bytes;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = detail::ascii_lower(c);
  transfer->response.headers.emplace_back(std::move(name), trim(line.substr(colon + 1)));
  return bytes;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t upload_total, curl_off_t uploaded) {
  auto* transfer = static_cast<Transfer*>(user);
  if (transfer->on_upload_progress != nullptr && uploaded >= 0) {
    (*transfer->on_upload_progress)(
        static_cast<std::uint64_t>(uploaded),
        static_cast<std::uint64_t>(std::max<curl_off_t>(upload_total, 0)));
  }
  // Non-zero aborts with CURLE_ABORTED_BY_CALLBACK.
  return transfer->should_abort != nullptr && (*transfer->should_abort)() ? 1 : 0;
}

bool is_tls_failure(CURLcode code) {
  switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
      return true;
    default:
      return false;
  }
}

// URL without its query string: enough to say where a failure happened.
std::string describe_target(const HttpRequest& request) {
  return request.method + " " + request.url.substr(0, request.url.find('?'));
}

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlTransportOptions options) : options_(std::move(options)) {
    ensure_curl_global_init();
  }

  HttpResponse send(const HttpRequest& request) override {
    PooledHandle handle = acquire();
    Transfer transfer;
    transfer.max_body = options_.max_response_bytes;
    transfer.should_abort = request.should_abort ? &request.should_abort : nullptr;
    transfer.on_upload_progress =
        request.on_upload_progress ? &request.on_upload_progress : nullptr;
    transfer.stall_timeout = request.stall_timeout;
    transfer.on_response_head = request.on_response_head ? &request.on_response_head : nullptr;
    transfer.easy = handle.easy.get();
    transfer.upload = !request.multipart.empty() && !request.on_response_head;

    Slist headers = build_headers(request);
    handle.error_buffer[0] = '\0';
    Mime mime = build_mime(handle, request, transfer);
    configure(handle, request, headers.get(), transfer, mime.get());

    const CURLcode code = perform(handle, transfer);
    if (transfer.sink_error) {
      // The caller's own failure (a full disk, an oversized event...): the connection is in an
      // unknown state mid-body, so the handle is not reused.
      std::rethrow_exception(transfer.sink_error);
    }
    if (code != CURLE_OK) {
      long request_bytes = 0;
      curl_easy_getinfo(handle.easy.get(), CURLINFO_REQUEST_SIZE, &request_bytes);
      // Copied before release(): the buffer belongs to the handle, which another thread may
      // take as soon as it is back in the pool.
      const std::string error_text(handle.error_buffer.get());
      release(std::move(handle));
      throw_failure(code, error_text, request, transfer, request_bytes > 0);
    }
    long status = 0;
    curl_easy_getinfo(handle.easy.get(), CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = static_cast<int>(status);
    release(std::move(handle));
    return std::move(transfer.response);
  }

  ~CurlTransport() override = default;

 private:
  // The idle pair this thread released last, or else the one released last by any thread.
  // Keeping each thread on its own pair keeps it on its own connection: with pairs hopping
  // between threads, two threads sharing a client ran at 0.64-0.76x of two clients
  // (docs/performance.md). The scan is bounded by max_idle_handles.
  PooledHandle acquire() {
    {
      const std::thread::id self = std::this_thread::get_id();
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        auto chosen = std::prev(idle_.end());
        for (auto it = idle_.rbegin(); it != idle_.rend(); ++it) {
          if (it->last_thread == self) {
            chosen = std::prev(it.base());
            break;
          }
        }
        PooledHandle handle = std::move(*chosen);
        idle_.erase(chosen);
        return handle;
      }
    }
    return make_handle();
  }

  PooledHandle make_handle() const {
    PooledHandle handle{CurlHandle(curl_easy_init()),
                        CurlMulti(curl_multi_init()),
                        std::make_unique<char[]>(CURL_ERROR_SIZE),
                        std::thread::id(),
                        false,
                        false};
    if (!handle.easy || !handle.multi) {
      throw TransportError("libcurl could not create a transfer handle", 0, true, false);
    }
    CURL* h = handle.easy.get();
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, handle.error_buffer.get());
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &on_progress);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    if (!options_.ca_bundle_path.empty()) {
      curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_bundle_path.c_str());
    }
    if (!options_.proxy.empty()) curl_easy_setopt(h, CURLOPT_PROXY, options_.proxy.c_str());
    return handle;
  }

  void release(PooledHandle handle) {
    handle.last_thread = std::this_thread::get_id();
    std::lock_guard<std::mutex> lock(mutex_);
    if (idle_.size() < options_.max_idle_handles) idle_.push_back(std::move(handle));
  }

  // The peer's progress so far, as libcurl's counters show it: bytes received (headers
  // included) and bytes sent, less those still in the kernel's send queue.
  static curl_off_t bytes_moved(CURL* easy, curl_off_t unsent) {
    curl_off_t sent = 0;
    curl_off_t received = 0;
    long header_bytes = 0;
    curl_easy_getinfo(easy, CURLINFO_SIZE_UPLOAD_T, &sent);
    curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &received);
    curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &header_bytes);
    return sent - unsent + received + header_bytes;
  }

  // What the kernel knows of the request body's way to the peer (Linux; zeros elsewhere).
  // libcurl counts a byte as sent when it hands it to the kernel: on a fast link megabytes
  // then wait in the socket's send queue or, acknowledged, in the peer's receive buffer, which
  // a server reading slowly but steadily drains for many seconds with no change in libcurl's
  // counters. Both show here: the send queue shrinks, and the window the peer advertises
  // reopens as its application reads. Either is movement.
  struct SocketState {
    curl_off_t unsent = 0;          // bytes in the send queue (SIOCOUTQ: unsent and unacknowledged)
    std::uint64_t peer_window = 0;  // the peer's advertised receive window (TCP_INFO)
    bool operator!=(const SocketState& other) const {
      return unsent != other.unsent || peer_window != other.peer_window;
    }
  };
  static SocketState socket_state(CURLM* multi) {
    SocketState state;
#if defined(__linux__) && defined(SIOCOUTQ)
    const curl_socket_t socket = transfer_socket(multi);
    if (socket == CURL_SOCKET_BAD) return state;
    int queued = 0;
    if (::ioctl(socket, SIOCOUTQ, &queued) == 0) state.unsent = queued;
    tcp_info info{};
    socklen_t length = sizeof info;
    // tcpi_snd_wnd is reported from Linux 5.4; an older kernel fills less and it stays 0.
    if (::getsockopt(socket, IPPROTO_TCP, TCP_INFO, &info, &length) == 0 &&
        length >= offsetof(tcp_info, tcpi_snd_wnd) + sizeof info.tcpi_snd_wnd) {
      state.peer_window = info.tcpi_snd_wnd;
    }
#else
    static_cast<void>(multi);
#endif
    return state;
  }

  // The socket of the multi handle's one transfer: the one libcurl waits on. (CURLINFO_
  // ACTIVESOCKET names the last connection only once a transfer is done.) CURL_SOCKET_BAD
  // when there is none or more than one (while connecting, say).
  static curl_socket_t transfer_socket(CURLM* multi) {
    fd_set reading;
    fd_set writing;
    fd_set failing;
    FD_ZERO(&reading);
    FD_ZERO(&writing);
    FD_ZERO(&failing);
    int max_fd = -1;
    if (curl_multi_fdset(multi, &reading, &writing, &failing, &max_fd) != CURLM_OK) {
      return CURL_SOCKET_BAD;
    }
    curl_socket_t found = CURL_SOCKET_BAD;
    for (int fd = 0; fd <= max_fd; ++fd) {
      if (!FD_ISSET(fd, &reading) && !FD_ISSET(fd, &writing)) continue;
      if (found != CURL_SOCKET_BAD) return CURL_SOCKET_BAD;
      found = fd;
    }
    return found;
  }

  // True once the whole request body has left the send queue (a body of known size), or once
  // the answer has started.
  static bool answer_phase(CURL* easy, const SocketState& socket) {
    curl_off_t received = 0;
    long header_bytes = 0;
    curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &received);
    curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &header_bytes);
    if (received > 0 || header_bytes > 0) return true;
    curl_off_t total = -1;
    curl_off_t sent = 0;
    curl_easy_getinfo(easy, CURLINFO_CONTENT_LENGTH_UPLOAD_T, &total);
    curl_easy_getinfo(easy, CURLINFO_SIZE_UPLOAD_T, &sent);
    return total >= 0 && sent >= total && socket.unsent == 0;
  }

  // Runs one transfer to its end (what curl_easy_perform does), polling in short slices when
  // the caller can cancel so that a cancellation is seen within ~5 ms even while the server
  // is silent. Without a cancellation check, each poll waits until there is socket activity.
  // A stall bound (uploads) is checked here too, to the poll: libcurl's own low-speed limit
  // averages over several seconds, so a 1 s bound fired after about 7 s. For an upload the
  // same bound then limits the answer as a whole once the body is sent: a server trickling
  // its answer a byte at a time makes progress, but must not hold the call past its timeout.
  static CURLcode perform(PooledHandle& handle, Transfer& transfer) {
    CURLM* multi = handle.multi.get();
    CURL* easy = handle.easy.get();
    if (curl_multi_add_handle(multi, easy) != CURLM_OK) return CURLE_FAILED_INIT;
    const bool check_stall = transfer.stall_timeout.count() > 0;
    const int poll_ms = transfer.should_abort != nullptr ? 5 : check_stall ? 50 : 1000;
    curl_off_t last_bytes = 0;
    SocketState last_socket;
    auto last_move = std::chrono::steady_clock::now();
    bool answering = false;  // in the answer phase, since answer_since
    auto answer_since = last_move;
    CURLcode result = CURLE_OK;
    for (;;) {
      int running = 0;
      if (curl_multi_perform(multi, &running) != CURLM_OK) {
        result = CURLE_OUT_OF_MEMORY;
        break;
      }
      if (running == 0) {
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
          if (message->msg == CURLMSG_DONE && message->easy_handle == easy) {
            result = message->data.result;
          }
        }
        break;
      }
      if (transfer.should_abort != nullptr && (*transfer.should_abort)()) {
        result = CURLE_ABORTED_BY_CALLBACK;
        break;
      }
      if (check_stall) {
        const auto now = std::chrono::steady_clock::now();
        const SocketState socket = transfer.upload ? socket_state(multi) : SocketState();
        const curl_off_t bytes = bytes_moved(easy, socket.unsent);
        const bool peer_reading = socket != last_socket;
        if (bytes != last_bytes || peer_reading) {
          last_bytes = bytes;
          last_socket = socket;
          last_move = now;
        } else if (now - last_move >= transfer.stall_timeout) {
          transfer.stalled = true;
          result = CURLE_OPERATION_TIMEDOUT;
          break;
        }
        // The answer's time starts when the body is sent and the peer has stopped taking it
        // from its receive buffer; bytes of the answer do not extend it.
        if (!transfer.upload || !answer_phase(easy, socket)) {
          answering = false;
        } else if (!answering || peer_reading) {
          answering = true;
          answer_since = now;
        } else if (now - answer_since >= transfer.stall_timeout) {
          transfer.answer_too_slow = true;
          result = CURLE_OPERATION_TIMEDOUT;
          break;
        }
      }
      if (curl_multi_poll(multi, nullptr, 0, poll_ms, nullptr) != CURLM_OK) {
        result = CURLE_OUT_OF_MEMORY;
        break;
      }
    }
    curl_multi_remove_handle(multi, easy);
    return result;
  }

  static Slist build_headers(const HttpRequest& request) {
    curl_slist* list = nullptr;
    bool has_content_type = false;
    auto append = [&list](const std::string& line) {
      curl_slist* next = curl_slist_append(list, line.c_str());
      if (next == nullptr) {
        curl_slist_free_all(list);
        throw TransportError("out of memory building request headers", 0, false, false);
      }
      list = next;
    };
    for (const auto& [name, value] : request.headers) {
      if (detail::iequals(name, "content-type")) has_content_type = true;
      append(name + ": " + value);
    }
    // libcurl would otherwise add "Expect: 100-continue" (an extra round trip) to large bodies
    // and a form Content-Type to body-less POSTs.
    append("Expect:");
    // A multipart body's Content-Type (with its boundary) comes from libcurl.
    if (!has_content_type && request.multipart.empty()) append("Content-Type:");
    return Slist(list);
  }

  // When sending starts, every checked file part's path must still name the file checked (the
  // descriptor read later is verified again): a swap fails the request before its first byte.
  static void check_still_there(const HttpRequest& request, const MultipartPart& part) {
    if (!part.file_identity) return;
    struct stat info {};
    std::string why;
    if (::stat(part.file_path.c_str(), &info) != 0) {
      why = std::string("cannot be opened: ") + std::strerror(errno);
    } else if (!detail::is_checked_file(info, *part.file_identity, *part.file_size)) {
      why = SizedFilePart::kChangedSinceChecked;
    } else {
      return;
    }
    throw TransportError(describe_target(request) + ": cannot send the request body: file '" +
                             part.filename + "' " + why,
                         0, false, false);
  }

  // The multipart body: text parts copied, file parts streamed from their path while sending
  // (never read whole into memory): by libcurl, or by read_file_part() when the size is known.
  static Mime build_mime(PooledHandle& handle, const HttpRequest& request, Transfer& transfer) {
    if (request.multipart.empty()) return Mime();
    Mime mime(curl_mime_init(handle.easy.get()));
    if (!mime) throw TransportError("out of memory building a multipart body", 0, false, false);
    for (const MultipartPart& part : request.multipart) {
      curl_mimepart* added = curl_mime_addpart(mime.get());
      if (added == nullptr) {
        throw TransportError("out of memory building a multipart body", 0, false, false);
      }
      curl_mime_name(added, part.name.c_str());
      CURLcode code = CURLE_OK;
      if (part.file_path.empty()) {
        code = curl_mime_data(added, part.value.data(), part.value.size());
      } else if (part.file_size) {
        check_still_there(request, part);
        auto* sized = new SizedFilePart;
        sized->path = part.file_path;
        sized->name = part.filename;
        sized->size = *part.file_size;
        sized->identity = part.file_identity;
        sized->held = part.file;
        sized->transfer = &transfer;
        // On success the part owns `sized` (free_file_part); on failure it is ours to free.
        code = curl_mime_data_cb(added, static_cast<curl_off_t>(*part.file_size), read_file_part,
                                 seek_file_part, free_file_part, sized);
        if (code != CURLE_OK) delete sized;
        if (code == CURLE_OK) curl_mime_filename(added, part.filename.c_str());
      } else {
        code = curl_mime_filedata(added, part.file_path.c_str());
        // filedata also sets the file name to the path's last component: set ours after it.
        if (code == CURLE_OK) curl_mime_filename(added, part.filename.c_str());
      }
      if (code == CURLE_OK && !part.content_type.empty()) {
        code = curl_mime_type(added, part.content_type.c_str());
      }
      if (code != CURLE_OK) {
        throw TransportError(std::string("cannot add the multipart part '") + part.name +
                                 "': " + curl_easy_strerror(code),
                             static_cast<int>(code), false, false);
      }
    }
    return mime;
  }

  // Sets every option that may differ between calls, including those a previous call on the
  // same handle may have set: nothing of an earlier request survives into this one.
  static void configure(PooledHandle& handle, const HttpRequest& request, curl_slist* headers,
                        Transfer& transfer, curl_mime* mime) {
    CURL* h = handle.easy.get();
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(request.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
    // A streamed answer may be large (a table's CSV): one read and one sink call per 256 KiB
    // instead of per 16 KiB (libcurl's default, kept for the small enveloped answers).
    curl_easy_setopt(
        h, CURLOPT_BUFFERSIZE,
        transfer.on_response_head != nullptr ? kStreamReadBytes : long{CURL_MAX_WRITE_SIZE});
    if (handle.mime_set) {
      curl_easy_setopt(h, CURLOPT_MIMEPOST, static_cast<curl_mime*>(nullptr));
      handle.mime_set = false;
    }
    if (transfer.should_abort != nullptr || transfer.on_upload_progress != nullptr) {
      curl_easy_setopt(h, CURLOPT_XFERINFODATA, &transfer);
      curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    } else {
      curl_easy_setopt(h, CURLOPT_NOPROGRESS, 1L);
    }

    if (request.method == "GET") {
      if (handle.body_options_set) {
        // POSTFIELDS also selects POST: HTTPGET below selects GET again.
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, static_cast<const char*>(nullptr));
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(-1));
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, static_cast<const char*>(nullptr));
        handle.body_options_set = false;
      }
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
      return;
    }
    if (mime != nullptr) {
      if (handle.body_options_set) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, static_cast<const char*>(nullptr));
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(-1));
        handle.body_options_set = false;
      }
      curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST,
                       request.method == "POST" ? nullptr : request.method.c_str());
      handle.mime_set = true;
      handle.body_options_set = true;  // a later GET clears CUSTOMREQUEST
      return;
    }
    // POST mechanics carry the body (Content-Length: 0 when empty, which gateways expect);
    // CUSTOMREQUEST then names the real method.
    handle.body_options_set = true;
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST,
                     request.method == "POST" ? nullptr : request.method.c_str());
  }

  [[noreturn]] void throw_failure(CURLcode code, const std::string& error_text,
                                  const HttpRequest& request, const Transfer& transfer,
                                  bool request_sent) const {
    const int curl_code = static_cast<int>(code);
    std::string detail = curl_easy_strerror(code);
    if (!error_text.empty()) detail += " (" + error_text + ")";
    const std::string target = describe_target(request);

    if (!transfer.body_error.empty()) {
      // A file part stopped the transfer: the body was cut short, so the server cannot have
      // taken the request as complete.
      throw TransportError(target + ": cannot send the request body: " + transfer.body_error,
                           curl_code, false, false);
    }
    if (transfer.body_too_large) {
      throw TransportError(target + ": response body larger than the " +
                               std::to_string(options_.max_response_bytes) +
                               "-byte limit (ClientOptions::max_response_bytes)",
                           curl_code, false, false);
    }
    switch (code) {
      case CURLE_ABORTED_BY_CALLBACK:
        throw CancelledError(target + ": cancelled by the caller");
      case CURLE_OPERATION_TIMEDOUT:
        if (transfer.stalled) {
          throw TimeoutError(target + ": timed out: no byte moved for " +
                                 std::to_string(transfer.stall_timeout.count()) +
                                 " ms (the stall timeout)",
                             curl_code, request_sent);
        }
        if (transfer.answer_too_slow) {
          throw TimeoutError(target + ": timed out: the answer did not complete within " +
                                 std::to_string(transfer.stall_timeout.count()) +
                                 " ms (the timeout) after the request body was sent",
                             curl_code, true);
        }
        throw TimeoutError(target + ": timed out: " + detail, curl_code, request_sent);
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
      case CURLE_COULDNT_CONNECT:
        throw TransportError(target + ": cannot connect: " + detail, curl_code, true, false);
      case CURLE_READ_ERROR:
        // A file part could not be read while sending (removed, unreadable, truncated).
        throw TransportError(target + ": cannot read the request body: " + detail, curl_code, false,
                             request_sent);
      case CURLE_URL_MALFORMAT:
      case CURLE_UNSUPPORTED_PROTOCOL:
        throw TransportError(target + ": invalid URL: " + detail, curl_code, false, false);
      default:
        break;
    }
    if (code == CURLE_SSL_CONNECT_ERROR) {
      // The handshake failed: no HTTP request left, so any call may be sent again.
      throw TransportError(target + ": TLS handshake failed: " + detail, curl_code, true, false);
    }
    if (is_tls_failure(code)) {
      throw TransportError(target + ": TLS error: " + detail, curl_code, false, false);
    }
    // Reset, empty reply, partial body, send/receive failure: the server may have acted.
    throw TransportError(target + ": connection failed: " + detail, curl_code, true, request_sent);
  }

  const CurlTransportOptions options_;
  std::mutex mutex_;
  std::vector<PooledHandle> idle_;  // each pair keeps its own connection cache
};

}  // namespace

std::shared_ptr<HttpTransport> make_curl_transport(const CurlTransportOptions& options) {
  return std::make_shared<CurlTransport>(options);
}

}  // namespace moi
