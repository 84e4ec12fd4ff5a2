// SPDX-License-Identifier: Apache-2.0
// The host-root calls (catalogs, databases, volumes, files, uploads, load tasks, connectors)
// through the real libcurl transport against a loopback server: method, path at the host root
// (a base URL path prefix kept), query, JSON body or multipart parts, and the documents'
// answers decoded (tests/fixtures/dx_*, dc_*).

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "moi/client.hpp"
#include "moi/helpers/data_flow.hpp"
#include "moi/helpers/pagination.hpp"
#include "moi/helpers/waiters.hpp"
#include "root_post_test.hpp"
#include "support/raw_server.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using testing::canned_ok;
using testing::CannedResponse;
using testing::envelope;
using testing::RecordedRequest;
using testing::TempDir;
using testing::TestServer;
using Query = std::multiset<std::pair<std::string, std::string>>;

constexpr const char* kKey = "data-endpoint-test-key";

CannedResponse fixture(const std::string& name) {
  CannedResponse response;
  response.body = testing::read_fixture(name);
  return response;
}

CannedResponse raw(std::string body) {
  CannedResponse response;
  response.body = std::move(body);
  return response;
}

class DataEndpointTest : public ::testing::Test {
 protected:
  DataEndpointTest() : client_(make_options("")) {}

  ClientOptions make_options(const std::string& base_path) {
    ClientOptions options;
    options.base_url = server_.base_url() + base_path;
    options.api_key = kKey;
    options.retry.sleeper = [](std::chrono::milliseconds) {};
    return options;
  }

  // The one request the test made: method and host-root path, with the common headers.
  RecordedRequest only_request(const std::string& method, const std::string& path) {
    EXPECT_EQ(server_.request_count(), 1u);
    RecordedRequest request = server_.last_request();
    EXPECT_EQ(request.method, method);
    EXPECT_EQ(request.path, path);
    EXPECT_EQ(request.header("moi-key"), kKey);
    EXPECT_EQ(request.header("X-Request-ID").size(), 36u);
    return request;
  }

  TestServer server_;
  Client client_;
};

// ---- catalogs, databases, volumes -------------------------------------------------------------

TEST_F(DataEndpointTest, ListCatalogsPostsAnEmptyObjectAtTheHostRoot) {
  server_.enqueue(fixture("dx_catalog_list_response.json"));
  const auto catalogs = client_.catalog().list_catalogs();
  const auto request = only_request("POST", "/catalog/list");
  EXPECT_EQ(request.json(), Json::object());
  EXPECT_EQ(request.header("Content-Type"), "application/json");
  ASSERT_EQ(catalogs.size(), 2u);
  EXPECT_EQ(catalogs[0].id, "1");
  EXPECT_EQ(catalogs[0].name, "my-catalog");
  EXPECT_EQ(catalogs[0].volume_count, 1);
  EXPECT_EQ(catalogs[0].database_count, 2);
  EXPECT_EQ(catalogs[0].created_at.to_iso8601(), "2025-02-13T10:00:00.000Z");
  EXPECT_EQ(catalogs[1].created_by, "user_b");
  EXPECT_EQ(catalogs[1].table_count, 2);
}

TEST_F(DataEndpointTest, ABaseUrlPathPrefixIsKeptForHostRootAndByoaCalls) {
  Client prefixed(make_options("/gateway/moi"));
  server_.enqueue(fixture("dx_catalog_list_response.json"));
  server_.enqueue(canned_ok(Json{{"workflows", Json::array()}, {"total", 0}}));
  prefixed.catalog().list_catalogs();
  prefixed.workflows().list();
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, "/gateway/moi/catalog/list");
  EXPECT_EQ(requests[1].path, "/gateway/moi/byoa/api/v1/workflow_meta");
}

TEST_F(DataEndpointTest, TreeDecodesNestedNodesWithStringIds) {
  server_.enqueue(fixture("dx_tree_response.json"));
  const auto tree = client_.catalog().tree();
  const auto request = only_request("POST", "/catalog/tree");
  EXPECT_EQ(request.json(), Json::object());
  ASSERT_EQ(tree.size(), 1u);
  EXPECT_EQ(tree[0].type, "catalog");
  ASSERT_EQ(tree[0].node_list.size(), 1u);
  EXPECT_EQ(tree[0].node_list[0].id, "db-100");
  ASSERT_EQ(tree[0].node_list[0].node_list.size(), 1u);
  EXPECT_EQ(tree[0].node_list[0].node_list[0].id, "vol-abc");
  EXPECT_EQ(tree[0].node_list[0].node_list[0].type, "volume");
  // Round trip: the node re-encodes to what arrived.
  const Json arrived =
      Json::parse(testing::read_fixture("dx_tree_response.json"))["data"]["tree"][0];
  EXPECT_EQ(Json(tree[0]), arrived);
}

TEST_F(DataEndpointTest, CreateCatalogSendsNameAndDescriptionAndReturnsTheIntegerIdAsText) {
  server_.enqueue(envelope({{"id", 7}}));
  CreateCatalogRequest create;
  create.name = "docs";
  create.description = "d";
  EXPECT_EQ(client_.catalog().create_catalog(create), "7");
  const auto request = only_request("POST", "/catalog/create");
  EXPECT_EQ(request.json(), (Json{{"name", "docs"}, {"description", "d"}}));
}

TEST_F(DataEndpointTest, CreateDatabaseSendsTheCatalogIdAsAJsonInteger) {
  server_.enqueue(envelope({{"id", 42}}));
  CreateDatabaseRequest create;
  create.catalog_id = "7";
  create.name = "db1";
  EXPECT_EQ(client_.catalog().create_database(create), "42");
  const auto request = only_request("POST", "/catalog/database/create");
  EXPECT_EQ(request.json(), (Json{{"catalog_id", 7}, {"name", "db1"}}));
}

TEST_F(DataEndpointTest, DatabaseChildrenSendsTheIdAndDecodesTheVolumes) {
  server_.enqueue(fixture("dx_children_response.json"));
  const auto volumes = client_.catalog().database_children("42");
  const auto request = only_request("POST", "/catalog/database/children");
  EXPECT_EQ(request.json(), (Json{{"id", "42"}}));
  ASSERT_EQ(volumes.size(), 1u);
  EXPECT_EQ(volumes[0].id, "vol-abc");
  EXPECT_EQ(volumes[0].name, "origin");
}

TEST_F(DataEndpointTest, CreateVolumeReturnsA19DigitIdExactly) {
  server_.enqueue(envelope({{"id", "1889578498228068352"}}));
  CreateVolumeRequest create;
  create.database_id = "42";
  create.name = "origin";
  EXPECT_EQ(client_.catalog().create_volume(create), "1889578498228068352");
  const auto request = only_request("POST", "/catalog/volume/create");
  EXPECT_EQ(request.json(), (Json{{"database_id", 42}, {"name", "origin"}}));
}

TEST_F(DataEndpointTest, VolumeIdsSentAsJsonNumbersAreReadExactly) {
  server_.enqueue(raw(R"({"code":"OK","data":{"id":1889578498228068353}})"));
  CreateVolumeRequest create;
  create.database_id = "42";
  create.name = "v";
  EXPECT_EQ(client_.catalog().create_volume(create), "1889578498228068353");
}

TEST_F(DataEndpointTest, GetVolumeAndDeleteVolume) {
  server_.enqueue(fixture("dx_volume_info_response.json"));
  const auto volume = client_.catalog().get_volume("vol-abc");
  EXPECT_EQ(only_request("POST", "/catalog/volume/info").json(), (Json{{"id", "vol-abc"}}));
  EXPECT_EQ(volume.name, "origin");
  EXPECT_EQ(volume.description, "源数据卷");

  server_.enqueue(envelope({{"id", "vol-abc"}}));
  client_.catalog().delete_volume("vol-abc");
  const auto requests = server_.requests();
  EXPECT_EQ(requests.back().path, "/catalog/volume/delete");
  EXPECT_EQ(requests.back().json(), (Json{{"id", "vol-abc"}}));
}

TEST_F(DataEndpointTest, FullPathSendsTheThreeListsAndDecodesThePaths) {
  server_.enqueue(envelope(
      {{"volume_full_path",
        {{{"id_list", {"1", "42", "1889578498228068352"}}, {"name_list", {"c", "db1", "origin"}}}}},
       {"database_full_path", Json::array()},
       {"folder_full_path", Json::array()}}));
  FullPathRequest paths;
  paths.volume_id_list = {"1889578498228068352"};
  const auto answer = client_.catalog().full_path(paths);
  const auto request = only_request("POST", "/catalog/volume/full_path");
  EXPECT_EQ(request.json(), (Json{{"volume_id_list", {"1889578498228068352"}},
                                  {"database_id_list", Json::array()},
                                  {"folder_id_list", Json::array()}}));
  ASSERT_EQ(answer.volume_full_path.size(), 1u);
  EXPECT_EQ(answer.volume_full_path[0].name_list, (std::vector<std::string>{"c", "db1", "origin"}));
}

TEST_F(DataEndpointTest, EmptyIdsAndNamesAreRefusedBeforeSending) {
  EXPECT_THROW(client_.catalog().get_volume(""), InvalidArgumentError);
  EXPECT_THROW(client_.catalog().create_volume(CreateVolumeRequest{}), InvalidArgumentError);
  EXPECT_THROW(client_.catalog().full_path(FullPathRequest{}), InvalidArgumentError);
  EXPECT_THROW(client_.files().get(""), InvalidArgumentError);
  EXPECT_THROW(client_.load_tasks().get(""), InvalidArgumentError);
  EXPECT_THROW(client_.connectors().remove(""), InvalidArgumentError);
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(DataEndpointTest, StringErrorCodesBecomeServiceErrorsWithCodeMessageAndRequestId) {
  server_.enqueue(raw(
      R"({"code":"INVALID_ARGUMENT","msg":"volume not found","data":null,"request_id":"req-9"})"));
  try {
    client_.catalog().get_volume("nope");
    FAIL() << "no error";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.code(), "INVALID_ARGUMENT");
    EXPECT_EQ(error.service_message(), "volume not found");
    EXPECT_EQ(error.request_id(), "req-9");
  }
}

// ---- files ------------------------------------------------------------------------------------

TEST_F(DataEndpointTest, ListFilesSendsPageFiltersAndOrder) {
  server_.enqueue(fixture("dx_file_list_response.json"));
  ListFilesRequest query;
  query.page = 1;
  query.page_size = 10;
  query.order = "desc";
  query.order_by = "created_at";
  query.in_volume("vol-abc");
  const auto page = client_.files().list(query);
  const auto request = only_request("POST", "/catalog/file/list");
  EXPECT_EQ(request.json(),
            (Json{{"page", 1},
                  {"page_size", 10},
                  {"order", "desc"},
                  {"order_by", "created_at"},
                  {"filters", {{{"name", "volume_id"}, {"values", {"vol-abc"}}}}}}));
  EXPECT_EQ(page.total, 1);
  ASSERT_EQ(page.list.size(), 1u);
  EXPECT_EQ(page.list[0].id, "file-xyz");
  EXPECT_EQ(page.list[0].show_path, "/origin/demo.md");
  EXPECT_EQ(page.list[0].size, 1234);
  EXPECT_EQ(page.list[0].file_type, "text");
}

TEST_F(DataEndpointTest, AllFilesFollowsPagesByPageNumber) {
  server_.set_handler([](const RecordedRequest& request) {
    const int page = request.json().at("page").get<int>();
    Json list = Json::array();
    if (page <= 2) {
      for (int i = 0; i < 2; ++i) list.push_back({{"id", std::to_string(page * 10 + i)}});
    } else {
      list.push_back({{"id", "99"}});
    }
    return envelope({{"total", 5}, {"list", list}});
  });
  ListFilesRequest query;
  query.page_size = 2;
  std::vector<std::string> ids;
  for (const FileInfo& file : all_files(client_, query)) ids.push_back(*file.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"10", "11", "20", "21", "99"}));
  EXPECT_EQ(server_.request_count(), 3u);
}

TEST_F(DataEndpointTest, FileInfoDeleteAndLink) {
  server_.enqueue(envelope({{"id", "f1"}, {"name", "a.pdf"}, {"file_type", 2}, {"size", 10}}));
  const auto file = client_.files().get("f1");
  EXPECT_EQ(only_request("POST", "/catalog/file/info").json(), (Json{{"id", "f1"}}));
  EXPECT_EQ(file.file_type, "2");

  server_.enqueue(envelope({{"id", "f1"}}));
  client_.files().remove("f1");
  EXPECT_EQ(server_.requests().back().path, "/catalog/file/delete");
  EXPECT_EQ(server_.requests().back().json(), (Json{{"id", "f1"}}));

  server_.enqueue(envelope({{"link", "https://example.invalid/signed?x=1"}}));
  const auto link = client_.files().link("f1", "vol-abc");
  EXPECT_EQ(server_.requests().back().path, "/catalog/file/download");
  EXPECT_EQ(server_.requests().back().json(), (Json{{"file_id", "f1"}, {"volume_id", "vol-abc"}}));
  EXPECT_EQ(link.link, "https://example.invalid/signed?x=1");
}

// ---- uploads -----------------------------------------------------------------------------------

TEST_F(DataEndpointTest, UploadSendsFilePartsVolumeIdAndMetaWithTheBytesExactly) {
  TempDir dir;
  std::string binary(70000, '\0');
  for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 7 % 256);
  const std::string pdf = dir.write("report.pdf", binary);
  const std::string md = dir.write("notes.md", "# Notes\n");
  server_.enqueue(fixture("dc_upload_response.json"));

  std::vector<UploadProgress> progress;
  UploadRequest upload;
  upload.volume_id = "1889578498228068352";
  upload.files = {{pdf}, {md, "renamed.md"}};
  upload.on_progress = [&progress](const UploadProgress& p) { progress.push_back(p); };
  const auto answer = client_.files().upload(upload);

  const auto request = only_request("POST", "/connectors/upload");
  EXPECT_EQ(request.header("Content-Type").rfind("multipart/form-data; boundary=", 0), 0u);
  std::vector<testing::RecordedPart> files;
  std::string volume_id;
  Json meta;
  for (const auto& part : request.parts) {
    if (part.name == "file") files.push_back(part);
    if (part.name == "VolumeID") volume_id = part.content;
    if (part.name == "meta") meta = Json::parse(part.content);
  }
  EXPECT_EQ(volume_id, "1889578498228068352");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].filename, "report.pdf");
  EXPECT_EQ(files[0].content_type, "application/pdf");
  EXPECT_EQ(files[0].content, binary);
  EXPECT_EQ(files[1].filename, "renamed.md");
  EXPECT_EQ(files[1].content_type, "text/markdown");
  EXPECT_EQ(files[1].content, "# Notes\n");
  EXPECT_EQ(meta, (Json{{{"file_name", "report.pdf"},
                         {"file_size", 70000},
                         {"mime_type", "application/pdf"},
                         {"filename", "report.pdf"},
                         {"path", "report.pdf"}},
                        {{"file_name", "renamed.md"},
                         {"file_size", 8},
                         {"mime_type", "text/markdown"},
                         {"filename", "renamed.md"},
                         {"path", "renamed.md"}}}));
  // No optional part unless set; text parts first (PLATFORM-NOTES 2.3).
  EXPECT_EQ(request.part_names(), (std::vector<std::string>{"VolumeID", "meta", "file", "file"}));

  EXPECT_EQ(answer.success, true);
  EXPECT_EQ(answer.task_id, "1889613340219121664");
  ASSERT_EQ(answer.results.size(), 1u);
  EXPECT_EQ(answer.results[0].file_id, "1889613341347389440");
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back().bytes_sent, progress.back().bytes_total);
  EXPECT_EQ(progress.back().file_index, 1u);
  EXPECT_EQ(progress.back().file_bytes_sent, 8u);
}

TEST_F(DataEndpointTest, UploadOptionalPartsAreSentWhenSet) {
  TempDir dir;
  server_.enqueue(fixture("dc_upload_response.json"));
  UploadRequest upload;
  upload.volume_id = "v";
  upload.files = {{dir.write("a.txt", "a")}};
  upload.file_types = std::vector<std::int64_t>{1, 2};
  upload.path_regex = ".*";
  upload.unzip_keep_structure = true;
  upload.dedup = UploadDedup::by_name_and_md5();
  client_.files().upload(upload);
  EXPECT_EQ(server_.last_request().part_names(),
            (std::vector<std::string>{"VolumeID", "meta", "file_types", "path_regex",
                                      "unzip_keep_structure", "dedup", "file"}));
  std::map<std::string, std::string> text;
  for (const auto& part : server_.last_request().parts) {
    if (part.name != "file") text[part.name] = part.content;
  }
  EXPECT_EQ(text["file_types"], "[1,2]");
  EXPECT_EQ(text["path_regex"], ".*");
  EXPECT_EQ(text["unzip_keep_structure"], "true");
  EXPECT_EQ(Json::parse(text["dedup"]), (Json{{"by", {"name", "md5"}}, {"strategy", "skip"}}));
}

TEST_F(DataEndpointTest, UploadRefusesBadPathsBeforeSendingAnything) {
  TempDir dir;
  const std::string good = dir.write("ok.md", "x");
  const std::string big = dir.write("big.bin", std::string(2048, 'b'));
  auto refused = [&](std::vector<UploadFile> files, const std::string& expected,
                     std::uint64_t limit = 1 << 20) {
    UploadRequest upload;
    upload.volume_id = "v";
    upload.files = std::move(files);
    upload.max_file_bytes = limit;
    try {
      client_.files().upload(upload);
      ADD_FAILURE() << "no error for " << expected;
    } catch (const InvalidArgumentError& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
      EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
    }
  };
  refused({}, "the list of files is empty");
  refused({{good}, {dir.path() + "/missing.pdf"}}, "missing.pdf': No such file or directory");
  refused({{dir.path()}}, "is a directory");
  refused({{big}}, "2048 bytes, over the limit of 1024 bytes", 1024);
  refused({{"/dev/null"}}, "not a regular file");
  EXPECT_EQ(server_.request_count(), 0u);
}

// A file without read permission: checked as an unprivileged user (root reads anything), in a
// child process that drops to uid/gid 65534 when the tests run as root.
TEST_F(DataEndpointTest, UploadRefusesAnUnreadableFileBeforeSending) {
  TempDir dir;
  ::chmod(dir.path().c_str(), 0755);
  const std::string locked = dir.write("locked.md", "secret-ish");
  ::chmod(locked.c_str(), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(10);
    UploadRequest upload;
    upload.volume_id = "v";
    upload.files = {{locked}};
    try {
      client_.files().upload(upload);
      ::_exit(11);  // sent: wrong
    } catch (const InvalidArgumentError& error) {
      const std::string text = error.what();
      ::_exit(text.find("cannot read '" + locked + "': Permission denied") != std::string::npos
                  ? 0
                  : 12);
    } catch (...) {
      ::_exit(13);
    }
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10: cannot drop privileges, 11: the upload was sent, "
                                       "12: wrong message, 13: wrong error type";
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(DataEndpointTest, UploadIsNotRetriedAndAnHtml413IsOneClearLine) {
  TempDir dir;
  CannedResponse too_large;
  too_large.status = 413;
  too_large.content_type = "text/html";
  too_large.body =
      "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>"
      "<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n"
      "</body>\r\n</html>\r\n";
  server_.set_default(too_large);
  UploadRequest upload;
  upload.volume_id = "v";
  upload.files = {{dir.write("a.pdf", std::string(1000, 'a'))}};
  try {
    client_.files().upload(upload);
    FAIL() << "no error";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.http_status(), 413);
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find('\r'), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("413"), std::string::npos) << error.what();
  }
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(DataEndpointTest, AnUploadAnswered503IsNotSentTwiceUnlessTheCallerOptsIn) {
  TempDir dir;
  CannedResponse busy;
  busy.status = 503;
  busy.body = R"({"code":"UNAVAILABLE","msg":"busy"})";
  server_.set_default(busy);
  UploadRequest upload;
  upload.volume_id = "v";
  upload.files = {{dir.write("a.md", "a")}};
  EXPECT_THROW(client_.files().upload(upload), HttpError);
  EXPECT_EQ(server_.request_count(), 1u);  // it creates data: never repeated on its own

  CallOptions opt_in;
  opt_in.retry_non_idempotent = true;
  EXPECT_THROW(client_.files().upload(upload, opt_in), HttpError);
  EXPECT_EQ(server_.request_count(), 1u + 4u);  // the default policy: 4 attempts
  for (const auto& request : server_.requests()) {
    ASSERT_EQ(request.parts.size(), 3u);  // every attempt carries the whole body
  }
}

TEST_F(DataEndpointTest, AnUploadToAServerThatNeverAnswersFailsAtTheStallTimeout) {
  TempDir dir;
  CannedResponse silent;
  silent.stall = true;
  server_.set_default(silent);
  ClientOptions options = make_options("");
  options.timeout = std::chrono::seconds(1);  // bounds a stall for uploads
  const Client client(options);
  UploadRequest upload;
  upload.volume_id = "v";
  upload.files = {{dir.write("a.md", "a")}};
  const auto started = std::chrono::steady_clock::now();
  try {
    client.files().upload(upload);
    FAIL() << "no error";
  } catch (const TimeoutError& error) {
    EXPECT_NE(std::string(error.what()).find("no byte moved for 1000 ms (the stall timeout)"),
              std::string::npos)
        << error.what();
  }
  // A bound, not a figure: the stall window is 1 s; without it the call would hang.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(server_.request_count(), 1u);
  server_.stop();
}

// A loopback server for one upload that reads the request head and the first `pause_after`
// bytes of the body, then waits until the test has changed the file (resume()), then reads on
// until the declared length arrives or nothing comes for 3 s, and answers 200 when all came.
class PausingUploadServer {
 public:
  explicit PausingUploadServer(std::size_t pause_after)
      : pause_after_(pause_after), listener_(testing::listen_on_loopback(port_)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~PausingUploadServer() {
    resume();
    ::shutdown(listener_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Blocks until the first bytes of the body were read (false after 10 s).
  bool wait_until_paused() {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [this] { return paused_; });
  }
  void resume() {
    std::lock_guard<std::mutex> lock(mutex_);
    resumed_ = true;
    changed_.notify_all();
  }
  std::uint64_t declared() const { return declared_; }
  std::uint64_t received() const { return received_; }

 private:
  void serve() {
    const int connection = ::accept(listener_, nullptr, nullptr);
    if (connection < 0) return;
    std::string head;
    char buffer[65536];
    while (head.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(connection, buffer, sizeof(buffer), 0);
      if (n <= 0) return (void)::close(connection);
      head.append(buffer, static_cast<std::size_t>(n));
    }
    const auto body_start = head.find("\r\n\r\n") + 4;
    const auto length_at = head.find("Content-Length: ");
    if (length_at != std::string::npos) declared_ = std::stoull(head.substr(length_at + 16));
    received_ = head.size() - body_start;
    auto read_some = [&](std::uint64_t until) {
      while (received_ < until) {
        pollfd poll_fd{connection, POLLIN, 0};
        if (::poll(&poll_fd, 1, 3000) <= 0) return false;  // nothing for 3 s
        const ssize_t n = ::recv(connection, buffer, sizeof(buffer), 0);
        if (n <= 0) return false;
        received_ += static_cast<std::uint64_t>(n);
      }
      return true;
    };
    read_some(pause_after_);
    {
      std::unique_lock<std::mutex> lock(mutex_);
      paused_ = true;
      changed_.notify_all();
      changed_.wait(lock, [this] { return resumed_; });
    }
    if (read_some(declared_)) {
      const std::string body = R"({"code":"OK","msg":"OK","data":{"task_id":"t-1"}})";
      const std::string answer =
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
          "Content-Length: " +
          std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
      ::send(connection, answer.data(), answer.size(), MSG_NOSIGNAL);
    }
    ::close(connection);
  }

  std::size_t pause_after_;
  int port_ = 0;
  int listener_ = -1;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool paused_ = false;
  bool resumed_ = false;
  std::atomic<std::uint64_t> declared_{0};
  std::atomic<std::uint64_t> received_{0};
};

// A file that changes size while it is being sent. The size checked before sending (the one
// announced in meta) is the size sent: a file that shrinks fails the upload at once with a
// TransportError naming it (no wait for the stall bound, no retry); one that grows is cut at
// that size, so the server gets exactly the bytes announced.
TEST_F(DataEndpointTest, AFileThatChangesSizeDuringItsUploadIsNeverSentInconsistently) {
  constexpr std::uint64_t kSize = std::uint64_t{64} << 20;
  for (const bool shrink : {true, false}) {
    SCOPED_TRACE(shrink ? "shrinks" : "grows");
    TempDir dir;
    const std::string path = dir.write("big.pdf", "");
    ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(kSize)), 0);  // sparse: instant
    PausingUploadServer server(std::size_t{1} << 20);
    ClientOptions options = make_options("");
    options.base_url = server.base_url();
    options.timeout = std::chrono::seconds(5);  // the stall bound: the failure must not wait
    options.retry.max_attempts = 4;
    const Client client(options);
    UploadRequest upload;
    upload.volume_id = "v";
    upload.files = {{path}};
    CallOptions call;
    call.retry_non_idempotent = true;  // even so: a changed file is not sent again
    auto result = std::async(std::launch::async, [&]() -> std::string {
      try {
        return "task " + client.files().upload(upload, call).task_id.value_or("?");
      } catch (const TransportError& error) {
        EXPECT_FALSE(error.retryable());
        EXPECT_FALSE(error.outcome_unknown());
        return error.what();
      } catch (const std::exception& error) {
        return std::string("another error: ") + error.what();
      }
    });
    ASSERT_TRUE(server.wait_until_paused());
    const auto changed = std::chrono::steady_clock::now();
    ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(shrink ? kSize / 64 : kSize * 2)), 0);
    server.resume();
    const std::string what = result.get();
    if (shrink) {
      EXPECT_NE(what.find("POST " + server.base_url() +
                          "/connectors/upload: cannot send the request body: file 'big.pdf' "
                          "changed during the upload: 67108864 bytes when checked, it ended "
                          "after "),
                std::string::npos)
          << what;
      // A bound, not a figure: it fails as soon as the file ends, well before the 5 s stall.
      EXPECT_LT(std::chrono::steady_clock::now() - changed, std::chrono::seconds(4));
      EXPECT_LT(server.received(), server.declared());
    } else {
      EXPECT_EQ(what, "task t-1");
      EXPECT_EQ(server.received(), server.declared());  // not one byte more than announced
    }
    EXPECT_GT(server.declared(), kSize);  // the file, and the parts before it
  }
}

// A file removed while it is being sent: the open descriptor keeps its bytes, so the upload
// completes with exactly the bytes announced.
TEST_F(DataEndpointTest, AFileRemovedDuringItsUploadIsSentWhole) {
  TempDir dir;
  const std::string path = dir.write("gone.pdf", "");
  ASSERT_EQ(::truncate(path.c_str(), off_t{16} << 20), 0);
  PausingUploadServer server(std::size_t{1} << 20);
  ClientOptions options = make_options("");
  options.base_url = server.base_url();
  options.timeout = std::chrono::seconds(5);
  const Client client(options);
  UploadRequest upload;
  upload.volume_id = "v";
  upload.files = {{path}};
  auto result = std::async(std::launch::async, [&] { return client.files().upload(upload); });
  ASSERT_TRUE(server.wait_until_paused());
  ASSERT_EQ(::unlink(path.c_str()), 0);
  server.resume();
  EXPECT_EQ(result.get().task_id, "t-1");
  EXPECT_EQ(server.received(), server.declared());
}

// A file part that cannot be opened when the transport reaches it (removed after the check):
// a TransportError naming it, not retried, nothing to wait for.
TEST_F(DataEndpointTest, AFilePartThatCannotBeOpenedFailsNamingIt) {
  HttpRequest request;
  request.method = "POST";
  request.url = server_.base_url() + "/connectors/upload";
  MultipartPart part;
  part.name = "file";
  part.filename = "vanished.pdf";
  part.file_path = "/nonexistent/vanished.pdf";
  part.file_size = 10;
  request.multipart = {part};
  const auto transport = make_curl_transport(CurlTransportOptions{});
  try {
    transport->send(request);
    FAIL() << "no error";
  } catch (const TransportError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("cannot send the request body: file 'vanished.pdf' cannot be opened: No "
                        "such file or directory"),
              std::string::npos)
        << error.what();
    EXPECT_FALSE(error.retryable());
    EXPECT_FALSE(error.outcome_unknown());
  }
}

// ---- load tasks --------------------------------------------------------------------------------

TEST_F(DataEndpointTest, GetLoadTaskUnwrapsDataTask) {
  server_.enqueue(fixture("dc_task_get_response.json"));
  const auto task = client_.load_tasks().get("1889613340219121664");
  const auto request = only_request("GET", "/task/get");
  EXPECT_EQ(request.query, (Query{{"task_id", "1889613340219121664"}}));
  EXPECT_TRUE(request.body.empty());
  EXPECT_EQ(task.id, "1889613340219121664");
  EXPECT_EQ(task.source_connector_id, "100004");
  EXPECT_EQ(task.status, LoadTaskStatus::kFinished);
  EXPECT_TRUE(is_finished(task));
  EXPECT_EQ(task.volume_name, "b-vol2");
  // Unix seconds: 1739355480 s is 2025-02-12T10:18:00Z.
  EXPECT_EQ(task.start_at.epoch_ms(), 1739355480000);
  EXPECT_EQ(task.start_at.to_iso8601(), "2025-02-12T10:18:00.000Z");
  EXPECT_EQ(Json(task)["start_at"], 1739355480);  // written back as sent
}

TEST_F(DataEndpointTest, GetLoadTaskAcceptsABareDataObjectAndA19DigitNumericId) {
  server_.enqueue(raw(
      R"({"code":"ok","data":{"id":1889613340219121664,"status":1,"volume_id":1889578498228068352}})"));
  const auto task = client_.load_tasks().get("1889613340219121664");
  EXPECT_EQ(task.id, "1889613340219121664");
  EXPECT_EQ(task.volume_id, "1889578498228068352");
  EXPECT_EQ(task.status, LoadTaskStatus::kRunning);
  EXPECT_FALSE(is_finished(task));
}

TEST_F(DataEndpointTest, ListLoadTaskFilesSendsTheQueryAndDecodesTheFiles) {
  server_.enqueue(fixture("dc_task_files_response.json"));
  ListLoadTaskFilesRequest query;
  query.status = LoadFileStatus::kSucceeded;
  query.page = 2;
  query.page_size = 5;
  const auto page = client_.load_tasks().list_files("1889613340219121664", query);
  const auto request = only_request("GET", "/task/files");
  EXPECT_EQ(
      request.query,
      (Query{
          {"task_id", "1889613340219121664"}, {"status", "5"}, {"page", "2"}, {"page_size", "5"}}));
  EXPECT_EQ(page.total_success, 1);
  ASSERT_EQ(page.files.size(), 1u);
  EXPECT_EQ(page.files[0].type, FileType::kPdf);
  EXPECT_EQ(page.files[0].status, LoadFileStatus::kSucceeded);
  EXPECT_EQ(page.files[0].path, "/b-vol2/红楼梦(通行本)简体横排.pdf");
  EXPECT_EQ(page.files[0].size, 6787457);
}

TEST_F(DataEndpointTest, WaitForLoadTaskPollsUntilFinishedAndReturnsTheFailedFiles) {
  int polls = 0;
  server_.set_handler([&polls](const RecordedRequest& request) {
    if (request.path == "/task/get") {
      ++polls;
      return envelope({{"task", {{"id", "T"}, {"status", polls < 3 ? 1 : 4}}}});
    }
    return envelope({{"total", 2},
                     {"total_success", 1},
                     {"total_failed", 1},
                     {"files",
                      {{{"id", "1"}, {"name", "a.pdf"}, {"status", 5}},
                       {{"id", "2"}, {"name", "empty.md"}, {"status", 4}, {"reason", "empty"}}}}});
  });
  LoadTaskWaitOptions wait;
  wait.sleeper = [](std::chrono::milliseconds) {};
  int reported = 0;
  wait.on_progress = [&reported](const LoadTaskProgress& progress) {
    ++reported;
    EXPECT_EQ(progress.files->total_failed, 1);
  };
  const auto outcome = wait_for_load_task(client_, "T", wait);
  EXPECT_EQ(polls, 3);
  EXPECT_EQ(reported, 3);
  EXPECT_EQ(outcome.task.status, LoadTaskStatus::kFinished);
  EXPECT_EQ(outcome.files.size(), 2u);
  ASSERT_EQ(outcome.failed.size(), 1u);
  EXPECT_EQ(outcome.failed[0].reason, "empty");
  EXPECT_FALSE(outcome.succeeded());
}

// ---- connectors --------------------------------------------------------------------------------

CreateConnectorRequest oss_connector() {
  CreateConnectorRequest create;
  create.name = "oss-test1";
  create.source_type = ConnectorSourceType::kOss;
  create.oss =
      OssConnectorConfig{"oss-cn-hangzhou.aliyuncs.com", "admin", "Admin123", "moc-test-data"};
  return create;
}

TEST_F(DataEndpointTest, CreateConnectorSendsTheDocumentedBody) {
  server_.enqueue(raw(R"({"code":"OK","msg":"OK"})"));
  client_.connectors().create(oss_connector());
  const auto request = only_request("POST", "/connectors");
  EXPECT_EQ(request.json(), (Json{{"name", "oss-test1"},
                                  {"source_type", 4},
                                  {"oss",
                                   {{"endpoint", "oss-cn-hangzhou.aliyuncs.com"},
                                    {"access_key_id", "admin"},
                                    {"access_key_secret", "Admin123"},
                                    {"bucket_name", "moc-test-data"}}}}));
}

TEST_F(DataEndpointTest, AConnectorConfigMissingARequiredFieldIsRefusedBeforeSending) {
  auto refused = [this](CreateConnectorRequest create, const std::string& expected) {
    try {
      client_.connectors().create(create);
      ADD_FAILURE() << "no error for " << expected;
    } catch (const InvalidArgumentError& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
      EXPECT_EQ(std::string(error.what()).find("Admin123"), std::string::npos);
    }
  };
  auto no_bucket = oss_connector();
  no_bucket.oss->bucket_name.reset();
  refused(no_bucket, "oss.bucket_name is missing (required for source_type oss)");
  auto wrong_object = oss_connector();
  wrong_object.source_type = ConnectorSourceType::kS3;
  refused(wrong_object, "connector config 's3' is missing (required for source_type s3)");
  CreateConnectorRequest mo;
  mo.name = "mo";
  mo.source_type = ConnectorSourceType::kMatrixOne;
  mo.mo = MoConnectorConfig{"host", std::nullopt, "root", "pw"};
  refused(mo, "mo.port is missing");
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(DataEndpointTest, ValidateConnectorSendsTheConfigOrTheId) {
  server_.enqueue(fixture("dc_validate_response.json"));
  const auto result =
      client_.connectors().validate(ValidateConnectorRequest::from(oss_connector()));
  auto request = only_request("POST", "/connectors/validate");
  EXPECT_EQ(request.json().at("source_type"), 4);
  EXPECT_EQ(request.json().at("oss").at("bucket_name"), "moc-test-data");
  EXPECT_FALSE(request.json().contains("name"));
  EXPECT_EQ(result.valid, true);

  server_.enqueue(fixture("dc_validate_response.json"));
  ValidateConnectorRequest by_id;
  by_id.connector_id = "100004";
  by_id.source_type = ConnectorSourceType::kOss;
  client_.connectors().validate(by_id);
  EXPECT_EQ(server_.requests().back().json(), (Json{{"source_type", 4}, {"connector_id", 100004}}));
}

TEST_F(DataEndpointTest, ListConnectorsSendsTheQueryAndKeepsSecretsOnlyUntilMasked) {
  server_.enqueue(fixture("dc_connectors_list_response.json"));
  ListConnectorsRequest query;
  query.keyword = "c1";
  query.page = 1;
  query.page_size = 10;
  query.is_desc = false;
  query.source_type_list = {ConnectorSourceType::kOss, ConnectorSourceType::kS3};
  const auto page = client_.connectors().list(query);
  const auto request = only_request("GET", "/connectors/list");
  EXPECT_EQ(request.query, (Query{{"keyword", "c1"},
                                  {"page", "1"},
                                  {"page_size", "10"},
                                  {"is_desc", "false"},
                                  {"source_type_list", "4"},
                                  {"source_type_list", "5"}}));
  ASSERT_EQ(page.connectors.size(), 1u);
  const Connector& connector = page.connectors[0];
  EXPECT_EQ(connector.id, "100004");
  EXPECT_EQ(connector.source_type, ConnectorSourceType::kOss);
  EXPECT_EQ(connector.related_task_ids, std::vector<std::string>{"1889223922712281088"});
  EXPECT_EQ(connector.created_at.epoch_ms(), 1738919558000);
  ASSERT_TRUE(connector.oss);
  EXPECT_EQ(connector.oss->access_key_secret, "Admin123");  // kept as sent
  const Connector masked = mask_secrets(connector);
  EXPECT_EQ(masked.oss->access_key_secret, "***");
  EXPECT_EQ(Json(masked).dump().find("Admin123"), std::string::npos);
  // The whole item re-encodes to what arrived (ids as numbers, seconds as seconds).
  const Json arrived = Json::parse(
      testing::read_fixture("dc_connectors_list_response.json"))["data"]["connectors"][0];
  EXPECT_EQ(Json(connector), arrived);
}

TEST_F(DataEndpointTest, UpdateDeleteAndFilesOfAConnector) {
  server_.enqueue(raw(R"({"code":"OK","msg":"OK"})"));
  UpdateConnectorRequest update;
  update.name = "renamed";
  client_.connectors().update("100004", update);
  auto request = only_request("PUT", "/connectors/100004");
  EXPECT_EQ(request.json(), (Json{{"name", "renamed"}}));

  server_.enqueue(raw(R"({"code":"OK","msg":"OK"})"));
  client_.connectors().remove("100004");
  EXPECT_EQ(server_.requests().back().method, "DELETE");
  EXPECT_EQ(server_.requests().back().path, "/connectors/100004");

  server_.enqueue(
      envelope({{"files", {{{"uri", "oss://b/a.pdf"}, {"filename", "a.pdf"}, {"size", 3}}}},
                {"cursor", "next"},
                {"has_more", true}}));
  ListConnectorFilesRequest files;
  files.connector_id = "100004";
  files.file_types = {2};
  files.limit = 1;
  const auto page = client_.connectors().list_files(files);
  const auto last = server_.requests().back();
  EXPECT_EQ(last.path, "/connectors/files/list");
  EXPECT_EQ(last.query, (Query{{"connector_id", "100004"}, {"file_types", "2"}, {"limit", "1"}}));
  EXPECT_EQ(page.cursor, "next");
  ASSERT_EQ(page.files.size(), 1u);
  EXPECT_EQ(page.files[0].filename, "a.pdf");
}

// A hostile or careless server echoes what it was sent: every connector secret of the call
// (modelled fields and secret-named keys in `extra`) is redacted like the API key, in the
// message, the body excerpt, the request id and the log lines, whatever shape the answer has.
TEST_F(DataEndpointTest, ConnectorSecretsEchoedByTheServerAreRedactedEverywhere) {
  const std::vector<std::string> secrets = {"S3-Secret-Key-1", "Session-Token-2", "Extra-Token-3",
                                            "Mo-Password-4", "Dify-Api-Key-5"};
  std::vector<std::string> log_lines;
  ClientOptions options = make_options("");
  options.logger = [&log_lines](LogLevel, const std::string& line) { log_lines.push_back(line); };
  const Client client(options);
  CallOptions once;
  once.max_attempts = 1;

  CreateConnectorRequest s3;
  s3.name = "s3";
  s3.source_type = ConnectorSourceType::kS3;
  s3.s3 = S3ConnectorConfig{"s3.example", "AKIA1", secrets[0], "docs"};
  s3.s3->session_token = secrets[1];
  s3.s3->extra = Json{{"sts", {{"token", secrets[2]}}}};
  UpdateConnectorRequest mo;
  mo.mo = MoConnectorConfig{"db.example", 6001, "root", secrets[3]};
  ValidateConnectorRequest dify;
  dify.source_type = ConnectorSourceType::kDify;
  dify.dify = DifyConnectorConfig{secrets[4], "https://dify.example/v1"};
  const std::string echo_s3 =
      s3.s3->access_key_secret.value() + " " + secrets[1] + " " + secrets[2];

  std::vector<std::string> texts;
  auto expect_error = [&](const char* what, const std::function<void()>& call) {
    try {
      call();
      ADD_FAILURE() << what << ": no error";
    } catch (const HttpError& error) {
      texts.push_back(error.what());
      texts.push_back(error.body_excerpt());
      texts.push_back(error.request_id());
    } catch (const Error& error) {
      texts.push_back(error.what());
      texts.push_back(error.request_id());
    }
  };
  // 400 quoting the body as sent; a service error quoting it, with a secret as request id.
  server_.enqueue([&] {
    CannedResponse r = raw(Json{{"detail", "bad body " + Json(s3).dump()}}.dump());
    r.status = 400;
    return r;
  }());
  expect_error("400", [&] { client.connectors().create(s3, once); });
  server_.enqueue(
      raw(Json{{"code", "BadConfig"}, {"msg", echo_s3}, {"request_id", secrets[0]}}.dump()));
  expect_error("service error", [&] { client.connectors().create(s3, once); });
  // 500 in plain text; a reply cut short after a secret.
  server_.enqueue([&] {
    CannedResponse r = raw("upstream said " + secrets[3]);
    r.status = 500;
    r.content_type = "text/plain";
    return r;
  }());
  expect_error("500", [&] { client.connectors().update("100004", mo, once); });
  server_.enqueue(raw(R"({"code":"OK","data":{"x":")" + secrets[3]));
  expect_error("truncated", [&] { client.connectors().update("100004", mo, once); });
  // A wrongly typed value quoted by the decoder.
  server_.enqueue(envelope({{"valid", secrets[4]}}));
  expect_error("decode", [&] { client.connectors().validate(dify, once); });

  ASSERT_EQ(server_.request_count(), 5u);
  EXPECT_EQ(server_.requests()[0].json().at("s3").at("access_key_secret"), secrets[0]);  // sent
  std::size_t redacted = 0;
  for (const std::string& text : texts) {
    for (const std::string& secret : secrets) {
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in: " << text;
    }
    if (text.find("[REDACTED]") != std::string::npos) ++redacted;
  }
  EXPECT_GE(redacted, 5u);
  // One error line per call, and the debug line of the answer whose data was then rejected.
  ASSERT_EQ(log_lines.size(), 6u);
  for (const std::string& line : log_lines) {
    for (const std::string& secret : secrets) {
      EXPECT_EQ(line.find(secret), std::string::npos) << secret << " in log: " << line;
    }
  }
}

TEST_F(DataEndpointTest, FindConnectorByNameNeverGuesses) {
  server_.set_handler([](const RecordedRequest&) {
    return envelope({{"connectors",
                      {{{"id", 1}, {"name", "s3-prod"}, {"created_at", 100}},
                       {{"id", 2}, {"name", "s3-prod-old"}, {"created_at", 50}},
                       {{"id", 3}, {"name", "s3-prod"}, {"created_at", 200}}}},
                     {"total", 3}});
  });
  try {
    find_connector_by_name(client_.connectors(), "s3-prod");
    FAIL() << "no error";
  } catch (const LookupError& error) {
    EXPECT_EQ(error.candidates(), (std::vector<std::string>{"3", "1"}));
    EXPECT_NE(std::string(error.what()).find("3, 1"), std::string::npos) << error.what();
  }
  EXPECT_EQ(server_.last_request().query.count({"keyword", "s3-prod"}), 1u);
  EXPECT_EQ(find_connector_by_name(client_.connectors(), "s3-prod-old").id, "2");
  EXPECT_THROW(find_connector_by_name(client_.connectors(), "absent"), LookupError);
}

}  // namespace
}  // namespace moi
