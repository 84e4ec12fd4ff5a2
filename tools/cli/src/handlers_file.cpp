// SPDX-License-Identifier: Apache-2.0
// file actions (F1-F4, at the host root) and load-task actions (T1, T2); `file upload` and
// `load wait` are in wait.cpp.
#include <limits>

#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/pagination.hpp"
#include "usage_error.hpp"

namespace moi::cli {
namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int32_t>::max();

// --page and --page-size of the page-numbered lists.
template <class Request>
void read_paging(const Invocation& inv, Request& request) {
  if (const auto page = inv.integer("--page", 1, kMaxInt)) request.page = *page;
  if (const auto size = inv.integer("--page-size", 1, kMaxInt)) request.page_size = *size;
}

// The path below the volume: show_path is "/VOLUME/folder/name".
std::string relative_path(const FileInfo& file) {
  const std::string path = file.show_path.value_or(file.name.value_or(""));
  const std::string prefix = "/" + file.volume_name.value_or("") + "/";
  if (file.volume_name && path.rfind(prefix, 0) == 0) return path.substr(prefix.size());
  return path.empty() || path[0] != '/' ? path : path.substr(1);
}

// --recursive: files only, each with its path inside the volume.
Result file_list_recursive(const Invocation& inv, const ListFilesRequest& request) {
  std::vector<FileInfo> files;
  if (inv.all) {
    for (const FileInfo& f : all_files(inv.client.files(), request, inv.call)) {
      if (!is_folder(f)) files.push_back(f);
    }
  } else {
    for (FileInfo& f : inv.client.files().list(request, inv.call).list) {
      if (!is_folder(f)) files.push_back(std::move(f));
    }
  }
  Result result;
  result.data = Json::array();
  result.table = Table{{"ID", "RELATIVE_PATH", "SIZE"}, {}};
  for (const FileInfo& f : files) {
    Json item = f;
    item["relative_path"] = relative_path(f);
    result.table->rows.push_back(
        {f.id.value_or(""), relative_path(f), f.size ? std::to_string(*f.size) : ""});
    result.data.push_back(std::move(item));
  }
  return result;
}

}  // namespace

Result file_list(const Invocation& inv) {
  ListFilesRequest request =
      inv.json ? decode_body<ListFilesRequest>(*inv.json) : ListFilesRequest{};
  if (const auto volume = inv.option("--volume")) request.in_volume(*volume);
  if (const auto name = inv.option("--name")) {
    FileFilter filter;
    filter.name = "file_name";
    filter.values = {*name};
    filter.fuzzy = true;
    request.filters.push_back(std::move(filter));
  }
  read_paging(inv, request);
  if (inv.flag("--recursive")) return file_list_recursive(inv, request);
  if (inv.all) {
    return collect_all<FileInfo>(inv, all_files(inv.client.files(), request, inv.call), file_table);
  }
  const auto page = inv.client.files().list(request, inv.call);
  return {page, file_table(page.list)};
}

Result file_get(const Invocation& inv) { return {inv.client.files().get(inv.id, inv.call)}; }

Result file_delete(const Invocation& inv) {
  inv.client.files().remove(inv.id, inv.call);
  return {};
}

Result load_get(const Invocation& inv) { return {inv.client.load_tasks().get(inv.id, inv.call)}; }

Result load_files(const Invocation& inv) {
  ListLoadTaskFilesRequest request = list_load_task_files_query(inv.json);
  if (const auto status = inv.integer("--status", 0, kMaxInt)) {
    request.status = static_cast<LoadFileStatus>(*status);
  }
  read_paging(inv, request);
  if (inv.all) {
    return collect_all<LoadTaskFile>(
        inv, all_load_task_files(inv.client.load_tasks(), inv.id, request, inv.call),
        load_task_file_table);
  }
  const auto page = inv.client.load_tasks().list_files(inv.id, request, inv.call);
  return {page, load_task_file_table(page.files)};
}

Result load_list(const Invocation& inv) {
  ListLoadTasksRequest request = list_load_tasks_query(inv.json);
  if (const auto status = inv.integer("--status", 0, 4)) {
    request.status = {};
    request.status.push_back(static_cast<LoadTaskStatus>(*status));
  }
  read_paging(inv, request);
  if (inv.all) {
    return collect_all<LoadTask>(inv, all_load_tasks(inv.client.load_tasks(), request, inv.call),
                                 load_task_table);
  }
  const auto page = inv.client.load_tasks().list(request, inv.call);
  return {page, load_task_table(page.tasks)};
}

Result load_pause(const Invocation& inv) {
  inv.client.load_tasks().pause(inv.id, inv.call);
  return {inv.client.load_tasks().get(inv.id, inv.call)};
}

Result load_resume(const Invocation& inv) {
  inv.client.load_tasks().resume(inv.id, inv.call);
  return {inv.client.load_tasks().get(inv.id, inv.call)};
}

Result load_delete(const Invocation& inv) {
  inv.client.load_tasks().remove(inv.id, inv.call);
  return {Json{{"id", inv.id}}};
}

Result load_retry(const Invocation& inv) {
  // --json {"ids": [...]} (T9's key; task_id is TASK_ID); FILE_IDs given replace it.
  const FlagBody body(inv.json);
  body.only({"task_id", "ids"});
  if (body.has("task_id") && body.text("task_id") != inv.id) {
    throw UsageError("--json: \"task_id\" differs from the TASK_ID argument; leave it out");
  }
  std::vector<std::string> ids = inv.args.empty() ? body.strings("ids") : inv.args;
  if (ids.empty()) {
    // Default: every failed file of the task (status 4).
    ListLoadTaskFilesRequest failed;
    failed.status = LoadFileStatus::kFailed;
    for (const LoadTaskFile& file :
         all_load_task_files(inv.client.load_tasks(), inv.id, failed, inv.call)) {
      if (file.id) ids.push_back(*file.id);
    }
    if (ids.empty()) throw UsageError("load task " + inv.id + " has no failed file to retry");
  }
  inv.client.load_tasks().retry(inv.id, ids, inv.call);
  return {Json{{"task_id", inv.id}, {"retried", ids}}};
}

}  // namespace moi::cli
