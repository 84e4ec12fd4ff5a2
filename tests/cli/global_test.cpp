// SPDX-License-Identifier: Apache-2.0
// Global options (precedence over the environment, --verbose, --timeout) and how failures map
// to exit codes and one-line messages.
#include "cli_fixture.hpp"
#include "support/test_server.hpp"

namespace moi::cli::testing {
namespace {

using moi::testing::CannedResponse;
using moi::testing::TestServer;

class GlobalTest : public CliTest {};

TEST_F(GlobalTest, EnvironmentSuppliesUrlAndKey) {
  const Outcome r = moi({"workflow", "list"});
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["total"], 0);
  EXPECT_EQ(emu().request_count("W2"), 1u);
}

TEST_F(GlobalTest, FlagsWinOverTheEnvironment) {
  // The environment points at a server that records requests; the flags at the emulator.
  TestServer decoy;
  variables_ = {{"MOI_BASE_URL", decoy.base_url()}, {"MOI_API_KEY", "wrong-key"}};
  Outcome r = moi({"--base-url", emu().base_url(), "--api-key", kKey, "workflow", "list"});
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(decoy.request_count(), 0u);
  EXPECT_EQ(emu().request_count("W2"), 1u);

  // Only the URL given as a flag: the key comes from the environment (and is refused).
  r = moi({"--base-url", emu().base_url(), "workflow", "list"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_NE(r.err.find("HTTP 401"), std::string::npos) << r;

  // Global options may also follow the action.
  r = moi({"workflow", "list", "--api-key", kKey, "--base-url", emu().base_url()});
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(decoy.request_count(), 0u);
}

TEST_F(GlobalTest, VerboseLogsRequestLineAndStatusButNeverTheKey) {
  const std::string id = create_workflow("verbose");
  const Outcome r = moi({"--verbose", "workflow", "get", id});
  EXPECT_EQ(r.code, kExitOk) << r;
  // The SDK's log shape: method, path, request id, attempt, status.
  EXPECT_NE(r.err.find("moi: GET /byoa/api/v1/workflow_meta/" + id + " request_id="),
            std::string::npos)
      << r;
  EXPECT_NE(r.err.find("status=200"), std::string::npos) << r;
  EXPECT_NE(r.err.find("API key <redacted>"), std::string::npos) << r;
  EXPECT_EQ(r.err.find(kKey), std::string::npos) << r;
  EXPECT_EQ(r.out.find(kKey), std::string::npos) << r;

  // The key given as a flag is not printed either, nor on failures.
  const Outcome failed = moi({"--api-key", kKey, "--verbose", "workflow", "get", "missing"});
  EXPECT_EQ(failed.code, kExitService) << failed;
  EXPECT_NE(failed.err.find("status=404"), std::string::npos) << failed;
  EXPECT_EQ(failed.err.find(kKey), std::string::npos) << failed;
}

TEST_F(GlobalTest, WithoutVerboseNothingButTheResultIsPrinted) {
  const std::string id = create_workflow("quiet");
  const Outcome r = moi({"workflow", "get", id});
  EXPECT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.err, "");
}

TEST_F(GlobalTest, HttpErrorExits1WithOneLine) {
  const Outcome r = moi({"workflow", "get", "no-such-workflow"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_EQ(r.out, "");
  // With the request id the answer is known by (here the one the SDK sent).
  EXPECT_EQ(r.err.rfind("moi: HTTP 404: workflow not found (request id ", 0), 0u) << r;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
}

TEST_F(GlobalTest, HttpErrorNamesTheServersRequestId) {
  TestServer server;
  CannedResponse answer;
  answer.status = 404;
  answer.body = R"({"detail":"job not found"})";
  answer.headers = {{"X-Request-ID", "srv-7781"}};
  server.set_default(answer);
  const Outcome r = moi({"--base-url", server.base_url(), "job", "get", "J"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_EQ(r.err, "moi: HTTP 404: job not found (request id srv-7781)\n") << r;
}

TEST_F(GlobalTest, ServiceErrorExits1WithTheServiceRequestId) {
  TestServer server;
  CannedResponse answer;
  answer.body = R"({"code":"WORKFLOW_BUSY","msg":"try later","request_id":"req-42"})";
  server.set_default(answer);
  const Outcome r = moi({"--base-url", server.base_url(), "workflow", "stop", "W"});
  EXPECT_EQ(r.code, kExitService) << r;
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r;
  EXPECT_NE(r.err.find("WORKFLOW_BUSY"), std::string::npos) << r;
  EXPECT_NE(r.err.find("try later"), std::string::npos) << r;
  EXPECT_NE(r.err.find("req-42"), std::string::npos) << r;
}

TEST_F(GlobalTest, UndecodableAnswerExits1) {
  TestServer server;
  server.set_default(moi::testing::canned_ok(Json{{"job_id", "J"}, {"status", "done"}}));
  const Outcome r = moi({"--base-url", server.base_url(), "job", "status", "J"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_NE(r.err.find("data.status"), std::string::npos) << r;
}

TEST_F(GlobalTest, ConnectionRefusedExits3AfterRetries) {
  int port = 0;
  {
    TestServer closed;  // a loopback port nobody listens on once it stops
    port = closed.port();
  }
  const Outcome r = moi({"--base-url", "http://127.0.0.1:" + std::to_string(port), "job", "list"});
  EXPECT_EQ(r.code, kExitTransport) << r;
  EXPECT_EQ(r.out, "");
  // One line, after the retries, naming the request id the SDK sent.
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r;
  EXPECT_EQ(r.err.rfind("moi: GET http://127.0.0.1:", 0), 0u) << r;
  EXPECT_NE(r.err.find("(request id "), std::string::npos) << r;

  // --verbose also shows each retry.
  const Outcome verbose =
      moi({"--verbose", "--base-url", "http://127.0.0.1:" + std::to_string(port), "job", "list"});
  EXPECT_EQ(verbose.code, kExitTransport) << verbose;
  EXPECT_NE(verbose.err.find("retry_in_ms="), std::string::npos) << verbose;
}

TEST_F(GlobalTest, RequestTimeoutExits3) {
  TestServer server;
  CannedResponse stall;
  stall.stall = true;
  server.set_default(stall);
  // A create is never retried, so one 50 ms attempt decides.
  const Outcome r = moi({"--base-url", server.base_url(), "--timeout", "0.05", "workflow", "create",
                         "--json", workflow_body("slow").dump()});
  EXPECT_EQ(r.code, kExitTransport) << r;
  EXPECT_NE(r.err.find("outcome unknown"), std::string::npos) << r;
  server.stop();
}

TEST_F(GlobalTest, CompactPrintsOneLine) {
  const std::string id = create_workflow("compact");
  const Outcome pretty = moi({"workflow", "get", id});
  const Outcome compact = moi({"workflow", "get", id, "--compact"});
  EXPECT_EQ(compact.code, kExitOk) << compact;
  EXPECT_EQ(lines_of(compact.out).size(), 1u) << compact;
  EXPECT_GT(lines_of(pretty.out).size(), 10u) << pretty;
  EXPECT_EQ(compact.json(), pretty.json());
  EXPECT_EQ(pretty.out.substr(0, 5), "{\n  \"");
}

}  // namespace
}  // namespace moi::cli::testing
