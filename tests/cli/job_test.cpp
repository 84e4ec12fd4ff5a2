// SPDX-License-Identifier: Apache-2.0
// job actions (J1-J5) and `job wait` against the emulator. The waits "sleep" by moving the
// emulator's manual clock, so a 3-second job finishes without real time passing.
#include <algorithm>

#include "cli_fixture.hpp"

namespace moi::cli::testing {
namespace {

class JobTest : public CliTest {};

TEST_F(JobTest, ListPageAndAll) {
  for (const char* name : {"a", "b", "c"}) create_workflow(name);
  Outcome r = moi({"job", "list"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["total"], 3);
  EXPECT_EQ(r.json()["jobs"].size(), 3u);

  emu().reset_counts();
  r = moi({"job", "list", "--all", "--json", R"({"page_size":1,"sort_order":"asc"})"});
  ASSERT_EQ(r.code, kExitOk) << r;
  ASSERT_EQ(r.json().size(), 3u);
  EXPECT_EQ(r.json()[0]["name"], "a");
  EXPECT_EQ(r.json()[2]["name"], "c");
  EXPECT_EQ(emu().request_count("J1"), 3u);

  r = moi({"job", "list", "--output", "table"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(lines_of(r.out).size(), 4u) << r;
  EXPECT_NE(r.out.find("WORKFLOW_ID"), std::string::npos) << r;
}

TEST_F(JobTest, GetShowsTheJobRecord) {
  const std::string wf = create_workflow("job-get");
  const std::string job = job_of(wf);
  const Outcome r = moi({"job", "get", job});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["id"], job);
  EXPECT_EQ(r.json()["workflow_meta_id"], wf);
  EXPECT_EQ(r.json()["status"], 1);
}

TEST_F(JobTest, FilesPageAllAndTable) {
  const std::string job = job_of(create_workflow("files"));
  emu().advance(1500ms);  // first file done, second processing, third pending
  Outcome r = moi({"job", "files", job});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json page = r.json();
  EXPECT_EQ(page["files"].size(), 3u);
  EXPECT_EQ(page["total"], 3);
  EXPECT_EQ(page["completed"], 1);
  EXPECT_EQ(page["processing"], 1);
  EXPECT_EQ(page["pending"], 1);

  emu().reset_counts();
  r = moi({"job", "files", job, "--all", "--json", R"({"page_size":2})"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json().size(), 3u);
  EXPECT_EQ(emu().request_count("J3"), 2u);

  r = moi({"job", "files", job, "--json", R"({"statuses":[2]})", "--output", "table"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r;
  EXPECT_EQ(lines[0].rfind("ID", 0), 0u);
  EXPECT_NE(lines[0].find("FILE_NAME"), std::string::npos);
  EXPECT_NE(lines[1].find("b-vol1-doc-01"), std::string::npos) << r;
}

TEST_F(JobTest, StatusShowsProgress) {
  const std::string job = job_of(create_workflow("status"));
  emu().advance(1000ms);
  const Outcome r = moi({"job", "status", job});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["job_id"], job);
  EXPECT_EQ(r.json()["status"], 1);
  EXPECT_EQ(r.json()["progress"], 33);

  const Outcome table = moi({"job", "status", job, "--output", "table"});
  ASSERT_EQ(table.code, kExitOk) << table;
  EXPECT_EQ(lines_of(table.out)[0].rfind("FIELD", 0), 0u) << table;
  EXPECT_NE(table.out.find("progress"), std::string::npos) << table;
}

TEST_F(JobTest, RetryAFailedFileThenItCompletes) {
  const std::string job = job_of(create_workflow("retry", {"a.pdf", "report-fail.pdf", "c.pdf"}));
  emu().advance(3000ms);
  Outcome r = moi({"job", "files", job, "--json", R"({"statuses":[3]})"});
  ASSERT_EQ(r.code, kExitOk) << r;
  ASSERT_EQ(r.json()["files"].size(), 1u) << r;
  const std::string file = r.json()["files"][0]["id"];
  EXPECT_EQ(moi({"job", "status", job}).json()["status"], 3);

  r = moi({"job", "retry", job, "--json", Json{{"files", {file}}}.dump()});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(emu().request_count("J4"), 1u);
  emu().advance(1000ms);
  EXPECT_EQ(moi({"job", "status", job}).json()["status"], 2);
}

TEST_F(JobTest, WaitForAJobThatCompletes) {
  const std::string job = job_of(create_workflow("wait-ok"));
  const Outcome r = moi({"job", "wait", job});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["status"], 2);
  EXPECT_EQ(r.json()["progress"], 100);
  // One line per change, the last one the final state.
  const auto lines = lines_of(r.err);
  ASSERT_GE(lines.size(), 2u) << r;
  EXPECT_NE(lines.front().find("job " + job + ": running"), std::string::npos) << r;
  EXPECT_NE(lines.back().find(": completed 100% (completed 3, failed 0 of 3)"), std::string::npos)
      << r;
  for (std::size_t i = 1; i < lines.size(); ++i) EXPECT_NE(lines[i], lines[i - 1]);
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << r;
}

TEST_F(JobTest, WaitForAJobThatFailsExits4) {
  const std::string job = job_of(create_workflow("wait-fail", {"ok.pdf", "x-fail-always.pdf"}));
  const Outcome r = moi({"job", "wait", job});
  EXPECT_EQ(r.code, kExitWaitFailed) << r;
  EXPECT_EQ(r.json()["status"], 3);
  const auto lines = lines_of(r.err);
  ASSERT_GE(lines.size(), 2u) << r;
  EXPECT_NE(lines[lines.size() - 2].find("failed 100% (completed 1, failed 1 of 2)"),
            std::string::npos)
      << r;
  EXPECT_EQ(lines.back(), "moi: job " + job + " failed: 1 of 2 files failed.") << r;

  // Retrying cannot help a file that always fails: the next wait fails again.
  const Outcome files = moi({"job", "files", job, "--json", R"({"statuses":[3]})"});
  const std::string file = files.json()["files"][0]["id"];
  ASSERT_EQ(moi({"job", "retry", job, "--json", Json{{"files", {file}}}.dump()}).code, kExitOk);
  EXPECT_EQ(moi({"job", "wait", job}).code, kExitWaitFailed);
}

TEST_F(JobTest, WaitDrawsABarOnATerminal) {
  tty_ = true;
  const std::string job = job_of(create_workflow("wait-tty"));
  const Outcome r = moi({"job", "wait", job});
  ASSERT_EQ(r.code, kExitOk) << r;
  // Each frame erases the line and redraws it; the bar names the id's first 8 characters.
  EXPECT_NE(r.err.find("\r\033[Kjob " + job.substr(0, 8) + " [--------------------]   0%"),
            std::string::npos)
      << r;
  EXPECT_NE(r.err.find("[####################] 100%  completed 3  failed 0 of 3"),
            std::string::npos)
      << r;
  EXPECT_EQ(r.err.back(), '\n');          // the bar's line is ended
  EXPECT_EQ(lines_of(r.err).size(), 1u);  // everything else was redrawn in place
  // A frame that wrapped on an 80-column terminal could not be redrawn in place.
  std::size_t longest = 0;
  std::size_t start = 0;
  for (std::size_t end; (end = r.err.find_first_of("\r\n", start)) != std::string::npos;
       start = end + 1) {
    longest = std::max(longest, end - start);
  }
  EXPECT_LE(longest, 80u + 3) << r;  // + the 3-byte erase-line sequence
  EXPECT_EQ(r.json()["status"], 2);
}

TEST_F(JobTest, WaitTimeoutExits3) {
  const std::string job = job_of(create_workflow("wait-slow"));
  const Outcome r = moi({"job", "wait", job, "--timeout", "1"});
  EXPECT_EQ(r.code, kExitTransport) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(lines_of(r.err).back().find("gave up waiting after 1000 ms"), std::string::npos) << r;
}

TEST_F(JobTest, MissingJobIsAServiceError) {
  const Outcome r = moi({"job", "wait", "no-such-job"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_NE(r.err.find("HTTP 404"), std::string::npos) << r;
}

}  // namespace
}  // namespace moi::cli::testing
