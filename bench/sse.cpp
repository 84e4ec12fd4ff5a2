// SPDX-License-Identifier: Apache-2.0
// moi_bench_sse: server-sent events through the SDK (issue 24, docs/performance.md).
//
//   moi_bench_sse [--latency-events N] [--throughput-events N,N,...] [--rounds R]
//
// A loopback server (a thread of this process, plain sockets, TCP_NODELAY) answers
// POST /byoa/api/v1/data_asking/analyze with an event stream, `Connection: close`.
//
// Latency (default 10,000 events): the server writes one small `answer_chunk` event with one
// send() (the time is taken right before it: on loopback the reader can wake up before send()
// returns), and waits until the reader has seen that event before writing the next one, so no
// event ever waits behind another. Two readers of the
// same stream from the same server: DataAskingClient::analyze (libcurl, the SSE parser, the
// event decoded and handed to the callback, which takes the time) and a raw loop: recv() on a
// plain socket into a buffer, the blank line that ends each event found, the time taken. The
// latency of an event is the reader's time minus the server's; median and p99 of each reader,
// and the SDK's median minus the raw loop's (goal: under 50 us). Rounds alternate the readers.
//
// Throughput (default 100,000 then 1,000,000 events): the server writes the events as fast as
// the socket takes them (16 KiB writes); the SDK decodes every one (the callback counts them).
// Events per second, and the resident set's high-water mark (VmHWM) after each run against the
// resident set before the first: the same for 100,000 and 1,000,000 events means memory does
// not grow with the stream.
//
// Where the time of throughput goes: the same bytes fed from memory to moi::SseParser alone
// (framing), then with decode_data_asking_event on each event (framing + decoding).
//
// Prints one JSON line per measurement.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "moi/moi.hpp"
#include "process_stats.hpp"

namespace {

using moi_bench::status_kib;

using Clock = std::chrono::steady_clock;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

std::string chunk_event(std::size_t i) {
  return "data: {\"type\":\"answer_chunk\",\"data\":{\"content\":\"" + std::to_string(i) +
         "\"}}\n\n";
}

const char* const kInit =
    "event: init\ndata: {\"step_type\":\"init\",\"data\":{\"request_id\":\"bench\"}}\n\n";
const char* const kComplete = "event: complete\ndata: {\"type\":\"complete\"}\n\n";

// One stream per accepted connection, as `mode` says.
class Server {
 public:
  enum class Mode { kLatency, kThroughput };

  Server() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 16) != 0) {
      throw std::runtime_error("cannot listen on loopback");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~Server() { ::close(fd_); }

  int port() const { return port_; }

  // Serves one connection in a thread: reads the request, writes the stream.
  std::thread serve(Mode mode, std::size_t events, std::vector<std::int64_t>* written,
                    std::atomic<std::size_t>* seen) {
    return std::thread([this, mode, events, written, seen] {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      const int one = 1;
      ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      read_request(c);
      const std::string head =
          "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
          "Connection: close\r\n\r\n";
      write_all(c, head.data(), head.size());
      write_all(c, kInit, std::strlen(kInit));
      if (mode == Mode::kLatency) {
        for (std::size_t i = 0; i < events; ++i) {
          const std::string event = chunk_event(i);
          // One send() hands the whole event to the kernel; on loopback the reader may run
          // before send() returns, so the time is taken just before it.
          (*written)[i] = now_ns();
          if (!write_all(c, event.data(), event.size())) break;
          while (seen->load(std::memory_order_acquire) <= i) std::this_thread::yield();
        }
      } else {
        std::string batch;
        for (std::size_t i = 0; i < events; ++i) {
          batch += "data: {\"type\":\"answer_chunk\",\"data\":{\"content\":\"x\"}}\n\n";
          if (batch.size() >= 16384) {
            if (!write_all(c, batch.data(), batch.size())) break;
            batch.clear();
          }
        }
        write_all(c, batch.data(), batch.size());
      }
      write_all(c, kComplete, std::strlen(kComplete));
      ::shutdown(c, SHUT_WR);
      char drain[256];
      while (::recv(c, drain, sizeof drain, 0) > 0) {
      }
      ::close(c);
    });
  }

 private:
  static void read_request(int c) {
    std::string text;
    char buffer[4096];
    std::size_t head_end = std::string::npos;
    std::size_t length = 0;
    for (;;) {
      const ssize_t n = ::recv(c, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      text.append(buffer, static_cast<std::size_t>(n));
      if (head_end == std::string::npos) {
        head_end = text.find("\r\n\r\n");
        if (head_end == std::string::npos) continue;
        std::string lower = text.substr(0, head_end);
        for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const std::size_t at = lower.find("content-length:");
        if (at != std::string::npos) length = std::strtoul(lower.c_str() + at + 15, nullptr, 10);
      }
      if (text.size() >= head_end + 4 + length) return;
    }
  }

  int fd_ = -1;
  int port_ = 0;
};

struct Percentiles {
  double median_us = 0;
  double p99_us = 0;
};

Percentiles percentiles(std::vector<std::int64_t> ns) {
  std::sort(ns.begin(), ns.end());
  Percentiles p;
  if (ns.empty()) return p;
  p.median_us = static_cast<double>(ns[ns.size() / 2]) / 1000.0;
  p.p99_us = static_cast<double>(ns[std::min(ns.size() - 1, ns.size() * 99 / 100)]) / 1000.0;
  return p;
}

moi::AnalyzeRequest bench_request() {
  moi::AnalyzeRequest request;
  request.question = "bench";
  return request;
}

moi::ClientOptions client_options(int port) {
  moi::ClientOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(port);
  options.api_key = "bench-key";
  options.timeout = std::chrono::seconds(120);
  return options;
}

// The SDK reads one latency stream; returns each event's latency (ns).
std::vector<std::int64_t> sdk_latency(const moi::Client& client, Server& server, std::size_t n) {
  std::vector<std::int64_t> written(n, 0);
  std::vector<std::int64_t> seen_at(n, 0);
  std::atomic<std::size_t> seen{0};
  std::thread serving = server.serve(Server::Mode::kLatency, n, &written, &seen);
  client.data_asking().analyze(bench_request(), [&](const moi::DataAskingEvent& event) {
    if (event.kind != moi::DataAskingEventKind::kAnswerChunk || !event.text) return;
    const std::size_t i = std::strtoul(event.text->c_str(), nullptr, 10);
    seen_at[i] = now_ns();
    seen.store(i + 1, std::memory_order_release);
  });
  serving.join();
  std::vector<std::int64_t> latency(n);
  for (std::size_t i = 0; i < n; ++i) latency[i] = seen_at[i] - written[i];
  return latency;
}

// A raw recv() loop reads the same kind of stream.
std::vector<std::int64_t> raw_latency(Server& server, std::size_t n) {
  std::vector<std::int64_t> written(n, 0);
  std::vector<std::int64_t> seen_at(n, 0);
  std::atomic<std::size_t> seen{0};
  std::thread serving = server.serve(Server::Mode::kLatency, n, &written, &seen);
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(server.port()));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("cannot connect");
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const std::string body = "{\"question\":\"bench\"}";
  const std::string request =
      "POST /byoa/api/v1/data_asking/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nmoi-key: bench-key\r\n"
      "Accept: text/event-stream\r\nContent-Type: application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  write_all(fd, request.data(), request.size());
  std::string buffer;
  std::size_t scanned = 0;
  bool in_body = false;
  char chunk[65536];
  for (;;) {
    const ssize_t got = ::recv(fd, chunk, sizeof chunk, 0);
    if (got <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(got));
    if (!in_body) {
      const std::size_t head = buffer.find("\r\n\r\n");
      if (head == std::string::npos) continue;
      buffer.erase(0, head + 4);
      in_body = true;
    }
    for (std::size_t end = buffer.find("\n\n", scanned); end != std::string::npos;
         end = buffer.find("\n\n", scanned)) {
      const std::int64_t at = now_ns();
      const std::size_t content = buffer.find("\"content\":\"", scanned);
      if (content != std::string::npos && content < end) {
        const std::size_t i = std::strtoul(buffer.c_str() + content + 11, nullptr, 10);
        if (i < n) {
          seen_at[i] = at;
          seen.store(i + 1, std::memory_order_release);
        }
      }
      scanned = end + 2;
    }
    buffer.erase(0, scanned);
    scanned = 0;
  }
  ::close(fd);
  serving.join();
  std::vector<std::int64_t> latency(n);
  for (std::size_t i = 0; i < n; ++i) latency[i] = seen_at[i] - written[i];
  return latency;
}

std::vector<std::size_t> parse_list(const char* text) {
  std::vector<std::size_t> out;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) out.push_back(std::stoul(part));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t latency_events = 10000;
  std::vector<std::size_t> throughput_events{100000, 1000000};
  int rounds = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--latency-events") {
      latency_events = std::stoul(argv[i + 1]);
    } else if (flag == "--throughput-events") {
      throughput_events = parse_list(argv[i + 1]);
    } else if (flag == "--rounds") {
      rounds = std::stoi(argv[i + 1]);
    } else {
      std::fprintf(stderr, "moi_bench_sse: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  try {
    Server server;
    const moi::Client client(client_options(server.port()));
    const long rss_start = status_kib("VmRSS");
    // Latency: the readers alternate, `rounds` times each.
    std::vector<std::int64_t> sdk_all;
    std::vector<std::int64_t> raw_all;
    for (int round = 0; round < rounds; ++round) {
      const auto raw = raw_latency(server, latency_events);
      const auto sdk = sdk_latency(client, server, latency_events);
      const Percentiles r = percentiles(raw);
      const Percentiles s = percentiles(sdk);
      std::printf(
          "{\"bench\":\"sse_latency\",\"round\":%d,\"events\":%zu,\"sdk_median_us\":%.1f,"
          "\"sdk_p99_us\":%.1f,\"raw_median_us\":%.1f,\"raw_p99_us\":%.1f,"
          "\"sdk_minus_raw_median_us\":%.1f}\n",
          round + 1, latency_events, s.median_us, s.p99_us, r.median_us, r.p99_us,
          s.median_us - r.median_us);
      std::fflush(stdout);
      sdk_all.insert(sdk_all.end(), sdk.begin(), sdk.end());
      raw_all.insert(raw_all.end(), raw.begin(), raw.end());
    }
    const Percentiles s = percentiles(sdk_all);
    const Percentiles r = percentiles(raw_all);
    std::printf(
        "{\"bench\":\"sse_latency\",\"round\":\"all\",\"events\":%zu,\"sdk_median_us\":%.1f,"
        "\"sdk_p99_us\":%.1f,\"raw_median_us\":%.1f,\"raw_p99_us\":%.1f,"
        "\"sdk_minus_raw_median_us\":%.1f}\n",
        sdk_all.size(), s.median_us, s.p99_us, r.median_us, r.p99_us, s.median_us - r.median_us);
    std::fflush(stdout);

    // In memory: framing alone, then framing and decoding, over the largest stream's bytes.
    if (!throughput_events.empty()) {
      const std::size_t n = *std::max_element(throughput_events.begin(), throughput_events.end());
      const std::string one = "data: {\"type\":\"answer_chunk\",\"data\":{\"content\":\"x\"}}\n\n";
      std::string bytes;
      bytes.reserve(one.size() * 1000);
      for (int i = 0; i < 1000; ++i) bytes += one;
      for (const bool decode : {false, true}) {
        std::size_t count = 0;
        moi::SseParser parser([&count, decode](moi::SseEvent& event) {
          if (decode) {
            const moi::DataAskingEvent e =
                moi::decode_data_asking_event(std::move(event.event), std::move(event.data));
            if (e.kind == moi::DataAskingEventKind::kAnswerChunk) ++count;
          } else {
            ++count;
          }
        });
        const auto start = Clock::now();
        for (std::size_t fed = 0; fed < n; fed += 1000) parser.feed(bytes);
        parser.finish();
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        std::printf("{\"bench\":\"%s\",\"events\":%zu,\"seconds\":%.3f,\"events_per_s\":%.0f}\n",
                    decode ? "sse_parse_and_decode_in_memory" : "sse_parse_in_memory", count,
                    seconds, static_cast<double>(count) / seconds);
        std::fflush(stdout);
      }
    }

    // Throughput and memory.
    for (const std::size_t n : throughput_events) {
      std::atomic<std::size_t> none{0};
      std::thread serving = server.serve(Server::Mode::kThroughput, n, nullptr, &none);
      std::size_t count = 0;
      const auto start = Clock::now();
      const moi::AnalyzeOutcome outcome =
          client.data_asking().analyze(bench_request(), [&count](const moi::DataAskingEvent& e) {
            if (e.kind == moi::DataAskingEventKind::kAnswerChunk) ++count;
          });
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      serving.join();
      std::printf(
          "{\"bench\":\"sse_throughput\",\"events\":%zu,\"decoded\":%zu,\"completed\":%s,"
          "\"seconds\":%.3f,\"events_per_s\":%.0f,\"rss_start_kib\":%ld,\"hwm_kib\":%ld}\n",
          n, count, outcome.completed ? "true" : "false", seconds,
          static_cast<double>(count) / seconds, rss_start, status_kib("VmHWM"));
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "moi_bench_sse: %s\n", e.what());
    return 1;
  }
  return 0;
}
