// SPDX-License-Identifier: Apache-2.0
// export actions (E1-E6) and `export wait` against the emulator.
#include "cli_fixture.hpp"

namespace moi::cli::testing {
namespace {

class ExportTest : public CliTest {};

TEST_F(ExportTest, CreatePrintsTheTaskAndTheTaskIsListed) {
  const Outcome r = moi({"export", "create", "--json", export_body("nightly", {"a.pdf"}).dump()});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["name"], "nightly");
  EXPECT_EQ(emu().request_count("E1"), 1u);
  const Outcome list = moi({"export", "list"});
  ASSERT_EQ(list.code, kExitOk) << list;
  EXPECT_EQ(list.json()["total"], 1);
  EXPECT_EQ(list.json()["tasks"][0]["name"], "nightly");
}

TEST_F(ExportTest, ListWithABodyAllAndTable) {
  for (int i = 0; i < 5; ++i) create_export("task-" + std::to_string(i), {"a.pdf"});
  Outcome r = moi({"export", "list", "--json", R"({"limit":2,"order_direction":"asc"})"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["total"], 5);
  ASSERT_EQ(r.json()["tasks"].size(), 2u);
  EXPECT_EQ(r.json()["tasks"][0]["name"], "task-0");

  emu().reset_counts();
  r = moi({"export", "list", "--all", "--json", R"({"limit":2})"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json().size(), 5u);
  EXPECT_EQ(emu().request_count("E2"), 3u);

  r = moi({"export", "list", "--all", "--output", "table"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(lines_of(r.out).size(), 6u) << r;
  EXPECT_NE(r.out.find("matrixone"), std::string::npos) << r;
}

TEST_F(ExportTest, GetShowsConfigAndFileStats) {
  const std::string task = create_export("info", {"a.pdf", "b.pdf"});
  const Outcome r = moi({"export", "get", task});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json info = r.json();
  EXPECT_EQ(info["id"], task);
  EXPECT_EQ(info["config"]["mo_config"]["table_name"], "documents");
  EXPECT_EQ(info["file_stats"]["total"], 2);
}

TEST_F(ExportTest, FilesPageAllAndTable) {
  const std::string task = create_export("files", {"a.pdf", "b.pdf", "c.pdf"});
  emu().advance(5000ms);
  Outcome r = moi({"export", "files", task});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["files"].size(), 3u);
  EXPECT_EQ(r.json()["total_success"], 3);

  emu().reset_counts();
  r = moi({"export", "files", task, "--all", "--json", R"({"limit":1})"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json().size(), 3u);
  EXPECT_EQ(emu().request_count("E4"), 3u);

  r = moi({"export", "files", task, "--output", "table", "--json",
           R"({"order_by":"file_name","order_direction":"asc"})"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 4u) << r;
  EXPECT_NE(lines[1].find("a.pdf"), std::string::npos) << r;
  EXPECT_NE(lines[1].find("succeeded"), std::string::npos) << r;
}

TEST_F(ExportTest, RerunExportsFailedFilesAgain) {
  const std::string task = create_export("rerun", {"a.pdf", "b-fail.pdf"});
  emu().advance(5000ms);
  EXPECT_EQ(moi({"export", "get", task}).json()["file_stats"]["failed"], 1);
  const Outcome r = moi({"export", "rerun", task});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "");
  emu().advance(5000ms);
  EXPECT_EQ(moi({"export", "get", task}).json()["file_stats"]["failed"], 0);
}

TEST_F(ExportTest, DeleteRemovesTheTask) {
  const std::string task = create_export("gone", {"a.pdf"});
  const Outcome r = moi({"export", "delete", task});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(moi({"export", "get", task}).code, kExitService);
  EXPECT_EQ(moi({"export", "list"}).json()["total"], 0);
}

TEST_F(ExportTest, WaitForATaskThatCompletes) {
  const std::string task = create_export("wait-ok", {"a.pdf", "b.pdf"});
  const Outcome r = moi({"export", "wait", task});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["file_stats"]["completed"], 2);
  const auto lines = lines_of(r.err);
  ASSERT_GE(lines.size(), 2u) << r;
  EXPECT_NE(lines.front().find("export " + task + ": running 0%"), std::string::npos) << r;
  EXPECT_NE(lines.back().find(": completed 100% (completed 2, failed 0 of 2)"), std::string::npos)
      << r;
}

TEST_F(ExportTest, WaitForATaskWithFailedFilesExits4) {
  const std::string task = create_export("wait-fail", {"a.pdf", "b-fail.pdf", "c.pdf"});
  const Outcome r = moi({"export", "wait", task});
  EXPECT_EQ(r.code, kExitWaitFailed) << r;
  EXPECT_EQ(r.json()["file_stats"]["failed"], 1);
  const auto lines = lines_of(r.err);
  ASSERT_GE(lines.size(), 2u) << r;
  EXPECT_NE(lines[lines.size() - 2].find("failed 100% (completed 2, failed 1 of 3)"),
            std::string::npos)
      << r;
  EXPECT_EQ(lines.back(), "moi: export " + task + " finished with 1 failed file(s)") << r;

  // After a rerun (the file fails only once) the wait succeeds.
  ASSERT_EQ(moi({"export", "rerun", task}).code, kExitOk);
  EXPECT_EQ(moi({"export", "wait", task}).code, kExitOk);
}

TEST_F(ExportTest, WaitTimeoutExits3) {
  const std::string task = create_export("wait-slow", {"a.pdf", "b.pdf", "c.pdf"});
  const Outcome r = moi({"export", "wait", task, "--timeout", "1.5"});
  EXPECT_EQ(r.code, kExitTransport) << r;
  EXPECT_NE(r.err.find("gave up waiting after 1500 ms"), std::string::npos) << r;
}

}  // namespace
}  // namespace moi::cli::testing
