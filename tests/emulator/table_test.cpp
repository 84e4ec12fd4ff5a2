// SPDX-License-Identifier: Apache-2.0
// The catalog tables' SQLite store: durable under --state in a private directory, refused
// behind a symlink, rolled back with a strict-mode refusal or a failed load, and every bad CSV
// of the issue answered 400 naming the line and field (TB7 loads; imports share the parser).
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "data_fixture.hpp"
#include "process_fixture.hpp"

namespace moi::emulator::testing {
namespace {

namespace fs = std::filesystem;

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

class TableStoreTest : public DataTest {
 protected:
  // A database id (under catalog "cat").
  std::int64_t database() {
    volume_ = make_volume("inbox");
    const Resp tree = root().post("/catalog/tree", json::object());
    return std::stoll(tree.data()["tree"][0]["node_list"][0]["id"].get<std::string>());
  }

  std::int64_t create_table(std::int64_t database_id, const std::string& name, json columns) {
    Resp r = root().post("/catalog/table/create",
                         json{{"database_id", database_id}, {"name", name}, {"columns", columns}});
    EXPECT_TRUE(root_ok(r)) << r.raw;
    return r.data()["id"].get<std::int64_t>();
  }

  // Uploads `csv` into volume "inbox", waits for it to load, and answers TB7's reply.
  Resp load(std::int64_t table_id, const std::string& csv, int start_row = 2) {
    json up = upload(volume_, {{"data.csv", csv, "text/csv"}});
    emu().advance(std::chrono::seconds(5));
    const std::string file_id = up["file_id"].get<std::string>();
    Resp link = root().post("/catalog/file/download", json{{"file_id", file_id}});
    EXPECT_TRUE(root_ok(link)) << link.raw;
    return root().post(
        "/catalog/table/load",
        json{
            {"id", table_id},
            {"file_option",
             {{"data_file_url", link.data()["link"]}, {"type", "csv"}, {"start_row", start_row}}}});
  }

  json rows(std::int64_t table_id) {
    Resp r = root().post("/catalog/table/data", json{{"id", table_id}, {"page_size", 1000}});
    EXPECT_TRUE(root_ok(r)) << r.raw;
    return r.data()["data"];
  }

  std::string volume_;

  static json two_columns() {
    return json::array({{{"name", "id"}, {"type", "INT"}}, {{"name", "name"}, {"type", "TEXT"}}});
  }
};

TEST_F(TableStoreTest, TablesSurviveARestartInAPrivateSqliteFile) {
  TempDir dir;
  EmulatorOptions options = test_options();
  options.state_file = (dir / "state.json").string();
  restart_with(options);
  const std::int64_t db = database();
  const std::int64_t first = create_table(db, "gone", two_columns());
  ASSERT_TRUE(root_ok(root().post("/catalog/table/delete", json{{"id", first}})));
  const std::int64_t id = create_table(db, "kept", two_columns());
  ASSERT_TRUE(root_ok(load(id, "id,name\n1,a\n2,\"b,c\"\n"))) << "load";
  EXPECT_EQ(mode_of(dir / "state.json.tables"), 0700u);
  EXPECT_EQ(mode_of(dir / "state.json.tables" / "tables.sqlite"), 0600u);

  restart_with(options);
  EXPECT_EQ(rows(id), json::parse(R"([[1, "a"], [2, "b,c"]])"));
  Resp exists = root().post("/catalog/table/exist", json{{"database_id", db}, {"name", "kept"}});
  EXPECT_EQ(exists.data(), true);
  // Ids are never issued twice, across restarts and deletions.
  EXPECT_EQ(create_table(db, "next", two_columns()), id + 1);
}

TEST_F(TableStoreTest, ASymlinkedTableDatabaseIsRefused) {
  TempDir dir;
  fs::create_directory(dir / "state.json.tables");
  fs::permissions(dir / "state.json.tables", fs::perms::owner_all);
  std::ofstream(dir / "victim") << "not yours";
  fs::create_symlink(dir / "victim", dir / "state.json.tables" / "tables.sqlite");
  EmulatorOptions options = test_options();
  options.state_file = (dir / "state.json").string();
  try {
    Emulator emu(options);
    FAIL() << "a symlinked table database was opened";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("tables.sqlite: it is a symbolic link"), std::string::npos)
        << e.what();
  }
  std::ifstream in(dir / "victim");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "not yours");
}

TEST_F(TableStoreTest, AStrictRefusalKeepsNoTable) {
  EmulatorOptions options = test_options();
  options.strict = true;
  restart_with(options);
  const std::int64_t db = database();
  Resp r = root().post(
      "/catalog/table/create",
      json{{"database_id", db}, {"name", "t"}, {"columns", two_columns()}, {"surprise", 1}});
  EXPECT_EQ(r.status, 422) << r.raw;
  Resp exists = root().post("/catalog/table/exist", json{{"database_id", db}, {"name", "t"}});
  EXPECT_EQ(exists.data(), false);
}

TEST_F(TableStoreTest, BadCsvIsRefusedNamingTheLineAndNothingIsKept) {
  const std::int64_t db = database();
  const std::int64_t id = create_table(db, "t", two_columns());
  const auto refused = [&](const std::string& csv, const std::string& expected) {
    Resp r = load(id, csv);
    EXPECT_TRUE(root_error(r, 400, "INVALID_ARGUMENT")) << r.raw.substr(0, 300);
    EXPECT_NE(r.body.value("msg", "").find(expected), std::string::npos)
        << r.body.value("msg", "") << " (expected " << expected << ")";
  };
  refused("id,name\n1,a\n2,b,extra\n", "data.csv: line 3: 3 fields, expected 2 (a ragged row)");
  refused("id,name\n1,\"a\xff\"\n", "data.csv: not valid UTF-8");
  refused("id,name\n1,\"never closed\n", "data.csv: line 2: a quoted field is never closed");
  refused("id,name\n1,\"a\"b\n", "data.csv: line 2, field 2: text after the closing quote");
  refused("id,name\nx,a\n", "data.csv: line 2, column \"id\": \"x\" is not an integer");
  refused("id,name\n1," + std::string(10 * 1024 * 1024, 'x') + "\n",
          "data.csv: line 2, field 2: longer than 1048576 bytes");
  std::string wide;
  for (int i = 0; i < 10000; ++i) wide += (i ? ",c" : "c") + std::to_string(i);
  refused(wide + "\n", "data.csv: line 1: more than 1000 fields");
  EXPECT_EQ(rows(id), json::array());
  // A good load after all that.
  ASSERT_TRUE(root_ok(load(id, "id,name\n7,seven\n")));
  EXPECT_EQ(rows(id), json::parse(R"([[7, "seven"]])"));
}

TEST_F(TableStoreTest, TheDownloadLinkServesTheCsvOnlyWithItsToken) {
  const std::int64_t db = database();
  const std::int64_t id = create_table(db, "t", two_columns());
  ASSERT_TRUE(root_ok(load(id, "id,name\n1,\"x \"\"y\"\"\"\n")));
  Resp link = root().post("/catalog/table/download", json{{"id", id}});
  ASSERT_TRUE(root_ok(link)) << link.raw;
  const std::string url = link.data()["url"];
  const std::string path = url.substr(url.find("/emulator/"));
  httplib::Client plain("127.0.0.1", emu().port());
  auto ok = plain.Get(path);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(ok->body, "id,name\n1,\"x \"\"y\"\"\"\n");
  EXPECT_EQ(ok->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  auto forged = plain.Get(path.substr(0, path.find("&token=")) + "&token=00");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  Resp csv = root().post("/catalog/table/download_data", json{{"id", id}});
  EXPECT_EQ(csv.raw, "id,name\n1,\"x \"\"y\"\"\"\n");
}

TEST_F(TableStoreTest, MissingTablesAndBadBodiesAreNamed) {
  Resp missing = root().post("/catalog/table/info", json{{"id", 42}});
  EXPECT_TRUE(root_error(missing, 404, "NOT_FOUND")) << missing.raw;
  EXPECT_EQ(missing.body["msg"], "table 42 not found");
  Resp no_id = root().post("/catalog/table/data", json::object());
  EXPECT_TRUE(root_error(no_id, 400, "INVALID_ARGUMENT")) << no_id.raw;
  EXPECT_NE(no_id.body.value("msg", "").find("id"), std::string::npos);
  Resp sub = root().post("/catalog/table/info", json{{"id", -1}});
  EXPECT_TRUE(root_error(sub, 400, "INVALID_ARGUMENT")) << sub.raw;
  EXPECT_NE(sub.body.value("msg", "").find("table_name"), std::string::npos) << sub.raw;
  Resp no_db = root().post("/catalog/table/create",
                           json{{"database_id", 77}, {"name", "t"}, {"columns", two_columns()}});
  EXPECT_TRUE(root_error(no_db, 404, "NOT_FOUND")) << no_db.raw;
}

// A multipart body of text parts and `file` parts (name, content), posted to `path`.
Resp post_form(RootApi& api, const std::string& path,
               const std::vector<std::pair<std::string, std::string>>& fields,
               const std::vector<std::pair<std::string, std::string>>& files) {
  const std::string boundary = "----moi-table-test-boundary";
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" +
            value + "\r\n";
  }
  for (const auto& [name, content] : files) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
            name + "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return api.post_raw(path, body, "multipart/form-data; boundary=" + boundary);
}

TEST_F(TableStoreTest, StagedFilesImportIntoNewAndExistingTables) {
  const std::int64_t db = database();
  Resp staged = post_form(root(), "/connectors/file/upload",
                          {{"meta", R"([{"filename":"people.csv","path":"/"}])"}},
                          {{"people.csv", "id,name\n1,\"Ann, A\"\n2,Bob\n"}});
  ASSERT_TRUE(root_ok(staged)) << staged.raw;
  const std::string conn = staged.data()["conn_file_ids"][0];

  Resp preview =
      root().post("/connectors/file/preview", json{{"conn_file_id", conn}, {"isColumnName", true}});
  ASSERT_TRUE(root_ok(preview)) << preview.raw;
  EXPECT_EQ(preview.data()["rows"][1], json({{"number", 2},
                                             {"columnName", "name"},
                                             {"columnValues", {"Ann, A", "Bob"}},
                                             {"charNumber", "B"},
                                             {"charColumnName", "name"}}));

  json config{
      {"new_table", true},
      {"database_id", db},
      {"conn_file_ids", {conn}},
      {"create_table",
       {{"name", "people"},
        {"description", "imported"},
        {"tableColumn",
         {{{"number", 1}, {"columnName", "id"}, {"dataType", "int"}, {"isKey", true}},
          {{"number", 2}, {"columnName", "name"}, {"dataType", "varchar"}, {"precision", {32}}}}}}},
      {"isColumnName", true},
      {"columnNameRow", 1},
      {"rowStart", 2},
      {"conflict", 0}};
  Resp imported = post_form(root(), "/connectors/upload",
                            {{"VolumeID", "123456"}, {"table_config", config.dump()}}, {});
  ASSERT_TRUE(root_ok(imported)) << imported.raw;
  const std::int64_t table = imported.data()["table_id"];
  EXPECT_EQ(rows(table), json::parse(R"([[1, "Ann, A"], [2, "Bob"]])"));
  Resp info = root().post("/catalog/table/info", json{{"id", table}});
  EXPECT_EQ(info.data()["columns"][1]["type"], "VARCHAR(32)");
  Resp task = root().get("/task/get", {{"task_id", imported.data()["task_id"]}});
  ASSERT_TRUE(root_ok(task)) << task.raw;
  EXPECT_EQ(task.data()["task"]["status"], 4);
  EXPECT_EQ(task.data()["task"]["load_results"][0]["lines"], 2);
  EXPECT_EQ(task.data()["task"]["table_path"]["name_list"].back(), "people");

  // Append a file part with a mapping by header name, then overwrite.
  json append{{"new_table", false},
              {"database_id", db},
              {"table_id", table},
              {"conn_file_ids", json::array()},
              {"existed_table",
               {{{"tableColumn", "name"}, {"column", "who"}, {"col_num_in_file", 0}},
                {{"tableColumn", "id"}, {"column", ""}, {"col_num_in_file", 2}}}},
              {"existed_table_opts", {{"method", "append"}}}};
  Resp appended = post_form(root(), "/connectors/upload", {{"table_config", append.dump()}},
                            {{"more.csv", "who,num\nCy,3\n"}});
  ASSERT_TRUE(root_ok(appended)) << appended.raw;
  EXPECT_EQ(rows(table), json::parse(R"([[1, "Ann, A"], [2, "Bob"], [3, "Cy"]])"));
  append["existed_table_opts"]["method"] = "overwrite";
  ASSERT_TRUE(root_ok(post_form(root(), "/connectors/upload", {{"table_config", append.dump()}},
                                {{"more.csv", "who,num\nDee,4\n"}})));
  EXPECT_EQ(rows(table), json::parse(R"([[4, "Dee"]])"));

  // A mapping naming a missing column, an append into a missing table: 4xx naming the field.
  json bad = append;
  bad["existed_table"][0]["column"] = "nobody";
  Resp missing_column = post_form(root(), "/connectors/upload", {{"table_config", bad.dump()}},
                                  {{"more.csv", "who,num\nEd,5\n"}});
  EXPECT_TRUE(root_error(missing_column, 400, "INVALID_ARGUMENT")) << missing_column.raw;
  EXPECT_EQ(missing_column.body["msg"],
            "table_config.existed_table[0].column: \"nobody\" names no column of the file "
            "(columns: who, num)");
  bad = append;
  bad["existed_table"][0]["tableColumn"] = "age";
  Resp missing_target = post_form(root(), "/connectors/upload", {{"table_config", bad.dump()}},
                                  {{"more.csv", "who,num\nEd,5\n"}});
  EXPECT_EQ(missing_target.body["msg"],
            "table_config.existed_table[0].tableColumn: table \"people\" has no column \"age\"");
  bad = append;
  bad["table_id"] = 999;
  Resp no_table = post_form(root(), "/connectors/upload", {{"table_config", bad.dump()}},
                            {{"more.csv", "who,num\nEd,5\n"}});
  EXPECT_TRUE(root_error(no_table, 404, "NOT_FOUND")) << no_table.raw;
  EXPECT_EQ(no_table.body["msg"],
            "table_config.table_id: table 999 not found in database " + std::to_string(db));
  Resp ragged = post_form(root(), "/connectors/upload", {{"table_config", append.dump()}},
                          {{"more.csv", "who,num\nEd,5,extra\n"}});
  EXPECT_EQ(ragged.body["msg"], "more.csv: line 2: 3 fields, expected 2 (a ragged row)");
  EXPECT_EQ(rows(table), json::parse(R"([[4, "Dee"]])"));

  // The staged file: a signed link serves it; deleting it removes it.
  Resp link = root().post("/connectors/file/download", json{{"conn_file_id", conn}});
  ASSERT_TRUE(root_ok(link)) << link.raw;
  const std::string url = link.data()["url"];
  httplib::Client plain("127.0.0.1", emu().port());
  auto fetched = plain.Get(url.substr(url.find("/emulator/")));
  ASSERT_TRUE(fetched);
  EXPECT_EQ(fetched->body, "id,name\n1,\"Ann, A\"\n2,Bob\n");
  EXPECT_EQ(root().post("/connectors/file/delete", json{{"conn_file_id", conn}}).data(),
            json({{"success", true}}));
  Resp gone = root().post("/connectors/file/preview", json{{"conn_file_id", conn}});
  EXPECT_TRUE(root_error(gone, 404, "NOT_FOUND")) << gone.raw;
}

}  // namespace
}  // namespace moi::emulator::testing
