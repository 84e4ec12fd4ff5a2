// SPDX-License-Identifier: Apache-2.0
// The emulator's own files against a hostile neighbour (issue 20, items 1-6 and 11): modes and
// owners, planted symlinks, the state lock, signed download links, uploads that must not freeze
// other clients, what a 500 shows, leftovers of a crash, and file names with backslashes as
// libcurl sends them. Through the real server (loopback, port 0) or the real executable; the
// other-user cases switch a child to uid/gid 65534 ("nobody") and need root.
#include <curl/curl.h>
#include <grp.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "data_fixture.hpp"
#include "process_fixture.hpp"

namespace moi::emulator::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr uid_t kNobody = 65534;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

// Runs `plant` in a child that became uid/gid 65534; true when it succeeded.
bool as_nobody(const std::function<bool()>& plant) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) {
      ::_exit(2);
    }
    ::_exit(plant() ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

#define REQUIRE_ROOT()                                                                      \
  if (::geteuid() != 0) {                                                                   \
    GTEST_SKIP() << "needs root: plants files as another user (uid 65534) in a shared dir"; \
  }

// A directory like /tmp: anyone may create entries, only their owner may remove them.
void make_shared(const TempDir& dir) { ::chmod(dir.path().c_str(), 01777); }

// Runs the executable with these arguments and expects it to refuse to start: exit status 1,
// nothing on stdout, one line on stderr, which is returned.
std::string refusal(const std::vector<std::string>& args) {
  Proc child(args);
  const int status = child.wait();
  EXPECT_TRUE(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 1) << status;
  EXPECT_EQ(child.rest_of_stdout(), "");
  const std::string err = child.all_stderr();
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  return err;
}

std::vector<std::string> state_args(const fs::path& state) {
  return {"--port", "0", "--state", state.string(), "--api-key", kKey};
}

EmulatorOptions with_state(const fs::path& state) {
  EmulatorOptions o = test_options();
  o.state_file = state.string();
  return o;
}

// catalog -> database -> volume on a running emulator; the volume id.
std::string volume_on(int port) {
  RootApi api(port);
  const Resp c = api.post("/catalog/create", json{{"name", "cat"}});
  const Resp d =
      api.post("/catalog/database/create", json{{"catalog_id", c.data()["id"]}, {"name", "db"}});
  const Resp v =
      api.post("/catalog/volume/create", json{{"database_id", d.data()["id"]}, {"name", "vol"}});
  EXPECT_TRUE(root_ok(v)) << v.raw;
  return v.data()["id"].get<std::string>();
}

// F4 for a file; the link's path and query (below the base URL).
std::string link_of(Emulator& emu, const std::string& file_id) {
  const Resp r = RootApi(emu.port()).post("/catalog/file/download", json{{"file_id", file_id}});
  EXPECT_TRUE(root_ok(r)) << r.raw;
  const std::string link = r.data()["link"];
  return link.substr(emu.base_url().size());
}

// GET without a key (a download link signs itself).
httplib::Result fetch(int port, const std::string& target) {
  httplib::Client plain("127.0.0.1", port);
  return plain.Get(target);
}

// --- 1. ownership and modes ----------------------------------------------------------------

TEST(EmulatorFilesTest, StateLockUploadsAndBlobsAreCreatedPrivate) {
  const mode_t old_umask = ::umask(022);
  TempDir dir;
  {
    Emulator emu(with_state(dir / "state.json"));
    emu.start();
    const std::string volume = volume_on(emu.port());
    ASSERT_TRUE(root_ok(RootApi(emu.port()).upload(volume, {{"a.txt", "secret bytes"}})));
  }
  ::umask(old_umask);
  EXPECT_EQ(mode_of(dir / "state.json"), 0600u);
  EXPECT_EQ(mode_of(dir / "state.json.lock"), 0600u);
  EXPECT_EQ(mode_of(dir / "state.json.files"), 0700u);
  int blobs = 0;
  for (const auto& entry : fs::directory_iterator(dir / "state.json.files")) {
    EXPECT_EQ(mode_of(entry.path()), 0600u) << entry.path();
    EXPECT_EQ(read_all(entry.path()), "secret bytes");
    ++blobs;
  }
  EXPECT_EQ(blobs, 1);
}

TEST(EmulatorFilesTest, AnUploadsDirectoryOfAnotherUserIsRefused) {
  REQUIRE_ROOT();
  TempDir dir;
  make_shared(dir);
  const fs::path uploads = dir / "state.json.files";
  ASSERT_TRUE(as_nobody(
      [&] { return ::mkdir(uploads.c_str(), 0777) == 0 && ::chmod(uploads.c_str(), 0777) == 0; }));
  const std::string err = refusal(state_args(dir / "state.json"));
  EXPECT_EQ(err, "moi-emulator: uploads directory " + uploads.string() +
                     " is owned by uid 65534, not by this user (uid 0): refusing to adopt it; "
                     "remove it or pass another --state\n");
  EXPECT_TRUE(fs::is_empty(uploads));
}

TEST(EmulatorFilesTest, AnUploadsDirectoryOthersCanWriteIsRefused) {
  TempDir dir;
  const fs::path uploads = dir / "state.json.files";
  ASSERT_EQ(::mkdir(uploads.c_str(), 0700), 0);
  ASSERT_EQ(::chmod(uploads.c_str(), 0777), 0);
  EXPECT_EQ(refusal(state_args(dir / "state.json")),
            "moi-emulator: uploads directory " + uploads.string() +
                " is writable by group or others (mode 0777): refusing to adopt it; remove it "
                "or chmod 700 it\n");
  // A symlink in its place is not followed.
  fs::remove(uploads);
  fs::create_directory(dir / "elsewhere");
  fs::create_directory_symlink(dir / "elsewhere", uploads);
  EXPECT_NE(refusal(state_args(dir / "state.json"))
                .find("uploads directory " + uploads.string() + " is not a directory"),
            std::string::npos);
}

TEST(EmulatorFilesTest, ALockFileOfAnotherUserIsRefused) {
  REQUIRE_ROOT();
  TempDir dir;
  make_shared(dir);
  const fs::path lock = dir / "state.json.lock";
  ASSERT_TRUE(as_nobody([&] {
    const int fd = ::open(lock.c_str(), O_CREAT | O_WRONLY, 0644);
    return fd >= 0 && ::close(fd) == 0;
  }));
  EXPECT_EQ(refusal(state_args(dir / "state.json")),
            "moi-emulator: lock file " + lock.string() +
                " is owned by uid 65534, not by this user (uid 0): refusing it; remove it or "
                "pass another --state\n");
}

TEST(EmulatorFilesTest, ALockFileOthersCanWriteIsRefused) {
  TempDir dir;
  const fs::path lock = dir / "state.json.lock";
  std::ofstream(lock).put('x');
  ASSERT_EQ(::chmod(lock.c_str(), 0666), 0);
  EXPECT_EQ(refusal(state_args(dir / "state.json")),
            "moi-emulator: lock file " + lock.string() +
                " is writable by group or others (mode 0666): refusing it; remove it or pass "
                "another --state\n");
}

TEST(EmulatorFilesTest, AStateDirectoryOthersCanWriteIsRefusedUnlessSticky) {
  TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0777), 0);
  const fs::path state = dir / "state.json";
  EXPECT_EQ(refusal(state_args(state)),
            "moi-emulator: directory " + dir.path().string() + " of --state " + state.string() +
                " is writable by other users and not sticky (mode 0777): refusing to write "
                "there\n");
  EXPECT_FALSE(fs::exists(dir / "state.json.lock"));
  // Like /tmp (sticky): fine.
  ASSERT_EQ(::chmod(dir.path().c_str(), 01777), 0);
  Proc ok(state_args(state));
  EXPECT_GT(ok.port(), 0);
}

TEST(EmulatorFilesTest, AStateFileOfAnotherUserIsNotLoaded) {
  REQUIRE_ROOT();
  TempDir dir;
  make_shared(dir);
  const fs::path state = dir / "state.json";
  ASSERT_TRUE(as_nobody([&] {
    std::ofstream(state) << R"({"format": "moi-emulator-state", "version": 1})";
    return fs::exists(state);
  }));
  EXPECT_EQ(refusal(state_args(state)),
            "moi-emulator: state file " + state.string() +
                " is owned by uid 65534, not by this user (uid 0): refusing to load it\n");
}

// --- 2. no name another user can point elsewhere -------------------------------------------

TEST(EmulatorFilesTest, SymlinksPlantedAtTheOldTemporaryNamesRedirectNothing) {
  TempDir dir;
  TempDir victim_dir;
  const fs::path victim = victim_dir / "private.txt";
  std::ofstream(victim) << "the victim's own text";
  // Learn the ids the upload below will get from an in-memory emulator with the same seed.
  std::string file_id;
  {
    Emulator probe(test_options());
    probe.start();
    const std::string volume = volume_on(probe.port());
    const Resp up = RootApi(probe.port()).upload(volume, {{"a.txt", "uploaded"}});
    file_id = up.data()["file_id"];
  }
  Emulator emu(with_state(dir / "state.json"));
  emu.start();
  const std::string pid = std::to_string(::getpid());
  // The names used before: "<state>.tmp.<pid>" and "<uploads>/<file id>.tmp.<pid>".
  fs::create_symlink(victim, dir / ("state.json.tmp." + pid));
  fs::create_symlink(victim, dir / "state.json.files" / (file_id + ".tmp." + pid));
  const std::string volume = volume_on(emu.port());
  const Resp up = RootApi(emu.port()).upload(volume, {{"a.txt", "uploaded"}});
  ASSERT_TRUE(root_ok(up)) << up.raw;
  ASSERT_EQ(up.data()["file_id"], file_id);
  EXPECT_EQ(read_all(victim), "the victim's own text");
  EXPECT_TRUE(fs::is_symlink(dir / ("state.json.tmp." + pid)));
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(dir / "state.json")));
  emu.advance(1s);
  auto got = fetch(emu.port(), link_of(emu, file_id));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->body, "uploaded");
}

TEST(EmulatorFilesTest, ASymlinkPlantedAtThePortFileTemporaryNameRedirectsNothing) {
  TempDir dir;
  TempDir victim_dir;
  const fs::path victim = victim_dir / "private.txt";
  std::ofstream(victim) << "the victim's own text";
  const fs::path port_file = dir / "port";
  fs::create_symlink(victim, dir / "port.tmp");
  Proc child({"--port", "0", "--port-file", port_file.string(), "--api-key", kKey});
  const int port = child.port();
  ASSERT_GT(port, 0);
  EXPECT_EQ(read_all(victim), "the victim's own text");
  EXPECT_EQ(read_all(port_file), std::to_string(port) + "\n");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(port_file)));
}

// --- 3. the state lock ---------------------------------------------------------------------

TEST(EmulatorFilesTest, ALockFileThatCannotBeOpenedIsRefused) {
  TempDir dir;
  const fs::path lock = dir / "state.json.lock";
  fs::create_directory(lock);
  EXPECT_EQ(refusal(state_args(dir / "state.json")),
            "moi-emulator: cannot open the lock file " + lock.string() +
                ": Is a directory; refusing to start without the state lock\n");
  fs::remove(lock);
  fs::create_symlink(dir / "elsewhere.lock", lock);
  EXPECT_EQ(refusal(state_args(dir / "state.json")),
            "moi-emulator: cannot open the lock file " + lock.string() +
                ": it is a symbolic link; refusing to start without the state lock\n");
  EXPECT_FALSE(fs::exists(dir / "elsewhere.lock"));
  // No directory for the lock (and the state): refused too, not run without a lock.
  const std::string missing = (dir / "missing" / "state.json").string();
  EXPECT_NE(refusal(state_args(missing)).find("cannot open the directory"), std::string::npos);
}

// The issue's case: a lock file root created (one `sudo moi-emulator` run) that the user
// cannot open. The emulator, run as uid 65534 from a copy in the test's folder, refuses.
TEST(EmulatorFilesTest, ALockFileTheUserCannotOpenIsRefused) {
  REQUIRE_ROOT();
  TempDir dir;
  ASSERT_EQ(::chown(dir.path().c_str(), kNobody, kNobody), 0);
  const fs::path exe = dir / "moi-emulator";
  fs::copy_file(MOI_EMULATOR_EXE, exe);
  ::chmod(exe.c_str(), 0755);
  const fs::path lock = dir / "state.json.lock";
  std::ofstream(lock).close();
  ::chmod(lock.c_str(), 0600);  // root's, 0600
  Proc child(
      state_args(dir / "state.json"),
      [] {
        if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) {
          ::_exit(3);
        }
      },
      {}, exe.string());
  const int status = child.wait();
  EXPECT_TRUE(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 1) << status;
  EXPECT_EQ(child.all_stderr(), "moi-emulator: cannot open the lock file " + lock.string() +
                                    ": Permission denied; refusing to start without the state "
                                    "lock\n");
  EXPECT_FALSE(fs::exists(dir / "state.json"));
}

// --- 4. download links ---------------------------------------------------------------------

TEST(EmulatorFilesTest, DownloadLinksAreSignedWithARandomSecretAndExpire) {
  TempDir one;
  TempDir two;
  std::string file_id;
  std::string link;
  {
    // Same seed, same requests: same ids, but each state has its own secret.
    Emulator a(with_state(one / "state.json"));
    Emulator b(with_state(two / "state.json"));
    a.start();
    b.start();
    for (Emulator* emu : {&a, &b}) {
      const std::string volume = volume_on(emu->port());
      const Resp up = RootApi(emu->port()).upload(volume, {{"a.txt", "private"}});
      ASSERT_TRUE(root_ok(up)) << up.raw;
      file_id = up.data()["file_id"];
      emu->advance(1s);
    }
    link = link_of(a, file_id);
    const std::string other = link_of(b, file_id);
    EXPECT_NE(link, other);
    auto got = fetch(a.port(), link);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->status, 200);
    EXPECT_EQ(got->body, "private");
    // A's link does not open B's file: nothing about it derives from the seed or the id.
    auto forged = fetch(b.port(), link);
    ASSERT_TRUE(forged);
    EXPECT_EQ(forged->status, 403);
    // A later expiry under the same token is refused.
    const auto at = link.find("expires=") + 8;
    std::string later = link;
    later[at] = later[at] == '9' ? '8' : static_cast<char>(later[at] + 1);
    auto stretched = fetch(a.port(), later);
    ASSERT_TRUE(stretched);
    EXPECT_EQ(stretched->status, 403);
    EXPECT_NE(stretched->body.find("missing or invalid download token"), std::string::npos);
  }
  EXPECT_EQ(mode_of(one / "state.json"), 0600u);
  EXPECT_NE(read_all(one / "state.json").find("\"link_secret\""), std::string::npos);
  // The secret is kept: the link still works after a restart, for one hour.
  Emulator again(with_state(one / "state.json"));
  again.start();
  again.advance(1s);  // the manual clock starts over: the upload is loaded again at 500 ms
  auto got = fetch(again.port(), link);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  again.advance(3600s);  // the link was made 1 s after the start: valid through its last second
  EXPECT_EQ(fetch(again.port(), link)->status, 200);
  again.advance(1s);
  auto expired = fetch(again.port(), link);
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, 403);
  EXPECT_NE(expired->body.find("download link expired"), std::string::npos) << expired->body;
}

// --- 5. one request cannot freeze the emulator ---------------------------------------------

TEST(EmulatorFilesTest, AMultipartBodyOverThePartCapIs413) {
  EmulatorOptions o = test_options();
  o.max_multipart_parts = 20;
  Emulator emu(o);
  emu.start();
  const std::string volume = volume_on(emu.port());
  std::vector<UploadFile> files(18, UploadFile{"a.txt", "x"});  // + VolumeID + meta = 20
  EXPECT_TRUE(root_ok(RootApi(emu.port()).upload(volume, files)));
  files.emplace_back(UploadFile{"a.txt", "x"});
  const Resp r = RootApi(emu.port()).upload(volume, files);
  EXPECT_TRUE(root_error(r, 413, "PAYLOAD_TOO_LARGE")) << r.raw;
  EXPECT_EQ(r.body["msg"], "the multipart body has more than 20 parts (--max-multipart-parts)");
  // The default cap, 4096.
  Emulator plain(test_options());
  plain.start();
  const Resp many =
      RootApi(plain.port())
          .upload(volume_on(plain.port()), std::vector<UploadFile>(4095, {"a.txt", "x"}));
  EXPECT_TRUE(root_error(many, 413, "PAYLOAD_TOO_LARGE")) << many.raw.substr(0, 300);
}

TEST(EmulatorFilesTest, AnUploadOfManyPartsDoesNotFreezeOtherClients) {
  TempDir dir;
  Emulator emu(with_state(dir / "state.json"));
  emu.start();
  const std::string volume = volume_on(emu.port());
  ASSERT_TRUE(Api(emu.port()).post("/workflow_meta", workflow_body("before")).ok());
  // 1,500 files of one byte: one fsync'ed file each, several seconds of disk work.
  std::atomic<bool> done{false};
  Resp upload;
  Clock::duration upload_took{};
  std::thread uploader([&] {
    const auto start = Clock::now();
    upload = RootApi(emu.port()).upload(volume, std::vector<UploadFile>(1500, {"a.txt", "x"}));
    upload_took = Clock::now() - start;
    done = true;
  });
  Api api(emu.port());
  Clock::duration slowest{};
  int requests = 0;
  while (!done) {
    const auto start = Clock::now();
    const Resp r = requests % 2 == 0 ? api.get("/workflow_meta")
                                     : api.post("/workflow_meta", workflow_body("during"));
    slowest = std::max(slowest, Clock::now() - start);
    EXPECT_TRUE(r.ok()) << r.raw;
    ++requests;
    std::this_thread::sleep_for(20ms);
  }
  uploader.join();
  EXPECT_TRUE(root_ok(upload)) << upload.raw.substr(0, 300);
  const auto ms = [](Clock::duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  };
  EXPECT_LT(slowest, 1s) << "the upload took " << ms(upload_took) << " ms";
  std::printf(
      "[figure] a 1500-part upload took %lld ms; %d other requests meanwhile, the slowest "
      "%lld ms\n",
      static_cast<long long>(ms(upload_took)), requests, static_cast<long long>(ms(slowest)));
}

// The table store's commits are flushed after the state lock: on a disk where each flush of
// the table database takes 1 s (a preloaded fsync/fdatasync), table writes do not hold up other
// clients. (Before: synchronous=FULL commits flushed under the lock, 2 s per table created.)
TEST(EmulatorExecutableFilesTest, TableCommitsOnASlowDiskDoNotHoldUpOtherClients) {
  TempDir dir;
  const char* asan = std::getenv("ASAN_OPTIONS");
  Proc child(state_args(dir / "state.json"), {},
             {"LD_PRELOAD=" MOI_TEST_SLOW_FSYNC_LIB, "MOI_TEST_SLOW_FSYNC_MS=1000",
              // the preloaded library comes before a sanitizer's runtime
              "ASAN_OPTIONS=" + std::string(asan ? asan : "") + ":verify_asan_link_order=0"});
  const int port = child.port();
  ASSERT_GT(port, 0);
  volume_on(port);
  const Resp tree = RootApi(port).post("/catalog/tree", json::object());
  ASSERT_TRUE(root_ok(tree)) << tree.raw;
  const std::string database = tree.data()["tree"][0]["node_list"][0]["id"];
  std::atomic<bool> done{false};
  Clock::duration writes_took{};
  std::thread writer([&] {
    RootApi api(port);
    const auto start = Clock::now();
    for (int i = 0; i < 3; ++i) {
      const Resp r = api.post("/catalog/table/create",
                              json{{"database_id", std::stoll(database)},
                                   {"name", "t" + std::to_string(i)},
                                   {"columns", json::array({{{"name", "id"}, {"type", "INT"}}})}});
      EXPECT_TRUE(root_ok(r)) << r.raw;
    }
    writes_took = Clock::now() - start;
    done = true;
  });
  Api api(port);
  Clock::duration slowest{};
  int requests = 0;
  while (!done) {
    const auto start = Clock::now();
    const Resp r = api.get("/workflow_meta");
    slowest = std::max(slowest, Clock::now() - start);
    EXPECT_TRUE(r.ok()) << r.raw;
    ++requests;
    std::this_thread::sleep_for(20ms);
  }
  writer.join();
  const auto ms = [](Clock::duration d) {
    return static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
  };
  // Each create waits for its own flush (about 1 s), so the writes really were slow.
  EXPECT_GE(writes_took, 3s);
  EXPECT_GT(requests, 10);
  EXPECT_LT(ms(slowest), 500) << requests << " requests";
  std::printf(
      "[figure] 3 table creates on a 1 s-flush disk took %lld ms; %d other requests "
      "meanwhile, the slowest %lld ms\n",
      ms(writes_took), requests, ms(slowest));
}

// Tables acknowledged before a SIGKILL are there after the restart (the log is replayed).
TEST(EmulatorExecutableFilesTest, AcknowledgedTablesSurviveKillNine) {
  TempDir dir;
  const std::vector<std::string> args = state_args(dir / "state.json");
  std::vector<std::string> acknowledged;
  std::int64_t database = 0;
  for (int round = 0; round < 3; ++round) {
    Proc child(args);
    const int port = child.port();
    ASSERT_GT(port, 0);
    if (database == 0) {
      volume_on(port);
      const Resp tree = RootApi(port).post("/catalog/tree", json::object());
      database = std::stoll(tree.data()["tree"][0]["node_list"][0]["id"].get<std::string>());
    }
    std::atomic<bool> stop{false};
    std::mutex mu;
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w) {
      writers.emplace_back([&, w] {
        RootApi api(port);
        for (int i = 0; !stop; ++i) {
          const std::string name =
              "r" + std::to_string(round) + "w" + std::to_string(w) + "n" + std::to_string(i);
          const Resp r =
              api.post("/catalog/table/create",
                       json{{"database_id", database},
                            {"name", name},
                            {"columns", json::array({{{"name", "id"}, {"type", "INT"}}})}});
          if (!root_ok(r)) continue;
          std::lock_guard<std::mutex> lock(mu);
          acknowledged.push_back(name);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + 100 * round));
    child.signal(SIGKILL);
    child.wait();
    stop = true;
    for (auto& t : writers) t.join();
  }
  ASSERT_FALSE(acknowledged.empty());
  Proc child(args);
  const int port = child.port();
  ASSERT_GT(port, 0);
  RootApi api(port);
  for (const std::string& name : acknowledged) {
    const Resp r =
        api.post("/catalog/table/exist", json{{"database_id", database}, {"name", name}});
    ASSERT_TRUE(root_ok(r)) << r.raw;
    EXPECT_EQ(r.data(), true) << "lost table " << name;
  }
  std::printf("[figure] 3 SIGKILL rounds during table creates: %zu acknowledged, none lost\n",
              acknowledged.size());
}

// Uploads acknowledged before a SIGKILL keep their exact bytes after the restart.
TEST(EmulatorExecutableFilesTest, AcknowledgedUploadsSurviveKillNine) {
  TempDir dir;
  const std::vector<std::string> args = state_args(dir / "state.json");
  std::vector<std::pair<std::string, std::string>> acknowledged;  // file id, bytes
  std::string volume;
  for (int round = 0; round < 4; ++round) {
    Proc child(args);
    const int port = child.port();
    ASSERT_GT(port, 0);
    if (volume.empty()) volume = volume_on(port);
    std::atomic<bool> stop{false};
    std::mutex mu;
    std::vector<std::thread> writers;
    for (int w = 0; w < 2; ++w) {
      writers.emplace_back([&, w] {
        RootApi api(port);
        for (int i = 0; !stop; ++i) {
          const std::string bytes = "r" + std::to_string(round) + "w" + std::to_string(w) + "#" +
                                    std::to_string(i) +
                                    std::string(static_cast<std::size_t>(i % 7) * 1000, 'z');
          const Resp r = api.upload(volume, {{"f.txt", bytes}});
          if (!root_ok(r)) continue;
          std::lock_guard<std::mutex> lock(mu);
          acknowledged.emplace_back(r.data()["file_id"], bytes);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + 100 * round));
    child.signal(SIGKILL);
    child.wait();
    stop = true;
    for (auto& t : writers) t.join();
  }
  ASSERT_FALSE(acknowledged.empty());
  // Restart (cleaning up what the kills left), then every acknowledged file is there.
  std::set<std::string> names;
  Proc child(args);
  const int port = child.port();
  ASSERT_GT(port, 0);
  RootApi api(port);
  std::this_thread::sleep_for(600ms);  // the last upload's load (500 ms, real clock)
  for (const auto& [id, bytes] : acknowledged) {
    const Resp link = api.post("/catalog/file/download", json{{"file_id", id}});
    ASSERT_TRUE(root_ok(link)) << "lost file " << id << ": " << link.raw;
    const std::string url = link.data()["link"];
    auto got = fetch(port, url.substr(url.find("/emulator/")));
    ASSERT_TRUE(got);
    EXPECT_EQ(got->body, bytes) << id;
  }
  for (const auto& entry : fs::directory_iterator(dir / "state.json.files")) {
    names.insert(entry.path().filename().string());
  }
  // One blob per stored file (some stored but never acknowledged): the kills' orphans are gone.
  const Resp listed = api.post("/catalog/file/list", json{{"page_size", 100000}});
  EXPECT_EQ(names.size(), listed.data()["total"].get<std::size_t>());
  std::printf("[figure] 4 SIGKILL rounds during uploads: %zu uploads acknowledged, none lost\n",
              acknowledged.size());
}

// --- 6. what a 500 shows, what a crash leaves ---------------------------------------------

// Writes past this size fail with EFBIG (for root too), as on a full disk.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{bytes, saved_.rlim_max};
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit saved_{};
  void (*old_handler_)(int) = nullptr;
};

TEST(EmulatorFilesTest, AFailedWriteIsRolledBackAndIts500ShowsNoPathOrPid) {
  TempDir dir;
  Emulator emu(with_state(dir / "state.json"));
  emu.start();
  Api api(emu.port());
  RootApi root(emu.port());
  const std::string volume = volume_on(emu.port());
  ASSERT_TRUE(api.post("/workflow_meta", workflow_body("kept")).ok());
  const std::string before = read_all(dir / "state.json");
  Resp failed;
  Resp upload;
  {
    FileSizeLimit limit(before.size() + 16);
    failed = api.post("/workflow_meta", workflow_body("lost"));
    upload = root.upload(volume, {{"big.txt", std::string(before.size() + 100, 'b')}});
  }
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.body, json({{"detail", "cannot persist state: File too large"}})) << failed.raw;
  EXPECT_TRUE(root_error(upload, 500, "INTERNAL_ERROR")) << upload.raw;
  EXPECT_EQ(upload.body["msg"], "cannot store the uploaded file: File too large");
  for (const Resp* r : {&failed, &upload}) {
    EXPECT_EQ(r->raw.find(dir.path().string()), std::string::npos) << r->raw;
    EXPECT_EQ(r->raw.find(std::to_string(::getpid())), std::string::npos) << r->raw;
  }
  // Rolled back: the state and the disk as before; nothing half-written is left.
  EXPECT_EQ(api.get("/workflow_meta").data()["total"], 1);
  EXPECT_EQ(read_all(dir / "state.json"), before);
  EXPECT_TRUE(fs::is_empty(dir / "state.json.files"));
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    names.insert(entry.path().filename().string());
  }
  EXPECT_EQ(names, (std::set<std::string>{"state.json", "state.json.lock", "state.json.files",
                                          "state.json.tables"}));
  ASSERT_TRUE(api.post("/workflow_meta", workflow_body("after")).ok());
  EXPECT_EQ(api.get("/workflow_meta").data()["total"], 2);
}

TEST(EmulatorFilesTest, TemporaryAndOrphanedFilesAreRemovedAtStartUp) {
  TempDir dir;
  std::string file_id;
  {
    Emulator emu(with_state(dir / "state.json"));
    emu.start();
    const Resp up = RootApi(emu.port()).upload(volume_on(emu.port()), {{"a.txt", "kept"}});
    ASSERT_TRUE(root_ok(up)) << up.raw;
    file_id = up.data()["file_id"];
  }
  std::set<std::string> kept;
  for (const auto& entry : fs::directory_iterator(dir / "state.json.files")) {
    kept.insert(entry.path().filename().string());
  }
  ASSERT_EQ(kept.size(), 1u);
  // What a crash mid-write leaves: temporary files of the state and of blobs (old and new
  // names), and blobs whose state was never written.
  for (const fs::path& leftover :
       {dir / "state.json.tmp.4242", dir / "state.json.tmp.0123456789abcdef",
        dir / "state.json.files" / "1800000000000004242.tmp.4242",
        dir / "state.json.files" / "blob-00000000deadbeef",
        dir / "state.json.files" / "1800000000000009999"}) {
    std::ofstream(leftover) << "partial";
  }
  Emulator emu(with_state(dir / "state.json"));
  emu.start();
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir / "state.json.files")) {
    names.insert(entry.path().filename().string());
  }
  EXPECT_EQ(names, kept);
  EXPECT_FALSE(fs::exists(dir / "state.json.tmp.4242"));
  EXPECT_FALSE(fs::exists(dir / "state.json.tmp.0123456789abcdef"));
  emu.advance(1s);
  auto got = fetch(emu.port(), link_of(emu, file_id));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->body, "kept");
}

// --- 11. file names with a backslash, as libcurl sends them --------------------------------

struct CurlAnswer {
  long status = 0;
  json body;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// U1 the way the SDK builds it (src/transport/curl_transport.cpp, build_mime): text parts
// VolumeID and meta, then one part per file with curl_mime_filename.
CurlAnswer curl_upload(int port, const std::string& volume, const std::vector<std::string>& names) {
  CURL* curl = curl_easy_init();
  curl_mime* mime = curl_mime_init(curl);
  json meta = json::array();
  for (const auto& name : names) meta.push_back({{"file_name", name}, {"filename", name}});
  const std::string meta_text = meta.dump();
  curl_mimepart* part = curl_mime_addpart(mime);
  curl_mime_name(part, "VolumeID");
  curl_mime_data(part, volume.c_str(), volume.size());
  part = curl_mime_addpart(mime);
  curl_mime_name(part, "meta");
  curl_mime_data(part, meta_text.c_str(), meta_text.size());
  for (const auto& name : names) {
    part = curl_mime_addpart(mime);
    curl_mime_name(part, "file");
    curl_mime_data(part, "bytes", 5);
    curl_mime_filename(part, name.c_str());
    curl_mime_type(part, "text/plain");
  }
  curl_slist* headers = curl_slist_append(nullptr, (std::string("moi-key: ") + kKey).c_str());
  std::string body;
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/connectors/upload";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_MIMEPOST, mime);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  CurlAnswer out;
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
  }
  curl_slist_free_all(headers);
  curl_mime_free(mime);
  curl_easy_cleanup(curl);
  out.body = json::parse(body, nullptr, false);
  return out;
}

TEST(EmulatorFilesTest, FileNamesWithBackslashesAreStoredAsInMeta) {
  Emulator emu(test_options());
  emu.start();
  const std::string volume = volume_on(emu.port());
  // What libcurl 7.88 sends for these: the backslashes as they are, `"` as %22.
  const std::vector<std::string> names{"back\\slash.txt", "..\\..\\evil.txt", "dir\\", "two\\\\.md",
                                       "q%22uote.txt"};
  const CurlAnswer up = curl_upload(emu.port(), volume, names);
  ASSERT_EQ(up.status, 200) << up.body;
  const std::string task = up.body["data"]["task_id"];
  emu.advance(5s);
  const Resp files = RootApi(emu.port()).get("/task/files", {{"task_id", task}});
  ASSERT_TRUE(root_ok(files)) << files.raw;
  std::vector<std::string> stored;
  for (const auto& f : files.data()["files"]) stored.push_back(f["name"]);
  EXPECT_EQ(stored, names);
}

TEST(EmulatorFilesTest, ABackslashEscapedQuoteIsRefusedNotMisread) {
  Emulator emu(test_options());
  emu.start();
  const std::string volume = volume_on(emu.port());
  const std::string boundary = "b0undary";
  const std::string body = "--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"VolumeID\"\r\n\r\n" +
                           volume + "\r\n--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; "
                           "filename=\"a\\\"b.txt\"\r\n\r\nbytes\r\n--" +
                           boundary + "--\r\n";
  const Resp r =
      RootApi(emu.port())
          .post_raw("/connectors/upload", body, "multipart/form-data; boundary=" + boundary);
  EXPECT_TRUE(root_error(r, 400, "INVALID_ARGUMENT")) << r.raw;
  EXPECT_EQ(r.body["msg"],
            "malformed multipart body: a part's Content-Disposition is malformed: text after the "
            "closing quote of the filename parameter (a quote inside a quoted value must be sent "
            "as %22)");
}

}  // namespace
}  // namespace moi::emulator::testing
