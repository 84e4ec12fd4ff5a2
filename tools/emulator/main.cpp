// SPDX-License-Identifier: Apache-2.0
// moi-emulator: serves the MOI data-processing and data-export API locally until SIGINT or
// SIGTERM. See docs/emulator.md.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "moi_emulator/emulator.hpp"
#include "persistence.hpp"

namespace {

// Writes the port to `path` via a new file (O_EXCL|O_NOFOLLOW, random name) in its checked
// directory and a rename, so a script polling for the file never reads a half-written number
// and no name planted by another user redirects the write. Empty on success, else the reason.
std::string write_port_file(const std::string& path, int port) {
  namespace detail = moi::emulator::detail;
  try {
    const auto [dir, name] = detail::split_path(path);
    detail::CheckedDir::open_shared(dir, "--port-file " + path)
        .replace(name, std::to_string(port) + "\n", 0644);
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace

int main(int argc, char** argv) {
  namespace emu = moi::emulator;
  emu::EmulatorOptions opts;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string port_file;
  long long latency_ms = 0;
  long long file_duration_ms = opts.behavior.file_duration.count();
  long long load_duration_ms = opts.behavior.load_duration.count();
  long long sse_event_delay_ms = opts.behavior.sse_event_delay.count();
  double request_read_timeout_s = static_cast<double>(opts.request_read_timeout.count()) / 1000.0;

  CLI::App app{
      "moi-emulator: a local, stateful stand-in for the MOI service: all 151 endpoints of "
      "moi-cpp, i.e. the data-processing and data-export API (workflows, branches, jobs, "
      "exports), the data-in/out endpoints at the host root (catalogs, databases, volumes, "
      "folders, files, uploads, load tasks, connectors, catalog tables in SQLite), the GenAI "
      "pipeline, the LLM proxy, data asking (NL2SQL over the tables, business knowledge, "
      "streamed analyses) and users, roles and audit logs, with privileges enforced. The first "
      "line on stdout is \"listening on http://HOST:PORT\". Stops on SIGINT or SIGTERM."};
  app.add_option("--host", host, "Address to bind")->capture_default_str();
  app.add_option("--port", port, "Port to bind; 0 picks a free one")->capture_default_str();
  app.add_option("--port-file", port_file, "Also write the bound port to this file");
  app.add_option("--api-key", opts.api_key,
                 "The moi-key every request must carry (default: $MOI_API_KEY; if neither is "
                 "set, any non-empty key is accepted)");
  app.add_option("--state", opts.state_file,
                 "State file: loaded on start, every acknowledged change written to it "
                 "atomically before the answer (default: in memory only)");
  app.add_option("--seed", opts.seed, "Seed for ids, failure choices and fault draws")
      ->capture_default_str();
  app.add_option("--fail-ratio", opts.behavior.fail_ratio,
                 "Share of each job's/export task's files that fail on their first attempt")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--fail-marker", opts.behavior.fail_marker,
                 "Files whose name contains this fail on their first attempt ('' = off)")
      ->capture_default_str();
  app.add_option("--always-fail-marker", opts.behavior.always_fail_marker,
                 "Files whose name contains this fail on every attempt ('' = off)")
      ->capture_default_str();
  app.add_option("--file-duration-ms", file_duration_ms, "Time to process or export one file")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--load-duration-ms", load_duration_ms,
                 "Time to load one uploaded file (the files of an upload load one by one)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--parallel-files", opts.behavior.parallel_files,
                 "Files of one job/export task processed at the same time")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--files-per-volume", opts.behavior.files_per_volume,
                 "Simulated files per source volume when a workflow names no files")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--latency-ms", latency_ms, "Delay added before every answer")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--error-rate-503", opts.faults.error_rate_503,
                 "Share of requests answered 503 with Retry-After (not processed)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--error-rate-429", opts.faults.error_rate_429,
                 "Share of requests answered 429 with Retry-After (not processed)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--retry-after", opts.faults.retry_after_seconds,
                 "Retry-After seconds sent with injected 503/429")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--drop-rate", opts.faults.drop_rate,
                 "Share of requests processed and then answered with a connection closed "
                 "mid-body")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_flag("--delete-204", opts.delete_returns_204,
               "Answer W5/B5 deletes with 204 and no body instead of a null-data envelope");
  app.add_option("--user", opts.user_name, "Creator/modifier name on records")
      ->capture_default_str();
  app.add_option("--threads", opts.threads,
                 "HTTP worker threads created at start (the program exits 1 if it cannot "
                 "create them)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--max-threads", opts.max_threads,
                 "The worker pool grows on demand up to this many threads (one per open "
                 "connection)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--request-read-timeout", request_read_timeout_s,
                 "Seconds (decimals allowed) to receive one whole request, headers and body, "
                 "however slowly it trickles in; then 408 and the connection is closed")
      ->check(CLI::Range(0.001, 86400.0))
      ->capture_default_str();
  app.add_option("--max-body-bytes", opts.max_body_bytes,
                 "Largest request body accepted; larger ones get 413 without being read")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--max-multipart-parts", opts.max_multipart_parts,
                 "Most parts one multipart upload may have; more get 413")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--sse-event-delay-ms", sse_event_delay_ms,
                 "Pause before each server-sent event of a streamed answer (LLM chat, data asking)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--log-requests", opts.log_requests, "Log one line per request to stderr");
  app.add_flag("--strict", opts.strict,
               "Answer 422 naming them when a body or query carries keys the emulator does not "
               "read (the service ignores them), to lint a client against the documents");
  CLI11_PARSE(app, argc, argv);

  if (opts.api_key.empty()) {
    if (const char* env = std::getenv("MOI_API_KEY")) opts.api_key = env;
  }
  opts.faults.latency = std::chrono::milliseconds(latency_ms);
  opts.behavior.file_duration = std::chrono::milliseconds(file_duration_ms);
  opts.behavior.load_duration = std::chrono::milliseconds(load_duration_ms);
  opts.behavior.sse_event_delay = std::chrono::milliseconds(sse_event_delay_ms);
  opts.request_read_timeout =
      std::chrono::milliseconds(static_cast<long long>(request_read_timeout_s * 1000.0 + 0.5));

  // Block the stop signals before any server thread exists, so only sigwait() sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a client that hangs up must not kill the server

  try {
    // Both may fail (state file locked by another emulator or unreadable; no threads to be
    // had; address in use): then the program exits 1 with one line on stderr, before
    // anything announces it.
    emu::Emulator emulator(opts);
    int bound = emulator.start(host, port);
    // The port file first: once the line below is out, everything a script needs is there.
    if (!port_file.empty()) {
      const std::string failed = write_port_file(port_file, bound);
      if (!failed.empty()) {
        std::fprintf(stderr, "moi-emulator: cannot write the port file: %s\n", failed.c_str());
        return 1;
      }
    }
    if (opts.api_key.empty()) {
      std::fprintf(stderr, "moi-emulator: no API key set; any non-empty moi-key is accepted\n");
    }
    std::printf("listening on %s\n", emulator.base_url().c_str());
    std::fflush(stdout);
    int sig = 0;
    sigwait(&stop_signals, &sig);
    emulator.stop();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "moi-emulator: %s\n", e.what());
    return 1;
  }
  return 0;
}
