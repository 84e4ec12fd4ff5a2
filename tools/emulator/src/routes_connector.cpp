// SPDX-License-Identifier: Apache-2.0
// K1-K6 (connectors).
#include <cstdio>
#include <set>

#include "ids.hpp"
#include "routes.hpp"

namespace moi::emulator::detail {

namespace {

const Loc kBody{"body"};

struct SourceType {
  std::int64_t type;
  const char* key;                    ///< the config object's key
  const char* label;                  ///< for messages
  std::vector<const char*> required;  ///< keys the config must have
  const char* address;                ///< the key validation needs non-empty
};

const std::vector<SourceType>& source_types() {
  static const std::vector<SourceType> kTypes{
      {1, "dify", "Dify", {"api_key", "api_url"}, "api_url"},
      {2, "hdfs", "HDFS", {"address"}, "address"},
      {3, "mo", "MatrixOne", {"host", "port", "username", "password"}, "host"},
      {4,
       "oss",
       "OSS",
       {"endpoint", "access_key_id", "access_key_secret", "bucket_name"},
       "endpoint"},
      {5,
       "s3",
       "S3",
       {"endpoint", "access_key_id", "access_key_secret", "bucket_name"},
       "endpoint"},
  };
  return kTypes;
}

const SourceType* source_type(std::int64_t type) {
  for (const SourceType& t : source_types()) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

std::string known_types() { return "1 Dify, 2 HDFS, 3 MatrixOne, 4 OSS, 5 S3"; }

// Checks a config object for its type; returns "" or a one-line problem.
std::string check_config(const SourceType& t, const json& config) {
  if (!config.is_object()) return std::string("\"") + t.key + "\" must be an object";
  for (const char* key : t.required) {
    if (!config.contains(key) || config[key].is_null()) {
      return std::string("\"") + t.key + "." + key + "\" is required for source_type " +
             std::to_string(t.type) + " (" + t.label + ")";
    }
  }
  for (auto it = config.begin(); it != config.end(); ++it) {
    const json& v = it.value();
    if (it.key() == "port" || it.key() == "auth_type") {
      if (!v.is_number_integer() && !v.is_string()) {
        return std::string("\"") + t.key + "." + it.key() + "\" must be an integer";
      }
    } else if (it.key() == "path_style") {
      if (!v.is_boolean()) return std::string("\"") + t.key + ".path_style\" must be a boolean";
    } else if (!v.is_string() && !v.is_null()) {
      return std::string("\"") + t.key + "." + it.key() + "\" must be a string";
    }
  }
  return {};
}

// The problem a validation finds in a well-shaped config, or "".
std::string validation_problem(const SourceType& t, const json& config) {
  const auto it = config.find(t.address);
  const bool empty =
      it == config.end() || it->is_null() ||
      (it->is_string() && it->get<std::string>().find_first_not_of(" \t") == std::string::npos);
  if (empty) return std::string(t.key) + "." + t.address + " is empty";
  return {};
}

Connector* connector_by_path(Ctx& ctx, Reply& error) {
  const std::string& text = ctx.args[0];
  const bool digits = !text.empty() && text.size() < 19 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    error = bad_argument(ctx, "connector id \"" + printable(text) + "\" is not an integer");
    return nullptr;
  }
  const auto it = ctx.state.connectors.find(std::stoll(text));
  if (it == ctx.state.connectors.end()) {
    error = root_not_found(ctx, "connector " + text + " not found");
    return nullptr;
  }
  return &it->second;
}

std::optional<json> read_usage_type(const json& root, Errors& e) {
  note_read(kBody, "usage_type");
  const auto it = root.find("usage_type");
  if (it == root.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) {
    e.add(at(kBody, "usage_type"), "Input should be a valid list", "list_type", &*it);
    return std::nullopt;
  }
  return *it;
}

json connector_record(const Connector& c) {
  json j{{"id", c.id},
         {"source_type", c.source_type},
         {"name", c.name},
         {"status", "active"},
         {"created_at", unix_seconds(c.created_at)},
         {"updated_at", unix_seconds(c.updated_at)},
         {"username", c.creator},
         {"related_task_ids", json::array()},
         {"usage_type", c.usage_type}};
  if (const SourceType* t = source_type(c.source_type)) j[t->key] = c.config;
  return j;
}

// Query lists: repeated keys and/or comma-separated values.
std::vector<std::string> query_list(const QueryParams& q, const std::string& key) {
  std::vector<std::string> out;
  KeyTracker::note_query(key);
  auto range = q.equal_range(key);
  for (auto it = range.first; it != range.second; ++it) {
    std::size_t start = 0;
    const std::string& v = it->second;
    while (start <= v.size()) {
      std::size_t comma = v.find(',', start);
      if (comma == std::string::npos) comma = v.size();
      std::string item = v.substr(start, comma - start);
      if (!item.empty()) out.push_back(item);
      start = comma + 1;
    }
  }
  // "source_type_list[]" as some clients send it.
  if (key.back() != ']') {
    for (auto& v : query_list(q, key + "[]")) out.push_back(v);
  }
  return out;
}

std::vector<std::int64_t> query_int_items(const QueryParams& q, const std::string& key, Errors& e) {
  std::vector<std::int64_t> out;
  for (const std::string& text : query_list(q, key)) {
    const bool digits =
        text.size() < 19 && text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) {
      json input = text;
      e.add(Loc{"query", key}, "Input should be a valid integer", "int_parsing", &input);
      continue;
    }
    out.push_back(std::stoll(text));
  }
  return out;
}

// The simulated bucket listing of an OSS/S3 connector: three folders, two files at the top.
struct Entry {
  std::string uri;
  std::int64_t size;
  std::int64_t type;
};

std::vector<Entry> bucket_entries(const Connector& c) {
  std::vector<Entry> out{{"data", 0, 10},
                         {"notes", 0, 10},
                         {"reports", 0, 10},
                         {"readme.txt", 0, 1},
                         {"summary.docx", 0, 11}};
  for (int i = 1; i <= 4; ++i) {
    char num[8];
    std::snprintf(num, sizeof num, "%02d", i);
    out.push_back({std::string("data/table-") + num + ".csv", 0, 7});
    out.push_back({std::string("notes/note-") + num + ".md", 0, 6});
    out.push_back({std::string("reports/report-") + num + ".pdf", 0, 2});
  }
  for (Entry& e : out) {
    if (e.type != 10) {
      e.size = static_cast<std::int64_t>(
          1024 + hash_text("size/" + std::to_string(c.id) + "/" + e.uri, 7) % 1000000);
    }
  }
  return out;
}

}  // namespace

Reply create_connector(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> name;
  std::optional<std::int64_t> type;
  std::optional<json> usage;
  if (root) {
    name = read_string(*root, kBody, "name", Need::kRequired, e);
    type = read_int(*root, kBody, "source_type", Need::kRequired, e);
    usage = read_usage_type(*root, e);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (name->find_first_not_of(" \t") == std::string::npos) {
    return bad_argument(ctx, "name: must not be empty");
  }
  const SourceType* t = source_type(*type);
  if (t == nullptr) {
    return bad_argument(ctx,
                        "source_type " + std::to_string(*type) + " is not one of " + known_types());
  }
  note_read(kBody, t->key);
  const auto config = root->find(t->key);
  if (config == root->end() || config->is_null()) {
    return bad_argument(ctx, std::string("source_type ") + std::to_string(t->type) + " (" +
                                 t->label + ") needs the \"" + t->key + "\" config object");
  }
  if (auto problem = check_config(*t, *config); !problem.empty()) {
    return bad_argument(ctx, problem);
  }
  for (const auto& [id, c] : ctx.state.connectors) {
    if (c.name == *name) return bad_argument(ctx, "a connector named \"" + *name + "\" exists");
  }
  Connector c;
  c.id = ctx.new_connector_id();
  c.name = *name;
  c.source_type = t->type;
  c.config = *config;
  c.usage_type = usage.value_or(json::array());
  c.creator = ctx.settings.user_name;
  c.created_at = c.updated_at = ctx.new_created_at();
  ctx.state.connectors[c.id] = std::move(c);
  return ok_root_no_data(ctx.request_id);
}

Reply validate_connector(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::int64_t> connector_id;
  std::optional<std::int64_t> type;
  if (root) {
    connector_id = read_int(*root, kBody, "connector_id", Need::kNullable, e);
    type =
        read_int(*root, kBody, "source_type", connector_id ? Need::kNullable : Need::kRequired, e);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  const SourceType* t = nullptr;
  json config;
  if (connector_id && *connector_id != 0) {
    const auto it = ctx.state.connectors.find(*connector_id);
    if (it == ctx.state.connectors.end()) {
      return root_not_found(ctx, "connector " + std::to_string(*connector_id) + " not found");
    }
    t = source_type(it->second.source_type);
    config = it->second.config;
  } else {
    if (!type) return bad_argument(ctx, "source_type: Field required");
    t = source_type(*type);
    if (t == nullptr) {
      return bad_argument(
          ctx, "source_type " + std::to_string(*type) + " is not one of " + known_types());
    }
    note_read(kBody, t->key);
    const auto it = root->find(t->key);
    if (it == root->end() || it->is_null()) {
      return bad_argument(ctx, std::string("source_type ") + std::to_string(t->type) + " (" +
                                   t->label + ") needs the \"" + t->key + "\" config object");
    }
    if (!it->is_object())
      return bad_argument(ctx, std::string("\"") + t->key + "\" must be an object");
    config = *it;
  }
  std::string problem = check_config(*t, config);
  if (problem.empty()) problem = validation_problem(*t, config);
  if (problem.empty()) return root_ok(ctx, json{{"valid", true}});
  return root_ok(ctx, json{{"valid", false}, {"message", problem}});
}

Reply list_connectors(Ctx& ctx) {
  Errors e;
  const auto& q = ctx.query;
  const std::string keyword = query_string(q, "keyword").value_or("");
  const std::int64_t page = query_int(q, "page", e).value_or(1);
  const std::int64_t page_size = query_int(q, "page_size", e).value_or(10);
  const auto type = query_int(q, "source_type", e);
  const auto types = query_int_items(q, "source_type_list", e);
  const auto status = query_string(q, "status");
  auto statuses = query_list(q, "status_list");
  const bool desc = query_bool(q, "is_desc", e).value_or(false);
  const std::string order_by = query_string(q, "order_by").value_or("");
  check_min(page, 1, Loc{"query", "page"}, e);
  check_min(page_size, 1, Loc{"query", "page_size"}, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (status && !status->empty()) statuses.push_back(*status);
  std::vector<const Connector*> items;
  for (const auto& [id, c] : ctx.state.connectors) {
    if (!contains_ci(c.name, keyword)) continue;
    if (type && *type != 0 && c.source_type != *type) continue;
    if (!one_of(c.source_type, types)) continue;
    if (!statuses.empty() &&
        std::find(statuses.begin(), statuses.end(), "active") == statuses.end()) {
      continue;
    }
    items.push_back(&c);
  }
  sort_total(
      items,
      [&](const Connector& a, const Connector& b) {
        if (order_by == "name") return compare3(a.name, b.name);
        if (order_by == "updated_at") return compare3(a.updated_at, b.updated_at);
        if (order_by == "source_type") return compare3(a.source_type, b.source_type);
        return compare3(a.created_at, b.created_at);
      },
      [](const Connector& a, const Connector& b) { return compare3(a.id, b.id); }, desc);
  json list = json::array();
  for (const Connector* c : slice(items, page_offset(page, page_size), page_size)) {
    list.push_back(connector_record(*c));
  }
  return root_ok(ctx, json{{"connectors", std::move(list)}, {"total", items.size()}});
}

Reply update_connector(Ctx& ctx) {
  Reply error;
  Connector* c = connector_by_path(ctx, error);
  if (c == nullptr) return error;
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> name;
  std::optional<json> usage;
  if (root) {
    name = read_string(*root, kBody, "name", Need::kNullable, e);
    usage = read_usage_type(*root, e);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  const SourceType* t = source_type(c->source_type);
  json config = c->config;
  for (const SourceType& other : source_types()) {
    note_read(kBody, other.key);
    const auto it = root->find(other.key);
    if (it == root->end() || it->is_null()) continue;
    if (other.type != c->source_type) {
      return bad_argument(ctx, std::string("connector ") + std::to_string(c->id) + " is " +
                                   t->label + ": it has no \"" + other.key + "\" config");
    }
    if (!it->is_object())
      return bad_argument(ctx, std::string("\"") + other.key + "\" must be an object");
    for (auto kv = it->begin(); kv != it->end(); ++kv) config[kv.key()] = kv.value();
  }
  if (auto problem = check_config(*t, config); !problem.empty()) return bad_argument(ctx, problem);
  if (name && !name->empty() && *name != c->name) {
    for (const auto& [id, other] : ctx.state.connectors) {
      if (other.name == *name) {
        return bad_argument(ctx, "a connector named \"" + *name + "\" exists");
      }
    }
    c->name = *name;
  }
  c->config = std::move(config);
  if (usage) c->usage_type = *usage;
  c->updated_at = ctx.now;
  ctx.changed = true;
  return ok_root_no_data(ctx.request_id);
}

Reply delete_connector(Ctx& ctx) {
  Reply error;
  Connector* c = connector_by_path(ctx, error);
  if (c == nullptr) return error;
  ctx.state.connectors.erase(c->id);
  ctx.changed = true;
  return ok_root_no_data(ctx.request_id);
}

Reply list_connector_files(Ctx& ctx) {
  Errors e;
  const auto& q = ctx.query;
  const auto id = query_int(q, "connector_id", e);
  if (!query_string(q, "connector_id")) e.missing(Loc{"query", "connector_id"});
  const auto types = query_int_items(q, "file_types", e);
  std::string dir = query_string(q, "dir").value_or("");
  const std::string cursor = query_string(q, "cursor").value_or("");
  const std::int64_t limit = query_int(q, "limit", e).value_or(100);
  check_min(limit, 1, Loc{"query", "limit"}, e);
  std::int64_t offset = 0;
  if (!cursor.empty()) {
    const bool digits =
        cursor.size() < 10 && cursor.find_first_not_of("0123456789") == std::string::npos;
    if (!digits) {
      json input = cursor;
      e.add(Loc{"query", "cursor"}, "not a cursor this listing handed out", "value_error", &input);
    } else {
      offset = std::stoll(cursor);
    }
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  const auto it = ctx.state.connectors.find(*id);
  if (it == ctx.state.connectors.end()) {
    return root_not_found(ctx, "connector " + std::to_string(*id) + " not found");
  }
  while (!dir.empty() && dir.back() == '/') dir.pop_back();
  while (!dir.empty() && dir.front() == '/') dir.erase(0, 1);
  std::vector<Entry> entries;
  if (it->second.source_type == 4 || it->second.source_type == 5) {
    for (Entry& entry : bucket_entries(it->second)) {
      const auto slash = entry.uri.find_last_of('/');
      const std::string parent = slash == std::string::npos ? "" : entry.uri.substr(0, slash);
      if (parent != dir) continue;
      if (!types.empty() && std::find(types.begin(), types.end(), entry.type) == types.end()) {
        continue;
      }
      entries.push_back(std::move(entry));
    }
  }
  json files = json::array();
  const auto size = static_cast<std::int64_t>(entries.size());
  const std::int64_t begin = std::min(offset, size);
  const std::int64_t end = limit >= size - begin ? size : begin + limit;
  for (std::int64_t i = begin; i < end; ++i) {
    const Entry& entry = entries[static_cast<std::size_t>(i)];
    const auto slash = entry.uri.find_last_of('/');
    files.push_back(
        json{{"uri", entry.uri},
             {"filename", slash == std::string::npos ? entry.uri : entry.uri.substr(slash + 1)},
             {"size", entry.size},
             {"type", entry.type}});
  }
  const bool more = end < size;
  return root_ok(ctx, json{{"files", std::move(files)},
                           {"cursor", more ? std::to_string(end) : std::string()},
                           {"has_more", more}});
}

}  // namespace moi::emulator::detail
