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

std::optional<std::string> id_argument(const Invocation& inv) {
  if (inv.id.empty()) return std::nullopt;
  return inv.id;
}

// A rename (FO2, F7): {id, name} from --json, ID and --name over it. The SDK's rename takes
// the two fields, so no other key can be sent.
FlagBody rename_body(const Invocation& inv, const char* id_name) {
  FlagBody body(inv.json);
  body.only({"id", "name"});
  body.set("name", inv.option("--name"));
  body.put("id", id_argument(inv), id_name).put("name", std::nullopt, "--name");
  if (body.text("name").empty()) throw UsageError("--name must not be empty: the new name");
  return body;
}

// A link (F4, F10): {file_id, volume_id} from --json, FILE_ID and --volume over it.
FileLinkRequest link_body(const Invocation& inv) {
  FlagBody body(inv.json);
  body.only({"file_id", "volume_id"});
  body.set("volume_id", inv.option("--volume"));
  return body.put("file_id", id_argument(inv), "FILE_ID").request<FileLinkRequest>();
}

}  // namespace

Result folder_create(const Invocation& inv) {
  const auto request = FlagBody(inv.json)
                           .set("parent_id", inv.option("--parent"))
                           .put("volume_id", id_argument(inv), "VOLUME_ID")
                           .put("name", inv.option("NAME"), "NAME")
                           .fallback("parent_id", "")
                           .request<CreateFolderRequest>();
  return {inv.client.folders().create(request, inv.call)};
}

Result folder_list(const Invocation& inv) {
  // --json is the F1 body; VOLUME_ID and --parent add their filters (the root without
  // --parent, unless the body filters on a parent itself).
  ListFilesRequest request =
      inv.json ? decode_body<ListFilesRequest>(*inv.json) : ListFilesRequest{};
  request.in_volume(inv.id);
  bool parent_given = false;
  for (const FileFilter& filter : request.filters) parent_given |= filter.name == "parent_id";
  if (inv.option("--parent") || !parent_given) {
    FileFilter parent;
    parent.name = "parent_id";
    parent.values = {inv.option("--parent").value_or("")};
    request.filters.push_back(std::move(parent));
  }
  if (inv.all) {
    return collect_all<FileInfo>(inv, all_files(inv.client.files(), request, inv.call), file_table);
  }
  if (!request.page_size) request.page_size = 100;
  const auto page = inv.client.files().list(request, inv.call);
  return {page, file_table(page.list)};
}

Result folder_update(const Invocation& inv) {
  const FlagBody body = rename_body(inv, "FOLDER_ID");
  inv.client.folders().rename(body.text("id"), body.text("name"), inv.call);
  return {changed(body.text("id"))};
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
  const FlagBody body = rename_body(inv, "FILE_ID");
  inv.client.files().rename(body.text("id"), body.text("name"), inv.call);
  return {changed(body.text("id"))};
}

Result file_preview_link(const Invocation& inv) {
  const FileLinkRequest request = link_body(inv);
  return {
      inv.client.files().preview_link(request.file_id, request.volume_id.value_or(""), inv.call)};
}

Result file_link(const Invocation& inv) {
  const FileLinkRequest request = link_body(inv);
  return {inv.client.files().link(request.file_id, request.volume_id.value_or(""), inv.call)};
}

Result health_check(const Invocation& inv) { return {inv.client.health(inv.call)}; }

}  // namespace moi::cli
