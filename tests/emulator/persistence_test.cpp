// SPDX-License-Identifier: Apache-2.0
// The state file: reload after restart, and the real executable killed with SIGKILL while
// clients write. (A failed write, the files' modes and owners: files_test.cpp.)
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "emulator_fixture.hpp"
#include "process_fixture.hpp"

namespace moi::emulator::testing {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The moi-emulator executable as a child process: Proc (process_fixture.hpp).
using Child = Proc;

EmulatorOptions with_state(const fs::path& file) {
  EmulatorOptions o = test_options();
  o.state_file = file.string();
  return o;
}

// Users, their keys, roles and audit logs (issue 26) are state like the rest: a user's key
// still works after a restart, a refreshed one is the one that works, the logs are kept.
TEST(EmulatorPersistenceTest, UsersRolesKeysAndLogsSurviveARestart) {
  TempDir dir;
  std::string fresh;
  std::string old_key;
  {
    Emulator emu(with_state(dir / "state.json"));
    emu.start();
    Api api(emu.port(), kKey, "");
    Resp role =
        api.post("/role/create", json{{"name", "listers"}, {"authority_code_list", {"U2"}}});
    ASSERT_EQ(role.status, 200) << role.raw;
    Resp user = api.post("/user/create", json{{"name", "kept"},
                                              {"password", "pw"},
                                              {"role_id_list", {role.data()["id"]}},
                                              {"get_api_key", true}});
    ASSERT_EQ(user.status, 200) << user.raw;
    old_key = user.data()["api_key"];
    Api as_user(emu.port(), old_key, "");
    Resp refreshed = as_user.post("/user/me/api-key/refresh", json::object());
    ASSERT_EQ(refreshed.status, 200) << refreshed.raw;
    fresh = refreshed.data()["key"];
  }
  Emulator again(with_state(dir / "state.json"));
  again.start();
  EXPECT_EQ(Api(again.port(), fresh, "").post("/user/list", json::object()).data()["total"], 1);
  EXPECT_EQ(Api(again.port(), old_key, "").post("/user/list", json::object()).status, 401);
  EXPECT_EQ(Api(again.port(), fresh, "").post("/role/list", json::object()).status, 403);
  Api admin(again.port(), kKey, "");
  EXPECT_EQ(admin.post("/log/user", json::object()).data()["total"], 2);  // create, refresh
  EXPECT_EQ(admin.post("/log/role", json::object()).data()["total"], 1);
  // The next ids continue.
  EXPECT_EQ(admin.post("/role/create", json{{"name", "second"}}).data()["id"], 3);
}

TEST(EmulatorPersistenceTest, StateSurvivesARestart) {
  TempDir dir;
  std::string wf;
  std::string job;
  {
    Emulator emu(with_state(dir / "state.json"));
    emu.start();
    Api api(emu.port());
    Resp r = api.post("/workflow_meta",
                      workflow_body("kept", {{"files", {{{"file_name", "a-fail.pdf"}}}}}));
    ASSERT_TRUE(r.ok()) << r.raw;
    wf = r.data()["id"];
    ASSERT_TRUE(api.post("/workflow_meta/" + wf + "/branch",
                         json{{"branch_name", "dev"}, {"workflow", json::object()}})
                    .ok());
    ASSERT_TRUE(api.post("/export/task/create", export_body("kept-task", {"x.pdf"})).ok());
    job = api.get("/workflow_job").data()["jobs"][0]["id"];
  }
  // No temporary file is left next to the state file; the lock file stays (see Service).
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    names.insert(entry.path().filename().string());
  }
  EXPECT_EQ(names, (std::set<std::string>{"state.json", "state.json.lock", "state.json.files",
                                          "state.json.tables"}));

  Emulator again(with_state(dir / "state.json"));
  again.start();
  again.advance(5s);
  Api api(again.port());
  json detail = api.get("/workflow_meta/" + wf).data();
  EXPECT_EQ(detail["name"], "kept");
  EXPECT_EQ(detail["branches"].size(), 2u);
  EXPECT_EQ(api.get("/workflow_job/" + job + "/status").data()["status"], 3);
  json failed = api.get("/workflow_job/" + job + "/files").data()["files"][0];
  ASSERT_TRUE(api.post("/workflow_job/" + job + "/files", json{{"files", {failed["id"]}}}).ok());
  EXPECT_EQ(api.post("/export/task/list", json::object()).data()["tasks"][0]["name"], "kept-task");
  // The id sequence continues: no id is issued twice.
  std::string next = api.post("/workflow_meta", workflow_body("new")).data()["id"];
  EXPECT_NE(next, wf);
  EXPECT_EQ(api.get("/workflow_meta").data()["total"], 2);
}

TEST(EmulatorPersistenceTest, ReadsDoNotWrite) {
  TempDir dir;
  Emulator emu(with_state(dir / "state.json"));
  emu.start();
  Api api(emu.port());
  ASSERT_TRUE(api.post("/workflow_meta", workflow_body("wf")).ok());
  std::string before = read_all(dir / "state.json");
  emu.advance(10s);
  api.get("/workflow_meta");
  api.get("/workflow_job");
  EXPECT_EQ(read_all(dir / "state.json"), before);
}

// A failed write (rolled back, answered 500): see files_test.cpp. Without a directory for the
// state (and its lock) the emulator does not start at all.
TEST(EmulatorPersistenceTest, AStateFileInAMissingDirectoryIsRefused) {
  try {
    Emulator emu(with_state("/nonexistent-moi-emulator-dir/state.json"));
    ADD_FAILURE() << "started without its state directory";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot open the directory /nonexistent-moi-emulator-dir of --state "
              "/nonexistent-moi-emulator-dir/state.json: No such file or directory");
  }
}

TEST(EmulatorPersistenceTest, ACorruptStateFileIsRefused) {
  TempDir dir;
  std::ofstream(dir / "state.json") << "{not json";
  EXPECT_THROW(Emulator(with_state(dir / "state.json")), std::runtime_error);
  std::ofstream(dir / "other.json") << "{\"some\": \"json\"}";
  EXPECT_THROW(Emulator(with_state(dir / "other.json")), std::runtime_error);
}

// Issue 7: SIGKILL at random points of a write load, 20 rounds on one state file. After each
// restart every object acknowledged in any round so far is still there.
TEST(EmulatorExecutableTest, KillNineAtRandomPointsLosesNothingAcknowledged) {
  TempDir dir;
  const std::string state = (dir / "state.json").string();
  const std::vector<std::string> args{
      "--port", "0", "--state", state, "--api-key", kKey, "--file-duration-ms", "50"};
  std::mutex mu;
  std::vector<std::string> workflows;  // ids answered 200, all rounds
  std::vector<std::string> tasks;      // names answered 200, all rounds
  std::mt19937 random(20261121);       // fixed seed: the same kill points on every run
  const int rounds = 20;
  for (int round = 0; round < rounds; ++round) {
    const int kill_after = std::uniform_int_distribution<int>(1, 30)(random);
    Child child(args);
    const int port = child.port();
    ASSERT_GT(port, 0) << "round " << round;
    {
      // Everything acknowledged so far survived the previous SIGKILL.
      Api api(port);
      for (const auto& id : workflows) {
        ASSERT_EQ(api.get("/workflow_meta/" + id).status, 200)
            << "round " << round << ": lost workflow " << id;
      }
      std::set<std::string> stored;
      const Resp list = api.post("/export/task/list", json{{"limit", 100000}});  // kept alive
      for (const auto& t : list.data()["tasks"]) stored.insert(t["name"].get<std::string>());
      for (const auto& name : tasks) {
        ASSERT_EQ(stored.count(name), 1u) << "round " << round << ": lost task " << name << " ("
                                          << stored.size() << " of " << tasks.size() << " listed)";
      }
    }
    std::atomic<bool> stop{false};
    std::atomic<int> acked{0};
    auto writer = [&](int w) {
      Api api(port);
      for (int i = 0; !stop; ++i) {
        const std::string name =
            "r" + std::to_string(round) + "-w" + std::to_string(w) + "-" + std::to_string(i);
        if (i % 2 == 0) {
          Resp r = api.post("/workflow_meta", workflow_body(name));
          if (!r.ok()) continue;
          std::lock_guard<std::mutex> lock(mu);
          workflows.push_back(r.data()["id"]);
        } else {
          if (!api.post("/export/task/create", export_body(name, {"a.pdf"})).ok()) continue;
          std::lock_guard<std::mutex> lock(mu);
          tasks.push_back(name);
        }
        ++acked;
      }
    };
    std::vector<std::thread> writers;
    for (int w = 0; w < 3; ++w) writers.emplace_back(writer, w);
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (acked < kill_after && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(1ms);
    }
    child.signal(SIGKILL);  // the writers are mid-request
    const int status = child.wait();
    stop = true;
    for (auto& t : writers) t.join();
    EXPECT_TRUE(WIFSIGNALED(status));
    ASSERT_GE(acked.load(), kill_after) << "round " << round;
  }

  Child again(args);
  const int port = again.port();
  ASSERT_GT(port, 0);
  Api api(port);
  for (const auto& id : workflows) {
    EXPECT_EQ(api.get("/workflow_meta/" + id).status, 200) << "lost workflow " << id;
    EXPECT_EQ(api.get("/workflow_job", {{"workflow_id", id}}).data()["total"], 1);
  }
  again.signal(SIGTERM);
  const int status = again.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::printf(
      "[figure] %d SIGKILL rounds: %zu workflows and %zu export tasks acknowledged, none "
      "lost\n",
      rounds, workflows.size(), tasks.size());
}

TEST(EmulatorExecutableTest, WritesThePortFileAndStopsOnSigterm) {
  TempDir dir;
  const std::string port_file = (dir / "port").string();
  Child child({"--port", "0", "--port-file", port_file, "--api-key", kKey});
  int port = child.port();
  ASSERT_GT(port, 0);
  EXPECT_EQ(std::stoi(read_all(port_file)), port);
  EXPECT_TRUE(Api(port).get("/workflow_meta").ok());
  EXPECT_EQ(Api(port, "wrong").get("/workflow_meta").status, 401);
  child.signal(SIGTERM);
  int status = child.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(EmulatorExecutableTest, TakesTheKeyFromTheEnvironment) {
  ::setenv("MOI_API_KEY", "env-key", 1);
  Child child({"--port", "0"});
  ::unsetenv("MOI_API_KEY");
  int port = child.port();
  ASSERT_GT(port, 0);
  EXPECT_TRUE(Api(port, "env-key").get("/workflow_meta").ok());
  EXPECT_EQ(Api(port, kKey).get("/workflow_meta").status, 401);
}

TEST(EmulatorExecutableTest, HelpListsTheFlags) {
  Child child({"--help"});
  std::string out;
  while (auto line = child.read_line(10s)) out += *line + "\n";
  for (const char* flag :
       {"--host", "--port", "--port-file", "--api-key", "--state", "--seed", "--fail-ratio",
        "--file-duration-ms", "--files-per-volume", "--latency-ms", "--error-rate-503",
        "--error-rate-429", "--retry-after", "--drop-rate"}) {
    EXPECT_NE(out.find(flag), std::string::npos) << flag;
  }
  int status = child.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(EmulatorExecutableTest, RefusesACorruptStateFile) {
  TempDir dir;
  std::ofstream(dir / "state.json") << "garbage";
  Child child({"--port", "0", "--state", (dir / "state.json").string()});
  EXPECT_FALSE(child.read_line(10s).has_value());
  int status = child.wait();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1);
}

}  // namespace
}  // namespace moi::emulator::testing
