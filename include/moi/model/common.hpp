// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Pieces shared by every model type: the Json alias, moi::Timestamp and the wire memo.
///
/// Conventions of the model layer (see docs/decisions/0002-model-wire-fidelity.md):
/// - Every body type has `to_json`/`from_json` found by ADL, so `Json j = value;` and
///   `j.get<T>()` work. `from_json` throws moi::DecodeError naming the JSON path of the first
///   value of the wrong type; it never reads a member that is absent.
/// - A `std::optional` member is written only when it holds a value (or as `null` when it
///   arrived as `null`).
/// - Keys the SDK does not model are kept in the member `extra` (a JSON object, or null when
///   there were none) and written back on encoding; a modelled key wins over `extra`.
/// - A decoded object re-encodes to JSON equal to what was decoded: each object privately
///   remembers how its members arrived (null or absent, arrays sent as JSON text, ids sent as
///   numbers). That memory applies only while a member keeps its decoded value.
/// - Model types are aggregates: set members one by one (`Connection c; c.sender = "A.out";`)
///   or brace-initialise them in declaration order, leaving out trailing members
///   (`Connection{"A.out", "B.in"}`, `MoColumnMapping{"content", "doc_content"}`). Every member
///   has a default member initializer, so leaving members out draws no
///   -Wmissing-field-initializers warning. The last member, `wire_`, holds the private memory of
///   the wire form: never name it in an initializer (see
///   docs/decisions/0004-model-aggregates.md).
/// Model types are plain values: copyable, not synchronised; use one object per thread or
/// guard it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "moi/error.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// Free-form JSON (component parameters, unknown keys). nlohmann::json is a public dependency.
using Json = nlohmann::json;

namespace detail {

struct MemoAccess;  // Defined in the library's sources: the only code that reads a WireMemo.

/// Internal: how the members of one decoded object arrived on the wire, so that re-encoding
/// reproduces them. Not part of the API; its layout may change in any release.
struct WireMemo {
  /// One member whose wire form is not the SDK's canonical encoding of its value.
  struct Form {
    std::uint32_t member = 0;     ///< Index of the member in its type's schema.
    bool string_encoded = false;  ///< The value arrived as JSON text inside a string.
    Json raw;                     ///< The value exactly as it arrived.
    Json decoded;                 ///< Canonical encoding of the decoded value.
  };
  std::uint64_t nulls = 0;   ///< Bit i: member i arrived as JSON null.
  std::uint64_t absent = 0;  ///< Bit i: defaulted member i was absent.
  std::uint32_t flags = 0;   ///< Type-specific flags (e.g. W1's flow_interval form).
  std::vector<Form> forms;   ///< Usually empty: no allocation for ordinary objects.
};

/// Internal: the WireMemo of one model object, held as the object's last member `wire_`.
///
/// A member rather than a base class keeps model types aggregates whose brace initialisation
/// starts with their first real member: `Connection{"A.out", "B.in"}` (a base would need a
/// leading `{}` in C++17, and C++20 designated initialisers warn about it). The memo itself is
/// private (only detail::MemoAccess reaches it), so the public `wire_` can be copied, moved or
/// value-initialised but not read. It is not part of an object's value: holders always compare
/// equal, and copying a model object copies its memo along with the members it describes.
class WireMemoHolder {
 public:
  /// An empty memo: the object encodes canonically.
  WireMemoHolder() noexcept = default;
  /// Always true: the memo is not part of the value.
  friend bool operator==(const WireMemoHolder&, const WireMemoHolder&) noexcept { return true; }
  /// Always false: the memo is not part of the value.
  friend bool operator!=(const WireMemoHolder&, const WireMemoHolder&) noexcept { return false; }

 private:
  friend struct MemoAccess;
  WireMemo memo_;
};

}  // namespace detail

/// Declares the JSON codec of the model type @p T in one line: `to_json(Json&, const T&)` and
/// `from_json(const Json&, T&)`, found by ADL (`Json j = v;`, `j.get<T>()`). from_json throws
/// DecodeError naming the JSON path of the first wrong-typed or missing required value. The
/// library defines both for every model type (MOI_MODEL_CODEC in src/model/codec.hpp).
#define MOI_MODEL_JSON(T)                              \
  MOI_EXPORT void to_json(::moi::Json& j, const T& v); \
  MOI_EXPORT void from_json(const ::moi::Json& j, T& v)

/// An instant sent as epoch milliseconds: the type of the time filters of requests
/// (ListWorkflowsRequest::start_time / end_time, W2).
///
/// Implicitly constructible from either form (a value type rather than setter overloads, so
/// that a request member keeps plain assignment and brace initialisation); the wire form is
/// always the integer (`start_time=1739377287000` for the first two lines):
/// @code
/// using namespace std::chrono;
/// query.start_time = 1739377287000;  // raw epoch ms, as before
/// query.start_time = system_clock::time_point(milliseconds(1739377287000));
/// query.start_time = system_clock::now() - hours(24);
/// @endcode
/// A time_point of any duration is rounded down (towards the past) to whole milliseconds. A
/// plain value type, not synchronised.
class EpochMillis {
 public:
  /// 1970-01-01T00:00:00Z (0 ms).
  constexpr EpochMillis() noexcept = default;
  /// @p ms milliseconds since 1970-01-01T00:00:00Z (negative: before).
  // NOLINTNEXTLINE(google-explicit-constructor): implicit by design.
  constexpr EpochMillis(std::int64_t ms) noexcept : ms_(ms) {}
  /// The instant @p t, rounded down to whole milliseconds. A duration coarser than
  /// milliseconds must fit in int64 milliseconds (about +-292 million years).
  template <class Duration>
  // NOLINTNEXTLINE(google-explicit-constructor): implicit by design.
  constexpr EpochMillis(std::chrono::time_point<std::chrono::system_clock, Duration> t) noexcept
      : ms_(static_cast<std::int64_t>(
            std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count())) {}

  /// Milliseconds since 1970-01-01T00:00:00Z: what is sent.
  constexpr std::int64_t epoch_ms() const noexcept { return ms_; }

  /// Same instant.
  friend constexpr bool operator==(EpochMillis a, EpochMillis b) noexcept { return a.ms_ == b.ms_; }
  /// Not the same instant.
  friend constexpr bool operator!=(EpochMillis a, EpochMillis b) noexcept { return a.ms_ != b.ms_; }

 private:
  std::int64_t ms_ = 0;
};

/// A point in time as the service sent it: epoch milliseconds (`1739377287000`), ISO-8601
/// text with or without zone or fraction (`"2025-05-30T09:45:58"`, `"2024-01-01T00:00:00Z"`,
/// `"2024-01-01T00:00:00.123+0000"`), `null`, or unset (the key was absent).
///
/// Encoding writes back exactly what was received. epoch_ms() interprets the value; ISO text
/// without a zone is taken as UTC. Decoding accepts any string (epoch_ms() is then empty for
/// text it cannot read) and throws DecodeError for booleans, objects, arrays and fractional
/// numbers. A plain value type, not synchronised.
class MOI_EXPORT Timestamp {
 public:
  /// Which wire form the value has.
  enum class Form : std::uint8_t {
    kUnset,    ///< No value; a struct member in this state is not written.
    kNull,     ///< JSON null.
    kEpochMs,  ///< A JSON integer: milliseconds since 1970-01-01T00:00:00Z.
    kText,     ///< A JSON string, kept verbatim (normally ISO-8601).
  };

  /// An unset timestamp.
  Timestamp() noexcept = default;
  /// A timestamp written as JSON null.
  static Timestamp null() noexcept;
  /// A timestamp written as the integer @p ms (epoch milliseconds).
  static Timestamp from_epoch_ms(std::int64_t ms) noexcept;
  /// A timestamp written as the string @p text (normally ISO-8601).
  static Timestamp from_text(std::string text);

  /// The wire form.
  Form form() const noexcept { return form_; }
  /// True for kEpochMs and kText (a value was sent, though text may be unreadable).
  bool has_value() const noexcept { return form_ == Form::kEpochMs || form_ == Form::kText; }
  /// True when unset (the key was absent or was never set).
  bool is_unset() const noexcept { return form_ == Form::kUnset; }
  /// True when the service sent null.
  bool is_null() const noexcept { return form_ == Form::kNull; }
  /// Milliseconds since the epoch, or nullopt for unset, null or unreadable text. Text that is
  /// all digits is read as epoch milliseconds; ISO-8601 without a zone is read as UTC.
  std::optional<std::int64_t> epoch_ms() const noexcept;
  /// The text as received (kText), else empty.
  const std::string& text() const noexcept { return text_; }
  /// The instant epoch_ms() reads, as a system_clock time point; nullopt for unset, null or
  /// unreadable text, and also for an instant system_clock cannot represent (never clamped,
  /// never overflowing: with libstdc++'s nanosecond clock that is before 1677-09-21 or after
  /// 2262-04-11, so `"9999-12-31T23:59:59Z"` gives nullopt there; epoch_ms() still has it).
  std::optional<std::chrono::system_clock::time_point> time_point() const noexcept;
  /// The instant as UTC ISO-8601 with milliseconds ("2025-01-15T10:30:00.000Z"), or nullopt
  /// when epoch_ms() is empty.
  std::optional<std::string> to_iso8601() const;

  /// Same wire form and same wire value (not "same instant").
  friend bool operator==(const Timestamp& a, const Timestamp& b) noexcept {
    return a.form_ == b.form_ && a.ms_ == b.ms_ && a.text_ == b.text_;
  }
  /// Not the same wire form and value: !(a == b).
  friend bool operator!=(const Timestamp& a, const Timestamp& b) noexcept { return !(a == b); }

 private:
  Form form_ = Form::kUnset;
  std::int64_t ms_ = 0;
  std::string text_;
};

/// Writes the timestamp in its wire form (an unset timestamp is written as null).
MOI_EXPORT void to_json(Json& j, const Timestamp& value);
/// Reads any wire form. @throws DecodeError for booleans, objects, arrays, fractional numbers
/// and integers outside int64.
MOI_EXPORT void from_json(const Json& j, Timestamp& value);

}  // namespace moi
