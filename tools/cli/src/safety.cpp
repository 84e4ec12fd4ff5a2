// SPDX-License-Identifier: Apache-2.0
#include "safety.hpp"

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "moi_internal/utf8.hpp"

namespace moi::cli {
namespace {

void append_hex(std::string& out, const char* prefix, unsigned value) {
  char text[16];
  std::snprintf(text, sizeof text, "%s%02x", prefix, value);
  out += text;
}

// "\\u" and four hex digits: a character of the Basic Multilingual Plane as an escape.
void append_code_point(std::string& out, char32_t cp) {
  char text[16];
  std::snprintf(text, sizeof text, "\\u%04x", static_cast<unsigned>(cp));
  out += text;
}

// The signal the handlers recorded. A lock-free atomic of static storage: storing to it is
// async-signal-safe.
std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal flag must be lock-free");

extern "C" void on_signal(int signal_number) {
  if (g_signal.load(std::memory_order_relaxed) != 0) {
    // The second Ctrl-C: stop at once, with the default action (async-signal-safe calls only).
    ::signal(signal_number, SIG_DFL);
    ::raise(signal_number);
    return;
  }
  notify_signal(signal_number);
}

}  // namespace

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c < 0x80) {  // C0 or DEL
      switch (c) {
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\a':
          out += "\\a";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\v':
          out += "\\v";
          break;
        default:
          append_hex(out, "\\x", c);
          break;
      }
      ++i;
      continue;
    }
    const std::size_t length = detail::utf8_sequence_length(text, i);
    if (length == 0) {
      append_hex(out, "\\x", c);
      ++i;
    } else if (length == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      append_hex(out, "\\u00", static_cast<unsigned char>(text[i + 1]));  // C1 control
      i += 2;
    } else if (const char32_t cp = detail::utf8_code_point(text, i, length);
               detail::is_invisible_format(cp)) {
      append_code_point(out, cp);  // bidi control or zero-width character
      i += length;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::string escape_json_controls(std::string json_text) {
  // In dump() output these bytes only occur inside strings, where \u escapes mean the same.
  std::string out;
  out.reserve(json_text.size());
  for (std::size_t i = 0; i < json_text.size(); ++i) {
    const auto c = static_cast<unsigned char>(json_text[i]);
    if (c == 0x7F) {
      out += "\\u007f";
    } else if (c == 0xC2 && i + 1 < json_text.size() &&
               static_cast<unsigned char>(json_text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(json_text[i + 1]) <= 0x9F) {
      append_hex(out, "\\u00", static_cast<unsigned char>(json_text[i + 1]));
      ++i;
    } else if (c >= 0xC0) {
      const std::size_t length = detail::utf8_sequence_length(json_text, i);
      const char32_t cp = length == 0 ? 0 : detail::utf8_code_point(json_text, i, length);
      if (length != 0 && detail::is_invisible_format(cp)) {
        append_code_point(out, cp);
        i += length - 1;
      } else {
        out += static_cast<char>(c);
      }
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string check_seconds(const std::string& text, double max_seconds) {
  char range[96];
  std::snprintf(range, sizeof range, "a number of seconds from %g to %.0f", kMinSeconds,
                max_seconds);
  const std::string expected = std::string("must be ") + range;
  if (text.empty()) return expected;
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return expected + ", got \"" + text + "\"";
  // NaN fails both comparisons; infinities and overflow (ERANGE, HUGE_VAL) fail the range.
  if (!(value >= kMinSeconds && value <= max_seconds)) {
    return expected + ", got \"" + text + "\"";
  }
  return {};
}

std::chrono::milliseconds seconds_to_ms(double seconds, double max_seconds) {
  if (!(seconds >= kMinSeconds)) seconds = kMinSeconds;  // NaN included
  if (seconds > max_seconds) seconds = max_seconds;
  // Both bounds are far inside the range of the representation: the cast is defined.
  return std::chrono::milliseconds(
      static_cast<std::chrono::milliseconds::rep>(std::ceil(seconds * 1000.0)));
}

int percent_for_display(double value) noexcept {
  if (!(value > 0)) return 0;  // NaN, negatives
  if (value >= 100) return 100;
  return static_cast<int>(value);
}

int ratio_percent(std::int64_t a, std::int64_t b, std::int64_t total) noexcept {
  if (total <= 0) return 0;
  const double done = static_cast<double>(a) + static_cast<double>(b);
  return percent_for_display(done / static_cast<double>(total) * 100.0);
}

void notify_signal(int signal_number) noexcept {
  g_signal.store(signal_number > 0 ? signal_number : SIGINT, std::memory_order_relaxed);
}

int pending_signal() noexcept { return g_signal.load(std::memory_order_relaxed); }

void clear_signal() noexcept { g_signal.store(0, std::memory_order_relaxed); }

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = &on_signal;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a read of `--json -` blocked on a terminal returns, and the CLI sees the flag.
  action.sa_flags = 0;
  for (const int signal_number : {SIGINT, SIGTERM}) {
    // A signal ignored when moi started stays ignored (`moi ... &` from a script, nohup):
    // that is the parent's choice.
    struct sigaction current {};
    if (::sigaction(signal_number, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) {
      continue;
    }
    ::sigaction(signal_number, &action, nullptr);
  }
}

bool cancel_requested(const Environment& env) noexcept {
  return pending_signal() != 0 || env.cancel.cancelled();
}

std::function<bool()> abort_check(const Environment& env) {
  return [token = env.cancel] { return pending_signal() != 0 || token.cancelled(); };
}

Sleeper cli_sleeper(const Environment& env) {
  if (env.sleeper) return env.sleeper;
  return [aborted = abort_check(env)](std::chrono::milliseconds pause) {
    using clock = std::chrono::steady_clock;
    const auto end = clock::now() + pause;
    while (!aborted()) {
      const auto now = clock::now();
      if (now >= end) return;
      std::this_thread::sleep_for(
          std::min<clock::duration>(end - now, std::chrono::milliseconds(10)));
    }
  };
}

int cancelled_exit_code() noexcept {
  const int signal_number = pending_signal();
  return signal_number > 0 ? 128 + signal_number : kExitCancelled;
}

}  // namespace moi::cli
