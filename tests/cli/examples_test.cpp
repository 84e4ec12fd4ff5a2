// SPDX-License-Identifier: Apache-2.0
// Every example of the help text is run against a recording server and the request it sends
// is compared with what the API documents: method, path, query and body. A new example
// without an expectation here fails the test.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "cli_fixture.hpp"
#include "moi/helpers/workflow_edit.hpp"
#include "support/test_server.hpp"

namespace moi::cli::testing {
namespace {

using moi::testing::json_fixture;
using moi::testing::ok_response;
using moi::testing::RecordedRequest;
using moi::testing::TestServer;
using Query = std::multiset<std::pair<std::string, std::string>>;

constexpr const char* kApi = "/byoa/api/v1";

struct Expected {
  std::string method;
  std::string path;
  Query query;
  Json body;  // null: no body
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
              {"export.json", json_fixture("e1_request_mo.json")}};
    for (const auto& [name, body] : files_) std::ofstream(dir_ / name) << body.dump(2);

    // Answers shaped like the service's, so every example also succeeds.
    server_.set_handler([](const RecordedRequest& r) {
      const std::string api = kApi;
      if (r.method == "GET" && r.path == api + "/workflow_meta/WORKFLOW_ID") {
        return ok_response(json_fixture("w3_response.json")["data"]);
      }
      if (r.method == "GET" && r.path == api + "/workflow_meta/branch/BRANCH_ID") {
        return ok_response(json_fixture("b3_response.json")["data"]);
      }
      if (r.path == api + "/workflow_job/JOB_ID/status") {
        return ok_response({{"job_id", "JOB_ID"}, {"status", 2}, {"progress", 100}});
      }
      if (r.path == api + "/export/task/info") {
        return ok_response(
            {{"id", "TASK_ID"},
             {"file_stats",
              {{"total", 1}, {"pending", 0}, {"running", 0}, {"completed", 1}, {"failed", 0}}}});
      }
      return ok_response(Json::object());
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
    const Json branch_create = Json::parse(
        R"({"branch_name":"experiment","workflow":{"components":[],"connections":[]}})");

    return {
        {"moi workflow create --json @workflow.json",
         {body("POST", "/workflow_meta", files_.at("workflow.json"))}},
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
         {body("POST", "/export/task/create", files_.at("export.json"))}},
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
    };
  }

  TestServer server_;
  std::filesystem::path dir_;
  std::map<std::string, Json> files_;
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
      if (want.body.is_null()) {
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
