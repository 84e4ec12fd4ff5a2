// SPDX-License-Identifier: Apache-2.0
// The command table. One entry per action: its endpoint, help and examples live next to the
// handler they name, so the help, docs/cli.md and the tests (which run every example) cannot
// drift apart.
#include "commands.hpp"

namespace moi::cli {
namespace {

constexpr const char* kWorkflowBody =
    "WorkflowRequest: name, source_volume_names [str], source_volume_ids [str|int], file_types "
    "[int], process_mode {interval, offset}, target_volume_id, create_target_volume_name, "
    "workflow {components, connections, edges, extra_components}; optional: priority, "
    "target_volume_name, branch_name, files, content. Unknown keys are sent as given.";

constexpr const char* kBranchBody =
    "BranchRequest: branch_name, workflow {components, connections, edges, extra_components}. "
    "Unknown keys are sent as given.";

constexpr const char* kDeleteQuery = "delete_data (bool): also delete the data it produced.";

// Reads like a sentence in the table below: action(...).id(...).query(...).example(...).
class Action {
 public:
  Action(const char* name, const char* endpoint, const char* summary, Handler handler) {
    spec_.name = name;
    spec_.endpoint = endpoint;
    spec_.summary = summary;
    spec_.handler = handler;
  }
  Action& id(const char* name) {
    spec_.id_name = name;
    return *this;
  }
  Action& body(const char* keys) { return json(JsonInput::kBodyRequired, keys); }
  Action& optional_body(const char* keys) { return json(JsonInput::kBodyOptional, keys); }
  Action& query(const char* keys) { return json(JsonInput::kQuery, keys); }
  Action& paginated() {
    spec_.paginated = true;
    return *this;
  }
  Action& waits() {
    spec_.waits = true;
    return *this;
  }
  Action& example(const char* line) {
    spec_.examples.push_back(line);
    return *this;
  }
  operator ActionSpec() const { return spec_; }  // NOLINT: implicit, for the table

 private:
  Action& json(JsonInput input, const char* keys) {
    spec_.input = input;
    spec_.json_keys = keys;
    return *this;
  }
  ActionSpec spec_;
};

GroupSpec workflow_group() {
  return {
      "workflow",
      "Workflows: data-processing pipelines over source volumes (W1-W7)",
      {
          Action("create", "W1 POST /workflow_meta", "Create a workflow (starts its first job)",
                 workflow_create)
              .body(kWorkflowBody)
              .example("moi workflow create --json @workflow.json"),
          Action("list", "W2 GET /workflow_meta", "List workflows (a page; --all for every page)",
                 workflow_list)
              .query("name_search, start_time, end_time (epoch ms), process_modes [int], status "
                     "[int], file_types [int], priority [int], creator, offset, limit, "
                     "sort_field, sort_order (\"ascend\" or \"descend\").")
              .paginated()
              .example(R"(moi workflow list --json '{"limit":5,"sort_field":"name",)"
                       R"("sort_order":"ascend"}')")
              .example("moi workflow list --all --output table"),
          Action("get", "W3 GET /workflow_meta/{workflow_id}",
                 "Show a workflow with its pipeline and branches", workflow_get)
              .id("WORKFLOW_ID")
              .example("moi workflow get WORKFLOW_ID"),
          Action("update", "W4 PUT /workflow_meta/{workflow_id}/base_info",
                 "Replace a workflow's settings and main pipeline", workflow_update)
              .id("WORKFLOW_ID")
              .body("The body of create (create_target_volume_name may be left out: \"\" is "
                    "sent), or the output of `moi workflow get`, edited or not: then only the "
                    "fields an update takes are sent (as moi::to_update_request does), never "
                    "answer fields such as ids, times or branches.")
              .example("moi workflow update WORKFLOW_ID --json @workflow.json")
              .example("moi workflow get WORKFLOW_ID | moi workflow update WORKFLOW_ID --json -"),
          Action("delete", "W5 DELETE /workflow_meta/{workflow_id}",
                 "Delete a workflow and its branches", workflow_delete)
              .id("WORKFLOW_ID")
              .query(kDeleteQuery)
              .example(R"(moi workflow delete WORKFLOW_ID --json '{"delete_data":true}')"),
          Action("stop", "W6 PUT /workflow_meta/{workflow_id}/stop",
                 "Stop a workflow and its running jobs", workflow_stop)
              .id("WORKFLOW_ID")
              .example("moi workflow stop WORKFLOW_ID"),
          Action("rerun", "W7 PUT /workflow_meta/{workflow_id}/rerun",
                 "Run a workflow again (a new job per branch)", workflow_rerun)
              .id("WORKFLOW_ID")
              .example("moi workflow rerun WORKFLOW_ID"),
      }};
}

GroupSpec branch_group() {
  return {"branch",
          "Workflow branches: alternative pipelines of one workflow (B1-B5)",
          {
              Action("create", "B1 POST /workflow_meta/{workflow_id}/branch",
                     "Create a branch of a workflow", branch_create)
                  .id("WORKFLOW_ID")
                  .body(kBranchBody)
                  .example(R"(moi branch create WORKFLOW_ID --json '{"branch_name":"experiment",)"
                           R"("workflow":{"components":[],"connections":[]}}')"),
              Action("list", "B2 GET /workflow_meta/{workflow_id}/branch",
                     "List a workflow's branches (one item per branch)", branch_list)
                  .id("WORKFLOW_ID")
                  .query("status_in [int]: statuses of the workflow.")
                  .example("moi branch list WORKFLOW_ID --output table")
                  .example(R"(moi branch list WORKFLOW_ID --json '{"status_in":[1,2]}')"),
              Action("get", "B3 GET /workflow_meta/branch/{branch_id}",
                     "Show a branch and its pipeline", branch_get)
                  .id("BRANCH_ID")
                  .example("moi branch get BRANCH_ID"),
              Action("update", "B4 PUT /workflow_meta/branch/{branch_id}",
                     "Replace a branch's name and pipeline", branch_update)
                  .id("BRANCH_ID")
                  .body("The body of create; the output of `moi branch get` can be sent back as it "
                        "is.")
                  .example("moi branch update BRANCH_ID --json @branch.json")
                  .example("moi branch get BRANCH_ID | moi branch update BRANCH_ID --json -"),
              Action("delete", "B5 DELETE /workflow_meta/branch/{branch_id}",
                     "Delete a branch (not the main one)", branch_delete)
                  .id("BRANCH_ID")
                  .query(kDeleteQuery)
                  .example(R"(moi branch delete BRANCH_ID --json '{"delete_data":true}')"),
          }};
}

GroupSpec job_group() {
  return {"job",
          "Jobs: the runs of a workflow and the files they process (J1-J5)",
          {
              Action("list", "J1 GET /workflow_job", "List jobs (a page; --all for every page)",
                     job_list)
                  .query("workflow_id, name_search, file_types [int], priority [int], page_num, "
                         "page_size, count_le, count_ge, sort_field, sort_order (\"asc\" or "
                         "\"desc\").")
                  .paginated()
                  .example(R"(moi job list --json '{"workflow_id":"WORKFLOW_ID","page_size":20}')"
                           R"( --output table)"),
              Action("get", "J2 GET /workflow_job/{job_id}", "Show a job's record", job_get)
                  .id("JOB_ID")
                  .example("moi job get JOB_ID"),
              Action("files", "J3 GET /workflow_job/{job_id}/files",
                     "List a job's files with its file counters (--all for every page)", job_files)
                  .id("JOB_ID")
                  .query("page_num, page_size, statuses [int].")
                  .paginated()
                  .example(R"(moi job files JOB_ID --json '{"statuses":[3]}' --output table)")
                  .example("moi job files JOB_ID --all"),
              Action("retry", "J4 POST /workflow_job/{job_id}/files",
                     "Process some of a job's files again", job_retry)
                  .id("JOB_ID")
                  .body("files [str]: file ids, as `moi job files` shows them.")
                  .example(R"(moi job retry JOB_ID --json '{"files":["FILE_ID"]}')"),
              Action("status", "J5 GET /workflow_job/{job_id}/status",
                     "Show a job's status, progress and times", job_status)
                  .id("JOB_ID")
                  .example("moi job status JOB_ID"),
              Action("wait", "J5 and J3, polled",
                     "Wait until a job completes (exit 0) or fails (exit 4), showing progress",
                     job_wait)
                  .id("JOB_ID")
                  .waits()
                  .example("moi job wait JOB_ID --timeout 600"),
          }};
}

GroupSpec export_group() {
  return {
      "export",
      "Export tasks: processed files to Dify, S3/OSS or MatrixOne (E1-E6)",
      {
          Action("create", "E1 POST /export/task/create", "Create an export task", export_create)
              .body("CreateExportTaskRequest: task_name, creator, connector_id, connector_name, "
                    "type (1 Dify, 2 S3/OSS, 3 MatrixOne), config {dify_config, s3_config, "
                    "mo_config, merge_title_to_text}, files [{file_id, full_path [str], "
                    "is_raw}]. The service answers no id: find the task with `moi export list`.")
              .example("moi export create --json @export.json"),
          Action("list", "E2 POST /export/task/list",
                 "List export tasks (a page; --all for every page)", export_list)
              .optional_body("offset, limit, statuses [int], creator, connector_name, task_id, "
                             "order_by, order_direction (\"asc\" or \"desc\").")
              .paginated()
              .example(R"(moi export list --json '{"creator":"admin","limit":20}' --output table)"),
          Action("get", "E3 POST /export/task/info",
                 "Show an export task with its configuration and file counts", export_get)
              .id("TASK_ID")
              .example("moi export get TASK_ID"),
          Action("files", "E4 POST /export/task/files",
                 "List an export task's files (--all for every page)", export_files)
              .id("TASK_ID")
              .optional_body("offset, limit, statuses [int], order_by, order_direction (\"asc\" "
                             "or \"desc\"); task_id is TASK_ID.")
              .paginated()
              .example(R"(moi export files TASK_ID --json '{"statuses":[3],"limit":50}')"),
          Action("rerun", "E5 POST /export/task/{task_id}/rerun",
                 "Export a task's failed files again", export_rerun)
              .id("TASK_ID")
              .example("moi export rerun TASK_ID"),
          Action("delete", "E6 POST /export/task/delete", "Delete an export task", export_delete)
              .id("TASK_ID")
              .example("moi export delete TASK_ID"),
          Action("wait", "E3, polled",
                 "Wait until every file of a task is exported (exit 0) or some failed (exit 4)",
                 export_wait)
              .id("TASK_ID")
              .waits()
              .example("moi export wait TASK_ID --timeout 600"),
      }};
}

}  // namespace

const std::vector<GroupSpec>& command_table() {
  static const std::vector<GroupSpec> table = {workflow_group(), branch_group(), job_group(),
                                               export_group()};
  return table;
}

std::vector<Example> examples() {
  std::vector<Example> out;
  for (const auto& group : command_table()) {
    for (const auto& action : group.actions) {
      for (const char* line : action.examples) out.push_back({group.name, action.name, line});
    }
  }
  return out;
}

}  // namespace moi::cli
