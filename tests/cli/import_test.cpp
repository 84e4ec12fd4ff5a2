// SPDX-License-Identifier: Apache-2.0
// `moi import PATH... --database ID (--table NAME | --table-id ID)` through the real `moi`
// program against the emulator's SQLite tables: a CSV imported into a new table and read back
// with `moi table data` and `moi table download`; append, overwrite and a bad file that loses
// nothing (exit 4); bad paths and targets refused before anything is sent. And `moi file upload
// --dedup`: a second upload of the same bytes stores nothing and exits 0 naming the duplicates.
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

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

// The relative paths `moi file list --recursive` prints for a tree three levels deep.
class RecursiveCliTest : public ImportCliTest {
 protected:
  std::string new_volume(const std::string& name) {
    const Outcome volume = moi({"volume", "create", database_id_, name});
    EXPECT_EQ(volume.code, kExitOk) << volume;
    return volume.json().value("id", "");
  }
  // "relative_path" -> file id of every file in the volume (folders left out), once loaded.
  std::map<std::string, std::string> listed(const std::string& volume_id) {
    emu().advance(std::chrono::minutes(1));
    const Outcome r = moi({"file", "list", "--volume", volume_id, "--recursive", "--all"});
    EXPECT_EQ(r.code, kExitOk) << r;
    std::map<std::string, std::string> out;
    for (const Json& item : r.json()) {
      EXPECT_EQ(out.count(item.value("relative_path", "")), 0u) << r;
      out[item.value("relative_path", "")] = item.value("id", "");
    }
    return out;
  }
  // The "files" entries of a --recursive upload: path -> outcome.
  static std::map<std::string, std::string> outcomes(const Json& printed) {
    std::map<std::string, std::string> out;
    for (const Json& entry : printed["files"]) {
      out[entry.value("path", "")] = entry.value("outcome", "");
    }
    return out;
  }
  static std::set<std::string> keys(const std::map<std::string, std::string>& m) {
    std::set<std::string> out;
    for (const auto& [k, v] : m) out.insert(k);
    return out;
  }
};

TEST_F(RecursiveCliTest, FileListRecursivePrintsEachFilesPathBelowTheVolume) {
  const std::string volume_id = new_volume("inbox");
  write("tree/top.txt", "top\n");
  write("tree/sub/inner.txt", "inner\n");
  write("tree/sub/deeper/deepest.md", "# deepest\n");
  const Outcome up = moi({"file", "upload", volume_id, (dir_ / "tree").string(), "--recursive"});
  ASSERT_EQ(up.code, kExitOk) << up;
  EXPECT_EQ(up.json()["folders_created"], Json({"sub", "sub/deeper"}));
  emu().advance(std::chrono::minutes(1));
  const Outcome r = moi({"file", "list", "--volume", volume_id, "--recursive", "--all"});
  ASSERT_EQ(r.code, kExitOk) << r;
  std::map<std::string, std::int64_t> sizes;
  for (const Json& item : r.json()) sizes[item.value("relative_path", "")] = item.value("size", -1);
  EXPECT_EQ(sizes, (std::map<std::string, std::int64_t>{
                       {"top.txt", 4}, {"sub/inner.txt", 6}, {"sub/deeper/deepest.md", 10}}))
      << r;
  // The table shows the same paths.
  const Outcome table =
      moi({"file", "list", "--volume", volume_id, "--recursive", "--all", "--output", "tsv"});
  ASSERT_EQ(table.code, kExitOk) << table;
  for (const char* path :
       {"\ttop.txt\t4\n", "\tsub/inner.txt\t6\n", "\tsub/deeper/deepest.md\t10\n"}) {
    EXPECT_NE(table.out.find(path), std::string::npos) << path << "\n" << table.out;
  }
}

TEST_F(RecursiveCliTest, IncludeAndExcludeChooseTheFilesSent) {
  write("tree/top.md", "# top\n");
  write("tree/top.txt", "top\n");
  write("tree/sub/inner.md", "# inner\n");
  write("tree/sub/scratch.tmp", "tmp\n");
  write("tree/skip/hidden.md", "# hidden\n");
  const std::string tree = (dir_ / "tree").string();

  const std::string only_md = new_volume("only-md");
  const Outcome md = moi({"file", "upload", only_md, tree, "--recursive", "--include", "*.md"});
  ASSERT_EQ(md.code, kExitOk) << md;
  EXPECT_EQ(md.json()["uploaded"], 3);
  EXPECT_EQ(
      outcomes(md.json()),
      (std::map<std::string, std::string>{
          {"top.md", "uploaded"}, {"sub/inner.md", "uploaded"}, {"skip/hidden.md", "uploaded"}}));
  EXPECT_EQ(keys(listed(only_md)),
            (std::set<std::string>{"top.md", "sub/inner.md", "skip/hidden.md"}));

  // An excluded directory is not entered; an excluded name is left out wherever it is.
  const std::string excluded = new_volume("excluded");
  const Outcome ex =
      moi({"file", "upload", excluded, tree, "--recursive", "--exclude", "*.tmp,skip"});
  ASSERT_EQ(ex.code, kExitOk) << ex;
  EXPECT_EQ(ex.json()["folders_created"], Json({"sub"}));
  EXPECT_EQ(keys(listed(excluded)), (std::set<std::string>{"top.md", "top.txt", "sub/inner.md"}));

  // Both: included, then the exclusions taken away.
  const std::string both = new_volume("both");
  const Outcome b =
      moi({"file", "upload", both, tree, "--recursive", "--include", "*.md", "--exclude", "sub/*"});
  ASSERT_EQ(b.code, kExitOk) << b;
  EXPECT_EQ(keys(listed(both)), (std::set<std::string>{"top.md", "skip/hidden.md"}));
}

TEST_F(RecursiveCliTest, ParallelOneAndEightUploadTheSameFiles) {
  for (int i = 0; i < 12; ++i) {
    write("tree/f" + std::to_string(i) + ".txt", std::string(static_cast<std::size_t>(i + 1), 'x'));
    write("tree/sub/g" + std::to_string(i) + ".txt", "g" + std::to_string(i));
  }
  const std::string tree = (dir_ / "tree").string();
  const std::string serial = new_volume("serial");
  const std::string wide = new_volume("wide");
  const Outcome one = moi({"file", "upload", serial, tree, "--recursive", "--parallel", "1"});
  const Outcome eight = moi({"file", "upload", wide, tree, "--recursive", "--parallel", "8"});
  ASSERT_EQ(one.code, kExitOk) << one;
  ASSERT_EQ(eight.code, kExitOk) << eight;
  EXPECT_EQ(one.json()["uploaded"], 24);
  EXPECT_EQ(eight.json()["uploaded"], 24);
  EXPECT_EQ(outcomes(one.json()), outcomes(eight.json()));
  const auto a = listed(serial);
  EXPECT_EQ(a.size(), 24u);
  EXPECT_EQ(keys(a), keys(listed(wide)));
  EXPECT_EQ(a.count("sub/g11.txt"), 1u);
  // Out of range is a usage error naming the flag.
  const Outcome zero = moi({"file", "upload", serial, tree, "--recursive", "--parallel", "0"});
  EXPECT_EQ(zero.code, kExitUsage) << zero;
  EXPECT_NE(zero.err.find("--parallel"), std::string::npos) << zero;
}

TEST_F(RecursiveCliTest, Md5DedupWithReplaceSwapsTheStoredFiles) {
  write("tree/top.txt", "top\n");
  write("tree/sub/inner.txt", "inner\n");
  const std::string tree = (dir_ / "tree").string();
  const std::string volume_id = new_volume("inbox");
  const Outcome first = moi({"file", "upload", volume_id, tree, "--recursive", "--dedup", "md5",
                             "--on-duplicate", "replace"});
  ASSERT_EQ(first.code, kExitOk) << first;
  const auto before = listed(volume_id);
  ASSERT_EQ(keys(before), (std::set<std::string>{"top.txt", "sub/inner.txt"}));

  const Outcome second = moi({"file", "upload", volume_id, tree, "--recursive", "--dedup", "md5",
                              "--on-duplicate", "replace"});
  ASSERT_EQ(second.code, kExitOk) << second;
  EXPECT_EQ(second.json()["uploaded"], 2);
  EXPECT_EQ(second.json()["duplicates"], 0);  // replaced, not kept
  std::map<std::string, std::string> new_ids;
  const Json printed = second.json();
  for (const Json& entry : printed["files"]) {
    const std::string path = entry.value("path", "");
    new_ids[path] = entry.value("file_id", "");
    EXPECT_EQ(entry.value("message", "").rfind("replaced file " + before.at(path), 0), 0u) << entry;
  }
  // The volume holds one file per path, the new ones; the old ids are gone.
  const auto after = listed(volume_id);
  EXPECT_EQ(after, new_ids);
  for (const auto& [path, id] : before) {
    EXPECT_NE(after.at(path), id) << path;
    const Outcome gone = moi({"file", "get", id});
    EXPECT_NE(gone.code, kExitOk) << gone;
  }
}

// The real program run as "nobody" (uid 65534) when the test runs as root, where permission
// bits do not stop reads; as itself otherwise. It runs from a copy in @p home (which that user
// can enter), with stdout and stderr opened before the switch.
struct NobodyRun {
  int code = -1;
  std::string out;
  std::string err;
};
NobodyRun run_as_nobody(const fs::path& home, const std::vector<std::string>& args,
                        const std::vector<std::string>& env) {
  const bool root = ::geteuid() == 0;
  const fs::path exe = home / "moi";
  fs::copy_file(MOI_CLI_BINARY, exe, fs::copy_options::overwrite_existing);
  ::chmod(exe.c_str(), 0755);
  const fs::path out = home / "out";
  const fs::path err = home / "err";
  std::vector<std::string> argv_text{exe.string()};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv = c_strings(argv_text);
  std::vector<std::string> env_text = env;
  std::vector<char*> envp = c_strings(env_text);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) ::_exit(125);
    if (root && (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)) {
      ::_exit(126);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  NobodyRun run;
  int status = 0;
  if (pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status)) {
    run.code = WEXITSTATUS(status);
  }
  std::ifstream o(out, std::ios::binary);
  run.out.assign(std::istreambuf_iterator<char>(o), {});
  std::ifstream e(err, std::ios::binary);
  run.err.assign(std::istreambuf_iterator<char>(e), {});
  return run;
}

// docs/data-in.md: unreadable files come back skipped with the reason (the others go on);
// upload_directory.hpp: a directory that cannot be read refuses the whole tree before anything
// is sent (a usage error from the CLI, naming it).
TEST_F(RecursiveCliTest, AnUnreadableFileIsSkippedAndAnUnreadableDirectoryRefusesTheTree) {
  const std::string volume_id = new_volume("inbox");
  // A world-enterable home for the run (the fixture's directory is 0700).
  char pattern[] = "/tmp/moi-cli-nobody-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const fs::path home = pattern;
  ::chmod(home.c_str(), 0755);
  auto put = [&](const std::string& relative, const std::string& content, mode_t mode) {
    const fs::path path = home / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    ::chmod(path.c_str(), mode);
  };
  put("files/ok.txt", "ok\n", 0644);
  put("files/sub/fine.txt", "fine\n", 0644);
  put("files/sub/secret.txt", "secret\n", 0000);
  ::chmod((home / "files").c_str(), 0755);
  ::chmod((home / "files/sub").c_str(), 0755);
  put("dirs/ok.txt", "ok\n", 0644);
  put("dirs/locked/inside.txt", "inside\n", 0644);
  ::chmod((home / "dirs").c_str(), 0755);
  ::chmod((home / "dirs/locked").c_str(), 0000);
  const std::vector<std::string> env{
      "MOI_BASE_URL=" + emu_->base_url(), std::string("MOI_API_KEY=") + kKey,
      "XDG_CONFIG_HOME=" + (home / "xdg").string(), "HOME=" + home.string(), "LC_ALL=C"};

  const NobodyRun files = run_as_nobody(
      home, {"file", "upload", volume_id, (home / "files").string(), "--recursive"}, env);
  ASSERT_NE(files.code, 126) << "cannot switch to uid 65534";
  ASSERT_NE(files.code, 127) << "cannot execute the copy";
  EXPECT_EQ(files.code, kExitOk) << files.err;
  const Json printed = Json::parse(files.out, nullptr, false);
  EXPECT_EQ(printed["uploaded"], 2) << files.out;
  EXPECT_EQ(printed["skipped"], 1) << files.out;
  EXPECT_EQ(printed["failed"], 0) << files.out;
  EXPECT_EQ(outcomes(printed), (std::map<std::string, std::string>{{"ok.txt", "uploaded"},
                                                                   {"sub/fine.txt", "uploaded"},
                                                                   {"sub/secret.txt", "skipped"}}));
  std::string reason;
  for (const Json& entry : printed["files"]) {
    if (entry.value("path", "") == "sub/secret.txt") reason = entry.value("reason", "");
  }
  EXPECT_EQ(reason, "unreadable: Permission denied");
  EXPECT_NE(files.err.find("moi: skipped sub/secret.txt: " + reason), std::string::npos)
      << files.err;
  EXPECT_EQ(keys(listed(volume_id)), (std::set<std::string>{"ok.txt", "sub/fine.txt"}));

  const auto uploads = emu().request_count("U1");
  const NobodyRun dirs = run_as_nobody(
      home, {"file", "upload", volume_id, (home / "dirs").string(), "--recursive"}, env);
  EXPECT_EQ(dirs.code, kExitUsage) << dirs.out << dirs.err;
  EXPECT_EQ(dirs.out, "");
  EXPECT_EQ(dirs.err, "moi: invalid argument: upload_directory: cannot read directory " +
                          (home / "dirs/locked").string() +
                          ": Permission denied (nothing was sent)\n");
  EXPECT_EQ(emu().request_count("U1"), uploads);  // nothing sent

  ::chmod((home / "dirs/locked").c_str(), 0755);
  std::error_code ignored;
  fs::remove_all(home, ignored);
}

}  // namespace
}  // namespace moi::cli::testing
