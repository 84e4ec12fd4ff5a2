// SPDX-License-Identifier: Apache-2.0
// file actions (F1-F4, at the host root) and load-task actions (T1, T2); `file upload` and
// `load wait` are in wait.cpp.
#include <limits>

#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/pagination.hpp"

namespace moi::cli {
namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int32_t>::max();

// --page and --page-size of the page-numbered lists.
template <class Request>
void read_paging(const Invocation& inv, Request& request) {
  if (const auto page = inv.integer("--page", 1, kMaxInt)) request.page = *page;
  if (const auto size = inv.integer("--page-size", 1, kMaxInt)) request.page_size = *size;
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

Result file_link(const Invocation& inv) {
  return {inv.client.files().link(inv.id, inv.option("--volume").value_or(""), inv.call)};
}

Result load_get(const Invocation& inv) { return {inv.client.load_tasks().get(inv.id, inv.call)}; }

Result load_files(const Invocation& inv) {
  ListLoadTaskFilesRequest request;
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

}  // namespace moi::cli
