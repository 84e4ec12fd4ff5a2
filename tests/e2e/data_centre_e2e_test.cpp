// SPDX-License-Identifier: Apache-2.0
// The data centre's completion calls through the SDK and the in-process emulator: a directory
// tree uploaded with moi::upload_directory lands as folders with the same relative paths
// (what is not a regular file is skipped and named), catalog/database/volume lifecycles with
// the documents' "delete only what nothing depends on" rule, and load tasks paused, resumed
// and retried.

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "e2e_fixture.hpp"
#include "moi/helpers/upload_directory.hpp"

namespace moi::e2e {
namespace {

// The message of the Error @p call throws ("" and a test failure when it throws none).
template <class Error = moi::Error, class Call>
std::string message_of(Call&& call) {
  const auto error = error_of<Error>(std::forward<Call>(call));
  return error ? std::string(error->what()) : std::string();
}

class DataCentreE2E : public E2ETest {
 protected:
  void SetUp() override {
    E2ETest::SetUp();
    char pattern[] = "/tmp/moi-data-centre-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void write(const std::string& relative, const std::string& content) const {
    const auto path = std::filesystem::path(dir_) / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }

  // A catalog, a database and a volume: the volume's id.
  std::string new_volume(const std::string& name = "inbox") {
    CreateCatalogRequest catalog;
    catalog.name = "c-" + name;
    CreateDatabaseRequest database;
    database.catalog_id = client().catalog().create_catalog(catalog);
    database.name = "d-" + name;
    CreateVolumeRequest volume;
    volume.database_id = client().catalog().create_database(database);
    volume.name = name;
    return client().catalog().create_volume(volume);
  }

  // The volume's files (folders left out) by their path below the volume, once loaded.
  std::map<std::string, FileInfo> files_by_path(const std::string& volume_id) {
    emulator().advance(std::chrono::minutes(1));
    std::map<std::string, FileInfo> out;
    ListFilesRequest request;
    request.in_volume(volume_id);
    for (const FileInfo& f : all_files(client(), request)) {
      if (is_folder(f)) continue;
      const std::string path = f.show_path.value_or("");
      const std::string prefix = "/" + f.volume_name.value_or("") + "/";
      EXPECT_EQ(path.rfind(prefix, 0), 0u) << path;
      out[path.substr(prefix.size())] = f;
    }
    return out;
  }

  std::string dir_;
};

TEST_F(DataCentreE2E, ADirectoryTreeLandsAsFoldersWithTheSameRelativePaths) {
  write("top.txt", "top\n");
  write("sub/one.md", "# one\n");
  write("sub/deeper/two.csv", "a,b\n1,2\n");
  write("sub/deeper/deepest/three.txt", "three\n");
  write("sub/scratch.tmp", "left out\n");
  ASSERT_EQ(::mkfifo((dir_ + "/sub/pipe").c_str(), 0600), 0);
  ASSERT_EQ(::symlink("loop", (dir_ + "/loop").c_str()), 0);  // a link to itself
  ASSERT_EQ(::symlink("top.txt", (dir_ + "/alias.txt").c_str()), 0);
  const std::string volume = new_volume();

  UploadDirectoryOptions options;
  options.parallel = 3;
  options.exclude = {"*.tmp"};
  std::vector<std::string> progress;
  options.on_progress = [&progress](const DirectoryUploadProgress& p) {
    if (p.finished) progress.push_back(p.relative_path);
  };
  const DirectoryUploadResult result = upload_directory(client(), volume, dir_, options);

  EXPECT_EQ(result.uploaded, 4u);
  EXPECT_EQ(result.failed, 0u);
  EXPECT_EQ(result.skipped, 3u);
  EXPECT_EQ(progress.size(), 4u);
  EXPECT_EQ(result.folders_created,
            (std::vector<std::string>{"sub", "sub/deeper", "sub/deeper/deepest"}));
  std::map<std::string, std::string> skipped;
  for (const auto& entry : result.entries) {
    if (entry.outcome == DirectoryUploadEntry::Outcome::kSkipped) {
      skipped[entry.relative_path] = entry.reason;
    } else {
      EXPECT_EQ(entry.outcome, DirectoryUploadEntry::Outcome::kUploaded) << entry.relative_path;
      EXPECT_FALSE(entry.file_id.empty());
      EXPECT_FALSE(entry.task_id.empty());
    }
  }
  EXPECT_EQ(skipped.size(), 3u);
  EXPECT_EQ(skipped["sub/pipe"], "a FIFO (only regular files are uploaded)");
  EXPECT_EQ(skipped["loop"], "symbolic link (not followed)");
  EXPECT_EQ(skipped["alias.txt"], "symbolic link (not followed)");

  const auto files = files_by_path(volume);
  std::set<std::string> paths;
  for (const auto& [path, file] : files) paths.insert(path);
  EXPECT_EQ(paths, (std::set<std::string>{"top.txt", "sub/one.md", "sub/deeper/two.csv",
                                          "sub/deeper/deepest/three.txt"}));
  EXPECT_EQ(files.at("sub/deeper/two.csv").size, 8);
  EXPECT_EQ(files.at("top.txt").parent_id, "");
  EXPECT_NE(files.at("sub/one.md").parent_id, "");

  // A second upload of the same tree finds the folders instead of making new ones.
  const DirectoryUploadResult again = upload_directory(client(), volume, dir_, options);
  EXPECT_TRUE(again.folders_created.empty());
  EXPECT_EQ(again.uploaded, 4u);
}

// Dedup (PLATFORM-NOTES 2.4): a second upload of the same tree with md5 dedup stores nothing
// and reports every file as a duplicate of the stored one; name dedup matches by name in the
// same folder whatever the bytes; replace swaps the stored file for the new one.
TEST_F(DataCentreE2E, ASecondUploadWithMd5DedupUploadsNothing) {
  write("top.txt", "top\n");
  write("sub/one.md", "# one\n");
  write("sub/deeper/two.csv", "a,b\n1,2\n");
  const std::string volume = new_volume();
  UploadDirectoryOptions options;
  options.dedup = UploadDedup::by_md5();
  const DirectoryUploadResult first = upload_directory(client(), volume, dir_, options);
  EXPECT_EQ(first.uploaded, 3u);
  EXPECT_EQ(first.duplicates, 0u);
  const auto stored = files_by_path(volume);
  ASSERT_EQ(stored.size(), 3u);
  const auto uploads_before = emulator().request_count("U1");

  const DirectoryUploadResult again = upload_directory(client(), volume, dir_, options);
  EXPECT_EQ(again.uploaded, 3u);
  EXPECT_EQ(again.failed, 0u);
  EXPECT_EQ(again.duplicates, 3u);
  for (const auto& entry : again.entries) {
    EXPECT_TRUE(entry.duplicate) << entry.relative_path;
    EXPECT_EQ(entry.file_id, stored.at(entry.relative_path).id) << entry.relative_path;
    EXPECT_EQ(entry.message.rfind("skipped: a duplicate (by md5) of file ", 0), 0u)
        << entry.message;
  }
  EXPECT_EQ(emulator().request_count("U1"), uploads_before + 3);
  const auto after = files_by_path(volume);
  ASSERT_EQ(after.size(), 3u);
  for (const auto& [path, file] : after) EXPECT_EQ(file.id, stored.at(path).id) << path;

  // The same bytes under another name, in a volume that holds them: md5 matches anywhere.
  write("copy/top-again.txt", "top\n");
  UploadRequest single;
  single.volume_id = volume;
  single.files = {{dir_ + "/copy/top-again.txt"}};
  single.dedup = UploadDedup::by_md5();
  const UploadResponse copy = client().files().upload(single);
  ASSERT_EQ(copy.results.size(), 1u);
  EXPECT_EQ(copy.results[0].file_id, stored.at("top.txt").id);

  // By name: changed bytes under the same name in the same folder are a duplicate (skip),
  // and replace stores the new bytes in place of the old file.
  write("top.txt", "changed\n");
  single.files = {{dir_ + "/top.txt"}};
  single.dedup = UploadDedup::by_name();
  EXPECT_EQ(client().files().upload(single).results.at(0).file_id, stored.at("top.txt").id);
  single.dedup = UploadDedup::by_name("replace");
  const UploadResponse replaced = client().files().upload(single);
  const std::string new_id = replaced.results.at(0).file_id.value_or("");
  EXPECT_NE(new_id, stored.at("top.txt").id);
  EXPECT_EQ(replaced.results.at(0).message.value_or("").rfind("replaced file ", 0), 0u);
  const auto last = files_by_path(volume);
  EXPECT_EQ(last.size(), 3u);
  EXPECT_EQ(last.at("top.txt").id, new_id);
  EXPECT_EQ(last.at("top.txt").size, 8);
  // Name and md5 together: the same name with other bytes is not a duplicate.
  write("top.txt", "third\n");
  single.dedup = UploadDedup::by_name_and_md5();
  EXPECT_NE(client().files().upload(single).results.at(0).file_id, new_id);
}

TEST_F(DataCentreE2E, NothingIsSentForAPathThatIsNotADirectory) {
  write("file.txt", "x");
  const std::string volume = new_volume();
  EXPECT_NE(message_of<InvalidArgumentError>([&] {
              upload_directory(client(), volume, dir_ + "/file.txt");
            }).find("is not a directory"),
            std::string::npos);
  EXPECT_TRUE(files_by_path(volume).empty());
}

TEST_F(DataCentreE2E, FoldersRenameCleanAndDeleteWithTheirContents) {
  write("a/b/c.txt", "c\n");
  write("a/d.txt", "d\n");
  const std::string volume = new_volume();
  upload_directory(client(), volume, dir_);
  ASSERT_EQ(files_by_path(volume).size(), 2u);
  ListFilesRequest root;
  root.in_volume(volume);
  FileFilter parent;
  parent.name = "parent_id";
  parent.values = {""};
  root.filters.push_back(parent);
  const auto top = client().files().list(root).list;
  ASSERT_EQ(top.size(), 1u);
  ASSERT_TRUE(is_folder(top[0]));
  const std::string folder_a = top[0].id.value_or("");
  client().folders().rename(folder_a, "renamed");
  auto files = files_by_path(volume);
  EXPECT_EQ(files.count("renamed/b/c.txt"), 1u);
  EXPECT_EQ(files.count("renamed/d.txt"), 1u);

  client().folders().clean(folder_a);
  EXPECT_TRUE(files_by_path(volume).empty());
  EXPECT_EQ(client().files().list(root).list.size(), 1u);  // the folder stays
  client().folders().remove(folder_a);
  EXPECT_TRUE(client().files().list(root).list.empty());
  EXPECT_NE(message_of([&] { client().folders().rename(folder_a, "x"); }).find("not found"),
            std::string::npos);
}

TEST_F(DataCentreE2E, CatalogsAndDatabasesAreDeletedOnlyWhenNothingDependsOnThem) {
  CreateCatalogRequest catalog;
  catalog.name = "docs";
  catalog.description = "kept";
  const std::string catalog_id = client().catalog().create_catalog(catalog);
  CreateDatabaseRequest database;
  database.catalog_id = catalog_id;
  database.name = "main";
  const std::string database_id = client().catalog().create_database(database);

  UpdateCatalogRequest rename;
  rename.id = catalog_id;
  rename.name = "docs-2";
  client().catalog().update_catalog(rename);
  const CatalogInfo info = client().catalog().get_catalog(catalog_id);
  EXPECT_EQ(info.name, "docs-2");
  EXPECT_EQ(info.description, "kept");  // sent back by the SDK, so not cleared

  const auto databases = client().catalog().list_databases(catalog_id);
  ASSERT_EQ(databases.size(), 1u);
  EXPECT_EQ(databases[0].id, database_id);
  EXPECT_EQ(databases[0].name, "main");

  EXPECT_NE(message_of<HttpError>([&] {
              client().catalog().delete_catalog(catalog_id);
            }).find("holds 1 database"),
            std::string::npos);
  client().catalog().delete_database(database_id);
  client().catalog().delete_catalog(catalog_id);
  EXPECT_NE(message_of([&] { client().catalog().get_catalog(catalog_id); }).find("not found"),
            std::string::npos);
  EXPECT_EQ(client().health().status, "ok");
}

TEST_F(DataCentreE2E, ALoadTaskPausesResumesAndRetriesItsFailedFiles) {
  write("good.md", "# good\n");
  write("empty.md", "");
  const std::string volume = new_volume();
  UploadRequest upload;
  upload.volume_id = volume;
  upload.files = {{dir_ + "/good.md", {}, {}, {}}, {dir_ + "/empty.md", {}, {}, {}}};
  const std::string task_id = client().files().upload(upload).task_id.value_or("");
  ASSERT_FALSE(task_id.empty());

  client().load_tasks().pause(task_id);
  EXPECT_EQ(client().load_tasks().get(task_id).status, LoadTaskStatus::kPaused);
  emulator().advance(std::chrono::minutes(10));
  EXPECT_EQ(client().load_tasks().get(task_id).status, LoadTaskStatus::kPaused);
  EXPECT_TRUE(files_by_path(volume).empty());  // nothing loads while paused

  client().load_tasks().resume(task_id);
  emulator().advance(std::chrono::minutes(1));
  EXPECT_EQ(client().load_tasks().get(task_id).status, LoadTaskStatus::kFinished);
  ListLoadTaskFilesRequest failed;
  failed.status = LoadFileStatus::kFailed;
  const auto failures = client().load_tasks().list_files(task_id, failed).files;
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].name, "empty.md");

  // Only failed files are retried; an empty file fails again, with the same reason.
  const auto loaded = files_by_path(volume);
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_NE(message_of<HttpError>([&] {
              client().load_tasks().retry(task_id, {loaded.at("good.md").id.value_or("")});
            }).find("has not failed"),
            std::string::npos);
  client().load_tasks().retry(task_id, {failures[0].id.value_or("")});
  EXPECT_EQ(client().load_tasks().get(task_id).status, LoadTaskStatus::kRunning);
  emulator().advance(std::chrono::minutes(1));
  EXPECT_EQ(client().load_tasks().list_files(task_id, failed).files.size(), 1u);

  ListLoadTasksRequest list;
  list.status = {LoadTaskStatus::kFinished};
  std::vector<std::string> ids;
  for (const LoadTask& task : all_load_tasks(client(), list)) ids.push_back(task.id.value_or(""));
  EXPECT_EQ(ids, (std::vector<std::string>{task_id}));
  client().load_tasks().remove(task_id);
  EXPECT_EQ(client().load_tasks().list().total, 0);
}

// Under --state, what the data centre holds outlives the process: nested folders with their
// files, a paused load task (still paused, and resumable), and a staged file (previewable).
TEST_F(DataCentreE2E, FoldersAPausedTaskAndStagedFilesSurviveARestart) {
  char pattern[] = "/tmp/moi-dc-state-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const std::string state_dir = pattern;
  emu::EmulatorOptions options = emulator_options();
  options.state_file = state_dir + "/state.json";
  start(options);

  write("tree/top.txt", "top\n");
  write("tree/sub/inner.txt", "inner\n");
  write("tree/sub/deeper/deepest.md", "# deepest\n");
  write("later.md", "# later\n");
  write("people.csv", "id,name\n1,Ann\n2,Bob\n");
  const std::string volume = new_volume();
  const DirectoryUploadResult tree = upload_directory(client(), volume, dir_ + "/tree");
  ASSERT_EQ(tree.uploaded, 3u);
  const auto before = files_by_path(volume);
  ASSERT_EQ(before.size(), 3u);

  UploadRequest upload;
  upload.volume_id = volume;
  upload.files = {{dir_ + "/later.md", {}, {}, {}}};
  const std::string task_id = client().files().upload(upload).task_id.value_or("");
  ASSERT_FALSE(task_id.empty());
  client().load_tasks().pause(task_id);
  ASSERT_EQ(client().load_tasks().get(task_id).status, LoadTaskStatus::kPaused);

  StageFilesRequest stage;
  stage.files = {{dir_ + "/people.csv"}};
  const std::string conn = client().files().stage(stage).at(0);

  start(options);  // the same state file, a new process state

  // The folders, nested, with the files inside them (same ids, same parents).
  std::map<std::string, std::string> folders;  // path below the volume -> id
  ListFilesRequest request;
  request.in_volume(volume);
  for (const FileInfo& f : all_files(client(), request)) {
    if (is_folder(f)) folders[f.show_path.value_or("")] = f.id.value_or("");
  }
  EXPECT_EQ(folders.size(), 2u);
  ASSERT_EQ(folders.count("/inbox/sub"), 1u);
  ASSERT_EQ(folders.count("/inbox/sub/deeper"), 1u);
  const auto after = files_by_path(volume);
  std::set<std::string> paths;
  for (const auto& [path, file] : after) paths.insert(path);
  EXPECT_EQ(paths, (std::set<std::string>{"top.txt", "sub/inner.txt", "sub/deeper/deepest.md"}));
  for (const auto& [path, file] : before) {
    ASSERT_EQ(after.count(path), 1u) << path;
    EXPECT_EQ(after.at(path).id, file.id) << path;
    EXPECT_EQ(after.at(path).size, file.size) << path;
  }
  EXPECT_EQ(after.at("sub/inner.txt").parent_id, folders.at("/inbox/sub"));
  EXPECT_EQ(after.at("sub/deeper/deepest.md").parent_id, folders.at("/inbox/sub/deeper"));
  EXPECT_EQ(after.at("top.txt").parent_id, "");

  // The paused task stays paused (nothing loads), then resumes and loads its file.
  EXPECT_EQ(client().load_tasks().get(task_id).status, LoadTaskStatus::kPaused);
  EXPECT_EQ(files_by_path(volume).count("later.md"), 0u);
  client().load_tasks().resume(task_id);
  emulator().advance(std::chrono::minutes(1));
  EXPECT_EQ(client().load_tasks().get(task_id).status, LoadTaskStatus::kFinished);
  EXPECT_EQ(files_by_path(volume).count("later.md"), 1u);

  // The staged file previews as before the restart.
  PreviewStagedRequest preview;
  preview.conn_file_id = conn;
  const StagedFilePreview seen = client().files().preview_staged(preview);
  EXPECT_EQ(seen.conn_file_id, conn);
  ASSERT_EQ(seen.rows.size(), 2u);
  EXPECT_EQ(seen.rows[1].column_name, "name");
  EXPECT_EQ(seen.rows[1].column_values, (std::vector<std::string>{"Ann", "Bob"}));

  start(emulator_options());  // release the state file before removing it
  std::filesystem::remove_all(state_dir);
}

}  // namespace
}  // namespace moi::e2e
