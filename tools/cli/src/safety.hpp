// SPDX-License-Identifier: Apache-2.0
#pragma once
// What keeps outside values from hurting the CLI or the terminal: control characters escaped
// before they are printed, numbers range-checked before they become integers, the size of
// --json bounded, and the cancellation flag the signal handlers set.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "moi/options.hpp"
#include "moi_cli/cli.hpp"

namespace moi::cli {

// ---- Text ----------------------------------------------------------------------------------

/// @p text as one line a terminal shows literally: C0 controls and DEL become escapes (\n, \r,
/// \t, \a, \b, \f, \v, \x1b, \x7f ...), C1 controls (U+0080-U+009F, which some terminals
/// read as escape sequences) become \u0080-\u009f, the bidirectional controls and zero-width
/// characters (detail::is_invisible_format: U+202E would show "exe.pdf" for "fdp.exe") become
/// \u202e and the like, and bytes that are not UTF-8 become \xNN. Everything else, backslashes
/// included, is kept as it is.
std::string escape_controls(std::string_view text);

/// @p json_text (the output of nlohmann's dump, where C0 controls are already \u escapes)
/// with DEL, C1 controls, bidirectional controls and zero-width characters also written as \u
/// escapes: the same JSON value, nothing a terminal would interpret or reorder.
std::string escape_json_controls(std::string json_text);

// ---- Numbers -------------------------------------------------------------------------------

/// Longest wait (`job wait` / `export wait` --timeout): 30 days.
inline constexpr double kMaxWaitSeconds = 30.0 * 24 * 3600;
/// Longest timeout of one HTTP request (global --timeout): 1 day.
inline constexpr double kMaxRequestSeconds = 24.0 * 3600;
/// Shortest of either: 1 ms (shorter would round to 0, which libcurl reads as "no timeout").
inline constexpr double kMinSeconds = 0.001;

/// The range check of a seconds option: "" when @p text is a finite number of seconds in
/// [kMinSeconds, @p max_seconds], else the reason, naming the accepted range.
std::string check_seconds(const std::string& text, double max_seconds);

/// @p seconds (already checked by check_seconds) in whole milliseconds, rounded up, clamped
/// to [1 ms, @p max_seconds]: never undefined, whatever the double.
std::chrono::milliseconds seconds_to_ms(double seconds, double max_seconds);

/// A percentage from the service (job progress) for display: 0 for NaN, clamped to 0..100.
int percent_for_display(double value) noexcept;

/// (@p a + @p b) / @p total as a percentage for display, clamped to 0..100; 0 when
/// total <= 0. Computed in floating point: no integer overflow for any counts.
int ratio_percent(std::int64_t a, std::int64_t b, std::int64_t total) noexcept;

// ---- Input size ----------------------------------------------------------------------------

/// Largest --json text accepted (inline, @FILE or stdin): 32 MiB, the SDK's response cap.
inline constexpr std::size_t kMaxJsonInputBytes = std::size_t{32} * 1024 * 1024;

// ---- Cancellation --------------------------------------------------------------------------

/// The signal notify_signal() recorded, or 0.
int pending_signal() noexcept;

/// True when the command should stop: a signal arrived or @p env's token was cancelled.
bool cancel_requested(const Environment& env) noexcept;

/// The predicate the CLI gives the SDK (CallOptions::should_abort, WaitOptions::call).
std::function<bool()> abort_check(const Environment& env);

/// The sleeper of retries and waits: @p env's when it has one (tests), else a real sleep
/// that wakes within a few milliseconds of a cancellation.
Sleeper cli_sleeper(const Environment& env);

/// The exit code of a cancelled command: 128 + the signal, or kExitCancelled.
int cancelled_exit_code() noexcept;

}  // namespace moi::cli
