// SPDX-License-Identifier: Apache-2.0
// The bash completion script and the man pages: generated from the parser `--help` prints, so
// checked against it. The script is syntax-checked with `bash -n` and exercised through bash
// (COMP_WORDS / COMP_CWORD set, _moi called, COMPREPLY read), including words that would run
// commands if it ever evaluated them.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "cli_fixture.hpp"
#include "moi_cli/cli.hpp"

namespace moi::cli::testing {
namespace {

namespace fs = std::filesystem;

class CompletionTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    std::string pattern = (fs::temp_directory_path() / "moi-completion-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    const Outcome r = moi({"completion", "bash"});
    ASSERT_EQ(r.code, kExitOk) << r;
    script_ = dir_ + "/moi-completion.bash";
    std::ofstream(script_) << r.out;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // Runs @p command with bash in the temporary directory; returns its stdout (exit code in
  // @p code).
  std::string bash(const std::string& command, int* code = nullptr) const {
    const std::string file = dir_ + "/driver.sh";
    std::ofstream(file) << "cd '" << dir_ << "' || exit 99\n" << command << "\n";
    FILE* pipe = ::popen(("bash --norc --noprofile '" + file + "' 2>&1").c_str(), "r");
    EXPECT_NE(pipe, nullptr);
    std::string out;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
      out.append(buffer, n);
    }
    const int status = ::pclose(pipe);
    if (code) *code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
  }

  // COMPREPLY for the words @p words (single-quoted bash words), completing the last one.
  std::set<std::string> complete(const std::string& words) const {
    const std::string out = bash("source '" + script_ + "'\nCOMP_WORDS=(" + words +
                                 ")\nCOMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n_moi\n"
                                 "printf '%s\\n' \"${COMPREPLY[@]}\"");
    std::set<std::string> replies;
    for (const auto& line : lines_of(out)) {
      if (!line.empty()) replies.insert(line);
    }
    return replies;
  }

  std::string dir_;
  std::string script_;
};

using Words = std::set<std::string>;

TEST_F(CompletionTest, TheScriptIsValidBash) {
  int code = -1;
  const std::string out = bash("bash -n '" + script_ + "'", &code);
  EXPECT_EQ(code, 0) << out;
  // It is registered for moi.
  EXPECT_NE(bash("source '" + script_ + "'\ncomplete -p moi").find("-F _moi moi"),
            std::string::npos);
}

TEST_F(CompletionTest, CompletesGroupsActionsAndOptions) {
  EXPECT_EQ(complete("moi wor"), Words({"workflow"}));
  EXPECT_EQ(complete("moi c"), Words({"catalog", "chat", "configure", "connector"}));
  EXPECT_EQ(complete("moi --output table workflow l"), Words({"list"}));
  EXPECT_EQ(complete("moi job w"), Words({"wait"}));
  EXPECT_EQ(complete("moi workflow list --a"), Words({"--all", "--api-key"}));
  EXPECT_EQ(complete("moi --profile prod job wait JOB --ti"), Words({"--timeout"}));
  EXPECT_EQ(complete("moi configure --api"), Words({"--api-key", "--api-key-stdin"}));
  EXPECT_EQ(complete("moi --out"), Words({"--output"}));
  EXPECT_EQ(complete("moi --output t"), Words({"table", "tsv"}));
  // Hidden commands are not offered; option words only when a dash is typed.
  EXPECT_EQ(complete("moi help"), Words());
  EXPECT_EQ(complete("moi workflow list ''").count("--all"), 0u);
}

TEST_F(CompletionTest, NeverExecutesWhatWasTyped) {
  const std::vector<std::string> attacks = {R"('$(touch pwned1)')",
                                            R"('`touch pwned2`')",
                                            R"('$(touch pwned3)' '')",
                                            R"(workflow '$(touch pwned4)' --a)",
                                            R"('--json' '$(touch pwned5)' '')",
                                            R"('w;touch pwned6')",
                                            R"("\$(touch pwned7)*")"};
  for (const auto& words : attacks) complete("moi " + words);
  for (int i = 1; i <= 7; ++i) {
    EXPECT_FALSE(fs::exists(dir_ + "/pwned" + std::to_string(i))) << i;
  }
  // Nor expands a glob of them into file names.
  std::ofstream(dir_ + "/workflow-file");
  EXPECT_EQ(complete("moi 'workflow*'"), Words());
}

#ifdef MOI_CLI_GENERATED_DIR
std::string file_text(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST_F(CompletionTest, TheBuildWroteTheSameScriptAndManPage) {
  EXPECT_EQ(file_text(std::string(MOI_CLI_GENERATED_DIR) + "/moi"), file_text(script_));
  const Outcome man = moi({"help-man"});
  ASSERT_EQ(man.code, kExitOk) << man;
  EXPECT_EQ(file_text(std::string(MOI_CLI_GENERATED_DIR) + "/moi.1"), man.out);
}
#endif

// ---- man pages vs --help -----------------------------------------------------------------

// The option names ("--base-url", "-h") and subcommand names of a CLI11 --help text.
struct HelpLists {
  std::set<std::string> options;
  std::set<std::string> commands;
};

HelpLists help_lists(const std::string& help) {
  HelpLists lists;
  std::string section;
  for (const auto& line : lines_of(help)) {
    if (!line.empty() && line[0] != ' ') {
      section = line;
      continue;
    }
    if (line.size() < 3 || line[2] == ' ') continue;
    const std::string term = line.substr(2, line.find(' ', 2) - 2);
    if (section.rfind("Options", 0) == 0 || section.rfind("OPTIONS", 0) == 0) {
      std::size_t start = 0;
      while (start < term.size()) {
        const auto comma = term.find(',', start);
        lists.options.insert(term.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if (section.rfind("Subcommands", 0) == 0 || section.rfind("SUBCOMMANDS", 0) == 0) {
      lists.commands.insert(term);
    }
  }
  return lists;
}

// roff text back to plain words: \- to -, fonts removed.
std::string unroff(std::string text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      if (text[i + 1] == '-') {
        out += '-';
        ++i;
      } else if (text[i + 1] == 'f' && i + 2 < text.size()) {
        i += 2;
      } else if (text[i + 1] == '&') {
        ++i;
      } else {
        out += text[i];
      }
      continue;
    }
    out += text[i];
  }
  return out;
}

// The .TP terms of the man page section (.SH or .SS) named @p title: option names (the
// words starting with '-') or, for COMMANDS, the command names.
HelpLists man_lists(const std::string& page, const std::string& title) {
  HelpLists lists;
  const auto lines = lines_of(page);
  bool inside = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.rfind(".SH", 0) == 0 || line.rfind(".SS", 0) == 0) {
      std::string name = unroff(line.substr(4));
      if (!name.empty() && name.front() == '"') name = name.substr(1, name.size() - 2);
      inside = name == title;
      continue;
    }
    if (!inside || line != ".TP" || i + 1 >= lines.size()) continue;
    // The option names are the bold words at the start of the term ("\fB\-h, \-\-help\fR"),
    // before the value's type.
    std::string term = lines[i + 1];
    if (title != "COMMANDS" && term.rfind("\\fB", 0) == 0) term = term.substr(0, term.find("\\fR"));
    term = unroff(term);
    std::istringstream words(term);
    for (std::string word; words >> word;) {
      if (!word.empty() && word.back() == ',') word.pop_back();
      if (title == "COMMANDS") {
        lists.commands.insert(word);
        break;
      }
      if (word[0] == '-') lists.options.insert(word);
    }
  }
  return lists;
}

TEST_F(CompletionTest, TheManPageListsWhatHelpLists) {
  const Outcome man = moi({"help-man"});
  ASSERT_EQ(man.code, kExitOk) << man;
  const Outcome help = moi({"--help"});
  ASSERT_EQ(help.code, kExitOk) << help;
  const HelpLists top = help_lists(help.out);
  ASSERT_GT(top.options.size(), 5u) << help.out;
  ASSERT_GT(top.commands.size(), 5u) << help.out;
  EXPECT_EQ(man_lists(man.out, "OPTIONS").options, top.options);
  EXPECT_EQ(man_lists(man.out, "COMMANDS").commands, top.commands);
  EXPECT_EQ(top.commands.count("configure"), 1u);
  EXPECT_EQ(top.commands.count("completion"), 0u);  // hidden

  std::size_t actions = 0;
  for (const std::string& group : top.commands) {
    const Outcome group_help = moi({group, "--help"});
    ASSERT_EQ(group_help.code, kExitOk) << group_help;
    const HelpLists lists = help_lists(group_help.out);
    for (const std::string& action : lists.commands) {
      const Outcome action_help = moi({group, action, "--help"});
      ASSERT_EQ(action_help.code, kExitOk) << action_help;
      const std::string title = "moi " + group + " " + action;
      EXPECT_EQ(man_lists(man.out, title).options, help_lists(action_help.out).options) << title;
      ++actions;
    }
    if (group == "configure") {
      EXPECT_EQ(man_lists(man.out, "CONFIGURE").options, lists.options);
    }
  }
  EXPECT_GT(actions, 40u);
  // Profiles and the precedence are in both.
  EXPECT_NE(help.out.find("flag wins over its environment variable"), std::string::npos);
  EXPECT_NE(man.out.find("flag wins over its environment variable"), std::string::npos);
}

#ifdef MOI_EMULATOR_BINARY
TEST_F(CompletionTest, TheEmulatorManPageListsWhatItsHelpLists) {
  const std::string help = bash("'" + std::string(MOI_EMULATOR_BINARY) + "' --help");
  const HelpLists lists = help_lists(help);
  ASSERT_GT(lists.options.size(), 3u) << help;
  const std::string page = file_text(std::string(MOI_CLI_GENERATED_DIR) + "/moi-emulator.1");
  EXPECT_EQ(man_lists(page, "OPTIONS").options, lists.options) << page;
  EXPECT_NE(page.find(".TH MOI\\-EMULATOR 1"), std::string::npos) << page;
}
#endif

TEST_F(CompletionTest, HiddenCommandsRefuseBadInput) {
  const Outcome r = moi({"completion", "zsh"});
  EXPECT_EQ(r.code, kExitUsage) << r;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
}

}  // namespace
}  // namespace moi::cli::testing
