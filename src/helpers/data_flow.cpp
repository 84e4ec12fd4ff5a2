// SPDX-License-Identifier: Apache-2.0
#include "moi/helpers/data_flow.hpp"

#include <algorithm>
#include <utility>

#include "clients/upload_check.hpp"
#include "moi/helpers/pagination.hpp"

namespace moi {
namespace {

// Newest first by the creation time in @p created (unknown times last; ties keep their order).
template <class Item>
void sort_newest_first(std::vector<Item>& items, Timestamp Item::*created = &Item::created_at) {
  std::stable_sort(items.begin(), items.end(), [created](const Item& a, const Item& b) {
    return (a.*created).epoch_ms().value_or(INT64_MIN) >
           (b.*created).epoch_ms().value_or(INT64_MIN);
  });
}

// "a, b, c".
std::string joined(const std::vector<std::string>& ids) {
  std::string list;
  for (const std::string& id : ids) list += (list.empty() ? "" : ", ") + id;
  return list;
}

// The one item of @p matches, or LookupError naming what was looked for and the candidates.
template <class Item>
Item only_match(std::vector<Item> matches, const std::string& what) {
  if (matches.size() == 1) return std::move(matches.front());
  std::vector<std::string> ids;
  for (const Item& item : matches) ids.push_back(item.id.value_or("?"));
  if (ids.empty()) throw LookupError("no " + what, {});
  const std::string message = std::to_string(ids.size()) + " objects match " + what +
                              " (ids, newest first: " + joined(ids) + "): use one of the ids";
  throw LookupError(message, std::move(ids));
}

std::string quote(const std::string& name) { return "'" + name + "'"; }

// The kinds of the tree's levels, top down.
constexpr const char* kLevelKinds[] = {"catalog", "database", "volume"};

// A node of @p kind: its `type` says so, or it says nothing.
bool is_kind(const CatalogNode& node, const char* kind) {
  return !node.type || node.type->empty() || *node.type == kind;
}

// The node of @p kind named @p name among @p nodes, or nullptr; several is a LookupError.
// @p where names the parent (" in catalog 'c'"), empty for catalogs.
const CatalogNode* find_node(const std::vector<CatalogNode>& nodes, const std::string& name,
                             const char* kind, const std::string& where) {
  std::vector<const CatalogNode*> found;
  for (const CatalogNode& node : nodes) {
    if (node.name == name && is_kind(node, kind)) found.push_back(&node);
  }
  if (found.size() > 1) {
    std::vector<std::string> ids;
    for (const CatalogNode* node : found) ids.push_back(node->id.value_or("?"));
    const std::string message = std::to_string(found.size()) + " " + kind + "s are named " +
                                quote(name) + where + " (ids: " + joined(ids) +
                                "): use one of the ids";
    throw LookupError(message, std::move(ids));
  }
  return found.empty() ? nullptr : found.front();
}

// "'a', 'b'" for the names of the nodes of @p kind (at most 10, then "and N more").
std::string names_of(const std::vector<CatalogNode>& nodes, const char* kind) {
  std::string list;
  std::size_t count = 0;
  for (const CatalogNode& node : nodes) {
    if (!is_kind(node, kind) || !node.name) continue;
    if (++count <= 10) list += (list.empty() ? "" : ", ") + quote(*node.name);
  }
  if (count > 10) list += " and " + std::to_string(count - 10) + " more";
  return list;
}

// The parts of a `catalog[/database[/volume]]` path, checked (nothing sent yet).
std::vector<std::string> path_parts(const std::string& path) {
  std::string trimmed = path;
  if (!trimmed.empty() && trimmed.front() == '/') trimmed.erase(0, 1);
  if (!trimmed.empty() && trimmed.back() == '/') trimmed.pop_back();
  if (trimmed.empty()) {
    throw InvalidArgumentError("catalog path " + quote(path) +
                               " is empty: expected CATALOG[/DATABASE[/VOLUME]]");
  }
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto slash = trimmed.find('/', start);
    parts.push_back(
        trimmed.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (parts.back().empty()) {
      throw InvalidArgumentError("catalog path " + quote(path) + ": part " +
                                 std::to_string(parts.size()) +
                                 " is empty: expected CATALOG[/DATABASE[/VOLUME]]");
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  if (parts.size() > 3) {
    throw InvalidArgumentError("catalog path " + quote(path) + " has " +
                               std::to_string(parts.size()) +
                               " parts: expected CATALOG[/DATABASE[/VOLUME]] (at most 3)");
  }
  return parts;
}

// Walks @p tree down @p parts. Fills @p out's ids for the parts found and returns how many
// were found; stops at the first missing one. Several of one name is a LookupError.
std::size_t walk_tree(const std::vector<CatalogNode>& tree, const std::vector<std::string>& parts,
                      CatalogPath& out, const CatalogNode** last) {
  std::string* const ids[] = {&out.catalog_id, &out.database_id, &out.volume_id};
  const std::vector<CatalogNode>* level = &tree;
  std::string where;
  std::string prefix;
  *last = nullptr;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const CatalogNode* node = find_node(*level, parts[i], kLevelKinds[i], where);
    if (node == nullptr) return i;
    *ids[i] = node->id.value_or("");
    *last = node;
    level = &node->node_list;
    prefix += (prefix.empty() ? "" : "/") + parts[i];
    where = std::string(" in ") + kLevelKinds[i] + " " + quote(prefix);
  }
  return parts.size();
}

// "/vol/docs/a.pdf" -> {"vol", "docs", "a.pdf"}.
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    if (end > start) parts.push_back(path.substr(start, end - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

}  // namespace

LookupError::LookupError(const std::string& message, std::vector<std::string> candidates)
    : Error(ErrorKind::kLookup, message, false, 0, {}), candidates_(std::move(candidates)) {}

Connector find_connector_by_name(const ConnectorClient& connectors, const std::string& name,
                                 const CallOptions& options) {
  if (name.empty()) throw InvalidArgumentError("connector name is empty");
  ListConnectorsRequest request;
  request.keyword = name;
  std::vector<Connector> matches;
  for (const Connector& connector : all_connectors(connectors, request, options)) {
    if (connector.name == name) matches.push_back(connector);
  }
  sort_newest_first(matches);
  return only_match(std::move(matches), "the connector name " + quote(name));
}

ExportTaskListItem find_export_task_by_name(const ExportClient& exports, const std::string& name,
                                            const std::string& creator,
                                            const CallOptions& options) {
  if (name.empty()) throw InvalidArgumentError("export task name is empty");
  ListExportTasksRequest request;
  if (!creator.empty()) request.creator = creator;
  request.order_by = "create_time";
  request.order_direction = SortOrder::kDescending;
  std::vector<ExportTaskListItem> matches;
  for (const ExportTaskListItem& task : all_export_tasks(exports, request, options)) {
    if (task.name == name) matches.push_back(task);
  }
  sort_newest_first(matches, &ExportTaskListItem::create_time);
  return only_match(std::move(matches), "the export task name " + quote(name));
}

WorkflowListItem find_branch_by_name(const WorkflowClient& workflows,
                                     const std::string& workflow_id, const std::string& name,
                                     const CallOptions& options) {
  if (name.empty()) throw InvalidArgumentError("branch name is empty");
  std::vector<WorkflowListItem> matches;
  for (WorkflowListItem& branch : workflows.list_branches(workflow_id, {}, options).workflows) {
    if (branch.name == name) matches.push_back(std::move(branch));
  }
  sort_newest_first(matches);
  return only_match(std::move(matches),
                    "the branch name " + quote(name) + " in workflow " + workflow_id);
}

CatalogPath find_by_path(const CatalogClient& catalog, const std::string& path,
                         const CallOptions& options) {
  const std::vector<std::string> parts = path_parts(path);
  const std::vector<CatalogNode> tree = catalog.tree(options);
  CatalogPath out;
  const CatalogNode* last = nullptr;
  const std::size_t found = walk_tree(tree, parts, out, &last);
  if (found < parts.size()) {
    const char* kind = kLevelKinds[found];
    std::string message = std::string("no ") + kind + " " + quote(parts[found]);
    const std::vector<CatalogNode>& siblings = last ? last->node_list : tree;
    if (last != nullptr) {
      std::string parent;
      for (std::size_t i = 0; i < found; ++i) parent += (i ? "/" : "") + parts[i];
      message += std::string(" in ") + kLevelKinds[found - 1] + " " + quote(parent);
    }
    const std::string names = names_of(siblings, kind);
    if (names.empty()) {
      message += std::string(last ? " (it has no " : " (there is no ") + kind + ")";
    } else {
      message += std::string(last ? " (its " : " (existing ") + kind + "s: " + names + ")";
    }
    throw LookupError(message + " [path " + quote(path) + "]", {});
  }
  out.node = *last;
  return out;
}

CatalogPath find_volume_by_path(const CatalogClient& catalog, const std::string& path,
                                const CallOptions& options) {
  if (path_parts(path).size() != 3) {
    throw InvalidArgumentError("volume path " + quote(path) +
                               " must have 3 parts: CATALOG/DATABASE/VOLUME");
  }
  return find_by_path(catalog, path, options);
}

LoadedVolume load_files(const Client& client, const LoadFilesRequest& request) {
  // Every check first: nothing is sent (and no catalog, database or volume created) when
  // an argument is bad.
  if (request.volume_name.empty()) throw InvalidArgumentError("volume_name is empty");
  if (request.catalog_name.empty()) throw InvalidArgumentError("catalog_name is empty");
  if (request.database_name.empty()) throw InvalidArgumentError("database_name is empty");
  detail::check_upload_files(request.files, request.max_file_bytes);
  const CatalogClient catalog = client.catalog();
  LoadedVolume out;

  // Find the volume by its names in the tree; create what is missing.
  CatalogPath found;
  const CatalogNode* last = nullptr;
  const std::size_t levels =
      walk_tree(catalog.tree(request.call),
                {request.catalog_name, request.database_name, request.volume_name}, found, &last);
  out.catalog_id = found.catalog_id;
  out.database_id = found.database_id;
  out.volume_id = found.volume_id;
  if (levels < 1) {
    CreateCatalogRequest create;
    create.name = request.catalog_name;
    out.catalog_id = catalog.create_catalog(create, request.call);
  }
  if (levels < 2) {
    CreateDatabaseRequest create;
    create.catalog_id = out.catalog_id;
    create.name = request.database_name;
    out.database_id = catalog.create_database(create, request.call);
  }
  if (levels < 3) {
    CreateVolumeRequest create;
    create.database_id = out.database_id;
    create.name = request.volume_name;
    out.volume_id = catalog.create_volume(create, request.call);
    out.volume_created = true;
  }

  if (!out.volume_created) {
    // A name the volume already holds gives two files one export path: warn, do not refuse.
    std::vector<std::string> names;
    for (const UploadFile& file : request.files) {
      names.push_back(!file.name.empty() ? file.name
                                         : file.path.substr(file.path.find_last_of('/') + 1));
    }
    std::vector<std::string> warned;
    for (const FileInfo& held :
         find_files_by_name(client.files(), out.volume_id, names, request.call)) {
      const std::string name = held.name.value_or("");
      if (std::find(warned.begin(), warned.end(), name) != warned.end()) continue;
      warned.push_back(name);
      out.warnings.push_back("volume " + quote(request.volume_name) +
                             " already holds a file named " + quote(name) +
                             ": the upload adds a second one (their export paths collide)");
    }
  }
  UploadRequest upload;
  upload.volume_id = out.volume_id;
  upload.files = request.files;
  upload.max_file_bytes = request.max_file_bytes;
  upload.on_progress = request.on_upload_progress;
  out.upload = client.files().upload(upload, request.call);
  if (!out.upload.task_id || out.upload.task_id->empty()) {
    throw DecodeError("task_id", "the upload answer names no load task");
  }
  out.load = wait_for_load_task(client.load_tasks(), *out.upload.task_id, request.wait);
  if (!out.load.failed.empty() && request.throw_on_failed_files) {
    std::string names;
    for (const LoadTaskFile& file : out.load.failed) {
      names += (names.empty() ? "" : ", ") + file.name.value_or("?");
      if (file.reason && !file.reason->empty()) names += " (" + *file.reason + ")";
    }
    throw ServiceError("LOAD_FAILED",
                       std::to_string(out.load.failed.size()) + " of " +
                           std::to_string(out.load.files.size()) + " files did not load into " +
                           "volume " + out.volume_id + " (load task " + *out.upload.task_id +
                           "): " + names,
                       0, "");
  }
  for (const LoadTaskFile& file : out.load.files) {
    if (file.status == LoadFileStatus::kFailed) continue;
    LoadedFile loaded;
    loaded.file_id = file.id.value_or("");
    loaded.name = file.name.value_or("");
    loaded.full_path = split_path(file.path.value_or(""));
    if (loaded.full_path.empty()) loaded.full_path = {request.volume_name, loaded.name};
    out.files.push_back(std::move(loaded));
  }
  return out;
}

std::vector<ExportFile> to_export_files(const std::vector<LoadedFile>& files) {
  std::vector<ExportFile> out;
  out.reserve(files.size());
  for (const LoadedFile& file : files)
    out.push_back(ExportFile{file.file_id, file.full_path, true});
  return out;
}

std::vector<ExportFile> export_files_from_job(const JobClient& jobs, const std::string& job_id,
                                              const std::string& volume_name, bool raw,
                                              const CallOptions& options) {
  std::vector<ExportFile> out;
  ListJobFilesRequest request;
  request.statuses = {JobFileStatus::kCompleted};
  for (const JobFileInfo& file : all_job_files(jobs, job_id, request, options)) {
    // source_id names the file in the source volume: the catalog file id.
    const std::string id = file.source_id && !file.source_id->empty()       ? *file.source_id
                           : file.ref_file_id && !file.ref_file_id->empty() ? *file.ref_file_id
                                                                            : file.id.value_or("");
    out.push_back(ExportFile{id, {volume_name, file.file_name.value_or("")}, raw});
  }
  return out;
}

std::vector<FileInfo> find_files_by_name(const FileClient& files, const std::string& volume_id,
                                         const std::vector<std::string>& names,
                                         const CallOptions& options) {
  std::vector<std::string> wanted;
  for (const std::string& name : names) {
    if (!name.empty() && std::find(wanted.begin(), wanted.end(), name) == wanted.end()) {
      wanted.push_back(name);
    }
  }
  if (volume_id.empty() || wanted.empty()) return {};
  ListFilesRequest request;
  request.in_volume(volume_id);
  FileFilter by_name;
  by_name.name = "file_name";
  by_name.values = wanted;
  request.filters.push_back(std::move(by_name));
  // The filter narrows the pages; the exact comparison decides (a service that ignored the
  // filter would only send more pages).
  std::vector<FileInfo> out;
  for (const FileInfo& file : all_files(files, request, options)) {
    if (file.name && std::find(wanted.begin(), wanted.end(), *file.name) != wanted.end()) {
      out.push_back(file);
    }
  }
  return out;
}

}  // namespace moi
