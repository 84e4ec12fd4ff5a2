// SPDX-License-Identifier: Apache-2.0
// folder actions (FO1-FO5, F1 filtered by parent), file records and renames (F6, F7, F10) and
// the health check (H1).
#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/pagination.hpp"
#include "usage_error.hpp"

namespace moi::cli {

namespace {

Json changed(const std::string& id) { return Json{{"id", id}}; }

std::string required_name(const Invocation& inv, const char* what) {
  const std::string name = inv.option("--name").value_or("");
  if (name.empty())
    throw UsageError(std::string("--name is required: the ") + what + "'s new name");
  return name;
}

}  // namespace

Result folder_create(const Invocation& inv) {
  CreateFolderRequest request;
  request.volume_id = inv.id;
  request.name = inv.option("NAME").value_or("");
  request.parent_id = inv.option("--parent").value_or("");
  return {inv.client.folders().create(request, inv.call)};
}

Result folder_list(const Invocation& inv) {
  ListFilesRequest request;
  request.in_volume(inv.id);
  FileFilter parent;
  parent.name = "parent_id";
  parent.values = {inv.option("--parent").value_or("")};
  request.filters.push_back(std::move(parent));
  if (inv.all) {
    return collect_all<FileInfo>(inv, all_files(inv.client.files(), request, inv.call), file_table);
  }
  request.page_size = 100;
  const auto page = inv.client.files().list(request, inv.call);
  return {page, file_table(page.list)};
}

Result folder_update(const Invocation& inv) {
  inv.client.folders().rename(inv.id, required_name(inv, "folder"), inv.call);
  return {changed(inv.id)};
}

Result folder_delete(const Invocation& inv) {
  inv.client.folders().remove(inv.id, inv.call);
  return {changed(inv.id)};
}

Result folder_clean(const Invocation& inv) {
  inv.client.folders().clean(inv.id, inv.call);
  return {changed(inv.id)};
}

Result file_create(const Invocation& inv) {
  if (!inv.json) throw UsageError("--json is required: the file record's body");
  return {inv.client.files().create_record(decode_body<CreateFileRequest>(*inv.json), inv.call)};
}

Result file_update(const Invocation& inv) {
  inv.client.files().rename(inv.id, required_name(inv, "file"), inv.call);
  return {changed(inv.id)};
}

Result file_preview_link(const Invocation& inv) {
  return {inv.client.files().preview_link(inv.id, inv.option("--volume").value_or(""), inv.call)};
}

Result health_check(const Invocation& inv) { return {inv.client.health(inv.call)}; }

}  // namespace moi::cli
