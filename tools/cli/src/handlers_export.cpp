// SPDX-License-Identifier: Apache-2.0
// export actions (E1-E6); `export wait` is in wait.cpp.
#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/data_flow.hpp"
#include "moi/helpers/pagination.hpp"

namespace moi::cli {

namespace {

// The connector --connector names: by id when it is all digits and a connector has that id,
// else by exact name (moi::find_connector_by_name: several are a LookupError naming them).
Connector find_connector(const Invocation& inv, const std::string& name_or_id) {
  if (!name_or_id.empty() && name_or_id.find_first_not_of("0123456789") == std::string::npos) {
    for (const Connector& c : all_connectors(inv.client.connectors(), {}, inv.call)) {
      if (c.id == name_or_id) return c;
    }
  }
  return find_connector_by_name(inv.client.connectors(), name_or_id, inv.call);
}

// E1's `type` for a connector's kind (1 Dify, 2 S3/OSS, 3 MatrixOne), when it has one.
std::optional<ExportTaskType> export_type_of(const Connector& connector) {
  if (!connector.source_type) return std::nullopt;
  switch (*connector.source_type) {
    case ConnectorSourceType::kDify:
      return ExportTaskType::kDify;
    case ConnectorSourceType::kS3:
    case ConnectorSourceType::kOss:
      return ExportTaskType::kS3;
    case ConnectorSourceType::kMatrixOne:
      return ExportTaskType::kMatrixOne;
    default:
      return std::nullopt;
  }
}

// --volume-name, or the job's only source volume (J2).
std::string job_volume_name(const Invocation& inv, const std::string& job_id) {
  if (const auto name = inv.option("--volume-name")) return *name;
  const JobDetail job = inv.client.jobs().get(job_id, inv.call);
  const auto names = job.source_volume_names.value_or(std::vector<std::string>{});
  if (names.size() == 1 && !names.front().empty()) return names.front();
  std::string listed;
  for (const auto& n : names) listed += (listed.empty() ? "" : ", ") + ("\"" + n + "\"");
  throw UsageError("--volume-name is required: job " + job_id + " has " +
                   std::to_string(names.size()) + " source volume names" +
                   (listed.empty() ? std::string() : " (" + listed + ")"));
}

// --json with --connector and --from-job filled in.
Json export_create_body(const Invocation& inv) {
  Json body = *inv.json;
  if (!body.is_object()) throw UsageError("--json: the body must be a JSON object");
  if (const auto name_or_id = inv.option("--connector")) {
    const Connector connector = find_connector(inv, *name_or_id);
    // The id as the service sent it (an integer on the wire), so E1 gets it in that form.
    body["connector_id"] = Json(connector).value("id", Json(connector.id.value_or("")));
    body["connector_name"] = connector.name.value_or("");
    const auto type = export_type_of(connector);
    if (type && !body.contains("type")) body["type"] = static_cast<std::int32_t>(*type);
  }
  const auto job_id = inv.option("--from-job");
  if (!job_id) {
    for (const char* flag : {"--volume-name", "--processed"}) {
      if (inv.flag(flag)) throw UsageError(std::string(flag) + " goes with --from-job JOB_ID");
    }
    return body;
  }
  const std::string volume = job_volume_name(inv, *job_id);
  const std::vector<ExportFile> files = export_files_from_job(
      inv.client.jobs(), *job_id, volume, /*raw=*/!inv.flag("--processed"), inv.call);
  if (files.empty()) {
    throw LookupError("job " + *job_id + " has no completed file: nothing to export", {});
  }
  body["files"] = Json(files);
  return body;
}

}  // namespace

Result export_create(const Invocation& inv) {
  const auto request = decode_body<CreateExportTaskRequest>(export_create_body(inv));
  inv.client.exports().create(request, inv.call);
  // The service answers no id: find the task by its name and creator.
  try {
    const ExportTaskListItem task = find_export_task_by_name(
        inv.client.exports(), request.task_name, request.creator, inv.call);
    return {Json(task), export_task_table({task})};
  } catch (const LookupError& error) {
    inv.diagnostics.line("moi: export task \"" + request.task_name + "\" was created, but " +
                         error.what());
    return {};
  }
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
