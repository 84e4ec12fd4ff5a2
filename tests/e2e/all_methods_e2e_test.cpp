// SPDX-License-Identifier: Apache-2.0
// All the SDK methods in one scenario, each called once: every call succeeds, and the emulator
// counts exactly one request on each of its endpoints (so each method reaches its own). The
// emulator's F5 and TB14 (fetching a signed download link) are not SDK calls: they are fetched
// here with a GET through the emulator's in-process hook, as is U6 (U4's staged-file link).
// Every emulator endpoint is called exactly once.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_fixture.hpp"

namespace moi::e2e {
namespace {

using AllMethodsE2E = E2ETest;

TEST_F(AllMethodsE2E, EachOfThe45MethodsSendsOneRequestToItsEndpoint) {
  // Workflows and branches.
  const WorkflowRecord record =
      workflows().create(workflow_request("all-methods", {"a.pdf", "b-fail.pdf"}));  // W1
  const std::string workflow_id = record.id.value();
  ListWorkflowsRequest by_name;
  by_name.name_search = "all-methods";
  EXPECT_EQ(workflows().list(by_name).total, 1);                // W2
  EXPECT_EQ(workflows().get(workflow_id).name, "all-methods");  // W3
  WorkflowRequest update = workflow_request("all-methods-v2", {"a.pdf", "b-fail.pdf"});
  workflows().update(workflow_id, update);  // W4
  BranchRequest branch;
  branch.branch_name = "side";
  branch.workflow = cleaning_pipeline();
  workflows().create_branch(workflow_id, branch);                                // B1
  const WorkflowListResponse branches = workflows().list_branches(workflow_id);  // B2
  ASSERT_EQ(branches.workflows.size(), 2u);
  const std::string branch_id = branches.workflows[1].branch_id.value();
  EXPECT_EQ(workflows().get_branch(branch_id).branch_name, "side");  // B3
  branch.branch_name = "side-v2";
  workflows().update_branch(branch_id, branch);  // B4

  // Jobs.
  ListJobsRequest of_workflow;
  of_workflow.workflow_id = workflow_id;
  const JobListResponse job_list = jobs().list(of_workflow);  // J1
  ASSERT_EQ(job_list.jobs.size(), 1u);
  const std::string job_id = job_list.jobs[0].id.value();
  EXPECT_EQ(jobs().get(job_id).workflow_meta_id, workflow_id);  // J2
  emulator().advance(5s);
  const JobFilesResponse files = jobs().list_files(job_id);  // J3
  ASSERT_EQ(files.files.size(), 2u);
  EXPECT_EQ(files.failed, 1);
  jobs().retry_files(job_id, {files.files[1].id.value()});           // J4
  EXPECT_EQ(jobs().get_status(job_id).status, JobStatus::kRunning);  // J5
  workflows().stop(workflow_id);                                     // W6
  workflows().rerun(workflow_id);                                    // W7
  workflows().remove_branch(branch_id);                              // B5
  DeleteOptions delete_data;
  delete_data.delete_data = true;
  workflows().remove(workflow_id, delete_data);  // W5

  // Export tasks.
  exports().create(export_request(ExportTaskType::kDify, "all-methods", {"x-fail.md"}));  // E1
  const ExportTaskListResponse tasks = exports().list();                                  // E2
  ASSERT_EQ(tasks.tasks.size(), 1u);
  const std::string task_id = tasks.tasks[0].id.value();
  emulator().advance(5s);
  EXPECT_EQ(exports().get(task_id).file_stats.value().failed, 1);  // E3
  ListExportFilesRequest task_files;
  task_files.task_id = task_id;
  EXPECT_EQ(exports().list_files(task_files).total_failure, 1);  // E4
  exports().rerun(task_id);                                      // E5
  exports().remove(task_id);                                     // E6

  // Catalogs, databases, volumes.
  const CatalogClient catalog = client().catalog();
  CreateCatalogRequest new_catalog;
  new_catalog.name = "all-methods";
  const std::string catalog_id = catalog.create_catalog(new_catalog);  // C3
  CreateDatabaseRequest new_database;
  new_database.catalog_id = catalog_id;
  new_database.name = "db";
  const std::string database_id = catalog.create_database(new_database);  // C4
  CreateVolumeRequest new_volume;
  new_volume.database_id = database_id;
  new_volume.name = "inbox";
  const std::string volume_id = catalog.create_volume(new_volume);                // C6
  EXPECT_EQ(catalog.list_catalogs().size(), 1u);                                  // C1
  EXPECT_EQ(catalog.tree().at(0).node_list.at(0).node_list.at(0).id, volume_id);  // C2
  EXPECT_EQ(catalog.database_children(database_id).at(0).name, "inbox");          // C5
  EXPECT_EQ(catalog.get_volume(volume_id).name, "inbox");                         // C7
  FullPathRequest paths;
  paths.volume_id_list = {volume_id};
  EXPECT_EQ(catalog.full_path(paths).volume_full_path.at(0).name_list,
            (std::vector<std::string>{"all-methods", "db", "inbox"}));  // C9

  // Upload, load task, files.
  char dir_pattern[] = "/tmp/moi-all-methods-XXXXXX";
  const std::string dir = ::mkdtemp(dir_pattern);
  const std::string path = dir + "/a.md";
  std::ofstream(path) << "# A\n";
  UploadRequest upload;
  upload.volume_id = volume_id;
  upload.files = {{path}};
  const UploadResponse uploaded = client().files().upload(upload);  // U1
  std::system(("rm -rf '" + dir + "'").c_str());
  const std::string load_id = uploaded.task_id.value();
  emulator().advance(5s);
  EXPECT_EQ(client().load_tasks().get(load_id).status, LoadTaskStatus::kFinished);  // T1
  EXPECT_EQ(client().load_tasks().list_files(load_id).total_success, 1);            // T2
  ListFilesRequest in_volume;
  in_volume.in_volume(volume_id);
  const FileListResponse listed = client().files().list(in_volume);  // F1
  ASSERT_EQ(listed.list.size(), 1u);
  const std::string file_id = listed.list[0].id.value();
  EXPECT_EQ(client().files().get(file_id).name, "a.md");  // F2
  const FileLink link = client().files().link(file_id);   // F4
  const std::string link_path = link.link.value().substr(link.link->find("/emulator/"));
  const auto fetched = emulator().handle_for_test("GET", link_path, {}, "");  // F5
  EXPECT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.body, "# A\n");

  // Catalog tables (TB1-TB13), and TB14: TB8's link, fetched as F5 is.
  const TableClient tables = client().tables();
  CreateTableRequest new_table;
  new_table.database_id = database_id;
  new_table.name = "lines";
  new_table.columns = {TableColumn{"text", "TEXT", {}, {}, {}, {}, {}}};
  const std::string table_id = tables.create_table(new_table);  // TB1
  TableLoadRequest load;
  load.id = table_id;
  load.file_option = Json{{"data_file_url", link.link.value()}};
  EXPECT_EQ(tables.load_table(load).lines, 1);     // TB7
  EXPECT_EQ(tables.get_table(table_id).lines, 1);  // TB2
  TableRef ref;
  ref.id = table_id;
  EXPECT_EQ(tables.get_tables({ref}).size(), 1u);          // TB3
  EXPECT_EQ(tables.overview().size(), 1u);                 // TB4
  EXPECT_TRUE(tables.table_exists(database_id, "lines"));  // TB5
  TableDataRequest rows;
  rows.id = table_id;
  EXPECT_EQ(tables.get_rows(rows).data.at(0), Json::array({"# A"}));  // TB6
  const std::string table_link = tables.download_link(table_id);      // TB8
  const auto csv = emulator().handle_for_test(
      "GET", table_link.substr(table_link.find("/emulator/")), {}, "");  // TB14
  EXPECT_EQ(csv.body, "text\n# A\n");
  std::string body;
  tables.download_data(table_id, [&body](std::string_view chunk) { body.append(chunk); });  // TB9
  EXPECT_EQ(body, csv.body);
  EXPECT_EQ(tables.full_path({table_id}).size(), 1u);  // TB12
  EXPECT_TRUE(tables.ref_list(table_id).empty());      // TB13

  // Ask the data (D1, D2, N1-N7) over that table, by its database's name.
  const DataAskingClient asking = client().data_asking();
  EXPECT_EQ(asking.run_sql("SELECT COUNT(*) FROM `db`.`lines`").results.at(0).rows.at(0).at(0),
            "1");  // N1
  DataAskingTables ask_tables;
  ask_tables.db_name = "db";
  ask_tables.table_list = std::vector<std::string>{"lines"};
  DataAskingSource ask_source;
  ask_source.tables = ask_tables;
  DataAnalysisConfig ask_config;
  ask_config.data_source = ask_source;
  const AskResult asked = ask(asking, "how many rows in lines", ask_config);  // D1
  EXPECT_EQ(asked.answer, "There is 1 row in table lines of database db.");
  EXPECT_EQ(asking.cancel(asked.request_id.value()).status, "cancelled");  // D2
  KnowledgeRequest knowledge;
  knowledge.knowledge_type = "glossary";
  knowledge.knowledge_key = "line";
  const std::int64_t knowledge_id = asking.create_knowledge(knowledge);  // N2
  knowledge.knowledge_key = "line of text";
  asking.update_knowledge(knowledge_id, knowledge);                   // N3
  EXPECT_EQ(asking.get_knowledge(knowledge_id).key, "line of text");  // N5
  EXPECT_EQ(asking.list_knowledge().total, 1);                        // N6
  SearchKnowledgeRequest search_knowledge;
  search_knowledge.knowledge_key = "TEXT";
  EXPECT_EQ(asking.search_knowledge(search_knowledge).total, 1);  // N7
  asking.delete_knowledge(knowledge_id);                          // N4

  tables.truncate_table(table_id);  // TB10
  tables.delete_table(table_id);    // TB11

  // Upload staging (U2-U5 through the SDK, and U6: U4's link, fetched through the hook).
  {
    char staging_dir[] = "/tmp/moi-all-methods-staging-XXXXXX";
    ASSERT_NE(::mkdtemp(staging_dir), nullptr);
    const std::string staged_path = std::string(staging_dir) + "/s.csv";
    std::ofstream(staged_path, std::ios::binary) << "a,b\n1,2\n";
    StageFilesRequest stage;
    stage.files = {{staged_path}};
    const std::string conn = client().files().stage(stage).at(0);  // U2
    std::remove(staged_path.c_str());
    ::rmdir(staging_dir);
    PreviewStagedRequest preview;
    preview.conn_file_id = conn;
    EXPECT_EQ(client().files().preview_staged(preview).rows.size(), 2u);  // U3
    const std::string staged_url = client().files().staged_link(conn);    // U4
    EXPECT_EQ(emulator()
                  .handle_for_test("GET", staged_url.substr(staged_url.find("/emulator/")), {}, "")
                  .body,
              "a,b\n1,2\n");               // U6
    client().files().delete_staged(conn);  // U5
  }
  // Completion calls: catalogs, databases, volumes (C10-C22), file records (F6-F11), folders
  // (FO1-FO5), health (H1).
  EXPECT_EQ(catalog.get_catalog(catalog_id).name, "all-methods");  // C10
  UpdateCatalogRequest catalog_update;
  catalog_update.id = catalog_id;
  catalog_update.name = "all-methods";
  catalog_update.description = "d";
  catalog.update_catalog(catalog_update);                    // C11
  EXPECT_TRUE(catalog.catalog_refs(catalog_id).empty());     // C13
  EXPECT_EQ(catalog.list_databases(catalog_id).size(), 1u);  // C14
  EXPECT_EQ(catalog.get_database(database_id).name, "db");   // C15
  UpdateDatabaseRequest database_update;
  database_update.id = database_id;
  database_update.description = "d";
  catalog.update_database(database_update);                  // C16
  catalog.add_volume_workflow_ref(volume_id);                // C21
  EXPECT_EQ(catalog.database_refs(database_id).size(), 1u);  // C18
  EXPECT_EQ(catalog.volume_refs(volume_id).size(), 1u);      // C20
  catalog.remove_volume_workflow_ref(volume_id);             // C22
  UpdateVolumeRequest volume_update;
  volume_update.id = volume_id;
  volume_update.name = "inbox";
  volume_update.description = "d";
  catalog.update_volume(volume_update);  // C19
  CreateFolderRequest folder;
  folder.name = "sub";
  folder.volume_id = volume_id;
  const std::string folder_id = client().folders().create(folder).id.value();  // FO1
  client().folders().rename(folder_id, "sub2");                                // FO2
  EXPECT_TRUE(client().folders().refs(folder_id).empty());                     // FO5
  CreateFileRequest file_record;
  file_record.name = "r.md";
  file_record.volume_id = volume_id;
  file_record.parent_id = folder_id;
  file_record.ref_file_id = file_id;
  const std::string record_id = client().files().create_record(file_record).id.value();  // F6
  client().files().rename(record_id, "r2.md");                                           // F7
  FileRecordRequest upload_record;
  upload_record.name = "u.md";
  upload_record.volume_id = volume_id;
  EXPECT_FALSE(client().files().create_upload_record(upload_record).empty());  // F9
  EXPECT_TRUE(client().files().preview_link(file_id).link.has_value());        // F10
  EXPECT_TRUE(client().files().preview_stream(file_id).link.has_value());      // F11
  client().files().delete_ref(file_id);                                        // F8
  client().folders().clean(folder_id);                                         // FO4
  client().folders().remove(folder_id);                                        // FO3
  EXPECT_EQ(client().health().status, "ok");                                   // H1
  client().files().remove(file_id);                                            // F3

  // Users, roles and audit logs (US1-US13, RO1-RO10, LG1-LG2).
  const RoleClient roles = client().roles();
  CreateRoleRequest role;
  role.name = "all-methods-role";
  role.authority_code_list = {"U2"};
  const std::string role_id = roles.create(role);          // RO1
  EXPECT_EQ(roles.get(role_id).name, "all-methods-role");  // RO3
  EXPECT_EQ(roles.list().total, 1);                        // RO4
  UpdateRoleCodesRequest codes;
  codes.role_id = role_id;
  codes.category = "catalog";
  codes.object_id = catalog_id;
  codes.code_list = {"DC2"};
  roles.update_codes(codes);  // RO6
  UpdateRolesByObjectRequest holders;
  holders.object_id = catalog_id;
  holders.code = "DC3";
  holders.role_id_list = {role_id};
  roles.update_roles_by_object(holders);                                   // RO8
  EXPECT_EQ(roles.list_by_object("catalog", catalog_id).list.size(), 5u);  // RO5
  EXPECT_FALSE(roles.list_objects("catalog").list.empty());                // RO10
  const UserClient users = client().users();
  CreateUserRequest user;
  user.name = "all-methods-user";
  user.password = "pw-all-methods";
  user.role_id_list = {role_id};
  user.get_api_key = true;
  const CreatedUser created = users.create(user);  // US1
  const std::string user_id = created.id.value();
  EXPECT_EQ(users.get(user_id).name, "all-methods-user");  // US3
  EXPECT_EQ(users.list().total, 1);                        // US4
  users.update_password(user_id, "pw-all-methods-2");      // US5
  UpdateUserInfoRequest user_info;
  user_info.id = user_id;
  user_info.phone = "1";
  user_info.email = "u@example.com";
  user_info.description = "d";
  users.update_info(user_info);                    // US6
  users.update_roles(user_id, {role_id});          // US7
  users.update_status(user_id, true);              // US8
  EXPECT_EQ(users.my_api_key().key, kApiKey);      // US9 (the administrator's)
  EXPECT_EQ(users.me().user_info.reserved, true);  // US11
  const auto fresh = client().with_api_key(created.api_key.value()).users().refresh_my_api_key();
  const Client as_user = client().with_api_key(fresh.value());  // US10
  user_info.id.clear();
  as_user.users().update_my_info(user_info);               // US12
  as_user.users().update_my_password("pw-all-methods-3");  // US13
  EXPECT_EQ(client().audit_logs().user_logs().total, 8);   // LG1
  roles.update_status(role_id, false);                     // RO9
  UpdateRoleInfoRequest role_update;
  role_update.id = role_id;
  role_update.authority_code_list = {"U2", "R2"};
  roles.update_info(role_update);                         // RO7
  users.remove(user_id);                                  // US2
  roles.remove(role_id);                                  // RO2
  EXPECT_EQ(client().audit_logs().role_logs().total, 6);  // LG2

  // Connectors.
  const ConnectorClient connectors = client().connectors();
  CreateConnectorRequest connector;
  connector.name = "all-methods-s3";
  connector.source_type = ConnectorSourceType::kS3;
  connector.s3 = S3ConnectorConfig{"s3.example.invalid", "AK", "SECRET-all-methods", "bucket"};
  connectors.create(connector);                                                           // K1
  EXPECT_EQ(connectors.validate(ValidateConnectorRequest::from(connector)).valid, true);  // K2
  const Connector found = find_connector_by_name(connectors, "all-methods-s3");           // K3
  UpdateConnectorRequest rename;
  rename.name = "all-methods-s3-v2";
  connectors.update(found.id.value(), rename);  // K4
  ListConnectorFilesRequest bucket;
  bucket.connector_id = found.id.value();
  EXPECT_FALSE(connectors.list_files(bucket).files.empty());  // K6
  EXPECT_TRUE(connectors.summary().local_file.has_value());   // K7

  // Load-task management (T3-T9): a task loading the connector's files into the volume.
  CreateLoadTaskRequest load_task;
  load_task.source_connector_id = found.id.value();
  load_task.volume_id = volume_id;
  load_task.source_config.common_file_task_config.uris = {"reports/"};
  load_task.source_config.common_file_task_config.load_mode_config.load_interval_type = 1;
  const LoadTaskClient loads = client().load_tasks();
  loads.create(load_task);                                 // T3
  const LoadTaskListResponse listed_tasks = loads.list();  // T4
  ASSERT_FALSE(listed_tasks.tasks.empty());
  EXPECT_EQ(listed_tasks.tasks.at(0).source_connector_id, found.id);
  const std::string load_task_id = listed_tasks.tasks.at(0).id.value();  // the newest
  UpdateLoadTaskRequest task_update;
  task_update.task_id = load_task_id;
  task_update.uris = std::vector<std::string>{"reports/2026/"};
  loads.update(task_update);                                             // T5
  loads.pause(load_task_id);                                             // T7
  loads.resume(load_task_id);                                            // T8
  EXPECT_THROW(loads.retry(load_task_id, {"no-such-file"}), HttpError);  // T9 (nothing failed)
  loads.remove(load_task_id);                                            // T6
  connectors.remove(found.id.value());                                   // K5
  catalog.delete_volume(volume_id);                                      // C8
  catalog.delete_database(database_id);                                  // C17
  catalog.delete_catalog(catalog_id);                                    // C12

  // The LLM proxy.
  const LlmClient llm = client().llm();
  const std::int64_t sid = *llm.create_session({"all-methods", "app", "u1"}).id;  // L1
  EXPECT_EQ(llm.list_sessions().total, 1);                                        // L2
  EXPECT_EQ(llm.get_session(sid).title, "all-methods");                           // L3
  UpdateLlmSessionRequest retitle;
  retitle.title = "all-methods-2";
  llm.update_session(sid, retitle);  // L4
  CreateLlmMessageRequest question{"u1", "app", "user", "hi", "qwen-plus"};
  question.session_id = sid;
  const std::int64_t mid = *llm.create_message(question).id;         // L11
  EXPECT_EQ(llm.list_session_messages(sid).size(), 1u);              // L6
  EXPECT_EQ(llm.latest_completed_message(sid).message_id, mid);      // L7
  EXPECT_EQ(llm.latest_message(sid).message_id, mid);                // L8
  llm.modify_response(sid, mid, "edited");                           // L9
  llm.append_response(sid, mid, " more");                            // L10
  EXPECT_EQ(llm.get_message(mid).modified_response, "edited more");  // L12
  UpdateLlmMessageRequest status;
  status.status = "failed";
  llm.update_message(mid, status);           // L13
  llm.set_message_tags(mid, {"t1"});         // L15
  llm.delete_message_tag(mid, "app", "t1");  // L16
  llm.delete_message(mid);                   // L14
  llm.delete_session(sid);                   // L5
  ChatCompletionRequest chat;
  chat.model = "qwen-plus";
  chat.messages = {ChatMessage{"user", std::string("ping")}};
  EXPECT_EQ(llm.chat_completion(chat).choices.at(0).message->content, "Echo: ping");  // L17

  // G1-G5: the GenAI pipeline.
  const GenaiClient genai = client().genai();
  GenaiPipelineRequest submit;
  submit.file_urls = {"https://example.com/docs/a.md"};
  submit.steps = {GenaiStep::parse()};
  const std::string genai_job = genai.submit(submit).job_id.value_or("");  // G1
  emulator().advance(5s);
  const GenaiJob parsed = genai.get_job(genai_job);  // G2
  ASSERT_EQ(parsed.files.size(), 1u);
  const std::string result_id = parsed.files[0].file_id.value_or("");
  std::ostringstream raws;
  std::ostringstream results;
  GenaiDownloadOptions sdk_route;
  sdk_route.route = GenaiResultRoute::kResults;
  EXPECT_GT(genai.download_result(result_id, raws), 0u);                // G3
  EXPECT_GT(genai.download_result(result_id, results, sdk_route), 0u);  // G4
  EXPECT_EQ(raws.str(), results.str());
  GenaiWorkflowRequest genai_workflow;
  genai_workflow.name = "genai-all-methods";
  genai_workflow.nodes = {GenaiWorkflowNode{"root", "RootNode"}};
  EXPECT_EQ(genai.create_workflow(genai_workflow).name, "genai-all-methods");  // G5

  for (std::size_t i = 0; i < emu::kEndpointCount; ++i) {
    const auto endpoint = static_cast<emu::Endpoint>(i);
    EXPECT_EQ(emulator().request_count(endpoint), 1u) << emu::endpoint_id(endpoint);
  }
  EXPECT_EQ(emulator().total_requests(), emu::kEndpointCount);
  EXPECT_TRUE(retry_sleeps().empty());
}

}  // namespace
}  // namespace moi::e2e
