// SPDX-License-Identifier: Apache-2.0
// C1-C9 (catalogs, databases, volumes) and F1-F5 (files) at the host root.
#include <cctype>
#include <map>
#include <set>

#include "hmac.hpp"
#include "ids.hpp"
#include "routes.hpp"

namespace moi::emulator::detail {

namespace {

const Loc kBody{"body"};

}  // namespace

// A required, non-empty name (trimmed text is what is stored).
std::optional<std::string> read_name(const json& root, Errors& e) {
  auto name = read_string(root, kBody, "name", Need::kRequired, e);
  if (name && name->find_first_not_of(" \t\r\n") == std::string::npos) {
    json input = *name;
    e.add(at(kBody, "name"), "String should have at least 1 character", "string_too_short", &input);
    return std::nullopt;
  }
  return name;
}

std::string description_of(const json& root, Errors& e) {
  return read_string(root, kBody, "description", Need::kNullable, e).value_or("");
}

namespace {

// The extension with its dot (".md"), or "".
std::string extension_of(const std::string& name) {
  const auto dot = name.find_last_of('.');
  if (dot == std::string::npos || dot == 0) return {};
  std::string ext = name.substr(dot);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

// DX's string file_type: a broad kind from the extension.
std::string kind_of(const std::string& name) {
  const std::string ext = extension_of(name);
  static const std::pair<const char*, const char*> kKinds[] = {
      {".txt", "text"},  {".md", "text"},    {".markdown", "text"}, {".csv", "text"},
      {".sql", "text"},  {".htm", "text"},   {".html", "text"},     {".json", "text"},
      {".pdf", "pdf"},   {".doc", "word"},   {".docx", "word"},     {".ppt", "ppt"},
      {".pptx", "ppt"},  {".xls", "excel"},  {".xlsx", "excel"},    {".png", "image"},
      {".jpg", "image"}, {".jpeg", "image"}, {".bmp", "image"},     {".wav", "audio"},
      {".mp3", "audio"}, {".aac", "audio"},  {".flac", "audio"},    {".mp4", "video"},
      {".mov", "video"}, {".mkv", "video"},  {".parquet", "table"}, {".eml", "email"},
      {".msg", "email"},
  };
  for (const auto& [e, k] : kKinds) {
    if (ext == e) return k;
  }
  return "other";
}

}  // namespace

const Volume* find_volume(const State& state, const std::string& id) {
  auto it = state.volumes.find(id);
  return it == state.volumes.end() ? nullptr : &it->second;
}

StoredFile* find_catalog_file(Ctx& ctx, const std::string& id) {
  auto it = ctx.state.files.find(id);
  if (it == ctx.state.files.end() || !is_catalog_file(it->second, ctx.now)) return nullptr;
  return &it->second;
}

namespace {

std::int64_t volume_file_count(const State& state, const std::string& volume_id, std::int64_t now) {
  std::int64_t n = 0;
  for (const auto& [id, f] : state.files) {
    if (f.volume_id == volume_id && is_catalog_file(f, now)) ++n;
  }
  return n;
}

json volume_node(const Volume& v) {
  return json{{"id", v.id},
              {"name", v.name},
              {"type", "volume"},
              {"description", v.description},
              {"node_list", json::array()}};
}

}  // namespace

std::string folder_path(const State& state, const std::string& parent_id) {
  std::string path;
  std::string at = parent_id;
  for (int depth = 0; !at.empty() && depth < 256; ++depth) {
    const auto it = state.folders.find(at);
    if (it == state.folders.end()) break;
    path = "/" + it->second.name + path;
    at = it->second.parent_id;
  }
  return path;
}

json file_record(const Ctx& ctx, const StoredFile& f) {
  const Volume* v = find_volume(ctx.state, f.volume_id);
  const std::string volume_name = v ? v->name : std::string();
  const std::string ext = extension_of(f.name);
  const std::string folders = folder_path(ctx.state, f.parent_id);
  return json{{"id", f.id},
              {"name", f.name},
              {"file_type", kind_of(f.name)},
              {"file_ext", ext},
              {"origin_file_ext", ext},
              {"parent_id", f.parent_id},
              {"ref_file_id", f.ref_file_id},
              {"ref_workflow_id", ""},
              {"save_path", "/" + f.creator + "/" + volume_name + "/" + f.id + "/" + f.name},
              {"show_path", "/" + volume_name + folders + "/" + f.name},
              {"show_type", ext.empty() ? std::string("other") : ext.substr(1)},
              {"size", f.size},
              {"created_at", iso_z(f.created_at)},
              {"updated_at", iso_z(f.load_end)},
              {"created_by", f.creator},
              {"volume_id", f.volume_id},
              {"volume_name", volume_name},
              {"volume_reserved", false}};
}

std::optional<std::string> read_id_body(Ctx& ctx, const char* key, Reply& error) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> id;
  if (root) id = read_id_text(*root, kBody, key, Need::kRequired, e);
  if (!e.empty()) {
    error = bad_argument(ctx, errors_line(e));
    return std::nullopt;
  }
  return id;
}

void delete_stored_file(Ctx& ctx, StoredFile& f) {
  f.deleted = true;
  if (!f.record_only) ctx.blobs_to_remove.push_back(blob_of(f));
  ctx.changed = true;
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

namespace {

std::string download_token(const Ctx& ctx, const std::string& key, const std::string& expires) {
  return hmac_sha256_hex(ctx.state.link_secret, "moi-emulator download\n" + key + "\n" + expires);
}

}  // namespace

std::string signed_link(Ctx& ctx, const std::string& path, const std::string& name,
                        const std::string& key, const std::string& query) {
  if (ctx.state.link_secret.empty()) {
    // Made once, and on disk (with the state) before any link signed with it leaves.
    ctx.state.link_secret = random_hex(32);
    ctx.changed = true;
  }
  const std::string expires = std::to_string(unix_seconds(ctx.now) + kDownloadLinkSeconds);
  return ctx.base_url + path + "/" + url_encode(name) + "?expires=" + expires + query +
         "&token=" + download_token(ctx, key, expires);
}

bool link_token_valid(const Ctx& ctx, const std::string& key,
                      const std::optional<std::string>& token,
                      const std::optional<std::string>& expires) {
  const bool digits = expires && !expires->empty() && expires->size() <= 18 &&
                      expires->find_first_not_of("0123456789") == std::string::npos;
  return token && digits && !ctx.state.link_secret.empty() &&
         equal_in_constant_time(*token, download_token(ctx, key, *expires));
}

Reply list_catalogs(Ctx& ctx) {
  Errors e;
  if (!root_body(ctx, e)) return bad_argument(ctx, errors_line(e));
  json list = json::array();
  for (const auto& [id, c] : ctx.state.catalogs) {
    std::int64_t databases = 0;
    std::int64_t volumes = 0;
    std::int64_t files = 0;
    std::int64_t tables = 0;
    for (const auto& [dbid, db] : ctx.state.databases) {
      if (db.catalog_id != id) continue;
      ++databases;
      tables += static_cast<std::int64_t>(ctx.tables.tables(dbid).size());
      for (const auto& [vid, v] : ctx.state.volumes) {
        if (v.database_id != dbid) continue;
        ++volumes;
        files += volume_file_count(ctx.state, vid, ctx.now);
      }
    }
    list.push_back(json{{"id", c.id},
                        {"name", c.name},
                        {"description", c.description},
                        {"database_count", databases},
                        {"file_count", files},
                        {"table_count", tables},
                        {"volume_count", volumes},
                        {"reserved", false},
                        {"created_at", iso_z(c.created_at)},
                        {"updated_at", iso_z(c.updated_at)},
                        {"created_by", c.creator},
                        {"updated_by", c.creator}});
  }
  return root_ok(ctx, json{{"list", std::move(list)}});
}

Reply catalog_tree(Ctx& ctx) {
  Errors e;
  if (!root_body(ctx, e)) return bad_argument(ctx, errors_line(e));
  json tree = json::array();
  for (const auto& [cid, c] : ctx.state.catalogs) {
    json databases = json::array();
    for (const auto& [dbid, db] : ctx.state.databases) {
      if (db.catalog_id != cid) continue;
      json volumes = json::array();
      for (const auto& [vid, v] : ctx.state.volumes) {
        if (v.database_id == dbid) volumes.push_back(volume_node(v));
      }
      databases.push_back(json{{"id", std::to_string(dbid)},
                               {"name", db.name},
                               {"type", "database"},
                               {"description", db.description},
                               {"node_list", std::move(volumes)}});
    }
    tree.push_back(json{{"id", std::to_string(cid)},
                        {"name", c.name},
                        {"type", "catalog"},
                        {"description", c.description},
                        {"has_workflow_target_ref", false},
                        {"node_list", std::move(databases)}});
  }
  return root_ok(ctx, json{{"tree", std::move(tree)}});
}

Reply create_catalog(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> name;
  std::string description;
  if (root) {
    name = read_name(*root, e);
    description = description_of(*root, e);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  for (const auto& [id, c] : ctx.state.catalogs) {
    if (c.name == *name) return bad_argument(ctx, "a catalog named \"" + *name + "\" exists");
  }
  Catalog c;
  c.id = ctx.new_small_id();
  c.name = *name;
  c.description = description;
  c.creator = ctx.settings.user_name;
  c.created_at = c.updated_at = ctx.new_created_at();
  ctx.state.catalogs[c.id] = c;
  return root_ok(ctx, json{{"id", c.id}});
}

namespace {

// C4/C7: a database in a catalog, or a volume in a database. Body {<parent_key>, name,
// description}; the parent must exist and the name be free among its children. The new id is
// drawn only once the request is valid.
template <class Child, class Id, class Parents, class NewId>
Reply create_child(Ctx& ctx, const Parents& parents, std::map<Id, Child>& children,
                   std::int64_t Child::*parent_of, const char* parent_key, const char* parent_kind,
                   const char* child_kind, NewId new_id) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> name;
  std::optional<std::int64_t> parent;
  std::string description;
  if (root) {
    parent = read_int(*root, kBody, parent_key, Need::kRequired, e);
    name = read_name(*root, e);
    description = description_of(*root, e);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  const std::string parent_text = std::string(parent_kind) + " " + std::to_string(*parent);
  if (parents.count(*parent) == 0) return root_not_found(ctx, parent_text + " not found");
  for (const auto& [id, existing] : children) {
    if (existing.*parent_of == *parent && existing.name == *name) {
      return bad_argument(ctx, std::string("a ") + child_kind + " named \"" + *name +
                                   "\" exists in " + parent_text);
    }
  }
  Child child;
  child.id = new_id();
  child.*parent_of = *parent;
  child.name = *name;
  child.description = description;
  child.creator = ctx.settings.user_name;
  child.created_at = child.updated_at = ctx.new_created_at();
  children[child.id] = child;
  return root_ok(ctx, json{{"id", child.id}});
}

}  // namespace

Reply create_database(Ctx& ctx) {
  return create_child(ctx, ctx.state.catalogs, ctx.state.databases, &Database::catalog_id,
                      "catalog_id", "catalog", "database", [&ctx] { return ctx.new_small_id(); });
}

Reply database_children(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::int64_t> id;
  if (root) id = read_int(*root, kBody, "id", Need::kRequired, e);
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  if (ctx.state.databases.count(*id) == 0) {
    return root_not_found(ctx, "database " + std::to_string(*id) + " not found");
  }
  json list = json::array();
  for (const auto& [vid, v] : ctx.state.volumes) {
    if (v.database_id != *id) continue;
    std::int64_t size = 0;
    for (const auto& [fid, f] : ctx.state.files) {
      if (f.volume_id == vid && is_catalog_file(f, ctx.now)) size += f.size;
    }
    list.push_back(json{{"id", v.id},
                        {"name", v.name},
                        {"type", "volume"},
                        {"description", v.description},
                        {"size", size},
                        {"children_count", volume_file_count(ctx.state, vid, ctx.now)},
                        {"reserved", false},
                        {"created_at", iso_z(v.created_at)},
                        {"updated_at", iso_z(v.updated_at)},
                        {"created_by", v.creator},
                        {"updated_by", v.creator}});
  }
  for (auto& table : table_children(ctx, *id)) list.push_back(std::move(table));
  return root_ok(ctx, json{{"list", std::move(list)}});
}

Reply create_volume(Ctx& ctx) {
  return create_child(ctx, ctx.state.databases, ctx.state.volumes, &Volume::database_id,
                      "database_id", "database", "volume", [&ctx] { return ctx.new_numeric_id(); });
}

Reply get_volume(Ctx& ctx) {
  Reply error;
  auto id = read_id_body(ctx, "id", error);
  if (!id) return error;
  const Volume* v = find_volume(ctx.state, *id);
  if (v == nullptr) return root_not_found(ctx, "volume " + *id + " not found");
  const auto db = ctx.state.databases.find(v->database_id);
  return root_ok(
      ctx, json{{"id", v->id},
                {"name", v->name},
                {"description", v->description},
                {"database_id", v->database_id},
                {"catalog_id",
                 db == ctx.state.databases.end() ? json(nullptr) : json(db->second.catalog_id)},
                {"file_count", volume_file_count(ctx.state, v->id, ctx.now)},
                {"created_at", iso_z(v->created_at)},
                {"updated_at", iso_z(v->updated_at)},
                {"created_by", v->creator}});
}

Reply delete_volume(Ctx& ctx) {
  Reply error;
  auto id = read_id_body(ctx, "id", error);
  if (!id) return error;
  if (find_volume(ctx.state, *id) == nullptr) {
    return root_not_found(ctx, "volume " + *id + " not found");
  }
  for (auto& [fid, f] : ctx.state.files) {
    if (f.volume_id == *id && !f.deleted) delete_stored_file(ctx, f);
  }
  ctx.state.volumes.erase(*id);
  ctx.changed = true;
  return root_ok(ctx, json{{"id", *id}});
}

Reply volume_full_path(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::vector<std::string> volume_ids;
  std::vector<std::string> database_ids;
  if (root) {
    for (const char* key : {"volume_id_list", "database_id_list", "folder_id_list"}) {
      auto list = read_list_of_ids(*root, key, e);
      if (std::string(key) == "volume_id_list") volume_ids = std::move(list);
      if (std::string(key) == "database_id_list") database_ids = std::move(list);
    }
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  json volumes = json::array();
  for (const std::string& id : volume_ids) {
    const Volume* v = find_volume(ctx.state, id);
    if (v == nullptr) return root_not_found(ctx, "volume " + id + " not found");
    const auto db = ctx.state.databases.find(v->database_id);
    json ids = json::array();
    json names = json::array();
    if (db != ctx.state.databases.end()) {
      const auto cat = ctx.state.catalogs.find(db->second.catalog_id);
      if (cat != ctx.state.catalogs.end()) {
        ids.push_back(std::to_string(cat->first));
        names.push_back(cat->second.name);
      }
      ids.push_back(std::to_string(db->first));
      names.push_back(db->second.name);
    }
    ids.push_back(v->id);
    names.push_back(v->name);
    volumes.push_back(json{{"id_list", std::move(ids)}, {"name_list", std::move(names)}});
  }
  json databases = json::array();
  for (const std::string& id : database_ids) {
    const auto parsed =
        id.find_first_not_of("0123456789") == std::string::npos && !id.empty() && id.size() < 19
            ? std::stoll(id)
            : -1;
    const auto db = ctx.state.databases.find(parsed);
    if (db == ctx.state.databases.end()) {
      return root_not_found(ctx, "database " + id + " not found");
    }
    json ids = json::array();
    json names = json::array();
    const auto cat = ctx.state.catalogs.find(db->second.catalog_id);
    if (cat != ctx.state.catalogs.end()) {
      ids.push_back(std::to_string(cat->first));
      names.push_back(cat->second.name);
    }
    ids.push_back(std::to_string(db->first));
    names.push_back(db->second.name);
    databases.push_back(json{{"id_list", std::move(ids)}, {"name_list", std::move(names)}});
  }
  return root_ok(ctx, json{{"volume_full_path", std::move(volumes)},
                           {"database_full_path", std::move(databases)},
                           {"folder_full_path", json::array()}});
}

Reply list_files(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::int64_t page = 1;
  std::int64_t page_size = 10;
  std::string order = "desc";
  std::string order_by = "created_at";
  struct Filter {
    std::string name;
    std::vector<std::string> values;
    bool fuzzy = false;
  };
  std::vector<Filter> filters;
  if (root) {
    if (auto v = read_int(*root, kBody, "page", Need::kNullable, e)) {
      if (check_min(*v, 1, at(kBody, "page"), e)) page = *v;
    }
    if (auto v = read_int(*root, kBody, "page_size", Need::kNullable, e)) {
      if (check_min(*v, 1, at(kBody, "page_size"), e)) page_size = *v;
    }
    order = read_string(*root, kBody, "order", Need::kNullable, e).value_or("desc");
    order_by = read_string(*root, kBody, "order_by", Need::kNullable, e).value_or("created_at");
    if (auto list = read_dict_list(*root, kBody, "filters", Need::kNullable, e)) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        const Loc l = at(at(kBody, "filters"), static_cast<std::int64_t>(i));
        Filter f;
        auto name = read_string((*list)[i], l, "name", Need::kRequired, e);
        f.values = read_list_of_ids((*list)[i], "values", e, l);
        f.fuzzy = read_bool((*list)[i], l, "fuzzy", Need::kNullable, e).value_or(false);
        if (!name) continue;
        f.name = *name;
        static const std::set<std::string> kKnown{"volume_id", "volume_name", "parent_id",
                                                  "file_name", "name",        "ref_file_id"};
        if (kKnown.count(f.name) == 0) {
          json input = f.name;
          e.add(at(l, "name"),
                "unknown filter \"" + f.name +
                    "\" (known: volume_id, volume_name, parent_id, file_name, ref_file_id)",
                "value_error", &input);
          continue;
        }
        filters.push_back(std::move(f));
      }
    }
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  auto matches = [&](const Filter& f, const StoredFile& file) {
    if (f.values.empty()) return true;
    std::string field;
    if (f.name == "volume_id") field = file.volume_id;
    if (f.name == "parent_id") field = file.parent_id;
    if (f.name == "file_name" || f.name == "name") field = file.name;
    if (f.name == "ref_file_id") field = file.ref_file_id;
    if (f.name == "volume_name") {
      const Volume* v = find_volume(ctx.state, file.volume_id);
      field = v ? v->name : "";
    }
    for (const std::string& value : f.values) {
      // The volume's root: "" or the volume's own id.
      if (f.name == "parent_id" && file.parent_id.empty() &&
          (value.empty() || value == file.volume_id)) {
        return true;
      }
      if (f.fuzzy ? contains_ci(field, value) : field == value) return true;
    }
    return false;
  };
  // Folders are listed among the files (as "folder" entries): stand-ins with their fields.
  std::vector<StoredFile> folders;
  folders.reserve(ctx.state.folders.size());
  for (const auto& [id, folder] : ctx.state.folders) {
    StoredFile stand_in;
    stand_in.id = folder.id;
    stand_in.name = folder.name;
    stand_in.volume_id = folder.volume_id;
    stand_in.parent_id = folder.parent_id;
    stand_in.creator = folder.creator;
    stand_in.created_at = folder.created_at;
    stand_in.load_end = folder.updated_at;
    stand_in.record_only = true;
    folders.push_back(std::move(stand_in));
  }
  std::vector<const StoredFile*> items;
  auto consider = [&](const StoredFile& file) {
    bool ok = true;
    for (const Filter& f : filters) ok = ok && matches(f, file);
    if (ok) items.push_back(&file);
  };
  for (const auto& [id, file] : ctx.state.files) {
    if (is_catalog_file(file, ctx.now)) consider(file);
  }
  for (const StoredFile& folder : folders) consider(folder);
  sort_total(
      items,
      [&](const StoredFile& a, const StoredFile& b) {
        if (order_by == "name") return compare3(a.name, b.name);
        if (order_by == "size") return compare3(a.size, b.size);
        if (order_by == "updated_at") return compare3(a.load_end, b.load_end);
        return compare3(a.created_at, b.created_at);
      },
      [](const StoredFile& a, const StoredFile& b) {
        // Ids are 19-digit decimal text of equal length: text order is numeric order.
        return compare3(a.id, b.id);
      },
      !is_ascending(order));
  json list = json::array();
  for (const StoredFile* f : slice(items, page_offset(page, page_size), page_size)) {
    json record = file_record(ctx, *f);
    if (ctx.state.folders.count(f->id) != 0) {
      record["file_type"] = "folder";
      record["file_ext"] = "";
      record["origin_file_ext"] = "";
      record["show_type"] = "folder";
    }
    list.push_back(std::move(record));
  }
  return root_ok(ctx, json{{"list", std::move(list)}, {"total", items.size()}});
}

Reply get_file(Ctx& ctx) {
  Reply error;
  auto id = read_id_body(ctx, "id", error);
  if (!id) return error;
  StoredFile* f = find_catalog_file(ctx, *id);
  if (f == nullptr) return root_not_found(ctx, "file " + *id + " not found");
  return root_ok(ctx, file_record(ctx, *f));
}

Reply delete_file(Ctx& ctx) {
  Reply error;
  auto id = read_id_body(ctx, "id", error);
  if (!id) return error;
  StoredFile* f = find_catalog_file(ctx, *id);
  if (f == nullptr) return root_not_found(ctx, "file " + *id + " not found");
  delete_stored_file(ctx, *f);
  return root_ok(ctx, json{{"id", *id}});
}

Reply file_download_link(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> file_id;
  std::optional<std::string> volume_id;
  if (root) {
    file_id = read_id_text(*root, kBody, "file_id", Need::kRequired, e);
    volume_id = read_id_text(*root, kBody, "volume_id", Need::kNullable, e);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  StoredFile* f = find_catalog_file(ctx, *file_id);
  if (f == nullptr) return root_not_found(ctx, "file " + *file_id + " not found");
  if (volume_id && !volume_id->empty() && *volume_id != f->volume_id) {
    return root_not_found(ctx, "file " + *file_id + " not found in volume " + *volume_id);
  }
  return root_ok(ctx, json{{"link", signed_link(ctx, "/emulator/files/" + f->id, f->name, f->id)}});
}

Reply fetch_file(Ctx& ctx) {
  const std::string& id = ctx.args[0];
  const auto token = query_string(ctx.query, "token");
  const auto expires = query_string(ctx.query, "expires");
  if (!link_token_valid(ctx, id, token, expires)) {
    return error_root(403, "PERMISSION_DENIED", "missing or invalid download token",
                      ctx.request_id);
  }
  if (unix_seconds(ctx.now) > std::stoll(*expires)) {
    return error_root(403, "PERMISSION_DENIED",
                      "download link expired (links work for " +
                          std::to_string(kDownloadLinkSeconds) + " s): ask for a new one",
                      ctx.request_id);
  }
  StoredFile* f = find_catalog_file(ctx, id);
  if (f == nullptr) return root_not_found(ctx, "file " + id + " not found");
  ctx.blob_to_send = blob_of(*f);
  Reply r;
  r.content_type = f->mime_type.empty() ? "application/octet-stream" : f->mime_type;
  return r;
}

}  // namespace moi::emulator::detail

// ---- C10-C22: catalog, database and volume completion calls (PLATFORM-NOTES §1) -----------

namespace moi::emulator::detail {

namespace {

// Reads {"id": <integer>} (a catalog or database id; decimal text is accepted too).
std::optional<std::int64_t> read_small_id(Ctx& ctx, Reply& error) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::int64_t> id;
  if (root) id = read_int(*root, kBody, "id", Need::kRequired, e);
  if (!e.empty()) {
    error = bad_argument(ctx, errors_line(e));
    return std::nullopt;
  }
  return id;
}

// The catalog or database that the body's {"id": <integer>} names, or nullptr with @p error
// the answer: a bad argument, or "<what> <id> not found".
template <class Object>
Object* read_existing(Ctx& ctx, std::map<std::int64_t, Object>& objects, const char* what,
                      Reply& error) {
  const auto id = read_small_id(ctx, error);
  if (!id) return nullptr;
  const auto it = objects.find(*id);
  if (it == objects.end()) {
    error = root_not_found(ctx, std::string(what) + " " + std::to_string(*id) + " not found");
    return nullptr;
  }
  return &it->second;
}

// DX:219: only an object nothing depends on may be deleted (no cascade).
Reply refuse_while_holding(Ctx& ctx, const char* what, std::int64_t id, std::size_t count,
                           const char* child) {
  return bad_argument(ctx, std::string(what) + " " + std::to_string(id) + " holds " +
                               std::to_string(count) + " " + child + (count == 1 ? "" : "s") +
                               ": delete them first");
}

// Who references volume `v`: workflows reading or writing it, and add_ref_workflow marks.
// The ref_type values are the emulator's (the documents show none).
void add_volume_refs(const State& state, const Volume& v, json& out) {
  auto ref = [&](const char* type, const std::string& id) {
    out.push_back(
        json{{"volume_id", v.id}, {"volume_name", v.name}, {"ref_type", type}, {"ref_id", id}});
  };
  for (const auto& [id, w] : state.workflows) {
    if (std::find(w.source_volume_ids.begin(), w.source_volume_ids.end(), v.id) !=
        w.source_volume_ids.end()) {
      ref("workflow_source", id);
    }
    if (w.target_volume_id == v.id) ref("workflow_target", id);
  }
  for (std::int64_t i = 0; i < v.workflow_refs; ++i) ref("workflow", "");
}

json catalog_json(const Catalog& c) {
  return json{{"id", c.id}, {"name", c.name}, {"description", c.description}};
}

json database_json(const Ctx& ctx, const Database& db) {
  std::int64_t volumes = 0;
  std::int64_t files = 0;
  for (const auto& [vid, v] : ctx.state.volumes) {
    if (v.database_id != db.id) continue;
    ++volumes;
    files += volume_file_count(ctx.state, vid, ctx.now);
  }
  return json{{"id", db.id},
              {"name", db.name},
              {"description", db.description},
              {"table_count", ctx.tables.tables(db.id).size()},
              {"volume_count", volumes},
              {"file_count", files},
              {"reserved", false},
              {"created_at", iso_z(db.created_at)},
              {"created_by", db.creator},
              {"updated_at", iso_z(db.updated_at)},
              {"updated_by", db.creator}};
}

}  // namespace

Reply get_catalog(Ctx& ctx) {
  Reply error;
  const Catalog* catalog = read_existing(ctx, ctx.state.catalogs, "catalog", error);
  if (catalog == nullptr) return error;
  return root_ok(ctx, catalog_json(*catalog));
}

Reply update_catalog(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::int64_t> id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  if (root) {
    id = read_int(*root, kBody, "id", Need::kRequired, e);
    name = read_name(*root, e);
    description = read_string(*root, kBody, "description", Need::kNullable, e);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  const auto it = ctx.state.catalogs.find(*id);
  if (it == ctx.state.catalogs.end()) {
    return root_not_found(ctx, "catalog " + std::to_string(*id) + " not found");
  }
  for (const auto& [other, c] : ctx.state.catalogs) {
    if (other != *id && c.name == *name) {
      return bad_argument(ctx, "a catalog named \"" + *name + "\" exists");
    }
  }
  it->second.name = *name;
  it->second.description = description.value_or("");  // replaced, as the service does
  it->second.updated_at = ctx.now;
  ctx.changed = true;
  return root_ok(ctx, json{{"id", *id}});
}

Reply delete_catalog(Ctx& ctx) {
  Reply error;
  const Catalog* catalog = read_existing(ctx, ctx.state.catalogs, "catalog", error);
  if (catalog == nullptr) return error;
  const std::int64_t id = catalog->id;
  std::size_t databases = 0;
  for (const auto& [dbid, db] : ctx.state.databases) databases += db.catalog_id == id ? 1 : 0;
  if (databases > 0) return refuse_while_holding(ctx, "catalog", id, databases, "database");
  ctx.state.catalogs.erase(id);
  ctx.changed = true;
  return root_ok(ctx, json{{"id", id}});
}

Reply catalog_refs(Ctx& ctx) {
  Reply error;
  const Catalog* catalog = read_existing(ctx, ctx.state.catalogs, "catalog", error);
  if (catalog == nullptr) return error;
  json list = json::array();
  for (const auto& [dbid, db] : ctx.state.databases) {
    if (db.catalog_id != catalog->id) continue;
    for (const auto& [vid, v] : ctx.state.volumes) {
      if (v.database_id == dbid) add_volume_refs(ctx.state, v, list);
    }
  }
  return root_ok(ctx, json{{"list", std::move(list)}});
}

Reply list_databases(Ctx& ctx) {
  Reply error;
  // The catalog's id, under the key "id".
  const Catalog* catalog = read_existing(ctx, ctx.state.catalogs, "catalog", error);
  if (catalog == nullptr) return error;
  json list = json::array();
  for (const auto& [dbid, db] : ctx.state.databases) {
    if (db.catalog_id == catalog->id) list.push_back(database_json(ctx, db));
  }
  return root_ok(ctx, json{{"list", std::move(list)}});
}

Reply get_database(Ctx& ctx) {
  Reply error;
  const Database* database = read_existing(ctx, ctx.state.databases, "database", error);
  if (database == nullptr) return error;
  return root_ok(ctx, database_json(ctx, *database));
}

Reply update_database(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::int64_t> id;
  std::optional<std::string> description;
  if (root) {
    id = read_int(*root, kBody, "id", Need::kRequired, e);
    description = read_string(*root, kBody, "description", Need::kNullable, e);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  const auto it = ctx.state.databases.find(*id);
  if (it == ctx.state.databases.end()) {
    return root_not_found(ctx, "database " + std::to_string(*id) + " not found");
  }
  if (description) {
    it->second.description = *description;
    it->second.updated_at = ctx.now;
    ctx.changed = true;
  }
  return root_ok(ctx, json{{"id", *id}});
}

Reply delete_database(Ctx& ctx) {
  Reply error;
  const Database* database = read_existing(ctx, ctx.state.databases, "database", error);
  if (database == nullptr) return error;
  const std::int64_t id = database->id;
  std::size_t volumes = 0;
  for (const auto& [vid, v] : ctx.state.volumes) volumes += v.database_id == id ? 1 : 0;
  if (volumes > 0) return refuse_while_holding(ctx, "database", id, volumes, "volume");
  if (const std::size_t tables = ctx.tables.tables(id).size(); tables > 0) {
    return refuse_while_holding(ctx, "database", id, tables, "table");
  }
  ctx.state.databases.erase(id);
  ctx.changed = true;
  return root_ok(ctx, json{{"id", id}});
}

Reply database_refs(Ctx& ctx) {
  Reply error;
  const Database* database = read_existing(ctx, ctx.state.databases, "database", error);
  if (database == nullptr) return error;
  json list = json::array();
  for (const auto& [vid, v] : ctx.state.volumes) {
    if (v.database_id == database->id) add_volume_refs(ctx.state, v, list);
  }
  return root_ok(ctx, json{{"list", std::move(list)}});
}

Reply update_volume(Ctx& ctx) {
  Errors e;
  auto root = root_body(ctx, e);
  std::optional<std::string> id;
  std::optional<std::string> name;
  std::optional<std::string> description;
  if (root) {
    id = read_id_text(*root, kBody, "id", Need::kRequired, e);
    name = read_name(*root, e);
    // DX:684-686: all three keys are required.
    description = read_string(*root, kBody, "description", Need::kRequired, e);
  }
  if (!e.empty()) return bad_argument(ctx, errors_line(e));
  const auto it = ctx.state.volumes.find(*id);
  if (it == ctx.state.volumes.end()) return root_not_found(ctx, "volume " + *id + " not found");
  for (const auto& [other, v] : ctx.state.volumes) {
    if (other != *id && v.database_id == it->second.database_id && v.name == *name) {
      return bad_argument(ctx, "a volume named \"" + *name + "\" exists in database " +
                                   std::to_string(v.database_id));
    }
  }
  it->second.name = *name;
  it->second.description = *description;
  it->second.updated_at = ctx.now;
  ctx.changed = true;
  return root_ok(ctx, json{{"id", *id}});
}

Reply volume_refs(Ctx& ctx) {
  Reply error;
  auto id = read_id_body(ctx, "id", error);
  if (!id) return error;
  const Volume* v = find_volume(ctx.state, *id);
  if (v == nullptr) return root_not_found(ctx, "volume " + *id + " not found");
  json list = json::array();
  add_volume_refs(ctx.state, *v, list);
  return root_ok(ctx, json{{"list", std::move(list)}});
}

Reply mark_volume_workflow_ref(Ctx& ctx, int delta) {
  Reply error;
  auto id = read_id_body(ctx, "id", error);
  if (!id) return error;
  const auto it = ctx.state.volumes.find(*id);
  if (it == ctx.state.volumes.end()) return root_not_found(ctx, "volume " + *id + " not found");
  if (delta < 0 && it->second.workflow_refs == 0) {
    return bad_argument(ctx, "volume " + *id + " has no workflow reference to remove");
  }
  it->second.workflow_refs += delta;
  ctx.changed = true;
  return root_ok(ctx, json{{"id", *id}});
}

}  // namespace moi::emulator::detail
