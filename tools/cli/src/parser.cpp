// SPDX-License-Identifier: Apache-2.0
#include "parser.hpp"

#include <algorithm>

#include <cctype>
#include <cstdint>
#include <limits>
#include <sstream>
#include <utility>

#include "moi/version.hpp"
#include "safety.hpp"
#include "usage_error.hpp"

namespace moi::cli {
namespace {

std::string footer_examples(const std::vector<const char*>& lines, const char* title) {
  std::string text = std::string(title) + ":\n";
  for (const char* line : lines) text += std::string("  ") + line + "\n";
  return text;
}

// Footers are printed as they are: wrap long text at word boundaries.
std::string wrap(const std::string& text, std::size_t width = 92) {
  std::string out;
  std::size_t line = 0;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    if (line > 0 && line + 1 + word.size() > width) {
      out += "\n  ";
      line = 2;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
  }
  return out + "\n";
}

std::string action_footer(const ActionSpec& action) {
  std::string text = "Endpoint: " + std::string(action.endpoint) + "\n";
  if (action.input != JsonInput::kNone) {
    text += wrap(std::string(action.input == JsonInput::kQuery ? "--json query parameters: "
                                                               : "--json body: ") +
                 action.json_keys);
  }
  for (const char* note : action.notes) text += wrap(note);
  text += "Global options (see moi --help) may come before the group or after the action.\n";
  text +=
      "\n" + footer_examples(action.examples, action.examples.size() > 1 ? "Examples" : "Example");
  return text;
}

// "WORKFLOW_ID" -> "The workflow id".
std::string id_description(std::string name) {
  for (char& c : name) c = c == '_' ? ' ' : static_cast<char>(std::tolower(c));
  return "The " + name;
}

// Checks the text of a seconds option before CLI11 converts it: NaN, infinities, negatives,
// zero and values past @p max_seconds are usage errors naming the accepted range.
CLI::Validator seconds_validator(double max_seconds) {
  return CLI::Validator(
      [max_seconds](std::string& text) { return check_seconds(text, max_seconds); }, "SECONDS",
      "seconds");
}

}  // namespace

const char* const kEnvironmentHelp =
    "MOI_BASE_URL, MOI_API_KEY: the service and key; MOI_PROFILE: the profile (default\n"
    "\"default\"); XDG_CONFIG_HOME, HOME: where the config file is.\n"
    "Precedence: a flag wins over its environment variable, which wins over the profile.";
const char* const kProfilesHelp =
    "Profiles: $XDG_CONFIG_HOME/moi/config (default ~/.config/moi/config), written by\n"
    "'moi configure [--profile NAME]', holds [NAME] sections of base_url, api_key, timeout,\n"
    "connect_timeout and model (of moi chat). A file holding an api_key must not be readable\n"
    "by group or others (chmod 600 FILE).";
const char* const kExitCodesHelp =
    "Exit codes: 0 success, 1 service or HTTP error, 2 usage error, 3 transport error or\n"
    "timeout, 4 a wait ended with a failed job, failed export files or failed load-task\n"
    "files (or a connector or pipeline did not validate), 130 cancelled by Ctrl-C (SIGINT;\n"
    "143 for SIGTERM).";

Parser::Parser()
    : app_(
          "moi: command-line client of the MatrixOne Intelligence (MOI) API, built on moi-cpp:\n"
          "workflows, jobs and exports, and the data they need: catalogs, databases, volumes,\n"
          "file uploads, load tasks and connectors.",
          "moi") {
  app_.set_version_flag("--version", std::string("moi ") + moi::version(),
                        "Print the version and exit");
  app_.require_subcommand(1);
  app_.fallthrough();  // global options may also follow the group and action
  app_.get_formatter()->column_width(28);
  app_.add_option("--base-url", global_.base_url,
                  "Service root URL (default: $MOI_BASE_URL, else the profile's)");
  app_.add_option("--api-key", global_.api_key,
                  "API key (default: $MOI_API_KEY, else the profile's)");
  app_.add_option("--profile", global_.profile,
                  "Profile of the config file to use (default: $MOI_PROFILE, else default)");
  app_.add_option("--timeout", global_.timeout_seconds,
                  "Timeout of one HTTP request, in seconds: 0.001 to 86400 (default 60)")
      ->check(seconds_validator(kMaxRequestSeconds));
  app_.add_option("--connect-timeout", global_.connect_timeout_seconds,
                  "Timeout of connecting, in seconds: 0.001 to 86400 (default 10)")
      ->check(seconds_validator(kMaxRequestSeconds));
  app_.add_flag("--verbose", global_.verbose,
                "Log each request line and status on stderr (the API key is never shown)");
  app_.add_flag("--compact", global_.compact, "Print JSON on one line");
  app_.add_option("--output", global_.output,
                  "Output format: json (default), jsonl (one object per line; streamed with "
                  "--all), table, tsv (a header line of field names, then tab-separated rows), or "
                  "value (tsv without the header: VOL=$(moi volume create DB inbox --output value))")
      ->check(CLI::IsMember({"json", "jsonl", "table", "tsv", "value"}));
  app_.add_option("--max-items", global_.max_items,
                  "Most items one listing may hold (--all, and the waits that list files): "
                  "past it the command fails naming the cap; 0: none (default 1000000)")
      ->check(CLI::Range(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()));
  app_.add_option("--fields", global_.fields,
                  "Columns of table or tsv output, in order: a,b,c (the table's column names, "
                  "any case)");
  app_.footer(
      "Run 'moi GROUP --help' for a group's actions, 'moi GROUP ACTION --help' for an "
      "action's\noptions and example. Global options may also follow the action.\n\n"
      "Environment: " +
      std::string(kEnvironmentHelp) + "\n" + kProfilesHelp + "\n" + kExitCodesHelp + "\n\n" +
      footer_examples(
          {"moi volume list --output table", "moi file upload VOLUME_ID report.pdf notes.md --wait",
           "moi workflow list --output table", "moi job wait JOB_ID --timeout 600",
           "moi --base-url http://127.0.0.1:8080 --api-key KEY export list --all"},
          "Examples"));
  for (const auto& group : command_table()) add_group(group);

  CLI::App* configure = app_.add_subcommand(
      "configure", "Write a profile of the config file (prompts on a terminal; key not echoed)");
  configure->add_flag("--api-key-stdin", extra_.api_key_stdin,
                      "Read the API key from the first line of standard input");
  configure->add_option("--model", extra_.model,
                        "The model `moi chat` uses without --model (the profile's model key)");
  configure->footer(
      "Writes --base-url, the key, --timeout/--connect-timeout and --model (when given) into\n"
      "the profile\n"
      "chosen by --profile (default: $MOI_PROFILE, else default), keeping the other profiles.\n"
      "On a terminal it asks for the base URL and the key (not echoed; empty keeps the\n"
      "current value). The file is created with mode 600, its directory with mode 700.\n\n"
      "Examples:\n"
      "  moi configure --profile prod\n"
      "  pass show moi/prod | moi configure --profile prod --base-url https://moi.example.com "
      "--api-key-stdin\n");
  CLI::App* completion =
      app_.add_subcommand("completion", "Print the bash completion script")->group("");
  completion->add_option("SHELL", extra_.shell, "The shell: bash")
      ->required()
      ->check(CLI::IsMember({"bash"}));
  CLI::App* man = app_.add_subcommand("help-man", "Print the man page moi(1)")->group("");
  man->add_option("--from-help", extra_.from_help,
                  "Instead, turn the --help text of program NAME (standard input) into its page");
}

bool Parser::is_extra(const std::string& word) {
  return word == "configure" || word == "completion" || word == "help-man";
}

std::string Parser::selected_extra() const {
  for (const char* name : {"configure", "completion", "help-man"}) {
    if (app_.get_subcommand(name)->parsed() > 0) return name;
  }
  return {};
}

const Parser::Group* Parser::find_group(const std::string& name) const {
  for (const auto& g : groups_) {
    if (name == g.spec->name) return &g;
  }
  return nullptr;
}

const Parser::Action* Parser::find_action(const Group& group, const std::string& name) {
  for (const auto& a : group.actions) {
    if (name == a.spec->name) return &a;
  }
  return nullptr;
}

const Parser::Action* Parser::selected() const {
  for (const auto& g : groups_) {
    if (g.app->parsed() == 0) continue;
    for (const auto& a : g.actions) {
      if (a.app->parsed() > 0) return &a;
    }
  }
  return nullptr;
}

void Parser::add_group(const GroupSpec& spec) {
  Group group{app_.add_subcommand(spec.name, spec.summary), &spec, {}};
  group.app->require_subcommand(1);
  std::vector<const char*> lines;
  for (const auto& action : spec.actions) {
    lines.insert(lines.end(), action.examples.begin(), action.examples.end());
    group.actions.push_back({add_action(*group.app, action), &action});
  }
  group.app->footer("Run 'moi " + std::string(spec.name) +
                    " ACTION --help' for an action's options.\n\n" +
                    footer_examples(lines, "Examples"));
  groups_.push_back(std::move(group));
}

CLI::App* Parser::add_action(CLI::App& group, const ActionSpec& spec) {
  CLI::App* app = group.add_subcommand(spec.name, spec.summary);
  if (spec.id_name)
    app->add_option(spec.id_name, action_.id, id_description(spec.id_name))
        ->required(!spec.id_optional);
  for (const OptionSpec& option : spec.options) {
    switch (option.kind) {
      case OptionKind::kValue:
        app->add_option(option.name, action_.values[option.name], option.help);
        break;
      case OptionKind::kFlag:
        app->add_flag(option.name, action_.flags[option.name], option.help);
        break;
      case OptionKind::kPositional:
        app->add_option(option.name, action_.values[option.name], option.help)
            ->required(!spec.id_optional);
        break;
      case OptionKind::kPositionals:
        app->add_option(option.name, action_.list, option.help)->required(!spec.args_optional);
        break;
      case OptionKind::kRepeated:
        app->add_option(option.name, action_.repeated[option.name], option.help)
            ->type_name("TEXT ...");
        break;
    }
  }
  if (spec.input != JsonInput::kNone) {
    const char* what = spec.input == JsonInput::kQuery ? "Query parameters" : "Request body";
    auto* json = app->add_option("--json", action_.json,
                                 std::string(what) +
                                     " as JSON with the API's field names: inline, @FILE, or "
                                     "- (standard input)");
    if (spec.input == JsonInput::kBodyRequired) json->required();
  }
  if (spec.paginated) {
    app->add_flag("--all", action_.all,
                  "Follow pagination to the end: one JSON array (or table) of every item");
  }
  if (spec.waits) {
    app->add_option("--timeout", action_.wait_timeout_seconds,
                    "Give up after this many seconds (exit 3): 0.001 to 2592000 (30 days)")
        ->check(seconds_validator(kMaxWaitSeconds))
        ->capture_default_str();
  }
  app->footer(action_footer(spec));
  return app;
}

std::vector<std::string> expand_aliases(const Parser& parser, int argc, const char* const argv[]) {
  std::vector<std::string> out(argv, argv + argc);
  for (std::size_t i = 1; i < out.size(); ++i) {
    const std::string& token = out[i];
    if (token == "--") break;
    if (token.size() > 1 && token[0] == '-') {
      const CLI::Option* opt = parser.app().get_option_no_throw(token.substr(0, token.find('=')));
      if (token.find('=') == std::string::npos && opt && opt->get_items_expected_min() > 0) ++i;
      continue;
    }
    if (token == "parse") out.insert(out.begin() + static_cast<std::ptrdiff_t>(i), "genai");
    break;
  }
  return out;
}

CommandWords find_command_words(const Parser& parser, int argc, const char* const argv[]) {
  CommandWords words;
  // Whether an option swallows the next word (flags do not). Options after the action are
  // CLI11's business: the scan stops at the action.
  const auto takes_value = [&](const std::string& name) {
    const CLI::App* group = words.group ? words.group->app : nullptr;
    for (const CLI::App* scope : {group, &parser.app()}) {
      if (!scope) continue;
      if (const CLI::Option* opt = scope->get_option_no_throw(name)) {
        return opt->get_items_expected_min() > 0;
      }
    }
    return false;
  };
  int group_at = 0;
  for (int i = 1; i < argc && !words.action; ++i) {
    const std::string token = argv[i];
    if (token == "--") break;
    if (token.size() > 1 && token[0] == '-') {
      const std::string name = token.substr(0, token.find('='));
      if (name == "-h" || name == "--help" || name == "--version") words.help_or_version = true;
      if (token.find('=') == std::string::npos && takes_value(name)) ++i;
      continue;
    }
    if (!words.group && Parser::is_extra(token)) {
      words.extra = token;
      break;
    }
    if (!words.group) {
      words.group = parser.find_group(token);
      group_at = i;
      if (!words.group) {
        std::string names;
        for (const auto& group : command_table()) {
          names += (names.empty() ? "" : ", ") + std::string(group.name);
        }
        throw UsageError("unknown group \"" + token + "\" (expected " + names +
                         "; see moi --help)");
      }
      continue;
    }
    words.action = Parser::find_action(*words.group, token);
    if (!words.action && words.group->spec->default_action) {
      words.action = Parser::find_action(*words.group, words.group->spec->default_action);
      // Right after the group word, so that the action's options may precede MESSAGE.
      words.insert_at = group_at + 1;
    }
    if (!words.action) {
      std::string names;
      for (const auto& a : words.group->actions) {
        names += (names.empty() ? "" : ", ") + std::string(a.spec->name);
      }
      throw UsageError("unknown action \"" + token + "\" for " + words.group->spec->name +
                       " (expected " + names + "; see moi " + words.group->spec->name + " --help)");
    }
  }
  // `moi health`, `moi sql --show-databases`: the group alone runs its default action when
  // that needs no argument.
  if (words.group && !words.action && !words.help_or_version && words.group->spec->default_action) {
    const Parser::Action* fallback =
        Parser::find_action(*words.group, words.group->spec->default_action);
    const bool takes_arguments =
        fallback && ((fallback->spec->id_name != nullptr && !fallback->spec->id_optional) ||
                     std::any_of(fallback->spec->options.begin(), fallback->spec->options.end(),
                                 [](const OptionSpec& o) {
                                   return o.kind == OptionKind::kPositional ||
                                          o.kind == OptionKind::kPositionals;
                                 }));
    if (fallback && !takes_arguments) {
      words.action = fallback;
      words.insert_at = group_at + 1;
    }
  }
  return words;
}

}  // namespace moi::cli
