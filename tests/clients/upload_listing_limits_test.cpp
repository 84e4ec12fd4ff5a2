// SPDX-License-Identifier: Apache-2.0
// Hostile files and servers against uploads and listings, through the real libcurl transport
// on loopback: a file swapped between its check and its sending (issue 20, item 9), a server
// that reads slowly or answers a byte at a time (item 10), and a listing that never ends
// (item 12).

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "moi/client.hpp"
#include "moi/helpers/pagination.hpp"
#include "moi/helpers/waiters.hpp"
#include "support/temp_dir.hpp"
#include "support/test_server.hpp"
#include "support/upload_server.hpp"

namespace moi {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;
using testing::CannedResponse;
using testing::RecordedRequest;
using testing::TempDir;
using testing::TestServer;
using testing::UploadServer;

constexpr const char* kKey = "upload-limits-test-key";
constexpr const char* kSecret = "TOP-SECRET-0600-BYTES";

ClientOptions options_for(const std::string& base_url, milliseconds timeout) {
  ClientOptions options;
  options.base_url = base_url;
  options.api_key = kKey;
  options.timeout = timeout;
  options.retry.sleeper = [](milliseconds) {};
  return options;
}

CannedResponse envelope(const Json& data) {
  CannedResponse response;
  response.body = Json{{"code", "OK"}, {"msg", "OK"}, {"data", data}}.dump();
  return response;
}

// ---- item 9: what was checked is what is sent ---------------------------------------------

enum class Swap { kSymlinkToSecret, kRewrittenInPlace, kReplacedByFifo };

const char* name_of(Swap swap) {
  switch (swap) {
    case Swap::kSymlinkToSecret:
      return "a symlink re-pointed to a 0600 file";
    case Swap::kRewrittenInPlace:
      return "rewritten in place, same size";
    case Swap::kReplacedByFifo:
      return "replaced by a FIFO";
  }
  return "?";
}

// Files f00.md .. f24.md: f00 is 16 MiB (sparse), so that the server pauses inside it; the
// others hold "public-NN" padded to the secret's size. f<target> is a symlink to real-<target>
// when the swap re-points a symlink.
struct SwapFixture {
  TempDir dir;
  std::vector<UploadFile> files;
  std::string target;  // the path that is swapped
  std::string secret;  // a 0600 file of the same size

  SwapFixture(int target_index, Swap swap) {
    const std::string content = "public-" + std::string(std::string(kSecret).size() - 7, 'p');
    secret = dir.write("secret.txt", kSecret);
    ::chmod(secret.c_str(), 0600);
    for (int i = 0; i < 25; ++i) {
      const std::string name = (i < 10 ? "f0" : "f") + std::to_string(i) + ".md";
      std::string path;
      if (i == 0) {
        path = dir.write(name, "");
        EXPECT_EQ(::truncate(path.c_str(), off_t{16} << 20), 0);
      } else if (i == target_index && swap == Swap::kSymlinkToSecret) {
        const std::string real = dir.write("real-" + name, content);
        path = dir.path() + "/" + name;
        EXPECT_EQ(::symlink(real.c_str(), path.c_str()), 0);
      } else {
        path = dir.write(name, content);
      }
      if (i == target_index) target = path;
      files.push_back({path, {}, {}});
    }
  }

  void do_swap(Swap swap) const {
    switch (swap) {
      case Swap::kSymlinkToSecret: {
        const std::string next = target + ".next";
        ASSERT_EQ(::symlink(secret.c_str(), next.c_str()), 0);
        ASSERT_EQ(::rename(next.c_str(), target.c_str()), 0);
        break;
      }
      case Swap::kRewrittenInPlace: {
        const int fd = ::open(target.c_str(), O_WRONLY);
        ASSERT_GE(fd, 0);
        const std::string text = kSecret;
        ASSERT_EQ(::pwrite(fd, text.data(), text.size(), 0), static_cast<ssize_t>(text.size()));
        ::close(fd);
        break;
      }
      case Swap::kReplacedByFifo: {
        const std::string next = target + ".fifo";
        ASSERT_EQ(::mkfifo(next.c_str(), 0600), 0);
        ASSERT_EQ(::rename(next.c_str(), target.c_str()), 0);
        break;
      }
    }
  }
};

// Whoever opens the FIFO for reading gets the secret: today's transport opened the path with a
// blocking open, which this writer releases (so the test fails instead of hanging).
class FifoWriter {
 public:
  explicit FifoWriter(std::string path) : path_(std::move(path)) {
    thread_ = std::thread([this] {
      while (!stop_) {
        const int fd = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0) {
          const std::string text = kSecret;
          [[maybe_unused]] const ssize_t n = ::write(fd, text.data(), text.size());
          ::close(fd);
          return;
        }
        std::this_thread::sleep_for(milliseconds(2));
      }
    });
  }
  ~FifoWriter() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::string path_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// A file swapped while the upload is under way (the server holds the body inside the first,
// large file): whether the swapped file is read from the descriptor its check kept (f01) or
// opened again when reached (f20: past the descriptors kept), the upload fails naming it and
// the server never sees a byte of the other file. Today the path is opened again when reached:
// the secret's bytes are sent under the checked name.
TEST(UploadIdentityTest, AFileSwappedDuringTheUploadIsAnErrorAndNothingOfTheOtherIsSent) {
  std::signal(SIGPIPE, SIG_IGN);  // the FIFO writer may meet a reader that already left
  for (const Swap swap : {Swap::kSymlinkToSecret, Swap::kRewrittenInPlace, Swap::kReplacedByFifo}) {
    for (const int index : {1, 20}) {
      SCOPED_TRACE(std::string(name_of(swap)) + ", file " + std::to_string(index));
      SwapFixture fixture(index, swap);
      UploadServer::Pace pace;
      pace.pause_after = std::uint64_t{1} << 20;
      UploadServer server(pace);
      const Client client(options_for(server.base_url(), seconds(5)));
      UploadRequest upload;
      upload.volume_id = "v";
      upload.files = fixture.files;
      auto result = std::async(std::launch::async, [&]() -> std::string {
        try {
          client.files().upload(upload);
          return "sent";
        } catch (const TransportError& error) {
          EXPECT_FALSE(error.retryable());
          EXPECT_FALSE(error.outcome_unknown());
          return error.what();
        } catch (const std::exception& error) {
          return std::string("another error: ") + error.what();
        }
      });
      ASSERT_TRUE(server.wait_until_paused());
      fixture.do_swap(swap);
      std::unique_ptr<FifoWriter> writer;
      if (swap == Swap::kReplacedByFifo) writer = std::make_unique<FifoWriter>(fixture.target);
      server.resume();
      ASSERT_EQ(result.wait_for(seconds(20)), std::future_status::ready) << "the upload hangs";
      const std::string what = result.get();
      const std::string name = fixture.target.substr(fixture.target.rfind('/') + 1);
      EXPECT_NE(what.find("/connectors/upload: cannot send the request body: file '" + name +
                          "' changed after it was checked (replaced, rewritten or no longer a "
                          "regular file): nothing of it was sent"),
                std::string::npos)
          << what;
      EXPECT_EQ(server.body().find(kSecret), std::string::npos) << "the other file was sent";
    }
  }
}

// A file swapped between the check and the start of sending (here: while the SDK pauses
// before a retry) fails the request before its first byte: the second attempt never connects.
TEST(UploadIdentityTest, ASwapBeforeSendingStartsFailsBeforeTheFirstByte) {
  TempDir dir;
  const std::string secret = dir.write("secret.txt", kSecret);
  const std::string real = dir.write("real.md", std::string(std::string(kSecret).size(), 'p'));
  const std::string link = dir.path() + "/report.md";
  ASSERT_EQ(::symlink(real.c_str(), link.c_str()), 0);
  TestServer server;
  CannedResponse busy = envelope(nullptr);
  busy.status = 503;
  server.enqueue(busy);
  ClientOptions options = options_for(server.base_url(), seconds(5));
  options.retry.sleeper = [&](milliseconds) {
    const std::string next = link + ".next";
    ASSERT_EQ(::symlink(secret.c_str(), next.c_str()), 0);
    ASSERT_EQ(::rename(next.c_str(), link.c_str()), 0);
  };
  const Client client(options);
  UploadRequest upload;
  upload.volume_id = "v";
  upload.files = {{link, {}, {}}};
  CallOptions call;
  call.retry_non_idempotent = true;
  try {
    client.files().upload(upload, call);
    FAIL() << "sent";
  } catch (const TransportError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("cannot send the request body: file 'report.md' changed after it was "
                        "checked"),
              std::string::npos)
        << error.what();
  }
  ASSERT_EQ(server.request_count(), 1u);  // the 503; the retry sent nothing
  for (const auto& request : server.requests()) {
    EXPECT_EQ(request.body.find(kSecret), std::string::npos);
  }
}

// A /proc file reports a size of 0 and yet holds bytes: it is refused, not sent empty. A file
// that is really empty is still sent.
TEST(UploadIdentityTest, AFileOfSizeZeroThatYieldsBytesIsRefused) {
  TestServer server;
  server.set_default(envelope({{"task_id", "t-1"}}));
  const Client client(options_for(server.base_url(), seconds(5)));
  UploadRequest upload;
  upload.volume_id = "v";
  upload.files = {{"/proc/self/status", {}, {}}};
  try {
    client.files().upload(upload);
    FAIL() << "sent";
  } catch (const InvalidArgumentError& error) {
    EXPECT_EQ(std::string(error.what()),
              "invalid argument: upload: '/proc/self/status' reports a size of 0 bytes "
              "but is not empty (a /proc "
              "or /sys file?): copy it to a regular file and upload the copy");
  }
  EXPECT_EQ(server.request_count(), 0u);

  TempDir dir;
  upload.files = {{dir.write("empty.md", ""), {}, {}}};
  EXPECT_EQ(client.files().upload(upload).task_id, "t-1");
  ASSERT_EQ(server.request_count(), 1u);
  const auto parts = server.last_request().parts;
  ASSERT_EQ(parts.size(), 3u);  // VolumeID, meta, file
  EXPECT_EQ(parts.at(2).name, "file");
  EXPECT_EQ(parts.at(2).filename, "empty.md");
  EXPECT_EQ(parts.at(2).content, "");
}

// ---- item 10: the stall bound measures real progress -------------------------------------

// A server reading 32 KiB every 20 ms (about 1.5 MiB/s) takes about 4 s for 6 MiB, with a
// 1 s stall bound: bytes leaving the kernel's send queue are progress. Today libcurl's
// counters stop once the whole body is in the kernel's buffers, and the upload was given up
// "outcome unknown" while the server was still reading it.
TEST(UploadProgressTest, AServerReadingSlowlyButSteadilyIsNotAbandoned) {
  TempDir dir;
  const std::string path = dir.write("slow.pdf", "");
  ASSERT_EQ(::truncate(path.c_str(), off_t{6} << 20), 0);
  UploadServer::Pace pace;
  pace.read_chunk = 32 * 1024;
  pace.read_pause = milliseconds(20);
  UploadServer server(pace);
  const Client client(options_for(server.base_url(), seconds(1)));
  UploadRequest upload;
  upload.volume_id = "v";
  upload.files = {{path, {}, {}}};
  const auto started = steady_clock::now();
  EXPECT_EQ(client.files().upload(upload).task_id, "t-1");
  EXPECT_EQ(server.body().size(), server.declared());
  EXPECT_EQ(server.requests(), 1);
  // Slow on purpose: the upload outlived its 1 s stall bound several times over.
  EXPECT_GT(steady_clock::now() - started, seconds(2));
}

// Once the body is sent, the answer is bounded by the call's timeout: a server sending its
// answer's body a byte every 100 ms (about 5 s; each byte is movement, so no stall) is given
// up after 1 s, outcome unknown. Today it held the call until the last byte.
TEST(UploadProgressTest, AnAnswerTrickledAByteAtATimeIsBoundedByTheTimeout) {
  TempDir dir;
  UploadServer::Pace pace;
  pace.answer_byte_pause = milliseconds(100);
  UploadServer server(pace);
  const Client client(options_for(server.base_url(), seconds(1)));
  UploadRequest upload;
  upload.volume_id = "v";
  upload.files = {{dir.write("a.md", "a"), {}, {}}};
  const auto started = steady_clock::now();
  try {
    client.files().upload(upload);
    FAIL() << "no error";
  } catch (const TimeoutError& error) {
    EXPECT_NE(std::string(error.what())
                  .find("/connectors/upload: timed out: the answer did not complete within "
                        "1000 ms (the timeout) after the request body was sent"),
              std::string::npos)
        << error.what();
    EXPECT_TRUE(error.outcome_unknown());
  }
  const auto took = steady_clock::now() - started;
  EXPECT_GE(took, milliseconds(900));
  EXPECT_LT(took, seconds(3));
  EXPECT_EQ(server.body().size(), server.declared());
}

// ---- item 12: a listing that never ends ----------------------------------------------------

// Pages always full of new items, and a total that keeps growing.
void serve_endless_pages(TestServer& server, const std::string& items_key) {
  server.set_handler([items_key](const RecordedRequest& request) {
    const bool json_body = !request.body.empty();
    const auto number = [&](const char* key) -> long long {
      if (json_body) return request.json().at(key).get<long long>();
      for (const auto& [name, value] : request.query) {
        if (name == key) return std::stoll(value);
      }
      return 1;
    };
    if (request.path == "/task/get") {
      return envelope({{"task", {{"id", "T"}, {"status", 4}}}});
    }
    const long long page = number("page");
    const long long size = number("page_size");
    Json items = Json::array();
    for (long long i = 0; i < size; ++i) {
      items.push_back({{"id", std::to_string(page * size + i)}, {"name", "n"}, {"status", 5}});
    }
    return envelope({{"total", (page + 1) * size + 1}, {items_key, items}});
  });
}

TEST(ListingCapTest, AnEndlessListingStopsAtTheCapNamingIt) {
  EXPECT_EQ(CallOptions().max_list_items, 1000000);
  TestServer server;
  serve_endless_pages(server, "list");
  const Client client(options_for(server.base_url(), seconds(5)));
  CallOptions call;
  call.max_list_items = 250;
  ListFilesRequest query;
  query.page_size = 100;
  std::size_t seen = 0;
  try {
    for (const FileInfo& file : all_files(client, query, call)) {
      static_cast<void>(file);
      if (++seen > 10000) break;  // today: no cap, the loop would never end
    }
    FAIL() << "no error after " << seen << " items";
  } catch (const DecodeError& error) {
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
    EXPECT_NE(std::string(error.what())
                  .find("the listing holds more than 250 items, the cap of one listing (page 3 "
                        "passes it): raise CallOptions::max_list_items (moi: --max-items) to "
                        "read further"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(seen, 200u);  // two whole pages; nothing of the page that passes the cap
  EXPECT_EQ(server.request_count(), 3u);

  call.max_list_items = -1;
  EXPECT_THROW(all_files(client, query, call), InvalidArgumentError);
}

// wait_for_load_task reads every file of the finished task: against an endless file list it
// stops at the cap (today it grew until the wait's deadline, 30 minutes for the CLI's).
TEST(ListingCapTest, WaitForLoadTaskOnAnEndlessFileListStopsAtTheCap) {
  TestServer server;
  serve_endless_pages(server, "files");
  const Client client(options_for(server.base_url(), seconds(5)));
  LoadTaskWaitOptions wait;
  wait.sleeper = [](milliseconds) {};
  wait.fetch_file_counts = false;
  wait.timeout = seconds(20);
  wait.call.max_list_items = 500;
  const auto started = steady_clock::now();
  try {
    wait_for_load_task(client, "T", wait);
    FAIL() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_NE(std::string(error.what()).find("the listing holds more than 500 items"),
              std::string::npos)
        << error.what();
  }
  EXPECT_LT(steady_clock::now() - started, seconds(10));
  EXPECT_EQ(server.request_count(), 1u + 6u);  // one /task/get, pages of 100 until the cap
}

}  // namespace
}  // namespace moi
