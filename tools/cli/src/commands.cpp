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

constexpr const char* kCreateBody =
    "name, description, and catalog_id (database) or database_id (volume). Arguments and flags "
    "given as well override them; a body that has a field makes its argument unnecessary.";

// The rule every --json body and query follows (issue 21, item 14).
#define MOI_CLI_FLAGS_OVERRIDE                                                             \
  "The ID and flags given as well fill or override these fields; a body that has a field " \
  "makes its argument unnecessary."

constexpr const char* kUpdateCatalogBody =
    "UpdateCatalogRequest: id, name, description. " MOI_CLI_FLAGS_OVERRIDE;
constexpr const char* kUpdateDatabaseBody =
    "UpdateDatabaseRequest: id, description. " MOI_CLI_FLAGS_OVERRIDE;
constexpr const char* kUpdateVolumeBody =
    "UpdateVolumeRequest: id, name, description. " MOI_CLI_FLAGS_OVERRIDE;
constexpr const char* kCreateFolderBody =
    "CreateFolderRequest: volume_id, name, parent_id. " MOI_CLI_FLAGS_OVERRIDE;
constexpr const char* kRenameBody = "{id, name}: the only keys it takes. " MOI_CLI_FLAGS_OVERRIDE;
constexpr const char* kTableDataBody =
    "TableDataRequest: id, name, database_id, page, page_size. " MOI_CLI_FLAGS_OVERRIDE;
constexpr const char* kTableExistsBody =
    "{database_id, name}: the only keys it takes. " MOI_CLI_FLAGS_OVERRIDE;
constexpr const char* kFolderListBody =
    "ListFilesRequest: page, page_size, order, order_by, filters [{name, values [str], fuzzy}]. "
    "VOLUME_ID and --parent add their filters (the root without --parent, unless the body has a "
    "parent_id filter).";
constexpr const char* kLinkBody =
    "FileLinkRequest: file_id, volume_id: the only keys it takes. " MOI_CLI_FLAGS_OVERRIDE;

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
  Action& optional_id() {
    spec_.id_optional = true;
    return *this;
  }
  Action& optional_args() {
    spec_.args_optional = true;
    return *this;
  }
  Action& offline() {
    spec_.offline = true;
    return *this;
  }
  Action& paginated() {
    spec_.paginated = true;
    return *this;
  }
  Action& waits() {
    spec_.waits = true;
    return *this;
  }
  Action& arg(const char* name, const char* help) {
    return add(name, help, OptionKind::kPositional);
  }
  Action& args(const char* name, const char* help) {
    return add(name, help, OptionKind::kPositionals);
  }
  Action& option(const char* name, const char* help) { return add(name, help, OptionKind::kValue); }
  Action& flag(const char* name, const char* help) { return add(name, help, OptionKind::kFlag); }
  Action& repeated(const char* name, const char* help) {
    return add(name, help, OptionKind::kRepeated);
  }
  // Several options at once (the connector configuration flags).
  Action& options(const std::vector<OptionSpec>& list) {
    spec_.options.insert(spec_.options.end(), list.begin(), list.end());
    return *this;
  }
  Action& note(const char* text) {
    spec_.notes.push_back(text);
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
  Action& add(const char* name, const char* help, OptionKind kind) {
    spec_.options.push_back({name, help, kind});
    return *this;
  }
  ActionSpec spec_;
};

GroupSpec workflow_group() {
  return {
      "workflow",
      "Workflows: data-processing pipelines over source volumes (W1-W7)",
      {
          Action("create", "W1 POST /workflow_meta",
                 "Create a workflow; prints it with its first job's id (--wait: until done)",
                 workflow_create)
              .optional_body(kWorkflowBody)
              .option("--name", "The workflow name (\"name\")")
              .option("--volume", "The source volume id (\"source_volume_ids\"; its name is read)")
              .option("--target-volume", "The target volume id (\"target_volume_id\")")
              .option("--target-volume-name",
                      "Or a new target volume of this name (\"create_target_volume_name\")")
              .option("--preset",
                      "The pipeline when --json has no \"workflow\": documents (default: "
                      "cleaner, splitter, writer) or clean (cleaner, writer)")
              .option("--split-by",
                      "The splitter's unit: word or char (documented), sentence, passage, page")
              .option("--split-length", "Units per chunk (a JSON integer)")
              .option("--split-overlap", "Units shared by neighbouring chunks")
              .option("--split-threshold", "Minimum units of a chunk")
              .option("--file-types",
                      "File types, names or numbers: pdf,docx,md (default txt,pdf,markdown,docx,"
                      "pptx)")
              .option("--priority", "The priority (server default 300)")
              .flag("--wait", "Wait for the first job to finish (exit 4 when it failed)")
              .waits()
              .note("Flags fill or override the fields of --json (the API's names in "
                    "brackets); a body that has a field makes its flag unnecessary. Left out: "
                    "process_mode {interval 0, offset 0} (once), file_types as --file-types, "
                    "and the --preset pipeline. The --split-* flags configure the "
                    "DocumentSplitter of the pipeline, whichever it came from.")
              .note("Prints the created record with \"job_id\", its first job (found with J1); "
                    "with --wait also \"job\", the job's final status (J5).")
              .example("moi workflow create --json @workflow.json")
              .example("moi workflow create --name contracts --volume VOLUME_ID "
                       "--target-volume-name contracts-out --split-by word --split-length 300 "
                       "--split-overlap 30 --wait --timeout 600"),
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
                  .optional_id()
                  .option("--workflow",
                          "Instead of JOB_ID: the newest job of this workflow (waits for its "
                          "first job when it has none yet)")
                  .waits()
                  .note("Prints the job's final status (J5), whose job_id names the job.")
                  .example("moi job wait JOB_ID --timeout 600")
                  .example("moi job wait --workflow WORKFLOW_ID --timeout 600"),
          }};
}

GroupSpec export_group() {
  return {
      "export",
      "Export tasks: processed files to Dify, S3/OSS or MatrixOne (E1-E6)",
      {
          Action("create", "E1 POST /export/task/create",
                 "Create an export task; prints it, found by name (with its id)", export_create)
              .body("CreateExportTaskRequest: task_name, creator, connector_id, connector_name, "
                    "type (1 Dify, 2 S3/OSS, 3 MatrixOne), config {dify_config, s3_config, "
                    "mo_config, merge_title_to_text}, files [{file_id, full_path [str], "
                    "is_raw}].")
              .option("--from-job",
                      "Fill \"files\" with this job's completed files (as "
                      "moi::export_files_from_job)")
              .option("--volume-name",
                      "With --from-job: the first element of each full_path (default: the "
                      "job's source volume)")
              .flag("--processed",
                    "With --from-job: export the processing results (is_raw false), not the "
                    "original files")
              .option("--connector",
                      "The connector, by name or id: fills connector_id, connector_name and "
                      "(when absent) type")
              .note("The service answers no id: the task is then found by its name and creator "
                    "(E2, as moi::find_export_task_by_name); when several match, their ids are "
                    "named instead.")
              .example("moi export create --json @export.json")
              .example(R"(moi export create --from-job JOB_ID --connector lake --json )"
                       R"('{"task_name":"nightly","creator":"admin",)"
                       R"("config":{"s3_config":{"path":"exports/"}}}')"),
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

GroupSpec catalog_group() {
  return {
      "catalog",
      "Catalogs: the top of the catalog > database > volume tree (host root /catalog)",
      {
          Action("list", "C1 POST /catalog/list", "List every catalog with its counts",
                 catalog_list)
              .example("moi catalog list --output table"),
          Action("tree", "C2 POST /catalog/tree",
                 "Show every catalog with its databases and volumes", catalog_tree)
              .example("moi catalog tree")
              .example("moi catalog tree --output table"),
          Action("create", "C3 POST /catalog/create", "Create a catalog; prints its id",
                 catalog_create)
              .id("NAME")
              .optional_id()
              .optional_body(kCreateBody)
              .option("--description", "Free text describing the catalog")
              .example("moi catalog create docs --description 'Documents to process'"),
          Action("get", "C10 POST /catalog/info", "Show a catalog", catalog_get)
              .id("CATALOG_ID")
              .example("moi catalog get CATALOG_ID"),
          Action("update", "C11 POST /catalog/update", "Rename a catalog (and set its description)",
                 catalog_update)
              .id("CATALOG_ID")
              .optional_id()
              .optional_body(kUpdateCatalogBody)
              .option("--name", "The new name (required)")
              .option("--description", "The new description (default: keep the current one)")
              .note("The service replaces the description with what is sent: without "
                    "--description the current one is read first and sent back.")
              .example("moi catalog update CATALOG_ID --name docs-2026 --description "
                       "'This year'")
              .example(R"(moi catalog update --json '{"id":"CATALOG_ID","name":"docs-2026",)"
                       R"("description":"This year"}' --name docs-2027)"),
          Action("delete", "C12 POST /catalog/delete", "Delete an empty catalog", catalog_delete)
              .id("CATALOG_ID")
              .note("Only a catalog nothing depends on can be deleted: delete its databases "
                    "first (the service refuses otherwise; nothing cascades).")
              .example("moi catalog delete CATALOG_ID"),
          Action("refs", "C13 POST /catalog/ref_list", "List what references the catalog's volumes",
                 catalog_refs)
              .id("CATALOG_ID")
              .example("moi catalog refs CATALOG_ID --output table"),
      }};
}

GroupSpec database_group() {
  return {"database",
          "Databases: the level between catalogs and volumes (host root /catalog/database)",
          {
              Action("create", "C4 POST /catalog/database/create",
                     "Create a database in a catalog; prints its id", database_create)
                  .id("CATALOG_ID")
                  .optional_id()
                  .optional_body(kCreateBody)
                  .arg("NAME", "The database name")
                  .option("--description", "Free text describing the database")
                  .example("moi database create CATALOG_ID contracts"),
              Action("children", "C5 POST /catalog/database/children",
                     "List the volumes of a database", database_children)
                  .id("DATABASE_ID")
                  .example("moi database children DATABASE_ID --output table"),
              Action("list", "C14 POST /catalog/database/list", "List the databases of a catalog",
                     database_list)
                  .id("CATALOG_ID")
                  .example("moi database list CATALOG_ID --output table"),
              Action("get", "C15 POST /catalog/database/info", "Show a database", database_get)
                  .id("DATABASE_ID")
                  .example("moi database get DATABASE_ID"),
              Action("update", "C16 POST /catalog/database/update",
                     "Set a database's description (databases cannot be renamed)", database_update)
                  .id("DATABASE_ID")
                  .optional_id()
                  .optional_body(kUpdateDatabaseBody)
                  .option("--description", "The new description (required)")
                  .example("moi database update DATABASE_ID --description 'Signed contracts'")
                  .example(R"(moi database update DATABASE_ID --json '{"description":"x"}')"),
              Action("delete", "C17 POST /catalog/database/delete", "Delete an empty database",
                     database_delete)
                  .id("DATABASE_ID")
                  .note("Only a database nothing depends on can be deleted: delete its volumes "
                        "and tables first.")
                  .example("moi database delete DATABASE_ID"),
          }};
}

GroupSpec volume_group() {
  return {"volume",
          "Volumes: where uploaded and processed files live (host root /catalog/volume)",
          {
              Action("create", "C6 POST /catalog/volume/create",
                     "Create a volume in a database; prints its id", volume_create)
                  .id("DATABASE_ID")
                  .optional_id()
                  .optional_body(kCreateBody)
                  .arg("NAME", "The volume name")
                  .option("--description", "Free text describing the volume")
                  .example("moi volume create DATABASE_ID inbox --description 'Uploads'"),
              Action("get", "C7 POST /catalog/volume/info", "Show a volume", volume_get)
                  .id("VOLUME_ID")
                  .example("moi volume get VOLUME_ID"),
              Action("delete", "C8 POST /catalog/volume/delete", "Delete a volume with its files",
                     volume_delete)
                  .id("VOLUME_ID")
                  .example("moi volume delete VOLUME_ID"),
              Action("list", "C2 POST /catalog/tree, flattened",
                     "List every volume with its database and catalog", volume_list)
                  .note("One JSON object per volume: id, name, database_id, database, "
                        "catalog_id, catalog. The table shows ID, NAME, DATABASE, CATALOG.")
                  .example("moi volume list --output table"),
              Action("find", "C2 POST /catalog/tree", "Find a volume by its path; prints its id",
                     volume_find)
                  .id("PATH")
                  .note("PATH is CATALOG/DATABASE/VOLUME, names as `moi catalog tree` shows them. "
                        "Prints {id, name, database_id, catalog_id} (the id alone: --output value "
                        "--fields id). A part that matches nothing, "
                        "or a name that matches several, exits 1 naming it or the candidates' "
                        "ids.")
                  .example("moi volume find docs/main/inbox")
                  .example("moi volume find docs/main/inbox --output value --fields id"),
              Action("update", "C19 POST /catalog/volume/update",
                     "Rename a volume and/or set its description", volume_update)
                  .id("VOLUME_ID")
                  .optional_id()
                  .optional_body(kUpdateVolumeBody)
                  .option("--name", "The new name")
                  .option("--description", "The new description")
                  .note("The service needs both: the one not given is read first (C7) and sent "
                        "back unchanged.")
                  .example("moi volume update VOLUME_ID --name inbox-2 --description 'Uploads'")
                  .example(R"(moi volume update --json '{"id":"VOLUME_ID","name":"inbox-2"}')"),
              Action("refs", "C20 POST /catalog/volume/ref_list",
                     "List what references a volume (workflows)", volume_refs)
                  .id("VOLUME_ID")
                  .example("moi volume refs VOLUME_ID --output table"),
          }};
}

GroupSpec folder_group() {
  return {"folder",
          "Folders inside volumes: their ids are file ids (host root /catalog/folder)",
          {
              Action("create", "FO1 POST /catalog/folder/create",
                     "Create a folder in a volume; prints its id and name", folder_create)
                  .id("VOLUME_ID")
                  .optional_id()
                  .optional_body(kCreateFolderBody)
                  .arg("NAME", "The folder name")
                  .option("--parent", "The parent folder's id (default: the volume's root)")
                  .example("moi folder create VOLUME_ID reports")
                  .example("moi folder create VOLUME_ID 2026 --parent FOLDER_ID")
                  .example(R"(moi folder create --json '{"volume_id":"VOLUME_ID",)"
                           R"("name":"2026","parent_id":"FOLDER_ID"}')"),
              Action("list", "F1 POST /catalog/file/list, by parent",
                     "List a folder's files and folders (default: the volume's root)", folder_list)
                  .id("VOLUME_ID")
                  .optional_body(kFolderListBody)
                  .option("--parent", "The folder to list (default: the volume's root)")
                  .paginated()
                  .note("Folders show with TYPE folder. `moi file list --volume VOLUME_ID` "
                        "lists the whole volume, nested files included, with their paths.")
                  .example("moi folder list VOLUME_ID --output table")
                  .example("moi folder list VOLUME_ID --parent FOLDER_ID --all")
                  .example(R"(moi folder list VOLUME_ID --json '{"page_size":20,"order":"asc"}')"),
              Action("update", "FO2 POST /catalog/folder/update", "Rename a folder", folder_update)
                  .id("FOLDER_ID")
                  .optional_id()
                  .optional_body(kRenameBody)
                  .option("--name", "The new name (required)")
                  .example("moi folder update FOLDER_ID --name reports-2026")
                  .example(R"(moi folder update --json '{"id":"FOLDER_ID","name":"2026"}')"),
              Action("delete", "FO3 POST /catalog/folder/delete",
                     "Delete a folder with everything in it", folder_delete)
                  .id("FOLDER_ID")
                  .example("moi folder delete FOLDER_ID"),
              Action("clean", "FO4 POST /catalog/folder/clean",
                     "Delete everything in a folder and keep the folder", folder_clean)
                  .id("FOLDER_ID")
                  .example("moi folder clean FOLDER_ID"),
          }};
}

GroupSpec health_group() {
  return {"health",
          "Whether the service answers (GET /healthz)",
          {
              Action("check", "H1 GET /healthz",
                     "Print the service's health ({\"status\": \"ok\"})", health_check)
                  .note("`moi health` alone runs it. Exits 0 when the service answers; an error "
                        "status exits as any call.")
                  .example("moi health check"),
          },
          "check"};
}

GroupSpec file_group() {
  return {
      "file",
      "Files: local uploads into a volume and the files volumes hold (/connectors/upload, "
      "/catalog/file)",
      {
          Action("upload", "U1 POST /connectors/upload (multipart)",
                 "Upload local files into a volume (--wait: until they are loaded)", file_upload)
              .id("VOLUME_ID")
              .args("PATH", "Local files to upload (one or more)")
              .option("--max-file-bytes",
                      "Largest file accepted, in bytes (default 209715200: 200 MB, the public "
                      "cloud's limit)")
              .flag("--wait",
                    "Wait for the load task and print the loaded files (exit 4 when "
                    "some failed)")
              .flag("--recursive",
                    "PATHs are directories: upload their contents, subdirectories as folders")
              .option("--include",
                      "With --recursive: only files matching these globs "
                      "(comma-separated; a glob with / matches the relative path)")
              .option("--exclude",
                      "With --recursive: leave out files and directories matching "
                      "these globs (comma-separated)")
              .option("--parallel", "With --recursive: uploads at the same time (1-64, default 4)")
              .option("--dedup",
                      "Compare with the volume's files by name, md5 or name,md5 (a "
                      "duplicate is skipped, or replaced with --on-duplicate replace)")
              .option("--on-duplicate", "With --dedup: skip (default) or replace a duplicate")
              .waits()
              .note("Each PATH must be a readable regular file of at most 200 MB (or "
                    "--max-file-bytes); otherwise nothing is sent (exit 2). A directory needs "
                    "--recursive (exit 2 otherwise). Files are streamed "
                    "from disk; on a terminal a "
                    "progress bar is drawn per file on stderr. Prints the upload answer (with "
                    "its task_id); with --wait, {upload, task, files, failed} once the load task "
                    "(T1, T2) is finished. An upload is not retried.")
              .note("With --recursive, DIR's files land at the volume's root and its "
                    "subdirectories become folders (found by name or created); each file is "
                    "its own upload. Symbolic links, FIFOs, sockets, devices and unreadable "
                    "files are skipped and named on stderr. Prints {directory, uploaded, "
                    "skipped, failed, duplicates, folders_created, files: [{path, outcome, "
                    "file_id, task_id, message, reason, duplicate}]}; exit 4 when a file failed "
                    "(skipped ones and duplicates the service kept exit 0, named on stderr).")
              .example("moi file upload VOLUME_ID report.pdf notes.md")
              .example("moi file upload VOLUME_ID report.pdf notes.md --wait --timeout 600")
              .example("moi file upload VOLUME_ID mydir --recursive --exclude '*.tmp' --parallel 8 "
                       "--dedup md5"),
          Action("list", "F1 POST /catalog/file/list", "List files (a page; --all for every page)",
                 file_list)
              .optional_body("ListFilesRequest: page, page_size, order, order_by, filters "
                             "[{name, values [str], fuzzy}]. The flags add filters and set "
                             "the page.")
              .option("--volume", "Only the files of this volume id")
              .option("--name", "Only the files whose name contains this text")
              .flag("--recursive",
                    "Files only (no folder entries), each with its path inside the volume "
                    "(relative_path)")
              .option("--page", "Page number, from 1")
              .option("--page-size", "Files per page (with --all: per request, default 100)")
              .paginated()
              .example("moi file list --volume VOLUME_ID --output table")
              .example("moi file list --volume VOLUME_ID --name report --all")
              .example("moi file list --volume VOLUME_ID --recursive --all"),
          Action("get", "F2 POST /catalog/file/info", "Show a file", file_get)
              .id("FILE_ID")
              .example("moi file get FILE_ID"),
          Action("delete", "F3 POST /catalog/file/delete", "Delete a file", file_delete)
              .id("FILE_ID")
              .example("moi file delete FILE_ID"),
          Action("create", "F6 POST /catalog/file/create",
                 "Register a file record (no bytes; SDK-only call)", file_create)
              .body("CreateFileRequest: name, volume_id, parent_id, size, show_type, "
                    "origin_file_ext, ref_file_id, save_path, hash; optional: dedup {by, "
                    "strategy}.")
              .example(R"(moi file create --json '{"name":"a.md","volume_id":"VOLUME_ID"}')"),
          Action("update", "F7 POST /catalog/file/update", "Rename a file", file_update)
              .id("FILE_ID")
              .optional_id()
              .optional_body(kRenameBody)
              .option("--name", "The new name (required)")
              .example("moi file update FILE_ID --name report-final.pdf")
              .example(R"(moi file update --json '{"id":"FILE_ID","name":"report-final.pdf"}')"),
          Action("preview-link", "F10 POST /catalog/file/preview_link",
                 "Print a link that previews a file", file_preview_link)
              .id("FILE_ID")
              .optional_id()
              .optional_body(kLinkBody)
              .option("--volume", "The file's volume id, when known")
              .example("moi file preview-link FILE_ID --volume VOLUME_ID")
              .example(R"(moi file preview-link --json '{"file_id":"FILE_ID"}')"),
          Action("link", "F4 POST /catalog/file/download",
                 "Print a signed download URL of a file (valid without the API key)", file_link)
              .id("FILE_ID")
              .optional_id()
              .optional_body(kLinkBody)
              .option("--volume", "The file's volume id, when known")
              .example("moi file link FILE_ID --volume VOLUME_ID")
              .example(R"(moi file link --json '{"file_id":"FILE_ID","volume_id":"VOLUME_ID"}')"),
      }};
}

GroupSpec table_group() {
  return {
      "table",
      "Catalog tables: create, inspect, page and download their rows (host root /catalog/table)",
      {
          Action("create", "TB1 POST /catalog/table/create", "Create a table; prints its id",
                 table_create)
              .body("CreateTableRequest: database_id, name, columns [{name, type, is_pk, "
                    "default, comment}], comment")
              .example(R"j(moi table create --json '{"database_id":"DATABASE_ID","name":"orders",)j"
                       R"j("columns":[{"name":"id","type":"INT","is_pk":true},)j"
                       R"j({"name":"customer","type":"VARCHAR(64)"}]}')j"),
          Action("get", "TB2 POST /catalog/table/info",
                 "Show a table: columns, rows, size, statistics, CREATE TABLE", table_get)
              .id("TABLE_ID")
              .example("moi table get TABLE_ID"),
          Action("list", "C5 POST /catalog/database/children, tables only",
                 "List the tables of a database", table_list)
              .id("DATABASE_ID")
              .example("moi table list DATABASE_ID --output table"),
          Action("exists", "TB5 POST /catalog/table/exist",
                 "Print true or false: whether a database has a table of that name", table_exists)
              .id("DATABASE_ID")
              .optional_id()
              .optional_body(kTableExistsBody)
              .arg("NAME", "The table name")
              .note("Exits 0 either way; the answer is the printed true or false.")
              .example("moi table exists DATABASE_ID orders")
              .example(R"(moi table exists --json '{"database_id":"DATABASE_ID","name":"x"}')"),
          Action("data", "TB6 POST /catalog/table/data",
                 "Print a page of rows (--all: every row, page by page)", table_data)
              .id("TABLE_ID")
              .optional_id()
              .optional_body(kTableDataBody)
              .paginated()
              .option("--page", "Page number, from 1")
              .option("--page-size", "Rows per page (with --all: per request, default 100)")
              .note("Without --all: {columns, rows, total_rows, page, page_size}, each row an "
                    "object keyed by column name. With --all every row is such an object; "
                    "with --output jsonl each is printed as its page arrives (memory stays "
                    "bounded by one page).")
              .example("moi table data TABLE_ID --page 1 --page-size 20")
              .example("moi table data TABLE_ID --all --output jsonl")
              .example(R"(moi table data --json '{"id":"TABLE_ID","page_size":20}' --page 2)"),
          Action("download", "TB9 POST /catalog/table/download_data",
                 "Download a table as CSV into a file", table_download)
              .id("TABLE_ID")
              .option("--out", "The file to write (required)")
              .flag("--force", "Replace FILE when it exists")
              .flag("--sync",
                    "Flush FILE to disk before renaming it into place (survives a "
                    "power loss; slower)")
              .option("--max-bytes",
                      "Stop (exit 3, nothing at FILE) past N bytes; default: no "
                      "limit")
              .option("--max-time",
                      "Stop (exit 3, nothing at FILE) after SECONDS in all; "
                      "--timeout bounds a silence only")
              .note("Streams into FILE.part (created 0600) and renames it to FILE only when the "
                    "body arrived whole: a failed or truncated download leaves nothing at FILE "
                    "and removes the part file. An existing FILE without --force, or a "
                    "FILE.part left behind, is a usage error (exit 2) and nothing is sent. "
                    "--timeout bounds a silence (no byte for that long), not the length: "
                    "--max-time and --max-bytes bound the whole download. "
                    "Prints {table_id, path, bytes}.")
              .example("moi table download TABLE_ID --out all.csv --max-bytes 10000000000 "
                       "--max-time 3600")
              .example("moi table download TABLE_ID --out orders.csv --force"),
          Action("truncate", "TB10 POST /catalog/table/truncate",
                 "Remove every row of a table (its columns stay)", table_truncate)
              .id("TABLE_ID")
              .example("moi table truncate TABLE_ID"),
          Action("delete", "TB11 POST /catalog/table/delete", "Delete a table", table_delete)
              .id("TABLE_ID")
              .example("moi table delete TABLE_ID"),
      }};
}

GroupSpec load_group() {
  return {
      "load",
      "Load tasks: what an upload starts, until its files are loaded (host root /task)",
      {
          Action("get", "T1 GET /task/get", "Show a load task and its status", load_get)
              .id("TASK_ID")
              .example("moi load get TASK_ID"),
          Action("files", "T2 GET /task/files",
                 "List a load task's files with its counters (--all for every page)", load_files)
              .id("TASK_ID")
              .query("status (int), page, page_size; task_id is TASK_ID. Flags override them.")
              .option("--status", "Only files with this status (4 failed, 5 loaded, ...)")
              .option("--page", "Page number, from 1")
              .option("--page-size", "Files per page (with --all: per request, default 100)")
              .paginated()
              .example("moi load files TASK_ID --output table")
              .example("moi load files TASK_ID --status 4 --all")
              .example(R"(moi load files TASK_ID --json '{"status":4,"page_size":50}')"),
          Action("wait", "T1 and T2, polled",
                 "Wait until a load task is finished; exit 4 when some files failed", load_wait)
              .id("TASK_ID")
              .waits()
              .note("Prints {task, files, failed}: the final task, every file of it, and "
                    "the files that failed (each with its reason).")
              .example("moi load wait TASK_ID --timeout 600"),
          Action("list", "T4 GET /task/list",
                 "List load tasks, newest first (--all for every page)", load_list)
              .query("page, page_size, is_desc, order_by, status [int], load_interval_types "
                     "[int]. Flags override them.")
              .option("--status", "Only tasks with this status (1 running, 3 paused, 4 finished)")
              .option("--page", "Page number, from 1")
              .option("--page-size", "Tasks per page (with --all: per request, default 100)")
              .paginated()
              .example("moi load list --output table")
              .example("moi load list --status 3 --all")
              .example(R"(moi load list --json '{"status":[1,3],"is_desc":false}' --page-size 10)"),
          Action("pause", "T7 POST /task/pause", "Pause a load task; prints the task", load_pause)
              .id("TASK_ID")
              .example("moi load pause TASK_ID"),
          Action("resume", "T8 POST /task/resume", "Resume a paused load task; prints the task",
                 load_resume)
              .id("TASK_ID")
              .example("moi load resume TASK_ID"),
          Action("delete", "T6 POST /task/delete", "Delete a load task (its files stay)",
                 load_delete)
              .id("TASK_ID")
              .example("moi load delete TASK_ID"),
          Action("retry", "T9 POST /task/retry",
                 "Load a task's failed files again (default: every failed file)", load_retry)
              .id("TASK_ID")
              .args("FILE_ID", "Failed files to retry (default: all of the task's failed files)")
              .optional_args()
              .optional_body("{ids [str]}: the files to retry; task_id is TASK_ID. FILE_IDs given "
                             "replace ids.")
              .example("moi load retry TASK_ID")
              .example("moi load retry TASK_ID FILE_ID")
              .example(R"(moi load retry TASK_ID --json '{"ids":["FILE_ID"]}')"),
      }};
}

}  // namespace

const std::vector<OptionSpec>& connector_config_options() {
  static const std::vector<OptionSpec> options = {
      {"--endpoint", "oss, s3: the endpoint (required)", OptionKind::kValue},
      {"--access-key-id", "oss, s3: the access key id (required)", OptionKind::kValue},
      {"--access-key-secret", "oss, s3: the secret key (SECRET: prefer --json @FILE or -)",
       OptionKind::kValue},
      {"--bucket", "oss, s3: the bucket name (required)", OptionKind::kValue},
      {"--region", "s3: the region, e.g. us-east-1", OptionKind::kValue},
      {"--path-style", "s3: path-style addressing", OptionKind::kFlag},
      {"--session-token", "s3: temporary credentials (SECRET)", OptionKind::kValue},
      {"--host", "mo: the MatrixOne host (required)", OptionKind::kValue},
      {"--port", "mo: the port, e.g. 6001 (required)", OptionKind::kValue},
      {"--username", "mo (required), hdfs: the user name", OptionKind::kValue},
      {"--password", "mo: the password (SECRET: prefer --json @FILE or -)", OptionKind::kValue},
      {"--api-url", "dify: the API URL, e.g. https://api.dify.ai/v1 (required)",
       OptionKind::kValue},
      {"--dify-api-key", "dify: the Dify API key (SECRET: prefer --json @FILE or -)",
       OptionKind::kValue},
      {"--address", "hdfs: host:port (required)", OptionKind::kValue},
      {"--file-path", "hdfs: the base path", OptionKind::kValue},
  };
  return options;
}

namespace {

constexpr const char* kConnectorConfigJson =
    "The configuration object of the --type, with the API's field names: dify {api_key, "
    "api_url}; hdfs {address, auth_type, username, file_path}; mo {host, port, username, "
    "password}; oss {endpoint, access_key_id, access_key_secret, bucket_name}; s3 {endpoint, "
    "access_key_id, access_key_secret, bucket_name, region, path_style, session_token}. Flags "
    "given as well override its fields.";

constexpr const char* kConnectorCreateJson =
    "The K1 body {name, source_type (a number or dify, hdfs, mo, oss, s3), <type>: {config}}, "
    "or only the configuration object of --type (see connector validate). Flags given as well "
    "override its fields.";

constexpr const char* kSecretsNote =
    "Secrets (passwords, secret keys, API keys) on the command line stay in the shell's "
    "history: put them in a file read with --json @FILE (mode 600), or pipe them with --json - "
    "(e.g. from a password manager), and give the other fields as flags. A missing required "
    "field of the --type is named (exit 2) and nothing is sent.";

GroupSpec connector_group() {
  return {
      "connector",
      "Connectors: where exports write and loads read (host root /connectors)",
      {
          Action("create", "K1 POST /connectors",
                 "Create a connector; prints it, found by name (secrets masked)", connector_create)
              .optional_body(kConnectorCreateJson)
              .option("--name", "The connector name (required)")
              .option("--type", "dify, hdfs, mo, oss or s3 (required)")
              .options(connector_config_options())
              .flag("--show-secrets", "Print the connector's secrets instead of ***")
              .note(kSecretsNote)
              .note("The service answers no id: the connector is then found by its name "
                    "(K3); when several have that name, their ids are named instead.")
              .example("moi connector create --name exports --type mo --host db.example.com "
                       "--port 6001 --username admin --json @mo-secret.json")
              .example(
                  R"(moi connector create --name lake --type s3 --endpoint )"
                  R"(s3.amazonaws.com --access-key-id AKIAEXAMPLE --bucket docs --json @s3-secret.json)"),
          Action("validate", "K2 POST /connectors/validate",
                 "Check that the service can use a configuration or a stored connector",
                 connector_validate)
              .optional_body(kConnectorConfigJson)
              .option("--id", "Validate the stored connector with this id instead")
              .option("--type", "dify, hdfs, mo, oss or s3 (with a configuration)")
              .options(connector_config_options())
              .note(kSecretsNote)
              .note("Prints the answer {valid, message}; exit 0 when it says valid, 4 when not.")
              .example("moi connector validate --id CONNECTOR_ID")
              .example("moi connector validate --type hdfs --address namenode:8020"),
          Action("list", "K3 GET /connectors/list",
                 "List connectors, secrets masked (a page; --all for every page)", connector_list)
              .query("keyword, source_type (a number or a name), page, page_size, "
                     "source_type_list [int], status, status_list [str], usage_type [int], "
                     "is_desc, order_by. Flags override them.")
              .option("--keyword", "Only connectors whose name contains this")
              .option("--type", "Only connectors of this type (dify, hdfs, mo, oss, s3)")
              .option("--page", "Page number, from 1")
              .option("--page-size", "Connectors per page (with --all: per request, default 100)")
              .flag("--show-secrets", "JSON output keeps the secrets (the table never shows them)")
              .paginated()
              .example("moi connector list --output table")
              .example("moi connector list --keyword exports --type mo --all"),
          Action("update", "K4 PUT /connectors/{id}", "Change a connector's name or configuration",
                 connector_update)
              .id("CONNECTOR_ID")
              .optional_body(kConnectorConfigJson)
              .option("--name", "The new name")
              .option("--type", "The connector's type: required with a configuration")
              .options(connector_config_options())
              .note(kSecretsNote)
              .example("moi connector update CONNECTOR_ID --name exports-2")
              .example("moi connector update CONNECTOR_ID --type mo --host db2.example.com "
                       "--port 6001 --username admin --json @mo-secret.json"),
          Action("delete", "K5 DELETE /connectors/{id}", "Delete a connector", connector_delete)
              .id("CONNECTOR_ID")
              .example("moi connector delete CONNECTOR_ID"),
          Action("files", "K6 GET /connectors/files/list",
                 "List the files a connector reaches (a page; --cursor for the next)",
                 connector_files)
              .id("CONNECTOR_ID")
              .optional_id()
              .query("connector_id, file_types [int], dir, cursor, limit. CONNECTOR_ID and the "
                     "flags override them.")
              .option("--dir", "The folder to list")
              .option("--limit", "Files per page")
              .option("--cursor", "The cursor of the previous page's answer")
              .example("moi connector files CONNECTOR_ID --dir reports/ --limit 50")
              .example(R"(moi connector files --json '{"connector_id":"CONNECTOR_ID",)"
                       R"("file_types":[2],"limit":50}')"),
      }};
}

GroupSpec pipeline_group() {
  return {
      "pipeline",
      "Pipelines: the components the SDK's builder knows, and a check (sends nothing)",
      {
          Action("components", "none (local)",
                 "List every preset component: type, sockets and default options",
                 pipeline_components)
              .offline()
              .note("One object per preset of moi::components: preset, name (its default "
                    "component name), type, inputs, outputs, sockets_complete (true when "
                    "those are all its sockets: others are refused) and init_parameters "
                    "(the defaults). Needs no service URL or key.")
              .example("moi pipeline components --output table"),
          Action("validate", "none (local)",
                 "Check a pipeline as the SDK's builder does, sending nothing", pipeline_validate)
              .offline()
              .body("A pipeline {components, connections, ...}, or a body that holds one "
                    "under \"workflow\" (workflow create or update, branch create or "
                    "update, the output of workflow get).")
              .note("Prints {valid, components, connections} (exit 0) or {valid: false, "
                    "message} with the builder's message, e.g. did-you-mean suggestions "
                    "(exit 4). Needs no service URL or key.")
              .example("moi pipeline validate --json @workflow.json"),
      }};
}

GroupSpec genai_group() {
  return {
      "genai",
      "GenAI parsing: files to Markdown, tables, chunks in one call (/v1/genai; moi parse)",
      {
          Action("parse", "G1, G2 polled, G3 per file",
                 "Parse files or URLs in one job: submit, wait, download and extract each "
                 "result (also `moi parse`)",
                 genai_parse)
              .args("PATH_OR_URL", "Local files, or http/https URLs (one job for all)")
              .option("--steps",
                      "Steps by name, in order: parse,chunk,embed,extract (default parse)")
              .repeated("--step-json",
                        "One step {\"node\": ..., \"parameters\": {...}}, repeatable, in "
                        "order; replaces --steps")
              .option("--out", "The directory that receives each file's folder (default .)")
              .flag("--no-wait", "Print the job id and stop (no wait, no download)")
              .option("--parallel", "Downloads and extractions at once (default 4)")
              .option("--result-route",
                      "raws (the documented call, default) or results (the SDKs' call)")
              .waits()
              .note("Prints the job id at once on stderr, a line per file whose status "
                    "changes while waiting (on a terminal), then one record per file: input, "
                    "file_id, status, folder (the extracted {name}-{id} folder) or error. Exit "
                    "0 when every file completed, 1 when any failed (each named with its "
                    "error on stderr), or when the job's file list does not match the inputs; "
                    "2 for bad input (a missing path, a directory, a FIFO, a URL that is not "
                    "http/https: nothing is sent); 3 when --timeout passes first.")
              .example("moi parse report.pdf notes.md --no-wait")
              .example("moi genai parse https://example.com/a.pdf --steps parse,chunk --no-wait"),
          Action("job", "G2 GET /v1/genai/jobs/{job_id}",
                 "Show a GenAI job and each file's status (exit 0 whatever they are)", genai_job)
              .id("JOB_ID")
              .example("moi genai job JOB_ID --output table"),
          Action("download", "G3 GET .../explore/volumes/any/files/{file_id}/raws",
                 "Download one file's result ZIP (not extracted)", genai_download)
              .id("FILE_ID")
              .option("--out",
                      "The file to write (required; written through FILE.part, renamed when whole)")
              .option("--result-route", "raws (default) or results (the SDKs' call, G4)")
              .note("Prints {file_id, path, bytes}. An answer that is not a ZIP is refused "
                    "(exit 1) and nothing is left at FILE.")
              .example("moi genai download FILE_ID --out result.zip"),
      }};
}

constexpr const char* kSessionBody =
    "CreateLlmSessionRequest: title, source (the application), user_id (the application's "
    "user); optional: config (a JSON string), tags [str]. Unknown keys are sent as given.";

GroupSpec session_group() {
  return {
      "session",
      "LLM proxy sessions: chat histories of an application's users (/llm-proxy/api, L1-L8)",
      {
          Action("create", "L1 POST /llm-proxy/api/sessions", "Create a chat session; prints it",
                 session_create)
              .body(kSessionBody)
              .example(R"(moi session create --json '{"title":"Support chat",)"
                       R"("source":"helpdesk","user_id":"u-42"}')"),
          Action("list", "L2 GET /llm-proxy/api/sessions",
                 "List sessions, newest first (a page; --all for every page)", session_list)
              .query("user_id, source, keyword, tags [str] (or \"a,b\"), page, page_size. "
                     "Flags override them.")
              .option("--user-id", "Only this user's sessions")
              .option("--source", "Only this application's sessions")
              .option("--keyword", "Only sessions whose title contains this")
              .option("--tags", "Only sessions with every one of these tags: a,b")
              .option("--page", "Page number, from 1")
              .option("--page-size", "Sessions per page, 1 to 100 (with --all: per request)")
              .paginated()
              .example("moi session list --user-id u-42 --output table")
              .example(R"(moi session list --json '{"source":"helpdesk","tags":["urgent"]}')"),
          Action("get", "L3 GET /llm-proxy/api/sessions/{id}", "Show a session", session_get)
              .id("SESSION_ID")
              .example("moi session get 1"),
          Action("update", "L4 PUT /llm-proxy/api/sessions/{id}",
                 "Change a session's title, source, config or tags", session_update)
              .id("SESSION_ID")
              .body("UpdateLlmSessionRequest: title, source, config, tags [str] (the whole set); "
                    "only the keys given are sent.")
              .example(R"(moi session update 1 --json '{"title":"Billing question"}')"),
          Action("delete", "L5 DELETE /llm-proxy/api/sessions/{id}",
                 "Delete a session with its messages", session_delete)
              .id("SESSION_ID")
              .example("moi session delete 1"),
          Action("messages", "L6 GET /llm-proxy/api/sessions/{id}/messages",
                 "List a session's messages, oldest first (--all for every page)", session_messages)
              .id("SESSION_ID")
              .query("source, role, status, model, after, limit. Flags override them.")
              .option("--role", "Only messages of this role (user, assistant, ...)")
              .option("--status", "Only messages of this status (success, failed, ...)")
              .option("--model", "Only messages of this model")
              .option("--source", "Only messages of this source")
              .option("--after", "Only messages with a larger id")
              .option("--limit", "Messages per page, 1 to 100 (with --all: per request)")
              .paginated()
              .note("The listing leaves content and original_content empty, as the service "
                    "does: `moi message get` shows them.")
              .example("moi session messages 1 --output table")
              .example(R"(moi session messages 1 --json '{"role":"user","limit":50}')"),
      }};
}

GroupSpec message_group() {
  return {"message",
          "LLM proxy chat messages and their tags (/llm-proxy/api/chat-messages, L12-L16)",
          {
              Action("get", "L12 GET /llm-proxy/api/chat-messages/{id}",
                     "Show a message with its content and response", message_get)
                  .id("MESSAGE_ID")
                  .example("moi message get 2"),
              Action("update", "L13 PUT /llm-proxy/api/chat-messages/{id}",
                     "Change a message's status, response, content, config or tags", message_update)
                  .id("MESSAGE_ID")
                  .body("UpdateLlmMessageRequest: status, response, modified_response, content, "
                        "config, tags [str]; only the keys given are sent.")
                  .example(R"(moi message update 2 --json '{"status":"failed"}')"),
              Action("delete", "L14 DELETE /llm-proxy/api/chat-messages/{id}", "Delete a message",
                     message_delete)
                  .id("MESSAGE_ID")
                  .example("moi message delete 2"),
              Action("tag", "L15 PUT /llm-proxy/api/chat-messages/{id}/tags",
                     "Set a message's tags (replaces the whole set)", message_tag)
                  .id("MESSAGE_ID")
                  .args("TAG", "The tag names (one or more)")
                  .optional_args()
                  .optional_body("{tags [str]}: the whole set; TAGs given replace it.")
                  .example("moi message tag 2 urgent billing")
                  .example(R"(moi message tag 2 --json '{"tags":["urgent"]}')"),
              Action("untag", "L16 DELETE /llm-proxy/api/chat-messages/{id}/tags/{source}/{name}",
                     "Remove one tag of a message", message_untag)
                  .id("MESSAGE_ID")
                  .arg("SOURCE", "The tag's source (the message's application)")
                  .arg("NAME", "The tag's name")
                  .note("SOURCE and NAME must not hold '/' (refused, exit 2).")
                  .example("moi message untag 2 helpdesk urgent"),
          }};
}

GroupSpec chat_group() {
  return {
      "chat",
      "Ask a model through the LLM proxy, streaming the answer (/llm-proxy/v1/chat/completions)",
      {
          Action("send", "L17 POST /llm-proxy/v1/chat/completions (stream)",
                 "Send MESSAGE and print the answer's tokens as they arrive", chat)
              .id("MESSAGE")
              .optional_id()
              .optional_body("ChatCompletionRequest: model, messages [{role, content}], "
                             "temperature, max_tokens, stop; other keys are sent as given "
                             "(stream is set by moi chat). --model replaces model; --system "
                             "goes first and MESSAGE last among the messages.")
              .option("--model", "The model (default: the profile's model, else qwen-plus)")
              .option("--session", "Record the exchange into this session (L3, then L11)")
              .option("--system", "A system message sent before MESSAGE")
              .note("Prints the answer text as it streams (--output jsonl: each chunk object "
                    "on its own line, flushed as it arrives). Ctrl-C stops it (exit 130). A "
                    "proxy error, such as an unknown model, exits 1 with its message.")
              .note("With --session, the session's user_id and source record ONE message: "
                    "role user, content MESSAGE, response the whole answer (moi::"
                    "record_chat_exchange). Earlier messages of the session are not sent.")
              .note("`moi chat MESSAGE` is short for `moi chat send MESSAGE` (a MESSAGE that is "
                    "the word send needs the long form).")
              .example("moi chat 'What is MatrixOne?'")
              .example("moi chat 'Summarise our last order' --session 1 --system "
                       "'Answer in one sentence' --model qwen-max")
              .example("moi chat send 'Hello' --output jsonl")
              .example(R"(moi chat send 'And in French?' --json '{"model":"qwen-plus",)"
                       R"("messages":[{"role":"user","content":"Hello"},)"
                       R"({"role":"assistant","content":"Hi!"}],"temperature":0.2}')"),
      },
      "send"};
}

// Ask the data's groups (issue 24).

GroupSpec ask_group() {
  return {
      "ask",
      "Ask the data a question, streaming the analysis (/byoa/api/v1/data_asking, D1-D2)",
      {
          Action("question", "D1 POST /byoa/api/v1/data_asking/analyze (stream)",
                 "Ask QUESTION about a database's tables; print each step as it arrives",
                 ask_question)
              .id("QUESTION")
              .optional_body(
                  "DataAnalysisConfig: data_source {type, tables {type, db_name, database_id, "
                  "table_list}, files {type, database_id, file_id_list}}, data_scope, "
                  "context_config, filter_conditions, data_object_type, data_category, "
                  "mcp_server_url, enable_recommended_questions, "
                  "recommended_questions_timeout_seconds. --database and --table replace "
                  "data_source.tables.")
              .option("--database", "The database's id: its name is read (C15) and both are sent")
              .repeated("--table",
                        "A table the question may read (repeatable; default: all of "
                        "the database's)")
              .option("--session", "The conversation's session id (session_id)")
              .option("--idle-timeout",
                      "Seconds without a byte before giving up (exit 3; default: --timeout)")
              .option("--max-event-bytes", "Largest event accepted (default 16777216: 16 MiB)")
              .note("On a terminal each step is one line ([init] request ID, [classification], "
                    "[step_start] with its SQL, [step_complete] with its rows) and the answer "
                    "text streams as it arrives. --output jsonl prints one line per event, "
                    "flushed as it arrives: the event's JSON object as received, with `type` "
                    "from the event: field when the object has none (a payload that is not a "
                    "JSON object becomes {\"type\", \"raw\"}).")
              .note("Ctrl-C sends the server cancel for the run (D2) and exits 130. An error "
                    "event, a stream cut before `complete`, an event above --max-event-bytes or "
                    "an answer that is not an event stream exit 1; the idle timeout exits 3.")
              .note("`moi ask QUESTION` is short for `moi ask question QUESTION`.")
              .example("moi ask 'How many rows in orders?' --database 2")
              .example("moi ask 'Show 5 rows of orders' --database 2 --table orders --output "
                       "jsonl"),
      },
      "question"};
}

GroupSpec sql_group() {
  return {"sql",
          "Run SQL over catalog tables, or list databases, tables and columns "
          "(/catalog/nl2sql/run_sql, N1)",
          {
              Action("run", "N1 POST /catalog/nl2sql/run_sql",
                     "Run one SELECT with qualified names, or a show/describe operation", sql_run)
                  .id("STATEMENT")
                  .optional_id()
                  .flag("--show-databases", "List the databases (operation show_databases)")
                  .option("--show-tables", "List the tables of DATABASE (a name; show_table)")
                  .option("--describe", "Describe DATABASE.TABLE's columns (desc_table)")
                  .note("STATEMENT is one SELECT naming tables as `db`.`table` (or db.table) by "
                        "database name, as the service requires; statements that change data "
                        "are refused. Give exactly one of STATEMENT, --show-databases, "
                        "--show-tables, --describe.")
                  .note("--output table or tsv prints the columns and rows; jsonl one object per "
                        "row; json (the default) the answer {results: [{columns, rows}]}. Cells "
                        "are text as the service sends them (NULL shown as NULL in a table).")
                  .note("`moi sql STATEMENT` is short for `moi sql run STATEMENT`.")
                  .example("moi sql 'SELECT COUNT(*) FROM `sales`.`orders`' --output table")
                  .example("moi sql --show-databases --output tsv")
                  .example("moi sql --show-tables sales --output table")
                  .example("moi sql --describe sales.orders --output table"),
          },
          "run"};
}

constexpr const char* kKnowledgeBody =
    "KnowledgeRequest: knowledge_type, knowledge_key, knowledge_value [str], embedding [num], "
    "associate_tables [str], explanation_type. The flags override these keys.";

GroupSpec knowledge_group() {
  return {"knowledge",
          "Business knowledge the asking agent reads (/catalog/nl2sql_knowledge, N2-N7)",
          {
              Action("create", "N2 POST /catalog/nl2sql_knowledge/create",
                     "Create a knowledge entry; prints its id", knowledge_create)
                  .optional_body(kKnowledgeBody)
                  .option("--type", "knowledge_type, e.g. glossary")
                  .option("--key", "knowledge_key (required here or in --json)")
                  .repeated("--value", "A value (repeatable: knowledge_value)")
                  .repeated("--table", "A table it is about (repeatable: associate_tables)")
                  .option("--explanation-type", "explanation_type")
                  .example("moi knowledge create --type glossary --key GMV --value "
                           "'gross merchandise value: SUM(amount)' --table orders"),
              Action("update", "N5 then N3 POST /catalog/nl2sql_knowledge/update",
                     "Change an entry (the values not given are sent as they are); prints it",
                     knowledge_update)
                  .id("KNOWLEDGE_ID")
                  .optional_body(kKnowledgeBody)
                  .option("--type", "knowledge_type")
                  .option("--key", "knowledge_key")
                  .repeated("--value", "A value (repeatable: replaces knowledge_value)")
                  .repeated("--table", "A table (repeatable: replaces associate_tables)")
                  .option("--explanation-type", "explanation_type")
                  .note("The entry is read first (N5) and sent whole with the changes: the service "
                        "may clear the keys an update leaves out.")
                  .example("moi knowledge update 1 --value 'SUM(amount) of paid orders'"),
              Action("delete", "N4 POST /catalog/nl2sql_knowledge/delete", "Delete an entry",
                     knowledge_delete)
                  .id("KNOWLEDGE_ID")
                  .example("moi knowledge delete 1"),
              Action("get", "N5 POST /catalog/nl2sql_knowledge/get", "Show an entry", knowledge_get)
                  .id("KNOWLEDGE_ID")
                  .example("moi knowledge get 1"),
              Action("list", "N6 POST /catalog/nl2sql_knowledge/list", "List entries (one page)",
                     knowledge_list)
                  .option("--type", "Only entries of this knowledge_type")
                  .option("--page", "Page number, from 1")
                  .option("--page-size", "Entries per page, 1 to 1000")
                  .example("moi knowledge list --type glossary --output table"),
              Action("search", "N7 POST /catalog/nl2sql_knowledge/search",
                     "Find entries by key (one page)", knowledge_search)
                  .id("KEY")
                  .option("--type", "Only entries of this knowledge_type")
                  .option("--page", "Page number, from 1")
                  .option("--page-size", "Entries per page, 1 to 1000")
                  .note("The emulator matches KEY as a substring of an entry's key or values, in "
                        "any letter case.")
                  .example("moi knowledge search gmv --output table"),
          }};
}

// Import's group (issue 22) here.
GroupSpec import_group() {
  return {
      "import",
      "Import local CSV files into a new or existing catalog table (upload staging, then "
      "/connectors/upload with table_config)",
      {
          Action("files", "U2, U3, U1 (table_config), T1, U5",
                 "Import CSV files into a table; prints the table id and each file's outcome",
                 import_files)
              .args("PATH", "Local CSV files to import (one or more)")
              .option("--database", "The database (required)")
              .option("--table", "The table's name (found in the database, or created)")
              .option("--table-id", "Or an existing table's id")
              .option("--mode",
                      "new (create the table; default with --table), append (default with "
                      "--table-id) or overwrite (replace the rows)")
              .flag("--wait", "Wait for each file's load task and print the rows loaded")
              .flag("--no-header", "The files have no header row (columns A, B, C, ...)")
              .repeated("--column-type",
                        "NAME=TYPE: a new table's column type (default text); repeatable")
              .option("--primary-key", "A new table's primary-key columns (comma-separated)")
              .option("--on-conflict",
                      "Rows whose key the table holds: fail (default), skip or replace")
              .flag("--keep-staged", "Keep the staged files (deleted once imported otherwise)")
              .option("--max-file-bytes", "Largest file accepted, in bytes (default 200 MB)")
              .waits()
              .note("Each PATH must be a readable regular file; otherwise nothing is sent "
                    "(exit 2). Each file is staged, imported (the first creates the table with "
                    "--mode new, or replaces its rows with --mode overwrite; the others "
                    "append) and its staged copy deleted. A table named with --table that does "
                    "not exist (append, overwrite) or exists (new) exits 1 naming it.")
              .note("Prints {table_id, table_created, task_id, files: [{path, imported, "
                    "conn_file_id, task_id, rows, error}], failed} and with --wait "
                    "rows_loaded; exit 4 when a file failed (the others are imported).")
              .note("`moi import PATH...` is short for `moi import files PATH...` (a first PATH "
                    "named files needs the long form).")
              .example("moi import orders-2026.csv --database DATABASE_ID --table orders --wait")
              .example("moi import more.csv --database DATABASE_ID --table-id TABLE_ID --wait")
              .example("moi import fix.csv --database DATABASE_ID --table-id TABLE_ID --mode "
                       "overwrite"),
      },
      "files"};
}

// Users, roles and logs' groups (issue 26) here.
GroupSpec user_group() {
  return {
      "user",
      "Users and their roles (host root /user)",
      {
          Action("create", "US1 POST /user/create", "Create a user; prints its id", user_create)
              .body("CreateUserRequest: name, password, role_id_list, description, phone, email, "
                    "get_api_key")
              .flag("--show-secrets", "Print the user's API key (get_api_key) instead of ***")
              .note("Give the password through @FILE or stdin (--json -) to keep it out of the "
                    "shell's history. With \"get_api_key\": true the answer holds the user's "
                    "key, printed as *** unless --show-secrets.")
              .example(R"j(moi user create --json '{"name":"reader","password":"PASSWORD",)j"
                       R"j("role_id_list":["ROLE_ID"],"get_api_key":true}' --show-secrets)j"),
          Action("delete", "US2 POST /user/delete", "Delete a user (its key stops working)",
                 user_delete)
              .id("USER_ID")
              .example("moi user delete USER_ID"),
          Action("get", "US3 POST /user/detail_info", "Show a user with its roles", user_get)
              .id("USER_ID")
              .example("moi user get USER_ID"),
          Action("list", "US4 POST /user/list", "List users (a page; --all for every page)",
                 user_list)
              .paginated()
              .option("--page", "Page number, from 1")
              .option("--page-size", "Users per page")
              .option("--keyword", "Only users whose name or description holds this text")
              .example("moi user list --output table"),
          Action("update", "US6 POST /user/update_info (+ US5 /user/update_password)",
                 "Set a user's phone, e-mail, description (and password)", user_update)
              .id("USER_ID")
              .body("phone, email, description, password")
              .note("Fields not given keep their current values (read first). A password is "
                    "set with /user/update_password.")
              .example(R"j(moi user update USER_ID --json '{"email":"reader@example.com"}')j"),
          Action("set-roles", "US7 POST /user/update_role_list", "Replace a user's roles",
                 user_set_roles)
              .id("USER_ID")
              .args("ROLE_ID", "The roles the user holds from now on (none: no role)")
              .optional_args()
              .example("moi user set-roles USER_ID ROLE_ID"),
          Action("enable", "US8 POST /user/update_status", "Enable a user (its key works again)",
                 user_enable)
              .id("USER_ID")
              .example("moi user enable USER_ID"),
          Action("disable", "US8 POST /user/update_status",
                 "Disable a user (its key is refused; it stays the same)", user_disable)
              .id("USER_ID")
              .example("moi user disable USER_ID"),
      }};
}

GroupSpec role_group() {
  return {
      "role",
      "Roles: privilege codes, and table privileges with column and row rules (host root /role)",
      {
          Action("create", "RO1 POST /role/create", "Create a role; prints its id", role_create)
              .body("CreateRoleRequest: name, authority_code_list, obj_authority_code_list, "
                    "description")
              .example(R"j(moi role create --json '{"name":"auditors","authority_code_list":)j"
                       R"j(["U2","U8","R2","R6"]}')j"),
          Action("delete", "RO2 POST /role/delete", "Delete a role (users lose it)", role_delete)
              .id("ROLE_ID")
              .example("moi role delete ROLE_ID"),
          Action("get", "RO3 POST /role/info", "Show a role with its privileges", role_get)
              .id("ROLE_ID")
              .example("moi role get ROLE_ID"),
          Action("list", "RO4 POST /role/list", "List roles (a page; --all for every page)",
                 role_list)
              .paginated()
              .option("--page", "Page number, from 1")
              .option("--page-size", "Roles per page")
              .option("--keyword", "Only roles whose name or description holds this text")
              .example("moi role list --output table"),
          Action("update", "RO7 POST /role/update_info",
                 "Set a role's codes, object privileges or description", role_update)
              .id("ROLE_ID")
              .body("authority_code_list, obj_authority_code_list, description")
              .note("What --json does not give is kept (the role is read first): without "
                    "authority_code_list the global codes, without obj_authority_code_list the "
                    "object privileges, without description the description.")
              .example(R"j(moi role update ROLE_ID --json '{"authority_code_list":["U2"]}')j"),
          Action("grant-table", "RO3 + RO7 (TB2 for the columns)",
                 "Let a role read one table: select (DT8) with column and row rules",
                 role_grant_table)
              .id("ROLE_ID")
              .arg("TABLE_ID", "The table")
              .option("--columns", "Only these columns are visible (comma-separated)")
              .option("--rows",
                      "Only the rows passing COLUMN OP VALUE (OP: = != > >= < <= like in "
                      "regexp_like; in takes a,b,c)")
              .note("Replaces what the role held on that table and keeps everything else.")
              .example("moi role grant-table ROLE_ID TABLE_ID --columns id,region,customer "
                       "--rows 'region in eu,us'"),
      }};
}

GroupSpec log_group() {
  return {"log",
          "Audit logs of user and role operations (host root /log)",
          {
              Action("users", "LG1 POST /log/user", "Operations on users, newest first", log_users)
                  .paginated()
                  .option("--page", "Page number, from 1")
                  .option("--page-size", "Entries per page")
                  .option("--keyword", "Only entries whose description holds this text")
                  .example("moi log users --output table"),
              Action("roles", "LG2 POST /log/role", "Operations on roles, newest first", log_roles)
                  .paginated()
                  .option("--page", "Page number, from 1")
                  .option("--page-size", "Entries per page")
                  .option("--keyword", "Only entries whose description holds this text")
                  .example("moi log roles --output table"),
          }};
}

GroupSpec whoami_group() {
  return {"whoami",
          "Who the API key is: the user, its codes and object privileges (/user/me/info)",
          {
              Action("show", "US11 POST /user/me/info",
                     "Print the key's user, its codes and object privileges", whoami)
                  .note("`moi whoami` alone runs it; needs no privilege.")
                  .example("moi whoami"),
          },
          "show"};
}

GroupSpec api_key_group() {
  return {"api-key",
          "The caller's own API key (/user/me/api-key)",
          {
              Action("show", "US9 POST /user/me/api-key", "Print the key on standard output",
                     api_key_show)
                  .note("Prints the key alone on stdout (never on stderr or in a log).")
                  .example("moi api-key show"),
              Action("refresh", "US10 POST /user/me/api-key/refresh",
                     "Replace the key: the old one stops working at once", api_key_refresh)
                  .note("The new key is printed once, on stdout only (a warning on stderr when "
                        "it is a terminal). The service's answer is unverified: when it holds "
                        "no key, read the new one in the console.")
                  .example("moi api-key refresh"),
          }};
}

}  // namespace

const std::vector<GroupSpec>& command_table() {
  static const std::vector<GroupSpec> table = {
      workflow_group(),
      branch_group(),
      job_group(),
      export_group(),
      catalog_group(),
      database_group(),
      volume_group(),
      file_group(),
      folder_group(),
      table_group(),
      load_group(),
      connector_group(),
      pipeline_group(),
      genai_group(),
      session_group(),
      message_group(),
      chat_group(),
      health_group(),
      // Ask the data (issue 24).
      ask_group(),
      sql_group(),
      knowledge_group(),

      // Import (issue 22) here.
      import_group(),

      // Users, roles and logs (issue 26) here.
      user_group(),
      role_group(),
      log_group(),
      whoami_group(),
      api_key_group(),

  };
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
