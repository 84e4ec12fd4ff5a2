// SPDX-License-Identifier: Apache-2.0
// run(): checks the command words, parses with CLI11 (parser.cpp), reads --json and the
// connection settings, calls the action's handler, prints its result, and maps every failure
// to one line on the error stream and an exit code.
#include "moi_cli/cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <istream>
#include <optional>
#include <ostream>
#include <utility>

#include "commands.hpp"
#include "json_input.hpp"
#include "moi/error.hpp"
#include "moi/version.hpp"
#include "output.hpp"
#include "parser.hpp"
#include "usage_error.hpp"

namespace moi::cli {
namespace {

std::string first_set(const std::string& flag, const char* variable, const Environment& env) {
  if (!flag.empty()) return flag;
  std::optional<std::string> value;
  if (env.getenv) {
    value = env.getenv(variable);
  } else if (const char* raw = std::getenv(variable)) {
    value = raw;
  }
  return value.value_or("");
}

ClientOptions client_options(const GlobalOptions& global, const Environment& env,
                             Diagnostics& diagnostics) {
  ClientOptions options;
  options.base_url = first_set(global.base_url, "MOI_BASE_URL", env);
  options.api_key = first_set(global.api_key, "MOI_API_KEY", env);
  if (options.base_url.empty()) {
    throw UsageError("no service URL: pass --base-url or set MOI_BASE_URL");
  }
  if (options.api_key.empty()) throw UsageError("no API key: pass --api-key or set MOI_API_KEY");
  if (global.timeout_seconds > 0) {
    options.timeout = std::chrono::milliseconds(
        static_cast<std::chrono::milliseconds::rep>(global.timeout_seconds * 1000));
  }
  options.user_agent_suffix = std::string("moi-cli/") + moi::version();
  if (env.sleeper) options.retry.sleeper = env.sleeper;
  // --verbose shows the SDK's log lines: each request line with its status, and retries. The
  // SDK never puts the key in them. Without it a failure is the one line run() prints.
  if (global.verbose) {
    options.logger = [&diagnostics](LogLevel, const std::string& message) {
      diagnostics.line("moi: " + message);
    };
    diagnostics.line("moi: service " + options.base_url + ", API key <redacted>");
  }
  return options;
}

void print_result(const Result& result, const GlobalOptions& global, std::ostream& out) {
  if (global.output == "table") {
    if (result.table) {
      render_table(*result.table, out);
    } else if (result.data.is_object()) {
      render_table(object_table(result.data), out);
    } else if (!result.data.is_null()) {
      out << format_json(result.data, true) << '\n';
    }
  } else if (!result.data.is_null()) {
    out << format_json(result.data, global.compact) << '\n';
  }
  out.flush();
}

// One line: the SDK's message (which names the request id for answers), plus the request id
// of failures without an answer when the SDK had already sent one.
std::string error_line(const Error& error) {
  std::string text = error.what();
  if (!error.request_id().empty() && text.find(error.request_id()) == std::string::npos) {
    text += " (request id " + error.request_id() + ")";
  }
  return "moi: " + text;
}

int run_parsed(Parser& parser, const Parser::Action& action, std::istream& in, std::ostream& out,
               Diagnostics& diagnostics, const Environment& env) {
  const GlobalOptions& global = parser.global();
  const ActionOptions& options = parser.action_options();

  std::optional<Json> json;
  const CLI::Option* json_option = action.app->get_option_no_throw("--json");
  if (json_option && json_option->count() > 0) json = read_json_argument(options.json, in);

  const Client client(client_options(global, env, diagnostics));
  const Invocation invocation{client,
                              options.id,
                              std::move(json),
                              options.all,
                              std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(
                                  options.wait_timeout_seconds * 1000)),
                              env,
                              diagnostics};
  const Result result = action.spec->handler(invocation);
  print_result(result, global, out);
  return result.exit_code;
}

int run_guarded(int argc, const char* const argv[], std::istream& in, std::ostream& out,
                std::ostream& err, const Environment& env) {
  Parser parser;
  Diagnostics diagnostics(err, env.progress_tty);
  try {
    const CommandWords words = find_command_words(parser, argc, argv);
    if (!words.help_or_version && !words.group) {
      err << parser.app().help();
      return kExitUsage;
    }
    if (!words.help_or_version && !words.action) {
      err << words.group->app->help();
      return kExitUsage;
    }
    try {
      parser.app().parse(argc, argv);
    } catch (const CLI::ParseError& error) {
      if (error.get_exit_code() == 0) return parser.app().exit(error, out, err);  // help, version
      std::string hint = "moi";
      if (words.group) hint += std::string(" ") + words.group->spec->name;
      if (words.action) hint += std::string(" ") + words.action->spec->name;
      diagnostics.line("moi: " + std::string(error.what()) + " (see " + hint + " --help)");
      return kExitUsage;
    }
    const Parser::Action* action = parser.selected();
    if (!action) throw UsageError("no action given (see moi --help)");
    return run_parsed(parser, *action, in, out, diagnostics, env);
  } catch (const UsageError& error) {
    diagnostics.line(std::string("moi: ") + error.what());
    return kExitUsage;
  } catch (const InvalidArgumentError& error) {
    diagnostics.line(error_line(error));
    return kExitUsage;
  } catch (const TransportError& error) {  // TimeoutError included
    diagnostics.line(error_line(error));
    return kExitTransport;
  } catch (const CancelledError& error) {
    diagnostics.line(error_line(error));
    return kExitTransport;
  } catch (const Error& error) {  // ServiceError, HttpError, DecodeError of an answer
    diagnostics.line(error_line(error));
    return kExitService;
  }
}

}  // namespace

int run(int argc, const char* const argv[], std::istream& in, std::ostream& out, std::ostream& err,
        const Environment& env) {
  try {
    return run_guarded(argc, argv, in, out, err, env);
  } catch (const std::exception& error) {
    err << "moi: unexpected error: " << error.what() << std::endl;
    return kExitService;
  }
}

int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err, const Environment& env) {
  std::vector<const char*> argv{"moi"};
  for (const auto& arg : args) argv.push_back(arg.c_str());
  argv.push_back(nullptr);
  return run(static_cast<int>(args.size() + 1), argv.data(), in, out, err, env);
}

}  // namespace moi::cli
