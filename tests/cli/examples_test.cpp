// SPDX-License-Identifier: Apache-2.0
// Every example of the help text is run against a recording server and the request it sends
// is compared with what the API documents: method, path, query and body. A new example
// without an expectation here fails the test.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "cli_fixture.hpp"
#include "moi/helpers/pipeline.hpp"
#include "moi/helpers/workflow_edit.hpp"
#include "support/test_server.hpp"

namespace moi::cli::testing {
namespace {

using moi::testing::canned_ok;
using moi::testing::CannedResponse;
using moi::testing::json_fixture;
using moi::testing::RecordedRequest;
using moi::testing::TestServer;
using Query = std::multiset<std::pair<std::string, std::string>>;

constexpr const char* kApi = "/byoa/api/v1";

struct Expected {
  std::string method;
  std::string path;
  Query query;
  Json body;  // null: no body
  /// A multipart body (the upload): its parts (name, filename, content), in wire order.
  std::vector<moi::testing::RecordedPart> parts{};
};

// Splits a shell line of the help text into commands (at " | ") and words; single quotes
// group a word, as in a POSIX shell.
std::vector<std::vector<std::string>> split_shell(const std::string& line) {
  std::vector<std::vector<std::string>> commands(1);
  std::string word;
  bool in_word = false;
  bool quoted = false;
  for (char c : line) {
    if (quoted) {
      if (c == '\'') {
        quoted = false;
      } else {
        word += c;
      }
    } else if (c == '\'') {
      quoted = in_word = true;
    } else if (c == ' ') {
      if (in_word) commands.back().push_back(word);
      word.clear();
      in_word = false;
    } else if (c == '|' && !in_word) {
      commands.emplace_back();
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) commands.back().push_back(word);
  return commands;
}

class ExamplesTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    // The files the examples name with @FILE: documented request bodies.
    dir_ =
        std::filesystem::temp_directory_path() /
        ("moi-cli-examples-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(dir_);
    files_ = {{"workflow.json", json_fixture("w1_request.json")},
              {"branch.json", json_fixture("b4_request.json")},
              {"export.json", json_fixture("e1_request_mo.json")},
              {"mo-secret.json", {{"password", "mo-pass-EXAMPLE"}}},
              {"s3-secret.json", {{"access_key_secret", "s3-secret-EXAMPLE"}}}};
    for (const auto& [name, body] : files_) std::ofstream(dir_ / name) << body.dump(2);
    // The local files the upload examples name.
    data_files_ = {
        {"report.pdf", "%PDF-1.4 example report\n"}, {"notes.md", "# Notes\n"},
        {"orders.csv", "an older download\n"},       {"orders-2026.csv", "id,customer\n1,Ann\n"},
        {"more.csv", "id,customer\n2,Bo\n"},         {"fix.csv", "id,customer\n1,Ann\n"}};
    for (const auto& [name, text] : data_files_) std::ofstream(dir_ / name) << text;
    // The directory the --recursive example uploads (its .tmp file is excluded).
    std::filesystem::create_directories(dir_ / "mydir" / "sub");
    std::ofstream(dir_ / "mydir" / "sub" / "inner.txt") << "inner\n";
    std::ofstream(dir_ / "mydir" / "draft.tmp") << "draft\n";
    data_files_["mydir"] = "";

    // Answers shaped like the service's, so every example also succeeds.
    server_.set_handler([](const RecordedRequest& r) {
      const std::string api = kApi;
      if (r.method == "GET" && r.path == api + "/workflow_meta/WORKFLOW_ID") {
        return canned_ok(json_fixture("w3_response.json")["data"]);
      }
      if (r.method == "GET" && r.path == api + "/workflow_meta/branch/BRANCH_ID") {
        return canned_ok(json_fixture("b3_response.json")["data"]);
      }
      if (r.path == api + "/workflow_job/JOB_ID/status") {
        return canned_ok({{"job_id", "JOB_ID"}, {"status", 2}, {"progress", 100}});
      }
      if (r.method == "POST" && r.path == api + "/workflow_meta") {
        return canned_ok({{"id", "WORKFLOW_ID"}, {"name", r.json().value("name", "")}});
      }
      if (r.method == "GET" && r.path == api + "/workflow_job") {
        return canned_ok({{"total", 1}, {"jobs", {{{"id", "JOB_ID"}}}}});
      }
      if (r.method == "GET" && r.path == api + "/workflow_job/JOB_ID") {
        return canned_ok({{"id", "JOB_ID"}, {"source_volume_names", {"inbox"}}});
      }
      if (r.path == api + "/workflow_job/JOB_ID/files") {
        return canned_ok(Json::parse(R"({"total":1,"completed":1,"files":[{"id":"JF1",
            "file_name":"report.pdf","source_id":"F1","status":2}]})"));
      }
      if (r.path == api + "/export/task/list") {  // the tasks the create examples make
        return canned_ok({{"total", 2},
                          {"tasks",
                           {{{"id", "TASK_ID"}, {"name", "nightly"}, {"creator", "admin"}},
                            {{"id", "TASK_ID_2"},
                             {"name", json_fixture("e1_request_mo.json")["task_name"]},
                             {"creator", "admin"}}}}});
      }
      // The data endpoints, at the host root.
      if (r.path == "/catalog/create" || r.path == "/catalog/database/create") {
        return canned_ok({{"id", 7}});
      }
      if (r.path == "/catalog/volume/create") return canned_ok({{"id", "VOLUME_ID"}});
      if (r.path == "/catalog/folder/create") {
        return canned_ok({{"id", "FOLDER_ID"}, {"name", r.json().value("name", "")}});
      }
      if (r.path == "/catalog/volume/info") {
        return canned_ok({{"id", "VOLUME_ID"}, {"name", "inbox"}});
      }
      if (r.path == "/catalog/volume/delete" || r.path == "/catalog/file/delete") {
        return canned_ok({{"id", r.json().value("id", "")}});
      }
      if (r.path == "/catalog/tree") {
        return canned_ok(Json::parse(R"({"tree":[{"id":"1","name":"docs","type":"catalog",
            "node_list":[{"id":"2","name":"main","type":"database","node_list":[
            {"id":"VOLUME_ID","name":"inbox","type":"volume"}]}]}]})"));
      }
      if (r.path == "/connectors/upload") {
        for (const auto& part : r.parts) {
          if (part.name == "table_config") {  // an import: moi-emulator names the table
            return canned_ok({{"success", true},
                              {"task_id", "TASK_ID"},
                              {"file_id", "CONN_FILE_ID"},
                              {"table_id", 5}});
          }
        }
        return canned_ok({{"success", true}, {"task_id", "TASK_ID"}, {"file_id", "F1"}});
      }
      // Upload staging (moi import): one staged file, two columns.
      if (r.path == "/connectors/file/upload")
        return canned_ok({{"conn_file_ids", {"CONN_FILE_ID"}}});
      if (r.path == "/connectors/file/preview") {
        return canned_ok(Json::parse(R"({"conn_file_id": "CONN_FILE_ID", "file_type": 7, "rows": [
            {"number": 1, "columnName": "id", "columnValues": ["1"], "charNumber": "A",
             "charColumnName": "id"},
            {"number": 2, "columnName": "customer", "columnValues": ["Ann"], "charNumber": "B",
             "charColumnName": "customer"}]})"));
      }
      if (r.path == "/task/get") return canned_ok({{"task", {{"id", "TASK_ID"}, {"status", 4}}}});
      if (r.path == "/task/files") {
        return canned_ok(Json::parse(R"({"total":1,"total_success":1,"total_failed":0,
            "files":[{"id":"F1","name":"report.pdf","status":5}]})"));
      }
      if (r.path == "/connectors/list") {
        // Answers the connector the keyword names (so create finds what it created).
        std::string name = "exports";
        for (const auto& [key, value] : r.query) {
          if (key == "keyword") name = value;
        }
        return canned_ok({{"total", 1},
                          {"connectors",
                           {{{"id", 11},
                             {"name", name},
                             {"source_type", name == "lake" ? 5 : 3},
                             {"mo",
                              {{"host", "db.example.com"},
                               {"port", 6001},
                               {"username", "admin"},
                               {"password", "mo-pass-EXAMPLE"}}}}}}});
      }
      if (r.path == "/connectors/validate") return canned_ok({{"valid", true}});
      if (r.path == "/catalog/table/exist") return canned_ok(true);
      if (r.path == "/catalog/table/create") return canned_ok({{"id", 5}});
      if (r.path == "/role/create") return canned_ok({{"id", 5}});
      if (r.path == "/catalog/table/info") {
        return canned_ok({{"name", "orders"},
                          {"columns",
                           {{{"name", "id"}, {"type", "INT"}},
                            {{"name", "region"}, {"type", "VARCHAR(16)"}},
                            {{"name", "customer"}, {"type", "VARCHAR(32)"}},
                            {{"name", "salary"}, {"type", "INT"}}}}});
      }
      if (r.path == "/catalog/table/download_data") {
        moi::testing::CannedResponse csv;
        csv.body = "id,customer\n1,Ann\n";
        csv.content_type = "text/csv";
        return csv;
      }
      if (r.path == api + "/explore/volumes/any/files/FILE_ID/raws") {
        moi::testing::CannedResponse zip;  // the empty ZIP archive: its end record alone
        zip.body = std::string("PK\x05\x06", 4) + std::string(18, '\0');
        zip.content_type = "application/zip";
        return zip;
      }
      if (r.path == api + "/export/task/info") {
        return canned_ok(
            {{"id", "TASK_ID"},
             {"file_stats",
              {{"total", 1}, {"pending", 0}, {"running", 0}, {"completed", 1}, {"failed", 0}}}});
      }
      // Ask the data: the database's name, an event stream, knowledge records.
      if (r.path == "/catalog/database/info") return canned_ok({{"id", 2}, {"name", "sales"}});
      if (r.path == api + "/data_asking/analyze") {
        CannedResponse stream;
        stream.content_type = "text/event-stream";
        stream.body =
            "event: init\ndata: {\"step_type\":\"init\",\"data\":{\"request_id\":\"R1\"}}\n\n"
            "data: {\"type\":\"answer_chunk\",\"data\":{\"content\":\"3 rows\"}}\n\n"
            "event: complete\ndata: {\"type\":\"complete\"}\n\n";
        return stream;
      }
      if (r.path == "/catalog/nl2sql_knowledge/get") {
        return canned_ok(
            {{"id", 1}, {"type", "glossary"}, {"key", "GMV"}, {"value", {"SUM(amount)"}}});
      }
      if (r.path == "/catalog/nl2sql_knowledge/list" ||
          r.path == "/catalog/nl2sql_knowledge/search") {
        return canned_ok({{"list", Json::array()}, {"total", 0}});
      }
      if (r.path.rfind("/catalog/nl2sql_knowledge/", 0) == 0) return canned_ok({{"id", 1}});
      // The LLM proxy answers bare JSON (and the chat an event stream).
      if (r.path.rfind("/llm-proxy/", 0) == 0) {
        CannedResponse bare;
        const Json session = {
            {"id", 1}, {"title", "Support chat"}, {"source", "helpdesk"}, {"user_id", "u-42"}};
        const Json message = {{"id", 2}, {"role", "user"}, {"source", "helpdesk"}};
        Json answer = Json::object();
        if (r.path == "/llm-proxy/v1/chat/completions") {
          bare.content_type = "text/event-stream";
          bare.body =
              "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Echo\"}}]}\n\n"
              "data: [DONE]\n\n";
          return bare;
        }
        if (r.path == "/llm-proxy/api/sessions" && r.method == "GET") {
          answer = {{"sessions", {session}}, {"total", 1}};
        } else if (r.path == "/llm-proxy/api/sessions/1/messages") {
          answer = {message};
        } else if (r.path.rfind("/llm-proxy/api/sessions", 0) == 0) {
          answer = r.method == "DELETE" ? Json{{"message", "deleted"}} : session;
        } else if (r.method == "DELETE") {
          answer = {{"message", "deleted"}};
        } else {
          answer = message;
        }
        bare.body = answer.dump();
        return bare;
      }
      return canned_ok(Json::object());
    });
    variables_ = {{"MOI_BASE_URL", server_.base_url()}, {"MOI_API_KEY", kKey}};
  }

  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Runs one help-text line (a pipe feeds one command's stdout to the next) and returns the
  // requests it sent.
  std::vector<RecordedRequest> run_line(const std::string& line) {
    const std::size_t before = server_.request_count();
    std::string input;
    for (auto args : split_shell(line)) {
      EXPECT_EQ(args.at(0), "moi") << line;
      args.erase(args.begin());
      for (auto& arg : args) {
        if (arg.size() > 1 && arg[0] == '@') arg = "@" + (dir_ / arg.substr(1)).string();
        // (Files the examples write, result.zip and all.csv, go there too.)
        if (data_files_.count(arg) > 0 || arg == "result.zip" || arg == "all.csv") {
          arg = (dir_ / arg).string();
        }
      }
      const Outcome r = moi(args, input);
      EXPECT_EQ(r.code, kExitOk) << line << "\n" << r;
      input = r.out;
    }
    const auto all = server_.requests();
    return {all.begin() + static_cast<std::ptrdiff_t>(before), all.end()};
  }

  std::map<std::string, std::vector<Expected>> expectations() const {
    const auto get = [](std::string path, Query query = {}) {
      return Expected{"GET", kApi + path, std::move(query), nullptr};
    };
    const auto body = [](std::string method, std::string path, Json json) {
      return Expected{std::move(method), kApi + path, {}, std::move(json)};
    };
    // The data endpoints sit at the host root, not under /byoa/api/v1.
    const auto root_post = [](std::string path, Json json) {
      return Expected{"POST", std::move(path), {}, std::move(json)};
    };
    const auto root_get = [](std::string path, Query query = {}) {
      return Expected{"GET", std::move(path), std::move(query), nullptr};
    };
    // The volume, `meta` (checked by name), then one `file` part per file with its bytes.
    const Expected upload{"POST",
                          "/connectors/upload",
                          {},
                          nullptr,
                          {{"VolumeID", "", "", "VOLUME_ID"},
                           {"meta", "", "", ""},
                           {"file", "report.pdf", "", data_files_.at("report.pdf")},
                           {"file", "notes.md", "", data_files_.at("notes.md")}}};
    // `mydir --recursive`: mydir/sub/inner.txt, in folder "sub" (created: the list is empty),
    // uploaded alone with its folder path in meta.
    const Expected recursive_upload{"POST",
                                    "/connectors/upload",
                                    {},
                                    nullptr,
                                    {{"VolumeID", "", "", "VOLUME_ID"},
                                     {"meta", "", "", ""},
                                     {"dedup", "", "", R"({"by":["md5"],"strategy":"skip"})"},
                                     {"file", "inner.txt", "", "inner\n"}}};
    // moi import: the file staged (meta then the file), its columns previewed for a new table,
    // the import (table_config; meta names the staged file), the wait, the staged copy deleted.
    const auto staged = [this](const std::string& name) {
      return Expected{"POST",
                      "/connectors/file/upload",
                      {},
                      nullptr,
                      {{"meta", "", "", Json{{{"filename", name}, {"path", "/"}}}.dump()},
                       {"file", name, "", data_files_.at(name)}}};
    };
    const auto import = [](const Json& table_config) {
      return Expected{"POST",
                      "/connectors/upload",
                      {},
                      nullptr,
                      {{"VolumeID", "", "", "123456"},
                       {"meta", "", "", Json{{{"filename", "CONN_FILE_ID"}, {"path", "/"}}}.dump()},
                       {"table_config", "", "", table_config.dump()}}};
    };
    const Json new_orders = Json::parse(R"({"new_table": true, "database_id": "DATABASE_ID",
        "conn_file_ids": ["CONN_FILE_ID"], "isColumnName": true, "columnNameRow": 1,
        "rowStart": 2, "conflict": 0, "existed_table_opts": {"method": ""},
        "create_table": {"name": "orders", "description": "", "tableColumn": [
          {"number": 1, "columnName": "id", "columnValues": ["1"], "charNumber": "A",
           "charColumnName": "id", "column": "id", "dataType": "text", "isKey": false,
           "col_num_in_file": 1, "precision": []},
          {"number": 2, "columnName": "customer", "columnValues": ["Ann"], "charNumber": "B",
           "charColumnName": "customer", "column": "customer", "dataType": "text",
           "isKey": false, "col_num_in_file": 2, "precision": []}]}})");
    const auto into_table = [](const std::string& method) {
      return Json{{"new_table", false},
                  {"database_id", "DATABASE_ID"},
                  {"table_id", "TABLE_ID"},
                  {"conn_file_ids", {"CONN_FILE_ID"}},
                  {"isColumnName", true},
                  {"columnNameRow", 1},
                  {"rowStart", 2},
                  {"conflict", 0},
                  {"existed_table_opts", {{"method", method}}}};
    };
    const Expected preview =
        root_post("/connectors/file/preview", {{"conn_file_id", "CONN_FILE_ID"},
                                               {"connector_id", 0},
                                               {"uri", ""},
                                               {"isColumnName", true},
                                               {"columnNameRow", 1}});
    const Expected unstage =
        root_post("/connectors/file/delete", {{"conn_file_id", "CONN_FILE_ID"}});
    // An import into a table named by id checks that it exists first.
    const Expected table_info = root_post("/catalog/table/info", {{"id", "TABLE_ID"}});
    const std::vector<Expected> waited{
        root_get("/task/get", {{"task_id", "TASK_ID"}}),
        root_get("/task/files", {{"task_id", "TASK_ID"}, {"page", "1"}, {"page_size", "100"}})};
    // After an upload: the volume's files of the uploaded names (moi::find_files_by_name).
    const Expected same_names =
        root_post("/catalog/file/list",
                  {{"page", 1},
                   {"page_size", 100},
                   {"filters",
                    {{{"name", "volume_id"}, {"values", {"VOLUME_ID"}}},
                     {{"name", "file_name"}, {"values", {"report.pdf", "notes.md"}}}}}});
    const Json mo_config = {{"host", "db.example.com"},
                            {"port", 6001},
                            {"username", "admin"},
                            {"password", "mo-pass-EXAMPLE"}};
    Json w3 = json_fixture("w3_response.json")["data"];
    // get | update sends what moi::to_update_request makes of the W3 answer (its exact body is
    // asserted in tests/helpers/workflow_edit_test.cpp): no answer-only keys.
    Json w3_as_update;
    {
      moi::WorkflowDetail detail;
      from_json(w3, detail);
      to_json(w3_as_update, moi::to_update_request(detail));
    }
    EXPECT_FALSE(w3_as_update.contains("branches"));
    EXPECT_FALSE(w3_as_update.contains("created_at"));
    EXPECT_EQ(w3_as_update["create_target_volume_name"], "");
    const Json b3 = json_fixture("b3_response.json")["data"];
    // `workflow create` from flags: the documents preset built by the SDK's builder.
    namespace mc = moi::components;
    mc::DocumentSplitterOptions splitter;
    splitter.split_length = 300;
    splitter.split_overlap = 30;
    const Json flags_body = {
        {"name", "contracts"},
        {"source_volume_ids", {"VOLUME_ID"}},
        {"source_volume_names", {"inbox"}},
        {"target_volume_id", ""},
        {"target_volume_name", "contracts-out"},
        {"create_target_volume_name", "contracts-out"},
        {"file_types", {1, 2, 6, 11, 12}},
        {"process_mode", {{"interval", 0}, {"offset", 0}}},
        {"workflow", Json(moi::PipelineBuilder()
                              .add(mc::document_cleaner())
                              .add(mc::document_splitter(splitter))
                              .add(mc::document_writer())
                              .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
                              .connect("DocumentSplitter.documents", "DocumentWriter.documents")
                              .build())}};
    // The newest job of the workflow (W1 answers no job id).
    const Expected newest_job = get("/workflow_job", {{"workflow_id", "WORKFLOW_ID"},
                                                      {"page_size", "1"},
                                                      {"sort_field", "created_at"},
                                                      {"sort_order", "desc"}});
    const std::vector<Expected> job_wait = {
        get("/workflow_job/JOB_ID/status"),
        get("/workflow_job/JOB_ID/files", {{"page_size", "1"}})};
    // E1 answers no id: the task is found by name and creator (E2, newest first).
    const Expected find_task = body("POST", "/export/task/list",
                                    {{"creator", "admin"},
                                     {"order_by", "create_time"},
                                     {"order_direction", "desc"},
                                     {"offset", 0},
                                     {"limit", 100}});
    // The connector "lake" is an S3 one: type 2 comes from it.
    Json from_job_body = Json::parse(R"({"task_name":"nightly","creator":"admin","type":2,
        "config":{"s3_config":{"path":"exports/"}}})");
    from_job_body["connector_id"] = 11;
    from_job_body["connector_name"] = "lake";
    from_job_body["files"] = {
        {{"file_id", "F1"}, {"full_path", {"inbox", "report.pdf"}}, {"is_raw", true}}};
    const Json branch_create = Json::parse(
        R"({"branch_name":"experiment","workflow":{"components":[],"connections":[]}})");

    return {
        {"moi workflow create --json @workflow.json",
         {body("POST", "/workflow_meta", files_.at("workflow.json")), newest_job}},
        {"moi workflow create --name contracts --volume VOLUME_ID --target-volume-name "
         "contracts-out --split-by word --split-length 300 --split-overlap 30 --wait --timeout 600",
         {root_post("/catalog/volume/info", {{"id", "VOLUME_ID"}}),
          body("POST", "/workflow_meta", flags_body), newest_job, job_wait[0], job_wait[1]}},
        {"moi job wait --workflow WORKFLOW_ID --timeout 600",
         {newest_job, job_wait[0], job_wait[1]}},
        {R"(moi export create --from-job JOB_ID --connector lake --json )"
         R"('{"task_name":"nightly","creator":"admin",)"
         R"("config":{"s3_config":{"path":"exports/"}}}')",
         {root_get("/connectors/list", {{"keyword", "lake"}, {"page", "1"}, {"page_size", "100"}}),
          get("/workflow_job/JOB_ID"),
          get("/workflow_job/JOB_ID/files",
              {{"statuses", "2"}, {"page_num", "1"}, {"page_size", "100"}}),
          body("POST", "/export/task/create", from_job_body), find_task}},
        {"moi volume find docs/main/inbox", {root_post("/catalog/tree", Json::object())}},
        {"moi volume find docs/main/inbox --output value --fields id",
         {root_post("/catalog/tree", Json::object())}},
        // Completion calls (C10-C22, F6-F11, FO1-FO5, H1, T3-T9). CATALOG_ID is not a number,
        // so the numeric id goes out as a string.
        {"moi catalog get CATALOG_ID", {root_post("/catalog/info", {{"id", "CATALOG_ID"}})}},
        {"moi catalog update CATALOG_ID --name docs-2026 --description 'This year'",
         {root_post("/catalog/update",
                    {{"id", "CATALOG_ID"}, {"name", "docs-2026"}, {"description", "This year"}})}},
        // --json bodies (issue 21, item 14): flags and arguments override their fields.
        {R"(moi catalog update --json '{"id":"CATALOG_ID","name":"docs-2026",)"
         R"("description":"This year"}' --name docs-2027)",
         {root_post("/catalog/update",
                    {{"id", "CATALOG_ID"}, {"name", "docs-2027"}, {"description", "This year"}})}},
        {"moi catalog delete CATALOG_ID", {root_post("/catalog/delete", {{"id", "CATALOG_ID"}})}},
        {"moi catalog refs CATALOG_ID --output table",
         {root_post("/catalog/ref_list", {{"id", "CATALOG_ID"}})}},
        {"moi database list CATALOG_ID --output table",
         {root_post("/catalog/database/list", {{"id", "CATALOG_ID"}})}},
        {"moi database get DATABASE_ID",
         {root_post("/catalog/database/info", {{"id", "DATABASE_ID"}})}},
        {"moi database update DATABASE_ID --description 'Signed contracts'",
         {root_post("/catalog/database/update",
                    {{"id", "DATABASE_ID"}, {"description", "Signed contracts"}})}},
        {R"(moi database update DATABASE_ID --json '{"description":"x"}')",
         {root_post("/catalog/database/update", {{"id", "DATABASE_ID"}, {"description", "x"}})}},
        {"moi database delete DATABASE_ID",
         {root_post("/catalog/database/delete", {{"id", "DATABASE_ID"}})}},
        {"moi volume update VOLUME_ID --name inbox-2 --description 'Uploads'",
         {root_post("/catalog/volume/update",
                    {{"id", "VOLUME_ID"}, {"name", "inbox-2"}, {"description", "Uploads"}})}},
        {R"(moi volume update --json '{"id":"VOLUME_ID","name":"inbox-2"}')",
         {root_post("/catalog/volume/info", {{"id", "VOLUME_ID"}}),
          root_post("/catalog/volume/update",
                    {{"id", "VOLUME_ID"}, {"name", "inbox-2"}, {"description", ""}})}},
        {"moi volume refs VOLUME_ID --output table",
         {root_post("/catalog/volume/ref_list", {{"id", "VOLUME_ID"}})}},
        {"moi folder create VOLUME_ID reports",
         {root_post("/catalog/folder/create",
                    {{"name", "reports"}, {"volume_id", "VOLUME_ID"}, {"parent_id", ""}})}},
        {"moi folder create VOLUME_ID 2026 --parent FOLDER_ID",
         {root_post("/catalog/folder/create",
                    {{"name", "2026"}, {"volume_id", "VOLUME_ID"}, {"parent_id", "FOLDER_ID"}})}},
        {R"(moi folder create --json '{"volume_id":"VOLUME_ID","name":"2026",)"
         R"("parent_id":"FOLDER_ID"}')",
         {root_post("/catalog/folder/create",
                    {{"name", "2026"}, {"volume_id", "VOLUME_ID"}, {"parent_id", "FOLDER_ID"}})}},
        {"moi folder list VOLUME_ID --output table",
         {root_post("/catalog/file/list", {{"page_size", 100},
                                           {"filters",
                                            {{{"name", "volume_id"}, {"values", {"VOLUME_ID"}}},
                                             {{"name", "parent_id"}, {"values", {""}}}}}})}},
        {"moi folder list VOLUME_ID --parent FOLDER_ID --all",
         {root_post("/catalog/file/list",
                    {{"page", 1},
                     {"page_size", 100},
                     {"filters",
                      {{{"name", "volume_id"}, {"values", {"VOLUME_ID"}}},
                       {{"name", "parent_id"}, {"values", {"FOLDER_ID"}}}}}})}},
        {R"(moi folder list VOLUME_ID --json '{"page_size":20,"order":"asc"}')",
         {root_post("/catalog/file/list", {{"page_size", 20},
                                           {"order", "asc"},
                                           {"filters",
                                            {{{"name", "volume_id"}, {"values", {"VOLUME_ID"}}},
                                             {{"name", "parent_id"}, {"values", {""}}}}}})}},
        {"moi folder update FOLDER_ID --name reports-2026",
         {root_post("/catalog/folder/update", {{"id", "FOLDER_ID"}, {"name", "reports-2026"}})}},
        {R"(moi folder update --json '{"id":"FOLDER_ID","name":"2026"}')",
         {root_post("/catalog/folder/update", {{"id", "FOLDER_ID"}, {"name", "2026"}})}},
        {"moi folder delete FOLDER_ID",
         {root_post("/catalog/folder/delete", {{"id", "FOLDER_ID"}})}},
        {"moi folder clean FOLDER_ID", {root_post("/catalog/folder/clean", {{"id", "FOLDER_ID"}})}},
        {R"(moi file create --json '{"name":"a.md","volume_id":"VOLUME_ID"}')",
         {root_post("/catalog/file/create", {{"name", "a.md"}, {"volume_id", "VOLUME_ID"}})}},
        {"moi file update FILE_ID --name report-final.pdf",
         {root_post("/catalog/file/update", {{"id", "FILE_ID"}, {"name", "report-final.pdf"}})}},
        {R"(moi file update --json '{"id":"FILE_ID","name":"report-final.pdf"}')",
         {root_post("/catalog/file/update", {{"id", "FILE_ID"}, {"name", "report-final.pdf"}})}},
        {"moi file preview-link FILE_ID --volume VOLUME_ID",
         {root_post("/catalog/file/preview_link",
                    {{"file_id", "FILE_ID"}, {"volume_id", "VOLUME_ID"}})}},
        {R"(moi file preview-link --json '{"file_id":"FILE_ID"}')",
         {root_post("/catalog/file/preview_link", {{"file_id", "FILE_ID"}})}},
        {"moi file list --volume VOLUME_ID --recursive --all",
         {root_post("/catalog/file/list",
                    {{"page", 1},
                     {"page_size", 100},
                     {"filters", {{{"name", "volume_id"}, {"values", {"VOLUME_ID"}}}}}})}},
        {"moi file upload VOLUME_ID mydir --recursive --exclude '*.tmp' --parallel 8 --dedup md5",
         {root_post("/catalog/file/list", {{"page_size", 100},
                                           {"filters",
                                            {{{"name", "volume_id"}, {"values", {"VOLUME_ID"}}},
                                             {{"name", "parent_id"}, {"values", {""}}},
                                             {{"name", "file_name"}, {"values", {"sub"}}}}}}),
          root_post("/catalog/folder/create",
                    {{"name", "sub"}, {"volume_id", "VOLUME_ID"}, {"parent_id", ""}}),
          recursive_upload}},
        {"moi health check", {root_get("/healthz")}},
        {"moi import orders-2026.csv --database DATABASE_ID --table orders --wait",
         {root_post("/catalog/database/children", {{"id", "DATABASE_ID"}}),
          staged("orders-2026.csv"), preview, import(new_orders), waited[0], waited[1], unstage}},
        {"moi import more.csv --database DATABASE_ID --table-id TABLE_ID --wait",
         {table_info, staged("more.csv"), import(into_table("append")), waited[0], waited[1],
          unstage}},
        {"moi import fix.csv --database DATABASE_ID --table-id TABLE_ID --mode overwrite",
         {table_info, staged("fix.csv"), import(into_table("overwrite")), unstage}},
        {"moi load list --output table", {root_get("/task/list")}},
        {"moi load list --status 3 --all",
         {root_get("/task/list", {{"status", "3"}, {"page", "1"}, {"page_size", "100"}})}},
        {R"(moi load list --json '{"status":[1,3],"is_desc":false}' --page-size 10)",
         {root_get("/task/list",
                   {{"status", "1"}, {"status", "3"}, {"is_desc", "false"}, {"page_size", "10"}})}},
        {"moi load pause TASK_ID",
         {root_post("/task/pause", {{"task_id", "TASK_ID"}}),
          root_get("/task/get", {{"task_id", "TASK_ID"}})}},
        {"moi load resume TASK_ID",
         {root_post("/task/resume", {{"task_id", "TASK_ID"}}),
          root_get("/task/get", {{"task_id", "TASK_ID"}})}},
        {"moi load delete TASK_ID", {root_post("/task/delete", {{"task_id", "TASK_ID"}})}},
        {"moi load retry TASK_ID",
         {root_get("/task/files",
                   {{"task_id", "TASK_ID"}, {"status", "4"}, {"page", "1"}, {"page_size", "100"}}),
          root_post("/task/retry", {{"task_id", "TASK_ID"}, {"ids", {"F1"}}})}},
        {"moi load retry TASK_ID FILE_ID",
         {root_post("/task/retry", {{"task_id", "TASK_ID"}, {"ids", {"FILE_ID"}}})}},
        {R"(moi load retry TASK_ID --json '{"ids":["FILE_ID"]}')",
         {root_post("/task/retry", {{"task_id", "TASK_ID"}, {"ids", {"FILE_ID"}}})}},
        {"moi pipeline components --output table", {}},
        {"moi pipeline validate --json @workflow.json", {}},
        {R"(moi workflow list --json '{"limit":5,"sort_field":"name","sort_order":"ascend"}')",
         {get("/workflow_meta",
              {{"limit", "5"}, {"sort_field", "name"}, {"sort_order", "ascend"}})}},
        {"moi workflow list --all --output table",
         {get("/workflow_meta", {{"offset", "0"}, {"limit", "100"}})}},
        {"moi workflow get WORKFLOW_ID", {get("/workflow_meta/WORKFLOW_ID")}},
        {"moi workflow update WORKFLOW_ID --json @workflow.json",
         {body("PUT", "/workflow_meta/WORKFLOW_ID/base_info", files_.at("workflow.json"))}},
        {"moi workflow get WORKFLOW_ID | moi workflow update WORKFLOW_ID --json -",
         {get("/workflow_meta/WORKFLOW_ID"),
          body("PUT", "/workflow_meta/WORKFLOW_ID/base_info", w3_as_update)}},
        {R"(moi workflow delete WORKFLOW_ID --json '{"delete_data":true}')",
         {Expected{"DELETE",
                   std::string(kApi) + "/workflow_meta/WORKFLOW_ID",
                   {{"delete_data", "true"}},
                   nullptr}}},
        {"moi workflow stop WORKFLOW_ID",
         {body("PUT", "/workflow_meta/WORKFLOW_ID/stop", nullptr)}},
        {"moi workflow rerun WORKFLOW_ID",
         {body("PUT", "/workflow_meta/WORKFLOW_ID/rerun", nullptr)}},
        {R"(moi branch create WORKFLOW_ID --json '{"branch_name":"experiment",)"
         R"("workflow":{"components":[],"connections":[]}}')",
         {body("POST", "/workflow_meta/WORKFLOW_ID/branch", branch_create)}},
        {"moi branch list WORKFLOW_ID --output table", {get("/workflow_meta/WORKFLOW_ID/branch")}},
        {R"(moi branch list WORKFLOW_ID --json '{"status_in":[1,2]}')",
         {get("/workflow_meta/WORKFLOW_ID/branch", {{"status_in", "1"}, {"status_in", "2"}})}},
        {"moi branch get BRANCH_ID", {get("/workflow_meta/branch/BRANCH_ID")}},
        {"moi branch update BRANCH_ID --json @branch.json",
         {body("PUT", "/workflow_meta/branch/BRANCH_ID", files_.at("branch.json"))}},
        {"moi branch get BRANCH_ID | moi branch update BRANCH_ID --json -",
         {get("/workflow_meta/branch/BRANCH_ID"),
          body("PUT", "/workflow_meta/branch/BRANCH_ID", b3)}},
        {R"(moi branch delete BRANCH_ID --json '{"delete_data":true}')",
         {Expected{"DELETE",
                   std::string(kApi) + "/workflow_meta/branch/BRANCH_ID",
                   {{"delete_data", "true"}},
                   nullptr}}},
        {R"(moi job list --json '{"workflow_id":"WORKFLOW_ID","page_size":20}' --output table)",
         {get("/workflow_job", {{"workflow_id", "WORKFLOW_ID"}, {"page_size", "20"}})}},
        {"moi job get JOB_ID", {get("/workflow_job/JOB_ID")}},
        {R"(moi job files JOB_ID --json '{"statuses":[3]}' --output table)",
         {get("/workflow_job/JOB_ID/files", {{"statuses", "3"}})}},
        {"moi job files JOB_ID --all",
         {get("/workflow_job/JOB_ID/files", {{"page_num", "1"}, {"page_size", "100"}})}},
        {R"(moi job retry JOB_ID --json '{"files":["FILE_ID"]}')",
         {body("POST", "/workflow_job/JOB_ID/files", {{"files", {"FILE_ID"}}})}},
        {"moi job status JOB_ID", {get("/workflow_job/JOB_ID/status")}},
        {"moi job wait JOB_ID --timeout 600",
         {get("/workflow_job/JOB_ID/status"),
          get("/workflow_job/JOB_ID/files", {{"page_size", "1"}})}},
        {"moi export create --json @export.json",
         {body("POST", "/export/task/create", files_.at("export.json")), find_task}},
        {R"(moi export list --json '{"creator":"admin","limit":20}' --output table)",
         {body("POST", "/export/task/list", {{"creator", "admin"}, {"limit", 20}})}},
        {"moi export get TASK_ID", {body("POST", "/export/task/info", {{"id", "TASK_ID"}})}},
        {R"(moi export files TASK_ID --json '{"statuses":[3],"limit":50}')",
         {body("POST", "/export/task/files",
               {{"task_id", "TASK_ID"}, {"statuses", {3}}, {"limit", 50}})}},
        {"moi export rerun TASK_ID", {body("POST", "/export/task/TASK_ID/rerun", nullptr)}},
        {"moi export delete TASK_ID", {body("POST", "/export/task/delete", {{"id", "TASK_ID"}})}},
        {"moi export wait TASK_ID --timeout 600",
         {body("POST", "/export/task/info", {{"id", "TASK_ID"}})}},
        {"moi catalog list --output table", {root_post("/catalog/list", Json::object())}},
        {"moi catalog tree", {root_post("/catalog/tree", Json::object())}},
        {"moi catalog tree --output table", {root_post("/catalog/tree", Json::object())}},
        {"moi catalog create docs --description 'Documents to process'",
         {root_post("/catalog/create",
                    {{"name", "docs"}, {"description", "Documents to process"}})}},
        {"moi database create CATALOG_ID contracts",
         {root_post("/catalog/database/create",
                    {{"catalog_id", "CATALOG_ID"}, {"name", "contracts"}})}},
        {"moi database children DATABASE_ID --output table",
         {root_post("/catalog/database/children", {{"id", "DATABASE_ID"}})}},
        {"moi volume create DATABASE_ID inbox --description 'Uploads'",
         {root_post(
             "/catalog/volume/create",
             {{"database_id", "DATABASE_ID"}, {"name", "inbox"}, {"description", "Uploads"}})}},
        {"moi volume get VOLUME_ID", {root_post("/catalog/volume/info", {{"id", "VOLUME_ID"}})}},
        {"moi volume delete VOLUME_ID",
         {root_post("/catalog/volume/delete", {{"id", "VOLUME_ID"}})}},
        {"moi volume list --output table", {root_post("/catalog/tree", Json::object())}},
        {"moi file upload VOLUME_ID report.pdf notes.md", {upload, same_names}},
        {"moi file upload VOLUME_ID report.pdf notes.md --wait --timeout 600",
         {upload, same_names, root_get("/task/get", {{"task_id", "TASK_ID"}}),
          root_get("/task/files", {{"task_id", "TASK_ID"}, {"page_size", "1"}}),
          root_get("/task/files", {{"task_id", "TASK_ID"}, {"page", "1"}, {"page_size", "100"}})}},
        {"moi file list --volume VOLUME_ID --output table",
         {root_post("/catalog/file/list",
                    {{"filters", {{{"name", "volume_id"}, {"values", {"VOLUME_ID"}}}}}})}},
        {"moi file list --volume VOLUME_ID --name report --all",
         {root_post("/catalog/file/list",
                    {{"page", 1},
                     {"page_size", 100},
                     {"filters",
                      {{{"name", "volume_id"}, {"values", {"VOLUME_ID"}}},
                       {{"name", "file_name"}, {"values", {"report"}}, {"fuzzy", true}}}}})}},
        {"moi file get FILE_ID", {root_post("/catalog/file/info", {{"id", "FILE_ID"}})}},
        {R"j(moi table create --json '{"database_id":"DATABASE_ID","name":"orders",)j"
         R"j("columns":[{"name":"id","type":"INT","is_pk":true},)j"
         R"j({"name":"customer","type":"VARCHAR(64)"}]}')j",
         {root_post("/catalog/table/create",
                    {{"database_id", "DATABASE_ID"},
                     {"name", "orders"},
                     {"columns",
                      {{{"name", "id"}, {"type", "INT"}, {"is_pk", true}},
                       {{"name", "customer"}, {"type", "VARCHAR(64)"}}}}})}},
        {"moi table get TABLE_ID", {root_post("/catalog/table/info", {{"id", "TABLE_ID"}})}},
        {"moi table list DATABASE_ID --output table",
         {root_post("/catalog/database/children", {{"id", "DATABASE_ID"}})}},
        {"moi table exists DATABASE_ID orders",
         {root_post("/catalog/table/exist", {{"database_id", "DATABASE_ID"}, {"name", "orders"}})}},
        {R"(moi table exists --json '{"database_id":"DATABASE_ID","name":"x"}')",
         {root_post("/catalog/table/exist", {{"database_id", "DATABASE_ID"}, {"name", "x"}})}},
        {"moi table data TABLE_ID --page 1 --page-size 20",
         {root_post("/catalog/table/data", {{"id", "TABLE_ID"}, {"page", 1}, {"page_size", 20}})}},
        {"moi table data TABLE_ID --all --output jsonl",
         {root_post("/catalog/table/data", {{"id", "TABLE_ID"}, {"page", 1}, {"page_size", 100}})}},
        {R"(moi table data --json '{"id":"TABLE_ID","page_size":20}' --page 2)",
         {root_post("/catalog/table/data", {{"id", "TABLE_ID"}, {"page", 2}, {"page_size", 20}})}},
        {"moi table download TABLE_ID --out orders.csv --force",
         {root_post("/catalog/table/download_data", {{"id", "TABLE_ID"}})}},
        {"moi table download TABLE_ID --out all.csv --max-bytes 10000000000 --max-time 3600",
         {root_post("/catalog/table/download_data", {{"id", "TABLE_ID"}})}},
        {"moi table truncate TABLE_ID",
         {root_post("/catalog/table/truncate", {{"id", "TABLE_ID"}})}},
        {"moi table delete TABLE_ID", {root_post("/catalog/table/delete", {{"id", "TABLE_ID"}})}},
        {"moi file delete FILE_ID", {root_post("/catalog/file/delete", {{"id", "FILE_ID"}})}},
        {"moi file link FILE_ID --volume VOLUME_ID",
         {root_post("/catalog/file/download",
                    {{"file_id", "FILE_ID"}, {"volume_id", "VOLUME_ID"}})}},
        {R"(moi file link --json '{"file_id":"FILE_ID","volume_id":"VOLUME_ID"}')",
         {root_post("/catalog/file/download",
                    {{"file_id", "FILE_ID"}, {"volume_id", "VOLUME_ID"}})}},
        {"moi load get TASK_ID", {root_get("/task/get", {{"task_id", "TASK_ID"}})}},
        // GenAI: the multipart form (files, then payload) and the JSON form.
        {"moi parse report.pdf notes.md --no-wait",
         {Expected{"POST",
                   "/v1/genai/pipeline",
                   {},
                   nullptr,
                   {{"files", "report.pdf", "", data_files_.at("report.pdf")},
                    {"files", "notes.md", "", data_files_.at("notes.md")},
                    {"payload", "", "",
                     Json{{"file_names", {"report.pdf", "notes.md"}},
                          {"steps", {{{"node", "ParseNode"}, {"parameters", Json::object()}}}}}
                         .dump()}}}}},
        {"moi genai parse https://example.com/a.pdf --steps parse,chunk --no-wait",
         {root_post("/v1/genai/pipeline",
                    {{"file_urls", {"https://example.com/a.pdf"}},
                     {"file_names", Json::array()},
                     {"steps",
                      {{{"node", "ParseNode"}, {"parameters", Json::object()}},
                       {{"node", "ChunkNode"}, {"parameters", Json::object()}}}}})}},
        {"moi genai job JOB_ID --output table", {root_get("/v1/genai/jobs/JOB_ID")}},
        {"moi genai download FILE_ID --out result.zip",
         {get("/explore/volumes/any/files/FILE_ID/raws")}},
        {"moi load files TASK_ID --output table",
         {root_get("/task/files", {{"task_id", "TASK_ID"}})}},
        {"moi load files TASK_ID --status 4 --all",
         {root_get(
             "/task/files",
             {{"task_id", "TASK_ID"}, {"status", "4"}, {"page", "1"}, {"page_size", "100"}})}},
        {R"(moi load files TASK_ID --json '{"status":4,"page_size":50}')",
         {root_get("/task/files", {{"task_id", "TASK_ID"}, {"status", "4"}, {"page_size", "50"}})}},
        {"moi load wait TASK_ID --timeout 600",
         {root_get("/task/get", {{"task_id", "TASK_ID"}}),
          root_get("/task/files", {{"task_id", "TASK_ID"}, {"page_size", "1"}}),
          root_get("/task/files", {{"task_id", "TASK_ID"}, {"page", "1"}, {"page_size", "100"}})}},
        {"moi connector create --name exports --type mo --host db.example.com --port 6001 "
         "--username admin --json @mo-secret.json",
         {root_post("/connectors", {{"name", "exports"}, {"source_type", 3}, {"mo", mo_config}}),
          root_get("/connectors/list",
                   {{"keyword", "exports"}, {"page", "1"}, {"page_size", "100"}})}},
        {"moi connector create --name lake --type s3 --endpoint s3.amazonaws.com "
         "--access-key-id AKIAEXAMPLE --bucket docs --json @s3-secret.json",
         {root_post("/connectors", {{"name", "lake"},
                                    {"source_type", 5},
                                    {"s3",
                                     {{"endpoint", "s3.amazonaws.com"},
                                      {"access_key_id", "AKIAEXAMPLE"},
                                      {"access_key_secret", "s3-secret-EXAMPLE"},
                                      {"bucket_name", "docs"}}}}),
          root_get("/connectors/list",
                   {{"keyword", "lake"}, {"page", "1"}, {"page_size", "100"}})}},
        {"moi connector validate --id CONNECTOR_ID",
         {root_post("/connectors/validate", {{"connector_id", "CONNECTOR_ID"}})}},
        {"moi connector validate --type hdfs --address namenode:8020",
         {root_post("/connectors/validate",
                    {{"source_type", 2}, {"hdfs", {{"address", "namenode:8020"}}}})}},
        {"moi connector list --output table", {root_get("/connectors/list")}},
        {"moi connector list --keyword exports --type mo --all",
         {root_get(
             "/connectors/list",
             {{"keyword", "exports"}, {"source_type", "3"}, {"page", "1"}, {"page_size", "100"}})}},
        {"moi connector update CONNECTOR_ID --name exports-2",
         {Expected{"PUT", "/connectors/CONNECTOR_ID", {}, {{"name", "exports-2"}}}}},
        {"moi connector update CONNECTOR_ID --type mo --host db2.example.com --port 6001 "
         "--username admin --json @mo-secret.json",
         {Expected{"PUT",
                   "/connectors/CONNECTOR_ID",
                   {},
                   {{"mo",
                     {{"host", "db2.example.com"},
                      {"port", 6001},
                      {"username", "admin"},
                      {"password", "mo-pass-EXAMPLE"}}}}}}},
        {"moi connector delete CONNECTOR_ID",
         {Expected{"DELETE", "/connectors/CONNECTOR_ID", {}, nullptr}}},
        {"moi connector files CONNECTOR_ID --dir reports/ --limit 50",
         {root_get("/connectors/files/list",
                   {{"connector_id", "CONNECTOR_ID"}, {"dir", "reports/"}, {"limit", "50"}})}},
        {R"(moi connector files --json '{"connector_id":"CONNECTOR_ID",)"
         R"("file_types":[2],"limit":50}')",
         {root_get("/connectors/files/list",
                   {{"connector_id", "CONNECTOR_ID"}, {"file_types", "2"}, {"limit", "50"}})}},
        // The LLM proxy (through the gateway: /llm-proxy under the base URL).
        {R"(moi session create --json '{"title":"Support chat","source":"helpdesk",)"
         R"("user_id":"u-42"}')",
         {root_post("/llm-proxy/api/sessions",
                    {{"title", "Support chat"}, {"source", "helpdesk"}, {"user_id", "u-42"}})}},
        {"moi session list --user-id u-42 --output table",
         {root_get("/llm-proxy/api/sessions", {{"user_id", "u-42"}})}},
        {R"(moi session list --json '{"source":"helpdesk","tags":["urgent"]}')",
         {root_get("/llm-proxy/api/sessions", {{"source", "helpdesk"}, {"tags", "urgent"}})}},
        {"moi session get 1", {root_get("/llm-proxy/api/sessions/1")}},
        {R"(moi session update 1 --json '{"title":"Billing question"}')",
         {Expected{"PUT", "/llm-proxy/api/sessions/1", {}, {{"title", "Billing question"}}}}},
        {"moi session delete 1", {Expected{"DELETE", "/llm-proxy/api/sessions/1", {}, nullptr}}},
        {"moi session messages 1 --output table", {root_get("/llm-proxy/api/sessions/1/messages")}},
        {R"(moi session messages 1 --json '{"role":"user","limit":50}')",
         {root_get("/llm-proxy/api/sessions/1/messages", {{"role", "user"}, {"limit", "50"}})}},
        {"moi message get 2", {root_get("/llm-proxy/api/chat-messages/2")}},
        {R"(moi message update 2 --json '{"status":"failed"}')",
         {Expected{"PUT", "/llm-proxy/api/chat-messages/2", {}, {{"status", "failed"}}}}},
        {"moi message delete 2",
         {Expected{"DELETE", "/llm-proxy/api/chat-messages/2", {}, nullptr}}},
        {"moi message tag 2 urgent billing",
         {Expected{
             "PUT", "/llm-proxy/api/chat-messages/2/tags", {}, {{"tags", {"urgent", "billing"}}}}}},
        {R"(moi message tag 2 --json '{"tags":["urgent"]}')",
         {Expected{"PUT", "/llm-proxy/api/chat-messages/2/tags", {}, {{"tags", {"urgent"}}}}}},
        {"moi message untag 2 helpdesk urgent",
         {Expected{"DELETE", "/llm-proxy/api/chat-messages/2/tags/helpdesk/urgent", {}, nullptr}}},
        {"moi chat 'What is MatrixOne?'",
         {root_post("/llm-proxy/v1/chat/completions",
                    {{"model", "qwen-plus"},
                     {"messages", {{{"role", "user"}, {"content", "What is MatrixOne?"}}}},
                     {"stream", true}})}},
        {"moi chat 'Summarise our last order' --session 1 --system 'Answer in one sentence' "
         "--model qwen-max",
         {root_get("/llm-proxy/api/sessions/1"),
          root_post("/llm-proxy/v1/chat/completions",
                    {{"model", "qwen-max"},
                     {"messages",
                      {{{"role", "system"}, {"content", "Answer in one sentence"}},
                       {{"role", "user"}, {"content", "Summarise our last order"}}}},
                     {"stream", true}}),
          root_post("/llm-proxy/api/chat-messages", {{"user_id", "u-42"},
                                                     {"source", "helpdesk"},
                                                     {"role", "user"},
                                                     {"content", "Summarise our last order"},
                                                     {"model", "qwen-max"},
                                                     {"session_id", 1},
                                                     {"status", "success"},
                                                     {"response", "Echo"}})}},
        // Ask the data (D1, N1-N7): the database's name is read first (C15).
        {"moi ask 'How many rows in orders?' --database 2",
         {root_post("/catalog/database/info", {{"id", 2}}),
          Expected{"POST",
                   kApi + std::string("/data_asking/analyze"),
                   {},
                   {{"question", "How many rows in orders?"},
                    {"config",
                     {{"data_source",
                       {{"type", "specified"},
                        {"tables", {{"type", "all"}, {"db_name", "sales"}, {"database_id", 2}}}}},
                      {"data_scope", {{"type", "all"}}}}}}}}},
        {"moi ask 'Show 5 rows of orders' --database 2 --table orders --output jsonl",
         {root_post("/catalog/database/info", {{"id", 2}}),
          Expected{"POST",
                   kApi + std::string("/data_asking/analyze"),
                   {},
                   {{"question", "Show 5 rows of orders"},
                    {"config",
                     {{"data_source",
                       {{"type", "specified"},
                        {"tables",
                         {{"type", "specified"},
                          {"db_name", "sales"},
                          {"database_id", 2},
                          {"table_list", {"orders"}}}}}},
                      {"data_scope", {{"type", "all"}}}}}}}}},
        {"moi sql 'SELECT COUNT(*) FROM `sales`.`orders`' --output table",
         {root_post(
             "/catalog/nl2sql/run_sql",
             {{"operation", "run_sql"}, {"statement", "SELECT COUNT(*) FROM `sales`.`orders`"}})}},
        {"moi sql --show-databases --output tsv",
         {root_post("/catalog/nl2sql/run_sql", {{"operation", "show_databases"}})}},
        {"moi sql --show-tables sales --output table",
         {root_post("/catalog/nl2sql/run_sql",
                    {{"operation", "show_table"}, {"db_names", {"sales"}}})}},
        {"moi sql --describe sales.orders --output table",
         {root_post("/catalog/nl2sql/run_sql",
                    {{"operation", "desc_table"},
                     {"table_names", {{{"db_name", "sales"}, {"table_names", {"orders"}}}}}})}},
        {"moi knowledge create --type glossary --key GMV --value "
         "'gross merchandise value: SUM(amount)' --table orders",
         {root_post("/catalog/nl2sql_knowledge/create",
                    {{"knowledge_type", "glossary"},
                     {"knowledge_key", "GMV"},
                     {"knowledge_value", {"gross merchandise value: SUM(amount)"}},
                     {"associate_tables", {"orders"}}})}},
        {"moi knowledge update 1 --value 'SUM(amount) of paid orders'",
         {root_post("/catalog/nl2sql_knowledge/get", {{"id", 1}}),
          root_post("/catalog/nl2sql_knowledge/update",
                    {{"id", 1},
                     {"knowledge_type", "glossary"},
                     {"knowledge_key", "GMV"},
                     {"knowledge_value", {"SUM(amount) of paid orders"}}}),
          root_post("/catalog/nl2sql_knowledge/get", {{"id", 1}})}},
        {"moi knowledge delete 1", {root_post("/catalog/nl2sql_knowledge/delete", {{"id", 1}})}},
        {"moi knowledge get 1", {root_post("/catalog/nl2sql_knowledge/get", {{"id", 1}})}},
        {"moi knowledge list --type glossary --output table",
         {root_post("/catalog/nl2sql_knowledge/list", {{"knowledge_type", "glossary"}})}},
        {"moi knowledge search gmv --output table",
         {root_post("/catalog/nl2sql_knowledge/search", {{"knowledge_key", "gmv"}})}},
        // Users, roles, audit logs and the caller's key (issue 26).
        {R"j(moi user create --json '{"name":"reader","password":"PASSWORD","role_id_list":["ROLE_ID"],"get_api_key":true}' --show-secrets)j",
         {root_post("/user/create", {{"name", "reader"},
                                     {"password", "PASSWORD"},
                                     {"role_id_list", {"ROLE_ID"}},
                                     {"get_api_key", true}})}},
        {"moi user delete USER_ID", {root_post("/user/delete", {{"id", "USER_ID"}})}},
        {"moi user get USER_ID", {root_post("/user/detail_info", {{"id", "USER_ID"}})}},
        {"moi user list --output table", {root_post("/user/list", Json::object())}},
        {R"j(moi user update USER_ID --json '{"email":"reader@example.com"}')j",
         {root_post("/user/detail_info", {{"id", "USER_ID"}}),
          root_post("/user/update_info", {{"id", "USER_ID"},
                                          {"phone", ""},
                                          {"email", "reader@example.com"},
                                          {"description", ""}})}},
        {"moi user set-roles USER_ID ROLE_ID",
         {root_post("/user/update_role_list", {{"id", "USER_ID"}, {"role_id_list", {"ROLE_ID"}}})}},
        {"moi user enable USER_ID",
         {root_post("/user/update_status", {{"id", "USER_ID"}, {"action", "enable"}})}},
        {"moi user disable USER_ID",
         {root_post("/user/update_status", {{"id", "USER_ID"}, {"action", "disable"}})}},
        {R"j(moi role create --json '{"name":"auditors","authority_code_list":["U2","U8","R2","R6"]}')j",
         {root_post("/role/create",
                    {{"name", "auditors"}, {"authority_code_list", {"U2", "U8", "R2", "R6"}}})}},
        {"moi role delete ROLE_ID", {root_post("/role/delete", {{"id", "ROLE_ID"}})}},
        {"moi role get ROLE_ID", {root_post("/role/info", {{"id", "ROLE_ID"}})}},
        {"moi role list --output table", {root_post("/role/list", Json::object())}},
        {R"j(moi role update ROLE_ID --json '{"authority_code_list":["U2"]}')j",
         {root_post("/role/info", {{"id", "ROLE_ID"}}),
          root_post("/role/update_info", {{"id", "ROLE_ID"},
                                          {"authority_code_list", {"U2"}},
                                          {"obj_authority_code_list", Json::array()},
                                          {"description", ""}})}},
        {"moi role grant-table ROLE_ID TABLE_ID --columns id,region,customer --rows 'region in "
         "eu,us'",
         {root_post("/catalog/table/info", {{"id", "TABLE_ID"}}),
          root_post("/role/info", {{"id", "ROLE_ID"}}),
          root_post("/role/info", {{"id", "ROLE_ID"}}),
          root_post("/role/update_info",
                    {{"id", "ROLE_ID"},
                     {"authority_code_list", Json::array()},
                     {"obj_authority_code_list",
                      {{{"id", "TABLE_ID"},
                        {"category", "table"},
                        {"name", ""},
                        {"authority_code_list",
                         {{{"code", "DT8"},
                           {"black_column_list", {"salary"}},
                           {"rule_list",
                            {{{"column", "region"},
                              {"relation", "and"},
                              {"expression_list",
                               {{{"operator", "in"}, {"expression", {"eu", "us"}}}}}}}}}}}}}},
                     {"description", ""}})}},
        {"moi log users --output table", {root_post("/log/user", Json::object())}},
        {"moi log roles --output table", {root_post("/log/role", Json::object())}},
        {"moi whoami", {root_post("/user/me/info", nullptr)}},
        {"moi api-key show", {root_post("/user/me/api-key", nullptr)}},
        {"moi api-key refresh", {root_post("/user/me/api-key/refresh", nullptr)}},
        {"moi chat send 'Hello' --output jsonl",
         {root_post("/llm-proxy/v1/chat/completions",
                    {{"model", "qwen-plus"},
                     {"messages", {{{"role", "user"}, {"content", "Hello"}}}},
                     {"stream", true}})}},
        {R"(moi chat send 'And in French?' --json '{"model":"qwen-plus",)"
         R"("messages":[{"role":"user","content":"Hello"},)"
         R"({"role":"assistant","content":"Hi!"}],"temperature":0.2}')",
         {root_post("/llm-proxy/v1/chat/completions",
                    {{"model", "qwen-plus"},
                     {"messages",
                      {{{"role", "user"}, {"content", "Hello"}},
                       {{"role", "assistant"}, {"content", "Hi!"}},
                       {{"role", "user"}, {"content", "And in French?"}}}},
                     {"temperature", 0.2},
                     {"stream", true}})}},
    };
  }

  TestServer server_;
  std::filesystem::path dir_;
  std::map<std::string, Json> files_;
  std::map<std::string, std::string> data_files_;
};

TEST_F(ExamplesTest, ShellSplitterHandlesQuotesAndPipes) {
  const auto commands = split_shell(R"(moi a --json '{"x": 1}' | moi b -)");
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0], (std::vector<std::string>{"moi", "a", "--json", R"({"x": 1})"}));
  EXPECT_EQ(commands[1], (std::vector<std::string>{"moi", "b", "-"}));
}

TEST_F(ExamplesTest, EveryHelpExampleSendsTheDocumentedRequest) {
  const auto expected = expectations();
  std::set<std::string> seen;
  for (const auto& example : examples()) {
    SCOPED_TRACE(example.command_line);
    seen.insert(example.command_line);
    const auto it = expected.find(example.command_line);
    ASSERT_NE(it, expected.end()) << "no expectation for the help example";
    const auto requests = run_line(example.command_line);
    ASSERT_EQ(requests.size(), it->second.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
      const RecordedRequest& got = requests[i];
      const Expected& want = it->second[i];
      EXPECT_EQ(got.method, want.method);
      EXPECT_EQ(got.path, want.path);
      EXPECT_EQ(got.query, want.query);
      if (!want.parts.empty()) {
        EXPECT_EQ(got.header("Content-Type").rfind("multipart/form-data; boundary=", 0), 0u)
            << got.header("Content-Type");
        ASSERT_EQ(got.parts.size(), want.parts.size());
        for (std::size_t p = 0; p < want.parts.size(); ++p) {
          EXPECT_EQ(got.parts[p].name, want.parts[p].name);
          EXPECT_EQ(got.parts[p].filename, want.parts[p].filename);
          if (got.parts[p].name != "meta") {
            EXPECT_EQ(got.parts[p].content, want.parts[p].content);
            continue;
          }
          // meta: one object per file, in upload order, naming it and its size.
          const Json meta = Json::parse(got.parts[p].content);
          if (example.command_line.rfind("moi import", 0) == 0) {  // staging: {filename, path}
            EXPECT_EQ(meta, Json::parse(want.parts[p].content));
            continue;
          }
          if (example.command_line.find("--recursive") != std::string::npos) {
            // One file per upload, its folder in `path`.
            ASSERT_EQ(meta.size(), 1u) << meta;
            EXPECT_EQ(meta[0]["file_name"], "inner.txt");
            EXPECT_EQ(meta[0]["path"], "sub/inner.txt");
            continue;
          }
          ASSERT_EQ(meta.size(), 2u) << meta;
          EXPECT_EQ(meta[0]["file_name"], "report.pdf");
          EXPECT_EQ(meta[0]["file_size"], data_files_.at("report.pdf").size());
          EXPECT_EQ(meta[1]["file_name"], "notes.md");
        }
      } else if (want.body.is_null()) {
        EXPECT_EQ(got.body, "");
      } else {
        EXPECT_EQ(got.json(), want.body);
      }
      EXPECT_EQ(got.header("moi-key"), kKey);
    }
  }
  for (const auto& [line, requests] : expected) {
    EXPECT_EQ(seen.count(line), 1u) << "expectation for a line the help does not show: " << line;
  }
}

}  // namespace
}  // namespace moi::cli::testing
