// SPDX-License-Identifier: Apache-2.0
// The whole flow from the command line (issue 21, items 7-9): a workflow built from flags with
// the SDK's presets, the pipeline commands, the ids a user needs next (the job of a new
// workflow, the newest job of a workflow, the id of a new export task), and an export filled
// from a job's files. Against the emulator; the exact requests of the help examples are checked
// in examples_test.cpp.
#include <set>

#include "cli_fixture.hpp"

namespace moi::cli::testing {
namespace {

class FlowTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    auto client = sdk();
    moi::CreateCatalogRequest catalog;
    catalog.name = "docs";
    moi::CreateDatabaseRequest database;
    database.catalog_id = client.catalog().create_catalog(catalog);
    database.name = "main";
    database_id_ = client.catalog().create_database(database);
  }

  /// A volume of the test database; returns its id.
  std::string volume(const std::string& name) {
    moi::CreateVolumeRequest request;
    request.database_id = database_id_;
    request.name = name;
    return sdk().catalog().create_volume(request);
  }

  /// A MatrixOne connector named @p name (created through the SDK); returns its id.
  std::string connector(const std::string& name) {
    moi::CreateConnectorRequest request;
    request.name = name;
    request.source_type = moi::ConnectorSourceType::kMatrixOne;
    request.mo = moi::MoConnectorConfig{};
    request.mo->host = "db.example.com";
    request.mo->port = 6001;
    request.mo->username = "admin";
    request.mo->password = "mo-password-flow";
    sdk().connectors().create(request);
    return moi::find_connector_by_name(sdk().connectors(), name).id.value_or("");
  }

  /// The E1 body of a MatrixOne export without connector or files (--connector and
  /// --from-job fill them).
  static Json export_settings(const std::string& task_name) {
    Json body = export_body(task_name, {});
    body.erase("connector_id");
    body.erase("connector_name");
    body.erase("type");
    body.erase("files");
    return body;
  }

  std::string database_id_;
};

// ---- item 7: a workflow from flags, the pipeline commands -----------------------------------

TEST_F(FlowTest, WorkflowCreateFromFlagsSendsTheDocumentsPresetWithIntegerSplitOptions) {
  const std::string inbox = volume("inbox");
  const std::string processed = volume("processed");
  const Outcome r =
      moi({"workflow", "create", "--name", "contracts", "--volume", inbox, "--target-volume",
           processed, "--split-by", "word", "--split-length", "300", "--split-overlap", "30"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json record = r.json();
  EXPECT_EQ(record["name"], "contracts");
  EXPECT_EQ(record["target_volume_id"], processed);
  EXPECT_EQ(record["target_volume_name"], "processed");
  EXPECT_EQ(record["source_volume_names"], "[\"inbox\"]");  // W1 answers arrays as JSON text

  const Json detail = moi({"workflow", "get", record.value("id", "")}).json();
  const Json& components = detail["workflow"]["components"];
  ASSERT_EQ(components.size(), 3u) << detail.dump();
  EXPECT_EQ(components[0]["type"], std::string(moi::components::kDocumentCleanerType));
  EXPECT_EQ(components[1]["type"], std::string(moi::components::kDocumentSplitterType));
  EXPECT_EQ(components[2]["type"], std::string(moi::components::kDocumentWriterType));
  const Json& split = components[1]["init_parameters"];
  EXPECT_EQ(split["split_by"], "word");
  EXPECT_TRUE(split["split_length"].is_number_integer()) << split.dump();
  EXPECT_EQ(split["split_length"], 300);
  EXPECT_TRUE(split["split_overlap"].is_number_integer()) << split.dump();
  EXPECT_EQ(split["split_overlap"], 30);
  EXPECT_EQ(split["split_threshold"], 0);
  const Json& connections = detail["workflow"]["connections"];
  ASSERT_EQ(connections.size(), 2u);
  EXPECT_EQ(connections[0]["sender"], "DocumentCleaner.documents");
  EXPECT_EQ(connections[0]["receiver"], "DocumentSplitter.documents");
  EXPECT_EQ(connections[1]["sender"], "DocumentSplitter.documents");
  EXPECT_EQ(connections[1]["receiver"], "DocumentWriter.documents");
}

TEST_F(FlowTest, WorkflowCreateFlagsFillAndOverrideTheJsonBody) {
  const std::string inbox = volume("inbox");
  // The body's pipeline is kept; --split-length configures its splitter; --name overrides.
  Json body = workflow_body("from-body");
  body["workflow"] = Json(moi::PipelineBuilder()
                              .add(moi::components::document_splitter())
                              .add(moi::components::document_writer())
                              .connect("DocumentSplitter.documents", "DocumentWriter.documents")
                              .build());
  body.erase("source_volume_ids");
  body.erase("source_volume_names");
  const Outcome r = moi({"workflow", "create", "--json", body.dump(), "--name", "overridden",
                         "--volume", inbox, "--split-length", "120", "--split-overlap", "0"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["name"], "overridden");
  EXPECT_EQ(r.json()["target_volume_id"], workflow_body("x")["target_volume_id"]);  // the body's
  const Json detail = moi({"workflow", "get", r.json().value("id", "")}).json();
  const Json& components = detail["workflow"]["components"];
  ASSERT_EQ(components.size(), 2u) << detail.dump();
  EXPECT_EQ(components[0]["init_parameters"]["split_length"], 120);
  EXPECT_EQ(components[0]["init_parameters"]["split_overlap"], 0);
  EXPECT_EQ(components[0]["init_parameters"]["split_by"], "word");  // the preset's, kept
}

TEST_F(FlowTest, WorkflowCreateNamesTheMissingFlagAndSendsNothing) {
  const std::string inbox = volume("inbox");
  const auto usage = [&](const std::vector<std::string>& args, const std::string& needle) {
    emu().reset_counts();
    const Outcome r = moi(args);
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_NE(r.err.find(needle), std::string::npos) << "missing \"" << needle << "\"\n" << r;
    EXPECT_EQ(emu().request_count("W1"), 0u) << r;
  };
  usage({"workflow", "create"}, "--name (or \"name\" in --json) is required");
  usage({"workflow", "create", "--name", "n", "--target-volume-name", "out"},
        "--volume (or \"source_volume_ids\" in --json) is required");
  usage({"workflow", "create", "--name", "n", "--volume", inbox},
        "--target-volume or --target-volume-name");
  usage({"workflow", "create", "--name", "n", "--volume", inbox, "--target-volume-name", "o",
         "--split-by", "token"},
        "--split-by must be word, char, sentence, passage or page, got \"token\" (there is "
        "no token unit");
  usage({"workflow", "create", "--name", "n", "--volume", inbox, "--target-volume-name", "o",
         "--split-length", "30", "--split-overlap", "30"},
        "--split-overlap (30) must be smaller than --split-length (30)");
  usage({"workflow", "create", "--name", "n", "--volume", inbox, "--target-volume-name", "o",
         "--split-length", "3.5"},
        "--split-length must be an integer");
  usage({"workflow", "create", "--name", "n", "--volume", inbox, "--target-volume-name", "o",
         "--preset", "clean", "--split-length", "30"},
        "--preset clean has none");
  usage({"workflow", "create", "--name", "n", "--volume", inbox, "--target-volume-name", "o",
         "--file-types", "pdf,exe"},
        "unknown file type \"exe\"");
}

TEST_F(FlowTest, PipelineComponentsListsEveryPresetWithoutAService) {
  variables_.clear();  // no URL, no key: nothing is sent
  emu().reset_counts();
  const Outcome r = moi({"pipeline", "components"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json list = r.json();
  ASSERT_EQ(list.size(), moi::components::presets().size());
  const Json* splitter = nullptr;
  for (const Json& item : list) {
    EXPECT_FALSE(item.value("type", "").empty()) << item.dump();
    if (item["preset"] == "document_splitter") splitter = &item;
  }
  ASSERT_NE(splitter, nullptr);
  EXPECT_EQ((*splitter)["name"], "DocumentSplitter");
  EXPECT_EQ((*splitter)["type"], std::string(moi::components::kDocumentSplitterType));
  EXPECT_EQ((*splitter)["inputs"], Json::array({"documents"}));
  EXPECT_EQ((*splitter)["outputs"], Json::array({"documents"}));
  EXPECT_EQ((*splitter)["sockets_complete"], true);
  EXPECT_EQ((*splitter)["init_parameters"]["split_length"], 800);

  const Outcome table = moi({"pipeline", "components", "--output", "table"});
  ASSERT_EQ(table.code, kExitOk) << table;
  EXPECT_EQ(lines_of(table.out).size(), moi::components::presets().size() + 1) << table;
  EXPECT_NE(table.out.find("file_type_router"), std::string::npos) << table;
  EXPECT_EQ(emu().total_requests(), 0u);
}

TEST_F(FlowTest, PipelineValidateGivesTheBuildersMessagesAndSendsNothing) {
  variables_.clear();
  emu().reset_counts();
  Json pipeline = Json(moi::PipelineBuilder()
                           .add(moi::components::document_cleaner())
                           .add(moi::components::document_writer())
                           .connect("DocumentCleaner.documents", "DocumentWriter.documents")
                           .build());
  Outcome r = moi({"pipeline", "validate", "--json", pipeline.dump()});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json(), (Json{{"valid", true}, {"components", 2}, {"connections", 1}}));

  // A whole create body, read from stdin.
  Json body = workflow_body("w");
  body["workflow"] = pipeline;
  r = moi({"pipeline", "validate", "--json", "-"}, body.dump());
  ASSERT_EQ(r.code, kExitOk) << r;

  pipeline["connections"][0]["sender"] = "DocumentCleanr.documents";
  r = moi({"pipeline", "validate", "--json", pipeline.dump()});
  EXPECT_EQ(r.code, kExitWaitFailed) << r;
  EXPECT_EQ(r.json()["valid"], false);
  const std::string message = r.json().value("message", "");
  EXPECT_NE(message.find("sender component \"DocumentCleanr\" is not in the pipeline (did you "
                         "mean \"DocumentCleaner\"?)"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("invalid argument"), std::string::npos) << message;
  EXPECT_NE(r.err.find("did you mean"), std::string::npos) << r;

  pipeline["connections"][0]["sender"] = "DocumentCleaner.document";
  r = moi({"pipeline", "validate", "--json", pipeline.dump()});
  EXPECT_EQ(r.code, kExitWaitFailed) << r;
  EXPECT_NE(r.json().value("message", "").find("(did you mean \"documents\"?)"), std::string::npos)
      << r;

  r = moi({"pipeline", "validate", "--json", R"({"name":"no pipeline"})"});
  EXPECT_EQ(r.code, kExitUsage) << r;
  EXPECT_NE(r.err.find("no pipeline"), std::string::npos) << r;
  EXPECT_EQ(emu().total_requests(), 0u);
}

// ---- item 8: the ids a user needs next ------------------------------------------------------

TEST_F(FlowTest, WorkflowCreatePrintsItsJobIdAndWaitWaitsForThatJob) {
  const std::string inbox = volume("inbox");
  Outcome r = moi({"workflow", "create", "--name", "one", "--volume", inbox, "--target-volume-name",
                   "one-out"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const std::string first = r.json().value("id", "");
  EXPECT_EQ(r.json()["job_id"], job_of(first));

  r = moi({"workflow", "create", "--name", "two", "--volume", inbox, "--target-volume-name",
           "two-out", "--wait", "--timeout", "600"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json record = r.json();
  const std::string workflow_id = record.value("id", "");
  const std::string job_id = job_of(workflow_id);
  ASSERT_FALSE(job_id.empty());
  EXPECT_EQ(record["job_id"], job_id);
  EXPECT_EQ(record["job"]["job_id"], job_id);
  EXPECT_EQ(record["job"]["status"], 2);  // completed
  EXPECT_EQ(sdk().jobs().get_status(job_id).status, moi::JobStatus::kCompleted);
}

TEST_F(FlowTest, JobWaitForAWorkflowWaitsForItsNewestJobAndNamesIt) {
  const std::string workflow_id = create_workflow("rerun-me");
  const std::string first = job_of(workflow_id);
  emu().advance(10s);  // the first job finishes; the rerun's job is newer
  ASSERT_EQ(moi({"workflow", "rerun", workflow_id}).code, kExitOk);
  moi::ListJobsRequest query;
  query.workflow_id = workflow_id;
  std::string newest;
  for (const auto& job : sdk().jobs().list(query).jobs) {
    if (job.id != first) newest = job.id.value_or("");
  }
  ASSERT_FALSE(newest.empty());

  const Outcome r = moi({"job", "wait", "--workflow", workflow_id, "--timeout", "600"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["job_id"], newest);
  EXPECT_EQ(r.json()["status"], 2);
  EXPECT_NE(r.err.find("waiting for job " + newest + ", the newest of workflow " + workflow_id),
            std::string::npos)
      << r;

  Outcome usage = moi({"job", "wait"});
  EXPECT_EQ(usage.code, kExitUsage) << usage;
  EXPECT_NE(usage.err.find("JOB_ID (or --workflow WORKFLOW_ID) is required"), std::string::npos);
  usage = moi({"job", "wait", newest, "--workflow", workflow_id});
  EXPECT_EQ(usage.code, kExitUsage) << usage;
  EXPECT_NE(usage.err.find("not both"), std::string::npos) << usage;
}

TEST_F(FlowTest, ExportCreatePrintsTheTaskWithItsId) {
  const Outcome r = moi({"export", "create", "--json", export_body("nightly", {"a.pdf"}).dump()});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto tasks = sdk().exports().list().tasks;
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_FALSE(tasks[0].id.value_or("").empty());
  EXPECT_EQ(r.json()["id"], tasks[0].id.value_or(""));
  EXPECT_EQ(r.json()["name"], "nightly");
  EXPECT_EQ(emu().request_count("E1"), 1u);
}

// ---- item 9: an export filled from a job's files --------------------------------------------

TEST_F(FlowTest, ExportFromJobFillsTheFilesAsTheSdkHelperDoes) {
  const std::string job_id = job_of(create_workflow("to-export"));
  emu().advance(10s);  // the job's 3 files complete
  const std::string connector_id = connector("exports");
  const Outcome r = moi({"export", "create", "--from-job", job_id, "--connector", "exports",
                         "--json", export_settings("from-job").dump()});
  ASSERT_EQ(r.code, kExitOk) << r;
  const std::string task_id = r.json().value("id", "");
  ASSERT_FALSE(task_id.empty()) << r;

  // The files E1 received are the helper's, for the job's source volume ("b-vol1").
  const std::vector<moi::ExportFile> expected =
      moi::export_files_from_job(sdk().jobs(), job_id, "b-vol1");
  ASSERT_EQ(expected.size(), 3u);
  const Json files = moi({"export", "files", task_id, "--all"}).json();
  ASSERT_EQ(files.size(), expected.size()) << files.dump();
  std::multiset<std::string> sent;
  std::multiset<std::string> want;
  for (std::size_t i = 0; i < files.size(); ++i) {
    sent.insert(files[i]["full_path"].dump());
    want.insert(Json(expected[i].full_path).dump());
    EXPECT_EQ(files[i]["is_raw"], true);
  }
  EXPECT_EQ(sent, want);  // E4 lists them in its own order
  const Json task = moi({"export", "get", task_id}).json();
  EXPECT_EQ(task["connector_name"], "exports") << task.dump();
  EXPECT_EQ(task["type"], 3) << task.dump();  // from the connector's kind (MatrixOne)

  // By id, with --processed and another volume name.
  const Outcome by_id =
      moi({"export", "create", "--from-job", job_id, "--connector", connector_id, "--processed",
           "--volume-name", "results", "--json", export_settings("by-id").dump()});
  ASSERT_EQ(by_id.code, kExitOk) << by_id;
  const Json processed = moi({"export", "files", by_id.json().value("id", ""), "--all"}).json();
  ASSERT_EQ(processed.size(), 3u) << processed.dump();
  for (const Json& file : processed) {
    EXPECT_EQ(file["full_path"][0], "results");
    EXPECT_EQ(file["is_raw"], false);
  }

  const Outcome missing = moi({"export", "create", "--from-job", job_id, "--connector", "nope",
                               "--json", export_settings("x").dump()});
  EXPECT_EQ(missing.code, kExitService) << missing;
  EXPECT_NE(missing.err.find("'nope'"), std::string::npos) << missing;
  const Outcome usage =
      moi({"export", "create", "--processed", "--json", export_body("y", {"a.pdf"}).dump()});
  EXPECT_EQ(usage.code, kExitUsage) << usage;
  EXPECT_NE(usage.err.find("--processed goes with --from-job"), std::string::npos) << usage;
}

}  // namespace
}  // namespace moi::cli::testing
