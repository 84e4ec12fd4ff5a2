// SPDX-License-Identifier: Apache-2.0
// The config file against a hostile neighbour and an impatient user: a file or directory
// another user owns or group/others may write is refused whatever it holds; a config that
// cannot be used does not stop a command fully configured by flags or the environment;
// `moi configure` locks its read-modify-write (parallel runs keep every profile), updates a
// symlinked config through to its target, and Ctrl-C at a prompt writes nothing (exit 130);
// Ctrl-C while `--json @FIFO` waits for a writer cancels. The real `moi` program where signals,
// terminals and parallel processes matter.
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "cli_fixture.hpp"
#include "moi_process.hpp"
#include "support/test_server.hpp"

namespace moi::cli::testing {
namespace {

namespace fs = std::filesystem;
using moi::testing::TestServer;

class ConfigSafetyTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    std::string pattern = (fs::temp_directory_path() / "moi-config-safety-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    config_dir_ = dir_ + "/xdg/moi";
    path_ = config_dir_ + "/config";
    variables_ = {{"XDG_CONFIG_HOME", dir_ + "/xdg"}, {"HOME", dir_ + "/home"}};
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void make_config_dir() const {
    fs::create_directories(config_dir_);
    ASSERT_EQ(::chmod((dir_ + "/xdg").c_str(), 0700), 0);
    ASSERT_EQ(::chmod(config_dir_.c_str(), 0700), 0);
  }

  void write_config(const std::string& text, mode_t mode = 0600) const {
    make_config_dir();
    std::ofstream(path_) << text;
    ASSERT_EQ(::chmod(path_.c_str(), mode), 0);
  }

  static std::string read_file(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // The environment of a real `moi` process: the test's config directory, no terminal locale.
  std::vector<std::string> process_env() const {
    return {"XDG_CONFIG_HOME=" + dir_ + "/xdg", "HOME=" + dir_ + "/home", "LC_ALL=C"};
  }

  static void expect_refused(const Outcome& r, const std::string& what) {
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_EQ(r.out, "") << r;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
    EXPECT_NE(r.err.find(what), std::string::npos) << "expected: " << what << "\n" << r;
    EXPECT_EQ(r.err.find(kKey), std::string::npos) << r;
  }

  std::string dir_;
  std::string config_dir_;
  std::string path_;
};

// ---- #20.7: a config a neighbour may write, or that is not the user's ----------------------

TEST_F(ConfigSafetyTest, AConfigOthersMayWriteIsRefusedWhateverItHolds) {
  // Only base_url in it, the key from the environment: today the key went to the decoy.
  TestServer decoy;
  variables_["MOI_API_KEY"] = kKey;
  write_config("[default]\nbase_url = " + decoy.base_url() + "\n", 0666);
  Outcome r = moi({"workflow", "list"});
  expect_refused(r, "config file " + path_ + " can be written by group or others (mode 0666)");
  EXPECT_NE(r.err.find("run chmod 600 " + path_), std::string::npos) << r;

  ASSERT_EQ(::chmod(path_.c_str(), 0620), 0);  // group-writable alone
  expect_refused(moi({"workflow", "list"}), "(mode 0620)");

  // The directory holding it, writable by others: anyone could swap the file.
  ASSERT_EQ(::chmod(path_.c_str(), 0600), 0);
  ASSERT_EQ(::chmod(config_dir_.c_str(), 0777), 0);
  r = moi({"workflow", "list"});
  expect_refused(r, "config directory " + config_dir_ + " can be written by group or others");
  EXPECT_NE(r.err.find("run chmod 700 " + config_dir_), std::string::npos) << r;

  // moi configure does not adopt it either, and writes nothing.
  r = moi({"configure", "--base-url", "http://127.0.0.1:9"});
  expect_refused(r, "config directory " + config_dir_);
  EXPECT_EQ(read_file(path_), "[default]\nbase_url = " + decoy.base_url() + "\n");
  EXPECT_EQ(decoy.request_count(), 0u);

  // Fixed as the message says: used again.
  ASSERT_EQ(::chmod(config_dir_.c_str(), 0700), 0);
  write_config("[default]\nbase_url = " + emu().base_url() + "\n", 0644);
  EXPECT_EQ(moi({"workflow", "list"}).code, kExitOk);
}

TEST_F(ConfigSafetyTest, TheFirstProfileIsNotWrittenIntoADirectoryOthersMayWrite) {
  // No config yet, its directory prepared 0777 by a neighbour: configure used to write the key
  // there, where the neighbour could swap the file afterwards.
  make_config_dir();
  ASSERT_EQ(::chmod(config_dir_.c_str(), 0777), 0);
  const Outcome r = moi({"configure", "--base-url", "http://127.0.0.1:9"});
  expect_refused(r, "config directory " + config_dir_ + " can be written by group or others");
  EXPECT_FALSE(fs::exists(path_));
  EXPECT_TRUE(fs::is_empty(config_dir_));  // no temporary file left either

  ASSERT_EQ(::chmod(config_dir_.c_str(), 0700), 0);
  EXPECT_EQ(moi({"configure", "--base-url", "http://127.0.0.1:9"}).code, kExitOk);
  EXPECT_EQ(read_file(path_), "[default]\nbase_url = http://127.0.0.1:9\n");
}

TEST_F(ConfigSafetyTest, AConfigAnotherUserOwnsIsRefused) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "giving the config to another user (uid 65534) needs root";
  }
  TestServer decoy;
  variables_["MOI_API_KEY"] = kKey;
  write_config("[default]\nbase_url = " + decoy.base_url() + "\n", 0600);
  ASSERT_EQ(::chown(path_.c_str(), 65534, 65534), 0);
  Outcome r = moi({"workflow", "list"});
  expect_refused(r, "config file " + path_ + " is owned by uid 65534, not by you (uid 0)");
  ASSERT_EQ(::chown(path_.c_str(), 0, 0), 0);
  ASSERT_EQ(::chown(config_dir_.c_str(), 65534, 65534), 0);
  r = moi({"workflow", "list"});
  expect_refused(r, "config directory " + config_dir_ + " is owned by uid 65534");
  EXPECT_EQ(decoy.request_count(), 0u);
}

TEST_F(ConfigSafetyTest, AnUnusableConfigDoesNotStopSettingsGivenByFlagsOrEnvironment) {
  variables_["MOI_BASE_URL"] = emu().base_url();
  variables_["MOI_API_KEY"] = kKey;
  const std::vector<std::pair<std::string, mode_t>> configs = {
      {"[default]\nnonsense\n", 0600},                  // broken
      {"[default]\nbase_url = http://127.0.0.1:9\n", 0666},  // loose
  };
  for (const auto& [text, mode] : configs) {
    write_config(text, mode);
    Outcome r = moi({"workflow", "list"});
    EXPECT_EQ(r.code, kExitOk) << r;
    EXPECT_EQ(r.err, "") << r;
    r = moi({"workflow", "list", "--verbose"});
    EXPECT_EQ(r.code, kExitOk) << r;
    EXPECT_EQ(r.err.rfind("moi: not using the config file: ", 0), 0u) << r;
    EXPECT_NE(lines_of(r.err).at(0).find(path_), std::string::npos) << r;
    // Flags alone, too.
    const auto saved = variables_;
    variables_.erase("MOI_BASE_URL");
    variables_.erase("MOI_API_KEY");
    EXPECT_EQ(moi({"--base-url", emu().base_url(), "--api-key", kKey, "workflow", "list"}).code,
              kExitOk);
    variables_ = saved;
    // A profile asked for by name is still read, and the problem named.
    expect_refused(moi({"--profile", "default", "workflow", "list"}), path_);
  }
  // A config path that is a directory (unreadable as a file).
  fs::remove(path_);
  fs::create_directories(path_);
  EXPECT_EQ(moi({"workflow", "list"}).code, kExitOk);
  // Without the key in flags or environment the config is needed: its problem stops the command.
  variables_.erase("MOI_API_KEY");
  expect_refused(moi({"workflow", "list"}), path_);
  EXPECT_EQ(emu().request_count("W2"), 7u);
}

// ---- #20.8: moi configure ------------------------------------------------------------------

TEST_F(ConfigSafetyTest, ConfigureUpdatesASymlinkedConfigThroughToItsTarget) {
  const std::string dotfiles = dir_ + "/dotfiles";
  fs::create_directories(dotfiles);
  ASSERT_EQ(::chmod(dotfiles.c_str(), 0700), 0);
  const std::string target = dotfiles + "/moi-config";
  std::ofstream(target) << "# mine\n[old]\nbase_url = http://127.0.0.1:9\n";
  ASSERT_EQ(::chmod(target.c_str(), 0600), 0);
  make_config_dir();
  ASSERT_EQ(::symlink("../../dotfiles/moi-config", path_.c_str()), 0);

  const Outcome r = moi({"configure", "--profile", "new", "--base-url", emu().base_url(),
                         "--api-key-stdin"},
                        std::string(kKey) + "\n");
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_TRUE(fs::is_symlink(path_)) << "the link was replaced by a regular file";
  const std::string text = read_file(target);
  EXPECT_EQ(text.rfind("# mine\n[old]\nbase_url = http://127.0.0.1:9\n", 0), 0u) << text;
  EXPECT_NE(text.find("[new]\nbase_url = " + emu().base_url() + "\napi_key = " + kKey + "\n"),
            std::string::npos)
      << text;
  struct stat st {};
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // No temporary file left beside the target or the link.
  std::vector<std::string> names;
  for (const auto& dir : {dotfiles, config_dir_}) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      names.push_back(entry.path().filename().string());
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"moi-config", "config"}));
  EXPECT_EQ(moi({"--profile", "new", "workflow", "list"}).code, kExitOk);
}

TEST_F(ConfigSafetyTest, ParallelConfigureRunsKeepEveryProfile) {
  make_config_dir();
  const std::vector<std::string> profiles = {"a", "b", "c", "d"};
  for (int round = 0; round < 5; ++round) {
    fs::remove(path_);
    std::vector<std::unique_ptr<MoiProcess>> runs;
    for (const auto& name : profiles) {
      runs.push_back(std::make_unique<MoiProcess>(
          std::vector<std::string>{"configure", "--profile", name, "--base-url",
                                   "http://" + name + ".example"},
          process_env()));
      ASSERT_TRUE(runs.back()->spawned());
    }
    for (auto& run : runs) ASSERT_EQ(run->wait(), 0) << run->err();
    const std::string text = read_file(path_);
    for (const auto& name : profiles) {
      EXPECT_NE(text.find("[" + name + "]\nbase_url = http://" + name + ".example\n"),
                std::string::npos)
          << "round " << round << ": profile " << name << " lost:\n"
          << text;
    }
  }
}

// A pseudo-terminal for a child's standard input: `moi configure` prompts on it.
class Terminal {
 public:
  Terminal() {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ >= 0 && ::grantpt(master_) == 0 && ::unlockpt(master_) == 0) {
      if (const char* name = ::ptsname(master_)) slave_ = name;
    }
  }
  ~Terminal() {
    if (master_ >= 0) ::close(master_);
  }
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;
  bool ok() const { return !slave_.empty(); }
  const std::string& slave() const { return slave_; }
  void type(const std::string& text) const {
    ASSERT_EQ(::write(master_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }

 private:
  int master_ = -1;
  std::string slave_;
};

TEST_F(ConfigSafetyTest, CtrlCAtAPromptCancelsWith130AndWritesNothing) {
  for (const bool at_key_prompt : {false, true}) {
    Terminal terminal;
    ASSERT_TRUE(terminal.ok()) << "no pseudo-terminal";
    MoiProcess run({"configure", "--profile", "half"}, process_env(), terminal.slave());
    ASSERT_TRUE(run.spawned());
    ASSERT_TRUE(eventually_true([&] { return run.err().find("Base URL: ") != std::string::npos; }))
        << run.err();
    if (at_key_prompt) {
      terminal.type("http://127.0.0.1:9\n");
      ASSERT_TRUE(
          eventually_true([&] { return run.err().find("API key: ") != std::string::npos; }))
          << run.err();
    }
    run.signal(SIGINT);
    EXPECT_EQ(run.wait(), 130) << run.err();
    const std::string err = run.err();
    EXPECT_EQ(err.substr(err.size() - std::min<std::size_t>(err.size(), 15)), "moi: cancelled\n")
        << err;
    EXPECT_EQ(run.out(), "");
    EXPECT_FALSE(fs::exists(path_)) << read_file(path_);
  }
}

TEST_F(ConfigSafetyTest, CtrlCWhileReadingTheKeyFromStdinCancels) {
  const std::string fifo = dir_ + "/key-fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Opened read-write by the child: a FIFO with a writer that never writes.
  MoiProcess run({"configure", "--profile", "p", "--api-key-stdin"}, process_env(), fifo);
  ASSERT_TRUE(run.spawned());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // blocked reading the key
  run.signal(SIGINT);
  EXPECT_EQ(run.wait(), 130) << run.err();
  EXPECT_EQ(run.err(), "moi: cancelled\n");
  EXPECT_FALSE(fs::exists(path_));
}

// ---- #20.15: --json @FIFO ------------------------------------------------------------------

TEST_F(ConfigSafetyTest, CtrlCWhileOpeningAJsonFifoCancelsWith130) {
  const std::string fifo = dir_ + "/body-fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::vector<std::string> env = process_env();
  env.push_back("MOI_BASE_URL=" + emu().base_url());
  env.push_back(std::string("MOI_API_KEY=") + kKey);
  MoiProcess run({"workflow", "create", "--json", "@" + fifo}, env);
  ASSERT_TRUE(run.spawned());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // blocked opening the FIFO
  run.signal(SIGINT);
  EXPECT_EQ(run.wait(), 130) << run.err();
  EXPECT_EQ(run.err(), "moi: cancelled\n");
  EXPECT_EQ(emu().request_count("W1"), 0u);
}

}  // namespace
}  // namespace moi::cli::testing
