// SPDX-License-Identifier: Apache-2.0
#include "model/codec.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "moi_internal/bounded_json.hpp"

namespace moi::model_codec {

namespace {

constexpr std::size_t kExcerptBytes = 40;

// Cuts @p s to at most @p max bytes without splitting a UTF-8 sequence.
std::string utf8_prefix(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0U) == 0x80U) --cut;
  return s.substr(0, cut) + "...";
}

bool integral_in_int64(double d) noexcept {
  return std::isfinite(d) && std::trunc(d) == d && d >= -9223372036854775808.0 &&
         d < 9223372036854775808.0;
}

}  // namespace

void throw_problem(std::string problem) { throw DecodeError(std::string(), std::move(problem)); }

void throw_type(const char* expected, const Json& got) {
  throw_problem(std::string("expected ") + expected + ", got " + describe(got));
}

std::string describe(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return v.get<bool>() ? "boolean true" : "boolean false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "integer " + v.dump();
    case Json::value_t::number_float:
      return "number " + v.dump();
    case Json::value_t::string:
      return "string " + Json(utf8_prefix(v.get_ref<const std::string&>(), kExcerptBytes))
                             .dump(-1, ' ', false, Json::error_handler_t::replace);
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::binary:
      return "binary data";
    case Json::value_t::discarded:
      break;
  }
  return "an invalid value";
}

std::string index_prefix(std::size_t i) { return "[" + std::to_string(i) + "]"; }

Json parse_embedded(const Json& v, bool want_array) {
  const char* expected = want_array ? "an array" : "an object";
  // Text from the wire parsed a second time: bounded like the body around it, so a string
  // holding an array nested 200,000 deep is an error, not a stack overflow further on.
  moi::detail::BoundedJson bounded =
      moi::detail::parse_json_bounded(v.get_ref<const std::string&>());
  if (bounded.too_deep) {
    throw_problem(std::string("expected ") + expected + " (or one encoded as JSON text), got " +
                  "JSON text nested deeper than " + std::to_string(moi::detail::kMaxJsonDepth) +
                  " levels");
  }
  if (!bounded.ok()) {
    throw_problem(std::string("expected ") + expected + " (or one encoded as JSON text), got " +
                  describe(v) + ", which is not JSON text");
  }
  Json parsed = std::move(bounded.value);
  if (want_array ? !parsed.is_array() : !parsed.is_object()) {
    throw_problem(std::string("expected ") + expected + " (or one encoded as JSON text), got " +
                  describe(v));
  }
  return parsed;
}

std::int64_t read_int64(const Json& v, bool& noncanonical) {
  switch (v.type()) {
    case Json::value_t::number_integer:
      return v.get<std::int64_t>();
    case Json::value_t::number_unsigned: {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        throw_problem("integer " + std::to_string(u) + " is out of range");
      }
      return static_cast<std::int64_t>(u);
    }
    case Json::value_t::number_float: {
      const double d = v.get<double>();
      if (!integral_in_int64(d)) throw_type("an integer", v);
      noncanonical = true;
      return static_cast<std::int64_t>(d);
    }
    case Json::value_t::string: {
      // Tolerated: a decimal integer sent as a string ("20").
      const std::string& s = v.get_ref<const std::string&>();
      std::int64_t out = 0;
      const char* end = s.data() + s.size();
      const auto [ptr, ec] = std::from_chars(s.data(), end, out);
      if (s.empty() || ec != std::errc() || ptr != end) throw_type("an integer", v);
      noncanonical = true;
      return out;
    }
    default:
      throw_type("an integer", v);
  }
}

std::string read_id(const Json& v, bool& from_number) {
  switch (v.type()) {
    case Json::value_t::string:
      return v.get_ref<const std::string&>();
    case Json::value_t::number_unsigned:
      from_number = true;
      return std::to_string(v.get<std::uint64_t>());
    case Json::value_t::number_integer:
      from_number = true;
      return std::to_string(v.get<std::int64_t>());
    default:
      throw_type("a string or an integer id", v);
  }
}

bool canonical_uint64(const std::string& s, std::uint64_t& out) noexcept {
  if (s.empty() || s.size() > 20) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool canonical_negative_int64(const std::string& s, std::int64_t& out) noexcept {
  if (s.size() < 2 || s.size() > 20 || s[0] != '-' || s[1] == '0') return false;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end;
}

const WireMemo::Form* find_form(const WireMemo& memo, std::uint32_t index) noexcept {
  for (const auto& form : memo.forms) {
    if (form.member == index) return &form;
  }
  return nullptr;
}

Json apply_form(const WireMemo& memo, std::uint32_t index, Json canonical) {
  const WireMemo::Form* form = find_form(memo, index);
  if (form == nullptr) return canonical;
  if (canonical == form->decoded) return form->raw;
  if (form->string_encoded) return canonical.dump();
  return canonical;
}

void Value<double, Plain>::decode(const Json& v, double& out, Note& note) {
  if (!v.is_number()) throw_type("a number", v);
  out = v.get<double>();
  if (v.is_number_float() && integral_in_int64(out)) note.noncanonical = true;
}

Json Value<double, Plain>::encode(double x) {
  if (integral_in_int64(x)) return static_cast<std::int64_t>(x);
  return x;
}

void Value<SortOrder, Plain>::decode(const Json& v, SortOrder& out, Note& note) {
  if (!v.is_string()) throw_type("\"asc\" or \"desc\"", v);
  const std::string& s = v.get_ref<const std::string&>();
  const auto order = parse_sort_order(s);
  if (!order) throw_type("\"asc\" or \"desc\"", v);
  out = *order;
  if (s != to_wire_asc_desc(*order)) note.noncanonical = true;
}

}  // namespace moi::model_codec
