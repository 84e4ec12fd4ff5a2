// SPDX-License-Identifier: Apache-2.0
#pragma once
// The CLI11 parser built from the command table (help texts included), and the check of the
// command words that runs before CLI11 parses.

#include <CLI/CLI.hpp>

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
  double timeout_seconds = 0;  // 0: the SDK's default per-request timeout
  bool verbose = false;
  bool compact = false;
  std::string output = "json";
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
  std::vector<Group> groups_;
};

// The group and action words as CLI11 will see them. Checked before parsing so that an
// unknown word gets a message naming it and the choices (CLI11 would only say that some
// arguments were not expected), and a missing one the group's help.
struct CommandWords {
  const Parser::Group* group = nullptr;
  const Parser::Action* action = nullptr;
  bool help_or_version = false;
};

/// Finds the command words of @p argv. @throws UsageError for an unknown group or action.
CommandWords find_command_words(const Parser& parser, int argc, const char* const argv[]);

}  // namespace moi::cli
