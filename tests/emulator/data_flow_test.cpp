// SPDX-License-Identifier: Apache-2.0
// Uploaded files flowing into workflows, jobs and exports; process modes; durability.
#include <filesystem>
#include <fstream>

#include "data_fixture.hpp"

namespace moi::emulator::testing {
namespace {

namespace fs = std::filesystem;
using EmulatorDataFlowTest = DataTest;

json workflow_over(const std::string& volume_id, std::int64_t interval, bool id_as_number) {
  json ids = json::array();
  if (id_as_number) {
    ids.push_back(std::stoull(volume_id));
  } else {
    ids.push_back(volume_id);
  }
  return json{{"source_volume_ids", ids},
              {"source_volume_names", {"origin"}},
              {"process_mode", {{"interval", interval}, {"offset", 0}}}};
}

std::vector<std::string> names_of(const json& files) {
  std::vector<std::string> out;
  for (const auto& f : files["files"]) out.push_back(f["file_name"]);
  return out;
}

std::vector<std::string> jobs_of(Api& api, const std::string& workflow_id) {
  Resp r =
      api.get("/workflow_job",
              {{"workflow_id", workflow_id}, {"sort_field", "created_at"}, {"sort_order", "asc"}});
  EXPECT_TRUE(r.ok()) << r.raw;
  std::vector<std::string> out;
  for (const auto& j : r.data()["jobs"]) out.push_back(j["id"]);
  return out;
}

TEST_F(EmulatorDataFlowTest, WorkflowOverAVolumeProcessesExactlyTheUploadedFilesAndExportsThem) {
  const std::string volume = make_volume();
  json up = upload(volume, {{"a.pdf", "%PDF"}, {"b.docx", "PK"}, {"c.md", "# c"}});
  emu().advance(2000ms);
  const json listed = files_of(volume);
  ASSERT_EQ(listed["total"], 3);

  // Volume id as a JSON number (exact, 19 digits).
  json wf = create_workflow("over-volume", workflow_over(volume, 0, true));
  EXPECT_EQ(wf["source_volume_ids"], "[\"" + volume + "\"]");
  const std::string job = job_of(wf["id"]);
  emu().advance(3000ms);
  EXPECT_EQ(job_status(job)["status"], 2);
  json files = job_files(job);
  ASSERT_EQ(files["total"], 3) << files;
  EXPECT_EQ(names_of(files), (std::vector<std::string>{"a.pdf", "b.docx", "c.md"}));
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(files["files"][i]["source_id"], listed["list"][i]["id"]);
  }
  EXPECT_EQ(files["files"][1]["file_type"], 11);

  // Export those files to MatrixOne with the ids and paths the file list gives.
  json body = export_body("to-mo", {});
  body["files"] = json::array();
  for (const auto& f : listed["list"]) {
    body["files"].push_back(
        json{{"file_id", f["id"]}, {"full_path", {"origin", f["name"]}}, {"is_raw", true}});
  }
  Resp created = api().post("/export/task/create", body);
  ASSERT_TRUE(created.ok()) << created.raw;
  const std::string task = task_named("to-mo");
  emu().advance(5000ms);
  Resp exported =
      api().post("/export/task/files",
                 json{{"task_id", task}, {"order_by", "file_name"}, {"order_direction", "asc"}});
  ASSERT_TRUE(exported.ok()) << exported.raw;
  ASSERT_EQ(exported.data()["total"], 3);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(exported.data()["files"][i]["file_id"], listed["list"][i]["id"]);
    EXPECT_EQ(exported.data()["files"][i]["file_name"], listed["list"][i]["name"]);
    EXPECT_EQ(exported.data()["files"][i]["status"], 2);
  }
}

TEST_F(EmulatorDataFlowTest, VolumeIdAsStringAndEmptyOrUnknownVolumesKeepSimulatedFiles) {
  const std::string volume = make_volume();
  upload(volume, {{"only.txt", "text"}});
  emu().advance(1000ms);
  json wf = create_workflow("string-id", workflow_over(volume, 0, false));
  EXPECT_EQ(names_of(job_files(job_of(wf["id"]))), std::vector<std::string>{"only.txt"});

  const std::string empty = make_volume("empty");
  json sim = create_workflow("empty-volume", workflow_over(empty, 0, false));
  EXPECT_EQ(job_files(job_of(sim["id"]))["total"], 3);  // simulated files
  json unknown = create_workflow("unknown");            // the fixture's volume id is unknown
  EXPECT_EQ(job_files(job_of(unknown["id"]))["files"][0]["file_name"], "b-vol1-doc-01.pdf");
  // Explicit files win over the volume's.
  json over = workflow_over(volume, 0, false);
  over["files"] = json::array({json{{"file_name", "explicit.pdf"}}});
  json ex = create_workflow("explicit", over);
  EXPECT_EQ(names_of(job_files(job_of(ex["id"]))), std::vector<std::string>{"explicit.pdf"});
}

TEST_F(EmulatorDataFlowTest, TriggeredWorkflowStartsAJobWhenNewFilesFinishLoading) {
  const std::string volume = make_volume();
  upload(volume, {{"first.txt", "1"}});
  emu().advance(1000ms);
  json wf = create_workflow("triggered", workflow_over(volume, -1, false));
  const std::string id = wf["id"];
  ASSERT_EQ(jobs_of(api(), id).size(), 1u);  // the run at create, over first.txt
  emu().advance(60s);
  EXPECT_EQ(jobs_of(api(), id).size(), 1u);  // nothing new: no job

  upload(volume, {{"second.pdf", "2"}, {"third.md", "3"}, {"broken.xyz", "?"}});
  emu().advance(1000ms);  // two of three loaded: the task has not finished yet
  EXPECT_EQ(jobs_of(api(), id).size(), 1u);
  emu().advance(1000ms);
  auto jobs = jobs_of(api(), id);
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(names_of(job_files(jobs[1])), (std::vector<std::string>{"second.pdf", "third.md"}));
  // Started when the load task finished (1.5 s after the upload), not when asked.
  Resp job = api().get("/workflow_job/" + jobs[1]);
  EXPECT_EQ(job.data()["start_time"], "2025-05-30T09:47:00");  // 09:45:58 + 61 s + 1.5 s, floored

  // Stopped: no more triggers; rerun resumes them.
  ASSERT_TRUE(api().put_empty("/workflow_meta/" + id + "/stop").ok());
  upload(volume, {{"fourth.txt", "4"}});
  emu().advance(5000ms);
  EXPECT_EQ(jobs_of(api(), id).size(), 2u);
  ASSERT_TRUE(api().put_empty("/workflow_meta/" + id + "/rerun").ok());
  jobs = jobs_of(api(), id);
  ASSERT_EQ(jobs.size(), 3u);  // the rerun's job, over every file of the volume
  EXPECT_EQ(job_files(jobs[2])["total"], 4);
  upload(volume, {{"fifth.txt", "5"}});
  emu().advance(1000ms);
  jobs = jobs_of(api(), id);
  ASSERT_EQ(jobs.size(), 4u);
  EXPECT_EQ(names_of(job_files(jobs[3])), std::vector<std::string>{"fifth.txt"});
}

TEST_F(EmulatorDataFlowTest, PeriodicWorkflowRunsEveryIntervalOverUnprocessedFiles) {
  const std::string volume = make_volume();
  json wf = create_workflow("periodic", workflow_over(volume, 10, false));  // every 10 minutes
  const std::string id = wf["id"];
  ASSERT_EQ(jobs_of(api(), id).size(), 1u);  // at create (simulated files: the volume is empty)
  upload(volume, {{"a.txt", "a"}, {"b.txt", "b"}});
  emu().advance(std::chrono::minutes(9));
  EXPECT_EQ(jobs_of(api(), id).size(), 1u);
  emu().advance(std::chrono::minutes(1) + 1s);  // creation times are a few ms past the clock
  auto jobs = jobs_of(api(), id);
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(names_of(job_files(jobs[1])), (std::vector<std::string>{"a.txt", "b.txt"}));
  // A tick without new files starts nothing; files uploaded later go to the next tick.
  emu().advance(std::chrono::minutes(10));
  EXPECT_EQ(jobs_of(api(), id).size(), 2u);
  upload(volume, {{"c.txt", "c"}});
  emu().advance(std::chrono::minutes(25));  // ticks at 30 (c) and 40 (nothing)
  jobs = jobs_of(api(), id);
  ASSERT_EQ(jobs.size(), 3u);
  EXPECT_EQ(names_of(job_files(jobs[2])), std::vector<std::string>{"c.txt"});
  EXPECT_EQ(api().get("/workflow_job/" + jobs[2]).data()["start_time"], "2025-05-30T10:15:58");

  ASSERT_TRUE(api().put_empty("/workflow_meta/" + id + "/stop").ok());
  upload(volume, {{"d.txt", "d"}});
  emu().advance(std::chrono::minutes(60));
  EXPECT_EQ(jobs_of(api(), id).size(), 3u);
}

TEST_F(EmulatorDataFlowTest, EverythingSurvivesARestartWithTheStateFile) {
  const fs::path dir = fs::temp_directory_path() / ("moi-emu-data-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  EmulatorOptions o = test_options();
  o.state_file = (dir / "state.json").string();
  restart_with(o);
  const std::string volume = make_volume();
  const std::string bytes = std::string("binary\0data\r\n", 13) + std::string(1000, 'z');
  json up = upload(volume, {{"keep.pdf", bytes, "application/pdf"}});
  ASSERT_TRUE(root_ok(root().post(
      "/connectors",
      json{{"name", "mo"},
           {"source_type", 3},
           {"mo", {{"host", "h"}, {"port", 1}, {"username", "u"}, {"password", "p"}}}})));
  json wf = create_workflow("after-restart", workflow_over(volume, -1, false));
  const std::string file_id = up["file_id"];
  // Its bytes: one file (a new random name, not the file id) in the uploads directory.
  auto blobs = [&] { return std::distance(fs::directory_iterator(dir / "state.json.files"), {}); };
  EXPECT_EQ(blobs(), 1);
  const std::int64_t now = emu().now_ms();

  o.manual_clock_start = std::chrono::milliseconds(now + 1000);
  restart_with(o);  // a new emulator on the same state file
  json listed = files_of(volume);
  ASSERT_EQ(listed["total"], 1) << listed;
  EXPECT_EQ(listed["list"][0]["id"], file_id);
  Resp link = root().post("/catalog/file/download", json{{"file_id", file_id}});
  ASSERT_TRUE(root_ok(link)) << link.raw;
  const std::string url = link.data()["link"];
  auto got = httplib::Client("127.0.0.1", emu().port()).Get(url.substr(emu().base_url().size()));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->body, bytes);
  Resp task = root().get("/task/get", {{"task_id", up["task_id"].get<std::string>()}});
  EXPECT_EQ(task.data()["task"]["status"], 4);
  Resp connectors = root().get("/connectors/list");
  EXPECT_EQ(connectors.data()["total"], 1);
  // The triggered workflow's state survived too: the upload made before the restart
  // (loaded after the workflow was created) started a job.
  EXPECT_EQ(jobs_of(api(), wf["id"]).size(), 2u);
  // Ids continue: the next volume id is larger than the first.
  EXPECT_GT(make_volume("second"), volume);
  // Deleting the file removes its bytes.
  ASSERT_TRUE(root_ok(root().post("/catalog/file/delete", json{{"id", file_id}})));
  EXPECT_EQ(blobs(), 0);
  root_.reset();
  emu_.reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace moi::emulator::testing
