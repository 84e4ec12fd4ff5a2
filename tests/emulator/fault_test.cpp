// SPDX-License-Identifier: Apache-2.0
// Fault injection: queued and random 503/429 with Retry-After, dropped connections, latency.
#include "emulator_fixture.hpp"

namespace moi::emulator::testing {
namespace {

using EmulatorFaultTest = EmulatorTest;

TEST_F(EmulatorFaultTest, Injected503CarriesRetryAfterAndIsNotProcessed) {
  FaultOptions f = emu().faults();
  f.retry_after_seconds = 2;
  emu().set_faults(f);
  emu().inject(Fault::k503, 1, Endpoint::kW1CreateWorkflow);
  EXPECT_TRUE(api().get("/workflow_meta").ok());  // other endpoints do not consume it
  Resp r = api().post("/workflow_meta", workflow_body("wf"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, json({{"detail", "Service Unavailable (injected)"}}));
  EXPECT_EQ(r.header("Retry-After"), "2");
  EXPECT_EQ(api().get("/workflow_meta").data()["total"], 0);
  EXPECT_TRUE(api().post("/workflow_meta", workflow_body("wf")).ok());
  EXPECT_EQ(emu().request_count(Endpoint::kW1CreateWorkflow), 2u);
  EXPECT_EQ(emu().faults_injected(), 1u);
}

TEST_F(EmulatorFaultTest, QueuedFaultsHitTheNextRequestsInOrder) {
  emu().inject(Fault::k429, 2);
  emu().inject(Fault::k503);
  EXPECT_EQ(api().get("/workflow_meta").status, 429);
  Resp r = api().get("/workflow_job");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("Retry-After"), "1");
  EXPECT_EQ(api().get("/workflow_meta").status, 503);
  EXPECT_EQ(api().get("/workflow_meta").status, 200);
  emu().inject(Fault::k503, 5);
  emu().clear_injected();
  EXPECT_EQ(api().get("/workflow_meta").status, 200);
}

TEST_F(EmulatorFaultTest, DropCutsTheResponseButTheChangeIsMade) {
  emu().inject(Fault::kDrop, 1, Endpoint::kW1CreateWorkflow);
  Resp r = api().post("/workflow_meta", workflow_body("wf"));
  EXPECT_EQ(r.status, 0);  // no complete HTTP answer
  EXPECT_NE(r.error, httplib::Error::Success);
  EXPECT_EQ(api().get("/workflow_meta").data()["total"], 1);
  EXPECT_EQ(emu().faults_injected(), 1u);
}

TEST_F(EmulatorFaultTest, DroppedBodyIsShorterThanItsContentLength) {
  emu().inject(Fault::kDrop);
  httplib::Client raw("127.0.0.1", emu().port());
  std::string received;
  std::size_t declared = 0;
  auto res = raw.Get(
      "/byoa/api/v1/workflow_meta", httplib::Headers{{"moi-key", kKey}},
      [&](const httplib::Response& response) {
        declared = std::stoul(response.get_header_value("Content-Length"));
        return true;
      },
      [&](const char* data, std::size_t n) {
        received.append(data, n);
        return true;
      });
  EXPECT_FALSE(res);
  EXPECT_GT(declared, 0u);
  EXPECT_LT(received.size(), declared);
}

TEST_F(EmulatorFaultTest, RandomFaultsFollowTheSeed) {
  auto run = [&] {
    EmulatorOptions o = test_options();
    o.faults.error_rate_503 = 0.3;
    o.faults.error_rate_429 = 0.2;
    restart(o);
    std::vector<int> statuses;
    for (int i = 0; i < 40; ++i) statuses.push_back(api().get("/workflow_meta").status);
    return statuses;
  };
  std::vector<int> first = run();
  EXPECT_EQ(run(), first);
  auto count = [&](int s) { return std::count(first.begin(), first.end(), s); };
  EXPECT_GT(count(503), 0);
  EXPECT_GT(count(429), 0);
  EXPECT_GT(count(200), 0);
  EXPECT_EQ(count(200) + count(503) + count(429), 40);
}

TEST_F(EmulatorFaultTest, RandomFaultsCanBeLimitedToEndpointsAndSwitchedOff) {
  FaultOptions f;
  f.error_rate_503 = 1.0;
  f.only = {Endpoint::kJ5GetJobStatus};
  emu().set_faults(f);
  std::string job = job_of(create_workflow("wf")["id"]);
  EXPECT_EQ(api().get("/workflow_job/" + job + "/status").status, 503);
  emu().set_faults(FaultOptions{});
  EXPECT_EQ(api().get("/workflow_job/" + job + "/status").status, 200);
}

TEST_F(EmulatorFaultTest, LatencyIsAdded) {
  FaultOptions f;
  f.latency = 60ms;
  emu().set_faults(f);
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(api().get("/workflow_meta").ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 60ms);
}

}  // namespace
}  // namespace moi::emulator::testing
