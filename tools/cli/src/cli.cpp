// SPDX-License-Identifier: Apache-2.0
// run(): checks the command words, parses with CLI11 (parser.cpp), reads --json and the
// connection settings, calls the action's handler, prints its result, and maps every failure
// to one line on the error stream and an exit code.
#include "moi_cli/cli.hpp"

#include <CLI/CLI.hpp>

#include <cctype>
#include <cstdlib>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <utility>

#include "commands.hpp"
#include "generate.hpp"
#include "json_input.hpp"
#include "moi/error.hpp"
#include "moi/version.hpp"
#include "output.hpp"
#include "parser.hpp"
#include "profile.hpp"
#include "safety.hpp"
#include "usage_error.hpp"

namespace moi::cli {
namespace {

// A connection setting and where it came from ("--base-url" or "MOI_BASE_URL"), so that an
// error names what the user has to fix.
struct Setting {
  std::string value;
  std::string source;
};

Setting first_set(const std::string& flag, const char* flag_name, const char* variable,
                  const Environment& env) {
  if (!flag.empty()) return {flag, flag_name};
  return {get_variable(env, variable).value_or(""), variable};
}

// The SDK validates the options when the client is built: its InvalidArgumentError becomes a
// usage error naming the flag or variable the bad value came from.
std::unique_ptr<Client> make_client(ClientOptions options, const Setting& url, const Setting& key) {
  try {
    return std::make_unique<Client>(std::move(options));
  } catch (const InvalidArgumentError& error) {
    std::string what = error.what();
    std::string words = what;
    for (char& c : words) c = c == '_' ? ' ' : static_cast<char>(std::tolower(c));
    if (words.find("base url") != std::string::npos) throw UsageError(url.source + ": " + what);
    if (words.find("api key") != std::string::npos) throw UsageError(key.source + ": " + what);
    throw UsageError(what);
  }
}

ClientOptions client_options(const GlobalOptions& global, const Setting& url, const Setting& key,
                             const std::optional<Profile>& profile, const Environment& env,
                             Diagnostics& diagnostics) {
  ClientOptions options;
  options.base_url = url.value;
  options.api_key = key.value;
  if (options.base_url.empty()) {
    throw UsageError(
        "no service URL: pass --base-url, set MOI_BASE_URL, or write a profile with moi "
        "configure");
  }
  if (options.api_key.empty()) {
    throw UsageError(
        "no API key: pass --api-key, set MOI_API_KEY, or write a profile with moi configure");
  }
  refuse_credentials_in_url(url.value, url.source);
  // Range-checked by the parser (flags) or when the config file was read (profile).
  if (global.timeout_seconds > 0) {
    options.timeout = seconds_to_ms(global.timeout_seconds, kMaxRequestSeconds);
  } else if (profile && profile->timeout) {
    options.timeout = seconds_to_ms(*profile->timeout, kMaxRequestSeconds);
  }
  if (global.connect_timeout_seconds > 0) {
    options.connect_timeout = seconds_to_ms(global.connect_timeout_seconds, kMaxRequestSeconds);
  } else if (profile && profile->connect_timeout) {
    options.connect_timeout = seconds_to_ms(*profile->connect_timeout, kMaxRequestSeconds);
  }
  options.user_agent_suffix = std::string("moi-cli/") + moi::version();
  // Pauses between retries wake up when the command is cancelled.
  options.retry.sleeper = cli_sleeper(env);
  // --verbose shows the SDK's log lines: each request line with its status, and retries. The
  // SDK never puts the key in them. Without it a failure is the one line run() prints.
  if (global.verbose) {
    options.logger = [&diagnostics](LogLevel, const std::string& message) {
      diagnostics.line("moi: " + message);
    };
  }
  return options;
}

// `--output json --all`, streamed: the array format_json would print, item by item (each
// pretty-printed item indented by two spaces, as in an array), flushed as it comes.
class JsonArrayWriter {
 public:
  JsonArrayWriter(std::ostream& out, bool compact) : out_(out), compact_(compact) {}

  void add(const Json& item) {
    std::string text = format_json(item, compact_);
    if (!compact_) {
      for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 3))
        text.insert(at + 1, "  ");
      text.insert(0, "  ");
    }
    out_ << (count_ == 0 ? "[" : ",") << (compact_ ? "" : "\n") << text << std::flush;
    ++count_;
  }

  // Closes the array ("[]" when empty); does nothing unless activated (output json).
  void finish() {
    if (!active_) return;
    if (count_ == 0) {
      out_ << "[]\n";
    } else {
      out_ << (compact_ ? "" : "\n") << "]\n";
    }
    out_.flush();
  }

  void activate() { active_ = true; }

 private:
  std::ostream& out_;
  bool compact_;
  bool active_ = false;
  std::size_t count_ = 0;
};

// The items of a list result for jsonl: the array itself, or the one array member of a page
// whose length matches the table's rows; nullptr when the result is not a list.
const Json* list_items(const Result& result) {
  if (!result.table) return nullptr;
  if (result.data.is_array()) return &result.data;
  if (!result.data.is_object()) return nullptr;
  const Json* items = nullptr;
  for (auto it = result.data.begin(); it != result.data.end(); ++it) {
    if (!it.value().is_array()) continue;
    if (items) return nullptr;  // two arrays: not a page
    items = &it.value();
  }
  if (items && items->size() != result.table->rows.size()) return nullptr;
  return items;
}

void print_result(const Result& result, const GlobalOptions& global, std::ostream& out,
                  std::size_t terminal_columns) {
  const bool fields = !global.fields.empty();
  if (result.streamed) {
    // jsonl --all: already written, item by item.
  } else if (global.output == "table" || global.output == "tsv" || global.output == "value") {
    // value: tsv without its header line, for $(...) in scripts.
    const bool tsv = global.output == "tsv" || global.output == "value";
    std::optional<Table> table = result.table;
    bool one_object = false;
    if (!table && result.data.is_object()) {
      one_object = true;
      table = (tsv || fields) ? object_row_table(result.data) : object_table(result.data);
    }
    if (table) {
      if (fields) table = select_fields(*table, global.fields);
      if (one_object && !tsv && fields) table = transpose_row_table(*table);
      if (global.output == "value") {
        std::ostringstream text;
        render_tsv(*table, text);
        const std::string lines = text.str();
        const auto end_of_header = lines.find('\n');
        if (end_of_header != std::string::npos) out << lines.substr(end_of_header + 1);
      } else if (tsv) {
        render_tsv(*table, out);
      } else {
        render_table(*table, out, terminal_columns);
      }
    } else if (!result.data.is_null()) {
      out << format_json(result.data, true) << '\n';
    }
  } else if (global.output == "jsonl") {
    if (const Json* items = list_items(result)) {
      for (const Json& item : *items) out << format_json(item, true) << '\n';
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

  if (!global.fields.empty() && global.output != "table" && global.output != "tsv" &&
      global.output != "value") {
    throw UsageError("--fields applies to --output table, tsv or value");
  }
  std::optional<Json> json;
  const CLI::Option* json_option = action.app->get_option_no_throw("--json");
  if (json_option && json_option->count() > 0) json = read_json_argument(options.json, in);

  // Precedence: flag > environment > profile.
  Setting url = first_set(global.base_url, "--base-url", "MOI_BASE_URL", env);
  Setting key = first_set(global.api_key, "--api-key", "MOI_API_KEY", env);
  const ChosenProfile chosen =
      choose_profile(global.profile, env, !url.value.empty() && !key.value.empty());
  if (global.verbose && !chosen.ignored.empty()) {
    diagnostics.line("moi: not using the config file: " + chosen.ignored);
  }
  if (chosen.profile) {
    if (url.value.empty()) url = {chosen.profile->base_url, chosen.source};
    if (key.value.empty()) key = {chosen.profile->api_key, chosen.source};
  }
  if (action.spec->offline) {
    // Sends nothing (pipeline components|validate): a client that is never called, so that no
    // URL or key is needed.
    url = {"http://offline.invalid", "offline"};
    key = {"offline", "offline"};
  }
  ClientOptions client_settings =
      client_options(global, url, key, chosen.profile, env, diagnostics);
  const std::chrono::milliseconds request_timeout = client_settings.timeout;
  const std::unique_ptr<Client> client = make_client(std::move(client_settings), url, key);
  if (global.verbose) {  // once the SDK accepted the URL (so it holds no credentials)
    diagnostics.line("moi: service " + url.value + ", API key <redacted>" +
                     (url.source == chosen.source || key.source == chosen.source
                          ? ", from " + chosen.source
                          : std::string()));
  }
  Invocation invocation{*client,
                        options.id,
                        std::move(json),
                        options.all,
                        seconds_to_ms(options.wait_timeout_seconds, kMaxWaitSeconds),
                        request_timeout,
                        env,
                        diagnostics,
                        {},
                        {},
                        {},
                        {},
                        {},
                        &out,
                        global.output,
                        chosen.profile ? chosen.profile->model : std::string()};
  if (global.output == "jsonl" && options.all) {
    // Streamed: each item is on stdout before the next page is asked for.
    invocation.stream_item = [&out](const Json& item) {
      out << format_json(item, true) << '\n' << std::flush;
    };
  }
  // json and tsv --all are streamed too, so memory does not grow with the list.
  JsonArrayWriter json_array(out, global.compact);
  if (global.output == "json" && options.all) {
    json_array.activate();
    invocation.stream_item = [&json_array](const Json& item) { json_array.add(item); };
  }
  bool tsv_header_written = global.output == "value";  // value: never a header
  if ((global.output == "tsv" || global.output == "value") && options.all) {
    invocation.stream_rows = [&out, &global, &tsv_header_written](const Table& rows) {
      const Table table = global.fields.empty() ? rows : select_fields(rows, global.fields);
      std::ostringstream text;
      render_tsv(table, text);
      std::string lines = text.str();
      if (tsv_header_written) lines.erase(0, lines.find('\n') + 1);  // the header, once
      tsv_header_written = true;
      out << lines << std::flush;
    };
  }
  if (global.max_items >= 0) invocation.call.max_list_items = global.max_items;
  for (const OptionSpec& spec : action.spec->options) {
    if (spec.kind == OptionKind::kPositionals) {
      invocation.args = options.list;
      continue;
    }
    const CLI::Option* given = action.app->get_option_no_throw(spec.name);
    if (!given || given->count() == 0) continue;
    if (spec.kind == OptionKind::kFlag) {
      invocation.options[spec.name] = "true";
    } else if (spec.kind == OptionKind::kRepeated) {
      // Every value, in order, as a JSON array of strings (Invocation::values()).
      invocation.options[spec.name] = Json(options.repeated.at(spec.name)).dump();
    } else {
      invocation.options[spec.name] = options.values.at(spec.name);
    }
  }
  invocation.call.should_abort = abort_check(env);
  if (cancel_requested(env)) throw CancelledError("cancelled");
  const Result result = action.spec->handler(invocation);
  if (result.streamed) json_array.finish();
  print_result(result, global, out, env.stdout_columns);
  return result.exit_code;
}

// configure, completion, help-man: commands outside the command table.
int run_extra(const Parser& parser, const std::string& name, std::istream& in, std::ostream& out,
              std::ostream& err, const Environment& env) {
  const GlobalOptions& global = parser.global();
  if (name == "configure") {
    if (!global.api_key.empty()) {
      throw UsageError(
          "configure: the API key is not taken from the command line (it would stay in the "
          "shell's history): use --api-key-stdin or answer the prompt");
    }
    ConfigureRequest request;
    request.profile = global.profile;
    request.base_url = global.base_url;
    request.api_key_stdin = parser.extra_options().api_key_stdin;
    request.timeout = global.timeout_seconds;
    request.connect_timeout = global.connect_timeout_seconds;
    request.model = parser.extra_options().model;
    return configure(request, in, out, err, env);
  }
  if (name == "completion") {
    out << bash_completion(parser) << std::flush;
    return kExitOk;
  }
  const std::string& from_help = parser.extra_options().from_help;
  if (from_help.empty()) {
    out << man_page(parser) << std::flush;
  } else {
    out << man_page_from_help(from_help, read_help_text(in)) << std::flush;
  }
  return kExitOk;
}

int run_guarded(int raw_argc, const char* const raw_argv[], std::istream& in, std::ostream& out,
                std::ostream& err, const Environment& env) {
  Parser parser;
  Diagnostics diagnostics(err, env.progress_tty);
  // `moi parse` is `moi genai parse`.
  const std::vector<std::string> expanded = expand_aliases(parser, raw_argc, raw_argv);
  std::vector<const char*> argv_storage;
  for (const std::string& word : expanded) argv_storage.push_back(word.c_str());
  argv_storage.push_back(nullptr);
  int argc = static_cast<int>(expanded.size());
  const char* const* argv = argv_storage.data();
  try {
    CommandWords words = find_command_words(parser, argc, argv);
    // `moi chat MESSAGE`: the group's default action's name goes before MESSAGE.
    std::vector<const char*> with_action;
    if (words.insert_at > 0) {
      with_action.assign(argv, argv + argc);
      with_action.insert(with_action.begin() + words.insert_at, words.action->spec->name);
      with_action.push_back(nullptr);
      argc = static_cast<int>(with_action.size() - 1);
      argv = with_action.data();
    }
    if (!words.help_or_version && !words.group && words.extra.empty()) {
      err << parser.app().help();
      return kExitUsage;
    }
    if (!words.help_or_version && words.extra.empty() && !words.action) {
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
    if (!words.extra.empty()) return run_extra(parser, words.extra, in, out, err, env);
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
  } catch (const WaitTimeoutError& error) {  // a wait's deadline: a timeout, like a request's
    diagnostics.line(error_line(error));
    return kExitTransport;
  } catch (const CancelledError& error) {
    // A signal or Environment::cancel: one fixed line; the request that was aborted does not
    // matter any more.
    if (cancel_requested(env)) {
      diagnostics.line("moi: cancelled");
      return cancelled_exit_code();
    }
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
    err << "moi: unexpected error: " << escape_controls(error.what()) << std::endl;
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
