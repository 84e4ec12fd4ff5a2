// SPDX-License-Identifier: Apache-2.0
// From files on disk to an exported table through the SDK and the in-process emulator: upload
// three files (load_files), a workflow over that volume, a job that processes exactly those
// three files, an export of them to MatrixOne with the ids the file list returns, and E4
// listing the same three files.

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "e2e_fixture.hpp"

namespace moi::e2e {
namespace {

class DataFlowE2E : public E2ETest {
 protected:
  void SetUp() override {
    E2ETest::SetUp();
    char pattern[] = "/tmp/moi-data-flow-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

  std::string write(const std::string& name, const std::string& content) const {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  LoadFilesRequest three_files() const {
    LoadFilesRequest request;
    request.catalog_name = "e2e";
    request.database_name = "docs";
    request.volume_name = "inbox";
    request.files = {{write("report.pdf", "%PDF-1.4 report")},
                     {write("contract.docx", "PK docx bytes")},
                     {write("notes.md", "# notes\n")}};
    request.wait = on_emulator_time<LoadTaskWaitOptions>();
    return request;
  }

  // Upload, workflow, job, export, each step checked (defined below).
  void whole_flow();

  std::string dir_;
};

std::set<std::string> names_of(const std::vector<LoadedFile>& files) {
  std::set<std::string> names;
  for (const auto& file : files) names.insert(file.name);
  return names;
}

TEST_F(DataFlowE2E, UploadWorkflowJobExportUseTheRealIdsEndToEnd) { whole_flow(); }

// The SDK sends no key the emulator does not read on the whole flow (EmulatorOptions::strict
// answers 422 to any), finders and lookups included.
TEST_F(DataFlowE2E, TheWholeFlowPassesAStrictEmulator) {
  emu::EmulatorOptions strict = emulator_options();
  strict.strict = true;
  start(strict);
  whole_flow();
  EXPECT_EQ(find_volume_by_path(client().catalog(), "e2e/docs/inbox").id().size(), 19u);
}

// Upload, workflow, job, export, each step checked.
void DataFlowE2E::whole_flow() {
  const std::set<std::string> expected{"report.pdf", "contract.docx", "notes.md"};
  const LoadedVolume inbox = load_files(client(), three_files());
  EXPECT_TRUE(inbox.volume_created);
  EXPECT_EQ(inbox.volume_id.size(), 19u);
  ASSERT_EQ(inbox.files.size(), 3u);
  EXPECT_EQ(names_of(inbox.files), expected);
  EXPECT_TRUE(inbox.load.succeeded());

  // The file list of the volume shows the same ids.
  ListFilesRequest in_volume;
  in_volume.in_volume(inbox.volume_id);
  std::set<std::string> listed_ids;
  for (const FileInfo& file : all_files(client(), in_volume)) listed_ids.insert(*file.id);
  std::set<std::string> loaded_ids;
  for (const auto& file : inbox.files) loaded_ids.insert(file.file_id);
  EXPECT_EQ(listed_ids, loaded_ids);
  for (const auto& file : inbox.files) {
    EXPECT_EQ(file.full_path, (std::vector<std::string>{"inbox", file.name}));
  }

  // A workflow over the volume: its job processes exactly those three files.
  WorkflowRequest request = workflow_request("over-inbox", {});
  request.source_volume_ids = {inbox.volume_id};
  request.source_volume_names = {"inbox"};
  request.files.reset();
  const auto [workflow_id, job_id] = create_with_job(request);
  const JobStatusInfo status = wait_for_job(jobs(), job_id, on_emulator_time<JobWaitOptions>());
  EXPECT_EQ(status.status, JobStatus::kCompleted);
  std::set<std::string> processed;
  for (const JobFileInfo& file : all_job_files(jobs(), job_id)) processed.insert(*file.file_name);
  EXPECT_EQ(processed, expected);

  // Export them to MatrixOne with the ids the file list returned.
  std::vector<ExportFile> files = export_files_from_job(jobs(), job_id, "inbox");
  ASSERT_EQ(files.size(), 3u);
  std::set<std::string> export_ids;
  for (const ExportFile& file : files) export_ids.insert(file.file_id);
  EXPECT_EQ(export_ids, loaded_ids);
  CreateExportTaskRequest to_mo = export_request(ExportTaskType::kMatrixOne, "inbox-to-mo", {});
  to_mo.files = files;
  exports().create(to_mo);
  const ExportTaskListItem task = find_export_task_by_name(exports(), "inbox-to-mo", "e2e");
  const ExportTaskInfo done =
      wait_for_export(exports(), *task.id, on_emulator_time<ExportWaitOptions>());
  EXPECT_EQ(done.file_stats.value().completed, 3);

  ListExportFilesRequest exported;
  exported.task_id = *task.id;
  std::set<std::string> exported_names;
  std::set<std::string> exported_ids;
  for (const ExportFileItem& file : all_export_files(exports(), exported)) {
    exported_names.insert(file.full_path.value().back());
    exported_ids.insert(file.file_id.value_or("(none)"));  // E4 names E1's file ids, typed
    EXPECT_EQ(file.is_raw, true);
    EXPECT_TRUE(file.extra.is_null() || file.extra.empty()) << file.extra.dump();
  }
  EXPECT_EQ(exported_names, expected);
  EXPECT_EQ(exported_ids, loaded_ids);
}

TEST_F(DataFlowE2E, LoadFilesFindsTheExistingVolumeTheSecondTime) {
  const LoadedVolume first = load_files(client(), three_files());
  LoadFilesRequest again = three_files();
  again.files = {{write("more.md", "# more\n")}};
  const LoadedVolume second = load_files(client(), again);
  EXPECT_FALSE(second.volume_created);
  EXPECT_EQ(second.volume_id, first.volume_id);
  EXPECT_EQ(second.database_id, first.database_id);
  ASSERT_EQ(second.files.size(), 1u);
  EXPECT_EQ(second.files[0].name, "more.md");
}

TEST_F(DataFlowE2E, AFailedFileComesBackWithItsReasonAndTheOthersIds) {
  LoadFilesRequest request = three_files();
  request.files.push_back({write("empty.md", "")});
  const LoadedVolume partial = load_files(client(), request);
  EXPECT_EQ(names_of(partial.files),
            (std::set<std::string>{"report.pdf", "contract.docx", "notes.md"}));
  for (const LoadedFile& file : partial.files) EXPECT_FALSE(file.file_id.empty()) << file.name;
  ASSERT_EQ(partial.load.failed.size(), 1u);
  EXPECT_EQ(partial.load.failed[0].name, "empty.md");
  EXPECT_FALSE(partial.load.failed[0].reason.value_or("").empty());
}

TEST_F(DataFlowE2E, ThrowOnFailedFilesNamesThemWithoutAnHttpStatus) {
  LoadFilesRequest request = three_files();
  request.files.push_back({write("empty.md", "")});
  request.throw_on_failed_files = true;
  try {
    load_files(client(), request);
    FAIL() << "no error";
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.code(), "LOAD_FAILED");
    EXPECT_EQ(error.http_status(), 0);
    const std::string what = error.what();
    EXPECT_NE(what.find("1 of 4 files did not load"), std::string::npos) << what;
    EXPECT_NE(what.find("empty.md"), std::string::npos) << what;
    EXPECT_EQ(what.find("HTTP"), std::string::npos) << what;  // no "(HTTP 0)"
  }
}

// The catalog tree as names: "catalog/database/volume" for every volume, and the bare
// catalog and database paths.
std::set<std::string> tree_paths(const Client& client) {
  std::set<std::string> paths;
  for (const CatalogNode& catalog : client.catalog().tree()) {
    paths.insert(catalog.name.value_or("?"));
    for (const CatalogNode& database : catalog.node_list) {
      paths.insert(catalog.name.value_or("?") + "/" + database.name.value_or("?"));
      for (const CatalogNode& volume : database.node_list) {
        paths.insert(catalog.name.value_or("?") + "/" + database.name.value_or("?") + "/" +
                     volume.name.value_or("?"));
      }
    }
  }
  return paths;
}

TEST_F(DataFlowE2E, AMissingPathOrARefusedNameCreatesNoCatalogDatabaseOrVolume) {
  load_files(client(), three_files());  // e2e/docs/inbox exists
  const std::set<std::string> before = tree_paths(client());

  LoadFilesRequest missing = three_files();
  missing.catalog_name = "stray-catalog";
  missing.files.push_back({dir_ + "/no-such-file.pdf"});
  EXPECT_THROW(load_files(client(), missing), InvalidArgumentError);

  LoadFilesRequest refused = three_files();
  refused.volume_name = "stray-volume";
  refused.files.push_back({write("ok.md", "ok"), "sub/inner.md"});  // a '/' in the name
  EXPECT_THROW(load_files(client(), refused), InvalidArgumentError);

  LoadFilesRequest directory = three_files();
  directory.database_name = "stray-database";
  directory.files.push_back({dir_});
  EXPECT_THROW(load_files(client(), directory), InvalidArgumentError);

  EXPECT_EQ(tree_paths(client()), before);
}

TEST_F(DataFlowE2E, FindByPathFindsWhatLoadFilesCreated) {
  const LoadedVolume inbox = load_files(client(), three_files());
  const CatalogPath volume = find_volume_by_path(client().catalog(), "e2e/docs/inbox");
  EXPECT_EQ(volume.volume_id, inbox.volume_id);
  EXPECT_EQ(volume.database_id, inbox.database_id);
  EXPECT_EQ(volume.catalog_id, inbox.catalog_id);
  EXPECT_EQ(find_by_path(client().catalog(), "e2e/docs").id(), inbox.database_id);
  try {
    find_volume_by_path(client().catalog(), "e2e/docs/outbox");
    FAIL() << "no error";
  } catch (const LookupError& error) {
    EXPECT_STREQ(error.what(),
                 "no volume 'outbox' in database 'e2e/docs' (its volumes: 'inbox') "
                 "[path 'e2e/docs/outbox']");
    EXPECT_TRUE(error.candidates().empty());
  }
}

// Issue 20 item 11: a backslash is part of a file name. The SDK's multipart (libcurl sends it
// as is) and the emulator's parser agree, so the stored name is the name the SDK sent in meta
// (it was "backslash.txt" and "....evil.txt").
TEST_F(DataFlowE2E, NamesWithBackslashesAreStoredAsSent) {
  LoadFilesRequest request = three_files();
  request.files = {{write("back\\slash.txt", "one")}, {write("..\\..\\evil.txt", "two")}};
  const LoadedVolume inbox = load_files(client(), request);
  ListFilesRequest in_volume;
  in_volume.in_volume(inbox.volume_id);
  std::set<std::string> stored;
  for (const FileInfo& file : all_files(client(), in_volume)) stored.insert(file.name.value());
  EXPECT_EQ(stored, (std::set<std::string>{"back\\slash.txt", "..\\..\\evil.txt"}));
}

TEST_F(DataFlowE2E, AnUnknownVolumeIsAClearServiceError) {
  UploadRequest upload;
  upload.volume_id = "1999999999999999999";
  upload.files = {{write("a.md", "a")}};
  try {
    client().files().upload(upload);
    FAIL() << "no error";
  } catch (const Error& error) {
    const std::string text = error.what();
    EXPECT_NE(text.find("1999999999999999999"), std::string::npos) << text;
    EXPECT_NE(text.find("not found"), std::string::npos) << text;
    EXPECT_EQ(text.find(kApiKey), std::string::npos);
  }
}

TEST_F(DataFlowE2E, AConnectorIsFoundAfterCreateAndItsSecretNeverLeaks) {
  const ConnectorClient connectors = client().connectors();
  CreateConnectorRequest create;
  create.name = "mo-e2e";
  create.source_type = ConnectorSourceType::kMatrixOne;
  create.mo = MoConnectorConfig{"db.example.invalid", 6001, "root", "pw-e2e-7731"};
  connectors.create(create);
  const Connector found = find_connector_by_name(connectors, "mo-e2e");
  EXPECT_EQ(found.mo.value().password, "pw-e2e-7731");  // the service answers it
  EXPECT_EQ(Json(mask_secrets(found)).dump().find("pw-e2e-7731"), std::string::npos);
  // A second create with the same name is refused by the service; the lookup still finds one.
  EXPECT_THROW(connectors.create(create), Error);
  EXPECT_EQ(find_connector_by_name(connectors, "mo-e2e").id, found.id);
  connectors.remove(*found.id);
  EXPECT_THROW(find_connector_by_name(connectors, "mo-e2e"), LookupError);
  // A config missing its host is refused before sending.
  ValidateConnectorRequest bad = ValidateConnectorRequest::from(create);
  bad.mo->host = "";
  EXPECT_THROW(connectors.validate(bad), InvalidArgumentError);
}

}  // namespace
}  // namespace moi::e2e
