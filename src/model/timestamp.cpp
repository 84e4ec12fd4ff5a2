// SPDX-License-Identifier: Apache-2.0
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <ratio>
#include <string_view>
#include <system_error>
#include <utility>

#include "model/codec.hpp"
#include "moi/model/common.hpp"

namespace moi {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

// Inverse of days_from_civil.
constexpr Civil civil_from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{y + (m <= 2 ? 1 : 0), m, d};
}

constexpr bool is_leap(std::int64_t y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// A small cursor over ISO-8601 text.
class Cursor {
 public:
  explicit Cursor(std::string_view s) noexcept : s_(s) {}
  bool done() const noexcept { return i_ == s_.size(); }
  char peek() const noexcept { return done() ? '\0' : s_[i_]; }
  bool eat(char c) noexcept {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  // Exactly @p n decimal digits.
  bool digits(int n, unsigned& out) noexcept {
    out = 0;
    for (int k = 0; k < n; ++k) {
      const char c = peek();
      if (c < '0' || c > '9') return false;
      out = out * 10 + static_cast<unsigned>(c - '0');
      ++i_;
    }
    return true;
  }
  // A fraction after '.' or ',': one or more digits, read as milliseconds (truncated).
  bool fraction_ms(unsigned& ms) noexcept {
    ms = 0;
    int count = 0;
    while (peek() >= '0' && peek() <= '9') {
      if (count < 3) ms = ms * 10 + static_cast<unsigned>(peek() - '0');
      ++count;
      ++i_;
    }
    for (int k = count; k < 3; ++k) ms *= 10;
    return count > 0;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

std::optional<std::int64_t> parse_all_digits(std::string_view s) noexcept {
  std::int64_t out = 0;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out);
  if (s.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return out;
}

// YYYY-MM-DD[(T|t| )hh:mm[:ss[(.|,)fff...]]][Z|z|(+|-)hh[[:]mm]]. No zone means UTC.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view s) noexcept {
  Cursor c(s);
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, ms = 0;
  if (!c.digits(4, year) || !c.eat('-') || !c.digits(2, month) || !c.eat('-') ||
      !c.digits(2, day)) {
    return std::nullopt;
  }
  if (c.eat('T') || c.eat('t') || c.eat(' ')) {
    if (!c.digits(2, hour) || !c.eat(':') || !c.digits(2, minute)) return std::nullopt;
    if (c.eat(':')) {
      if (!c.digits(2, second)) return std::nullopt;
      if ((c.eat('.') || c.eat(',')) && !c.fraction_ms(ms)) return std::nullopt;
    }
  }
  std::int64_t offset_minutes = 0;
  if (c.eat('Z') || c.eat('z')) {
    // UTC
  } else if (c.peek() == '+' || c.peek() == '-') {
    const int sign = c.peek() == '-' ? -1 : 1;
    c.eat(c.peek());
    unsigned oh = 0, om = 0;
    if (!c.digits(2, oh)) return std::nullopt;
    if (c.eat(':')) {
      if (!c.digits(2, om)) return std::nullopt;
    } else if (!c.done() && !c.digits(2, om)) {
      return std::nullopt;
    }
    if (oh > 23 || om > 59) return std::nullopt;
    offset_minutes = sign * static_cast<std::int64_t>(oh * 60 + om);
  }
  if (!c.done()) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  const std::int64_t days = days_from_civil(year, month, day);
  const std::int64_t seconds = ((days * 24 + hour) * 60 + minute) * 60 + second;
  return seconds * 1000 + ms - offset_minutes * 60000;
}

}  // namespace

Timestamp Timestamp::null() noexcept {
  Timestamp t;
  t.form_ = Form::kNull;
  return t;
}

Timestamp Timestamp::from_epoch_ms(std::int64_t ms) noexcept {
  Timestamp t;
  t.form_ = Form::kEpochMs;
  t.ms_ = ms;
  return t;
}

Timestamp Timestamp::from_text(std::string text) {
  Timestamp t;
  t.form_ = Form::kText;
  t.text_ = std::move(text);
  return t;
}

std::optional<std::int64_t> Timestamp::epoch_ms() const noexcept {
  switch (form_) {
    case Form::kEpochMs:
      return ms_;
    case Form::kText: {
      const std::string_view s = text_;
      const bool digits_only = !s.empty() && s.find_first_not_of("0123456789") == s.npos;
      return digits_only ? parse_all_digits(s) : parse_iso8601_ms(s);
    }
    case Form::kUnset:
    case Form::kNull:
      break;
  }
  return std::nullopt;
}

std::optional<std::chrono::system_clock::time_point> Timestamp::time_point() const noexcept {
  using std::chrono::milliseconds;
  using Clock = std::chrono::system_clock;
  const auto ms = epoch_ms();
  if (!ms) return std::nullopt;
  if constexpr (std::ratio_less_equal_v<Clock::period, std::milli>) {
    // A finer clock (nanoseconds, microseconds): refuse what the multiplication would overflow.
    constexpr std::int64_t kMax =
        std::chrono::duration_cast<milliseconds>(Clock::duration::max()).count();
    constexpr std::int64_t kMin =
        std::chrono::duration_cast<milliseconds>(Clock::duration::min()).count();
    if (*ms > kMax || *ms < kMin) return std::nullopt;
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(milliseconds(*ms)));
  } else {
    // A coarser clock: rounding down to its tick cannot overflow.
    return Clock::time_point(std::chrono::floor<Clock::duration>(milliseconds(*ms)));
  }
}

std::optional<std::string> Timestamp::to_iso8601() const {
  const auto ms = epoch_ms();
  if (!ms) return std::nullopt;
  // Floor division so that instants before 1970 format correctly.
  std::int64_t days = *ms / 86400000;
  std::int64_t rest = *ms % 86400000;
  if (rest < 0) {
    rest += 86400000;
    --days;
  }
  const Civil date = civil_from_days(days);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<long long>(date.year), date.month, date.day,
                static_cast<int>(rest / 3600000), static_cast<int>(rest / 60000 % 60),
                static_cast<int>(rest / 1000 % 60), static_cast<int>(rest % 1000));
  return std::string(buf);
}

void to_json(Json& j, const Timestamp& value) {
  switch (value.form()) {
    case Timestamp::Form::kEpochMs:
      j = *value.epoch_ms();
      return;
    case Timestamp::Form::kText:
      j = value.text();
      return;
    case Timestamp::Form::kUnset:
    case Timestamp::Form::kNull:
      break;
  }
  j = nullptr;
}

void from_json(const Json& j, Timestamp& value) {
  constexpr const char* kExpected = "epoch milliseconds (an integer), ISO-8601 text or null";
  switch (j.type()) {
    case Json::value_t::null:
      value = Timestamp::null();
      return;
    case Json::value_t::string:
      value = Timestamp::from_text(j.get_ref<const std::string&>());
      return;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: {
      bool noncanonical = false;
      try {
        // Integral floats (1739377287000.0) are accepted; they re-encode as integers, which
        // compare equal.
        value = Timestamp::from_epoch_ms(model_codec::read_int64(j, noncanonical));
      } catch (const DecodeError&) {
        model_codec::throw_type(kExpected, j);
      }
      return;
    }
    default:
      model_codec::throw_type(kExpected, j);
  }
}

}  // namespace moi
