// SPDX-License-Identifier: Apache-2.0
// F6-F11 (file records, renames, previews), FO1-FO5 (folders inside volumes) and H1 (/healthz):
// the SDK-only completion calls of PLATFORM-NOTES §1.
#include <set>

#include "routes.hpp"
#include "target.hpp"

namespace moi::emulator::detail {

namespace {

const Loc kBody{"body"};

// A name stored in a volume: non-empty, UTF-8, no "/" (folders nest through parent_id).
std::optional<std::string> read_entry_name(const json& root, Errors& e) {
  auto name = read_name(root, e);
  if (!name) return name;
  if (!valid_utf8(*name) || name->find('/') != std::string::npos || *name == "." || *name == "..") {
    json input = *name;
    e.add(at(kBody, "name"), "a name is one path element: UTF-8, no \"/\", not . or ..",
          "value_error", &input);
    return std::nullopt;
  }
  return name;
}

// Checks that `parent_id` ("" = the root) is a folder of volume `volume_id`.
std::optional<Reply> check_parent(Ctx& ctx, const std::string& volume_id,
                                  const std::string& parent_id) {
  if (find_volume(ctx.state, volume_id) == nullptr) {
    return root_not_found(ctx, "volume " + printable(volume_id) + " not found");
  }
  if (parent_id.empty() || parent_id == volume_id) return std::nullopt;
  const auto it = ctx.state.folders.find(parent_id);
  if (it == ctx.state.folders.end() || it->second.volume_id != volume_id) {
    return root_not_found(
        ctx, "folder " + printable(parent_id) + " not found in volume " + printable(volume_id));
  }
  return std::nullopt;
}

struct Entry {
  std::string name;
  std::string volume_id;
  std::string parent_id;
};

// Reads {name, volume_id, parent_id}: folder create and the JSON form of file upload.
std::optional<Entry> read_entry(Ctx& ctx, Reply& error, json* root_out = nullptr) {
  Errors e;
  auto root = root_body(ctx, e);
  Entry entry;
  if (root) {
    if (auto name = read_entry_name(*root, e)) entry.name = *name;
    if (auto v = read_id_text(*root, kBody, "volume_id", Need::kRequired, e)) entry.volume_id = *v;
    if (auto p = read_id_text(*root, kBody, "parent_id", Need::kNullable, e)) entry.parent_id = *p;
  }
  if (!e.empty()) {
    error = bad_argument(ctx, errors_line(e));
    return std::nullopt;
  }
  if (auto bad = check_parent(ctx, entry.volume_id, entry.parent_id)) {
    error = *bad;
    return std::nullopt;
  }
  if (entry.parent_id == entry.volume_id) entry.parent_id.clear();
  if (root_out != nullptr) *root_out = *root;
  return entry;
}

StoredFile* find_live_file(Ctx& ctx, const std::string& id) {
  auto it = ctx.state.files.find(id);
  if (it == ctx.state.files.end() || !is_catalog_file(it->second, ctx.now)) return nullptr;
  return &it->second;
}

StoredFile new_record(Ctx& ctx, const Entry& entry) {
  StoredFile f;
  f.id = ctx.new_numeric_id();
  f.name = entry.name;
  f.volume_id = entry.volume_id;
  f.parent_id = entry.parent_id;
  f.creator = ctx.settings.user_name;
  f.file_type = file_type_for_name(f.name);
  f.created_at = ctx.new_created_at();
  f.load_start = f.load_end =
      ctx.now;  // a record is listed at once (created_at may be bumped past now)
  f.record_only = true;
  return f;
}

// Deletes what folder `id` holds: its files and, depth first, its folders.
void delete_contents(Ctx& ctx, const std::string& id, int depth = 0) {
  for (auto& [fid, f] : ctx.state.files) {
    if (f.parent_id == id && !f.deleted) delete_stored_file(ctx, f);
  }
  std::vector<std::string> children;
  for (const auto& [cid, c] : ctx.state.folders) {
    if (c.parent_id == id) children.push_back(cid);
  }
  for (const std::string& child : children) {
    if (depth < 256) delete_contents(ctx, child, depth + 1);
    ctx.state.folders.erase(child);
  }
  ctx.changed = true;
}

Folder* folder_from_body(Ctx& ctx, Reply& error) {
  auto id = read_id_body(ctx, "id", error);
  if (!id) return nullptr;
  const auto it = ctx.state.folders.find(*id);
  if (it == ctx.state.folders.end()) {
    error = root_not_found(ctx, "folder " + printable(*id) + " not found");
    return nullptr;
  }
  return &it->second;
}

}  // namespace

Reply create_file_record(Ctx& ctx) {
  Reply error;
  json root;
  auto entry = read_entry(ctx, error, &root);
  if (!entry) return error;
  Errors e;
  const std::int64_t size = read_int(root, kBody, "size", Need::kNullable, e).value_or(0);
  check_min(size, 0, at(kBody, "size"), e);
  const std::string ref = read_id_text(root, kBody, "ref_file_id", Need::kNullable, e).value_or("");
  std::optional<std::string> strategy;
  bool by_name = false;
  if (const auto dedup = root.find("dedup"); dedup != root.end() && !dedup->is_null()) {
    const Loc l = at(kBody, "dedup");
    if (!dedup->is_object()) {
      e.add(l, "Input should be a valid dictionary", "dict_type", &*dedup);
    } else {
      strategy = read_string(*dedup, l, "strategy", Need::kRequired, e);
      for (const std::string& by : read_list_of_ids(*dedup, "by", e, l)) by_name |= by == "name";
      if (strategy && *strategy != "skip" && *strategy != "replace") {
        json input = *strategy;
        e.add(at(l, "strategy"), "Input should be 'skip' or 'replace'", "enum", &input);
      }
    }
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (by_name && strategy) {
    // Dedup by name within the same folder (records carry no bytes: md5 never matches).
    for (auto& [fid, f] : ctx.state.files) {
      if (!is_catalog_file(f, ctx.now) || f.volume_id != entry->volume_id ||
          f.parent_id != entry->parent_id || f.name != entry->name) {
        continue;
      }
      if (*strategy == "skip") return root_ok(ctx, json{{"id", f.id}, {"name", f.name}});
      delete_stored_file(ctx, f);
    }
  }
  StoredFile f = new_record(ctx, *entry);
  f.size = size;
  f.ref_file_id = ref;
  const json answer{{"id", f.id}, {"name", f.name}};
  ctx.state.files[f.id] = std::move(f);
  ctx.changed = true;
  return root_ok(ctx, answer);
}

Reply rename_file(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> id;
  std::optional<std::string> name;
  if (root) {
    id = read_id_text(*root, kBody, "id", Need::kRequired, e);
    name = read_entry_name(*root, e);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  StoredFile* f = find_live_file(ctx, *id);
  if (f == nullptr) return root_not_found(ctx, "file " + printable(*id) + " not found");
  f->name = *name;
  f->file_type = file_type_for_name(f->name);
  ctx.changed = true;
  return root_ok(ctx, json{{"id", *id}});
}

Reply delete_file_ref(Ctx& ctx) {
  Reply error;
  auto id = read_id_body(ctx, "id", error);
  if (!id) return error;
  bool any = false;
  for (auto& [fid, f] : ctx.state.files) {
    if (!f.deleted && f.ref_file_id == *id) {
      delete_stored_file(ctx, f);
      any = true;
    }
  }
  if (!any) return root_not_found(ctx, "no file refers to " + printable(*id));
  return root_ok(ctx, json{{"id", *id}});
}

Reply create_upload_record(Ctx& ctx) {
  Reply error;
  auto entry = read_entry(ctx, error);
  if (!entry) return error;
  StoredFile f = new_record(ctx, *entry);
  const std::string id = f.id;
  ctx.state.files[id] = std::move(f);
  ctx.changed = true;
  return root_ok(ctx, json{{"id", id}});
}

Reply create_folder(Ctx& ctx) {
  Reply error;
  auto entry = read_entry(ctx, error);
  if (!entry) return error;
  for (const auto& [id, existing] : ctx.state.folders) {
    if (existing.volume_id == entry->volume_id && existing.parent_id == entry->parent_id &&
        existing.name == entry->name) {
      return bad_argument(ctx, "a folder named \"" + printable(entry->name) + "\" exists there");
    }
  }
  Folder folder;
  folder.id = ctx.new_numeric_id();
  folder.name = entry->name;
  folder.volume_id = entry->volume_id;
  folder.parent_id = entry->parent_id;
  folder.creator = ctx.settings.user_name;
  folder.created_at = folder.updated_at = ctx.new_created_at();
  const json answer{{"id", folder.id}, {"name", folder.name}};
  ctx.state.folders[folder.id] = std::move(folder);
  ctx.changed = true;
  return root_ok(ctx, answer);
}

Reply rename_folder(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> id;
  std::optional<std::string> name;
  if (root) {
    id = read_id_text(*root, kBody, "id", Need::kRequired, e);
    name = read_entry_name(*root, e);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  const auto it = ctx.state.folders.find(*id);
  if (it == ctx.state.folders.end()) {
    return root_not_found(ctx, "folder " + printable(*id) + " not found");
  }
  for (const auto& [other, f] : ctx.state.folders) {
    if (other != *id && f.volume_id == it->second.volume_id &&
        f.parent_id == it->second.parent_id && f.name == *name) {
      return bad_argument(ctx, "a folder named \"" + printable(*name) + "\" exists there");
    }
  }
  it->second.name = *name;
  it->second.updated_at = ctx.now;
  ctx.changed = true;
  return root_ok(ctx, json{{"id", *id}});
}

Reply delete_folder(Ctx& ctx) {
  Reply error;
  Folder* folder = folder_from_body(ctx, error);
  if (folder == nullptr) return error;
  const std::string id = folder->id;
  delete_contents(ctx, id);
  ctx.state.folders.erase(id);
  return root_ok(ctx, json{{"id", id}});
}

Reply clean_folder(Ctx& ctx) {
  Reply error;
  Folder* folder = folder_from_body(ctx, error);
  if (folder == nullptr) return error;
  const std::string id = folder->id;
  delete_contents(ctx, id);
  return root_ok(ctx, json{{"id", id}});
}

Reply folder_refs(Ctx& ctx) {
  Reply error;
  if (folder_from_body(ctx, error) == nullptr) return error;
  // Nothing in the emulator references a folder (workflows read whole volumes).
  return root_ok(ctx, json{{"list", json::array()}});
}

Reply health(Ctx&) {
  Reply r;
  r.body = R"({"status":"ok"})";  // form B: bare, no envelope
  return r;
}

}  // namespace moi::emulator::detail
