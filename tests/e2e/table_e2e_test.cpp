// SPDX-License-Identifier: Apache-2.0
// Catalog tables end to end: the SDK's TableClient, moi::table_rows and moi::download_table
// against the emulator's SQLite table store over loopback HTTP (TB1-TB14), and the hostile
// names and bad bodies the store must refuse or quote.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_fixture.hpp"

namespace moi::e2e {
namespace {

class TableE2E : public E2ETest {
 protected:
  void SetUp() override {
    E2ETest::SetUp();
    CreateCatalogRequest catalog;
    catalog.name = "warehouse";
    catalog_id_ = client().catalog().create_catalog(catalog);
    CreateDatabaseRequest database;
    database.catalog_id = catalog_id_;
    database.name = "sales";
    database_id_ = client().catalog().create_database(database);
  }

  static TableColumn column(const std::string& name, const std::string& type, bool pk = false) {
    TableColumn c;
    c.name = name;
    c.type = type;
    if (pk) c.is_pk = true;
    return c;
  }

  std::string create(const std::string& name, std::vector<TableColumn> columns) {
    CreateTableRequest request;
    request.database_id = database_id_;
    request.name = name;
    request.columns = std::move(columns);
    request.comment = "made by the e2e test";
    return client().tables().create_table(request);
  }

  std::string catalog_id_;
  std::string database_id_;
};

TEST_F(TableE2E, CreateInfoExistOverviewChildrenFullPathRefListDelete) {
  const std::string id =
      create("orders", {column("id", "INT", true), column("customer", "VARCHAR(32)"),
                        column("amount", "DECIMAL(10, 2)")});
  EXPECT_EQ(id, "1");
  const TableClient tables = client().tables();

  const TableInfo info = tables.get_table(id);
  EXPECT_EQ(info.name, "orders");
  EXPECT_EQ(info.lines, 0);
  ASSERT_EQ(info.columns.size(), 3u);
  EXPECT_EQ(info.columns[1].name, "customer");
  EXPECT_EQ(info.columns[1].type, "VARCHAR(32)");
  EXPECT_EQ(info.columns[0].is_pk, true);
  EXPECT_EQ(info.comment, "made by the e2e test");
  EXPECT_EQ(info.create_sql,
            "CREATE TABLE `orders` (\n  `id` INT,\n  `customer` VARCHAR(32),\n  `amount` "
            "DECIMAL(10, 2),\n  PRIMARY KEY (`id`)\n)");

  EXPECT_TRUE(tables.table_exists(database_id_, "orders"));
  EXPECT_FALSE(tables.table_exists(database_id_, "Orders"));

  // The id -1 form (a subscribed database's table) names it by database and name.
  TableRef by_name;
  by_name.id = kTableIdInSubscribedDatabase;
  by_name.table_name = "orders";
  by_name.database_id = database_id_;
  EXPECT_EQ(tables.get_table(by_name).name, "orders");
  TableRef unknown;
  unknown.id = "999";
  TableRef known;
  known.id = id;
  const auto map = tables.get_tables({known, unknown});
  ASSERT_EQ(map.size(), 1u);
  EXPECT_EQ(map.begin()->first, database_id_ + " orders");

  const auto overview = tables.overview();
  ASSERT_EQ(overview.size(), 1u);
  EXPECT_EQ(overview[0].db_name, "sales");
  EXPECT_EQ(overview[0].col_names, (std::vector<std::string>{"id", "customer", "amount"}));

  const auto children = client().catalog().database_children(database_id_);
  ASSERT_EQ(children.size(), 1u);
  EXPECT_EQ(children[0].type, "table");
  EXPECT_EQ(children[0].id, id);
  EXPECT_EQ(children[0].name, "orders");

  const auto paths = tables.full_path({id});
  ASSERT_EQ(paths.size(), 1u);
  EXPECT_EQ(paths[0].id_list, (std::vector<std::string>{catalog_id_, database_id_, id}));
  EXPECT_EQ(paths[0].name_list, (std::vector<std::string>{"warehouse", "sales", "orders"}));
  EXPECT_TRUE(tables.ref_list(id).empty());

  tables.delete_table(id);
  EXPECT_FALSE(tables.table_exists(database_id_, "orders"));
  try {
    tables.get_table(id);
    FAIL() << "a deleted table was found";
  } catch (const Error& error) {
    EXPECT_EQ(error.http_status(), 404);
    EXPECT_NE(std::string(error.what()).find("table 1 not found"), std::string::npos);
  }
}

TEST_F(TableE2E, HostileNamesAreDataNeverSql) {
  // Quotes, backquotes, semicolons and comments in table and column names.
  const std::string name = "x\"; DROP TABLE moi_tables; --`'";
  const std::string id = create(name, {column("a\"b", "INT"), column("c`; --", "TEXT")});
  const TableInfo info = client().tables().get_table(id);
  EXPECT_EQ(info.name, name);
  ASSERT_EQ(info.columns.size(), 2u);
  EXPECT_EQ(info.columns[0].name, "a\"b");
  EXPECT_TRUE(client().tables().table_exists(database_id_, name));
  // The store's own record table is still there: another table can be made and listed.
  create("second", {column("v", "INT")});
  EXPECT_EQ(client().tables().overview().size(), 2u);
}

TEST_F(TableE2E, BadDefinitionsAreRefusedNamingTheField) {
  const auto refused = [this](const std::string& name, std::vector<TableColumn> columns,
                              const std::string& expected) {
    try {
      create(name, std::move(columns));
      ADD_FAILURE() << "accepted: " << expected;
    } catch (const Error& error) {
      EXPECT_EQ(error.http_status(), 400) << expected;
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
    }
  };
  refused("t", {column("a", "INT); DROP TABLE x; --")}, "columns[0].type");
  refused("t", {column("a", "INT"), column("A", "INT")}, "columns[1].name");
  std::vector<TableColumn> wide;
  for (int i = 0; i < 10000; ++i) wide.push_back(column("c" + std::to_string(i), "INT"));
  refused("t", wide, "10000 columns, more than 1000");
  create("t", {column("a", "INT")});
  refused("t", {column("a", "INT")}, "a table named \"t\" exists");
}

TEST_F(TableE2E, EmptyTableRowsCsvTruncate) {
  const std::string id = create("empty", {column("a", "INT"), column("b", "VARCHAR(8)")});
  const TableData page = client().tables().get_rows([&] {
    TableDataRequest request;
    request.id = id;
    request.page = 0;
    request.page_size = 0;
    return request;
  }());
  EXPECT_TRUE(page.data.empty());
  EXPECT_EQ(page.total_rows, 0);
  EXPECT_EQ(page.page, 1);
  EXPECT_EQ(page.page_size, 100);
  std::ostringstream csv;
  EXPECT_EQ(download_table(client().tables(), id, csv), 4u);
  EXPECT_EQ(csv.str(), "a,b\n");
  client().tables().truncate_table(id);
  EXPECT_EQ(client().tables().get_table(id).lines, 0);
  // The TB8 link serves the same CSV without the key (a signed token), and only with it.
  const std::string url = client().tables().download_link(id);
  EXPECT_NE(url.find("/emulator/tables/" + id + "/empty.csv?expires="), std::string::npos);
}

// Every hard case of a CSV (quoted separators, quotes and line breaks inside quotes, UTF-8,
// a NULL and an empty string, a header row) loaded with TB7 from a file of a volume, read back
// with table_rows and download_table: the same values, the same CSV.
TEST_F(TableE2E, LoadedCsvRoundTripsThroughRowsAndDownload) {
  const std::string csv =
      "id,name,note,amount\n"
      "1,\"Smith, John\",\"said \"\"hi\"\"\nthen left\",12.5\n"
      "2,Z\xC3\xBCrich \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x9A\x80,,0.5\n"
      "3,\"\",plain,-7.25\n";
  char pattern[] = "/tmp/moi-table-e2e-XXXXXX";
  const std::string dir = ::mkdtemp(pattern);
  const std::string path = dir + "/orders.csv";
  std::ofstream(path, std::ios::binary) << csv;
  LoadFilesRequest upload;
  upload.catalog_name = "warehouse";
  upload.database_name = "sales";
  upload.volume_name = "inbox";
  upload.files = {{path}};
  upload.wait = on_emulator_time<LoadTaskWaitOptions>();
  const LoadedVolume loaded = load_files(client(), upload);
  std::remove(path.c_str());
  ::rmdir(dir.c_str());
  ASSERT_EQ(loaded.files.size(), 1u);
  const std::string link = client().files().link(loaded.files[0].file_id).link.value_or("");

  const std::string id = create("orders", {column("id", "INT", true), column("name", "VARCHAR(64)"),
                                           column("note", "TEXT"), column("amount", "DOUBLE")});
  TableLoadRequest load;
  load.id = id;
  load.file_option =
      Json{{"data_file_url", link},
           {"type", "csv"},
           {"start_row", 2},
           {"csv_config", {{"separator", ","}, {"quote", "\""}, {"is_escaped", false}}}};
  load.table_option = Json{{"conflict_policy", 0}, {"column_load_options", Json::array()}};
  EXPECT_EQ(client().tables().load_table(load).lines, 3);

  std::vector<std::vector<Json>> rows;
  for (const TableRow& row : table_rows(client(), id, 2)) rows.push_back(row.cells);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<Json>{1, "Smith, John", "said \"hi\"\nthen left", 12.5}));
  EXPECT_EQ(rows[1],
            (std::vector<Json>{2, "Z\xC3\xBCrich \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x9A\x80",
                               nullptr, 0.5}));
  EXPECT_EQ(rows[2], (std::vector<Json>{3, "", "plain", -7.25}));

  std::ostringstream out;
  EXPECT_EQ(download_table(client().tables(), id, out), csv.size());
  EXPECT_EQ(out.str(), csv);
  const TableInfo info = client().tables().get_table(id);
  EXPECT_EQ(info.lines, 3);
  ASSERT_EQ(info.stats.size(), 4u);
  EXPECT_EQ(info.stats[0].min_value, "1");
  EXPECT_EQ(info.stats[0].max_value, "3");

  // Loading the same rows again: conflict 0 fails naming the line and keeps nothing, 1 skips.
  try {
    client().tables().load_table(load);
    ADD_FAILURE() << "a duplicate primary key was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.http_status(), 400);
    EXPECT_NE(std::string(error.what()).find("row 2: its primary key is already in the table"),
              std::string::npos)
        << error.what();
  }
  load.table_option["conflict_policy"] = 1;
  EXPECT_EQ(client().tables().load_table(load).lines, 0);
  EXPECT_EQ(client().tables().get_table(id).lines, 3);

  client().tables().truncate_table(id);
  EXPECT_EQ(client().tables().get_table(id).lines, 0);
  EXPECT_EQ(client().tables().get_table(id).columns.size(), 4u);
}

}  // namespace
}  // namespace moi::e2e
