// SPDX-License-Identifier: Apache-2.0
// moi_bench: what the SDK costs on top of its floor, measured side by side in one run.
//
//   moi_bench --moi_port=N [--moi_calls=20000] [--moi_reps=3] [--moi_thread_reps=3]
//             [--moi_thread_time=1.0]
//             [Google Benchmark flags: --benchmark_filter=..., --benchmark_out=...]
//
// The port is that of a running moi_bench_server (bench/run.sh starts one). Groups:
//   J5/...           20,000 sequential J5 status calls: the SDK, a raw libcurl loop reusing one
//                    easy handle with the same headers, and the raw loop plus a JSON parse;
//                    each raw loop both with curl_easy_perform and, as the SDK transfers, with
//                    the handle driven by its own multi handle (perform/poll).
//   Decode/...       a 10,000-file J3 page: nlohmann::json::parse alone, parse + typed decode,
//                    the typed decode alone, and the SDK's whole list_files path over an
//                    in-memory transport (no network); and the J5 body of group 1, parsed and
//                    parsed + decoded.
//   Connections/...  TCP connections the server saw (distinct client ports) for 1,000
//                    sequential calls, and for 4 threads sharing one client.
//   Threads/...      calls/second with 1, 2 and 4 threads: one shared client, one client per
//                    thread, and one raw libcurl handle per thread.

#include <benchmark/benchmark.h>
#include <curl/curl.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_bodies.hpp"
#include "moi/moi.hpp"

namespace {

struct Settings {
  int port = 0;
  long calls = 20000;
  int reps = 3;
  int thread_reps = 3;
  double thread_time = 1.0;
};
Settings g;

const char* const kApiKey = "bench-key-0123456789abcdef0123456789abcdef";
const char* const kJobId = "0194a3b2-7c1d-7e4f-9a2b-3c4d5e6f7a8b";

std::string base_url() { return "http://127.0.0.1:" + std::to_string(g.port); }

moi::Client make_client() {
  moi::ClientOptions options;
  options.base_url = base_url();
  options.api_key = kApiKey;
  return moi::Client(std::move(options));
}

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// The floor: one easy handle, options and headers set once, only the transfer repeated. It
// sends the same header lines as the SDK (X-Request-ID fixed, of the same length).
class RawCurl {
 public:
  RawCurl() : handle_(curl_easy_init()), multi_(curl_multi_init()) {
    const std::string url =
        base_url() + "/byoa/api/v1/workflow_job/" + std::string(kJobId) + "/status";
    for (const std::string& line :
         {std::string("moi-key: ") + kApiKey, std::string("User-Agent: moi-cpp/") + moi::version(),
          std::string("Accept: application/json"),
          std::string("X-Request-ID: 6f1c8a3e-2b7d-4e5f-8a9b-0c1d2e3f4a5b")}) {
      headers_ = curl_slist_append(headers_, line.c_str());
    }
    curl_easy_setopt(handle_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, &append_body);
    curl_easy_setopt(handle_, CURLOPT_WRITEDATA, &body_);
  }
  RawCurl(const RawCurl&) = delete;
  RawCurl& operator=(const RawCurl&) = delete;
  ~RawCurl() {
    curl_multi_cleanup(multi_);
    curl_easy_cleanup(handle_);
    curl_slist_free_all(headers_);
  }

  const std::string& get() {
    body_.clear();
    return finish(curl_easy_perform(handle_));
  }

  // The same transfer driven the way the SDK's transport drives it (src/transport/
  // curl_transport.cpp, without a cancellation check): the easy handle added to a multi handle
  // of its own, curl_multi_perform and curl_multi_poll until it is done, then removed. The
  // multi handle holds the connection between calls.
  const std::string& get_multi() {
    body_.clear();
    if (curl_multi_add_handle(multi_, handle_) != CURLM_OK) return finish(CURLE_FAILED_INIT);
    CURLcode result = CURLE_OK;
    for (;;) {
      int running = 0;
      if (curl_multi_perform(multi_, &running) != CURLM_OK) {
        result = CURLE_OUT_OF_MEMORY;
        break;
      }
      if (running == 0) {
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
          if (message->msg == CURLMSG_DONE) result = message->data.result;
        }
        break;
      }
      if (curl_multi_poll(multi_, nullptr, 0, 1000, nullptr) != CURLM_OK) {
        result = CURLE_OUT_OF_MEMORY;
        break;
      }
    }
    curl_multi_remove_handle(multi_, handle_);
    return finish(result);
  }

 private:
  const std::string& finish(CURLcode code) {
    long status = 0;
    curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &status);
    if (code != CURLE_OK || status != 200) {
      throw std::runtime_error(std::string("raw call failed: ") + curl_easy_strerror(code));
    }
    return body_;
  }

  CURL* handle_;
  CURLM* multi_;
  curl_slist* headers_ = nullptr;
  std::string body_;
};

// Talks to the server's /_bench routes on a fresh connection (never counted as traffic).
__attribute__((noinline)) std::string control(const char* method, const char* path) {
  CURL* h = curl_easy_init();
  std::string body;
  const std::string url = base_url() + path;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &append_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
  if (std::strcmp(method, "POST") == 0) curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
  const CURLcode code = curl_easy_perform(h);
  curl_easy_cleanup(h);
  if (code != CURLE_OK) throw std::runtime_error(std::string("control call failed: ") + path);
  return body;
}

double server_connections() {
  return moi::Json::parse(control("GET", "/_bench/stats")).at("connections").get<double>();
}

double server_cpu_seconds() {
  return moi::Json::parse(control("GET", "/_bench/stats")).at("cpu_seconds").get<double>();
}

double seconds(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

// Where a sequential call's time goes, as counters per call over the measured loop: the
// calling thread's user and system CPU (getrusage RUSAGE_THREAD) and the server process's CPU.
class CallCosts {
 public:
  CallCosts() : server_start_(server_cpu_seconds()) { getrusage(RUSAGE_THREAD, &start_); }
  void record(benchmark::State& state) const {
    rusage end{};
    getrusage(RUSAGE_THREAD, &end);
    const double calls = static_cast<double>(state.iterations());
    state.counters["client_user_us"] =
        (seconds(end.ru_utime) - seconds(start_.ru_utime)) / calls * 1e6;
    state.counters["client_sys_us"] =
        (seconds(end.ru_stime) - seconds(start_.ru_stime)) / calls * 1e6;
    state.counters["server_cpu_us"] = (server_cpu_seconds() - server_start_) / calls * 1e6;
  }

 private:
  double server_start_;
  rusage start_{};
};

void set_calls_per_second(benchmark::State& state) { state.SetItemsProcessed(state.iterations()); }

// ---- 1-2. Per-call overhead ---------------------------------------------------------------

// One call of each kind, kept out of line so that callgrind counts each one's instructions
// (bench/callgrind_summary.py): everything one loop iteration does, results freed included.
__attribute__((noinline)) void one_sdk_call(const moi::JobClient& jobs) {
  moi::JobStatusInfo info = jobs.get_status(kJobId);
  benchmark::DoNotOptimize(info);
}

__attribute__((noinline)) void one_raw_call(RawCurl& raw) {
  benchmark::DoNotOptimize(raw.get().data());
}

__attribute__((noinline)) void one_raw_parse_call(RawCurl& raw) {
  moi::Json json = moi::Json::parse(raw.get());
  benchmark::DoNotOptimize(json);
}

__attribute__((noinline)) void one_raw_multi_call(RawCurl& raw) {
  benchmark::DoNotOptimize(raw.get_multi().data());
}

__attribute__((noinline)) void one_raw_multi_parse_call(RawCurl& raw) {
  moi::Json json = moi::Json::parse(raw.get_multi());
  benchmark::DoNotOptimize(json);
}

void j5_sdk(benchmark::State& state) {
  const moi::Client client = make_client();
  const moi::JobClient jobs = client.jobs();
  (void)jobs.get_status(kJobId);  // connect outside the measurement
  const CallCosts costs;
  for (auto _ : state) one_sdk_call(jobs);
  costs.record(state);
  set_calls_per_second(state);
}

template <void (*Call)(RawCurl&), const std::string& (RawCurl::*Warm)()>
void j5_raw(benchmark::State& state) {
  RawCurl raw;
  (void)(raw.*Warm)();
  const CallCosts costs;
  for (auto _ : state) Call(raw);
  costs.record(state);
  set_calls_per_second(state);
}

// ---- 3. Decoding ----------------------------------------------------------------------------

const std::string& big_page() {
  static const std::string body = moi_bench::j3_files_body(0, 10000, 10000);
  return body;
}

void decode_parse(benchmark::State& state) {
  const std::string& body = big_page();
  for (auto _ : state) {
    moi::Json json = moi::Json::parse(body);
    benchmark::DoNotOptimize(json);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(body.size()));
  state.counters["page_bytes"] = static_cast<double>(body.size());
}

void decode_parse_typed(benchmark::State& state) {
  const std::string& body = big_page();
  for (auto _ : state) {
    const moi::Json json = moi::Json::parse(body);
    moi::JobFilesResponse files = json.at("data").get<moi::JobFilesResponse>();
    if (files.files.size() != 10000) state.SkipWithError("wrong file count");
    benchmark::DoNotOptimize(files);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(big_page().size()));
}

void decode_typed_only(benchmark::State& state) {
  const moi::Json json = moi::Json::parse(big_page());
  for (auto _ : state) {
    moi::JobFilesResponse files;
    from_json(json.at("data"), files);
    benchmark::DoNotOptimize(files);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(big_page().size()));
}

// The J5 body of group 1: what decoding costs per status call.
void decode_j5_parse(benchmark::State& state) {
  const std::string& body = moi_bench::j5_status_body();
  for (auto _ : state) {
    moi::Json json = moi::Json::parse(body);
    benchmark::DoNotOptimize(json);
  }
}

void decode_j5_parse_typed(benchmark::State& state) {
  const std::string& body = moi_bench::j5_status_body();
  for (auto _ : state) {
    const moi::Json json = moi::Json::parse(body);
    moi::JobStatusInfo info = json.at("data").get<moi::JobStatusInfo>();
    benchmark::DoNotOptimize(info);
  }
}

// Answers every request with the same canned body: the SDK's whole path minus the network.
class CannedTransport final : public moi::HttpTransport {
 public:
  explicit CannedTransport(const std::string& body) : body_(body) {}
  moi::HttpResponse send(const moi::HttpRequest&) override {
    moi::HttpResponse response;
    response.status = 200;
    response.headers.emplace_back("content-type", "application/json");
    response.body = body_;
    return response;
  }

 private:
  const std::string& body_;
};

void decode_sdk_list_files(benchmark::State& state) {
  moi::ClientOptions options;
  options.base_url = "http://127.0.0.1:1";
  options.api_key = kApiKey;
  options.transport = std::make_shared<CannedTransport>(big_page());
  const moi::Client client(std::move(options));
  moi::ListJobFilesRequest request;
  request.page_size = 10000;
  for (auto _ : state) {
    moi::JobFilesResponse files = client.jobs().list_files(kJobId, request);
    benchmark::DoNotOptimize(files);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(big_page().size()));
}

// ---- 4. Connections -------------------------------------------------------------------------

void connections_sequential(benchmark::State& state) {
  control("POST", "/_bench/reset");
  const moi::Client client = make_client();
  const moi::JobClient jobs = client.jobs();
  for (auto _ : state) {
    moi::JobStatusInfo info = jobs.get_status(kJobId);
    benchmark::DoNotOptimize(info);
  }
  state.counters["tcp_connections"] = server_connections();
  set_calls_per_second(state);
}

std::unique_ptr<moi::Client> g_shared;  // set by thread 0 before the start barrier

void connections_shared(benchmark::State& state) {
  if (state.thread_index() == 0) {
    control("POST", "/_bench/reset");
    g_shared = std::make_unique<moi::Client>(make_client());
  }
  for (auto _ : state) {
    moi::JobStatusInfo info = g_shared->jobs().get_status(kJobId);
    benchmark::DoNotOptimize(info);
  }
  if (state.thread_index() == 0) {  // after the stop barrier: every thread is done
    g_shared.reset();
    state.counters["tcp_connections"] = server_connections();
  }
  set_calls_per_second(state);
}

// ---- 5. Threads -----------------------------------------------------------------------------

void threads_sdk_shared(benchmark::State& state) {
  if (state.thread_index() == 0) g_shared = std::make_unique<moi::Client>(make_client());
  for (auto _ : state) {
    moi::JobStatusInfo info = g_shared->jobs().get_status(kJobId);
    benchmark::DoNotOptimize(info);
  }
  if (state.thread_index() == 0) g_shared.reset();
  set_calls_per_second(state);
}

void threads_sdk_per_thread(benchmark::State& state) {
  const moi::Client client = make_client();
  const moi::JobClient jobs = client.jobs();
  for (auto _ : state) {
    moi::JobStatusInfo info = jobs.get_status(kJobId);
    benchmark::DoNotOptimize(info);
  }
  set_calls_per_second(state);
}

void threads_raw_curl(benchmark::State& state) {
  RawCurl raw;
  for (auto _ : state) {
    benchmark::DoNotOptimize(raw.get().data());
  }
  set_calls_per_second(state);
}

bool take_flag(const char* arg, const char* name, std::string& value) {
  const std::size_t n = std::strlen(name);
  if (std::strncmp(arg, name, n) != 0 || arg[n] != '=') return false;
  value = arg + n + 1;
  return true;
}

void register_all() {
  using benchmark::RegisterBenchmark;
  const auto calls = static_cast<benchmark::IterationCount>(g.calls);
  for (auto [name, fn] :
       {std::pair{"J5/sdk", &j5_sdk},
        std::pair{"J5/raw_curl", &j5_raw<&one_raw_call, &RawCurl::get>},
        std::pair{"J5/raw_curl_parse", &j5_raw<&one_raw_parse_call, &RawCurl::get>},
        std::pair{"J5/raw_multi", &j5_raw<&one_raw_multi_call, &RawCurl::get_multi>},
        std::pair{"J5/raw_multi_parse", &j5_raw<&one_raw_multi_parse_call, &RawCurl::get_multi>}}) {
    RegisterBenchmark(name, fn)->Iterations(calls)->Repetitions(g.reps)->UseRealTime()->Unit(
        benchmark::kMicrosecond);
  }
  for (auto [name, fn] : {std::pair{"Decode/parse", &decode_parse},
                          std::pair{"Decode/parse_typed", &decode_parse_typed},
                          std::pair{"Decode/typed_only", &decode_typed_only},
                          std::pair{"Decode/sdk_list_files", &decode_sdk_list_files}}) {
    RegisterBenchmark(name, fn)->Repetitions(g.reps)->MinTime(0.5)->Unit(benchmark::kMillisecond);
  }
  RegisterBenchmark("Decode/j5_parse", &decode_j5_parse)->Repetitions(g.reps)->MinTime(0.2);
  RegisterBenchmark("Decode/j5_parse_typed", &decode_j5_parse_typed)
      ->Repetitions(g.reps)
      ->MinTime(0.2);
  RegisterBenchmark("Connections/sequential", &connections_sequential)
      ->Iterations(1000)
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
  RegisterBenchmark("Connections/shared", &connections_shared)
      ->Iterations(250)  // per thread: 1,000 calls in all
      ->Threads(4)
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
  for (auto [name, fn] : {std::pair{"Threads/sdk_shared", &threads_sdk_shared},
                          std::pair{"Threads/sdk_per_thread", &threads_sdk_per_thread},
                          std::pair{"Threads/raw_curl", &threads_raw_curl}}) {
    RegisterBenchmark(name, fn)
        ->Threads(1)
        ->Threads(2)
        ->Threads(4)
        ->MinTime(g.thread_time)
        ->Repetitions(g.thread_reps)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    std::string value;
    try {
      if (take_flag(argv[i], "--moi_port", value)) {
        g.port = std::stoi(value);
      } else if (take_flag(argv[i], "--moi_calls", value)) {
        g.calls = std::stol(value);
      } else if (take_flag(argv[i], "--moi_reps", value)) {
        g.reps = std::stoi(value);
      } else if (take_flag(argv[i], "--moi_thread_reps", value)) {
        g.thread_reps = std::stoi(value);
      } else if (take_flag(argv[i], "--moi_thread_time", value)) {
        g.thread_time = std::stod(value);
      } else {
        rest.push_back(argv[i]);
      }
    } catch (const std::exception&) {
      std::fprintf(stderr, "moi_bench: bad value in %s\n", argv[i]);
      return 2;
    }
  }
  if (g.port <= 0) {
    if (const char* env = std::getenv("MOI_BENCH_PORT")) g.port = std::atoi(env);
  }
  if (g.port <= 0) {
    std::fprintf(stderr,
                 "moi_bench: pass --moi_port=N of a running moi_bench_server "
                 "(or use bench/run.sh)\n");
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  register_all();
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());
  if (benchmark::ReportUnrecognizedArguments(rest_argc, rest.data())) return 2;
  benchmark::AddCustomContext("moi_version", moi::version());
  benchmark::AddCustomContext("curl_version", curl_version());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
