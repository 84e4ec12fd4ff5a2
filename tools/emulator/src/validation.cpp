// SPDX-License-Identifier: Apache-2.0
#include "validation.hpp"

#include <cctype>
#include <cmath>
#include <limits>

namespace moi::emulator::detail {

namespace {

constexpr const char* kIntMsg = "Input should be a valid integer";
constexpr const char* kIntParseMsg =
    "Input should be a valid integer, unable to parse string as an integer";
constexpr const char* kBoolParseMsg = "Input should be a valid boolean, unable to interpret input";

// Parses optional sign and decimal digits (with surrounding blanks, as pydantic allows).
std::optional<std::int64_t> parse_int_text(const std::string& text) {
  std::size_t b = 0;
  std::size_t e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(text[e - 1]))) --e;
  if (b == e) return std::nullopt;
  bool negative = false;
  if (text[b] == '+' || text[b] == '-') {
    negative = text[b] == '-';
    ++b;
  }
  if (b == e) return std::nullopt;
  std::uint64_t v = 0;
  for (std::size_t i = b; i < e; ++i) {
    char c = text[i];
    if (c == '_' && i > b && i + 1 < e) continue;  // pydantic accepts 1_000
    if (c < '0' || c > '9') return std::nullopt;
    std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (v > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (negative) {
    if (v > kMax + 1) return std::nullopt;
    return v == kMax + 1 ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(v);
  }
  if (v > kMax) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

std::optional<bool> parse_bool_text(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text == "true" || text == "1" || text == "yes" || text == "y" || text == "on" || text == "t")
    return true;
  if (text == "false" || text == "0" || text == "no" || text == "n" || text == "off" || text == "f")
    return false;
  return std::nullopt;
}

// Converts one JSON value to an int the way pydantic's lax mode does; records an error.
std::optional<std::int64_t> to_int(const json& v, const Loc& loc, Errors& errors) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() &&
        v.get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      errors.add(loc, "Input should be less than or equal to 9223372036854775807", "int_type", &v);
      return std::nullopt;
    }
    return v.get<std::int64_t>();
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.0e18) {
      return static_cast<std::int64_t>(d);
    }
    errors.add(loc, "Input should be a valid integer, got a number with a fractional part",
               "int_from_float", &v);
    return std::nullopt;
  }
  if (v.is_string()) {
    if (auto parsed = parse_int_text(v.get<std::string>())) return parsed;
    errors.add(loc, kIntParseMsg, "int_parsing", &v);
    return std::nullopt;
  }
  errors.add(loc, kIntMsg, "int_type", &v);
  return std::nullopt;
}

// Finds a field; handles absence and null according to `need`. Returns nullptr when the
// caller should stop (absent or null, error recorded if that was not allowed).
const json* locate(const json& obj, const Loc& field_loc, const char* key, Need need,
                   const char* null_msg, const char* null_type, Errors& errors) {
  KeyTracker::note_field(field_loc);
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (need == Need::kRequired) errors.missing(field_loc);
    return nullptr;
  }
  if (it->is_null()) {
    if (need != Need::kNullable) errors.add(field_loc, null_msg, null_type, &*it);
    return nullptr;
  }
  return &*it;
}

template <typename T, typename Convert>
std::optional<std::vector<T>> read_list(const json& obj, const Loc& loc, const char* key, Need need,
                                        Errors& errors, Convert convert) {
  Loc field = at(loc, key);
  const json* v =
      locate(obj, field, key, need, "Input should be a valid list", "list_type", errors);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) {
    errors.add(field, "Input should be a valid list", "list_type", v);
    return std::nullopt;
  }
  std::vector<T> out;
  bool ok = true;
  for (std::size_t i = 0; i < v->size(); ++i) {
    std::optional<T> item = convert((*v)[i], at(field, static_cast<std::int64_t>(i)));
    if (item) {
      out.push_back(std::move(*item));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace

void Errors::add(const Loc& loc, std::string msg, std::string type, const json* input, json ctx) {
  json item{{"type", std::move(type)}, {"loc", loc}, {"msg", std::move(msg)}};
  if (input != nullptr) item["input"] = *input;
  if (!ctx.is_null()) item["ctx"] = std::move(ctx);
  items_.push_back(std::move(item));
}

Loc at(Loc loc, json step) {
  loc.push_back(std::move(step));
  return loc;
}

std::optional<json> parse_body(const std::string& text, bool required, Errors& errors) {
  bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) {
    if (required) {
      errors.missing(Loc{"body"});
      return std::nullopt;
    }
    return json::object();
  }
  ParsedJson parsed = parse_json_text(text, request_json_depth_limit());
  if (!parsed.ok) {
    // FastAPI reports the character position of the decode error after "body".
    errors.add(Loc{"body", parsed.offset}, "JSON decode error", "json_invalid", nullptr,
               json{{"error", parsed.error}});
    return std::nullopt;
  }
  json root = std::move(parsed.value);
  if (root.is_null() && !required) return json::object();
  if (!root.is_object()) {
    errors.add(Loc{"body"}, "Input should be a valid dictionary or object to extract fields from",
               "model_attributes_type", &root);
    return std::nullopt;
  }
  KeyTracker::note_model(Loc{"body"}, root);
  return root;
}

std::optional<std::string> read_string(const json& obj, const Loc& loc, const char* key, Need need,
                                       Errors& errors) {
  Loc field = at(loc, key);
  const json* v =
      locate(obj, field, key, need, "Input should be a valid string", "string_type", errors);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    errors.add(field, "Input should be a valid string", "string_type", v);
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::int64_t> read_int(const json& obj, const Loc& loc, const char* key, Need need,
                                     Errors& errors) {
  Loc field = at(loc, key);
  const json* v = locate(obj, field, key, need, kIntMsg, "int_type", errors);
  if (v == nullptr) return std::nullopt;
  return to_int(*v, field, errors);
}

std::optional<bool> read_bool(const json& obj, const Loc& loc, const char* key, Need need,
                              Errors& errors) {
  Loc field = at(loc, key);
  const json* v =
      locate(obj, field, key, need, "Input should be a valid boolean", "bool_type", errors);
  if (v == nullptr) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_number_integer() && (v->get<std::int64_t>() == 0 || v->get<std::int64_t>() == 1)) {
    return v->get<std::int64_t>() == 1;
  }
  if (v->is_string()) {
    if (auto b = parse_bool_text(v->get<std::string>())) return b;
    errors.add(field, kBoolParseMsg, "bool_parsing", v);
    return std::nullopt;
  }
  errors.add(field, "Input should be a valid boolean", "bool_type", v);
  return std::nullopt;
}

std::optional<json> read_model(const json& obj, const Loc& loc, const char* key, Need need,
                               Errors& errors) {
  constexpr const char* kMsg =
      "Input should be a valid dictionary or object to extract fields from";
  Loc field = at(loc, key);
  const json* v = locate(obj, field, key, need, kMsg, "model_attributes_type", errors);
  if (v == nullptr) return std::nullopt;
  if (!v->is_object()) {
    errors.add(field, kMsg, "model_attributes_type", v);
    return std::nullopt;
  }
  KeyTracker::note_model(field, *v);
  return *v;
}

std::optional<json> read_dict(const json& obj, const Loc& loc, const char* key, Need need,
                              Errors& errors) {
  Loc field = at(loc, key);
  const json* v =
      locate(obj, field, key, need, "Input should be a valid dictionary", "dict_type", errors);
  if (v == nullptr) return std::nullopt;
  if (!v->is_object()) {
    errors.add(field, "Input should be a valid dictionary", "dict_type", v);
    return std::nullopt;
  }
  return *v;
}

std::optional<std::vector<std::string>> read_string_list(const json& obj, const Loc& loc,
                                                         const char* key, Need need,
                                                         Errors& errors) {
  return read_list<std::string>(
      obj, loc, key, need, errors, [&](const json& v, const Loc& l) -> std::optional<std::string> {
        if (v.is_string()) return v.get<std::string>();
        errors.add(l, "Input should be a valid string", "string_type", &v);
        return std::nullopt;
      });
}

std::optional<std::vector<std::int64_t>> read_int_list(const json& obj, const Loc& loc,
                                                       const char* key, Need need, Errors& errors) {
  return read_list<std::int64_t>(obj, loc, key, need, errors,
                                 [&](const json& v, const Loc& l) { return to_int(v, l, errors); });
}

std::optional<std::vector<std::string>> read_id_list(const json& obj, const Loc& loc,
                                                     const char* key, Need need, Errors& errors) {
  return read_list<std::string>(obj, loc, key, need, errors,
                                [&](const json& v, const Loc& l) -> std::optional<std::string> {
                                  if (v.is_number_unsigned())
                                    return std::to_string(v.get<std::uint64_t>());
                                  if (v.is_number_integer())
                                    return std::to_string(v.get<std::int64_t>());
                                  if (v.is_string()) {
                                    if (auto parsed = parse_int_text(v.get<std::string>()))
                                      return std::to_string(*parsed);
                                    errors.add(l, kIntParseMsg, "int_parsing", &v);
                                    return std::nullopt;
                                  }
                                  errors.add(l, kIntMsg, "int_type", &v);
                                  return std::nullopt;
                                });
}

std::optional<std::vector<json>> read_dict_list(const json& obj, const Loc& loc, const char* key,
                                                Need need, Errors& errors) {
  return read_list<json>(obj, loc, key, need, errors,
                         [&](const json& v, const Loc& l) -> std::optional<json> {
                           if (v.is_object()) {
                             KeyTracker::note_model(l, v, true);
                             return v;
                           }
                           errors.add(l, "Input should be a valid dictionary", "dict_type", &v);
                           return std::nullopt;
                         });
}

bool check_min(std::int64_t value, std::int64_t minimum, const Loc& loc, Errors& errors) {
  if (value >= minimum) return true;
  json input = value;
  errors.add(loc, "Input should be greater than or equal to " + std::to_string(minimum),
             "greater_than_equal", &input, json{{"ge", minimum}});
  return false;
}

std::optional<std::string> query_string(const QueryParams& q, const std::string& key) {
  KeyTracker::note_query(key);
  auto it = q.find(key);
  if (it == q.end()) return std::nullopt;
  return it->second;
}

std::optional<std::int64_t> query_int(const QueryParams& q, const std::string& key,
                                      Errors& errors) {
  KeyTracker::note_query(key);
  auto it = q.find(key);
  if (it == q.end()) return std::nullopt;
  if (auto v = parse_int_text(it->second)) return v;
  json input = it->second;
  errors.add(Loc{"query", key}, kIntParseMsg, "int_parsing", &input);
  return std::nullopt;
}

std::optional<bool> query_bool(const QueryParams& q, const std::string& key, Errors& errors) {
  KeyTracker::note_query(key);
  auto it = q.find(key);
  if (it == q.end()) return std::nullopt;
  if (auto v = parse_bool_text(it->second)) return v;
  json input = it->second;
  errors.add(Loc{"query", key}, kBoolParseMsg, "bool_parsing", &input);
  return std::nullopt;
}

std::vector<std::int64_t> query_int_list(const QueryParams& q, const std::string& key,
                                         Errors& errors) {
  KeyTracker::note_query(key);
  std::vector<std::int64_t> out;
  auto range = q.equal_range(key);
  std::int64_t index = 0;
  for (auto it = range.first; it != range.second; ++it, ++index) {
    if (auto v = parse_int_text(it->second)) {
      out.push_back(*v);
    } else {
      json input = it->second;
      errors.add(Loc{"query", key, index}, kIntParseMsg, "int_parsing", &input);
    }
  }
  return out;
}

namespace {
thread_local KeyTracker* active_tracker = nullptr;
}  // namespace

KeyTracker::KeyTracker() : previous_(active_tracker) { active_tracker = this; }

KeyTracker::~KeyTracker() { active_tracker = previous_; }

void KeyTracker::note_model(const Loc& loc, const json& object, bool only_if_read) {
  if (active_tracker == nullptr || !object.is_object()) return;
  Model model{loc, {}, only_if_read};
  for (const auto& item : object.items()) model.keys.push_back(item.key());
  active_tracker->models_.push_back(std::move(model));
}

void KeyTracker::note_field(const Loc& field) {
  if (active_tracker != nullptr) active_tracker->fields_.insert(json(field).dump());
}

void KeyTracker::note_query(const std::string& key) {
  if (active_tracker != nullptr) active_tracker->query_.insert(key);
}

std::vector<Loc> KeyTracker::unknown(const QueryParams& query) const {
  std::vector<Loc> out;
  std::set<std::string> reported;
  for (const Model& model : models_) {
    if (model.only_if_read) {
      // `["body","files",0` followed by `,`: a field of this item.
      std::string prefix = json(model.loc).dump();
      prefix.back() = ',';
      const auto next = fields_.lower_bound(prefix);
      if (next == fields_.end() || next->compare(0, prefix.size(), prefix) != 0) continue;
    }
    for (const std::string& key : model.keys) {
      const Loc field = at(model.loc, key);
      const std::string text = json(field).dump();
      if (fields_.count(text) == 0 && reported.insert(text).second) out.push_back(field);
    }
  }
  for (const auto& [key, value] : query) {
    if (query_.count(key) == 0 && reported.insert("?" + key).second) {
      out.push_back(Loc{"query", key});
    }
  }
  return out;
}

}  // namespace moi::emulator::detail
