// SPDX-License-Identifier: Apache-2.0
// catalog, database and volume actions (C1-C8, at the host root), and the integer options of
// the data actions.
#include <cerrno>
#include <cstdlib>

#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/data_flow.hpp"
#include "usage_error.hpp"

namespace moi::cli {

std::optional<std::int64_t> Invocation::integer(const std::string& name, std::int64_t min,
                                                std::int64_t max) const {
  const auto text = option(name);
  if (!text) return std::nullopt;
  const std::string range = " (" + std::to_string(min) + " to " + std::to_string(max) + ")";
  errno = 0;
  char* end = nullptr;
  const long long value = std::strtoll(text->c_str(), &end, 10);
  if (text->empty() || end != text->c_str() + text->size() || errno == ERANGE || value < min ||
      value > max) {
    throw UsageError(name + " must be an integer" + range + ", got \"" + *text + "\"");
  }
  return static_cast<std::int64_t>(value);
}

namespace {

Json id_object(const std::string& id) { return Json{{"id", id}}; }

// One volume of the tree, with the database and catalog above it.
struct VolumeRow {
  std::string id, name, database_id, database, catalog_id, catalog;
};

// Kind of a tree node: its `type`, or (when the service sends none) its depth.
std::string kind_of(const CatalogNode& node, int depth) {
  if (node.type) return *node.type;
  static const char* const kinds[] = {"catalog", "database", "volume"};
  return depth < 3 ? kinds[depth] : "";
}

void collect_volumes(const std::vector<CatalogNode>& nodes, int depth, VolumeRow parent,
                     std::vector<VolumeRow>& out) {
  for (const auto& node : nodes) {
    VolumeRow row = parent;
    const std::string kind = kind_of(node, depth);
    if (kind == "catalog") {
      row.catalog_id = node.id.value_or("");
      row.catalog = node.name.value_or("");
    } else if (kind == "database") {
      row.database_id = node.id.value_or("");
      row.database = node.name.value_or("");
    } else if (kind == "volume") {
      row.id = node.id.value_or("");
      row.name = node.name.value_or("");
      out.push_back(row);
      continue;  // folders inside a volume are not volumes
    }
    collect_volumes(node.node_list, depth + 1, row, out);
  }
}

}  // namespace

Result catalog_list(const Invocation& inv) {
  const auto catalogs = inv.client.catalog().list_catalogs(inv.call);
  return {Json(catalogs), catalog_table(catalogs)};
}

Result catalog_tree(const Invocation& inv) {
  const auto tree = inv.client.catalog().tree(inv.call);
  return {Json(tree), catalog_tree_table(tree)};
}

namespace {

// The body of a create: --json with the arguments and --description over it.
FlagBody create_body(const Invocation& inv) {
  FlagBody body(inv.json);
  body.set("description", inv.option("--description"));
  return body;
}

std::optional<std::string> id_argument(const Invocation& inv) {
  if (inv.id.empty()) return std::nullopt;
  return inv.id;
}

}  // namespace

Result catalog_create(const Invocation& inv) {
  const auto request =
      create_body(inv).put("name", id_argument(inv), "NAME").request<CreateCatalogRequest>();
  return {id_object(inv.client.catalog().create_catalog(request, inv.call))};
}

Result database_create(const Invocation& inv) {
  const auto request = create_body(inv)
                           .put("catalog_id", id_argument(inv), "CATALOG_ID")
                           .put("name", inv.option("NAME"), "NAME")
                           .request<CreateDatabaseRequest>();
  return {id_object(inv.client.catalog().create_database(request, inv.call))};
}

Result database_children(const Invocation& inv) {
  const auto children = inv.client.catalog().database_children(inv.id, inv.call);
  return {Json(children), catalog_node_table(children)};
}

Result volume_create(const Invocation& inv) {
  const auto request = create_body(inv)
                           .put("database_id", id_argument(inv), "DATABASE_ID")
                           .put("name", inv.option("NAME"), "NAME")
                           .request<CreateVolumeRequest>();
  return {id_object(inv.client.catalog().create_volume(request, inv.call))};
}

Result volume_get(const Invocation& inv) {
  return {inv.client.catalog().get_volume(inv.id, inv.call)};
}

Result volume_delete(const Invocation& inv) {
  inv.client.catalog().delete_volume(inv.id, inv.call);
  return {};
}

Result volume_list(const Invocation& inv) {
  std::vector<VolumeRow> rows;
  collect_volumes(inv.client.catalog().tree(inv.call), 0, {}, rows);
  Result result;
  result.data = Json::array();
  result.table = Table{{"ID", "NAME", "DATABASE", "CATALOG"}, {}};
  for (const auto& row : rows) {
    result.data.push_back({{"id", row.id},
                           {"name", row.name},
                           {"database_id", row.database_id},
                           {"database", row.database},
                           {"catalog_id", row.catalog_id},
                           {"catalog", row.catalog}});
    result.table->rows.push_back({row.id, row.name, row.database, row.catalog});
  }
  return result;
}

Result volume_find(const Invocation& inv) {
  // One implementation with the C++ helper: a missing part or a name that several volumes
  // carry is a LookupError naming it or the candidates (exit 1).
  const CatalogPath found = find_volume_by_path(inv.client.catalog(), inv.id, inv.call);
  return {Json{{"id", found.volume_id},
               {"name", found.node.name.value_or("")},
               {"database_id", found.database_id},
               {"catalog_id", found.catalog_id}}};
}

}  // namespace moi::cli

// ---- catalog, database and volume completion (C10-C22) ---------------------------------------

namespace moi::cli {

namespace {

// The printed answer of an action that changes an object: its id, as a string.
Json changed(const std::string& id) { return Json{{"id", id}}; }

Table ref_table(const std::vector<VolumeRef>& refs) {
  Table t{{"VOLUME_ID", "VOLUME", "REF_TYPE", "REF_ID"}, {}};
  for (const auto& r : refs) {
    t.rows.push_back({r.volume_id.value_or(""), r.volume_name.value_or(""), r.ref_type.value_or(""),
                      r.ref_id.value_or("")});
  }
  return t;
}

}  // namespace

Result catalog_get(const Invocation& inv) {
  return {inv.client.catalog().get_catalog(inv.id, inv.call)};
}

Result catalog_update(const Invocation& inv) {
  FlagBody body(inv.json);
  body.set("name", inv.option("--name")).set("description", inv.option("--description"));
  const auto request = body.put("id", id_argument(inv), "CATALOG_ID")
                           .put("name", std::nullopt, "--name")
                           .request<UpdateCatalogRequest>();
  if (request.name.empty()) throw UsageError("--name must not be empty: the catalog's new name");
  inv.client.catalog().update_catalog(request, inv.call);
  return {changed(request.id)};
}

Result catalog_delete(const Invocation& inv) {
  inv.client.catalog().delete_catalog(inv.id, inv.call);
  return {changed(inv.id)};
}

Result catalog_refs(const Invocation& inv) {
  const auto refs = inv.client.catalog().catalog_refs(inv.id, inv.call);
  return {Json(refs), ref_table(refs)};
}

Result database_list(const Invocation& inv) {
  const auto list = inv.client.catalog().list_databases(inv.id, inv.call);
  Table t{{"ID", "NAME", "TABLES", "VOLUMES", "FILES", "DESCRIPTION"}, {}};
  for (const auto& d : list) {
    t.rows.push_back({d.id.value_or(""), d.name.value_or(""),
                      d.table_count ? std::to_string(*d.table_count) : "",
                      d.volume_count ? std::to_string(*d.volume_count) : "",
                      d.file_count ? std::to_string(*d.file_count) : "",
                      d.description.value_or("")});
  }
  return {Json(list), t};
}

Result database_get(const Invocation& inv) {
  return {inv.client.catalog().get_database(inv.id, inv.call)};
}

Result database_update(const Invocation& inv) {
  FlagBody body(inv.json);
  body.set("description", inv.option("--description"));
  if (!body.has("description")) {
    throw UsageError(
        "--description (or \"description\" in --json) is required (databases cannot be "
        "renamed)");
  }
  const auto request =
      body.put("id", id_argument(inv), "DATABASE_ID").request<UpdateDatabaseRequest>();
  inv.client.catalog().update_database(request, inv.call);
  return {changed(request.id)};
}

Result database_delete(const Invocation& inv) {
  inv.client.catalog().delete_database(inv.id, inv.call);
  return {changed(inv.id)};
}

Result volume_update(const Invocation& inv) {
  FlagBody body(inv.json);
  body.set("name", inv.option("--name")).set("description", inv.option("--description"));
  if (!body.has("name") && !body.has("description")) {
    throw UsageError(
        "give --name, --description or both (or those keys in --json): what to "
        "change");
  }
  const auto request = body.put("id", id_argument(inv), "VOLUME_ID").request<UpdateVolumeRequest>();
  inv.client.catalog().update_volume(request, inv.call);
  return {changed(request.id)};
}

Result volume_refs(const Invocation& inv) {
  const auto refs = inv.client.catalog().volume_refs(inv.id, inv.call);
  return {Json(refs), ref_table(refs)};
}

}  // namespace moi::cli
