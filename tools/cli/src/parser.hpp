// SPDX-License-Identifier: Apache-2.0
#pragma once
// The CLI11 parser built from the command table (help texts included), and the check of the
// command words that runs before CLI11 parses.

#include <CLI/CLI.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "commands.hpp"

namespace moi::cli {

/// Default of the waits' --timeout: the SDK waiters' default, 30 minutes.
constexpr double kDefaultWaitSeconds = 1800;

/// The options before the group (or, by fallthrough, after the action).
struct GlobalOptions {
  std::string base_url;
  std::string api_key;
  std::string profile;                 // --profile ("" when not given)
  double timeout_seconds = 0;          // 0: the profile's, else the SDK's default
  double connect_timeout_seconds = 0;  // 0: the profile's, else the SDK's default
  bool verbose = false;
  bool compact = false;
  std::string output = "json";
  std::string fields;           // --fields a,b,c ("" when not given)
  std::int64_t max_items = -1;  // --max-items (-1 when not given: the SDK's default)
};

/// What `moi --help` and the man page say about the environment, profiles and exit codes.
extern const char* const kEnvironmentHelp;
extern const char* const kProfilesHelp;
extern const char* const kExitCodesHelp;

/// Commands outside the command table: `configure`, and the hidden `completion` and
/// `help-man` (their output is generated at build time and installed).
struct ExtraOptions {
  bool api_key_stdin = false;  ///< configure --api-key-stdin
  std::string model;           ///< configure --model
  std::string shell;           ///< completion SHELL
  std::string from_help;       ///< help-man --from-help NAME
};

/// The selected action's arguments and options.
struct ActionOptions {
  std::string id;
  std::string json;
  bool all = false;
  double wait_timeout_seconds = kDefaultWaitSeconds;
  std::map<std::string, std::string> values;  ///< ActionSpec::options with a value, by name.
  std::map<std::string, bool> flags;          ///< ActionSpec::options that are flags, by name.
  std::vector<std::string> list;              ///< The repeated positional (PATH...).
  /// ActionSpec::options that may be repeated (OptionKind::kRepeated), every value in order.
  std::map<std::string, std::vector<std::string>> repeated;
};

// The CLI11 parser for the whole command table. All actions bind the same ActionOptions:
// exactly one action runs per invocation.
class Parser {
 public:
  struct Action {
    CLI::App* app;
    const ActionSpec* spec;
  };
  struct Group {
    CLI::App* app;
    const GroupSpec* spec;
    std::vector<Action> actions;
  };

  Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  CLI::App& app() { return app_; }
  const CLI::App& app() const { return app_; }
  const GlobalOptions& global() const { return global_; }
  const ActionOptions& action_options() const { return action_; }
  const ExtraOptions& extra_options() const { return extra_; }
  const std::vector<Group>& groups() const { return groups_; }
  /// The command (configure, completion, help-man) CLI11 selected, or "".
  std::string selected_extra() const;
  /// Whether @p word names one of those commands.
  static bool is_extra(const std::string& word);

  /// The group named @p name, or nullptr.
  const Group* find_group(const std::string& name) const;
  /// The action of @p group named @p name, or nullptr.
  static const Action* find_action(const Group& group, const std::string& name);
  /// The action CLI11 selected (after a successful parse), or nullptr.
  const Action* selected() const;

 private:
  void add_group(const GroupSpec& spec);
  CLI::App* add_action(CLI::App& group, const ActionSpec& spec);

  CLI::App app_;
  GlobalOptions global_;
  ActionOptions action_;
  ExtraOptions extra_;
  std::vector<Group> groups_;
};

// The group and action words as CLI11 will see them. Checked before parsing so that an
// unknown word gets a message naming it and the choices (CLI11 would only say that some
// arguments were not expected), and a missing one the group's help.
struct CommandWords {
  const Parser::Group* group = nullptr;
  const Parser::Action* action = nullptr;
  bool help_or_version = false;
  std::string extra;  ///< configure, completion or help-man (then no group or action).
  /// > 0: the group's default action was chosen; its name goes before argv[insert_at].
  int insert_at = 0;
};

/// @p argv with the top-level aliases expanded: `moi [GLOBAL...] parse ...` becomes
/// `moi [GLOBAL...] genai parse ...`.
std::vector<std::string> expand_aliases(const Parser& parser, int argc, const char* const argv[]);

/// Finds the command words of @p argv. @throws UsageError for an unknown group or action.
CommandWords find_command_words(const Parser& parser, int argc, const char* const argv[]);

}  // namespace moi::cli
