// SPDX-License-Identifier: Apache-2.0
#include "json_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <istream>
#include <limits>
#include <utility>

#include "moi_internal/bounded_json.hpp"
#include "safety.hpp"

namespace moi::cli {
namespace {

// A short rendering of an offending value for error messages.
std::string describe(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return std::string(value.type_name()) + " " + text;
}

// Reads query parameters out of the --json object. Every accessor records its key as known,
// so finish() can reject the keys nobody asked for. null counts as "not given".
class QueryReader {
 public:
  explicit QueryReader(const std::optional<Json>& json) {
    if (!json) return;
    if (!json->is_object()) throw UsageError("--json: query parameters must be a JSON object");
    object_ = &*json;
  }

  std::optional<std::string> text(const char* key) {
    const Json* v = find(key);
    if (!v) return std::nullopt;
    if (!v->is_string()) wrong(key, "a string", *v);
    return v->get<std::string>();
  }

  std::optional<std::int64_t> integer(const char* key) {
    const Json* v = find(key);
    if (!v) return std::nullopt;
    return to_int64(key, *v, "an integer");
  }

  std::optional<bool> boolean(const char* key) {
    const Json* v = find(key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) wrong(key, "true or false", *v);
    return v->get<bool>();
  }

  // An array of strings, or (as the wire sends it) one comma-joined string.
  std::vector<std::string> words(const char* key) {
    std::vector<std::string> out;
    const Json* v = find(key);
    if (!v) return out;
    if (v->is_string()) return comma_list(v->get<std::string>());
    if (!v->is_array()) wrong(key, "an array of strings", *v);
    for (const Json& item : *v) {
      if (!item.is_string()) wrong(key, "an array of strings", *v);
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  std::vector<std::int64_t> integers(const char* key) {
    std::vector<std::int64_t> out;
    const Json* v = find(key);
    if (!v) return out;
    if (!v->is_array()) wrong(key, "an array of integers", *v);
    for (const Json& item : *v) out.push_back(to_int64(key, item, "an array of integers"));
    return out;
  }

  // One value of an open enum: any int32 value is carried through unchanged.
  template <class Enum>
  std::optional<Enum> enum_value(const char* key) {
    const auto value = integer(key);
    if (!value) return std::nullopt;
    if (*value < std::numeric_limits<std::int32_t>::min() ||
        *value > std::numeric_limits<std::int32_t>::max()) {
      wrong(key, "a 32-bit integer", Json(*value));
    }
    return static_cast<Enum>(*value);
  }

  // Open enums: any int32 value is carried through unchanged.
  template <class Enum>
  std::vector<Enum> enums(const char* key) {
    std::vector<Enum> out;
    for (std::int64_t value : integers(key)) {
      if (value < std::numeric_limits<std::int32_t>::min() ||
          value > std::numeric_limits<std::int32_t>::max()) {
        wrong(key, "an array of 32-bit integers", Json(value));
      }
      out.push_back(static_cast<Enum>(value));
    }
    return out;
  }

  // The SDK spells the direction per endpoint; any of its accepted words is taken here.
  std::optional<SortOrder> sort_order(const char* key, const char* expected) {
    const auto word = text(key);
    if (!word) return std::nullopt;
    const auto order = parse_sort_order(*word);
    if (!order) wrong(key, expected, Json(*word));
    return order;
  }

  void finish() const {
    if (!object_) return;
    for (auto it = object_->begin(); it != object_->end(); ++it) {
      bool known = false;
      for (const auto& k : known_) known = known || k == it.key();
      if (known) continue;
      std::string accepted;
      for (const auto& k : known_) accepted += (accepted.empty() ? "" : ", ") + k;
      throw UsageError("--json: unknown query parameter \"" + it.key() +
                       "\" (accepted: " + accepted + ")");
    }
  }

 private:
  const Json* find(const char* key) {
    known_.emplace_back(key);
    if (!object_) return nullptr;
    const auto it = object_->find(key);
    if (it == object_->end() || it->is_null()) return nullptr;
    return &*it;
  }

  std::int64_t to_int64(const char* key, const Json& v, const char* expected) const {
    if (v.is_number_integer() &&
        !(v.is_number_unsigned() &&
          v.get<std::uint64_t>() >
              static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))) {
      return v.get<std::int64_t>();
    }
    wrong(key, expected, v);
  }

  [[noreturn]] static void wrong(const char* key, const char* expected, const Json& got) {
    throw UsageError("--json: query parameter \"" + std::string(key) + "\" must be " + expected +
                     ", got " + describe(got));
  }

  const Json* object_ = nullptr;
  std::vector<std::string> known_;
};

}  // namespace

namespace {

std::string size_limit_text() {
  return std::to_string(kMaxJsonInputBytes / (1024 * 1024)) + " MiB";
}

// The contents of --json @PATH. Every failure names the file and why.
std::string read_json_file(const std::string& path, const std::string& source) {
  const std::string quoted = "\"" + path + "\"";
  int fd = -1;
  for (;;) {
    // Opening a FIFO blocks until a writer comes; Ctrl-C interrupts it (no SA_RESTART).
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) break;
    const int error = errno;
    if (error == EINTR && pending_signal() != 0) throw CancelledError("cancelled");
    if (error == EINTR) continue;
    throw UsageError("--json: cannot read file " + quoted + ": " + std::strerror(error));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    throw UsageError("--json: " + quoted + " is a directory, not a file");
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      const int error = errno;
      if (error == EINTR && pending_signal() == 0) continue;
      if (error == EINTR) throw CancelledError("cancelled");
      throw UsageError("--json: cannot read file " + quoted + ": " + std::strerror(error));
    }
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > kMaxJsonInputBytes) {
      throw UsageError(source + ": file " + quoted + " is larger than " + size_limit_text());
    }
  }
  return text;
}

std::string read_json_stream(std::istream& in, const std::string& source) {
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxJsonInputBytes) {
      throw UsageError(source + ": more than " + size_limit_text() + " of input");
    }
  }
  return text;
}

}  // namespace

Json read_json_argument(const std::string& argument, std::istream& in) {
  std::string text;
  std::string source = "--json";
  if (argument == "-") {
    source = "--json - (stdin)";
    text = read_json_stream(in, source);
    // A signal interrupts a read from a terminal: that is a cancellation, not empty input.
    if (pending_signal() != 0) throw CancelledError("cancelled");
  } else if (!argument.empty() && argument.front() == '@') {
    source = "--json " + argument;
    text = read_json_file(argument.substr(1), source);
  } else {
    if (argument.size() > kMaxJsonInputBytes) {
      throw UsageError(source + ": longer than " + size_limit_text());
    }
    text = argument;
  }
  // Bounded: a value nested deeper than moi::detail::kMaxJsonDepth is refused before parsing,
  // so the copies, decoders and encoders that walk the value later recurse a bounded depth.
  detail::BoundedJson parsed = detail::parse_json_bounded(text);
  if (parsed.too_deep) throw UsageError(source + ": " + parsed.error);
  if (!parsed.ok()) throw UsageError(source + ": invalid JSON: " + parsed.error);
  return std::move(parsed.value);
}

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

FlagBody::FlagBody(const std::optional<Json>& json) : body_(json ? *json : Json::object()) {
  if (!body_.is_object()) throw UsageError("--json: the body must be a JSON object");
}

FlagBody& FlagBody::set(const char* key, const std::optional<std::string>& value) {
  if (value) body_[key] = *value;
  return *this;
}

FlagBody& FlagBody::set(const char* key, const std::optional<Json>& value) {
  if (value) body_[key] = *value;
  return *this;
}

FlagBody& FlagBody::put(const char* key, const std::optional<std::string>& value,
                        const char* argument) {
  if (value && !value->empty()) body_[key] = *value;
  if (!has(key)) {
    throw UsageError(std::string(argument) + " (or \"" + key + "\" in --json) is required");
  }
  return *this;
}

FlagBody& FlagBody::fallback(const char* key, const Json& value) {
  if (!has(key)) body_[key] = value;
  return *this;
}

bool FlagBody::has(const char* key) const {
  const auto it = body_.find(key);
  return it != body_.end() && !it->is_null();
}

const FlagBody& FlagBody::only(std::initializer_list<const char*> keys) const {
  for (auto it = body_.begin(); it != body_.end(); ++it) {
    bool known = false;
    std::string accepted;
    for (const char* k : keys) {
      known = known || it.key() == k;
      accepted += (accepted.empty() ? "" : ", ") + std::string(k);
    }
    if (!known) {
      throw UsageError("--json: unknown key \"" + it.key() + "\" (accepted: " + accepted + ")");
    }
  }
  return *this;
}

std::vector<std::string> FlagBody::strings(const char* key) const {
  std::vector<std::string> out;
  if (!has(key)) return out;
  const Json& value = body_.at(key);
  const auto wrong = [&] {
    return UsageError("--json: \"" + std::string(key) + "\" must be an array of strings, got " +
                      describe(value));
  };
  if (!value.is_array()) throw wrong();
  for (const Json& item : value) {
    if (!item.is_string()) throw wrong();
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::string FlagBody::text(const char* key) const {
  if (!has(key)) return "";
  const Json& value = body_.at(key);
  if (!value.is_string()) {
    throw UsageError("--json: \"" + std::string(key) + "\" must be a string, got " +
                     describe(value));
  }
  return value.get<std::string>();
}

void throw_body_error(const DecodeError& error) {
  std::string where = error.json_path().empty() ? "" : "\"" + error.json_path() + "\": ";
  throw UsageError("--json: " + where + error.problem());
}

ListWorkflowsRequest list_workflows_query(const std::optional<Json>& json) {
  QueryReader q(json);
  ListWorkflowsRequest r;
  r.name_search = q.text("name_search");
  r.start_time = q.integer("start_time");
  r.end_time = q.integer("end_time");
  r.process_modes = q.integers("process_modes");
  r.status = q.enums<WorkflowStatus>("status");
  r.file_types = q.enums<FileType>("file_types");
  r.priority = q.integers("priority");
  r.creator = q.text("creator");
  r.offset = q.integer("offset");
  r.limit = q.integer("limit");
  r.sort_field = q.text("sort_field");
  r.sort_order = q.sort_order("sort_order", "\"ascend\" or \"descend\"");
  q.finish();
  return r;
}

ListBranchesRequest list_branches_query(const std::optional<Json>& json) {
  QueryReader q(json);
  ListBranchesRequest r;
  r.status_in = q.enums<WorkflowStatus>("status_in");
  q.finish();
  return r;
}

DeleteOptions delete_query(const std::optional<Json>& json) {
  QueryReader q(json);
  DeleteOptions r;
  r.delete_data = q.boolean("delete_data");
  q.finish();
  return r;
}

ListJobsRequest list_jobs_query(const std::optional<Json>& json) {
  QueryReader q(json);
  ListJobsRequest r;
  r.workflow_id = q.text("workflow_id");
  r.name_search = q.text("name_search");
  r.file_types = q.enums<FileType>("file_types");
  r.priority = q.integers("priority");
  r.page_num = q.integer("page_num");
  r.page_size = q.integer("page_size");
  r.count_le = q.integer("count_le");
  r.count_ge = q.integer("count_ge");
  r.sort_field = q.text("sort_field");
  r.sort_order = q.sort_order("sort_order", "\"asc\" or \"desc\"");
  q.finish();
  return r;
}

ListJobFilesRequest list_job_files_query(const std::optional<Json>& json) {
  QueryReader q(json);
  ListJobFilesRequest r;
  r.page_num = q.integer("page_num");
  r.page_size = q.integer("page_size");
  r.statuses = q.enums<JobFileStatus>("statuses");
  q.finish();
  return r;
}

ListConnectorsRequest list_connectors_query(const std::optional<Json>& json) {
  QueryReader q(json);
  ListConnectorsRequest r;
  r.keyword = q.text("keyword");
  r.page = q.integer("page");
  r.page_size = q.integer("page_size");
  if (const auto type = q.integer("source_type")) {
    if (*type < 0 || *type > std::numeric_limits<std::int32_t>::max()) {
      throw UsageError("--json: query parameter \"source_type\" must be a 32-bit integer");
    }
    r.source_type = static_cast<ConnectorSourceType>(*type);
  }
  r.source_type_list = q.enums<ConnectorSourceType>("source_type_list");
  r.status = q.text("status");
  r.usage_type = q.integers("usage_type");
  r.is_desc = q.boolean("is_desc");
  r.order_by = q.text("order_by");
  q.finish();
  return r;
}

ListConnectorFilesRequest list_connector_files_query(const std::optional<Json>& json) {
  QueryReader q(json);
  ListConnectorFilesRequest r;
  r.connector_id = q.text("connector_id").value_or("");
  r.file_types = q.integers("file_types");
  r.dir = q.text("dir");
  r.cursor = q.text("cursor");
  r.limit = q.integer("limit");
  q.finish();
  return r;
}

ListLoadTaskFilesRequest list_load_task_files_query(const std::optional<Json>& json) {
  QueryReader q(json);
  ListLoadTaskFilesRequest r;
  r.status = q.enum_value<LoadFileStatus>("status");
  r.page = q.integer("page");
  r.page_size = q.integer("page_size");
  q.finish();
  return r;
}

ListLoadTasksRequest list_load_tasks_query(const std::optional<Json>& json) {
  QueryReader q(json);
  ListLoadTasksRequest r;
  r.page = q.integer("page");
  r.page_size = q.integer("page_size");
  r.is_desc = q.boolean("is_desc");
  r.order_by = q.text("order_by");
  r.status = q.enums<LoadTaskStatus>("status");
  r.load_interval_types = q.integers("load_interval_types");
  q.finish();
  return r;
}

ListLlmSessionsRequest list_llm_sessions_query(const std::optional<Json>& json) {
  QueryReader q(json);
  ListLlmSessionsRequest r;
  r.user_id = q.text("user_id");
  r.source = q.text("source");
  r.keyword = q.text("keyword");
  r.tags = q.words("tags");
  r.page = q.integer("page");
  r.page_size = q.integer("page_size");
  q.finish();
  return r;
}

ListLlmMessagesRequest list_llm_messages_query(const std::optional<Json>& json) {
  QueryReader q(json);
  ListLlmMessagesRequest r;
  r.source = q.text("source");
  r.role = q.text("role");
  r.status = q.text("status");
  r.model = q.text("model");
  r.after = q.integer("after");
  r.limit = q.integer("limit");
  q.finish();
  return r;
}

}  // namespace moi::cli
