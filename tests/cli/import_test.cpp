// SPDX-License-Identifier: Apache-2.0
// `moi import PATH... --database ID (--table NAME | --table-id ID)` through the real `moi`
// program against the emulator's SQLite tables: a CSV imported into a new table and read back
// with `moi table data` and `moi table download`; append, overwrite and a bad file that loses
// nothing (exit 4); bad paths and targets refused before anything is sent. And `moi file upload
// --dedup`: a second upload of the same bytes stores nothing and exits 0 naming the duplicates.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli_fixture.hpp"
#include "moi_process.hpp"

namespace moi::cli::testing {
namespace {

namespace fs = std::filesystem;

class ImportCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    dir_ = fs::temp_directory_path() / ("moi-cli-import-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(dir_);
    ::chmod(dir_.c_str(), 0700);
    const Outcome catalog = moi({"catalog", "create", "warehouse"});
    ASSERT_EQ(catalog.code, kExitOk) << catalog;
    const Outcome database = moi({"database", "create", catalog.json().value("id", ""), "sales"});
    ASSERT_EQ(database.code, kExitOk) << database;
    database_id_ = database.json().value("id", "");
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    CliTest::TearDown();
  }

  std::string write(const std::string& name, const std::string& content) const {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
  std::string read(const fs::path& path) const {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // The real program, with the emulator and the key in its environment.
  struct Run {
    int code = -1;
    std::string out;
    std::string err;
    Json json() const { return Json::parse(out); }
  };
  Run program(const std::vector<std::string>& args) const {
    MoiProcess process(
        args, {"MOI_BASE_URL=" + emu_->base_url(), std::string("MOI_API_KEY=") + kKey,
               "XDG_CONFIG_HOME=" + (dir_ / "xdg").string(), "HOME=" + dir_.string(), "LC_ALL=C"});
    EXPECT_TRUE(process.spawned());
    Run run;
    run.code = process.wait(std::chrono::seconds(60));
    run.out = process.out();
    run.err = process.err();
    return run;
  }

  fs::path dir_;
  std::string database_id_;
};

TEST_F(ImportCliTest, RealProgramImportsACsvIntoANewTableAndReadsItBack) {
  const std::string csv =
      "id,name,note\n1,\"Smith, John\",\"two\nlines\"\n2,Z\xC3\xBCrich,\n3,\"\",plain\n";
  const std::string path = write("orders.csv", csv);
  const Run imported = program({"import", path, "--database", database_id_, "--table", "orders",
                                "--column-type", "id=int", "--primary-key", "id", "--wait"});
  ASSERT_EQ(imported.code, kExitOk) << imported.err << imported.out;
  const Json answer = imported.json();
  const std::string table_id = answer.value("table_id", "");
  EXPECT_FALSE(table_id.empty());
  EXPECT_EQ(answer["table_created"], true);
  EXPECT_FALSE(answer.value("task_id", "").empty());
  EXPECT_EQ(answer["rows_loaded"], 3);
  EXPECT_EQ(answer["failed"], 0);
  ASSERT_EQ(answer["files"].size(), 1u);
  EXPECT_EQ(answer["files"][0]["path"], path);
  EXPECT_EQ(answer["files"][0]["imported"], true);
  EXPECT_EQ(answer["files"][0]["rows"], 3);

  const Run data = program({"table", "data", table_id});
  ASSERT_EQ(data.code, kExitOk) << data.err;
  // (The CLI prints a key named "id" as text: ids are printed exactly.)
  EXPECT_EQ(data.json()["rows"], Json::parse(R"([
      {"id": "1", "name": "Smith, John", "note": "two\nlines"},
      {"id": "2", "name": "Z\u00fcrich", "note": null},
      {"id": "3", "name": "", "note": "plain"}])"));
  EXPECT_EQ(data.json()["total_rows"], 3);
  const fs::path out = dir_ / "back.csv";
  const Run downloaded = program({"table", "download", table_id, "--out", out.string()});
  ASSERT_EQ(downloaded.code, kExitOk) << downloaded.err;
  EXPECT_EQ(read(out), csv);
  // --sync: flushed to disk before the rename, the same bytes.
  const fs::path synced = dir_ / "synced.csv";
  const Run durable = program({"table", "download", table_id, "--out", synced.string(), "--sync"});
  ASSERT_EQ(durable.code, kExitOk) << durable.err;
  EXPECT_EQ(read(synced), csv);

  // The same name again as a new table: exit 1 naming it; nothing more is imported.
  const Run again = program({"import", path, "--database", database_id_, "--table", "orders"});
  EXPECT_EQ(again.code, kExitService) << again.err;
  EXPECT_NE(again.err.find("already holds a table named \"orders\""), std::string::npos)
      << again.err;
  EXPECT_EQ(emu().request_count("U2"), 1u);
}

TEST_F(ImportCliTest, AppendOverwriteAndABadFileExit4WithTheOthersImported) {
  const std::string a = write("a.csv", "id,name\n1,one\n");
  ASSERT_EQ(moi({"import", a, "--database", database_id_, "--table", "people"}).code, kExitOk);
  const std::string ragged = write("ragged.csv", "id,name\n2,two,extra\n");
  const std::string b = write("b.csv", "name,id\nthree,3\n");
  const Run appended = program({"import", ragged, b, "--database", database_id_, "--table",
                                "people", "--mode", "append", "--wait"});
  EXPECT_EQ(appended.code, kExitWaitFailed) << appended.err;
  const Json answer = appended.json();
  EXPECT_EQ(answer["failed"], 1);
  EXPECT_EQ(answer["files"][0]["imported"], false);
  EXPECT_NE(answer["files"][0].value("error", "").find("a ragged row"), std::string::npos)
      << answer;
  EXPECT_EQ(answer["files"][1]["imported"], true);
  EXPECT_EQ(answer["rows_loaded"], 1);
  EXPECT_NE(appended.err.find("moi: failed " + ragged + ": "), std::string::npos) << appended.err;
  const std::string table_id = answer.value("table_id", "");
  EXPECT_EQ(moi({"table", "get", table_id}).json()["lines"], 2);

  const std::string c = write("c.csv", "id,name\n9,nine\n");
  const Outcome overwritten = moi({"import", c, "--database", database_id_, "--table-id", table_id,
                                   "--mode", "overwrite", "--wait"});
  ASSERT_EQ(overwritten.code, kExitOk) << overwritten;
  EXPECT_EQ(overwritten.json()["table_created"], false);
  EXPECT_EQ(moi({"table", "data", table_id}).json()["rows"],
            Json::parse(R"([{"id": "9", "name": "nine"}])"));

  // Append by name into a table that does not exist: exit 1 naming the tables there.
  const Outcome absent =
      moi({"import", c, "--database", database_id_, "--table", "nope", "--mode", "append"});
  EXPECT_EQ(absent.code, kExitService) << absent;
  EXPECT_NE(absent.err.find("no table named \"nope\""), std::string::npos) << absent;
  EXPECT_NE(absent.err.find("\"people\""), std::string::npos) << absent;
}

TEST_F(ImportCliTest, BadPathsAndOptionsAreUsageErrorsAndNothingIsSent) {
  const std::string good = write("ok.csv", "id\n1\n");
  ASSERT_EQ(::mkfifo((dir_ / "pipe").c_str(), 0600), 0);
  const std::string unreadable = write("secret.csv", "id\n1\n");
  ::chmod(unreadable.c_str(), 0);
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  const std::string missing = (dir_ / "missing.csv").string();
  const std::vector<Case> cases{
      {{"import", good, missing, "--database", database_id_, "--table", "t"}, missing},
      {{"import", dir_.string(), "--database", database_id_, "--table", "t"}, "is a directory"},
      {{"import", (dir_ / "pipe").string(), "--database", database_id_, "--table", "t"},
       "not a regular file"},
      {{"import", good, "--table", "t"}, "--database"},
      {{"import", good, "--database", database_id_}, "--table NAME or --table-id ID"},
      {{"import", good, "--database", database_id_, "--table", "t", "--table-id", "1"},
       "--table NAME or --table-id ID"},
      {{"import", good, "--database", database_id_, "--table", "t", "--mode", "merge"},
       "--mode takes new, append or overwrite"},
      {{"import", good, "--database", database_id_, "--table-id", "1", "--mode", "new"},
       "--mode new creates a table"},
      {{"import", good, "--database", database_id_, "--table", "t", "--column-type", "id"},
       "--column-type takes NAME=TYPE"},
      {{"import", good, "--database", database_id_, "--table", "t", "--on-conflict", "keep"},
       "--on-conflict takes fail, skip or replace"},
  };
  for (const Case& c : cases) {
    const Outcome r = moi(c.args);
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << r;
  }
  if (::geteuid() != 0) {  // root reads any file
    const Outcome r = moi({"import", unreadable, "--database", database_id_, "--table", "t"});
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_NE(r.err.find("secret.csv"), std::string::npos) << r;
  }
  EXPECT_EQ(emu().request_count("U2"), 0u);
  EXPECT_EQ(emu().request_count("U1"), 0u);
  // The long form names the action.
  const Outcome help = moi({"import", "--help"});
  EXPECT_EQ(help.code, kExitOk) << help;
  EXPECT_NE(help.out.find("files"), std::string::npos) << help;
}

TEST_F(ImportCliTest, ASecondUploadWithMd5DedupStoresNothingAndExits0) {
  const Outcome volume = moi({"volume", "create", database_id_, "inbox"});
  ASSERT_EQ(volume.code, kExitOk) << volume;
  const std::string volume_id = volume.json().value("id", "");
  write("tree/top.txt", "top\n");
  write("tree/sub/inner.txt", "inner\n");
  const std::string tree = (dir_ / "tree").string();
  const Run first = program({"file", "upload", volume_id, tree, "--recursive", "--dedup", "md5"});
  ASSERT_EQ(first.code, kExitOk) << first.err;
  EXPECT_EQ(first.json()["uploaded"], 2);
  EXPECT_EQ(first.json()["duplicates"], 0);
  const Run second = program({"file", "upload", volume_id, tree, "--recursive", "--dedup", "md5"});
  ASSERT_EQ(second.code, kExitOk) << second.err;
  EXPECT_EQ(second.json()["duplicates"], 2);
  EXPECT_EQ(second.json()["failed"], 0);
  EXPECT_NE(second.err.find("moi: duplicate sub/inner.txt: skipped: a duplicate (by md5)"),
            std::string::npos)
      << second.err;
  // A single file with --dedup (no --recursive) sends the dedup part too.
  const Outcome single = moi({"file", "upload", volume_id, (dir_ / "tree/top.txt").string(),
                              "--dedup", "name,md5", "--on-duplicate", "skip"});
  ASSERT_EQ(single.code, kExitOk) << single;
  EXPECT_EQ(single.json()["results"][0].value("message", "").rfind("skipped:", 0), 0u) << single;
  emu().advance(std::chrono::minutes(1));
  const Outcome listed = moi({"file", "list", "--volume", volume_id, "--recursive", "--all"});
  ASSERT_EQ(listed.code, kExitOk) << listed;
  EXPECT_EQ(listed.json().size(), 2u) << listed;
  // --dedup's values are checked.
  const Outcome bad =
      moi({"file", "upload", volume_id, (dir_ / "tree/top.txt").string(), "--dedup", "sha1"});
  EXPECT_EQ(bad.code, kExitUsage) << bad;
}

}  // namespace
}  // namespace moi::cli::testing
