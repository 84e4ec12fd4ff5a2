// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// The `moi` command-line tool as a library: run() is the whole program, so tests drive it
/// in-process with string streams and injected clocks.

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "moi/cancellation.hpp"
#include "moi/helpers/waiters.hpp"
#include "moi/options.hpp"

namespace moi::cli {

/// The exit codes of `moi` (also listed by `moi --help`).
enum ExitCode : int {
  kExitOk = 0,          ///< Success.
  kExitService = 1,     ///< The service answered with an error (HTTP, envelope, undecodable).
  kExitUsage = 2,       ///< Bad command line, bad --json, or an argument the SDK rejected.
  kExitTransport = 3,   ///< No answer (connect, DNS, TLS, I/O) or a timeout (request or wait).
  kExitWaitFailed = 4,  ///< `job wait` / `export wait` ended with a failed job or failed files.
  /// Interrupted: SIGINT (Ctrl-C) or Environment::cancel. SIGTERM gives 128 + 15 = 143.
  kExitCancelled = 130,
};

/// What run() takes from the process around it. The defaults are the real process's; tests
/// replace them to stay hermetic (no environment, no terminal, no real sleeping).
struct Environment {
  /// Reads an environment variable (MOI_BASE_URL, MOI_API_KEY, MOI_PROFILE, XDG_CONFIG_HOME,
  /// HOME). Empty: std::getenv.
  std::function<std::optional<std::string>(const std::string&)> getenv;
  /// True when the error stream is a terminal: waits then draw a progress bar in place
  /// instead of printing one line per change.
  bool progress_tty = false;
  /// True when standard input is a terminal: `moi configure` then prompts (on the error
  /// stream) for the base URL and the API key, and reads the key without echo.
  bool stdin_tty = false;
  /// The width of the terminal standard output is, or 0 when it is not a terminal: then
  /// `--output table` cuts over-wide cells with "…" to fit (never tsv or JSON).
  std::size_t stdout_columns = 0;
  /// Sleeps between polls of a wait and between retries. Empty: std::this_thread::sleep_for.
  moi::Sleeper sleeper;
  /// Steady clock of wait deadlines and elapsed times. Empty: std::chrono::steady_clock.
  moi::SteadyClock clock;
  /// Cancelling it (from another thread) stops the command as a signal would: the request in
  /// flight is aborted, a pause or wait ends, and run() prints "moi: cancelled" and returns
  /// kExitCancelled.
  moi::CancellationToken cancel;
};

/// Runs `moi` with @p argv (argv[0] is the program name): parses the command line, calls the
/// SDK, prints the result on @p out and diagnostics on @p err, reads `--json -` from @p in.
/// Never throws; returns an ExitCode.
int run(int argc, const char* const argv[], std::istream& in, std::ostream& out, std::ostream& err,
        const Environment& env = {});

/// Records that @p signal_number (SIGINT, SIGTERM) arrived: a run() in progress stops within
/// a few milliseconds of its next check (an in-flight request is aborted), prints
/// "moi: cancelled" and returns 128 + @p signal_number. Async-signal-safe: it only stores into
/// a lock-free atomic. The handlers of install_signal_handlers() call it; tests may too.
void notify_signal(int signal_number) noexcept;

/// Forgets a signal recorded by notify_signal() (for tests that run several commands).
void clear_signal() noexcept;

/// Installs SIGINT and SIGTERM handlers that call notify_signal(). A second signal while the
/// first is being handled ends the process at once (the default action). A signal the parent
/// made the process ignore stays ignored. For main().
void install_signal_handlers();

/// One example command line of the help text (`moi <group> <action> --help`).
struct Example {
  std::string group;
  std::string action;
  std::string command_line;  ///< e.g. "moi workflow get WORKFLOW_ID" (may hold a pipe).
};

/// Every example of the help text, in help order (the tests run each of them).
std::vector<Example> examples();

/// run() with the arguments after the program name as strings.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err, const Environment& env = {});

}  // namespace moi::cli
