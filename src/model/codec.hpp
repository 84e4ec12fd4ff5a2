// SPDX-License-Identifier: Apache-2.0
#pragma once
// Private: the schema-driven JSON codec behind every model type's to_json/from_json.
//
// Each model type S lists its members once, in `Schema<S>::kFields` (a tuple of Field: wire
// key, member pointer, codec tag, flags; src/model/schema.hpp), optionally with
// `using Hooks = ...` for keys a schema row cannot express. decode_object() walks the JSON
// object once, matches each key against that short list (a length check, then a compare),
// decodes the member and keeps any other key in `extra`. encode_object() writes the members
// back, consulting the object's WireMemo so that a decoded value re-encodes in the form it
// arrived. MOI_MODEL_CODEC(S) defines S's to_json/from_json (declared by MOI_MODEL_JSON) in one
// line.
//
// Errors: every decoder throws DecodeError with a path relative to the value it decodes;
// callers prefix the member key or the "[i]" index while unwinding.

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/wire_enums.hpp"
#include "moi/error.hpp"
#include "moi/model/common.hpp"
#include "moi/model/enums.hpp"

namespace moi::detail {

/// The only code that reaches a model object's private WireMemo (held by its member `wire_`).
struct MemoAccess {
  template <class S>
  static WireMemo& memo(S& s) noexcept {
    return s.wire_.memo_;
  }
  template <class S>
  static const WireMemo& memo(const S& s) noexcept {
    return s.wire_.memo_;
  }
};

}  // namespace moi::detail

namespace moi::model_codec {

using detail::WireMemo;

// ---- Non-template helpers (codec.cpp) -------------------------------------------------------

/// Throws DecodeError("", problem).
[[noreturn]] void throw_problem(std::string problem);
/// Throws DecodeError("", "expected <expected>, got <description of got>").
[[noreturn]] void throw_type(const char* expected, const Json& got);
/// "string \"abc\"", "integer 5", "null", "an object", ... for error messages.
std::string describe(const Json& v);
/// "[i]" for array element paths.
std::string index_prefix(std::size_t i);
/// Parses the JSON text held by the string @p v; it must be an array (@p want_array) or an
/// object. Throws DecodeError when the text is not JSON or holds something else.
Json parse_embedded(const Json& v, bool want_array);
/// An integer: JSON integer, integral JSON float or decimal string (the latter two set
/// @p noncanonical). Throws DecodeError for anything else or outside int64.
std::int64_t read_int64(const Json& v, bool& noncanonical);
/// An id: a string, or an integer turned into its exact decimal text (sets @p from_number).
std::string read_id(const Json& v, bool& from_number);
/// True when @p s is a canonical decimal ("0" or no leading zero) that fits uint64.
bool canonical_uint64(const std::string& s, std::uint64_t& out) noexcept;
/// Whether @p s is a negative int64 in canonical decimal ("-1", never "-0" or "-01").
bool canonical_negative_int64(const std::string& s, std::int64_t& out) noexcept;
/// The memo entry for member @p index, or nullptr.
const WireMemo::Form* find_form(const WireMemo& memo, std::uint32_t index) noexcept;
/// @p canonical, or the raw wire value when @p canonical equals what was decoded, or the
/// canonical value as JSON text when the member arrived as JSON text.
Json apply_form(const WireMemo& memo, std::uint32_t index, Json canonical);

constexpr std::uint64_t bit(std::size_t i) noexcept { return std::uint64_t{1} << i; }

// ---- Codec tags -----------------------------------------------------------------------------

// Plain: the member type's ordinary codec. IdText: id, string or integer in, string out.
// IdNumeric: id, string or integer in; integer out when a canonical uint64 decimal.
// IdSignedNumeric: as IdNumeric, and a canonical negative integer too (table id -1).
// UnixSeconds: a Timestamp whose integers are seconds (the host-root calls).
struct Plain {};
struct IdText {};
struct IdNumeric {};
struct IdSignedNumeric {};
struct UnixSeconds {};

/// What a decoder noticed about the wire form.
struct Note {
  bool noncanonical = false;    // re-encoding the value would not reproduce the input
  bool string_encoded = false;  // the container arrived as JSON text inside a string
};

template <class T, class = void>
struct IsModel : std::false_type {};
template <class T>
struct IsModel<T, std::void_t<decltype(&T::extra)>> : std::true_type {};

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

// ---- Value codecs: decode(const Json&, T&, Note&) / Json encode(const T&) --------------------

template <class T, class Tag, class Enable = void>
struct Value;

template <>
struct Value<std::string, Plain> {
  static void decode(const Json& v, std::string& out, Note&) {
    if (!v.is_string()) throw_type("a string", v);
    out = v.get_ref<const std::string&>();
  }
  static Json encode(const std::string& s) { return s; }
};

template <>
struct Value<std::string, IdText> {
  static void decode(const Json& v, std::string& out, Note& note) {
    if (v.is_string()) {
      out = v.get_ref<const std::string&>();
      return;
    }
    bool from_number = false;
    out = read_id(v, from_number);
    note.noncanonical = note.noncanonical || from_number;
  }
  static Json encode(const std::string& s) { return s; }
};

template <>
struct Value<std::string, IdNumeric> {
  static void decode(const Json& v, std::string& out, Note& note) {
    bool from_number = false;
    out = read_id(v, from_number);
    std::uint64_t n = 0;
    // Canonical form: an integer when the text is a canonical uint64, else a string.
    if (from_number != canonical_uint64(out, n)) note.noncanonical = true;
  }
  static Json encode(const std::string& s) {
    std::uint64_t n = 0;
    if (canonical_uint64(s, n)) return n;
    return s;
  }
};

template <>
struct Value<std::string, IdSignedNumeric> {
  static void decode(const Json& v, std::string& out, Note& note) {
    bool from_number = false;
    out = read_id(v, from_number);
    std::uint64_t n = 0;
    std::int64_t negative = 0;
    // Canonical form: an integer when the text is a canonical integer, else a string.
    if (from_number != (canonical_uint64(out, n) || canonical_negative_int64(out, negative))) {
      note.noncanonical = true;
    }
  }
  static Json encode(const std::string& s) {
    std::uint64_t n = 0;
    if (canonical_uint64(s, n)) return n;
    std::int64_t negative = 0;
    if (canonical_negative_int64(s, negative)) return negative;
    return s;
  }
};

template <>
struct Value<std::int64_t, Plain> {
  static void decode(const Json& v, std::int64_t& out, Note& note) {
    out = read_int64(v, note.noncanonical);
  }
  static Json encode(std::int64_t x) { return x; }
};

template <>
struct Value<double, Plain> {
  static void decode(const Json& v, double& out, Note& note);
  static Json encode(double x);
};

template <>
struct Value<bool, Plain> {
  static void decode(const Json& v, bool& out, Note&) {
    if (!v.is_boolean()) throw_type("a boolean", v);
    out = v.get<bool>();
  }
  static Json encode(bool b) { return b; }
};

template <>
struct Value<Json, Plain> {
  static void decode(const Json& v, Json& out, Note&) { out = v; }
  static Json encode(const Json& j) { return j; }
};

template <>
struct Value<SortOrder, Plain> {
  static void decode(const Json& v, SortOrder& out, Note& note);
  static Json encode(SortOrder o) { return to_wire_asc_desc(o); }
};

/// Open enums: any int32 value.
template <class E>
struct Value<E, Plain, std::enable_if_t<std::is_enum_v<E> && !std::is_same_v<E, SortOrder>>> {
  static void decode(const Json& v, E& out, Note& note) {
    const std::int64_t n = read_int64(v, note.noncanonical);
    if (n < INT32_MIN || n > INT32_MAX) {
      throw_problem("value " + std::to_string(n) + " is out of range for an enumeration");
    }
    out = static_cast<E>(n);
  }
  static Json encode(E e) { return static_cast<std::int64_t>(e); }
};

/// Arrays, also when they arrive as JSON text inside a string ("[1, 2, 4]").
template <class E, class Tag>
struct Value<std::vector<E>, Tag> {
  static void decode(const Json& v, std::vector<E>& out, Note& note) {
    if (v.is_string()) {
      const Json parsed = parse_embedded(v, true);
      note.noncanonical = true;
      note.string_encoded = true;
      decode_array(parsed, out, note);
      return;
    }
    if (!v.is_array()) throw_type("an array", v);
    decode_array(v, out, note);
  }
  static Json encode(const std::vector<E>& values) {
    Json j(Json::value_t::array);
    auto& arr = j.get_ref<Json::array_t&>();
    arr.reserve(values.size());
    for (const auto& e : values) arr.push_back(Value<E, Tag>::encode(e));
    return j;
  }

 private:
  static void decode_array(const Json& a, std::vector<E>& out, Note& note) {
    const auto& arr = a.get_ref<const Json::array_t&>();
    out.clear();
    out.reserve(arr.size());
    Note inner;
    for (std::size_t i = 0; i < arr.size(); ++i) {
      out.emplace_back();
      try {
        Value<E, Tag>::decode(arr[i], out.back(), inner);
      } catch (const DecodeError& e) {
        throw e.with_prefix(index_prefix(i));
      }
    }
    if (inner.noncanonical) note.noncanonical = true;
  }
};

/// Objects keyed by text (`info_map`), each value decoded by its own codec.
template <class V, class Tag>
struct Value<std::map<std::string, V>, Tag> {
  static void decode(const Json& v, std::map<std::string, V>& out, Note& note) {
    if (!v.is_object()) throw_type("an object", v);
    out.clear();
    Note inner;
    for (const auto& [key, value] : v.items()) {
      try {
        Value<V, Tag>::decode(value, out[key], inner);
      } catch (const DecodeError& e) {
        throw e.with_prefix(key);
      }
    }
    if (inner.noncanonical) note.noncanonical = true;
  }
  static Json encode(const std::map<std::string, V>& values) {
    Json j = Json::object();
    for (const auto& [key, value] : values) j[key] = Value<V, Tag>::encode(value);
    return j;
  }
};

/// Nested model objects, also when they arrive as JSON text inside a string.
template <class S>
struct Value<S, Plain, std::enable_if_t<IsModel<S>::value>> {
  static void decode(const Json& v, S& out, Note& note) {
    if (v.is_string()) {
      const Json parsed = parse_embedded(v, false);
      note.noncanonical = true;
      note.string_encoded = true;
      from_json(parsed, out);
      return;
    }
    from_json(v, out);
  }
  static Json encode(const S& s) {
    Json j;
    to_json(j, s);
    return j;
  }
};

// ---- Fields ---------------------------------------------------------------------------------

enum FieldFlags : unsigned {
  kOptionalMember = 0,
  kRequired = 1,   // absent -> DecodeError "missing required member"
  kDefaulted = 2,  // plain member that may be absent or null; memo remembers which
  // A request's list filter (std::vector): empty is not sent. It may arrive as null (memo
  // nulls bit) or as an explicit empty array (memo form), and is then written back so.
  kOmitEmpty = 4,
};

template <class S, class M, class Tag>
struct Field {
  std::string_view key;
  M S::*member;
  unsigned flags;
};

template <class Tag = Plain, class S, class M>
constexpr Field<S, M, Tag> field(std::string_view key, M S::*member, unsigned flags = 0) {
  return Field<S, M, Tag>{key, member, flags};
}

/// Specialised per model type: `static constexpr auto kFields = std::make_tuple(field(...))`.
template <class S>
struct Schema;

inline void remember(WireMemo& memo, std::uint32_t index, const Note& note, const Json& raw,
                     Json decoded) {
  memo.forms.push_back(WireMemo::Form{index, note.string_encoded, raw, std::move(decoded)});
}

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

// Whether a kDefaulted member still holds its default (then the memo decides null/absent).
template <class T>
bool is_default(const T& v) noexcept {
  if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T>) {
    return v == T{};
  } else if constexpr (IsVector<T>::value || std::is_same_v<T, std::string>) {
    return v.empty();
  } else {
    return false;
  }
}

template <class S, class M, class Tag>
void decode_field(const Field<S, M, Tag>& f, std::uint32_t index, const Json& v, S& out,
                  WireMemo& memo) {
  try {
    M& m = out.*(f.member);
    Note note;
    if constexpr (IsOptional<M>::value) {
      using X = typename M::value_type;
      if (v.is_null()) {
        memo.nulls |= bit(index);
        m.reset();
        return;
      }
      X& x = m.emplace();
      Value<X, Tag>::decode(v, x, note);
      if (note.noncanonical) remember(memo, index, note, v, Value<X, Tag>::encode(x));
    } else if constexpr (std::is_same_v<M, Timestamp>) {
      from_json(v, m);
      if constexpr (std::is_same_v<Tag, UnixSeconds>) {
        if (m.form() == Timestamp::Form::kEpochMs) {
          const std::int64_t seconds = *m.epoch_ms();
          if (seconds > INT64_MAX / 1000 || seconds < INT64_MIN / 1000) {
            throw_problem("unix time " + std::to_string(seconds) + " is out of range");
          }
          m = Timestamp::from_epoch_ms(seconds * 1000);
        }
      }
    } else {
      if (v.is_null() && (f.flags & (kDefaulted | kOmitEmpty)) != 0) {
        memo.nulls |= bit(index);
        return;
      }
      Value<M, Tag>::decode(v, m, note);
      if constexpr (IsVector<M>::value) {
        // An explicit empty list is not the canonical form (omitted) of an empty kOmitEmpty
        // member: remember it, so that it is written back.
        if ((f.flags & kOmitEmpty) != 0 && m.empty()) note.noncanonical = true;
      }
      if (note.noncanonical) remember(memo, index, note, v, Value<M, Tag>::encode(m));
    }
  } catch (const DecodeError& e) {
    throw e.with_prefix(std::string(f.key));
  }
}

template <class S, class M, class Tag>
void encode_field(const Field<S, M, Tag>& f, std::uint32_t index, const S& s, const WireMemo& memo,
                  Json::object_t& out) {
  const M& m = s.*(f.member);
  Json value;
  if constexpr (IsOptional<M>::value) {
    if (!m) {
      if ((memo.nulls & bit(index)) != 0) out.emplace(std::string(f.key), nullptr);
      return;
    }
    value = Value<typename M::value_type, Tag>::encode(*m);
  } else if constexpr (std::is_same_v<M, Timestamp>) {
    if (m.is_unset()) return;
    if constexpr (std::is_same_v<Tag, UnixSeconds>) {
      if (m.form() == Timestamp::Form::kEpochMs) {
        out.emplace(std::string(f.key), *m.epoch_ms() / 1000);
        return;
      }
    }
    to_json(value, m);
    out.emplace(std::string(f.key), std::move(value));
    return;
  } else {
    if ((f.flags & kDefaulted) != 0 && is_default(m)) {
      if ((memo.nulls & bit(index)) != 0) {
        out.emplace(std::string(f.key), nullptr);
        return;
      }
      if ((memo.absent & bit(index)) != 0) return;
    }
    if constexpr (IsVector<M>::value) {
      if ((f.flags & kOmitEmpty) != 0 && m.empty()) {
        if ((memo.nulls & bit(index)) != 0) {
          out.emplace(std::string(f.key), nullptr);
        } else if (const WireMemo::Form* form = find_form(memo, index);
                   form != nullptr && form->decoded.empty()) {
          out.emplace(std::string(f.key), form->raw);  // it arrived empty: [] or "[]"
        }
        return;
      }
    }
    value = Value<M, Tag>::encode(m);
  }
  if (memo.forms.empty()) {
    out.emplace(std::string(f.key), std::move(value));
  } else {
    out.emplace(std::string(f.key), apply_form(memo, index, std::move(value)));
  }
}

template <class S, class Tuple, std::size_t... I>
bool dispatch(const Tuple& fields, std::string_view key, const Json& v, S& out, WireMemo& memo,
              std::uint64_t& seen, std::index_sequence<I...>) {
  return ((std::get<I>(fields).key == key &&
           (decode_field(std::get<I>(fields), static_cast<std::uint32_t>(I), v, out, memo),
            seen |= bit(I), true)) ||
          ...);
}

template <class F>
void finish_field(const F& f, std::size_t index, std::uint64_t seen, WireMemo& memo) {
  if ((seen & bit(index)) != 0) return;
  if ((f.flags & kRequired) != 0) throw DecodeError(std::string(f.key), "missing required member");
  if ((f.flags & kDefaulted) != 0) memo.absent |= bit(index);
}

template <class Tuple, std::size_t... I>
void finish_fields(const Tuple& fields, std::uint64_t seen, WireMemo& memo,
                   std::index_sequence<I...>) {
  (finish_field(std::get<I>(fields), I, seen, memo), ...);
}

template <class S, class Tuple, std::size_t... I>
void encode_fields(const Tuple& fields, const S& s, const WireMemo& memo, Json::object_t& out,
                   std::index_sequence<I...>) {
  (encode_field(std::get<I>(fields), static_cast<std::uint32_t>(I), s, memo, out), ...);
}

/// Per-type extension points (W1's flow_interval/flow_offset). A hooks type names the wire
/// keys it owns in kKeys (read by the drift guard, tests/model/schema_drift_test.cpp).
struct NoHooks {
  static constexpr std::array<std::string_view, 0> kKeys{};

  template <class S>
  static bool decode_key(const Json&, const std::string&, const Json&, S&, WireMemo&) {
    return false;
  }
  template <class S>
  static void finish(S&, WireMemo&) {}
  template <class S>
  static void encode(const S&, const WireMemo&, Json::object_t&) {}
};

/// `Schema<S>::Hooks` when the schema names one, else NoHooks.
template <class S, class = void>
struct HooksOf {
  using type = NoHooks;
};
template <class S>
struct HooksOf<S, std::void_t<typename Schema<S>::Hooks>> {
  using type = typename Schema<S>::Hooks;
};

template <class S>
constexpr std::size_t field_count() {
  return std::tuple_size_v<std::decay_t<decltype(Schema<S>::kFields)>>;
}

/// Decodes the JSON object @p j into a fresh @p out. Throws DecodeError.
template <class S, class Hooks = typename HooksOf<S>::type>
void decode_object(const Json& j, S& out) {
  constexpr std::size_t n = field_count<S>();
  static_assert(n <= 64, "a model type may have at most 64 members");
  if (!j.is_object()) throw_type("an object", j);
  out = S{};
  WireMemo& memo = detail::MemoAccess::memo(out);
  std::uint64_t seen = 0;
  for (const auto& [key, value] : j.get_ref<const Json::object_t&>()) {
    if (Hooks::decode_key(j, key, value, out, memo)) continue;
    if (!dispatch(Schema<S>::kFields, key, value, out, memo, seen, std::make_index_sequence<n>{})) {
      if (!out.extra.is_object()) out.extra = Json(Json::value_t::object);
      out.extra.template get_ref<Json::object_t&>().emplace(key, value);
    }
  }
  finish_fields(Schema<S>::kFields, seen, memo, std::make_index_sequence<n>{});
  Hooks::finish(out, memo);
}

/// Encodes @p s as a JSON object into @p j: members, hook output, then `extra` keys that no
/// member wrote.
template <class S, class Hooks = typename HooksOf<S>::type>
void encode_object(const S& s, Json& j) {
  j = Json(Json::value_t::object);
  auto& obj = j.get_ref<Json::object_t&>();
  const WireMemo& memo = detail::MemoAccess::memo(s);
  encode_fields(Schema<S>::kFields, s, memo, obj, std::make_index_sequence<field_count<S>()>{});
  Hooks::encode(s, memo, obj);
  if (s.extra.is_object()) {
    for (const auto& [key, value] : s.extra.template get_ref<const Json::object_t&>()) {
      obj.emplace(key, value);
    }
  }
}

}  // namespace moi::model_codec

/// Defines the to_json/from_json that MOI_MODEL_JSON(T) declares, from Schema<T> (and its
/// Hooks). Use inside namespace moi, after Schema<T> is complete.
#define MOI_MODEL_CODEC(T)                                                                \
  void to_json(::moi::Json& j, const T& v) { ::moi::model_codec::encode_object(v, j); }   \
  void from_json(const ::moi::Json& j, T& v) { ::moi::model_codec::decode_object(j, v); } \
  static_assert(std::is_aggregate_v<T>,                                                   \
                #T " must stay an aggregate (docs/decisions/0004-model-aggregates.md)")
