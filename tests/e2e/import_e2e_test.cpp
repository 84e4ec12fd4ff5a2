// SPDX-License-Identifier: Apache-2.0
// Upload staging (U2-U6) and imports into tables end to end: the SDK's FileClient staging
// calls, the `table_config` form of U1 and moi::import_to_table against the in-process
// emulator (SQLite table store) over loopback HTTP. A CSV with every hard case round-trips
// through import -> rows -> download; a failed file never loses the others; bad targets are
// typed errors before anything is imported.

#include <httplib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_fixture.hpp"
#include "moi/helpers/table_import.hpp"
#include "moi/helpers/tables.hpp"

namespace moi::e2e {
namespace {

// Every hard case: a header row, quoted separators, doubled quotes and a line break inside
// quotes, UTF-8 (2, 3 and 4 bytes), an unquoted empty field (NULL) and a quoted one ("").
const std::string kHardCsv =
    "id,name,note,amount\n"
    "1,\"Smith, John\",\"said \"\"hi\"\"\nthen left\",12.5\n"
    "2,Z\xC3\xBCrich \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x9A\x80,,0.5\n"
    "3,\"\",plain,-7.25\n";

// The code docs/tables.md shows (its region is compared by docs/check_snippets.py).
moi::ImportResult import_as_documented(const moi::Client& client, const std::string& database_id,
                                       const std::string& csv_path, moi::ImportOptions options,
                                       std::ostream& err) {
  // [import]
  options.column_types = {{"id", "int"}, {"amount", "double"}};  // the others: text
  options.primary_key = {"id"};
  const moi::ImportResult result =
      moi::import_to_table(client, {csv_path}, {database_id, "orders"}, options);
  for (const moi::ImportFileResult& file : result.files) {
    if (!file.imported) err << file.path << ": " << file.error << "\n";  // the others went in
  }
  // result.table_id: the new table; result.rows_loaded: the rows of every file imported
  // [import]
  return result;
}

class ImportE2E : public E2ETest {
 protected:
  void SetUp() override {
    E2ETest::SetUp();
    char pattern[] = "/tmp/moi-import-e2e-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    CreateCatalogRequest catalog;
    catalog.name = "warehouse";
    CreateDatabaseRequest database;
    database.catalog_id = client().catalog().create_catalog(catalog);
    database.name = "sales";
    database_id_ = client().catalog().create_database(database);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& content) const {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  ImportOptions options() const {
    ImportOptions o;
    o.wait_options = on_emulator_time<LoadTaskWaitOptions>();
    return o;
  }

  std::vector<std::vector<Json>> rows_of(const std::string& table_id) {
    std::vector<std::vector<Json>> rows;
    for (const TableRow& row : table_rows(client(), table_id, 2)) rows.push_back(row.cells);
    return rows;
  }

  std::string dir_;
  std::string database_id_;
};

TEST_F(ImportE2E, StagedFilesPreviewLinkAndDelete) {
  StageFilesRequest stage;
  stage.files = {{write("orders.csv", kHardCsv)}, {write("plain.csv", "x;y\n1;2\n")}};
  const std::vector<std::string> ids = client().files().stage(stage);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_NE(ids[0], ids[1]);

  PreviewStagedRequest preview;
  preview.conn_file_id = ids[0];
  const StagedFilePreview seen = client().files().preview_staged(preview);
  EXPECT_EQ(seen.conn_file_id, ids[0]);
  EXPECT_EQ(seen.file_type, FileType::kCsv);
  ASSERT_EQ(seen.rows.size(), 4u);  // one entry per column
  EXPECT_EQ(seen.rows[1].column_name, "name");
  EXPECT_EQ(seen.rows[1].char_number, "B");
  EXPECT_EQ(seen.rows[1].column_values,
            (std::vector<std::string>{
                "Smith, John", "Z\xC3\xBCrich \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x9A\x80", ""}));
  // Another separator, no header: columns A and B.
  preview.conn_file_id = ids[1];
  preview.is_column_name = false;
  preview.csv = PreviewCsvOptions{";"};
  const StagedFilePreview plain = client().files().preview_staged(preview);
  ASSERT_EQ(plain.rows.size(), 2u);
  EXPECT_EQ(plain.rows[0].char_column_name, "A");
  EXPECT_EQ(plain.rows[0].column_values, (std::vector<std::string>{"x", "1"}));

  // The link serves the staged bytes without the key.
  const std::string url = client().files().staged_link(ids[0]);
  const auto slash = url.find('/', url.find("://") + 3);
  httplib::Client http(url.substr(0, slash));
  const auto fetched = http.Get(url.substr(slash));
  ASSERT_TRUE(fetched);
  EXPECT_EQ(fetched->status, 200);
  EXPECT_EQ(fetched->body, kHardCsv);

  client().files().delete_staged(ids[0]);
  const auto gone = error_of([&] { client().files().staged_link(ids[0]); });
  ASSERT_TRUE(gone.has_value());
  EXPECT_EQ(gone->http_status(), 404);
  EXPECT_EQ(emulator().request_count("U2"), 1u);
  EXPECT_EQ(emulator().request_count("U5"), 1u);
}

TEST_F(ImportE2E, AHardCsvRoundTripsThroughImportRowsAndDownload) {
  const std::string path = write("orders.csv", kHardCsv);
  ImportOptions o = options();
  o.description = "imported by the e2e test";
  std::vector<std::string> steps;
  o.on_progress = [&steps](const std::string&, const std::string& step) { steps.push_back(step); };
  std::ostringstream err;
  const ImportResult result = import_as_documented(client(), database_id_, path, o, err);
  EXPECT_EQ(err.str(), "");

  EXPECT_TRUE(result.table_created);
  EXPECT_FALSE(result.table_id.empty());
  EXPECT_EQ(result.failed, 0u);
  EXPECT_EQ(result.rows_loaded, 3);
  ASSERT_EQ(result.files.size(), 1u);
  EXPECT_TRUE(result.files[0].imported);
  EXPECT_EQ(result.files[0].rows, 3);
  EXPECT_FALSE(result.files[0].task_id.empty());
  EXPECT_EQ(steps, (std::vector<std::string>{"staging", "importing", "imported"}));
  // The staged copy was deleted once imported.
  EXPECT_EQ(emulator().request_count("U5"), 1u);
  EXPECT_EQ(
      error_of([&] { client().files().staged_link(result.files[0].conn_file_id); })->http_status(),
      404);

  const auto rows = rows_of(result.table_id);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<Json>{1, "Smith, John", "said \"hi\"\nthen left", 12.5}));
  EXPECT_EQ(rows[1],
            (std::vector<Json>{2, "Z\xC3\xBCrich \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x9A\x80",
                               nullptr, 0.5}));
  EXPECT_EQ(rows[2], (std::vector<Json>{3, "", "plain", -7.25}));
  std::ostringstream csv;
  EXPECT_EQ(download_table(client().tables(), result.table_id, csv), kHardCsv.size());
  EXPECT_EQ(csv.str(), kHardCsv);

  const TableInfo info = client().tables().get_table(result.table_id);
  EXPECT_EQ(info.comment, "imported by the e2e test");
  ASSERT_EQ(info.columns.size(), 4u);
  EXPECT_EQ(info.columns[0].is_pk, true);
  // The load task names the table and the rows.
  const LoadTask task = client().load_tasks().get(result.files[0].task_id);
  ASSERT_TRUE(task.table_path.has_value());
  EXPECT_EQ(task.table_path->id_list.back(), result.table_id);
  EXPECT_EQ(task.table_path->name_list, (std::vector<std::string>{"warehouse", "sales", "orders"}));
  ASSERT_EQ(task.load_results.size(), 1u);
  EXPECT_EQ(task.load_results[0].lines, 3);
}

TEST_F(ImportE2E, AppendOverwriteAndABadFileThatLosesNothing) {
  const std::string first = write("a.csv", "id,name\n1,one\n2,two\n");
  const std::string ragged = write("ragged.csv", "id,name\n3,three\n4,four,extra\n");
  const std::string second = write("b.csv", "name,id\nfive,5\n");  // columns by header name
  const ImportResult made =
      import_to_table(client(), {first, ragged, second}, {database_id_, "people"}, options());
  EXPECT_TRUE(made.table_created);
  ASSERT_EQ(made.files.size(), 3u);
  EXPECT_TRUE(made.files[0].imported);
  EXPECT_FALSE(made.files[1].imported);
  EXPECT_NE(made.files[1].error.find("ragged.csv"), std::string::npos) << made.files[1].error;
  EXPECT_NE(made.files[1].error.find("line 3"), std::string::npos) << made.files[1].error;
  EXPECT_TRUE(made.files[2].imported);
  EXPECT_EQ(made.failed, 1u);
  EXPECT_EQ(made.rows_loaded, 3);
  EXPECT_EQ(rows_of(made.table_id),
            (std::vector<std::vector<Json>>{{"1", "one"}, {"2", "two"}, {"5", "five"}}));

  // Append by name (the default for an existing table is an error: the mode says).
  ImportOptions append = options();
  append.mode = ImportMode::kAppend;
  const ImportResult appended = import_to_table(client(), {write("c.csv", "id,name\n6,six\n")},
                                                {database_id_, "people"}, append);
  EXPECT_FALSE(appended.table_created);
  EXPECT_EQ(appended.table_id, made.table_id);
  EXPECT_EQ(rows_of(made.table_id).size(), 4u);

  // Overwrite by id: only the new rows remain.
  ImportOptions overwrite = options();
  overwrite.mode = ImportMode::kOverwrite;
  ImportTarget by_id;
  by_id.database_id = database_id_;
  by_id.table_id = made.table_id;
  import_to_table(client(), {write("d.csv", "id,name\n9,nine\n")}, by_id, overwrite);
  EXPECT_EQ(rows_of(made.table_id), (std::vector<std::vector<Json>>{{"9", "nine"}}));

  // A mapping naming a missing file column is refused naming it; nothing is lost.
  ImportOptions mapped = options();
  mapped.mode = ImportMode::kAppend;
  mapped.mapping = {ImportColumnMapping{"name", "nickname"}};
  const ImportResult refused =
      import_to_table(client(), {write("e.csv", "id,name\n10,ten\n")}, by_id, mapped);
  EXPECT_EQ(refused.failed, 1u);
  EXPECT_NE(refused.files[0].error.find("\"nickname\" names no column"), std::string::npos)
      << refused.files[0].error;
  EXPECT_EQ(rows_of(made.table_id).size(), 1u);
}

TEST_F(ImportE2E, BadTargetsAndPathsAreTypedErrorsBeforeAnyImport) {
  const std::string good = write("a.csv", "id\n1\n");
  // A missing path: nothing is sent at all.
  const auto before = emulator().request_count("C5");
  const auto missing = error_of<InvalidArgumentError>([&] {
    import_to_table(client(), {good, dir_ + "/nope.csv"}, {database_id_, "t"});
  });
  ASSERT_TRUE(missing.has_value());
  EXPECT_NE(std::string(missing->what()).find("nope.csv"), std::string::npos);
  const auto directory = error_of<InvalidArgumentError>([&] {
    import_to_table(client(), {dir_}, {database_id_, "t"});
  });
  ASSERT_TRUE(directory.has_value());
  EXPECT_NE(std::string(directory->what()).find("is a directory"), std::string::npos);
  EXPECT_EQ(emulator().request_count("C5"), before);
  EXPECT_EQ(emulator().request_count("U2"), 0u);

  // Append into a table that does not exist: a LookupError naming the database's tables.
  import_to_table(client(), {good}, {database_id_, "existing"}, options());
  ImportOptions append = options();
  append.mode = ImportMode::kAppend;
  const auto absent = error_of<LookupError>([&] {
    import_to_table(client(), {good}, {database_id_, "absent"}, append);
  });
  ASSERT_TRUE(absent.has_value());
  EXPECT_NE(std::string(absent->what()).find("no table named \"absent\""), std::string::npos);
  EXPECT_NE(std::string(absent->what()).find("\"existing\""), std::string::npos);
  // A new table whose name is taken.
  const auto taken = error_of<LookupError>([&] {
    import_to_table(client(), {good}, {database_id_, "existing"}, options());
  });
  ASSERT_TRUE(taken.has_value());
  EXPECT_NE(std::string(taken->what()).find("already holds a table named \"existing\""),
            std::string::npos);
  EXPECT_EQ(emulator().request_count("U2"), 1u);  // only the first import staged anything

  // A table id that does not exist: 404 before any file is staged.
  ImportTarget by_id;
  by_id.database_id = database_id_;
  by_id.table_id = "999";
  const auto unknown_id =
      error_of<HttpError>([&] { import_to_table(client(), {good}, by_id, append); });
  ASSERT_TRUE(unknown_id.has_value());
  EXPECT_EQ(unknown_id->http_status(), 404);
  EXPECT_EQ(emulator().request_count("U2"), 1u);
  // Column types or keys for an existing table: refused, nothing sent.
  ImportOptions typed_append = append;
  typed_append.column_types = {{"id", "int"}};
  const auto reshaped = error_of<InvalidArgumentError>([&] {
    import_to_table(client(), {good}, {database_id_, "existing"}, typed_append);
  });
  ASSERT_TRUE(reshaped.has_value());
  EXPECT_STREQ(reshaped->what(),
               "invalid argument: import_to_table: column_types and primary_key shape a new "
               "table; the append of an "
               "existing table keeps its columns");
  EXPECT_EQ(emulator().request_count("U2"), 1u);
  // A column type or key naming a column the file does not have: the file fails naming the
  // file's columns, and no table is created.
  for (const bool key : {false, true}) {
    ImportOptions misnamed = options();
    if (key) {
      misnamed.primary_key = {"nosuch"};
    } else {
      misnamed.column_types = {{"nosuch", "int"}};
    }
    const ImportResult failed =
        import_to_table(client(), {good}, {database_id_, "typed"}, misnamed);
    ASSERT_EQ(failed.failed, 1u);
    EXPECT_EQ(failed.files[0].error, std::string("invalid argument: import_to_table: ") +
                                         (key ? "primary_key" : "column_types") +
                                         " column \"nosuch\" is not a column of " + good +
                                         " (its columns: \"id\")");
    EXPECT_FALSE(client().tables().table_exists(database_id_, "typed"));
  }
}

// A first file whose row has a field too many: the preview keeps the header's columns and
// the import names the ragged line (it named a column "past the file's 3 columns" before).
TEST_F(ImportE2E, ARaggedFirstFileNamesItsLine) {
  const std::string ragged = write("wide.csv", "id,name,note\n1,a,b\n2,b,c,d\n");
  const ImportResult result =
      import_to_table(client(), {ragged}, {database_id_, "wide"}, options());
  ASSERT_EQ(result.failed, 1u);
  EXPECT_NE(result.files[0].error.find("wide.csv: line 3: 4 fields, expected 3 (a ragged row)"),
            std::string::npos)
      << result.files[0].error;
}

TEST_F(ImportE2E, HostileTableAndColumnNamesAreOnlyData) {
  const std::string name = "x\"; DROP TABLE moi_tables; -- `y`";
  const std::string path = write("h.csv", "\"a\"\"b\",`c`;--\n1,2\n");
  const ImportResult result = import_to_table(client(), {path}, {database_id_, name}, options());
  ASSERT_EQ(result.failed, 0u) << result.files[0].error;
  EXPECT_TRUE(client().tables().table_exists(database_id_, name));
  const TableData page = [&] {
    TableDataRequest request;
    request.id = result.table_id;
    return client().tables().get_rows(request);
  }();
  ASSERT_EQ(page.columns.size(), 2u);
  EXPECT_EQ(page.columns[0].name, "a\"b");
  EXPECT_EQ(page.columns[1].name, "`c`;--");
  EXPECT_EQ(page.data, (std::vector<Json>{Json::array({"1", "2"})}));
  // The store still works: another table imports fine.
  EXPECT_EQ(import_to_table(client(), {path}, {database_id_, "after"}, options()).failed, 0u);
}

}  // namespace
}  // namespace moi::e2e
