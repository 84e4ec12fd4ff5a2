// SPDX-License-Identifier: Apache-2.0
// `moi table ...` against the emulator's SQLite tables: create, exists, get, list, data (a page,
// and --all --output jsonl as objects keyed by column name), download (FILE.part then rename,
// an existing FILE refused without --force, nothing left when it fails), truncate, delete.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_fixture.hpp"

namespace moi::cli::testing {
namespace {

namespace fs = std::filesystem;

class TableCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    dir_ = fs::temp_directory_path() / ("moi-cli-table-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(dir_);
    const Outcome catalog = moi({"catalog", "create", "warehouse"});
    ASSERT_EQ(catalog.code, kExitOk) << catalog;
    const Outcome database = moi({"database", "create", catalog.json().value("id", ""), "sales"});
    ASSERT_EQ(database.code, kExitOk) << database;
    database_id_ = database.json().value("id", "");
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::string read(const fs::path& path) const {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // Creates "orders" through the CLI and loads `csv` into it (upload, link, TB7).
  std::string orders_with(const std::string& csv) {
    const Outcome created =
        moi({"table", "create", "--json",
             Json{{"database_id", database_id_},
                  {"name", "orders"},
                  {"columns",
                   {{{"name", "num"}, {"type", "INT"}}, {{"name", "customer"}, {"type", "TEXT"}}}}}
                 .dump()});
    EXPECT_EQ(created.code, kExitOk) << created;
    const std::string table_id = created.json().value("id", "");
    const Outcome volume = moi({"volume", "create", database_id_, "inbox"});
    const std::string path = (dir_ / "orders.csv").string();
    std::ofstream(path, std::ios::binary) << csv;
    const Outcome up = moi({"file", "upload", volume.json().value("id", ""), path, "--wait"});
    EXPECT_EQ(up.code, kExitOk) << up;
    const std::string file_id = up.json()["files"][0].value("id", "");
    const std::string link = sdk().files().link(file_id).link.value_or("");
    TableLoadRequest load;
    load.id = table_id;
    load.file_option = Json{{"data_file_url", link}, {"start_row", 2}};
    EXPECT_EQ(sdk().tables().load_table(load).lines, 3);
    return table_id;
  }

  fs::path dir_;
  std::string database_id_;
};

TEST_F(TableCliTest, CreateExistsGetListDataDownloadTruncateDelete) {
  const std::string csv = "num,customer\n1,\"Ann, A\"\n2,\"line\nbreak\"\n3,\"\"\n";
  const std::string id = orders_with(csv);
  EXPECT_EQ(id, "1");

  const Outcome yes = moi({"table", "exists", database_id_, "orders"});
  EXPECT_EQ(yes.code, kExitOk) << yes;
  EXPECT_EQ(yes.out, "true\n");
  const Outcome no = moi({"table", "exists", database_id_, "missing"});
  EXPECT_EQ(no.code, kExitOk) << no;
  EXPECT_EQ(no.out, "false\n");

  const Outcome got = moi({"table", "get", id});
  ASSERT_EQ(got.code, kExitOk) << got;
  EXPECT_EQ(got.json()["lines"], 3);
  const Outcome list = moi({"table", "list", database_id_});
  ASSERT_EQ(list.code, kExitOk) << list;
  EXPECT_EQ(list.json(), Json::parse(R"([{"id": "1", "name": "orders", "description": ""}])"));

  const Outcome page = moi({"table", "data", id, "--page", "2", "--page-size", "2"});
  ASSERT_EQ(page.code, kExitOk) << page;
  // (A column named "id" would print as a string: the CLI prints every id exactly, as text.)
  EXPECT_EQ(page.json()["rows"], Json::parse(R"([{"num": 3, "customer": ""}])"));
  EXPECT_EQ(page.json()["total_rows"], 3);
  const Outcome all = moi({"table", "data", id, "--all", "--page-size", "2", "--output", "jsonl"});
  ASSERT_EQ(all.code, kExitOk) << all;
  EXPECT_EQ(all.out,
            "{\"customer\":\"Ann, A\",\"num\":1}\n{\"customer\":\"line\\nbreak\",\"num\":2}\n"
            "{\"customer\":\"\",\"num\":3}\n");

  const fs::path out = dir_ / "download.csv";
  const Outcome downloaded = moi({"table", "download", id, "--out", out.string()});
  ASSERT_EQ(downloaded.code, kExitOk) << downloaded;
  EXPECT_EQ(read(out), csv);
  EXPECT_EQ(downloaded.json()["bytes"], csv.size());
  EXPECT_FALSE(fs::exists(out.string() + ".part"));
  // An existing FILE is refused without --force (nothing sent, the file untouched).
  std::ofstream(out, std::ios::binary) << "mine";
  const Outcome refused = moi({"table", "download", id, "--out", out.string()});
  EXPECT_EQ(refused.code, kExitUsage) << refused;
  EXPECT_NE(refused.err.find("exists: not replaced (give --force to replace it)"),
            std::string::npos)
      << refused;
  EXPECT_EQ(read(out), "mine");
  const Outcome forced = moi({"table", "download", id, "--out", out.string(), "--force"});
  EXPECT_EQ(forced.code, kExitOk) << forced;
  EXPECT_EQ(read(out), csv);
  // A failed download leaves nothing at FILE and no part file.
  const fs::path missing = dir_ / "missing.csv";
  const Outcome failed = moi({"table", "download", "99", "--out", missing.string()});
  EXPECT_NE(failed.code, kExitOk) << failed;
  EXPECT_FALSE(fs::exists(missing));
  EXPECT_FALSE(fs::exists(missing.string() + ".part"));

  ASSERT_EQ(moi({"table", "truncate", id}).code, kExitOk);
  EXPECT_EQ(moi({"table", "get", id}).json()["lines"], 0);
  ASSERT_EQ(moi({"table", "delete", id}).code, kExitOk);
  EXPECT_EQ(moi({"table", "exists", database_id_, "orders"}).out, "false\n");
}

}  // namespace
}  // namespace moi::cli::testing
