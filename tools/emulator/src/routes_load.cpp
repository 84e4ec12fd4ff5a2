// SPDX-License-Identifier: Apache-2.0
// U1 (multipart upload into a volume) and T1-T2 (load tasks).
#include <algorithm>
#include <cctype>

#include "multipart.hpp"
#include "routes.hpp"
#include "target.hpp"

namespace moi::emulator::detail {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The last element of a path: only "/" separates (a backslash is part of a Linux file name,
// and the SDK sends it as is: the stored name stays the name in `meta`).
std::string basename_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A MIME type that is safe to send back as a Content-Type ("type/subtype", token characters).
std::string safe_mime(const std::string& mime) {
  const std::string value = mime.substr(0, mime.find(';'));
  const auto slash = value.find('/');
  if (value.empty() || value.size() > 100 || slash == std::string::npos || slash == 0 ||
      slash + 1 == value.size()) {
    return {};
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (i == slash) continue;
    if (!std::isalnum(c) &&
        std::string("!#$&^_.+-").find(static_cast<char>(c)) == std::string::npos) {
      return {};
    }
  }
  return value;
}

std::string text_of(const json& obj, const char* key) {
  const auto it = obj.find(key);
  if (it == obj.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  return {};
}

// Why a file fails to load, or "" when it loads.
std::string load_failure(const std::string& name, std::int64_t size) {
  if (size == 0) return "empty file: nothing to load";
  if (file_type_for_name(name) == 0) {
    const auto dot = name.find_last_of('.');
    return dot == std::string::npos ? "unsupported file type: the name has no extension"
                                    : "unsupported file type \"" + name.substr(dot) + "\"";
  }
  return {};
}

// Load file status (DC): 1 waiting, 2 uploading, 4 failed, 5 success.
int load_status(const StoredFile& f, std::int64_t now) {
  if (now < f.load_start) return 1;
  if (now < f.load_end) return 2;
  return f.load_fails ? 4 : 5;
}

const LoadTask* task_from_query(Ctx& ctx, Reply& error) {
  const auto id = query_string(ctx.query, "task_id");
  if (!id || id->empty()) {
    error = bad_argument(ctx, "task_id: Field required");
    return nullptr;
  }
  const auto it = ctx.state.load_tasks.find(*id);
  if (it == ctx.state.load_tasks.end()) {
    error = root_not_found(ctx, "load task " + *id + " not found");
    return nullptr;
  }
  return &it->second;
}

}  // namespace

Reply upload_files(Ctx& ctx) {
  if (!is_multipart_form(ctx.content_type)) {
    return bad_argument(ctx,
                        "POST /connectors/upload needs a multipart/form-data body with parts "
                        "\"file\", \"VolumeID\" and \"meta\"");
  }
  if (ctx.upload == nullptr)
    return error_root(500, "INTERNAL_ERROR", "upload not read", ctx.request_id);
  UploadInput& input = *ctx.upload;
  if (!input.parts) {
    if (input.error_status == 413) {
      return error_root(413, root_error_code(413), input.error, ctx.request_id);
    }
    return bad_argument(ctx, "malformed multipart body: " + input.error);
  }
  const std::vector<FormPart>* parts = &*input.parts;
  std::vector<const FormPart*> files;
  std::optional<std::string> volume_id;
  std::optional<std::string> meta_text;
  std::optional<std::string> table_config;
  for (const FormPart& part : *parts) {
    const std::string name = lower(part.name);
    if (name == "table_config") {
      table_config = part.content;
    } else if (name == "file") {
      files.push_back(&part);
    } else if (name == "volumeid" || name == "volume_id") {
      volume_id = part.content;
    } else if (name == "meta") {
      meta_text = part.content;
    }
  }
  // An import into a catalog table: staged files and/or these file parts (VolumeID unused).
  if (table_config) return import_into_table(ctx, *table_config, files);
  if (!volume_id || volume_id->empty()) {
    return bad_argument(ctx, "missing the \"VolumeID\" part: the id of the target volume");
  }
  if (files.empty()) {
    return bad_argument(ctx, "no file part: send one or more parts named \"file\"");
  }
  json meta = json::array();
  if (meta_text) {
    ParsedJson parsed = parse_json_text(*meta_text, request_json_depth_limit());
    const bool objects = parsed.ok && parsed.value.is_array() &&
                         std::all_of(parsed.value.begin(), parsed.value.end(),
                                     [](const json& item) { return item.is_object(); });
    if (!objects)
      return bad_argument(ctx, "\"meta\" must be a JSON array of objects, one per file");
    meta = std::move(parsed.value);
    if (meta.size() != files.size()) {
      return bad_argument(ctx, "\"meta\" has " + std::to_string(meta.size()) + " entries but " +
                                   std::to_string(files.size()) +
                                   " file parts were sent: one meta object per file");
    }
  }
  struct Incoming {
    const FormPart* part;
    std::string name;
    std::string mime;
    std::string blob;
  };
  std::vector<Incoming> incoming;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const json item = i < meta.size() ? meta[i] : json::object();
    std::string name = basename_of(files[i]->filename);
    for (const char* key : {"file_name", "filename", "path"}) {
      if (name.empty()) name = basename_of(text_of(item, key));
    }
    if (name.empty()) {
      return bad_argument(ctx, "file part #" + std::to_string(i + 1) +
                                   " has no filename (in Content-Disposition or meta)");
    }
    if (!valid_utf8(name)) {
      return bad_argument(
          ctx, "file part #" + std::to_string(i + 1) + " has a filename that is not UTF-8");
    }
    std::string mime = safe_mime(files[i]->content_type);
    if (mime.empty() || mime == "application/octet-stream") {
      const std::string from_meta = safe_mime(text_of(item, "mime_type"));
      if (!from_meta.empty()) mime = from_meta;
    }
    incoming.push_back(Incoming{files[i], std::move(name), std::move(mime), input.blobs.at(i)});
  }
  const auto volume = ctx.state.volumes.find(*volume_id);
  if (volume == ctx.state.volumes.end()) {
    return root_not_found(ctx, "volume " + printable(*volume_id) + " not found");
  }

  LoadTask task;
  task.id = ctx.new_numeric_id();
  task.volume_id = volume->second.id;
  task.volume_name = volume->second.name;
  task.creator = ctx.settings.user_name;
  task.created_at = ctx.new_created_at();
  const std::int64_t duration = std::max<std::int64_t>(0, ctx.behavior.load_duration.count());
  std::vector<StoredFile> stored;
  for (std::size_t i = 0; i < incoming.size(); ++i) {
    StoredFile f;
    f.id = ctx.new_numeric_id();
    f.name = incoming[i].name;
    f.volume_id = task.volume_id;
    f.task_id = task.id;
    f.mime_type = incoming[i].mime;
    f.creator = task.creator;
    f.size = static_cast<std::int64_t>(incoming[i].part->content.size());
    f.file_type = file_type_for_name(f.name);
    f.created_at = task.created_at;
    f.load_start = ctx.now + static_cast<std::int64_t>(i) * duration;
    f.load_end = f.load_start + duration;
    f.reason = load_failure(f.name, f.size);
    f.load_fails = !f.reason.empty();
    // The bytes are already on disk (fsync'ed, Service::handle), before the state names them.
    f.blob = incoming[i].blob;
    task.file_ids.push_back(f.id);
    stored.push_back(std::move(f));
  }
  input.adopted = true;
  json results = json::array();
  for (StoredFile& f : stored) {
    results.push_back(json{{"success", true}, {"file_id", f.id}, {"message", "uploaded"}});
    ctx.state.files[f.id] = std::move(f);
  }
  const std::string first = task.file_ids.front();
  const std::string task_id = task.id;
  const std::size_t count = task.file_ids.size();
  ctx.state.load_tasks[task.id] = std::move(task);
  return root_ok(ctx, json{{"success", true},
                           {"file_id", first},
                           {"task_id", task_id},
                           {"message", "uploaded " + std::to_string(count) +
                                           (count == 1 ? " file" : " files") + "; loading"},
                           {"results", std::move(results)}});
}

Reply get_load_task(Ctx& ctx) {
  Reply error;
  const LoadTask* task = task_from_query(ctx, error);
  if (task == nullptr) return error;
  if (task->table_id != 0) return root_ok(ctx, json{{"task", table_task_json(ctx, *task)}});
  bool finished = true;
  std::int64_t end = task->created_at;
  json uris = json::array();
  for (const std::string& id : task->file_ids) {
    const StoredFile& f = ctx.state.files.at(id);
    uris.push_back(f.name);
    if (ctx.now < f.load_end) finished = false;
    end = std::max(end, f.load_end);
  }
  const std::int64_t end_s = finished ? unix_seconds(end) : 0;
  json t{{"id", task->id},
         {"source_connector_id", 0},
         {"source_connector_type", 0},
         {"volume_id", task->volume_id},
         {"volume_name", task->volume_name},
         {"name", ""},
         {"status", finished ? 4 : 1},
         {"creator", task->creator},
         {"source_config",
          {{"common_file_task_config",
            {{"uris", std::move(uris)},
             {"load_mode_config", {{"load_interval_type", 4}, {"interval", 0}}}}}}},
         {"start_at", unix_seconds(task->created_at)},
         {"end_at", end_s},
         {"created_at", unix_seconds(task->created_at)},
         {"updated_at", finished ? end_s : unix_seconds(task->created_at)}};
  return root_ok(ctx, json{{"task", std::move(t)}});
}

Reply list_load_task_files(Ctx& ctx) {
  Reply error;
  const LoadTask* task = task_from_query(ctx, error);
  if (task == nullptr) return error;
  Errors e;
  const auto status = query_int(ctx.query, "status", e);
  const std::int64_t page = query_int(ctx.query, "page", e).value_or(1);
  const std::int64_t page_size = query_int(ctx.query, "page_size", e).value_or(10);
  check_min(page, 1, Loc{"query", "page"}, e);
  check_min(page_size, 1, Loc{"query", "page_size"}, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  std::vector<const StoredFile*> matching;
  std::int64_t success = 0;
  std::int64_t failed = 0;
  for (const std::string& id : task->file_ids) {
    const StoredFile& f = ctx.state.files.at(id);
    const int s = load_status(f, ctx.now);
    if (s == 5) ++success;
    if (s == 4) ++failed;
    // status 0 means "any" (the documents' "unknown").
    if (!status || *status == 0 || *status == s) matching.push_back(&f);
  }
  json files = json::array();
  for (const StoredFile* f : slice(matching, page_offset(page, page_size), page_size)) {
    const int s = load_status(*f, ctx.now);
    const bool done = s == 4 || s == 5;
    files.push_back(json{{"id", f->id},
                         {"name", f->name},
                         {"type", f->file_type},
                         {"status", s},
                         {"size", f->size},
                         {"update_time", unix_seconds(done ? f->load_end : f->created_at)},
                         {"other_metadata", ""},
                         {"reason", s == 4 ? f->reason : std::string()},
                         {"user", f->creator},
                         {"start_time", s == 1 ? 0 : unix_seconds(f->load_start)},
                         {"end_time", done ? unix_seconds(f->load_end) : 0},
                         {"path", "/" + task->volume_name + "/" + f->name}});
  }
  return root_ok(ctx, json{{"total", matching.size()},
                           {"total_success", success},
                           {"total_failed", failed},
                           {"files", std::move(files)}});
}

}  // namespace moi::emulator::detail
