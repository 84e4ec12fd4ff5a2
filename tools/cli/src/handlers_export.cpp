// SPDX-License-Identifier: Apache-2.0
// export actions (E1-E6); `export wait` is in wait.cpp.
#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/pagination.hpp"

namespace moi::cli {

Result export_create(const Invocation& inv) {
  inv.client.exports().create(decode_body<CreateExportTaskRequest>(*inv.json), inv.call);
  return {};
}

Result export_list(const Invocation& inv) {
  const auto request =
      inv.json ? decode_body<ListExportTasksRequest>(*inv.json) : ListExportTasksRequest{};
  if (inv.all) {
    return collect_all<ExportTaskListItem>(
        inv, all_export_tasks(inv.client.exports(), request, inv.call), export_task_table);
  }
  const auto page = inv.client.exports().list(request, inv.call);
  return {page, export_task_table(page.tasks)};
}

Result export_get(const Invocation& inv) { return {inv.client.exports().get(inv.id, inv.call)}; }

Result export_files(const Invocation& inv) {
  // The task comes from the positional ID; the body carries paging, filters and order.
  Json body = inv.json ? *inv.json : Json::object();
  if (body.is_object()) {
    const auto given = body.find("task_id");
    if (given != body.end() && !(given->is_string() && *given == inv.id)) {
      throw UsageError("--json: \"task_id\" differs from the TASK_ID argument; leave it out");
    }
    body["task_id"] = inv.id;
  }
  const auto request = decode_body<ListExportFilesRequest>(body);
  if (inv.all) {
    return collect_all<ExportFileItem>(
        inv, all_export_files(inv.client.exports(), request, inv.call), export_file_table);
  }
  const auto page = inv.client.exports().list_files(request, inv.call);
  return {page, export_file_table(page.files)};
}

Result export_rerun(const Invocation& inv) {
  inv.client.exports().rerun(inv.id, inv.call);
  return {};
}

Result export_delete(const Invocation& inv) {
  inv.client.exports().remove(inv.id, inv.call);
  return {};
}

}  // namespace moi::cli
