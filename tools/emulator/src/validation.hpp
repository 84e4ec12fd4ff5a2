// SPDX-License-Identifier: Apache-2.0
// Request validation with FastAPI/pydantic-v2 error items: {"loc": [...], "msg", "type"} plus
// "input" (the offending value) and "ctx" where pydantic sends them. All errors of a request
// are collected before answering, as pydantic does.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "wire.hpp"

namespace moi::emulator::detail {

/// A location: ["body", "process_mode", "interval"], ["query", "page_num"], ["body", "files", 0].
using Loc = std::vector<json>;

/// Collects validation errors.
class Errors {
 public:
  void add(const Loc& loc, std::string msg, std::string type, const json* input = nullptr,
           json ctx = nullptr);
  void missing(const Loc& loc) { add(loc, "Field required", "missing"); }
  bool empty() const { return items_.empty(); }
  json to_json() const { return items_; }

 private:
  json items_ = json::array();
};

/// Appends one step to a location.
Loc at(Loc loc, json step);

/// How a field may be absent.
enum class Need {
  kRequired,  ///< absent -> "missing"; null -> type error
  kOptional,  ///< absent -> default; null -> type error
  kNullable,  ///< absent or null -> default
};

// --- JSON body -----------------------------------------------------------------------------

/// Parses a request body. Empty body with `required` -> "missing" at ["body"]; bad JSON ->
/// "json_invalid"; a non-object -> "model_attributes_type". Returns the object, or nullopt
/// after recording an error. An empty optional body yields an empty object.
std::optional<json> parse_body(const std::string& text, bool required, Errors& errors);

/// Field readers. Each returns the value when present and valid, otherwise nullopt (after
/// recording an error unless the field was legitimately absent/null).
std::optional<std::string> read_string(const json& obj, const Loc& loc, const char* key, Need need,
                                       Errors& errors);
std::optional<std::int64_t> read_int(const json& obj, const Loc& loc, const char* key, Need need,
                                     Errors& errors);
std::optional<bool> read_bool(const json& obj, const Loc& loc, const char* key, Need need,
                              Errors& errors);
/// A JSON object (a pydantic sub-model: error type "model_attributes_type").
std::optional<json> read_model(const json& obj, const Loc& loc, const char* key, Need need,
                               Errors& errors);
/// A free-form dict (error type "dict_type").
std::optional<json> read_dict(const json& obj, const Loc& loc, const char* key, Need need,
                              Errors& errors);
std::optional<std::vector<std::string>> read_string_list(const json& obj, const Loc& loc,
                                                         const char* key, Need need,
                                                         Errors& errors);
std::optional<std::vector<std::int64_t>> read_int_list(const json& obj, const Loc& loc,
                                                       const char* key, Need need, Errors& errors);
/// A list of integers kept as decimal text, so 19-digit ids never lose digits. Accepts JSON
/// integers and strings of digits (pydantic's lax int parsing does the same).
std::optional<std::vector<std::string>> read_id_list(const json& obj, const Loc& loc,
                                                     const char* key, Need need, Errors& errors);
/// A list of JSON objects (dict items).
std::optional<std::vector<json>> read_dict_list(const json& obj, const Loc& loc, const char* key,
                                                Need need, Errors& errors);

/// Checks value >= minimum; records "greater_than_equal" otherwise.
bool check_min(std::int64_t value, std::int64_t minimum, const Loc& loc, Errors& errors);

// --- query string --------------------------------------------------------------------------

/// Query parameters as parsed by the server (repeated keys kept in order).
using QueryParams = std::multimap<std::string, std::string>;

/// Query readers. Unknown parameters are simply never read (FastAPI ignores them).
std::optional<std::string> query_string(const QueryParams& q, const std::string& key);
std::optional<std::int64_t> query_int(const QueryParams& q, const std::string& key, Errors& errors);
std::optional<bool> query_bool(const QueryParams& q, const std::string& key, Errors& errors);
/// All values of a repeated key (`statuses=2&statuses=3`); empty if absent.
std::vector<std::int64_t> query_int_list(const QueryParams& q, const std::string& key,
                                         Errors& errors);

// --- strict mode (EmulatorOptions::strict) ------------------------------------------------

/// While one is alive on a thread, the readers above record on it which body fields and query
/// parameters the handler looked at, and which body objects are models: the body itself and
/// every read_model() value. A key of a model or a query parameter that no reader looked at
/// is unknown (unknown()). An item of read_dict_list() is a model when the handler read at
/// least one of its fields through a reader (an export's `files[i]`), else free-form, as are
/// read_dict() values: their keys are never unknown. One per request, on the handler's thread.
class KeyTracker {
 public:
  KeyTracker();
  ~KeyTracker();
  KeyTracker(const KeyTracker&) = delete;
  KeyTracker& operator=(const KeyTracker&) = delete;

  /// Locations of the unknown body keys (["body", "process_mode", "x"]) and of the unknown
  /// parameters of @p query (["query", "x"]), in body-then-query order, each once.
  std::vector<Loc> unknown(const QueryParams& query) const;

  /// Called by the readers (no-ops when no tracker is active on this thread).
  static void note_model(const Loc& loc, const json& object, bool only_if_read = false);
  static void note_field(const Loc& field);
  static void note_query(const std::string& key);

 private:
  struct Model {
    Loc loc;
    std::vector<std::string> keys;
    bool only_if_read = false;  ///< a list item: a model only when a field of it was read
  };
  std::vector<Model> models_;
  std::set<std::string> fields_;  ///< dumped field locations
  std::set<std::string> query_;
  KeyTracker* previous_;
};

/// Marks @p key of the body object at @p loc as read, for a handler that looks at it
/// directly instead of through a reader (strict mode would call it unknown otherwise).
inline void note_read(const Loc& loc, const char* key) { KeyTracker::note_field(at(loc, key)); }

}  // namespace moi::emulator::detail
