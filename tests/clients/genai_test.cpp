// SPDX-License-Identifier: Apache-2.0
// The GenAI atomic pipeline through the real libcurl transport against loopback servers: the
// submit call's JSON and multipart forms byte-checked (part names, order, file names, payload
// keys), the checks made before sending, the job call decoded from the document's example,
// the waiter, the result download (streamed to a file or a stream) and the SDK-only workflow
// call.

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "moi/client.hpp"
#include "moi/helpers/waiters.hpp"
#include "root_post_test.hpp"
#include "support/raw_server.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using testing::CannedResponse;
using testing::envelope;
using testing::TempDir;
using testing::TestServer;

constexpr const char* kKey = "genai-test-key";

CannedResponse fixture(const std::string& name) {
  CannedResponse response;
  response.body = testing::read_fixture(name);
  return response;
}

// One part of a multipart body, in the order it was sent.
struct WirePart {
  std::string name;
  std::string filename;  // empty for a text part
  bool has_filename = false;
  std::string content_type;
  std::string content;
};

// A loopback server that keeps each request's raw bytes and answers every request with one
// body: unlike TestServer's parts, these tell a part without a filename attribute from one
// with an empty filename (the payload part has none).
class CaptureServer {
 public:
  explicit CaptureServer(std::string answer) : answer_(std::move(answer)) {
    listen_fd_ = testing::listen_on_loopback(port_);
    thread_ = std::thread([this] { serve(); });
  }
  ~CaptureServer() {
    stopping_ = true;
    thread_.join();
    ::close(listen_fd_);
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_.load(); }
  const std::string& head() const { return head_; }
  const std::string& body() const { return body_; }

  // The parts of the last body, in wire order.
  std::vector<WirePart> parts() const {
    const std::string marker = "boundary=";
    const auto at = head_.find(marker);
    EXPECT_NE(at, std::string::npos) << head_;
    if (at == std::string::npos) return {};
    const std::string boundary =
        "--" + head_.substr(at + marker.size(), head_.find("\r\n", at) - at - marker.size());
    std::vector<WirePart> parts;
    std::size_t pos = body_.find(boundary);
    while (pos != std::string::npos) {
      pos += boundary.size();
      if (body_.compare(pos, 2, "--") == 0) break;  // closing boundary
      pos += 2;                                     // CRLF
      const auto headers_end = body_.find("\r\n\r\n", pos);
      const std::string headers = body_.substr(pos, headers_end - pos);
      const auto next = body_.find("\r\n" + boundary, headers_end + 4);
      WirePart part;
      part.content = body_.substr(headers_end + 4, next - headers_end - 4);
      const auto quoted = [&headers](const std::string& key, bool& found) {
        const auto k = headers.find(key + "=\"");
        found = k != std::string::npos;
        if (!found) return std::string();
        const auto start = k + key.size() + 2;
        return headers.substr(start, headers.find('"', start) - start);
      };
      bool found = false;
      part.name = quoted("; name", found);
      part.filename = quoted("filename", part.has_filename);
      const auto type = headers.find("Content-Type: ");
      if (type != std::string::npos) {
        part.content_type = headers.substr(type + 14, headers.find("\r\n", type) - type - 14);
      }
      parts.push_back(std::move(part));
      pos = next + 2;
    }
    return parts;
  }

 private:
  void serve() {
    while (!stopping_) {
      pollfd ready{listen_fd_, POLLIN, 0};
      if (::poll(&ready, 1, 20) <= 0) continue;
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      std::string data;
      char buffer[65536];
      const auto receive = [&] {
        pollfd readable{fd, POLLIN, 0};
        if (::poll(&readable, 1, 5000) <= 0) return false;
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) return false;
        data.append(buffer, static_cast<std::size_t>(got));
        return true;
      };
      while (data.find("\r\n\r\n") == std::string::npos && receive()) {
      }
      const auto head_end = data.find("\r\n\r\n");
      head_ = data.substr(0, head_end + 4);
      std::string lower = head_;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const auto length_at = lower.find("content-length: ");
      const std::size_t length =
          length_at == std::string::npos ? 0 : std::stoul(head_.substr(length_at + 16));
      if (lower.find("expect: 100-continue") != std::string::npos) {
        const std::string go_on = "HTTP/1.1 100 Continue\r\n\r\n";
        ::send(fd, go_on.data(), go_on.size(), MSG_NOSIGNAL);
      }
      while (data.size() < head_end + 4 + length && receive()) {
      }
      body_ = data.substr(head_end + 4);
      ++requests_;  // before answering: the client may check as soon as it has the answer
      const std::string response =
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
          "Content-Length: " +
          std::to_string(answer_.size()) + "\r\nConnection: close\r\n\r\n" + answer_;
      ::send(fd, response.data(), response.size(), MSG_NOSIGNAL);
      ::close(fd);
    }
  }

  std::string answer_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::string head_;
  std::string body_;
  std::thread thread_;
};

ClientOptions options_for(const std::string& base_url) {
  ClientOptions options;
  options.base_url = base_url;
  options.api_key = kKey;
  options.retry.sleeper = [](std::chrono::milliseconds) {};
  return options;
}

class GenaiTest : public ::testing::Test {
 protected:
  GenaiTest() : client_(options_for(server_.base_url() + "/gw")) {}

  TestServer server_;
  Client client_;
};

// ---- submit: JSON form ------------------------------------------------------------------------

TEST_F(GenaiTest, SubmitWithUrlsSendsTheDocumentsJsonBodyAtTheHostRoot) {
  server_.enqueue(fixture("at_pipeline_response.json"));
  GenaiPipelineRequest request;
  request.file_urls = {"http://www.pdf995.com/samples/pdf.pdf", "https://example.com/document.pdf"};
  request.steps = {GenaiStep::parse()};
  request.meta = Json::array();
  const GenaiJobCreated created = client_.genai().submit(request);

  ASSERT_EQ(server_.request_count(), 1u);
  const auto sent = server_.last_request();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.path, "/gw/v1/genai/pipeline");
  EXPECT_EQ(sent.header("moi-key"), kKey);
  EXPECT_EQ(sent.header("Content-Type"), "application/json");
  EXPECT_EQ(sent.json(), testing::json_fixture("at_pipeline_request.json"));
  EXPECT_EQ(created.job_id, "b55093a7-ff3c-42ca-a4fe-c4e72074e046");
}

TEST_F(GenaiTest, SubmitSendsEveryStepInOrderWithItsParametersAndNoMetaUnlessSet) {
  server_.enqueue(fixture("at_pipeline_response.json"));
  GenaiPipelineRequest request;
  request.file_urls = {"https://example.com/a.pdf"};
  request.steps = {GenaiStep::parse(), GenaiStep::chunk({{"DocumentSplitter", {{"size", 512}}}}),
                   GenaiStep::embed(nullptr), GenaiStep::extract()};
  client_.genai().submit(request);
  EXPECT_EQ(
      server_.last_request().json(),
      (Json{{"file_urls", {"https://example.com/a.pdf"}},
            {"file_names", Json::array()},
            {"steps",
             {{{"node", "ParseNode"}, {"parameters", Json::object()}},
              {{"node", "ChunkNode"}, {"parameters", {{"DocumentSplitter", {{"size", 512}}}}}},
              {{"node", "EmbedNode"}, {"parameters", Json::object()}},
              {{"node", "ExtractNode"}, {"parameters", Json::object()}}}}}));
}

// ---- submit: multipart forms ------------------------------------------------------------------

TEST(GenaiMultipartTest, LocalFilesAreSentAsFilesPartsThenThePayloadPart) {
  TempDir dir;
  std::string binary(70000, '\0');
  for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 13 % 256);
  const std::string pdf = dir.write("report.pdf", binary);
  const std::string md = dir.write("notes.md", "# Notes\n\nText.\n");
  CaptureServer server(testing::read_fixture("at_pipeline_response.json"));
  Client client(options_for(server.base_url()));

  GenaiPipelineRequest request;
  request.files = {{pdf}, {md, "renamed.md"}};
  request.steps = {GenaiStep::parse()};
  std::vector<UploadProgress> progress;
  request.on_progress = [&progress](const UploadProgress& p) { progress.push_back(p); };
  const auto created = client.genai().submit(request);

  EXPECT_EQ(server.requests(), 1);
  EXPECT_EQ(server.head().rfind("POST /v1/genai/pipeline HTTP/1.1\r\n", 0), 0u) << server.head();
  EXPECT_NE(server.head().find("moi-key: genai-test-key\r\n"), std::string::npos);
  EXPECT_NE(server.head().find("Content-Type: multipart/form-data; boundary="), std::string::npos);
  const std::vector<WirePart> parts = server.parts();
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].name, "files");
  EXPECT_EQ(parts[0].filename, "report.pdf");
  EXPECT_EQ(parts[0].content_type, "application/pdf");
  EXPECT_EQ(parts[0].content, binary);
  EXPECT_EQ(parts[1].name, "files");
  EXPECT_EQ(parts[1].filename, "renamed.md");
  EXPECT_EQ(parts[1].content_type, "text/markdown");
  EXPECT_EQ(parts[1].content, "# Notes\n\nText.\n");
  EXPECT_EQ(parts[2].name, "payload");
  EXPECT_FALSE(parts[2].has_filename);
  const Json payload = Json::parse(parts[2].content);
  EXPECT_EQ(payload, (Json{{"file_names", {"report.pdf", "renamed.md"}},
                           {"steps", {{{"node", "ParseNode"}, {"parameters", Json::object()}}}}}));
  EXPECT_EQ(created.job_id, "b55093a7-ff3c-42ca-a4fe-c4e72074e046");
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back().bytes_sent, progress.back().bytes_total);
}

TEST(GenaiMultipartTest, MixedFormPutsTheUrlsAndMetaInThePayload) {
  TempDir dir;
  const std::string txt = dir.write("检测简明报告.txt", "plain text");
  CaptureServer server(testing::read_fixture("at_pipeline_response.json"));
  Client client(options_for(server.base_url()));

  GenaiPipelineRequest request;
  request.file_urls = {"http://www.pdf995.com/samples/pdf.pdf"};
  request.files = {{txt}};
  request.steps = {GenaiStep::extract()};
  request.meta = Json::array({Json{{"source", "test"}}});
  client.genai().submit(request);

  const std::vector<WirePart> parts = server.parts();
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].name, "files");
  EXPECT_EQ(parts[0].filename, "检测简明报告.txt");
  EXPECT_EQ(parts[0].content_type, "text/plain");
  EXPECT_EQ(parts[0].content, "plain text");
  EXPECT_EQ(parts[1].name, "payload");
  EXPECT_EQ(Json::parse(parts[1].content),
            (Json{{"file_names", {"检测简明报告.txt"}},
                  {"file_urls", {"http://www.pdf995.com/samples/pdf.pdf"}},
                  {"meta", {{{"source", "test"}}}},
                  {"steps", {{{"node", "ExtractNode"}, {"parameters", Json::object()}}}}}));
}

// ---- submit: refused before sending ------------------------------------------------------------

TEST_F(GenaiTest, BadInputIsRefusedBeforeAnythingIsSent) {
  TempDir dir;
  const std::string good = dir.write("ok.md", "x");
  const std::string fifo = dir.path() + "/pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto refused = [&](GenaiPipelineRequest request, const std::string& expected) {
    if (request.steps.empty() && expected.find("steps") == std::string::npos) {
      request.steps = {GenaiStep::parse()};
    }
    try {
      client_.genai().submit(request);
      ADD_FAILURE() << "no error for " << expected;
    } catch (const InvalidArgumentError& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
      EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
    }
  };
  const auto urls = [](std::vector<std::string> list, std::vector<GenaiStep> steps = {}) {
    GenaiPipelineRequest request;
    request.file_urls = std::move(list);
    request.steps = std::move(steps);
    return request;
  };
  const auto files = [](std::vector<UploadFile> list) {
    GenaiPipelineRequest request;
    request.files = std::move(list);
    return request;
  };
  refused(GenaiPipelineRequest{}, "no file_urls and no local files");
  refused(urls({"ftp://example.com/a.pdf"}),
          "file_urls[0] \"ftp://example.com/a.pdf\" is not an "
          "http or https URL");
  refused(urls({"https://example.com/a.pdf", "a.pdf"}), "file_urls[1] \"a.pdf\" is not an http");
  refused(urls({"http://"}), "has no host");
  refused(urls({"http://x.com/a b.pdf"}), "holds a space or control character");
  refused(urls({"https://user:secret@host/a.pdf", "file:///etc/passwd"}),
          "file_urls[1] \"file:///etc/passwd\" is not an http or https URL");
  refused(files({{dir.path()}}), "is a directory");
  refused(files({{fifo}}), "is not a regular file");
  refused(files({{dir.path() + "/missing.pdf"}}), "missing.pdf': No such file or directory");
  refused(files({{good}, {good}}), "two local files are named 'ok.md'");
  refused(urls({"https://e.com/a"}, {}), "steps: the list is empty");
  refused(urls({"https://e.com/a"}, {GenaiStep::chunk()}),
          "steps[0]: ChunkNode takes ParseNode's output: it must come right after ParseNode");
  refused(urls({"https://e.com/a"}, {GenaiStep::parse(), GenaiStep::embed()}),
          "steps[1]: EmbedNode takes ChunkNode's output: it must come right after ChunkNode");
  refused(urls({"https://e.com/a"}, {GenaiStep{"", {}}}), "steps[0]: the node name is empty");
  refused(urls({"https://e.com/a"}, {GenaiStep{"ParseNode", Json::array()}}),
          "steps[0] (ParseNode): parameters must be a JSON object");
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(GenaiTest, AnUndocumentedOrderIsWarnedAboutAndSent) {
  server_.set_default(fixture("at_pipeline_response.json"));
  std::vector<std::string> warnings;
  GenaiPipelineRequest request;
  request.file_urls = {"https://example.com/a.pdf"};
  request.steps = {GenaiStep::parse(), GenaiStep::extract()};
  request.on_warning = [&warnings](const std::string& w) { warnings.push_back(w); };
  client_.genai().submit(request);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("the order ParseNode, ExtractNode is not one of the documented"),
            std::string::npos)
      << warnings[0];

  // An unknown node (the Python SDK's "ingest") goes out as it is, after a warning to the log.
  std::vector<std::string> logged;
  ClientOptions options = options_for(server_.base_url());
  options.logger = [&logged](LogLevel level, const std::string& line) {
    if (level == LogLevel::kWarning) logged.push_back(line);
  };
  Client logging(options);
  request.steps = {GenaiStep{"ingest", Json::object()}};
  request.on_warning = nullptr;
  logging.genai().submit(request);
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_NE(logged[0].find("the order ingest is not one"), std::string::npos) << logged[0];
  EXPECT_EQ(server_.last_request().json()["steps"],
            (Json{{{"node", "ingest"}, {"parameters", Json::object()}}}));
  EXPECT_EQ(server_.request_count(), 2u);
}

TEST(GenaiStepsTest, DocumentedOrdersPassWithoutWarnings) {
  using S = GenaiStep;
  for (const auto& steps :
       std::vector<std::vector<GenaiStep>>{{S::parse()},
                                           {S::parse(), S::chunk()},
                                           {S::parse(), S::chunk(), S::embed()},
                                           {S::parse(), S::chunk(), S::embed(), S::extract()},
                                           {S::extract()}}) {
    EXPECT_TRUE(validate_genai_steps(steps).empty()) << Json(steps).dump();
  }
  GenaiStep decoded;
  from_json(Json(S::chunk({{"a", 1}})), decoded);
  EXPECT_EQ(decoded, S::chunk({{"a", 1}}));
  EXPECT_THROW(from_json(Json{{"node", 5}}, decoded), DecodeError);
  EXPECT_THROW(from_json(Json{{"node", "X"}, {"parameters", "y"}}, decoded), DecodeError);
}

TEST_F(GenaiTest, SubmitIsNotRetriedAfterA503UnlessTheCallerOptsIn) {
  CannedResponse unavailable;
  unavailable.status = 503;
  unavailable.body = "busy";
  server_.set_default(unavailable);
  GenaiPipelineRequest request;
  request.file_urls = {"https://example.com/a.pdf"};
  request.steps = {GenaiStep::parse()};
  EXPECT_THROW(client_.genai().submit(request), HttpError);
  EXPECT_EQ(server_.request_count(), 1u);
  CallOptions retry;
  retry.retry_non_idempotent = true;
  retry.max_attempts = 2;
  EXPECT_THROW(client_.genai().submit(request, retry), HttpError);
  EXPECT_EQ(server_.request_count(), 3u);
}

// ---- jobs --------------------------------------------------------------------------------------

TEST_F(GenaiTest, GetJobDecodesTheDocumentsExample) {
  server_.enqueue(fixture("at_job_response.json"));
  const GenaiJob job = client_.genai().get_job("322fe48f-698d-4fbb-8851-1a2d9f8031ec");
  const auto sent = server_.last_request();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.path, "/gw/v1/genai/jobs/322fe48f-698d-4fbb-8851-1a2d9f8031ec");
  ASSERT_TRUE(job.status);
  EXPECT_EQ(job.status->kind(), GenaiStatus::Kind::kCompleted);
  EXPECT_TRUE(is_finished(job));
  ASSERT_EQ(job.files.size(), 2u);
  const GenaiJobFile& first = job.files[0];
  EXPECT_EQ(first.file_id, "019ad8cb-3861-795c-99a6-03bdc37215ee");
  EXPECT_EQ(first.file_name, "2112205248_方佳俊_检测简明报告.pdf");
  EXPECT_EQ(first.file_type, FileType::kPdf);
  EXPECT_EQ(first.file_status, GenaiStatus::completed());
  EXPECT_EQ(first.error_message, "");
  EXPECT_EQ(first.start_time.text(), "2025-12-01T07:23:38.000000+0000");
  EXPECT_EQ(first.start_time.to_iso8601(), "2025-12-01T07:23:38.000Z");
  EXPECT_EQ(first.end_time.to_iso8601(), "2025-12-01T07:24:40.000Z");
  EXPECT_EQ(job.files[1].file_name, "pdf.pdf");
  // Re-encoding gives the document's data back.
  EXPECT_EQ(Json(job), testing::json_fixture("at_job_response.json")["data"]);
}

TEST_F(GenaiTest, StatusesAreOpenAndAFailedFileKeepsItsMessage) {
  server_.enqueue(envelope({{"status", "Queued"},
                            {"files",
                             {{{"file_id", "f1"},
                               {"file_status", "failed"},
                               {"error_message", "unsupported\nformat"},
                               {"end_time", ""}}}}}));
  const GenaiJob job = client_.genai().get_job("j 1");
  EXPECT_EQ(server_.last_request().target, "/gw/v1/genai/jobs/j%201");
  EXPECT_EQ(job.status->kind(), GenaiStatus::Kind::kOther);
  EXPECT_EQ(job.status->text(), "Queued");
  EXPECT_EQ(*job.status, GenaiStatus("Queued"));
  EXPECT_NE(*job.status, GenaiStatus("queued2"));
  EXPECT_FALSE(is_finished(job));
  EXPECT_EQ(job.files[0].file_status->kind(), GenaiStatus::Kind::kFailed);
  EXPECT_EQ(job.files[0].error_message, "unsupported\nformat");
  EXPECT_FALSE(job.files[0].end_time.epoch_ms());
  EXPECT_EQ(Json(job)["status"], "Queued");
  EXPECT_EQ(GenaiStatus("PROCESSING").kind(), GenaiStatus::Kind::kProcessing);

  server_.enqueue(envelope({{"status", 3}}));
  try {
    client_.genai().get_job("j2");
    ADD_FAILURE() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_EQ(error.json_path(), "data.status");
  }
}

TEST_F(GenaiTest, WaiterPollsUntilTheJobEndsAndReportsProgress) {
  server_.enqueue(envelope({{"status", "pending"}, {"files", Json::array()}}));
  server_.enqueue(envelope({{"status", "processing"}, {"files", Json::array()}}));
  server_.enqueue(fixture("at_job_response.json"));
  std::vector<std::string> seen;
  std::vector<std::chrono::milliseconds> pauses;
  GenaiWaitOptions wait;
  wait.sleeper = [&pauses](std::chrono::milliseconds pause) { pauses.push_back(pause); };
  wait.on_progress = [&seen](const GenaiJob& job, std::chrono::milliseconds) {
    seen.push_back(job.status->text());
  };
  const GenaiJob job = wait_for_genai_job(client_, "job-1", wait);
  EXPECT_EQ(seen, (std::vector<std::string>{"pending", "processing", "completed"}));
  EXPECT_EQ(job.files.size(), 2u);
  ASSERT_EQ(pauses.size(), 2u);
  EXPECT_EQ(pauses[0], std::chrono::milliseconds(3000));  // the document's 3-5 s
  EXPECT_EQ(pauses[1], std::chrono::milliseconds(4500));
}

TEST_F(GenaiTest, WaiterGivesUpAtItsDeadlineWithTheLastJobSeen) {
  server_.set_default(envelope({{"status", "processing"}, {"files", Json::array()}}));
  GenaiWaitOptions wait;
  wait.timeout = std::chrono::milliseconds(50);
  wait.initial_interval = std::chrono::milliseconds(5);
  try {
    wait_for_genai_job(client_, "job-2", wait);
    ADD_FAILURE() << "no timeout";
  } catch (const GenaiWaitTimeoutError& error) {
    EXPECT_NE(std::string(error.what()).find("genai job job-2 (last status processing)"),
              std::string::npos)
        << error.what();
    ASSERT_TRUE(error.last_job());
    EXPECT_EQ(error.last_job()->status, GenaiStatus::processing());
  }
}

// ---- the SDK-only workflow call ----------------------------------------------------------------

TEST_F(GenaiTest, CreateWorkflowSendsNodesAndConnections) {
  server_.enqueue(fixture("w1_response.json"));
  GenaiWorkflowRequest request;
  request.name = "flow";
  request.source_volume_ids = {"v1"};
  request.target_volume_id = "v2";
  request.file_types = {FileType::kPdf};
  request.nodes = {{"root", "RootNode", nullptr},
                   {"parse", "DocumentParseNode", Json{{"mode", "fast"}}}};
  request.connections = {{"root", "parse"}};
  const WorkflowRecord record = client_.genai().create_workflow(request);
  const auto sent = server_.last_request();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.path, "/gw/v1/genai/workflow");
  EXPECT_EQ(sent.json(),
            (Json{{"name", "flow"},
                  {"source_volume_names", Json::array()},
                  {"source_volume_ids", {"v1"}},
                  {"target_volume_id", "v2"},
                  {"file_types", {2}},
                  {"process_mode", {{"interval", -1}, {"offset", 0}}},
                  {"workflow",
                   {{"node",
                     {{{"id", "root"}, {"type", "RootNode"}, {"init_parameters", Json::object()}},
                      {{"id", "parse"},
                       {"type", "DocumentParseNode"},
                       {"init_parameters", {{"mode", "fast"}}}}}},
                    {"connections", {{{"sender", "root"}, {"receiver", "parse"}}}}}}}));
  EXPECT_TRUE(record.id);
}

}  // namespace
}  // namespace moi
