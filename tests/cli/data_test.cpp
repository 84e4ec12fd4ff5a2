// SPDX-License-Identifier: Apache-2.0
// The data actions (catalog, database, volume, file, load, connector; host root) against the
// emulator: what they print, their exit codes, uploads of real temporary files, --all over
// several pages, and connector secrets kept out of human output. The exact requests of every
// help example are checked in examples_test.cpp against a recording server.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli_fixture.hpp"
#include "support/test_server.hpp"

namespace moi::cli::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPassword = "mo-password-4d1c8e";
constexpr const char* kSecretKey = "s3-secret-key-91b2f7";

class DataTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    dir_ = fs::temp_directory_path() / ("moi-cli-data-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(dir_);
  }

  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_ / "locked.pdf", fs::perms::owner_all, ignored);
    fs::remove_all(dir_, ignored);
  }

  /// Writes a local file; returns its path.
  std::string local_file(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  /// Creates catalog > database > volume through the CLI; returns the volume id.
  std::string make_volume(const std::string& name = "inbox") {
    const Outcome catalog = moi({"catalog", "create", "cat-" + name});
    EXPECT_EQ(catalog.code, kExitOk) << catalog;
    const Outcome database =
        moi({"database", "create", catalog.json().value("id", ""), "db-" + name});
    EXPECT_EQ(database.code, kExitOk) << database;
    const Outcome volume = moi({"volume", "create", database.json().value("id", ""), name});
    EXPECT_EQ(volume.code, kExitOk) << volume;
    return volume.json().value("id", "");
  }

  /// Uploads @p paths into @p volume; returns the load task id.
  std::string upload(const std::string& volume, const std::vector<std::string>& paths) {
    std::vector<std::string> args{"file", "upload", volume};
    args.insert(args.end(), paths.begin(), paths.end());
    const Outcome r = moi(args);
    EXPECT_EQ(r.code, kExitOk) << r;
    return r.json().value("task_id", "");
  }

  /// Creates a MatrixOne connector through the SDK; the password is kPassword.
  void sdk_connector(const std::string& name) {
    moi::CreateConnectorRequest request;
    request.name = name;
    request.source_type = moi::ConnectorSourceType::kMatrixOne;
    request.mo = moi::MoConnectorConfig{};
    request.mo->host = "db.example.com";
    request.mo->port = 6001;
    request.mo->username = "admin";
    request.mo->password = kPassword;
    sdk().connectors().create(request);
  }

  /// A usage error: exit 2, one line on stderr containing @p needle, nothing on stdout, and
  /// nothing sent.
  void expect_usage_error(const std::vector<std::string>& args, const std::string& needle,
                          const std::string& input = "") {
    emu().reset_counts();
    const Outcome r = moi(args, input);
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_EQ(r.out, "") << r;
    EXPECT_NE(r.err.find(needle), std::string::npos) << "missing \"" << needle << "\"\n" << r;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
    EXPECT_EQ(emu().total_requests(), 0u) << r;
  }

  fs::path dir_;
};

// ---- catalog, database, volume -------------------------------------------------------------

TEST_F(DataTest, CatalogCreateListAndTree) {
  const Outcome created = moi({"catalog", "create", "docs", "--description", "Documents"});
  ASSERT_EQ(created.code, kExitOk) << created;
  const std::string id = created.json().value("id", "");
  EXPECT_FALSE(id.empty()) << created;
  EXPECT_EQ(emu().request_count("C3"), 1u);

  const Outcome list = moi({"catalog", "list"});
  ASSERT_EQ(list.code, kExitOk) << list;
  bool found = false;
  for (const Json& c : list.json())
    found = found || (c["name"] == "docs" && c["description"] == "Documents");
  EXPECT_TRUE(found) << list;

  const Outcome table = moi({"catalog", "list", "--output", "table"});
  ASSERT_EQ(table.code, kExitOk) << table;
  EXPECT_EQ(lines_of(table.out)[0].rfind("ID", 0), 0u) << table;
  EXPECT_NE(table.out.find("docs"), std::string::npos) << table;

  const Outcome tree = moi({"catalog", "tree"});
  ASSERT_EQ(tree.code, kExitOk) << tree;
  ASSERT_TRUE(tree.json().is_array()) << tree;
  EXPECT_NE(tree.out.find("\"docs\""), std::string::npos) << tree;
  const Outcome tree_table = moi({"catalog", "tree", "--output", "table"});
  ASSERT_EQ(tree_table.code, kExitOk) << tree_table;
  EXPECT_EQ(lines_of(tree_table.out)[0].rfind("TYPE", 0), 0u) << tree_table;
  EXPECT_NE(tree_table.out.find("catalog"), std::string::npos) << tree_table;
}

TEST_F(DataTest, DatabaseAndVolumeLifecycle) {
  const std::string catalog = moi({"catalog", "create", "lake"}).json().value("id", "");
  const Outcome database = moi({"database", "create", catalog, "sales", "--description", "d"});
  ASSERT_EQ(database.code, kExitOk) << database;
  const std::string database_id = database.json().value("id", "");
  ASSERT_FALSE(database_id.empty());

  const Outcome volume = moi({"volume", "create", database_id, "q1", "--description", "first"});
  ASSERT_EQ(volume.code, kExitOk) << volume;
  const std::string volume_id = volume.json().value("id", "");
  ASSERT_FALSE(volume_id.empty());

  const Outcome children = moi({"database", "children", database_id});
  ASSERT_EQ(children.code, kExitOk) << children;
  ASSERT_EQ(children.json().size(), 1u) << children;
  EXPECT_EQ(children.json()[0]["id"], volume_id);
  EXPECT_EQ(children.json()[0]["name"], "q1");

  const Outcome got = moi({"volume", "get", volume_id});
  ASSERT_EQ(got.code, kExitOk) << got;
  EXPECT_EQ(got.json()["name"], "q1");
  EXPECT_EQ(got.json()["description"], "first");

  // list flattens the tree: one object per volume with its database and catalog.
  const Outcome list = moi({"volume", "list"});
  ASSERT_EQ(list.code, kExitOk) << list;
  const Json want = {{"id", volume_id},     {"name", "q1"},          {"database_id", database_id},
                     {"database", "sales"}, {"catalog_id", catalog}, {"catalog", "lake"}};
  bool found = false;
  for (const Json& v : list.json()) found = found || v == want;
  EXPECT_TRUE(found) << list;

  const Outcome table = moi({"volume", "list", "--output", "table"});
  ASSERT_EQ(table.code, kExitOk) << table;
  const auto lines = lines_of(table.out);
  ASSERT_GE(lines.size(), 2u) << table;
  EXPECT_EQ(lines[0].substr(0, 2), "ID");
  for (const char* header : {"NAME", "DATABASE", "CATALOG"}) {
    EXPECT_NE(lines[0].find(header), std::string::npos) << table;
  }
  bool row = false;
  for (const auto& line : lines) {
    row =
        row || (line.rfind(volume_id, 0) == 0 && line.find("q1") != std::string::npos &&
                line.find("sales") != std::string::npos && line.find("lake") != std::string::npos);
  }
  EXPECT_TRUE(row) << table;

  const Outcome deleted = moi({"volume", "delete", volume_id});
  ASSERT_EQ(deleted.code, kExitOk) << deleted;
  EXPECT_EQ(deleted.out, "");
  const Outcome gone = moi({"volume", "get", volume_id});
  EXPECT_EQ(gone.code, kExitService) << gone;
  EXPECT_EQ(lines_of(gone.err).size(), 1u) << gone;
}

// ---- file upload, file list/get/link/delete, load get/files/wait --------------------------

TEST_F(DataTest, UploadRealFilesThenWaitListGetLinkDelete) {
  const std::string volume = make_volume();
  const std::string pdf = local_file("report.pdf", "%PDF-1.4 tiny report");
  const std::string md = local_file("notes.md", "# Notes\nsecond line\n");
  const std::string txt = local_file("plain.txt", "plain text");
  emu().reset_counts();
  const Outcome up = moi({"file", "upload", volume, pdf, md, txt});
  ASSERT_EQ(up.code, kExitOk) << up;
  EXPECT_EQ(up.err, "");  // no terminal: no progress
  const Json answer = up.json();
  const std::string task = answer.value("task_id", "");
  ASSERT_FALSE(task.empty()) << up;
  EXPECT_EQ(answer["results"].size(), 3u) << up;
  EXPECT_EQ(emu().request_count("U1"), 1u);

  const Outcome got_task = moi({"load", "get", task});
  ASSERT_EQ(got_task.code, kExitOk) << got_task;
  EXPECT_EQ(got_task.json()["volume_id"], volume);

  const Outcome waited = moi({"load", "wait", task});
  ASSERT_EQ(waited.code, kExitOk) << waited;
  const Json outcome = waited.json();
  EXPECT_EQ(outcome["task"]["status"], 4);
  ASSERT_EQ(outcome["files"].size(), 3u) << waited;
  EXPECT_EQ(outcome["failed"].size(), 0u);
  EXPECT_NE(lines_of(waited.err).back().find("load task " + task + ": finished 100%"),
            std::string::npos)
      << waited;

  // The uploaded bytes arrived: sizes as on disk.
  Outcome list = moi({"file", "list", "--volume", volume});
  ASSERT_EQ(list.code, kExitOk) << list;
  EXPECT_EQ(list.json()["total"], 3);
  std::map<std::string, Json> by_name;
  const Json page = list.json();
  for (const Json& f : page["list"]) by_name[f.value("name", "")] = f;
  ASSERT_EQ(by_name.size(), 3u) << list;
  EXPECT_EQ(by_name["report.pdf"]["size"], fs::file_size(pdf));
  EXPECT_EQ(by_name["notes.md"]["size"], fs::file_size(md));

  list = moi({"file", "list", "--volume", volume, "--name", "note"});
  ASSERT_EQ(list.code, kExitOk) << list;
  ASSERT_EQ(list.json()["list"].size(), 1u) << list;
  EXPECT_EQ(list.json()["list"][0]["name"], "notes.md");

  const std::string id = by_name["report.pdf"].value("id", "");
  const Outcome got = moi({"file", "get", id});
  ASSERT_EQ(got.code, kExitOk) << got;
  EXPECT_EQ(got.json()["name"], "report.pdf");
  const Outcome link = moi({"file", "link", id, "--volume", volume});
  ASSERT_EQ(link.code, kExitOk) << link;
  EXPECT_EQ(link.json().value("link", "").rfind("http", 0), 0u) << link;

  const Outcome table = moi({"file", "list", "--volume", volume, "--output", "table"});
  ASSERT_EQ(table.code, kExitOk) << table;
  EXPECT_EQ(lines_of(table.out).size(), 4u) << table;
  EXPECT_NE(lines_of(table.out)[0].find("NAME"), std::string::npos) << table;

  const Outcome deleted = moi({"file", "delete", id});
  ASSERT_EQ(deleted.code, kExitOk) << deleted;
  EXPECT_EQ(deleted.out, "");
  EXPECT_EQ(moi({"file", "list", "--volume", volume}).json()["total"], 2);
  EXPECT_EQ(moi({"file", "get", id}).code, kExitService);
}

TEST_F(DataTest, FileListAllFollowsPages) {
  const std::string volume = make_volume();
  std::vector<std::string> paths;
  for (int i = 0; i < 5; ++i) {
    paths.push_back(local_file("doc-" + std::to_string(i) + ".md", "# " + std::to_string(i)));
  }
  ASSERT_EQ(moi({"load", "wait", upload(volume, paths)}).code, kExitOk);
  emu().reset_counts();
  const Outcome all = moi({"file", "list", "--volume", volume, "--all", "--page-size", "2"});
  ASSERT_EQ(all.code, kExitOk) << all;
  ASSERT_TRUE(all.json().is_array()) << all;
  EXPECT_EQ(all.json().size(), 5u);
  EXPECT_EQ(emu().request_count("F1"), 3u);  // 2 + 2 + 1

  const Outcome page = moi({"file", "list", "--volume", volume, "--page", "3", "--page-size", "2"});
  ASSERT_EQ(page.code, kExitOk) << page;
  EXPECT_EQ(page.json()["list"].size(), 1u) << page;

  const Outcome table =
      moi({"file", "list", "--volume", volume, "--all", "--page-size", "2", "--output", "table"});
  ASSERT_EQ(table.code, kExitOk) << table;
  EXPECT_EQ(lines_of(table.out).size(), 6u) << table;
}

TEST_F(DataTest, LoadFilesPageStatusAllAndTable) {
  const std::string volume = make_volume();
  const std::string task = upload(volume, {local_file("a.pdf", "a"), local_file("b.md", "b"),
                                           local_file("bad.xyz", "x"), local_file("c.txt", "c")});
  ASSERT_EQ(moi({"load", "wait", task}).code, kExitWaitFailed);

  Outcome r = moi({"load", "files", task});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["total"], 4);
  EXPECT_EQ(r.json()["total_success"], 3);
  EXPECT_EQ(r.json()["total_failed"], 1);

  r = moi({"load", "files", task, "--status", "4"});
  ASSERT_EQ(r.code, kExitOk) << r;
  ASSERT_EQ(r.json()["files"].size(), 1u) << r;
  EXPECT_EQ(r.json()["files"][0]["name"], "bad.xyz");

  emu().reset_counts();
  r = moi({"load", "files", task, "--all", "--page-size", "3"});
  ASSERT_EQ(r.code, kExitOk) << r;
  ASSERT_TRUE(r.json().is_array()) << r;
  EXPECT_EQ(r.json().size(), 4u);
  EXPECT_EQ(emu().request_count("T2"), 2u);

  r = moi({"load", "files", task, "--output", "table"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 5u) << r;
  EXPECT_NE(lines[0].find("REASON"), std::string::npos) << r;
  EXPECT_NE(r.out.find("unsupported file type"), std::string::npos) << r;
}

TEST_F(DataTest, UploadWaitPrintsTheLoadedFiles) {
  const std::string volume = make_volume();
  const Outcome r = moi(
      {"file", "upload", volume, local_file("one.pdf", "1"), local_file("two.md", "22"), "--wait"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json out = r.json();
  EXPECT_FALSE(out["upload"].value("task_id", "").empty()) << r;
  EXPECT_EQ(out["task"]["status"], 4);
  ASSERT_EQ(out["files"].size(), 2u) << r;
  EXPECT_EQ(out["files"][0]["name"], "one.pdf");
  EXPECT_EQ(out["files"][0]["status"], 5);
  EXPECT_EQ(out["files"][1]["name"], "two.md");
  EXPECT_EQ(out["failed"].size(), 0u);

  const Outcome table =
      moi({"file", "upload", volume, local_file("three.md", "3"), "--wait", "--output", "table"});
  ASSERT_EQ(table.code, kExitOk) << table;
  const auto lines = lines_of(table.out);
  ASSERT_EQ(lines.size(), 2u) << table;
  EXPECT_NE(lines[1].find("three.md"), std::string::npos) << table;
  EXPECT_NE(lines[1].find("succeeded"), std::string::npos) << table;
}

TEST_F(DataTest, UploadWaitWithAFailedFileExits4) {
  const std::string volume = make_volume();
  const Outcome r = moi({"file", "upload", volume, local_file("good.md", "fine"),
                         local_file("empty.pdf", ""), "--wait"});
  EXPECT_EQ(r.code, kExitWaitFailed) << r;
  ASSERT_EQ(r.json()["failed"].size(), 1u) << r;
  EXPECT_EQ(r.json()["failed"][0]["name"], "empty.pdf");
  EXPECT_EQ(r.json()["files"].size(), 2u);
  const std::string last = lines_of(r.err).back();
  EXPECT_EQ(last.rfind("moi: load task ", 0), 0u) << r;
  EXPECT_NE(last.find("finished with 1 failed file(s): empty.pdf (empty file"), std::string::npos)
      << r;
}

TEST_F(DataTest, LoadWaitTimeoutExits3) {
  const std::string volume = make_volume();
  const std::string task = upload(volume, {local_file("slow.md", "s")});
  const Outcome r = moi({"load", "wait", task, "--timeout", "0.001"});
  EXPECT_EQ(r.code, kExitTransport) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(lines_of(r.err).back().find("load task " + task), std::string::npos) << r;
}

TEST_F(DataTest, UploadDrawsABarPerFileOnATerminal) {
  const std::string volume = make_volume();
  tty_ = true;
  const Outcome r = moi({"file", "upload", volume, local_file("first.pdf", std::string(5000, 'a')),
                         local_file("second.md", "# two")});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_NE(r.err.find("\r\033[Kupload 1/2 first.pdf ["), std::string::npos) << r;
  EXPECT_NE(r.err.find("upload 1/2 first.pdf [####################] 100%  4.9 KiB of 4.9 KiB\n"),
            std::string::npos)
      << r;
  EXPECT_NE(r.err.find("upload 2/2 second.md [####################] 100%  5 B of 5 B\n"),
            std::string::npos)
      << r;
  EXPECT_EQ(lines_of(r.err).size(), 2u) << r;  // one line per file, redrawn in place
  EXPECT_FALSE(r.json().value("task_id", "").empty());
}

TEST_F(DataTest, UploadBadInputIsAUsageErrorAndSendsNothing) {
  const std::string volume = make_volume();
  const std::string good = local_file("good.pdf", "ok");
  expect_usage_error({"file", "upload", volume}, "PATH is required");
  expect_usage_error({"file", "upload", volume, good, (dir_ / "missing.pdf").string()},
                     "missing.pdf");
  expect_usage_error({"file", "upload", volume, dir_.string()}, dir_.string());

  // Over the 200 MB limit: a sparse file, refused before anything is sent.
  const fs::path big = dir_ / "big.pdf";
  std::ofstream(big).close();
  fs::resize_file(big, std::uintmax_t{200} * 1024 * 1024 + 1);
  expect_usage_error({"file", "upload", volume, good, big.string()}, "big.pdf");
  // A lower limit of the caller's: the 2-byte file passes a 2-byte limit, a 3-byte one does not.
  const std::string three = local_file("three.md", "abc");
  expect_usage_error({"file", "upload", volume, good, three, "--max-file-bytes", "2"}, "three.md");
  expect_usage_error({"file", "upload", volume, good, "--max-file-bytes", "0"}, "--max-file-bytes");
  expect_usage_error({"file", "upload", volume, good, "--max-file-bytes", "2MB"},
                     "--max-file-bytes");
  emu().reset_counts();
  EXPECT_EQ(moi({"file", "upload", volume, good, "--max-file-bytes", "2"}).code, kExitOk);
  EXPECT_EQ(emu().request_count("U1"), 1u);
  EXPECT_EQ(emu().total_requests(), 2u);  // and F1: files of the same name in the volume

  if (::geteuid() != 0) {  // root reads anything
    const std::string locked = local_file("locked.pdf", "secret");
    fs::permissions(locked, fs::perms::none);
    expect_usage_error({"file", "upload", volume, locked}, "locked.pdf");
  }
}

TEST_F(DataTest, UnknownVolumeOrTaskIsAServiceError) {
  const Outcome up = moi({"file", "upload", "no-such-volume", local_file("x.md", "x")});
  EXPECT_EQ(up.code, kExitService) << up;
  EXPECT_EQ(lines_of(up.err).size(), 1u) << up;
  EXPECT_NE(up.err.find("not found"), std::string::npos) << up;

  const Outcome task = moi({"load", "get", "1234567890123456789"});
  EXPECT_EQ(task.code, kExitService) << task;
  EXPECT_EQ(moi({"load", "wait", "1234567890123456789"}).code, kExitService);
}

TEST_F(DataTest, DataUsageErrors) {
  expect_usage_error({"database", "create", "1"}, "NAME (or \"name\" in --json) is required");
  expect_usage_error({"volume", "create", "1"}, "NAME (or \"name\" in --json) is required");
  expect_usage_error({"file", "list", "--page", "0"}, "--page must be an integer (1 to");
  expect_usage_error({"file", "list", "--page-size", "ten"}, "--page-size");
  expect_usage_error({"load", "files", "T", "--status", "-1"}, "--status");
  expect_usage_error({"volume", "get", "V", "--all"}, "--all");
  expect_usage_error({"file", "get"}, "FILE_ID is required");
  expect_usage_error({"catalgo", "list"}, "expected workflow, branch, job, export, catalog");
}

// ---- connectors ------------------------------------------------------------------------------

TEST_F(DataTest, ConnectorCreateWithTheSecretFromStdinPrintsItMasked) {
  const Outcome r = moi({"connector", "create", "--name", "warehouse", "--type", "mo", "--host",
                         "db.example.com", "--port", "6001", "--username", "admin", "--json", "-"},
                        Json{{"password", kPassword}}.dump());
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out.find(kPassword), std::string::npos) << r;
  EXPECT_EQ(r.err.find(kPassword), std::string::npos) << r;
  const Json created = r.json();
  EXPECT_EQ(created["name"], "warehouse");
  EXPECT_TRUE(created["id"].is_number() || created["id"].is_string()) << r;
  EXPECT_EQ(created["mo"]["password"], "***");
  EXPECT_EQ(created["mo"]["host"], "db.example.com");
  EXPECT_EQ(emu().request_count("K1"), 1u);

  // The service stored the secret as sent.
  const auto stored = sdk().connectors().list().connectors;
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].mo->password, kPassword);
  EXPECT_EQ(stored[0].mo->port, 6001);
}

TEST_F(DataTest, ConnectorCreateShowSecretsPrintsThemInJson) {
  const Outcome r = moi({"connector", "create", "--name", "lake", "--type", "s3", "--endpoint",
                         "s3.example.com", "--access-key-id", "AKIA1", "--bucket", "docs",
                         "--region", "us-east-1", "--path-style", "--json", "-", "--show-secrets"},
                        Json{{"access_key_secret", kSecretKey}}.dump());
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["s3"]["access_key_secret"], kSecretKey);
  EXPECT_EQ(r.json()["s3"]["path_style"], true);
  EXPECT_EQ(r.json()["s3"]["region"], "us-east-1");
}

TEST_F(DataTest, ConnectorListMasksSecretsInTablesAlways) {
  sdk_connector("mo-one");
  for (const bool show : {false, true}) {
    std::vector<std::string> args{"connector", "list", "--output", "table"};
    if (show) args.push_back("--show-secrets");
    const Outcome r = moi(args);
    ASSERT_EQ(r.code, kExitOk) << r;
    EXPECT_EQ(r.out.find(kPassword), std::string::npos) << r;
    EXPECT_EQ(r.err.find(kPassword), std::string::npos) << r;
    const auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 2u) << r;
    EXPECT_NE(lines[1].find("mo-one"), std::string::npos) << r;
    EXPECT_NE(lines[1].find("db.example.com:6001"), std::string::npos) << r;
  }
  // JSON: masked unless --show-secrets.
  Outcome r = moi({"connector", "list"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out.find(kPassword), std::string::npos) << r;
  EXPECT_EQ(r.json()["connectors"][0]["mo"]["password"], "***");
  EXPECT_EQ(r.json()["total"], 1);
  r = moi({"connector", "list", "--show-secrets"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["connectors"][0]["mo"]["password"], kPassword);
  // --all too.
  r = moi({"connector", "list", "--all"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out.find(kPassword), std::string::npos) << r;
  EXPECT_EQ(r.json()[0]["mo"]["password"], "***");
}

TEST_F(DataTest, ConnectorListAllFollowsPagesAndFilters) {
  for (int i = 0; i < 5; ++i) sdk_connector("conn-" + std::to_string(i));
  emu().reset_counts();
  Outcome r = moi({"connector", "list", "--all", "--page-size", "2"});
  ASSERT_EQ(r.code, kExitOk) << r;
  ASSERT_TRUE(r.json().is_array()) << r;
  EXPECT_EQ(r.json().size(), 5u);
  EXPECT_EQ(emu().request_count("K3"), 3u);
  EXPECT_EQ(r.out.find(kPassword), std::string::npos) << r;

  r = moi({"connector", "list", "--keyword", "conn-3", "--type", "mo"});
  ASSERT_EQ(r.code, kExitOk) << r;
  ASSERT_EQ(r.json()["connectors"].size(), 1u) << r;
  r = moi({"connector", "list", "--type", "s3"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["connectors"].size(), 0u) << r;

  r = moi({"connector", "list", "--all", "--page-size", "2", "--output", "table"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(lines_of(r.out).size(), 6u) << r;
}

TEST_F(DataTest, ConnectorMissingRequiredFieldIsNamedAndNothingIsSent) {
  expect_usage_error(
      {"connector", "create", "--name", "x", "--type", "s3", "--endpoint", "e", "--bucket", "b"},
      "access_key_id");
  expect_usage_error(
      {"connector", "create", "--name", "x", "--type", "mo", "--host", "h", "--username", "u"},
      "port");
  expect_usage_error({"connector", "validate", "--type", "hdfs"}, "address");
  expect_usage_error({"connector", "create", "--type", "mo"},
                     "--name (or \"name\" in --json) is required");
  expect_usage_error({"connector", "create", "--name", "x"}, "--type is required");
  expect_usage_error({"connector", "create", "--name", "x", "--type", "ftp"},
                     "--type must be dify, hdfs, mo, oss or s3");
  expect_usage_error({"connector", "create", "--name", "x", "--type", "mo", "--bucket", "b"},
                     "--bucket does not apply to --type mo");
  expect_usage_error({"connector", "create", "--name", "x", "--type", "mo", "--port", "70000"},
                     "--port must be an integer (1 to 65535)");
  expect_usage_error({"connector", "update", "7"}, "nothing to update");
  expect_usage_error({"connector", "update", "7", "--host", "h"}, "--type is required");
  expect_usage_error({"connector", "validate", "--id", "7", "--type", "mo"}, "--id");
  expect_usage_error({"connector", "validate"}, "give --id");
  expect_usage_error({"connector", "files", "7", "--limit", "0"}, "--limit");
}

TEST_F(DataTest, ConnectorErrorsNeverShowTheSecret) {
  // A bad config with a secret in it: the error names the field, never the secret.
  emu().reset_counts();
  const Outcome r = moi({"connector", "create", "--name", "x", "--type", "oss", "--endpoint", "e",
                         "--bucket", "b", "--json", "-"},
                        Json{{"access_key_secret", kSecretKey}}.dump());
  EXPECT_EQ(r.code, kExitUsage) << r;
  EXPECT_NE(r.err.find("access_key_id"), std::string::npos) << r;
  EXPECT_EQ(r.err.find(kSecretKey), std::string::npos) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(emu().total_requests(), 0u);
}

TEST_F(DataTest, ConnectorValidateUpdateFilesDelete) {
  sdk_connector("target");
  const Json listed = moi({"connector", "list"}).json()["connectors"][0];
  const std::string id =
      listed["id"].is_string() ? listed["id"].get<std::string>() : listed["id"].dump();

  Outcome r = moi({"connector", "validate", "--id", id});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["valid"], true);

  r = moi({"connector", "validate", "--type", "hdfs", "--address", "namenode:8020"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["valid"], true);

  // Well-formed but with an empty host: the service says not valid (exit 4).
  r = moi({"connector", "validate", "--type", "mo", "--host", " ", "--port", "6001", "--username",
           "u", "--json", "-"},
          Json{{"password", kPassword}}.dump());
  EXPECT_EQ(r.code, kExitWaitFailed) << r;
  EXPECT_EQ(r.json()["valid"], false);
  EXPECT_NE(r.err.find("not valid"), std::string::npos) << r;
  EXPECT_EQ(r.err.find(kPassword), std::string::npos) << r;

  r = moi({"connector", "update", id, "--name", "renamed"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(moi({"connector", "list"}).json()["connectors"][0]["name"], "renamed");

  r = moi({"connector", "update", id, "--type", "mo", "--host", "db2.example.com", "--port", "6002",
           "--username", "root", "--json", "-"},
          Json{{"password", "new-pass"}}.dump());
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto stored = sdk().connectors().list().connectors;
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].mo->host, "db2.example.com");
  EXPECT_EQ(stored[0].mo->port, 6002);

  r = moi({"connector", "files", id, "--limit", "10"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_TRUE(r.json().contains("files")) << r;
  EXPECT_EQ(moi({"connector", "files", id, "--output", "table"}).code, kExitOk);

  r = moi({"connector", "delete", id});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(moi({"connector", "list"}).json()["connectors"].size(), 0u);
  EXPECT_EQ(moi({"connector", "delete", id}).code, kExitService);
}

// ---- issue 21: directories, same names, one --json convention; issue 22: volume find -------

TEST_F(DataTest, HealthAloneRunsTheCheck) {
  const Outcome r = moi({"health"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json(), (Json{{"status", "ok"}})) << r;
  EXPECT_EQ(moi({"health", "check"}).json(), r.json());
}

TEST_F(DataTest, UploadOfADirectoryIsAUsageErrorSayingWhatToDo) {
  const std::string volume = make_volume();
  local_file("a.md", "a");
  const std::string dir = dir_.string();
  expect_usage_error({"file", "upload", volume, dir},
                     "\"" + dir +
                         "\" is a directory: add --recursive to upload it (its "
                         "subdirectories become folders), or name its files");
}

TEST_F(DataTest, UploadWarnsWhenTheVolumeAlreadyHasAFileOfThatName) {
  const std::string volume = make_volume();
  const std::string a = local_file("a.md", "first");
  // The service lists a file once it is loaded: the first upload waits for that.
  Outcome r = moi({"file", "upload", volume, a, local_file("b.md", "b"), "--wait"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r;  // nothing of that name yet
  EXPECT_FALSE(r.json().contains("warnings")) << r;

  r = moi({"file", "upload", volume, a, local_file("c.md", "c"), "--wait"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const std::string warning = "volume " + volume +
                              " already had a file named \"a.md\": the upload adds a second one "
                              "(their export paths collide)";
  EXPECT_EQ(r.err.rfind("moi: warning: " + warning + "\n", 0), 0u) << r;  // then the load's
  EXPECT_EQ(r.json()["warnings"], Json::array({warning})) << r;

  // Without --wait the warning is in the printed answer too; a name given twice is named.
  r = moi({"file", "upload", volume, local_file("b.md", "again"), (dir_ / "b.md").string()});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json warnings = r.json()["warnings"];
  ASSERT_EQ(warnings.size(), 2u) << r;
  EXPECT_EQ(warnings[0],
            "the file name \"b.md\" is given twice: the volume now has two files of "
            "that name (their export paths collide)");
  EXPECT_NE(warnings[1].get<std::string>().find("already had a file named \"b.md\""),
            std::string::npos);

  // The C++ helper behind it, and load_files(), which reports the same in its result.
  const auto held = moi::find_files_by_name(sdk().files(), volume, {"a.md", "c.md", "zzz.md"});
  ASSERT_EQ(held.size(), 3u);  // a.md twice, c.md once
  for (const auto& file : held) EXPECT_NE(file.name, "zzz.md");
  moi::LoadFilesRequest load;
  load.catalog_name = "cat-inbox";
  load.database_name = "db-inbox";
  load.volume_name = "inbox";
  load.files = {{a, {}, {}}, {local_file("new.md", "new"), {}, {}}};
  load.wait.sleeper = [this](std::chrono::milliseconds d) { emu().advance(d); };
  const moi::LoadedVolume loaded = moi::load_files(sdk(), load);
  EXPECT_FALSE(loaded.volume_created);
  EXPECT_EQ(loaded.volume_id, volume);
  EXPECT_EQ(loaded.warnings,
            std::vector<std::string>{"volume 'inbox' already holds a file named 'a.md': the upload "
                                     "adds a second one (their export paths collide)"});
}

TEST_F(DataTest, CreateCommandsTakeTheBodyAsJson) {
  Outcome catalog =
      moi({"catalog", "create", "--json", R"({"name":"from-json","description":"body"})"});
  ASSERT_EQ(catalog.code, kExitOk) << catalog;
  const std::string catalog_id = catalog.json().value("id", "");
  // The body names the parent; the argument overrides its name.
  const Outcome database = moi(
      {"database", "create", "--json", Json{{"catalog_id", catalog_id}, {"name", "db"}}.dump()});
  ASSERT_EQ(database.code, kExitOk) << database;
  const std::string database_id = database.json().value("id", "");
  const Outcome volume =
      moi({"volume", "create", database_id, "--json", R"({"name":"vol","description":"v"})"});
  ASSERT_EQ(volume.code, kExitOk) << volume;
  const Json got = moi({"volume", "get", volume.json().value("id", "")}).json();
  EXPECT_EQ(got["name"], "vol");
  EXPECT_EQ(got["description"], "v");
  const Outcome listed = moi({"catalog", "list"});
  bool found = false;
  for (const Json& c : listed.json()) {
    found = found || (c["name"] == "from-json" && c["description"] == "body");
  }
  EXPECT_TRUE(found) << listed;
  // Flags override the body.
  const Outcome renamed = moi({"catalog", "create", "flag-name", "--description", "flag", "--json",
                               R"({"name":"body-name","description":"body"})"});
  ASSERT_EQ(renamed.code, kExitOk) << renamed;
  found = false;
  for (const Json& c : moi({"catalog", "list"}).json()) {
    found = found || (c["name"] == "flag-name" && c["description"] == "flag");
  }
  EXPECT_TRUE(found);
  expect_usage_error({"catalog", "create", "--json", R"({"description":"x"})"},
                     "NAME (or \"name\" in --json) is required");
  expect_usage_error({"database", "create", "--json", R"({"name":"x"})"},
                     "CATALOG_ID (or \"catalog_id\" in --json) is required");
}

TEST_F(DataTest, ListCommandsTakeTheirRequestAsJson) {
  const std::string volume = make_volume();
  ASSERT_EQ(
      moi({"load", "wait", upload(volume, {local_file("a.md", "a"), local_file("b.md", "b")})})
          .code,
      kExitOk);
  const Outcome files = moi({"file", "list", "--volume", volume, "--json",
                             R"({"filters":[{"name":"file_name","values":["b.md"]}]})"});
  ASSERT_EQ(files.code, kExitOk) << files;
  ASSERT_EQ(files.json()["list"].size(), 1u) << files;
  EXPECT_EQ(files.json()["list"][0]["name"], "b.md");

  for (int i = 0; i < 3; ++i) sdk_connector("conn-" + std::to_string(i));
  Outcome connectors =
      moi({"connector", "list", "--json", R"({"keyword":"conn-1","source_type":3})"});
  ASSERT_EQ(connectors.code, kExitOk) << connectors;
  ASSERT_EQ(connectors.json()["connectors"].size(), 1u) << connectors;
  EXPECT_EQ(connectors.json()["connectors"][0]["name"], "conn-1");
  // --keyword overrides the body's keyword.
  connectors =
      moi({"connector", "list", "--json", R"({"keyword":"conn-1"})", "--keyword", "conn-2"});
  ASSERT_EQ(connectors.json()["connectors"].size(), 1u) << connectors;
  EXPECT_EQ(connectors.json()["connectors"][0]["name"], "conn-2");
  expect_usage_error({"connector", "list", "--json", R"({"keywrd":"x"})"},
                     "unknown query parameter \"keywrd\"");
}

TEST_F(DataTest, ConnectorCreateTakesTheWholeBodyAsJson) {
  const Json body = {{"name", "from-body"},
                     {"source_type", 3},
                     {"mo",
                      {{"host", "db.example.com"},
                       {"port", 6001},
                       {"username", "admin"},
                       {"password", kPassword}}}};
  Outcome r = moi({"connector", "create", "--json", "-"}, body.dump());
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["name"], "from-body");
  EXPECT_EQ(r.json()["mo"]["password"], "***");
  // A type name, and flags over the body's fields.
  Json named = body;
  named["source_type"] = "mo";
  r = moi({"connector", "create", "--json", "-", "--name", "renamed", "--host", "db2.example.com"},
          named.dump());
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["name"], "renamed");
  EXPECT_EQ(r.json()["mo"]["host"], "db2.example.com");
  EXPECT_EQ(r.json()["mo"]["port"], 6001);
  expect_usage_error({"connector", "create", "--json", R"({"name":"x"})"},
                     "--type (or \"source_type\" in --json) is required");
  expect_usage_error({"connector", "create", "--json", R"({"name":"x","source_type":3,"mo":{}})"},
                     "host");
}

TEST_F(DataTest, VolumeFindPrintsTheIdOrNamesWhatIsMissingOrAmbiguous) {
  const std::string volume = make_volume("inbox");
  Outcome r = moi({"volume", "find", "cat-inbox/db-inbox/inbox"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.json()["id"], volume);
  EXPECT_EQ(emu().request_count("C2"), 1u);
  r = moi({"volume", "find", "cat-inbox/db-inbox/inbox", "--output", "value", "--fields", "id"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, volume + "\n");  // for VOLUME=$(...)

  r = moi({"volume", "find", "cat-inbox/db-inbox/outbox"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_NE(r.err.find("outbox"), std::string::npos) << r;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
  r = moi({"volume", "find", "cat-nope/db-inbox/inbox"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_NE(r.err.find("cat-nope"), std::string::npos) << r;

  // Two volumes of one name (the emulator refuses them; a recorded tree has them): both ids
  // are named.
  moi::testing::TestServer server;
  server.set_default(moi::testing::canned_ok(Json::parse(R"({"tree":[{"id":"1","name":"docs",
      "type":"catalog","node_list":[{"id":"2","name":"main","type":"database","node_list":[
      {"id":"1900000000000000011","name":"inbox","type":"volume"},
      {"id":"1900000000000000012","name":"inbox","type":"volume"}]}]}]})")));
  variables_["MOI_BASE_URL"] = server.base_url();
  r = moi({"volume", "find", "docs/main/inbox"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_NE(r.err.find("1900000000000000011"), std::string::npos) << r;
  EXPECT_NE(r.err.find("1900000000000000012"), std::string::npos) << r;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
  variables_["MOI_BASE_URL"] = emu().base_url();

  expect_usage_error({"volume", "find", "only/two"}, "CATALOG/DATABASE/VOLUME");
}

}  // namespace
}  // namespace moi::cli::testing
