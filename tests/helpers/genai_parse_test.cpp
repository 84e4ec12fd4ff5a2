// SPDX-License-Identifier: Apache-2.0
// parse_files() and GenaiClient::download_result() through the real transport against a
// loopback server that plays the GenAI service: the job progresses, each completed file's
// result is a ZIP built with libarchive in the documented layout, one file fails, one result
// is hostile. Each file's outcome is reported on its own.

#include <gtest/gtest.h>

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "moi/helpers/genai.hpp"
#include "support/raw_server.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

namespace fs = std::filesystem;
using testing::CannedResponse;
using testing::RecordedRequest;
using testing::TempDir;
using testing::TestServer;

la_ssize_t append(archive*, void* out, const void* data, size_t size) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

// A result ZIP in the documented layout for @p name / @p id holding @p markdown.
std::string result_zip(const std::string& name, const std::string& id, const std::string& markdown,
                       const std::string& hostile_entry = {}) {
  std::string bytes;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(a, &bytes, nullptr, append, nullptr);
  const std::string top = name + "-" + id + "/";
  const std::vector<std::pair<std::string, std::string>> files{
      {top + name + "_parse.json", R"({"blocks":[]})"},
      {top + name + ".md", markdown},
      {top + "tables/t1.html", "<table><tr><td>1</td></tr></table>"},
      {hostile_entry.empty() ? top + "images/abc.jpg" : hostile_entry, "jpeg"}};
  for (const auto& [path, content] : files) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, path.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
    archive_write_header(a, entry);
    archive_write_data(a, content.data(), content.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return bytes;
}

CannedResponse envelope(const Json& data) {
  CannedResponse response;
  response.body = Json{{"code", "OK"}, {"msg", "OK"}, {"data", data}, {"request_id", "r"}}.dump();
  return response;
}

CannedResponse zip_answer(std::string bytes) {
  CannedResponse response;
  response.body = std::move(bytes);
  response.content_type = "application/zip";
  return response;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::set<std::string> names_in(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

ClientOptions options_for(const std::string& base_url) {
  ClientOptions options;
  options.base_url = base_url;
  options.api_key = "parse-test-key";
  options.retry.sleeper = [](std::chrono::milliseconds) {};
  return options;
}

const char* kJob = "322fe48f-698d-4fbb-8851-1a2d9f8031ec";
const char* kIdA = "019ad8cb-3861-795c-99a6-03bdc37215ee";
const char* kIdB = "019ad8cb-3861-7963-8fa5-e2e6b66a265c";
const char* kIdC = "019ad8cb-3861-7963-8fa5-e2e6b66a2600";
const char* kIdD = "019ad8cb-3861-7963-8fa5-e2e6b66a2611";

Json job_file(const std::string& id, const std::string& name, const std::string& status,
              const std::string& error = "") {
  return {{"file_id", id},
          {"file_name", name},
          {"file_type", 6},
          {"file_status", status},
          {"error_message", error},
          {"start_time", "2025-12-01T07:23:38.000000+0000"},
          {"end_time", "2025-12-01T07:24:40.000000+0000"}};
}

TEST(ParseFilesTest, EachFileGetsItsOwnOutcome) {
  TempDir dir;
  const std::string markdown = "# Notes\n\nA line, 中文.\n";
  const std::string a = dir.write("notes.md", markdown);
  const std::string b = dir.write("broken.txt", "x");
  const std::string c = dir.write("hostile.md", "y");
  const std::string out = dir.make("out");
  std::atomic<int> polls{0};
  std::mutex mutex;
  std::vector<std::string> paths;
  TestServer server;
  server.set_handler([&](const RecordedRequest& request) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      paths.push_back(request.method + " " + request.path);
    }
    if (request.path == "/v1/genai/pipeline") return envelope({{"job_id", kJob}});
    if (request.path == std::string("/v1/genai/jobs/") + kJob) {
      if (polls++ == 0) return envelope({{"status", "processing"}, {"files", Json::array()}});
      return envelope(
          {{"status", "completed"},
           {"files",
            {job_file(kIdA, "notes.md", "completed"),
             job_file(kIdB, "broken.txt", "failed", "unsupported\nformat"),
             job_file(kIdC, "hostile.md", "completed"), job_file(kIdD, "d.pdf", "completed")}}});
    }
    const std::string raws = "/byoa/api/v1/explore/volumes/any/files/";
    if (request.path == raws + kIdA + "/raws") {
      return zip_answer(result_zip("notes.md", kIdA, markdown));
    }
    if (request.path == raws + kIdC + "/raws") {
      return zip_answer(result_zip("hostile.md", kIdC, "y", "../escape.txt"));
    }
    if (request.path == raws + kIdD + "/raws") {
      return zip_answer(result_zip("d.pdf", kIdD, "pdf text"));
    }
    CannedResponse missing;
    missing.status = 404;
    return missing;
  });
  Client client(options_for(server.base_url()));

  std::string submitted;
  // [parse-files]
  ParseFilesOptions options;
  options.wait.sleeper = [](std::chrono::milliseconds) {};  // tests only: no real pauses
  options.parallel = 3;                                     // downloads + extractions at once
  options.on_submitted = [&submitted](const std::string& id) { submitted = id; };
  const ParseFilesResult result = parse_files(
      client, {a, b, c, "https://example.com/docs/d.pdf?x=1"}, {GenaiStep::parse()}, out, options);
  for (const ParsedFile& file : result.files) {
    if (file.ok()) {
      const GenaiResultView view = open_genai_result(file.folder);
      std::cout << file.input << ": " << view.read_markdown().size() << " bytes of Markdown, "
                << view.tables.size() << " tables\n";
    } else {
      std::cout << file.input << ": " << file.error << "\n";
    }
  }
  // [parse-files]

  EXPECT_EQ(submitted, kJob);
  EXPECT_EQ(result.job_id, kJob);
  ASSERT_EQ(result.files.size(), 4u);
  EXPECT_FALSE(result.all_ok());

  const ParsedFile& first = result.files[0];
  EXPECT_EQ(first.input, a);
  EXPECT_TRUE(first.ok()) << first.error;
  EXPECT_EQ(first.folder, out + "/notes.md-" + kIdA);
  EXPECT_EQ(open_genai_result(first.folder).read_markdown(), markdown);
  EXPECT_EQ(open_genai_result(first.folder).tables.size(), 1u);

  EXPECT_FALSE(result.files[1].ok());
  EXPECT_EQ(result.files[1].error, "failed: unsupported\\nformat");
  EXPECT_TRUE(result.files[1].folder.empty());

  EXPECT_FALSE(result.files[2].ok());
  EXPECT_NE(result.files[2].error.find("archive entry \"../escape.txt\" refused"),
            std::string::npos)
      << result.files[2].error;

  EXPECT_TRUE(result.files[3].ok()) << result.files[3].error;
  EXPECT_EQ(result.files[3].job_file->file_id, kIdD);
  EXPECT_EQ(read_file(result.files[3].folder + "/d.pdf.md"), "pdf text");

  // Only the two result folders remain: no downloaded ZIP, no temporary folder.
  EXPECT_EQ(names_in(out),
            (std::set<std::string>{std::string("notes.md-") + kIdA, std::string("d.pdf-") + kIdD}));
  EXPECT_FALSE(fs::exists(dir.path() + "/escape.txt"));
  EXPECT_EQ(std::count(paths.begin(), paths.end(), "POST /v1/genai/pipeline"), 1);
}

TEST(ParseFilesTest, AJobWhoseFilesDoNotMatchTheInputsIsAnError) {
  TempDir dir;
  const std::string a = dir.write("a.md", "a");
  const std::string out = dir.make("out");
  TestServer server;
  server.set_handler([&](const RecordedRequest& request) {
    if (request.path == "/v1/genai/pipeline") return envelope({{"job_id", "j"}});
    return envelope(
        {{"status", "completed"},
         {"files",
          {job_file(kIdA, "other.md", "completed"), job_file(kIdB, "more.md", "completed")}}});
  });
  Client client(options_for(server.base_url()));
  try {
    parse_files(client, {a}, {GenaiStep::parse()}, out);
    ADD_FAILURE() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_EQ(error.json_path(), "data.files");
    EXPECT_NE(std::string(error.what()).find("missing: \"" + a + "\""), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("extra: \"other.md\", \"more.md\""), std::string::npos)
        << error.what();
  }
  EXPECT_TRUE(names_in(out).empty());
}

TEST(ParseFilesTest, BadInputIsRefusedBeforeAnythingIsSent) {
  TempDir dir;
  TestServer server;
  Client client(options_for(server.base_url()));
  const std::string out = dir.make("out");
  EXPECT_THROW(parse_files(client, {dir.path()}, {GenaiStep::parse()}, out), InvalidArgumentError);
  EXPECT_THROW(parse_files(client, {"ftp://x/y.pdf"}, {GenaiStep::parse()}, out),
               InvalidArgumentError);
  EXPECT_THROW(
      parse_files(client, {dir.write("a.md", "a")}, {GenaiStep::parse()}, dir.path() + "/missing"),
      InvalidArgumentError);
  EXPECT_EQ(server.request_count(), 0u);
}

// ---- download_result ---------------------------------------------------------------------------

class DownloadTest : public ::testing::Test {
 protected:
  DownloadTest() : client_(options_for(server_.base_url())) {}
  TempDir dir_;
  TestServer server_;
  Client client_;
};

TEST_F(DownloadTest, TheResultIsStreamedIntoTheFileThenRenamed) {
  std::string big(3 << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  const std::string zip = result_zip("big.bin", kIdA, big);
  server_.enqueue(zip_answer(zip));
  std::vector<std::uint64_t> progress;
  GenaiDownloadOptions download;
  download.on_progress = [&progress](std::uint64_t bytes) { progress.push_back(bytes); };
  const std::string path = dir_.path() + "/result.zip";
  EXPECT_EQ(client_.genai().download_result(kIdA, path, download), zip.size());
  EXPECT_EQ(read_file(path), zip);
  EXPECT_FALSE(fs::exists(path + ".part"));
  EXPECT_EQ(server_.last_request().path,
            std::string("/byoa/api/v1/explore/volumes/any/files/") + kIdA + "/raws");
  ASSERT_GT(progress.size(), 1u);  // chunk by chunk
  EXPECT_EQ(progress.back(), zip.size());

  // The SDKs' route, into a stream.
  server_.enqueue(zip_answer(zip));
  std::ostringstream stream;
  download.route = GenaiResultRoute::kResults;
  client_.genai().download_result(kIdB, stream, download);
  EXPECT_EQ(stream.str(), zip);
  EXPECT_EQ(server_.last_request().path, std::string("/v1/genai/results/file/") + kIdB);
}

TEST_F(DownloadTest, WhatIsNotAZipLeavesNoFile) {
  const std::string path = dir_.path() + "/result.zip";
  const auto refused = [&](CannedResponse answer, const std::string& expected) {
    server_.enqueue(std::move(answer));
    try {
      client_.genai().download_result(kIdA, path);
      ADD_FAILURE() << "no error for " << expected;
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
    }
    EXPECT_FALSE(fs::exists(path));
    EXPECT_FALSE(fs::exists(path + ".part"));
  };
  CannedResponse html;
  html.body = "<!DOCTYPE html><html>gateway</html>";
  html.content_type = "text/html";
  refused(html, "is not a ZIP archive (it starts with \"<!DOCTYPE html><\")");
  CannedResponse empty;
  empty.content_type = "application/zip";
  refused(empty, "");
  CannedResponse error_envelope;
  error_envelope.body = R"({"code":"NOT_FOUND","msg":"no such file","data":null})";
  refused(error_envelope, "NOT_FOUND");
  CannedResponse ok_envelope;
  ok_envelope.body = R"({"code":"OK","msg":"OK","data":{}})";
  refused(ok_envelope, "expected a ZIP archive, got a JSON envelope");
  CannedResponse not_found;
  not_found.status = 404;
  not_found.body = "not found";
  refused(not_found, "404");
  GenaiDownloadOptions small;
  small.max_bytes = 100;
  server_.enqueue(zip_answer(result_zip("a.md", kIdA, std::string(1000, 'a'))));
  EXPECT_THROW(client_.genai().download_result(kIdA, path, small), TransportError);
  EXPECT_FALSE(fs::exists(path + ".part"));
}

TEST_F(DownloadTest, AStalledBodyEndsAtTheCallsTimeout) {
  // Headers and the first bytes of a ZIP, then nothing.
  const std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: "
      "100000\r\n\r\nPK\x03\x04";
  testing::RawServer stalled(head + std::string(1000, 'z'), testing::RawServer::Then::kStall);
  Client client(options_for(stalled.base_url()));
  CallOptions call;
  call.timeout = std::chrono::milliseconds(300);
  const std::string path = dir_.path() + "/stalled.zip";
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(client.genai().download_result(kIdA, path, {}, call), TimeoutError);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".part"));
}

}  // namespace
}  // namespace moi
