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

const Volume* find_volume(const State& state, const std::string& id) {
  auto it = state.volumes.find(id);
  return it == state.volumes.end() ? nullptr : &it->second;
}

StoredFile* find_catalog_file(Ctx& ctx, const std::string& id) {
  auto it = ctx.state.files.find(id);
  if (it == ctx.state.files.end() || !is_catalog_file(it->second, ctx.now)) return nullptr;
  return &it->second;
}

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

json file_record(const Ctx& ctx, const StoredFile& f) {
  const Volume* v = find_volume(ctx.state, f.volume_id);
  const std::string volume_name = v ? v->name : std::string();
  const std::string ext = extension_of(f.name);
  return json{{"id", f.id},
              {"name", f.name},
              {"file_type", kind_of(f.name)},
              {"file_ext", ext},
              {"origin_file_ext", ext},
              {"parent_id", ""},
              {"ref_file_id", ""},
              {"ref_workflow_id", ""},
              {"save_path", "/" + f.creator + "/" + volume_name + "/" + f.id + "/" + f.name},
              {"show_path", "/" + volume_name + "/" + f.name},
              {"show_type", ext.empty() ? std::string("other") : ext.substr(1)},
              {"size", f.size},
              {"created_at", iso_z(f.created_at)},
              {"updated_at", iso_z(f.load_end)},
              {"created_by", f.creator},
              {"volume_id", f.volume_id},
              {"volume_name", volume_name},
              {"volume_reserved", false}};
}

// Reads {"id": ...} as decimal text (string or integer).
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
  ctx.blobs_to_remove.push_back(blob_of(f));
  ctx.changed = true;
}

}  // namespace

std::string download_token(const Ctx& ctx, const std::string& key, const std::string& expires) {
  return hmac_sha256_hex(ctx.state.link_secret, "moi-emulator download\n" + key + "\n" + expires);
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
    if (f.name == "parent_id") field = "";  // files sit at the volume's root
    if (f.name == "file_name" || f.name == "name") field = file.name;
    if (f.name == "ref_file_id") field = "";
    if (f.name == "volume_name") {
      const Volume* v = find_volume(ctx.state, file.volume_id);
      field = v ? v->name : "";
    }
    for (const std::string& value : f.values) {
      if (f.name == "parent_id" && (value.empty() || value == file.volume_id)) return true;
      if (f.fuzzy ? contains_ci(field, value) : field == value) return true;
    }
    return false;
  };
  std::vector<const StoredFile*> items;
  for (const auto& [id, file] : ctx.state.files) {
    if (!is_catalog_file(file, ctx.now)) continue;
    bool ok = true;
    for (const Filter& f : filters) ok = ok && matches(f, file);
    if (ok) items.push_back(&file);
  }
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
    list.push_back(file_record(ctx, *f));
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
  if (ctx.state.link_secret.empty()) {
    // Made once, and on disk (with the state) before any link signed with it leaves.
    ctx.state.link_secret = random_hex(32);
    ctx.changed = true;
  }
  const std::string expires = std::to_string(unix_seconds(ctx.now) + kDownloadLinkSeconds);
  const std::string link = ctx.base_url + "/emulator/files/" + f->id + "/" + url_encode(f->name) +
                           "?expires=" + expires + "&token=" + download_token(ctx, f->id, expires);
  return root_ok(ctx, json{{"link", link}});
}

Reply fetch_file(Ctx& ctx) {
  const std::string& id = ctx.args[0];
  const auto token = query_string(ctx.query, "token");
  const auto expires = query_string(ctx.query, "expires");
  const bool digits = expires && !expires->empty() && expires->size() <= 18 &&
                      expires->find_first_not_of("0123456789") == std::string::npos;
  if (!token || !digits || ctx.state.link_secret.empty() ||
      !equal_in_constant_time(*token, download_token(ctx, id, *expires))) {
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
