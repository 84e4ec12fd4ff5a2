// SPDX-License-Identifier: Apache-2.0
// Help, version and usage errors: exit 2 with one line naming the problem, and no request.
#include <fstream>

#include "cli_fixture.hpp"

namespace moi::cli::testing {
namespace {

class UsageTest : public CliTest {
 protected:
  // A usage error: exit 2, one line on stderr containing @p needle, nothing on stdout, and
  // nothing sent to the service.
  void expect_usage_error(const std::vector<std::string>& args, const std::string& needle) {
    const Outcome r = moi(args);
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_EQ(r.out, "") << r;
    EXPECT_NE(r.err.find(needle), std::string::npos) << "missing \"" << needle << "\"\n" << r;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
    EXPECT_EQ(r.err.rfind("moi: ", 0), 0u) << r;
    EXPECT_EQ(emu().total_requests(), 0u) << r;
  }
};

TEST_F(UsageTest, HelpListsGroupsEnvironmentAndExitCodes) {
  const Outcome r = moi({"--help"});
  EXPECT_EQ(r.code, kExitOk) << r;
  for (const char* text :
       {"workflow",   "branch",       "job",         "export",     "catalog",
        "database",   "volume",       "file",        "load",       "connector",
        "--base-url", "--api-key",    "--timeout",   "--verbose",  "--output",
        "--compact",  "MOI_BASE_URL", "MOI_API_KEY", "Exit codes", "Examples:"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(r.err, "");
}

TEST_F(UsageTest, GroupHelpListsEveryActionAndItsExamples) {
  for (const char* group : {"workflow", "branch", "job", "export", "catalog", "database", "volume",
                            "file", "load", "connector", "pipeline", "genai"}) {
    const Outcome r = moi({group, "--help"});
    EXPECT_EQ(r.code, kExitOk) << r;
    for (const auto& example : examples()) {
      if (example.group != group) continue;
      EXPECT_NE(r.out.find("  " + example.action + " "), std::string::npos) << example.action;
      EXPECT_NE(r.out.find(example.command_line), std::string::npos) << example.command_line;
    }
  }
}

TEST_F(UsageTest, EveryActionHelpNamesItsEndpointAndShowsAnExample) {
  std::size_t actions = 0;
  std::string previous;
  for (const auto& example : examples()) {
    const Outcome r = moi({example.group, example.action, "--help"});
    EXPECT_EQ(r.code, kExitOk) << r;
    EXPECT_NE(r.out.find("Endpoint: "), std::string::npos) << r;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << r;
    EXPECT_NE(r.out.find(example.command_line), std::string::npos) << r;
    if (previous != example.group + " " + example.action) ++actions;
    previous = example.group + " " + example.action;
  }
  // 23 endpoints and two waits, each with at least one example; then the data actions:
  // catalog 7, database 6, volume 7, file 8, load 8 (a wait), connector 6, folder 5,
  // health 1; pipeline 2; table 8; genai 3; the LLM proxy: session 6, message 5, chat 1;
  // ask the data: ask 1, sql 1, knowledge 6; import 1; users 8, roles 6, logs 2, whoami 1,
  // api-key 2.
  EXPECT_EQ(actions, 25u + 48u + 2u + 8u + 3u + 12u + 8u + 1u + 19u);
}

TEST_F(UsageTest, VersionPrintsTheLibraryVersion) {
  const Outcome r = moi({"--version"});
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, std::string("moi ") + moi::version() + "\n");
}

TEST_F(UsageTest, NoArgumentsPrintHelpOnStderrAndExit2) {
  const Outcome r = moi({});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("Subcommands:"), std::string::npos) << r;
}

TEST_F(UsageTest, GroupWithoutActionPrintsGroupHelpAndExits2) {
  const Outcome r = moi({"job"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("moi job wait JOB_ID"), std::string::npos) << r;
}

TEST_F(UsageTest, UnknownGroupIsNamed) {
  expect_usage_error({"workflows", "list"}, "unknown group \"workflows\"");
}

TEST_F(UsageTest, UnknownActionIsNamedWithTheChoices) {
  expect_usage_error({"job", "cancel", "J1"}, "unknown action \"cancel\" for job");
  expect_usage_error({"--output", "table", "export", "show"}, "expected create, list, get");
}

TEST_F(UsageTest, MissingIdIsNamed) {
  expect_usage_error({"workflow", "get"}, "WORKFLOW_ID is required");
  expect_usage_error({"branch", "update", "--json", "{}"}, "BRANCH_ID is required");
  expect_usage_error({"export", "wait"}, "TASK_ID is required");
}

TEST_F(UsageTest, MissingRequiredBody) {
  expect_usage_error({"export", "create"}, "--json is required");
  expect_usage_error({"job", "retry", "J"}, "--json is required");
  // workflow create builds its body from flags too: the first missing one is named.
  expect_usage_error({"workflow", "create"}, "--name (or \"name\" in --json) is required");
}

TEST_F(UsageTest, UnexpectedArgumentsAndOptions) {
  expect_usage_error({"workflow", "list", "extra"}, "not expected: extra");
  expect_usage_error({"workflow", "get", "W", "--all"}, "--all");
  expect_usage_error({"workflow", "stop", "W", "--json", "{}"}, "--json");
  expect_usage_error({"workflow", "list", "--output", "yaml"}, "yaml");
}

TEST_F(UsageTest, InvalidJson) {
  expect_usage_error({"workflow", "list", "--json", "{\"limit\":"}, "--json: invalid JSON");
  expect_usage_error({"workflow", "create", "--json", "[1,2]"}, "must be a JSON object");
}

TEST_F(UsageTest, JsonFileThatCannotBeRead) {
  expect_usage_error({"workflow", "create", "--json", "@/nonexistent/body.json"},
                     "cannot read file \"/nonexistent/body.json\"");
}

TEST_F(UsageTest, UnknownQueryParameterIsNamedWithTheAcceptedOnes) {
  expect_usage_error({"workflow", "list", "--json", R"({"limt":5})"},
                     "unknown query parameter \"limt\" (accepted: name_search,");
  expect_usage_error({"workflow", "delete", "W", "--json", R"({"deleteData":true})"},
                     "\"deleteData\" (accepted: delete_data)");
  expect_usage_error({"branch", "list", "W", "--json", R"({"branch_status":[0]})"},
                     "\"branch_status\"");
  expect_usage_error({"job", "list", "--json", R"({"offset":0})"}, "\"offset\"");
  expect_usage_error({"job", "files", "J", "--json", R"({"status":[3]})"}, "\"status\"");
}

TEST_F(UsageTest, WronglyTypedQueryValueIsNamed) {
  expect_usage_error({"workflow", "list", "--json", R"({"limit":"5"})"},
                     "query parameter \"limit\" must be an integer, got string \"5\"");
  expect_usage_error({"workflow", "list", "--json", R"({"status":1})"},
                     "\"status\" must be an array of integers");
  expect_usage_error({"workflow", "list", "--json", R"({"sort_order":"up"})"},
                     "\"sort_order\" must be \"ascend\" or \"descend\"");
  expect_usage_error({"workflow", "delete", "W", "--json", R"({"delete_data":"yes"})"},
                     "\"delete_data\" must be true or false");
  expect_usage_error({"job", "list", "--json", R"({"page_size":2.5})"}, "\"page_size\"");
  expect_usage_error({"job", "files", "J", "--json", R"({"statuses":["failed"]})"},
                     "\"statuses\" must be an array of integers");
}

TEST_F(UsageTest, WronglyTypedOrMissingBodyMemberIsNamed) {
  Json body = workflow_body("w");
  body["name"] = 5;
  expect_usage_error({"workflow", "create", "--json", body.dump()}, "\"name\"");
  body = workflow_body("w");
  body.erase("target_volume_id");
  expect_usage_error({"workflow", "create", "--json", body.dump()}, "\"target_volume_id\"");
  expect_usage_error({"job", "retry", "J", "--json", R"({"files":"f1"})"}, "\"files\"");
  expect_usage_error({"export", "list", "--json", R"({"limit":"ten"})"}, "\"limit\"");
  expect_usage_error({"branch", "create", "W", "--json", R"({"branch_name":"b"})"}, "\"workflow\"");
}

TEST_F(UsageTest, RetryRefusesKeysItCannotSend) {
  expect_usage_error({"job", "retry", "J", "--json", R"({"files":["f"],"force":true})"},
                     "unknown key \"force\"");
}

TEST_F(UsageTest, ExportFilesTaskIdMustMatchTheArgument) {
  expect_usage_error({"export", "files", "T1", "--json", R"({"task_id":"T2"})"}, "task_id");
}

TEST_F(UsageTest, ArgumentsTheSdkRejectsAreUsageErrors) {
  expect_usage_error({"workflow", "list", "--json", R"({"limit":0})"}, "limit");
  expect_usage_error({"workflow", "get", ".."}, "invalid argument");
}

TEST_F(UsageTest, WaitTimeoutMustBePositive) {
  expect_usage_error({"job", "wait", "J", "--timeout", "0"}, "--timeout");
}

TEST_F(UsageTest, MissingConnectionSettingsAreNamed) {
  variables_.clear();
  expect_usage_error({"workflow", "list"}, "MOI_BASE_URL");
  variables_ = {{"MOI_BASE_URL", emu().base_url()}};
  expect_usage_error({"workflow", "list"}, "MOI_API_KEY");
  expect_usage_error({"--base-url", "ftp://x", "--api-key", "k", "workflow", "list"},
                     "invalid argument");
}

}  // namespace
}  // namespace moi::cli::testing
