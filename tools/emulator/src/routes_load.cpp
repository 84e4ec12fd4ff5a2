// SPDX-License-Identifier: Apache-2.0
// U1 (multipart upload into a volume), T1-T9 (load tasks) and K7 (the connectors summary).
#include <algorithm>
#include <cctype>

#include "hmac.hpp"
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

// The folders a file's meta `path` puts it in, from the volume's root: the path's elements
// without its last one when that is the file's name ("sub/a.txt", the SDKs' {filename, path}),
// else all of them ("/sub": a directory). "", "/" and a bare name mean the root. False for a
// "." or ".." element or one that is not UTF-8.
bool folders_of(const std::string& path, const std::string& name, std::vector<std::string>& out) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  if (!parts.empty() && parts.back() == name) parts.pop_back();
  for (const std::string& part : parts) {
    if (part == "." || part == ".." || !valid_utf8(part)) return false;
  }
  out = std::move(parts);
  return true;
}

// The id of the folder `names` (from the volume's root), creating what is missing ("" for the
// root).
std::string ensure_folders(Ctx& ctx, const std::string& volume_id,
                           const std::vector<std::string>& names) {
  std::string parent;
  for (const std::string& name : names) {
    std::string found;
    for (const auto& [id, folder] : ctx.state.folders) {
      if (folder.volume_id == volume_id && folder.parent_id == parent && folder.name == name) {
        found = id;
        break;
      }
    }
    if (found.empty()) {
      Folder folder;
      folder.id = ctx.new_numeric_id();
      folder.name = name;
      folder.volume_id = volume_id;
      folder.parent_id = parent;
      folder.creator = ctx.settings.user_name;
      folder.created_at = folder.updated_at = ctx.new_created_at();
      found = folder.id;
      ctx.state.folders[found] = std::move(folder);
    }
    parent = found;
  }
  return parent;
}

// The folder `names` (from the volume's root) if it exists: its id ("" for the root), or
// nullopt.
std::optional<std::string> find_folders(const Ctx& ctx, const std::string& volume_id,
                                        const std::vector<std::string>& names) {
  std::string parent;
  for (const std::string& name : names) {
    std::optional<std::string> found;
    for (const auto& [id, folder] : ctx.state.folders) {
      if (folder.volume_id == volume_id && folder.parent_id == parent && folder.name == name) {
        found = id;
        break;
      }
    }
    if (!found) return std::nullopt;
    parent = *found;
  }
  return parent;
}

// The `dedup` part of an upload (PLATFORM-NOTES 2.4): `{by: ["name" | "md5", ...], strategy:
// "skip" | "replace"}`. An empty `by` means no dedup (the Go SDK sends no part then).
struct Dedup {
  bool by_name = false;
  bool by_md5 = false;
  bool replace = false;
  bool active() const { return by_name || by_md5; }
};

std::optional<Dedup> read_dedup(const std::string& text, std::string& error) {
  ParsedJson parsed = parse_json_text(text, request_json_depth_limit());
  if (!parsed.ok || !parsed.value.is_object()) {
    error =
        "\"dedup\": not a JSON object {\"by\": [\"name\" | \"md5\"], \"strategy\": "
        "\"skip\" | \"replace\"}";
    return std::nullopt;
  }
  const json& value = parsed.value;
  Dedup dedup;
  const auto by = value.find("by");
  if (by != value.end() && !by->is_null()) {
    if (!by->is_array()) {
      error = "dedup.by: expected an array of \"name\" and/or \"md5\"";
      return std::nullopt;
    }
    for (const json& item : *by) {
      if (item == "name") {
        dedup.by_name = true;
      } else if (item == "md5") {
        dedup.by_md5 = true;
      } else {
        error = "dedup.by: " + printable(item.dump()) + " is neither \"name\" nor \"md5\"";
        return std::nullopt;
      }
    }
  }
  const auto strategy = value.find("strategy");
  const std::string s = strategy != value.end() && strategy->is_string()
                            ? strategy->get<std::string>()
                            : std::string();
  if (dedup.active() && s != "skip" && s != "replace") {
    error = "dedup.strategy: \"skip\" or \"replace\", not " +
            (strategy == value.end() ? std::string("absent") : printable(strategy->dump()));
    return std::nullopt;
  }
  dedup.replace = s == "replace";
  return dedup;
}

// The MD5 of a stored file's bytes (computed once, then kept in the state).
const std::string& md5_of(Ctx& ctx, StoredFile& f) {
  if (f.md5.empty() && !f.record_only) {
    if (auto bytes = ctx.blobs.get(blob_of(f))) {
      f.md5 = md5_hex(*bytes);
      ctx.changed = true;
    }
  }
  return f.md5;
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
  std::optional<std::string> dedup_text;
  for (const FormPart& part : *parts) {
    const std::string name = lower(part.name);
    if (name == "table_config") {
      table_config = part.content;
    } else if (name == "dedup") {
      dedup_text = part.content;
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
    std::vector<std::string> folders;  ///< meta `path`'s folders, from the volume's root
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
    std::vector<std::string> folders;
    if (!folders_of(text_of(item, "path"), name, folders)) {
      return bad_argument(ctx, "file part #" + std::to_string(i + 1) +
                                   ": meta \"path\" names a folder \".\" or \"..\" or one "
                                   "that is not UTF-8");
    }
    incoming.push_back(Incoming{files[i], std::move(name), std::move(mime), input.blobs.at(i),
                                std::move(folders)});
  }
  Dedup dedup;
  if (dedup_text) {
    std::string error;
    auto read = read_dedup(*dedup_text, error);
    if (!read) return bad_argument(ctx, error);
    dedup = *read;
  }
  const auto volume = ctx.state.volumes.find(*volume_id);
  if (volume == ctx.state.volumes.end()) {
    return root_not_found(ctx, "volume " + printable(*volume_id) + " not found");
  }

  // Dedup (PLATFORM-NOTES 2.4): a file is a duplicate of a stored one of the volume (loaded or
  // loading, not deleted, not failed) or of one sent earlier in this request when it matches
  // on every criterion given: "name" = same name in the same folder, "md5" = same bytes
  // (anywhere in the volume). `skip` stores nothing for it and answers the stored file's id;
  // `replace` deletes the stored file and stores the new one.
  struct Verdict {
    std::string duplicate_of;  ///< the matching stored file's id ("": none)
  };
  std::vector<Verdict> verdicts(incoming.size());
  if (dedup.active()) {
    std::vector<std::string> accepted;  // per file of this request: its key ("\n": skipped)
    for (std::size_t i = 0; i < incoming.size(); ++i) {
      const std::string md5 = dedup.by_md5 ? md5_hex(incoming[i].part->content) : std::string();
      const auto folder = find_folders(ctx, volume->second.id, incoming[i].folders);
      for (auto& [fid, f] : ctx.state.files) {
        if (f.deleted || f.load_fails || f.volume_id != volume->second.id) continue;
        if (dedup.by_name && (!folder || f.parent_id != *folder || f.name != incoming[i].name)) {
          continue;
        }
        if (dedup.by_md5 && (f.record_only || md5_of(ctx, f) != md5)) continue;
        verdicts[i].duplicate_of = fid;
        break;
      }
      if (verdicts[i].duplicate_of.empty() && !dedup.replace) {
        // Against the files sent earlier in this request (skip keeps the first).
        std::string key = md5;
        if (dedup.by_name) {
          for (const std::string& name : incoming[i].folders) key += "/" + name;
          key += "/" + incoming[i].name;
        }
        for (std::size_t j = 0; j < accepted.size() && verdicts[i].duplicate_of.empty(); ++j) {
          if (accepted[j] == key) verdicts[i].duplicate_of = "#" + std::to_string(j);
        }
        accepted.push_back(verdicts[i].duplicate_of.empty() ? key : std::string("\n"));
      }
    }
  }

  LoadTask task;
  task.id = ctx.new_numeric_id();
  task.volume_id = volume->second.id;
  task.volume_name = volume->second.name;
  task.creator = ctx.settings.user_name;
  task.created_at = ctx.new_created_at();
  const std::int64_t duration = std::max<std::int64_t>(0, ctx.behavior.load_duration.count());
  std::vector<StoredFile> stored;
  json results = json::array();
  std::size_t skipped = 0;
  std::size_t replaced = 0;
  std::vector<std::string> unused_blobs;
  for (std::size_t i = 0; i < incoming.size(); ++i) {
    const std::string& duplicate = verdicts[i].duplicate_of;
    std::string note;
    if (!duplicate.empty() && duplicate[0] != '#') {
      const StoredFile& old = ctx.state.files.at(duplicate);
      const std::string why = std::string(dedup.by_name ? "name" : "") +
                              (dedup.by_name && dedup.by_md5 ? " and " : "") +
                              (dedup.by_md5 ? "md5" : "");
      if (!dedup.replace) {
        ++skipped;
        unused_blobs.push_back(incoming[i].blob);
        results.push_back(json{{"success", true},
                               {"file_id", old.id},
                               {"message", "skipped: a duplicate (by " + why + ") of file " +
                                               old.id + " \"" + old.name + "\""}});
        continue;
      }
      ++replaced;
      note = "replaced file " + old.id + " (a duplicate by " + why + ")";
      delete_stored_file(ctx, ctx.state.files.at(duplicate));
    } else if (!duplicate.empty()) {
      // A duplicate of a file sent earlier in this request (skip only).
      const std::size_t j = static_cast<std::size_t>(std::stoul(duplicate.substr(1)));
      ++skipped;
      unused_blobs.push_back(incoming[i].blob);
      results.push_back(json{{"success", true},
                             {"file_id", results.at(j).value("file_id", "")},
                             {"message", "skipped: a duplicate of file part #" +
                                             std::to_string(j + 1) + " of this upload"}});
      continue;
    }
    StoredFile f;
    f.id = ctx.new_numeric_id();
    f.name = incoming[i].name;
    f.volume_id = task.volume_id;
    f.parent_id = ensure_folders(ctx, task.volume_id, incoming[i].folders);
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
    if (dedup.by_md5) f.md5 = md5_hex(incoming[i].part->content);
    // The bytes are already on disk (fsync'ed, Service::handle), before the state names them.
    f.blob = incoming[i].blob;
    task.file_ids.push_back(f.id);
    results.push_back(
        json{{"success", true}, {"file_id", f.id}, {"message", note.empty() ? "uploaded" : note}});
    stored.push_back(std::move(f));
  }
  input.adopted = true;
  // The bytes of skipped duplicates are not kept.
  for (std::string& blob : unused_blobs) ctx.blobs_to_remove.push_back(std::move(blob));
  for (StoredFile& f : stored) ctx.state.files[f.id] = std::move(f);
  const std::string first = results.front().value("file_id", "");
  const std::string task_id = task.id;
  const std::size_t count = task.file_ids.size();
  ctx.state.load_tasks[task.id] = std::move(task);
  std::string message =
      "uploaded " + std::to_string(count) + (count == 1 ? " file" : " files") + "; loading";
  if (skipped > 0) {
    message +=
        "; skipped " + std::to_string(skipped) + (skipped == 1 ? " duplicate" : " duplicates");
  }
  if (replaced > 0) message += "; replaced " + std::to_string(replaced);
  ctx.changed = true;
  return root_ok(ctx, json{{"success", true},
                           {"file_id", first},
                           {"task_id", task_id},
                           {"message", std::move(message)},
                           {"results", std::move(results)}});
}

namespace {

// A paused task's unfinished files are moved this far into the future (they wait), and moved
// back by the same amount, plus the time paused, on resume.
constexpr std::int64_t kPausedShiftMs = std::int64_t{100} * 365 * 24 * 3600 * 1000;

// The task's source_config.common_file_task_config.load_mode_config.load_interval_type; 4
// (once, DC:484's default) when absent.
std::int64_t load_interval_type(const LoadTask& task) {
  const json mode = task.source_config.is_object()
                        ? task.source_config.value("common_file_task_config", json::object())
                              .value("load_mode_config", json::object())
                        : json::object();
  return mode.value("load_interval_type", std::int64_t{4});
}

bool task_finished(const Ctx& ctx, const LoadTask& task) {
  if (task.paused_at != 0) return false;
  if (task.source_connector_id != 0) {
    // A connector task runs once (type 4: finished at once, the emulator fetches nothing)
    // or periodically (never finished).
    return load_interval_type(task) == 4;
  }
  for (const std::string& id : task.file_ids) {
    if (ctx.now < ctx.state.files.at(id).load_end) return false;
  }
  return true;
}

// Load task status (DC:779): 1 running, 3 paused, 4 finished.
int task_status(const Ctx& ctx, const LoadTask& task) {
  if (task.paused_at != 0) return 3;
  return task_finished(ctx, task) ? 4 : 1;
}

json task_json(const Ctx& ctx, const LoadTask& task) {
  if (task.table_id != 0) return table_task_json(ctx, task);  // an import into a table
  const bool finished = task_finished(ctx, task);
  std::int64_t end = task.created_at;
  json uris = json::array();
  for (const std::string& id : task.file_ids) {
    const StoredFile& f = ctx.state.files.at(id);
    uris.push_back(f.name);
    end = std::max(end, f.load_end);
  }
  json config = task.source_config;
  if (!config.is_object()) {
    config = {{"common_file_task_config",
               {{"uris", std::move(uris)},
                {"load_mode_config", {{"load_interval_type", 4}, {"interval", 0}}}}}};
  }
  const std::int64_t end_s = finished ? unix_seconds(end) : 0;
  const std::int64_t updated = std::max(task.updated_at, finished ? end : task.created_at);
  return json{{"id", task.id},
              {"source_connector_id", task.source_connector_id},
              {"source_connector_type", task.source_connector_type},
              {"volume_id", task.volume_id},
              {"volume_name", task.volume_name},
              {"name", task.name},
              {"status", task_status(ctx, task)},
              {"creator", task.creator},
              {"source_config", std::move(config)},
              {"start_at", unix_seconds(task.created_at)},
              {"end_at", end_s},
              {"created_at", unix_seconds(task.created_at)},
              {"updated_at", unix_seconds(updated)}};
}

// Reads the body's "task_id" and finds the task.
LoadTask* task_from_body(Ctx& ctx, Reply& error, json* root_out = nullptr) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> id;
  if (root) id = read_id_text(*root, Loc{"body"}, "task_id", Need::kRequired, e);
  if (!e.empty()) {
    error = bad_argument(ctx, errors_line(e));
    return nullptr;
  }
  const auto it = ctx.state.load_tasks.find(*id);
  if (it == ctx.state.load_tasks.end()) {
    error = root_not_found(ctx, "load task " + printable(*id) + " not found");
    return nullptr;
  }
  if (root_out != nullptr) *root_out = *root;
  return &it->second;
}

// Validates a load_mode_config object (DC:484: type 1-4, interval >= 0).
void check_load_mode(const json& mode, const Loc& loc, Errors& e) {
  if (!mode.is_object()) {
    e.add(loc, "Input should be a valid dictionary", "dict_type", &mode);
    return;
  }
  if (auto type = read_int(mode, loc, "load_interval_type", Need::kRequired, e)) {
    if (*type < 1 || *type > 4) {
      json input = *type;
      e.add(at(loc, "load_interval_type"),
            "Input should be 1 (daily), 2 (hourly), 3 (minute) or 4 (once)", "enum", &input);
    }
  }
  if (auto interval = read_int(mode, loc, "interval", Need::kNullable, e)) {
    check_min(*interval, 0, at(loc, "interval"), e);
  }
}

void check_uris(const json& uris, const Loc& loc, Errors& e) {
  if (!uris.is_array()) {
    e.add(loc, "Input should be a valid list", "list_type", &uris);
    return;
  }
  for (std::size_t i = 0; i < uris.size(); ++i) {
    if (!uris[i].is_string()) {
      e.add(at(loc, static_cast<std::int64_t>(i)), "Input should be a valid string", "string_type",
            &uris[i]);
    }
  }
}

}  // namespace

Reply get_load_task(Ctx& ctx) {
  Reply error;
  const LoadTask* task = task_from_query(ctx, error);
  if (task == nullptr) return error;
  return root_ok(ctx, json{{"task", task_json(ctx, *task)}});
}

Reply create_load_task(Ctx& ctx) {
  Errors e;
  const Loc body{"body"};
  auto root = root_body(ctx, e);
  std::optional<std::int64_t> connector_id;
  std::optional<std::string> volume_id;
  std::optional<std::int64_t> config_type;
  std::string name;
  json config;
  if (root) {
    connector_id = read_int(*root, body, "source_connector_id", Need::kRequired, e);
    volume_id = read_id_text(*root, body, "volume_id", Need::kRequired, e);
    config_type = read_int(*root, body, "config_type", Need::kRequired, e);
    name = read_string(*root, body, "name", Need::kNullable, e).value_or("");
    const Loc sc = at(body, "source_config");
    if (const auto it = root->find("source_config"); it == root->end() || it->is_null()) {
      e.add(sc, "Field required", "missing");
    } else if (!it->is_object() || !it->contains("common_file_task_config") ||
               !(*it)["common_file_task_config"].is_object()) {
      e.add(at(sc, "common_file_task_config"), "Field required (an object)", "missing");
    } else {
      config = *it;
      const json& common = config["common_file_task_config"];
      const Loc cl = at(sc, "common_file_task_config");
      if (!common.contains("load_mode_config")) {
        e.add(at(cl, "load_mode_config"), "Field required", "missing");
      } else {
        check_load_mode(common["load_mode_config"], at(cl, "load_mode_config"), e);
      }
      if (common.contains("uris")) check_uris(common["uris"], at(cl, "uris"), e);
    }
    if (config_type && *config_type != 1) {
      json input = *config_type;
      e.add(at(body, "config_type"), "Input should be 1 (a common file load)", "enum", &input);
    }
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  const auto connector = ctx.state.connectors.find(*connector_id);
  if (connector == ctx.state.connectors.end()) {
    return root_not_found(ctx, "connector " + std::to_string(*connector_id) + " not found");
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
  task.name = name;
  task.source_connector_id = *connector_id;
  task.source_connector_type = connector->second.source_type;
  task.source_config = std::move(config);
  ctx.state.load_tasks[task.id] = std::move(task);
  ctx.changed = true;
  return ok_root_no_data(ctx.request_id);  // DC:523: no id in the answer
}

Reply list_load_tasks(Ctx& ctx) {
  Errors e;
  const std::int64_t page = query_int(ctx.query, "page", e).value_or(1);
  const std::int64_t page_size = query_int(ctx.query, "page_size", e).value_or(10);
  check_min(page, 1, Loc{"query", "page"}, e);
  check_min(page_size, 1, Loc{"query", "page_size"}, e);
  const auto desc = query_bool(ctx.query, "is_desc", e);
  const std::vector<std::int64_t> statuses = query_int_list(ctx.query, "status", e);
  std::vector<std::int64_t> types = query_int_list(ctx.query, "load_interval_types", e);
  for (std::int64_t t : query_int_list(ctx.query, "interval_types", e)) types.push_back(t);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  std::vector<const LoadTask*> items;
  for (const auto& [id, task] : ctx.state.load_tasks) {
    if (!statuses.empty() && !one_of(task_status(ctx, task), statuses)) continue;
    if (!types.empty() && !one_of(load_interval_type(task), types)) continue;
    items.push_back(&task);
  }
  const bool descending = desc.value_or(true);  // newest first unless asked otherwise
  sort_total(
      items,
      [](const LoadTask& a, const LoadTask& b) { return compare3(a.created_at, b.created_at); },
      [](const LoadTask& a, const LoadTask& b) { return compare3(a.id, b.id); }, descending);
  json tasks = json::array();
  for (const LoadTask* t : slice(items, page_offset(page, page_size), page_size)) {
    tasks.push_back(task_json(ctx, *t));
  }
  return root_ok(ctx, json{{"tasks", std::move(tasks)}, {"total", items.size()}});
}

Reply update_load_task(Ctx& ctx) {
  Reply error;
  json root;
  LoadTask* task = task_from_body(ctx, error, &root);
  if (task == nullptr) return error;
  Errors e;
  const Loc body{"body"};
  if (root.contains("load_mode_config") && !root["load_mode_config"].is_null()) {
    check_load_mode(root["load_mode_config"], at(body, "load_mode_config"), e);
  }
  if (root.contains("uris") && !root["uris"].is_null())
    check_uris(root["uris"], at(body, "uris"), e);
  if (root.contains("file_filter_config") && !root["file_filter_config"].is_null() &&
      !root["file_filter_config"].is_object()) {
    e.add(at(body, "file_filter_config"), "Input should be a valid dictionary", "dict_type",
          &root["file_filter_config"]);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (!task->source_config.is_object())
    task->source_config = task_json(ctx, *task)["source_config"];
  json& common = task->source_config["common_file_task_config"];
  for (const char* key : {"load_mode_config", "uris", "file_filter_config"}) {
    if (root.contains(key) && !root[key].is_null()) common[key] = root[key];
  }
  task->updated_at = ctx.now;
  ctx.changed = true;
  return ok_root_no_data(ctx.request_id);
}

Reply delete_load_task(Ctx& ctx) {
  Reply error;
  LoadTask* task = task_from_body(ctx, error);
  if (task == nullptr) return error;
  ctx.state.load_tasks.erase(task->id);  // its files stay in their volume
  ctx.changed = true;
  return ok_root_no_data(ctx.request_id);
}

Reply pause_load_task(Ctx& ctx) {
  Reply error;
  LoadTask* task = task_from_body(ctx, error);
  if (task == nullptr) return error;
  if (task->paused_at != 0) return ok_root_no_data(ctx.request_id);  // already paused
  if (task_finished(ctx, *task)) {
    return bad_argument(ctx, "load task " + task->id + " has finished: nothing to pause");
  }
  for (const std::string& id : task->file_ids) {
    StoredFile& f = ctx.state.files.at(id);
    if (f.load_end > ctx.now) {
      f.load_start += kPausedShiftMs;
      f.load_end += kPausedShiftMs;
    }
  }
  task->paused_at = ctx.now;
  task->updated_at = ctx.now;
  ctx.changed = true;
  return ok_root_no_data(ctx.request_id);
}

Reply resume_load_task(Ctx& ctx) {
  Reply error;
  LoadTask* task = task_from_body(ctx, error);
  if (task == nullptr) return error;
  if (task->paused_at == 0) {
    return bad_argument(ctx, "load task " + task->id + " is not paused");
  }
  const std::int64_t waited = ctx.now - task->paused_at;
  for (const std::string& id : task->file_ids) {
    StoredFile& f = ctx.state.files.at(id);
    if (f.load_end > task->paused_at + kPausedShiftMs / 2) {
      f.load_start += waited - kPausedShiftMs;
      f.load_end += waited - kPausedShiftMs;
    }
  }
  task->paused_at = 0;
  task->updated_at = ctx.now;
  ctx.changed = true;
  return ok_root_no_data(ctx.request_id);
}

Reply retry_load_task(Ctx& ctx) {
  Reply error;
  json root;
  LoadTask* task = task_from_body(ctx, error, &root);
  if (task == nullptr) return error;
  Errors e;
  const std::vector<std::string> ids = read_list_of_ids(root, "ids", e);
  if (e.empty() && ids.empty()) {
    json input = json::array();
    e.add(at(Loc{"body"}, "ids"), "List should have at least 1 item", "too_short", &input);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  for (const std::string& id : ids) {
    if (std::find(task->file_ids.begin(), task->file_ids.end(), id) == task->file_ids.end()) {
      return root_not_found(ctx,
                            "file " + printable(id) + " is not a file of load task " + task->id);
    }
    if (load_status(ctx.state.files.at(id), ctx.now) != 4) {
      return bad_argument(ctx, "file " + id + " of load task " + task->id +
                                   " has not failed: only failed files are retried");
    }
  }
  const std::int64_t duration = std::max<std::int64_t>(0, ctx.behavior.load_duration.count());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    StoredFile& f = ctx.state.files.at(ids[i]);
    // Loading again gives the same outcome: why a file fails (empty, unsupported) stays.
    f.load_start = ctx.now + static_cast<std::int64_t>(i) * duration;
    f.load_end = f.load_start + duration;
  }
  task->updated_at = ctx.now;
  ctx.changed = true;
  return ok_root_no_data(ctx.request_id);
}

Reply connectors_summary(Ctx& ctx) {
  std::int64_t count = 0;
  std::int64_t size = 0;
  std::int64_t docs = 0;
  std::int64_t images = 0;
  for (const auto& [id, f] : ctx.state.files) {
    if (!is_catalog_file(f, ctx.now) || f.record_only) continue;
    ++count;
    size += f.size;
    const std::string& mime = f.mime_type;
    (mime.rfind("image/", 0) == 0 ? images : docs) += f.size;
  }
  const json empty{{"file_count", 0}, {"size", 0}, {"doc_data_size", 0}, {"image_data_size", 0}};
  return root_ok(ctx, json{{"local_file",
                            {{"file_count", count},
                             {"size", size},
                             {"doc_data_size", docs},
                             {"image_data_size", images}}},
                           {"baidu_netdisk", empty},
                           {"mocloud_summary",
                            {{"data_size", 0}, {"table_count", ctx.tables.tables().size()}}}});
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
