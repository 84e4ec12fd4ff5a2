// SPDX-License-Identifier: Apache-2.0
// Profiles: the config file $XDG_CONFIG_HOME/moi/config (or ~/.config/moi/config), the
// precedence flag > environment > profile, the refusals (a key-holding file group or others
// may read, syntax errors, unknown profiles: exit 2, one line), and `moi configure`. Every
// test works in its own temporary directory: XDG_CONFIG_HOME and HOME point there, never at
// the real home.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli_fixture.hpp"
#include "support/test_server.hpp"

namespace moi::cli::testing {
namespace {

namespace fs = std::filesystem;
using moi::testing::TestServer;

class ProfileTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    std::string pattern = (fs::temp_directory_path() / "moi-profile-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    variables_ = {{"XDG_CONFIG_HOME", dir_ + "/xdg"}, {"HOME", dir_ + "/home"}};
    path_ = dir_ + "/xdg/moi/config";
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // Writes the config file with @p mode.
  void write_config(const std::string& text, mode_t mode = 0600) const {
    const fs::path dir = fs::path(path_).parent_path();
    fs::create_directories(dir);
    // Private whatever the umask: a directory others may write is refused.
    ASSERT_EQ(::chmod(dir.c_str(), 0700), 0);
    ASSERT_EQ(::chmod(dir.parent_path().c_str(), 0700), 0);
    std::ofstream(path_) << text;
    ASSERT_EQ(::chmod(path_.c_str(), mode), 0);
  }

  std::string read_config() const {
    std::ifstream in(path_);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  static mode_t mode_of(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 0777;
  }

  // Exit 2 with exactly one line on stderr, nothing on stdout, and the key nowhere.
  static void expect_usage_line(const Outcome& r) {
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_EQ(r.out, "") << r;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
    EXPECT_EQ(r.err.rfind("moi: ", 0), 0u) << r;
    EXPECT_EQ(r.err.find(kKey), std::string::npos) << r;
  }

  std::string profile_text(const std::string& name, const std::string& url,
                           const std::string& key) const {
    return "[" + name + "]\nbase_url = " + url + "\napi_key = " + key + "\n";
  }

  std::string dir_;
  std::string path_;
};

TEST_F(ProfileTest, TheDefaultProfileSuppliesUrlAndKey) {
  write_config("# my settings\n" + profile_text("default", emu().base_url(), kKey));
  const Outcome r = moi({"workflow", "list"});
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(emu().request_count("W2"), 1u);
}

TEST_F(ProfileTest, HomeIsUsedWithoutXdgConfigHome) {
  variables_.erase("XDG_CONFIG_HOME");
  path_ = dir_ + "/home/.config/moi/config";
  write_config(profile_text("default", emu().base_url(), kKey));
  const Outcome r = moi({"workflow", "list"});
  EXPECT_EQ(r.code, kExitOk) << r;
}

TEST_F(ProfileTest, FlagWinsOverEnvironmentWhichWinsOverProfile) {
  TestServer decoy;
  write_config(profile_text("default", decoy.base_url(), "wrong-key") +
               profile_text("prod", emu().base_url(), kKey));
  // The environment wins over the profile.
  variables_["MOI_BASE_URL"] = emu().base_url();
  variables_["MOI_API_KEY"] = kKey;
  Outcome r = moi({"workflow", "list"});
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(decoy.request_count(), 0u);

  // Only the URL in the environment: the key is the profile's (and wrong).
  variables_.erase("MOI_API_KEY");
  r = moi({"workflow", "list"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_NE(r.err.find("HTTP 401"), std::string::npos) << r;

  // The flag wins over the environment.
  variables_["MOI_BASE_URL"] = decoy.base_url();
  r = moi({"--base-url", emu().base_url(), "--api-key", kKey, "workflow", "list"});
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(decoy.request_count(), 0u);

  // --profile and MOI_PROFILE choose the profile; the flag wins.
  variables_.erase("MOI_BASE_URL");
  r = moi({"--profile", "prod", "workflow", "list"});
  EXPECT_EQ(r.code, kExitOk) << r;
  variables_["MOI_PROFILE"] = "prod";
  r = moi({"workflow", "list", "--verbose"});
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_NE(r.err.find("profile \"prod\" (" + path_ + ")"), std::string::npos) << r;
  EXPECT_EQ(r.err.find(kKey), std::string::npos) << r;
  r = moi({"--profile", "default", "workflow", "list"});
  EXPECT_EQ(r.code, kExitService) << r;  // the decoy's wrong key... at the decoy
  EXPECT_EQ(decoy.request_count(), 1u);
}

TEST_F(ProfileTest, AKeyHoldingFileOthersMayReadIsRefused) {
  write_config(profile_text("default", emu().base_url(), kKey), 0644);
  const Outcome r = moi({"workflow", "list"});
  expect_usage_line(r);
  EXPECT_NE(r.err.find("config file " + path_), std::string::npos) << r;
  EXPECT_NE(r.err.find("chmod 600 " + path_), std::string::npos) << r;
  EXPECT_EQ(emu().request_count("W2"), 0u);
  // Group-readable alone is refused too.
  ASSERT_EQ(::chmod(path_.c_str(), 0640), 0);
  expect_usage_line(moi({"workflow", "list"}));
  // Without a key, the file may be readable by all.
  write_config("[default]\nbase_url = " + emu().base_url() + "\n", 0644);
  variables_["MOI_API_KEY"] = kKey;
  EXPECT_EQ(moi({"workflow", "list"}).code, kExitOk);
}

TEST_F(ProfileTest, SyntaxErrorsNameTheFileAndLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[default]\nbase_url = http://x\nthis is no setting\n",
       ":3: expected [PROFILE], key = value, or a # comment"},
      {"[default\n", ":1: expected [PROFILE]: missing ]"},
      {"base_url = http://x\n", ":1: base_url before any [PROFILE] header"},
      {"[default]\nregion = cn\n", ":2: unknown key \"region\""},
      {"[default]\nbase_url = a\nbase_url = b\n", ":3: base_url set twice in [default]"},
      {"[a]\n[a]\n", ":2: profile [a] defined twice (first on line 1)"},
      {"[bad name]\n", ":1: invalid profile name \"bad name\""},
      {"[default]\ntimeout = 0\n", ":2: timeout: "},
      {"[default]\nconnect_timeout = soon\n", ":2: connect_timeout: "},
      {"[default]\napi_key =\n", ":2: api_key has no value"},
      {"[default]\nbase_url = a\x1b[2J\n", ":2: control character"},
      {"# x\n[default]\nbase_url = " + std::string(5000, 'a') + "\n",
       ":3: line longer than 4096 characters"},
  };
  for (const auto& [text, expected] : cases) {
    write_config(text);
    const Outcome r = moi({"workflow", "list"});
    expect_usage_line(r);
    EXPECT_EQ(r.err.rfind("moi: " + path_ + expected, 0), 0u) << text << "\n" << r;
  }
  // Too large a file is refused before it is parsed.
  write_config(std::string(70 * 1024, '#'));
  const Outcome big = moi({"workflow", "list"});
  expect_usage_line(big);
  EXPECT_EQ(big.err, "moi: config file \"" + path_ + "\" is larger than 64 KiB\n");
}

TEST_F(ProfileTest, AnUnknownProfileNamesTheProfilesThatExist) {
  write_config(profile_text("default", emu().base_url(), kKey) +
               profile_text("prod", emu().base_url(), kKey));
  Outcome r = moi({"--profile", "staging", "workflow", "list"});
  expect_usage_line(r);
  EXPECT_EQ(r.err, "moi: --profile: profile \"staging\" not found in " + path_ +
                       " (profiles: default, prod)\n");
  variables_["MOI_PROFILE"] = "qa";
  r = moi({"workflow", "list"});
  expect_usage_line(r);
  EXPECT_NE(r.err.find("MOI_PROFILE: profile \"qa\" not found"), std::string::npos) << r;
  // No file at all: a named profile is missing, the default one is not needed.
  fs::remove(path_);
  r = moi({"workflow", "list"});
  expect_usage_line(r);
  EXPECT_NE(r.err.find(path_ + " does not exist"), std::string::npos) << r;
  variables_.erase("MOI_PROFILE");
  r = moi({"workflow", "list"});
  expect_usage_line(r);
  EXPECT_NE(r.err.find("no service URL"), std::string::npos) << r;
}

TEST_F(ProfileTest, ConfigureWritesAProfileFromFlagsAndStdin) {
  write_config("# kept\n" + profile_text("default", "http://127.0.0.1:1", "other-key"));
  Outcome r = moi({"configure", "--profile", "prod", "--base-url", emu().base_url(),
                   "--api-key-stdin", "--timeout", "30"},
                  std::string(kKey) + "\n");
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "Wrote profile \"prod\" (base_url, api_key, timeout) to " + path_ + "\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(mode_of(path_), 0600u);
  const std::string text = read_config();
  EXPECT_EQ(
      text.rfind("# kept\n[default]\nbase_url = http://127.0.0.1:1\napi_key = other-key\n", 0), 0u)
      << text;
  EXPECT_NE(text.find("[prod]\nbase_url = " + emu().base_url() + "\napi_key = " + kKey +
                      "\ntimeout = 30\n"),
            std::string::npos)
      << text;
  r = moi({"--profile", "prod", "workflow", "list"});
  EXPECT_EQ(r.code, kExitOk) << r;

  // Updating one value keeps the others; no temporary file is left behind.
  r = moi({"configure", "--profile", "prod", "--base-url", "http://127.0.0.1:2"});
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_NE(read_config().find(
                "[prod]\nbase_url = http://127.0.0.1:2\napi_key = " + std::string(kKey) + "\n"),
            std::string::npos);
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(path_).parent_path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1u);
}

TEST_F(ProfileTest, ConfigureCreatesThePrivateDirectoryAndFile) {
  ::umask(022);
  const Outcome r = moi({"configure", "--base-url", emu().base_url(), "--api-key-stdin"},
                        std::string(kKey) + "\r\n");
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(mode_of(dir_ + "/xdg/moi"), 0700u);
  EXPECT_EQ(mode_of(path_), 0600u);
  EXPECT_EQ(read_config(),
            "[default]\nbase_url = " + emu().base_url() + "\napi_key = " + kKey + "\n");
  EXPECT_EQ(moi({"workflow", "list"}).code, kExitOk);
}

TEST_F(ProfileTest, ConfigurePromptsOnATerminalAndNeverShowsTheKey) {
  stdin_tty_ = true;
  Outcome r = moi({"configure", "--profile", "dev"}, emu().base_url() + "\n" + kKey + "\n");
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.err, "Base URL: API key: \n");
  EXPECT_EQ(r.out.find(kKey), std::string::npos) << r;
  EXPECT_EQ(moi({"--profile", "dev", "workflow", "list"}).code, kExitOk);

  // Empty answers keep the current values; the current URL is shown, the key is not.
  r = moi({"configure", "--profile", "dev", "--connect-timeout", "5"}, "\n\n");
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.err, "Base URL [" + emu().base_url() + "]: API key [keep the current one]: \n");
  EXPECT_EQ(r.out, "Wrote profile \"dev\" (connect_timeout) to " + path_ + "\n");
  EXPECT_EQ(moi({"--profile", "dev", "workflow", "list"}).code, kExitOk);
}

TEST_F(ProfileTest, ConfigureRefusesBadInputWithOneLine) {
  // Not a terminal and nothing given.
  Outcome r = moi({"configure"});
  expect_usage_line(r);
  EXPECT_NE(r.err.find("standard input is not a terminal"), std::string::npos) << r;
  // The key on the command line would stay in the shell's history.
  expect_usage_line(moi({"configure", "--api-key", kKey}));
  // An empty standard input, a key with blanks, a URL with credentials, a bad profile name.
  expect_usage_line(moi({"configure", "--api-key-stdin"}, ""));
  expect_usage_line(moi({"configure", "--api-key-stdin"}, "two words\n"));
  expect_usage_line(moi({"configure", "--base-url", "http://u:p@host"}));
  expect_usage_line(moi({"configure", "--profile", "a/b", "--base-url", "http://x"}));
  expect_usage_line(moi({"configure", "--base-url", "http://x\ny = 1"}));
  // An existing file with a syntax error is not overwritten.
  write_config("[default]\nnonsense\n");
  r = moi({"configure", "--base-url", "http://x"});
  expect_usage_line(r);
  EXPECT_NE(r.err.find(path_ + ":2: "), std::string::npos) << r;
  EXPECT_EQ(read_config(), "[default]\nnonsense\n");
  EXPECT_FALSE(fs::exists(dir_ + "/home"));  // nothing written anywhere else
}

TEST_F(ProfileTest, ConfigureFixesAFileOthersCouldRead) {
  write_config(profile_text("default", emu().base_url(), kKey), 0644);
  expect_usage_line(moi({"workflow", "list"}));
  const Outcome r = moi({"configure", "--timeout", "20"});
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(mode_of(path_), 0600u);
  EXPECT_EQ(moi({"workflow", "list"}).code, kExitOk);
}

}  // namespace
}  // namespace moi::cli::testing
