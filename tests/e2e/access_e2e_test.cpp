// SPDX-License-Identifier: Apache-2.0
// Users, roles, privileges and audit logs end to end (issue 26): the SDK against the emulator's
// enforcement. An administrator creates a read-only user for one table; that user's key reads
// the table's allowed rows and columns (also through run_sql), is refused elsewhere with
// PERMISSION_DENIED, and the audit logs show the operations. Then the bad inputs: unknown codes and
// columns, objects that were deleted, hostile names, disabled users and keys refreshed under load.

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e_fixture.hpp"
#include "moi/helpers/tables.hpp"

namespace moi::e2e {
namespace {

class AccessE2E : public E2ETest {
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

  static TableColumn column(const std::string& name, const std::string& type) {
    TableColumn c;
    c.name = name;
    c.type = type;
    return c;
  }

  // A table "name" (id, region, customer, salary) holding @p csv's rows (header first).
  std::string table_with_rows(const std::string& name, const std::string& csv) {
    CreateTableRequest request;
    request.database_id = database_id_;
    request.name = name;
    request.columns = {column("id", "INT"), column("region", "VARCHAR(16)"),
                       column("customer", "VARCHAR(32)"), column("salary", "INT")};
    const std::string id = client().tables().create_table(request);
    char pattern[] = "/tmp/moi-access-e2e-XXXXXX";
    const std::string dir = ::mkdtemp(pattern);
    const std::string path = dir + "/" + name + ".csv";
    std::ofstream(path, std::ios::binary) << csv;
    LoadFilesRequest upload;
    upload.catalog_name = "warehouse";
    upload.database_name = "sales";
    upload.volume_name = "inbox-" + name;
    upload.files = {{path}};
    upload.wait = on_emulator_time<LoadTaskWaitOptions>();
    const LoadedVolume loaded = load_files(client(), upload);
    std::remove(path.c_str());
    ::rmdir(dir.c_str());
    const std::string link = client().files().link(loaded.files.at(0).file_id).link.value_or("");
    TableLoadRequest load;
    load.id = id;
    load.file_option = Json{{"data_file_url", link},
                            {"type", "csv"},
                            {"start_row", 2},
                            {"csv_config", {{"separator", ","}, {"quote", "\""}}}};
    load.table_option = Json{{"conflict_policy", 0}, {"column_load_options", Json::array()}};
    client().tables().load_table(load);
    return id;
  }

  // DT8 on @p table_id, salary hidden, only the rows of region eu or us.
  // [table-privilege]
  static ObjectPrivilege read_eu_us(const std::string& table_id) {
    RuleExpression in;
    in.operator_ = "in";
    in.expression = {"eu", "us"};
    RowRule rule;
    rule.column = "region";
    rule.relation = "or";
    rule.expression_list = {in};
    CodeRule select;
    select.code = "DT8";
    select.black_column_list = {"salary"};
    select.rule_list = {rule};
    ObjectPrivilege privilege;
    privilege.id = table_id;
    privilege.category = "table";
    privilege.name = "";
    privilege.authority_code_list = {select};
    return privilege;
  }
  // [table-privilege]

  // Expects @p call to fail with HTTP @p status and @p code, its message holding @p text.
  template <class Call>
  static void expect_refused(Call&& call, int status, const std::string& code,
                             const std::string& text) {
    try {
      call();
      ADD_FAILURE() << "expected HTTP " << status << " " << code;
    } catch (const HttpError& error) {
      EXPECT_EQ(error.http_status(), status) << error.what();
      EXPECT_EQ(error.service_code(), code) << error.what();
      EXPECT_NE(std::string(error.what()).find(text), std::string::npos) << error.what();
    }
  }

  static constexpr const char* kCsv =
      "id,region,customer,salary\n1,eu,alice,100\n2,us,bob,200\n3,asia,carol,300\n4,eu,dan,400\n";

  std::string catalog_id_;
  std::string database_id_;
};

TEST_F(AccessE2E, AReadOnlyUserForOneTableSeesItsAllowedRowsAndColumnsAndNothingElse) {
  const std::string orders = table_with_rows("orders", kCsv);
  const std::string other = table_with_rows("payroll", kCsv);

  // The administrator: a role that may read `orders` (no salary, only eu/us), and a user.
  // [access-scenario]
  CreateRoleRequest role;
  role.name = "orders-reader";
  role.description = "reads orders";
  role.obj_authority_code_list = {read_eu_us(orders)};
  const std::string role_id = client().roles().create(role);
  CreateUserRequest user;
  user.name = "reader";
  user.password = "pw-reader-5521";
  user.role_id_list = {role_id};
  user.get_api_key = true;
  const CreatedUser created = client().users().create(user);
  ASSERT_TRUE(created.api_key.has_value());
  const Client reader = client().with_api_key(*created.api_key);
  // [access-scenario]

  // The user's view of `orders`: three rows, three columns.
  TableDataRequest page;
  page.id = orders;
  const TableData data = reader.tables().get_rows(page);
  ASSERT_EQ(data.columns.size(), 3u);
  EXPECT_EQ(data.columns[2].name, "customer");
  EXPECT_EQ(data.total_rows, 3);
  ASSERT_EQ(data.data.size(), 3u);
  EXPECT_EQ(data.data[0], (Json{1, "eu", "alice"}));
  EXPECT_EQ(data.data[1], (Json{2, "us", "bob"}));
  EXPECT_EQ(data.data[2], (Json{4, "eu", "dan"}));
  std::vector<Json> paged;
  for (const TableRow& row : table_rows(reader, orders, 2)) paged.push_back(Json(row.cells));
  EXPECT_EQ(paged.size(), 3u);
  std::ostringstream csv;
  download_table(reader.tables(), orders, csv);
  EXPECT_EQ(csv.str(), "id,region,customer\n1,eu,alice\n2,us,bob\n4,eu,dan\n");
  // The signed link it asks for serves the same view.
  const std::string link = reader.tables().download_link(orders);
  EXPECT_NE(link.find("user="), std::string::npos);
  // run_sql reads the same view: the hidden column does not exist for it, and a table without
  // the privilege is refused, alone or in a join.
  const RunSqlResult selected = reader.data_asking().run_sql("SELECT * FROM sales.orders");
  ASSERT_EQ(selected.results.size(), 1u);
  ASSERT_EQ(selected.results[0].columns.size(), 3u);
  EXPECT_EQ(selected.results[0].columns[2].name, "customer");
  EXPECT_EQ(Json(selected.results[0].rows),
            Json::parse(R"([["1","eu","alice"],["2","us","bob"],["4","eu","dan"]])"));
  expect_refused([&] { reader.data_asking().run_sql("SELECT SUM(salary) FROM sales.orders"); }, 400,
                 "INVALID_ARGUMENT", "no such column: salary");
  expect_refused(
      [&] {
        reader.data_asking().run_sql(
            "SELECT o.id FROM sales.orders o JOIN sales.payroll p ON p.id = o.id");
      },
      403, "PERMISSION_DENIED",
      "needs privilege DT8 (select) on table `sales`.`payroll` (id " + other);
  // The administrator still sees everything.
  EXPECT_EQ(client().tables().get_rows(page).total_rows, 4);
  EXPECT_EQ(
      client().data_asking().run_sql("SELECT SUM(salary) FROM sales.orders").results.at(0).rows,
      (std::vector<std::vector<Json>>{{"1000"}}));

  // Elsewhere: refused with the permission error naming the missing privilege, nothing done.
  page.id = other;
  expect_refused([&] { reader.tables().get_rows(page); }, 403, "PERMISSION_DENIED",
                 "needs privilege DT8 (select) on table " + other);
  expect_refused([&] { reader.users().list(); }, 403, "PERMISSION_DENIED",
                 "needs privilege U2 (list users), which user \"reader\"");
  expect_refused([&] { reader.catalog().list_catalogs(); }, 403, "PERMISSION_DENIED", "DC2");
  CreateRoleRequest grab;
  grab.name = "everything";
  grab.authority_code_list = {"U1", "R1"};
  expect_refused([&] { reader.roles().create(grab); }, 403, "PERMISSION_DENIED", "R1");
  expect_refused([&] { reader.tables().truncate_table(orders); }, 403, "PERMISSION_DENIED", "DT12");
  EXPECT_EQ(client().roles().list().total, 1);
  EXPECT_EQ(client().tables().get_rows(page).total_rows, 4);
  // Its own info needs no privilege.
  const MyInfo me = reader.users().me();
  EXPECT_EQ(me.user_info.name, "reader");
  ASSERT_EQ(me.obj_authority_code_list.size(), 1u);
  EXPECT_EQ(me.obj_authority_code_list[0].id, orders);

  // The audit logs: who did what to which user or role, and when.
  const AuditLogListResponse user_logs = client().audit_logs().user_logs();
  ASSERT_EQ(user_logs.total, 1);
  EXPECT_EQ(user_logs.role_list[0].type, "create_user");
  EXPECT_EQ(user_logs.role_list[0].user_name, "admin");
  EXPECT_EQ(user_logs.role_list[0].extra.value("target_id", ""), created.id.value());
  EXPECT_EQ(user_logs.role_list[0].extra.value("target_name", ""), "reader");
  EXPECT_TRUE(user_logs.role_list[0].created_at.has_value());
  const AuditLogListResponse role_logs = client().audit_logs().role_logs();
  ASSERT_EQ(role_logs.total, 1);
  EXPECT_EQ(role_logs.role_list[0].type, "create_role");
  EXPECT_EQ(role_logs.role_list[0].role_name, "orders-reader");
  EXPECT_EQ(role_logs.role_list[0].extra.value("target_id", ""), role_id);
  // Without U8 the user cannot read the log.
  expect_refused([&] { reader.audit_logs().user_logs(); }, 403, "PERMISSION_DENIED", "U8");
}

TEST_F(AccessE2E, DisablingAUserRefusesItsKeyAndReEnablingKeepsIt) {
  CreateRoleRequest role;
  role.name = "lister";
  role.authority_code_list = {"U2"};
  CreateUserRequest user;
  user.name = "u";
  user.password = "pw";
  user.role_id_list = {client().roles().create(role)};
  user.get_api_key = true;
  const CreatedUser created = client().users().create(user);
  const Client as_user = client().with_api_key(created.api_key.value());
  EXPECT_EQ(as_user.users().list().total, 1);
  client().users().update_status(created.id.value(), false);
  expect_refused([&] { as_user.users().list(); }, 401, "UNAUTHENTICATED", "disabled");
  client().users().update_status(created.id.value(), true);
  EXPECT_EQ(as_user.users().list().total, 1);
  EXPECT_EQ(as_user.users().my_api_key().key, created.api_key);
  // A disabled role grants nothing.
  client().roles().update_status(user.role_id_list[0], false);
  expect_refused([&] { as_user.users().list(); }, 403, "PERMISSION_DENIED", "U2");
}

TEST_F(AccessE2E, ARefreshedKeyStopsWorkingAtOnceEvenUnderLoad) {
  CreateRoleRequest role;
  role.name = "lister";
  role.authority_code_list = {"U2"};
  CreateUserRequest user;
  user.name = "busy";
  user.password = "pw-busy-1";
  user.role_id_list = {client().roles().create(role)};
  user.get_api_key = true;
  const std::string old_key = client().users().create(user).api_key.value();
  const Client old_client = client().with_api_key(old_key);

  std::atomic<bool> refreshed{false};
  std::atomic<int> ok_after{0};
  std::atomic<int> other_errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        const bool after = refreshed.load();
        try {
          old_client.users().list();
          if (after) ++ok_after;
        } catch (const HttpError& error) {
          if (error.http_status() != 401) ++other_errors;
          const std::string text = error.what();
          if (text.find(old_key) != std::string::npos) ++other_errors;
        } catch (const Error&) {
          ++other_errors;
        }
      }
    });
  }
  const auto fresh = old_client.users().refresh_my_api_key();
  refreshed = true;
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(fresh.has_value());
  EXPECT_NE(*fresh, old_key);
  EXPECT_EQ(ok_after.load(), 0);  // nothing sent after the refresh answered got through
  EXPECT_EQ(other_errors.load(), 0);
  expect_refused([&] { old_client.users().list(); }, 401, "UNAUTHENTICATED", "invalid moi-key");
  EXPECT_EQ(client().with_api_key(*fresh).users().list().total, 1);
  // The administrator's start-up key cannot be refreshed: it stays the administrator.
  expect_refused([&] { client().users().refresh_my_api_key(); }, 400, "INVALID_ARGUMENT",
                 "start-up key");
  EXPECT_EQ(client().users().my_api_key().key, kApiKey);
}

TEST_F(AccessE2E, BadInputIsRefusedClearlyAndNothingIsHalfApplied) {
  const std::string orders = table_with_rows("orders", kCsv);
  // An unknown privilege code.
  CreateRoleRequest role;
  role.name = "bad";
  role.authority_code_list = {"U2", "ZZ9"};
  expect_refused([&] { client().roles().create(role); }, 400, "INVALID_ARGUMENT",
                 "unknown privilege code \"ZZ9\"");
  // A code of another category, and a rule on a column the table does not have.
  role.authority_code_list = {};
  ObjectPrivilege privilege = read_eu_us(orders);
  privilege.authority_code_list[0].rule_list[0].column = "nope";
  role.obj_authority_code_list = {privilege};
  expect_refused([&] { client().roles().create(role); }, 400, "INVALID_ARGUMENT",
                 "unknown column \"nope\"");
  privilege = read_eu_us(orders);
  privilege.authority_code_list[0].black_column_list = {"wages"};
  role.obj_authority_code_list = {privilege};
  expect_refused([&] { client().roles().create(role); }, 400, "INVALID_ARGUMENT",
                 "unknown column \"wages\"");
  privilege = read_eu_us(orders);
  privilege.authority_code_list[0].code = "DB3";
  role.obj_authority_code_list = {privilege};
  expect_refused([&] { client().roles().create(role); }, 400, "INVALID_ARGUMENT",
                 "does not apply to a table");
  EXPECT_EQ(client().roles().list().total, 0);

  // A failed update leaves the role as it was.
  role.obj_authority_code_list = {read_eu_us(orders)};
  role.authority_code_list = {"U2"};
  const std::string role_id = client().roles().create(role);
  const Json before = Json(client().roles().get(role_id));
  UpdateRoleInfoRequest update;
  update.id = role_id;
  update.authority_code_list = {"R2"};
  privilege = read_eu_us(orders);
  privilege.authority_code_list[0].rule_list[0].column = "missing";
  update.obj_authority_code_list = {privilege};
  expect_refused([&] { client().roles().update_info(update); }, 400, "INVALID_ARGUMENT",
                 "unknown column \"missing\"");
  EXPECT_EQ(Json(client().roles().get(role_id)), before);

  // A role bound to a deleted object.
  client().tables().delete_table(orders);
  role.name = "late";
  role.authority_code_list = {};
  role.obj_authority_code_list = {read_eu_us(orders)};
  expect_refused([&] { client().roles().create(role); }, 400, "INVALID_ARGUMENT",
                 "table \"" + orders + "\" not found (deleted?)");
  UpdateRolesByObjectRequest holders;
  holders.object_id = orders;
  holders.code = "DT8";
  holders.role_id_list = {role_id};
  expect_refused([&] { client().roles().update_roles_by_object(holders); }, 404, "NOT_FOUND",
                 "not found");
  // A user bound to a deleted role.
  client().roles().remove(role_id);
  CreateUserRequest user;
  user.name = "ghost";
  user.password = "pw-ghost-secret";
  user.role_id_list = {role_id};
  expect_refused([&] { client().users().create(user); }, 400, "INVALID_ARGUMENT",
                 "role " + role_id + " not found");

  // Hostile names: control characters and 10,000 characters are refused; quotes are data.
  user.role_id_list = {};
  user.name = "bad\nname";
  expect_refused([&] { client().users().create(user); }, 400, "INVALID_ARGUMENT",
                 "control character");
  user.name = std::string(10000, 'x');
  expect_refused([&] { client().users().create(user); }, 400, "INVALID_ARGUMENT",
                 "10000 bytes long");
  EXPECT_EQ(client().users().list().total, 0);
  user.name = "o'brien \"the\" `admin`";
  const CreatedUser quoted = client().users().create(user);
  EXPECT_EQ(client().users().get(quoted.id.value()).name, "o'brien \"the\" `admin`");
  expect_refused([&] { client().users().create(user); }, 400, "INVALID_ARGUMENT", "already exists");
  // The administrator itself cannot be changed.
  expect_refused([&] { client().users().update_status("1", false); }, 400, "INVALID_ARGUMENT",
                 "administrator");
}

TEST_F(AccessE2E, TableRoleHelpersFindOrCreateAndKeepWhatIsNotGiven) {
  const std::string orders = table_with_rows("orders", kCsv);
  const std::string payroll = table_with_rows("payroll", kCsv);
  const RoleClient roles = client().roles();
  // [table-role-helpers]
  const TableRole first =
      create_table_role(roles, "analysts", "reads orders", {TablePrivilege{orders, {"DT8"}, {}}});
  EXPECT_TRUE(first.created);
  // Found by name the second time (the fuzzy filter also matches "analysts-2").
  create_table_role(roles, "analysts-2", "", {TablePrivilege{payroll, {"DT8"}, {}}});
  const TableRole again = create_table_role(roles, "analysts", "other", {});
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.role_id, first.role_id);
  EXPECT_EQ(roles.list().total, 2);

  // Global codes given, comment and table privileges kept.
  update_table_role(roles, first.role_id, "", std::nullopt, std::vector<std::string>{"U2"});
  // [table-role-helpers]
  RoleInfo role = roles.get(first.role_id);
  EXPECT_EQ(role.description, "reads orders");
  ASSERT_EQ(role.authority_list.size(), 1u);
  EXPECT_EQ(role.authority_list[0].code, "U2");
  ASSERT_EQ(role.obj_authority_list.size(), 1u);
  EXPECT_EQ(role.obj_authority_list[0].id, orders);
  // Table privileges given: replaced; global codes kept.
  update_table_role(roles, first.role_id, "reads payroll", {{TablePrivilege{payroll, {"DT8"}, {}}}},
                    std::nullopt);
  role = roles.get(first.role_id);
  EXPECT_EQ(role.description, "reads payroll");
  ASSERT_EQ(role.obj_authority_list.size(), 1u);
  EXPECT_EQ(role.obj_authority_list[0].id, payroll);
  EXPECT_EQ(role.authority_list.size(), 1u);

  // grant_table_select: visible columns and a row rule on one table, the other table kept.
  RuleExpression us;
  us.operator_ = "=";
  us.expression = {"us"};
  RowRule rule;
  rule.column = "region";
  rule.expression_list = {us};
  grant_table_select(roles, first.role_id, orders, {"id", "region", "customer", "salary"},
                     std::vector<std::string>{"id", "customer"}, {rule});
  role = roles.get(first.role_id);
  ASSERT_EQ(role.obj_authority_list.size(), 2u);
  EXPECT_THROW(grant_table_select(roles, first.role_id, orders, {"id"},
                                  std::vector<std::string>{"wages"}, {}),
               InvalidArgumentError);
  CreateUserRequest user;
  user.name = "analyst";
  user.password = "pw-analyst";
  user.role_id_list = {first.role_id};
  user.get_api_key = true;
  const Client analyst = client().with_api_key(client().users().create(user).api_key.value());
  TableDataRequest page;
  page.id = orders;
  const TableData data = analyst.tables().get_rows(page);
  ASSERT_EQ(data.data.size(), 1u);
  EXPECT_EQ(data.data[0], (Json{2, "bob"}));
}

TEST_F(AccessE2E, NoSecretAppearsInAnyAnswerOrError) {
  CreateUserRequest user;
  user.name = "s";
  user.password = "pw-never-shown-8812";
  const CreatedUser created = client().users().create(user);
  EXPECT_FALSE(created.api_key.has_value());  // not asked for
  const std::string shown = Json(client().users().get(created.id.value())).dump() +
                            Json(client().users().list()).dump() +
                            Json(client().audit_logs().user_logs()).dump();
  EXPECT_EQ(shown.find("pw-never-shown-8812"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("moi-user-"), std::string::npos) << shown;  // no key either
  EXPECT_EQ(shown.find("password_hash"), std::string::npos) << shown;
}

}  // namespace
}  // namespace moi::e2e
