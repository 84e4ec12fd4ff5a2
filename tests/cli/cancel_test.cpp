// SPDX-License-Identifier: Apache-2.0
// Cancellation and deadlines in real time: Ctrl-C / SIGTERM (and Environment::cancel) stop any
// command promptly with exit 130 / 143 and one line "moi: cancelled", whether a request is in
// flight, a retry pause or a wait's pause is running, or an --all listing is half done; a wait
// against a server that never answers returns at its deadline. Run in-process (with the
// function the signal handler calls) and as the real `moi` program receiving real signals.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <future>
#include <sstream>
#include <thread>

#include "cli_fixture.hpp"
#include "support/raw_server.hpp"
#include "support/test_server.hpp"

extern char** environ;

namespace moi::cli::testing {
namespace {

using moi::testing::CannedResponse;
using moi::testing::RawServer;
using moi::testing::TestServer;
using Seconds = std::chrono::duration<double>;
using SteadyTime = std::chrono::steady_clock;

// How long a cancelled command may take to return.
constexpr Seconds kPrompt{1.0};

// Polls @p condition for up to 10 s.
bool eventually(const std::function<bool()>& condition) {
  const auto end = SteadyTime::now() + std::chrono::seconds(10);
  while (SteadyTime::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

class CancelTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    clear_signal();
  }
  void TearDown() override {
    clear_signal();
    CliTest::TearDown();
  }

  // The fixture's environment with the real sleeper and clock: time passes for real.
  Environment real_time() {
    Environment env = environment();
    env.sleeper = nullptr;
    env.clock = nullptr;
    return env;
  }

  struct Timed {
    Outcome outcome;
    Seconds after_trigger{0};  // from the trigger to run()'s return
    Seconds total{0};          // from the start to run()'s return
  };

  // Runs `moi ARGS` on a thread with @p env; once @p ready() holds, calls @p trigger (unless
  // null). A watchdog cancels the run after 20 s so a hung command fails the test instead of
  // hanging it.
  Timed run_and_trigger(const std::vector<std::string>& args, Environment env,
                        const std::function<bool()>& ready, const std::function<void()>& trigger) {
    Timed timed;
    std::ostringstream out;
    std::ostringstream err;
    std::istringstream in;
    const auto start = SteadyTime::now();
    std::promise<void> finished;
    auto done = finished.get_future();
    std::thread runner([&] {
      timed.outcome.code = moi::cli::run(args, in, out, err, env);
      finished.set_value();
    });
    auto triggered = start;
    if (trigger) {
      EXPECT_TRUE(eventually(ready)) << "the command never reached the point to interrupt";
      triggered = SteadyTime::now();
      trigger();
    }
    if (done.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
      ADD_FAILURE() << "the command did not return within 20 s; cancelling it";
      env.cancel.cancel();
    }
    runner.join();
    const auto end = SteadyTime::now();
    timed.outcome.out = out.str();
    timed.outcome.err = err.str();
    timed.after_trigger = end - triggered;
    timed.total = end - start;
    return timed;
  }
};

// ---- 6. Ctrl-C / SIGTERM, in-process ----------------------------------------------------------

TEST_F(CancelTest, CancelAbortsARequestInFlight) {
  RawServer server("", RawServer::Then::kStall);  // accepts, reads, never answers
  Environment env = real_time();
  const Timed t = run_and_trigger(
      {"--base-url", server.base_url(), "job", "get", "J"}, env,
      [&] { return server.connections() >= 1; }, [&] { env.cancel.cancel(); });
  EXPECT_EQ(t.outcome.code, kExitCancelled) << t.outcome;
  EXPECT_EQ(t.outcome.err, "moi: cancelled\n") << t.outcome;
  EXPECT_EQ(t.outcome.out, "");
  EXPECT_LT(t.after_trigger, kPrompt);
}

TEST_F(CancelTest, SigintAbortsAJobWaitInFlightWith130) {
  RawServer server("", RawServer::Then::kStall);
  const Timed t = run_and_trigger(
      {"--base-url", server.base_url(), "job", "wait", "J"}, real_time(),
      [&] { return server.connections() >= 1; }, [] { notify_signal(SIGINT); });
  EXPECT_EQ(t.outcome.code, 130) << t.outcome;
  EXPECT_EQ(t.outcome.err, "moi: cancelled\n") << t.outcome;
  EXPECT_LT(t.after_trigger, kPrompt);
}

TEST_F(CancelTest, SigtermAbortsAnExportWaitWith143) {
  RawServer server("", RawServer::Then::kStall);
  const Timed t = run_and_trigger(
      {"--base-url", server.base_url(), "export", "wait", "T"}, real_time(),
      [&] { return server.connections() >= 1; }, [] { notify_signal(SIGTERM); });
  EXPECT_EQ(t.outcome.code, 143) << t.outcome;
  EXPECT_EQ(t.outcome.err, "moi: cancelled\n") << t.outcome;
  EXPECT_LT(t.after_trigger, kPrompt);
}

TEST_F(CancelTest, CancelEndsTheWaitsPauseBetweenPolls) {
  // The emulator's clock is manual: in real time the job never progresses, so the wait
  // polls, pauses 0.5 s, 0.75 s, ... Cancel during a pause.
  const std::string job = job_of(create_workflow("never-ends"));
  emu().reset_counts();
  Environment env = real_time();
  for (const char* group : {"job", "export"}) {
    SCOPED_TRACE(group);
    std::string id = job;
    if (std::string(group) == "export") id = create_export("never-ends", {"a.pdf"});
    emu().reset_counts();
    const char* endpoint = std::string(group) == "job" ? "J5" : "E3";
    const Timed t = run_and_trigger(
        {group, "wait", id, "--timeout", "600"}, env,
        [&] { return emu().request_count(endpoint) >= 2; },
        [&] {
          std::this_thread::sleep_for(std::chrono::milliseconds(100));  // inside the pause
          notify_signal(SIGINT);
        });
    EXPECT_EQ(t.outcome.code, 130) << t.outcome;
    EXPECT_EQ(lines_of(t.outcome.err).back(), "moi: cancelled") << t.outcome;
    EXPECT_LT(t.after_trigger, kPrompt + std::chrono::milliseconds(100));
    EXPECT_EQ(t.outcome.out, "");
    clear_signal();
  }
}

TEST_F(CancelTest, CancelEndsARetryPause) {
  TestServer server;
  CannedResponse busy;
  busy.status = 503;
  busy.body = R"({"detail":"busy"})";
  busy.headers = {{"Retry-After", "30"}};  // the SDK honours up to 60 s
  server.set_default(busy);
  Environment env = real_time();
  const Timed t = run_and_trigger(
      {"--base-url", server.base_url(), "workflow", "list"}, env,
      [&] { return server.request_count() >= 1; },
      [&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        env.cancel.cancel();
      });
  EXPECT_EQ(t.outcome.code, kExitCancelled) << t.outcome;
  EXPECT_EQ(t.outcome.err, "moi: cancelled\n") << t.outcome;
  EXPECT_LT(t.after_trigger, kPrompt + std::chrono::milliseconds(100));
  EXPECT_EQ(server.request_count(), 1u);
}

TEST_F(CancelTest, CancelStopsAnAllListingBetweenOrInsidePages) {
  TestServer server;
  std::atomic<int> pages{0};
  server.set_handler([&](const moi::testing::RecordedRequest&) {
    CannedResponse answer;
    if (pages++ == 0) {
      answer = moi::testing::canned_ok(
          Json{{"total", 1000}, {"workflows", Json::array({Json{{"id", "W1"}, {"name", "a"}}})}});
    } else {
      answer.stall = true;  // the second page never comes
    }
    return answer;
  });
  Environment env = real_time();
  const Timed t = run_and_trigger(
      {"--base-url", server.base_url(), "workflow", "list", "--all", "--json", R"({"limit":1})"},
      env, [&] { return server.request_count() >= 2; }, [&] { env.cancel.cancel(); });
  EXPECT_EQ(t.outcome.code, kExitCancelled) << t.outcome;
  EXPECT_EQ(t.outcome.err, "moi: cancelled\n") << t.outcome;
  // --all streams: the items printed before the cancel stay, the array is left open (not
  // valid JSON, so never taken for the whole list).
  EXPECT_EQ(t.outcome.out, "[\n  {\n    \"id\": \"W1\",\n    \"name\": \"a\"\n  }");
  EXPECT_LT(t.after_trigger, kPrompt);
  server.stop();
}

TEST_F(CancelTest, ASignalBeforeTheFirstRequestSendsNothing) {
  notify_signal(SIGINT);
  const Outcome r = moi({"workflow", "list"});
  EXPECT_EQ(r.code, 130) << r;
  EXPECT_EQ(r.err, "moi: cancelled\n");
  EXPECT_EQ(emu().total_requests(), 0u);
}

TEST_F(CancelTest, HelpListsTheCancelledExitCode) {
  EXPECT_NE(moi({"--help"}).out.find("130 cancelled by"), std::string::npos);
}

// ---- 6. Ctrl-C / SIGTERM, the real program ----------------------------------------------------

// `moi ARGS` as a child process with MOI_BASE_URL / MOI_API_KEY set and stdout and stderr
// captured in files.
class Child {
 public:
  Child(const std::vector<std::string>& args, const std::string& base_url) {
    char pattern[] = "/tmp/moi-cli-child-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    if (made) dir_ = made;
    std::vector<std::string> argv_text{MOI_CLI_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_text{"MOI_BASE_URL=" + base_url,
                                      std::string("MOI_API_KEY=") + kKey, "LC_ALL=C"};
    std::vector<char*> envp;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&files, 1, (dir_ + "/out").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&files, 2, (dir_ + "/err").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    // The child starts with no blocked signals and default dispositions, whatever the test
    // runner set.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigset_t defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    spawned_ =
        ::posix_spawn(&pid_, MOI_CLI_BINARY, &files, &attributes, argv.data(), envp.data()) == 0;
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&files);
  }

  ~Child() {
    if (spawned_ && !reaped_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    if (!dir_.empty()) std::system(("rm -rf '" + dir_ + "'").c_str());  // NOLINT
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool spawned() const { return spawned_; }
  void signal(int signal_number) const { ::kill(pid_, signal_number); }

  // Waits up to @p limit for the child to end; returns its wait status, or -1 on timeout.
  int wait(Seconds limit) {
    const auto end = SteadyTime::now() + limit;
    for (;;) {
      int status = 0;
      const pid_t got = ::waitpid(pid_, &status, WNOHANG);
      if (got == pid_) {
        reaped_ = true;
        return status;
      }
      if (SteadyTime::now() >= end) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  std::string err() const { return slurp(dir_ + "/err"); }
  std::string out() const { return slurp(dir_ + "/out"); }

 private:
  static std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  std::string dir_;
  pid_t pid_ = -1;
  bool spawned_ = false;
  bool reaped_ = false;
};

void expect_signal_ends_the_program(const std::vector<std::string>& args, int signal_number,
                                    int expected_exit) {
  RawServer server("", RawServer::Then::kStall);
  Child child(args, server.base_url());
  ASSERT_TRUE(child.spawned());
  ASSERT_TRUE(eventually([&] { return server.connections() >= 1; })) << child.err();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the request is in flight
  const auto sent = SteadyTime::now();
  child.signal(signal_number);
  const int status = child.wait(std::chrono::seconds(10));
  const Seconds took = SteadyTime::now() - sent;
  ASSERT_NE(status, -1) << "moi did not end within 10 s of the signal";
  ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), expected_exit) << child.err();
  EXPECT_EQ(child.err(), "moi: cancelled\n");
  EXPECT_EQ(child.out(), "");
  EXPECT_LT(took, kPrompt);
}

TEST_F(CancelTest, RealProgramExits130OnSigintDuringARequest) {
  expect_signal_ends_the_program({"job", "get", "J"}, SIGINT, 130);
}

TEST_F(CancelTest, RealProgramExits130OnSigintDuringJobWait) {
  expect_signal_ends_the_program({"job", "wait", "J", "--timeout", "600"}, SIGINT, 130);
}

TEST_F(CancelTest, RealProgramExits143OnSigtermDuringExportWait) {
  expect_signal_ends_the_program({"export", "wait", "T"}, SIGTERM, 143);
}

TEST_F(CancelTest, RealProgramExits130OnSigintDuringAnAllListing) {
  expect_signal_ends_the_program({"job", "list", "--all"}, SIGINT, 130);
}

// ---- 8. A wait's deadline against a server that never answers ---------------------------------

TEST_F(CancelTest, JobWaitReturnsAtItsDeadlineWhenTheServerNeverAnswers) {
  RawServer server("", RawServer::Then::kStall);
  const Timed t =
      run_and_trigger({"--base-url", server.base_url(), "job", "wait", "J", "--timeout", "3"},
                      real_time(), nullptr, nullptr);
  EXPECT_EQ(t.outcome.code, kExitTransport) << t.outcome;
  EXPECT_EQ(lines_of(t.outcome.err).size(), 1u) << t.outcome;
  EXPECT_NE(t.outcome.err.find("gave up waiting after 3000 ms"), std::string::npos) << t.outcome;
  EXPECT_GE(t.total, Seconds(2.9));
  EXPECT_LT(t.total, Seconds(4.5));
}

TEST_F(CancelTest, ExportWaitReturnsAtItsDeadlineWhenTheServerNeverAnswers) {
  RawServer server("", RawServer::Then::kStall);
  const Timed t =
      run_and_trigger({"--base-url", server.base_url(), "export", "wait", "T", "--timeout", "1.5"},
                      real_time(), nullptr, nullptr);
  EXPECT_EQ(t.outcome.code, kExitTransport) << t.outcome;
  EXPECT_NE(t.outcome.err.find("gave up waiting after 1500 ms"), std::string::npos) << t.outcome;
  EXPECT_GE(t.total, Seconds(1.4));
  EXPECT_LT(t.total, Seconds(3.0));
}

TEST_F(CancelTest, RealProgramJobWaitReturnsAtItsDeadline) {
  RawServer server("", RawServer::Then::kStall);
  const auto start = SteadyTime::now();
  Child child({"job", "wait", "J", "--timeout", "3"}, server.base_url());
  ASSERT_TRUE(child.spawned());
  const int status = child.wait(std::chrono::seconds(20));
  const Seconds took = SteadyTime::now() - start;
  ASSERT_NE(status, -1) << "moi job wait --timeout 3 still running after 20 s";
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), kExitTransport) << child.err();
  EXPECT_NE(child.err().find("gave up waiting after 3000 ms"), std::string::npos) << child.err();
  EXPECT_LT(took, Seconds(4.5));
}

}  // namespace
}  // namespace moi::cli::testing
