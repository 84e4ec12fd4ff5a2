// SPDX-License-Identifier: Apache-2.0
// `moi user|role|log|whoami|api-key` against the emulator's users, roles and enforcement: the
// issue's scenario (a read-only user for one table, refused elsewhere, the audit log), masked
// secrets unless --show-secrets, the key refresh printing the new key once on stdout only.
#include "cli_fixture.hpp"

namespace moi::cli::testing {
namespace {

class AccessCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    const Outcome catalog = moi({"catalog", "create", "warehouse"});
    ASSERT_EQ(catalog.code, kExitOk) << catalog;
    const Outcome database = moi({"database", "create", catalog.json().value("id", ""), "sales"});
    ASSERT_EQ(database.code, kExitOk) << database;
    const std::string table =
        R"j({"database_id":")j" + database.json().value("id", "") +
        R"j(","name":"orders","columns":[{"name":"id","type":"INT"},{"name":"region",)j"
        R"j("type":"VARCHAR(16)"},{"name":"customer","type":"VARCHAR(32)"},)j"
        R"j({"name":"salary","type":"INT"}]})j";
    const Outcome created = moi({"table", "create", "--json", table});
    ASSERT_EQ(created.code, kExitOk) << created;
    table_id_ = created.json().value("id", "");
  }

  // Runs `moi` with @p key instead of the administrator's.
  Outcome as(const std::string& key, const std::vector<std::string>& args) {
    const std::string admin = variables_["MOI_API_KEY"];
    variables_["MOI_API_KEY"] = key;
    Outcome r = moi(args);
    variables_["MOI_API_KEY"] = admin;
    return r;
  }

  std::string table_id_;
};

TEST_F(AccessCliTest, AnAdministratorMakesAReadOnlyUserForOneTable) {
  const Outcome role =
      moi({"role", "create", "--json", R"({"name":"orders-reader","description":"reads"})"});
  ASSERT_EQ(role.code, kExitOk) << role;
  const std::string role_id = role.json().value("id", "");
  const Outcome grant = moi({"role", "grant-table", role_id, table_id_, "--columns",
                             "id,region,customer", "--rows", "region in eu,us"});
  ASSERT_EQ(grant.code, kExitOk) << grant;
  const Outcome info = moi({"role", "get", role_id});
  ASSERT_EQ(info.code, kExitOk) << info;
  const Json rule = info.json()["obj_authority_list"][0]["authority_code_list"][0];
  EXPECT_EQ(rule["black_column_list"], Json::array({"salary"}));
  EXPECT_EQ(rule["rule_list"][0]["expression_list"][0]["expression"], Json::array({"eu", "us"}));

  // The key is masked unless --show-secrets.
  const std::string body = R"({"name":"reader","password":"pw-cli-secret-1","role_id_list":[)" +
                           role_id + R"(],"get_api_key":true})";
  const Outcome masked = moi({"user", "create", "--json", body});
  ASSERT_EQ(masked.code, kExitOk) << masked;
  EXPECT_EQ(masked.json().value("api_key", ""), "***");
  EXPECT_EQ(masked.out.find("pw-cli-secret-1"), std::string::npos);
  const Outcome shown = moi({"user", "create", "--show-secrets", "--json",
                             R"({"name":"reader2","password":"pw","get_api_key":true})"});
  ASSERT_EQ(shown.code, kExitOk) << shown;
  EXPECT_EQ(shown.json().value("api_key", "").rfind("moi-user-", 0), 0u);
  const std::string user_id = masked.json().value("id", "");

  // The administrator reads the reader's key the reader way: the reader shows its own.
  const Outcome set = moi({"user", "set-roles", shown.json().value("id", ""), role_id});
  ASSERT_EQ(set.code, kExitOk) << set;
  const std::string key = shown.json().value("api_key", "");
  const Outcome own = as(key, {"api-key", "show"});
  ASSERT_EQ(own.code, kExitOk) << own;
  EXPECT_EQ(own.out, key + "\n");
  EXPECT_EQ(own.err, "");

  // The reader reads the allowed columns, and is refused elsewhere.
  const Outcome data = as(key, {"table", "data", table_id_});
  ASSERT_EQ(data.code, kExitOk) << data;
  EXPECT_EQ(data.json()["columns"].size(), 3u) << data;
  const Outcome refused = as(key, {"user", "list"});
  EXPECT_EQ(refused.code, kExitService) << refused;
  EXPECT_NE(refused.err.find("PERMISSION_DENIED"), std::string::npos) << refused;
  EXPECT_NE(refused.err.find("U2 (list users)"), std::string::npos) << refused;
  EXPECT_EQ(refused.err.find(key), std::string::npos) << refused;
  const Outcome who = as(key, {"whoami"});
  ASSERT_EQ(who.code, kExitOk) << who;
  EXPECT_EQ(who.json()["user_info"].value("name", ""), "reader2");

  // The audit log shows the operations.
  const Outcome users_log = moi({"log", "users", "--output", "table"});
  ASSERT_EQ(users_log.code, kExitOk) << users_log;
  EXPECT_NE(users_log.out.find("create_user"), std::string::npos) << users_log;
  EXPECT_NE(users_log.out.find("reader"), std::string::npos) << users_log;
  EXPECT_NE(users_log.out.find("(id " + user_id + ")"), std::string::npos) << users_log;
  const Outcome roles_log = moi({"log", "roles"});
  ASSERT_EQ(roles_log.code, kExitOk) << roles_log;
  EXPECT_EQ(roles_log.json().value("total", 0), 2);  // create, grant (update_info)

  // Disable refuses the key; enable brings the same key back.
  ASSERT_EQ(moi({"user", "disable", shown.json().value("id", "")}).code, kExitOk);
  EXPECT_EQ(as(key, {"whoami"}).code, kExitService);
  ASSERT_EQ(moi({"user", "enable", shown.json().value("id", "")}).code, kExitOk);
  EXPECT_EQ(as(key, {"whoami"}).code, kExitOk);
}

TEST_F(AccessCliTest, ApiKeyRefreshPrintsTheNewKeyOnceOnStdoutOnly) {
  const Outcome created = moi({"user", "create", "--show-secrets", "--json",
                               R"({"name":"u","password":"pw","get_api_key":true})"});
  ASSERT_EQ(created.code, kExitOk) << created;
  const std::string key = created.json().value("api_key", "");
  const Outcome refreshed = as(key, {"api-key", "refresh"});
  ASSERT_EQ(refreshed.code, kExitOk) << refreshed;
  const std::string fresh = refreshed.out.substr(0, refreshed.out.size() - 1);
  EXPECT_EQ(fresh.rfind("moi-user-", 0), 0u) << refreshed;
  EXPECT_NE(fresh, key);
  EXPECT_EQ(refreshed.err.find(fresh), std::string::npos);
  EXPECT_EQ(as(key, {"whoami"}).code, kExitService);  // the old key: refused at once
  EXPECT_EQ(as(fresh, {"whoami"}).code, kExitOk);
  // A terminal gets a warning on stderr, never the key.
  tty_ = true;
  const Outcome again = as(fresh, {"api-key", "refresh"});
  ASSERT_EQ(again.code, kExitOk) << again;
  EXPECT_NE(again.err.find("warning"), std::string::npos) << again;
  EXPECT_EQ(again.err.find("moi-user-"), std::string::npos) << again;
}

TEST_F(AccessCliTest, BadInputIsAClearErrorAndChangesNothing) {
  const Outcome code =
      moi({"role", "create", "--json", R"({"name":"x","authority_code_list":["Q7"]})"});
  EXPECT_EQ(code.code, kExitService) << code;
  EXPECT_NE(code.err.find("unknown privilege code \"Q7\""), std::string::npos) << code;
  const Outcome role = moi({"role", "create", "--json", R"({"name":"r"})"});
  ASSERT_EQ(role.code, kExitOk) << role;
  const std::string role_id = role.json().value("id", "");
  const Outcome column = moi({"role", "grant-table", role_id, table_id_, "--columns", "id,wages"});
  EXPECT_EQ(column.code, kExitUsage) << column;
  EXPECT_NE(column.err.find("\"wages\""), std::string::npos) << column;
  const Outcome rows = moi({"role", "grant-table", role_id, table_id_, "--rows", "nope = 1"});
  EXPECT_EQ(rows.code, kExitService) << rows;
  EXPECT_NE(rows.err.find("unknown column \"nope\""), std::string::npos) << rows;
  EXPECT_TRUE(moi({"role", "get", role_id}).json()["obj_authority_list"].empty());
  const Outcome name =
      moi({"user", "create", "--json", R"({"name":"a\u0007b","password":"pw-hidden-77"})"});
  EXPECT_EQ(name.code, kExitService) << name;
  EXPECT_NE(name.err.find("control character"), std::string::npos) << name;
  EXPECT_EQ(name.err.find("pw-hidden-77"), std::string::npos) << name;
  EXPECT_EQ(moi({"user", "list"}).json().value("total", -1), 0);
}

}  // namespace
}  // namespace moi::cli::testing
