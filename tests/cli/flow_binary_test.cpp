// SPDX-License-Identifier: Apache-2.0
// The newcomer's whole flow (issue 21) through the real `moi` program against an emulator
// served over HTTP on the wall clock: a catalog > database > volume tree, a directory uploaded
// with --recursive, a workflow built from flags that waits for its first job and prints its
// id, `job wait --workflow`, an S3 connector created from --json, an export filled from the
// job's files that prints its task id, ids printed as strings, and the warning for a second
// file of one name. Every invocation's exit code and output are checked, and the invocations
// and the values a script would have to pull out of JSON (jq) are counted.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "cli_fixture.hpp"
#include "moi_process.hpp"

namespace moi::cli::testing {
namespace {

namespace fs = std::filesystem;

class FlowBinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    moi::emulator::EmulatorOptions options;
    options.api_key = kKey;
    options.seed = 21;
    options.behavior.file_duration = std::chrono::milliseconds(5);
    options.behavior.load_duration = std::chrono::milliseconds(5);
    options.threads = 4;
    emu_ = std::make_unique<moi::emulator::Emulator>(options);
    emu_->start();
    dir_ = fs::temp_directory_path() / ("moi-flow-binary-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "docs" / "sub");
    std::ofstream(dir_ / "docs" / "a.txt") << "Contracts are agreements.\n";
    std::ofstream(dir_ / "docs" / "b.md") << "# Terms\n\nPayment within 30 days.\n";
    std::ofstream(dir_ / "docs" / "sub" / "c.txt") << "Annex: delivery terms.\n";
  }

  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // Runs `moi ARGS` (counted as one invocation of the flow).
  Outcome moi(const std::vector<std::string>& args) {
    ++invocations_;
    MoiProcess process(args,
                       {"MOI_BASE_URL=" + emu_->base_url(), std::string("MOI_API_KEY=") + kKey,
                        "HOME=" + dir_.string(), "LC_ALL=C"});
    EXPECT_TRUE(process.spawned());
    Outcome run;
    run.code = process.wait(std::chrono::seconds(60));
    run.out = process.out();
    run.err = process.err();
    return run;
  }

  // A value a shell script would take out of the JSON output with jq.
  std::string pick(const Outcome& run, const std::string& key) {
    ++jq_uses_;
    const Json value = run.json().value(key, Json());
    EXPECT_TRUE(value.is_string()) << key << " is not a string: " << run;
    return value.is_string() ? value.get<std::string>() : "";
  }

  moi::Client sdk() const {
    moi::ClientOptions options;
    options.base_url = emu_->base_url();
    options.api_key = kKey;
    return moi::Client(options);
  }

  std::unique_ptr<moi::emulator::Emulator> emu_;
  fs::path dir_;
  int invocations_ = 0;
  int jq_uses_ = 0;
};

// Every `id`, `*_id` and `*_ids` value in @p value is a string (issue 21, item 11).
void expect_string_ids(const Json& value, const std::string& where) {
  if (value.is_array()) {
    for (const Json& item : value) expect_string_ids(item, where);
    return;
  }
  if (!value.is_object()) return;
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string& key = it.key();
    const bool id = key == "id" || (key.size() > 3 && key.compare(key.size() - 3, 3, "_id") == 0);
    const bool ids = key.size() > 4 && key.compare(key.size() - 4, 4, "_ids") == 0;
    if (id && !it->is_null()) {
      EXPECT_TRUE(it->is_string()) << where << ": " << key << " " << *it;
    }
    if (ids && it->is_array()) {
      for (const Json& item : *it) {
        EXPECT_TRUE(item.is_string()) << where << ": " << key;
      }
    }
    expect_string_ids(*it, where);
  }
}

TEST_F(FlowBinaryTest, TheNewcomersFlowRunsThroughTheProgram) {
  // 1-3: the tree. Each create prints its id as a string.
  Outcome r = moi({"catalog", "create", "docs", "--description", "Documents to process"});
  ASSERT_EQ(r.code, 0) << r;
  const std::string catalog_id = pick(r, "id");
  r = moi({"database", "create", catalog_id, "main"});
  ASSERT_EQ(r.code, 0) << r;
  const std::string database_id = pick(r, "id");
  r = moi({"volume", "create", database_id, "inbox"});
  ASSERT_EQ(r.code, 0) << r;
  const std::string volume_id = pick(r, "id");
  ASSERT_FALSE(volume_id.empty());

  // 4: a directory, recursively: files at the root, the subdirectory as a folder.
  r = moi({"file", "upload", volume_id, (dir_ / "docs").string(), "--recursive"});
  ASSERT_EQ(r.code, 0) << r;
  const Json uploaded = r.json();
  ASSERT_TRUE(uploaded.is_object()) << r;  // one directory: its record
  EXPECT_EQ(uploaded["uploaded"], 3) << r;
  EXPECT_EQ(uploaded["failed"], 0) << r;
  EXPECT_EQ(uploaded["folders_created"], Json::array({"sub"})) << r;
  std::set<std::string> paths;
  for (const Json& file : uploaded["files"]) {
    paths.insert(file.value("path", ""));
    EXPECT_EQ(file["outcome"], "uploaded") << r;
  }
  EXPECT_EQ(paths, (std::set<std::string>{"a.txt", "b.md", "sub/c.txt"}));
  expect_string_ids(uploaded, "file upload");

  // 5: a workflow from flags, the splitter at 300 words with 30 of overlap; --wait waits for
  // its first job and prints both ids.
  r = moi({"workflow", "create", "--name", "contracts", "--volume", volume_id,
           "--target-volume-name", "contracts-out", "--split-by", "word", "--split-length", "300",
           "--split-overlap", "30", "--wait", "--timeout", "60"});
  ASSERT_EQ(r.code, 0) << r;
  const std::string workflow_id = pick(r, "id");
  const std::string job_id = pick(r, "job_id");
  ASSERT_FALSE(job_id.empty()) << r;
  EXPECT_EQ(r.json()["job"]["job_id"], job_id) << r;
  EXPECT_EQ(r.json()["job"]["status"], 2) << r;  // completed
  expect_string_ids(r.json(), "workflow create");
  // The splitter the service received: integers, as the C++ builder sends them.
  const Json workflow = sdk().workflows().get(workflow_id);
  bool splitter = false;
  for (const Json& component : workflow["workflow"]["components"]) {
    if (component.value("type", "").find("DocumentSplitter") == std::string::npos) continue;
    splitter = true;
    EXPECT_EQ(component["init_parameters"]["split_by"], "word");
    EXPECT_EQ(component["init_parameters"]["split_length"], 300);
    EXPECT_EQ(component["init_parameters"]["split_overlap"], 30);
  }
  EXPECT_TRUE(splitter) << workflow.dump();

  // 6: the newest job of the workflow, named.
  r = moi({"job", "wait", "--workflow", workflow_id, "--timeout", "60"});
  ASSERT_EQ(r.code, 0) << r;
  EXPECT_EQ(r.json()["job_id"], job_id) << r;
  EXPECT_EQ(r.json()["status"], 2) << r;

  // 7: an S3 connector from one --json body (type by name); secrets masked in the output.
  const Json connector = {{"name", "lake"},
                          {"source_type", "s3"},
                          {"s3",
                           {{"endpoint", "s3.amazonaws.com"},
                            {"access_key_id", "AKIAEXAMPLE"},
                            {"access_key_secret", "flow-secret-5e1f"},
                            {"bucket_name", "docs"},
                            {"region", "us-east-1"}}}};
  r = moi({"connector", "create", "--json", connector.dump()});
  ASSERT_EQ(r.code, 0) << r;
  EXPECT_EQ(r.json()["name"], "lake") << r;
  EXPECT_EQ(r.json()["source_type"], 5) << r;
  EXPECT_EQ(r.out.find("flow-secret-5e1f"), std::string::npos) << r;
  expect_string_ids(r.json(), "connector create");

  // 8: the export, its files filled from the job; it prints the task with its id.
  r = moi(
      {"export", "create", "--from-job", job_id, "--connector", "lake", "--json",
       R"({"task_name":"nightly","creator":"admin","config":{"s3_config":{"path":"exports/"}}})"});
  ASSERT_EQ(r.code, 0) << r;
  const std::string task_id = pick(r, "id");
  ASSERT_FALSE(task_id.empty()) << r;
  EXPECT_EQ(r.json()["name"], "nightly") << r;
  expect_string_ids(r.json(), "export create");
  const int flow_invocations = invocations_;
  const int flow_jq = jq_uses_;

  // What was sent: the job's three completed files under the source volume's name, raw.
  r = moi({"export", "files", task_id, "--all"});
  ASSERT_EQ(r.code, 0) << r;
  std::set<std::string> exported;
  for (const Json& file : r.json()) {
    exported.insert(file["full_path"].dump());
    EXPECT_EQ(file["is_raw"], true) << r;
    EXPECT_TRUE(file["file_id"].is_string()) << r;
  }
  EXPECT_EQ(exported, (std::set<std::string>{R"(["inbox","a.txt"])", R"(["inbox","b.md"])",
                                             R"(["inbox","c.txt"])"}))
      << r;
  r = moi({"export", "get", task_id});
  ASSERT_EQ(r.code, 0) << r;
  EXPECT_EQ(r.json()["connector_name"], "lake") << r;
  EXPECT_EQ(r.json()["type"], 2) << r;  // S3/OSS, from the connector's kind

  // Ids as strings in the listings too (item 11), 19 digits exact.
  for (const std::vector<std::string>& listing : {std::vector<std::string>{"catalog", "list"},
                                                  {"catalog", "tree"},
                                                  {"volume", "list"},
                                                  {"job", "list"},
                                                  {"export", "list"},
                                                  {"file", "list", "--volume", volume_id}}) {
    r = moi(listing);
    ASSERT_EQ(r.code, 0) << r;
    expect_string_ids(r.json(), listing[0] + " " + listing[1]);
  }
  EXPECT_NE(moi({"catalog", "list"}).out.find("\"id\": \"" + catalog_id + "\""), std::string::npos);

  // A second file of a name the volume holds: a warning on stderr and in the answer (item 13).
  r = moi({"file", "upload", volume_id, (dir_ / "docs" / "a.txt").string()});
  ASSERT_EQ(r.code, 0) << r;
  const std::string warning = "volume " + volume_id +
                              " already had a file named \"a.txt\": the upload adds a second "
                              "one (their export paths collide)";
  EXPECT_NE(r.err.find("moi: warning: " + warning + "\n"), std::string::npos) << r;
  EXPECT_EQ(r.json()["warnings"], Json::array({warning})) << r;

  std::cout << "the newcomer's flow: " << flow_invocations << " moi invocations, " << flow_jq
            << " values taken out of JSON (jq)\n";
  EXPECT_EQ(flow_invocations, 8);
  EXPECT_EQ(flow_jq, 6);
}

// docs/cli.md's "Scripting": the same flow with --output value, so every id goes straight into a
// variable: 8 invocations, nothing taken out of JSON.
TEST_F(FlowBinaryTest, TheScriptingFlowNeedsNoJq) {
  // The one line a $(...) captures, without its newline; the output must be just that line.
  const auto value = [this](const std::vector<std::string>& args) {
    const Outcome r = moi(args);
    EXPECT_EQ(r.code, 0) << r;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r;
    return r.out.substr(0, r.out.find('\n'));
  };
  const std::string catalog = value({"catalog", "create", "docs", "--output", "value"});
  const std::string database =
      value({"database", "create", catalog, "contracts", "--output", "value"});
  const std::string volume = value({"volume", "create", database, "inbox", "--output", "value"});
  EXPECT_EQ(moi({"file", "upload", volume, (dir_ / "docs").string(), "--recursive"}).code, 0);
  const std::string job =
      value({"workflow", "create", "--name", "contracts", "--volume", volume,
             "--target-volume-name", "contracts-out", "--split-by", "word", "--split-length", "300",
             "--split-overlap", "30", "--wait", "--output", "value", "--fields", "job_id"});
  const Json connector = {{"name", "lake"},
                          {"source_type", "s3"},
                          {"s3",
                           {{"endpoint", "s3.amazonaws.com"},
                            {"access_key_id", "AKIAEXAMPLE"},
                            {"access_key_secret", "flow-secret-5e1f"},
                            {"bucket_name", "docs"}}}};
  EXPECT_EQ(moi({"connector", "create", "--json", connector.dump()}).code, 0);
  const std::string task = value(
      {"export", "create", "--from-job", job, "--connector", "lake", "--output", "value",
       "--fields", "id", "--json",
       R"({"task_name":"nightly","creator":"admin","config":{"s3_config":{"path":"exports/"}}})"});
  const Outcome done = moi({"export", "wait", task, "--timeout", "60"});
  EXPECT_EQ(done.code, 0) << done;
  EXPECT_EQ(invocations_, 8);
  EXPECT_EQ(jq_uses_, 0);
  // The ids are the real ones: the SDK finds what the script created.
  EXPECT_EQ(sdk().catalog().get_volume(volume).name, "inbox");
  EXPECT_EQ(sdk().jobs().get_status(job).status, moi::JobStatus::kCompleted);
  EXPECT_EQ(sdk().exports().get(task).name, "nightly");
}

}  // namespace
}  // namespace moi::cli::testing
