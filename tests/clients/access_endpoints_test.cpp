// SPDX-License-Identifier: Apache-2.0
// Users, roles, privileges and audit logs (PLATFORM-NOTES §7: US1-US13, RO1-RO10, LG1-LG2)
// through the real libcurl transport against a loopback server: method, host-root path, exact
// body, the answers decoded, the pagers, the per-user client and the secrets kept out of every
// error and log line.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "moi/client.hpp"
#include "moi/helpers/pagination.hpp"
#include "root_post_test.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using testing::CannedResponse;
using testing::envelope;
using testing::no_data;
using testing::RecordedRequest;
using testing::TestServer;

constexpr const char* kKey = "access-test-admin-key";

const Json kUser = {{"id", 12},
                    {"name", "reader"},
                    {"status", "enable"},
                    {"phone", "123"},
                    {"email", "r@example.com"},
                    {"reserved", false},
                    {"role_list", {{{"id", 5}, {"name", "readers"}, {"status", "enable"}}}},
                    {"last_login", ""},
                    {"description", "d"},
                    {"created_at", "2026-01-02T03:04:05Z"},
                    {"updated_at", "2026-01-02T03:04:05Z"},
                    {"department", "x"}};

class AccessEndpointTest : public ::testing::Test {
 protected:
  AccessEndpointTest() : client_(make_options()) {}

  ClientOptions make_options() {
    ClientOptions options;
    options.base_url = server_.base_url();
    options.api_key = kKey;
    options.retry.sleeper = [](std::chrono::milliseconds) {};
    options.logger = [this](LogLevel, const std::string& line) {
      std::lock_guard<std::mutex> lock(log_mutex_);
      log_ += line + "\n";
    };
    return options;
  }

  // The requests made so far, each checked for method, path and key.
  std::vector<RecordedRequest> requests(const std::vector<std::string>& paths,
                                        const std::string& key = kKey) {
    const auto all = server_.requests();
    EXPECT_EQ(all.size(), paths.size());
    for (std::size_t i = 0; i < std::min(all.size(), paths.size()); ++i) {
      EXPECT_EQ(all[i].method, "POST") << i;
      EXPECT_EQ(all[i].path, paths[i]) << i;
      EXPECT_EQ(all[i].header("moi-key"), key) << i;
    }
    return all;
  }

  std::string log() {
    std::lock_guard<std::mutex> lock(log_mutex_);
    return log_;
  }

  TestServer server_;
  std::mutex log_mutex_;
  std::string log_;
  Client client_;
};

TEST_F(AccessEndpointTest, CreateUserSendsTheBodyAndAnswersIdAndKey) {
  server_.enqueue(envelope({{"id", 12}, {"api_key", "user-key-0123456789"}}));
  CreateUserRequest request;
  request.name = "reader";
  request.password = "pw-secret-771";
  request.role_id_list = {"5", "6"};
  request.email = "r@example.com";
  request.get_api_key = true;
  const CreatedUser created = client_.users().create(request);
  const auto sent = requests({"/user/create"});
  EXPECT_EQ(sent[0].json(), (Json{{"name", "reader"},
                                  {"password", "pw-secret-771"},
                                  {"role_id_list", {5, 6}},
                                  {"email", "r@example.com"},
                                  {"get_api_key", true}}));
  EXPECT_EQ(created.id, "12");
  EXPECT_EQ(created.api_key, "user-key-0123456789");
  EXPECT_EQ(mask_secrets(created).api_key, "***");
}

TEST_F(AccessEndpointTest, CreateUserWithoutRolesSendsAnEmptyList) {
  server_.enqueue(envelope({{"id", 13}}));
  CreateUserRequest request;
  request.name = "n";
  request.password = "p";
  EXPECT_EQ(client_.users().create(request).api_key, std::nullopt);
  EXPECT_EQ(requests({"/user/create"})[0].json(),
            (Json{{"name", "n"}, {"password", "p"}, {"role_id_list", Json::array()}}));
}

TEST_F(AccessEndpointTest, UserCallsOnOneIdSendItAsAJsonInteger) {
  server_.enqueue(no_data());
  server_.enqueue(envelope(kUser));
  server_.enqueue(envelope({{"id", 12}}));
  server_.enqueue(envelope({{"id", 12}}));
  server_.enqueue(envelope({{"id", 12}}));
  server_.enqueue(envelope({{"id", 12}}));
  client_.users().remove("12");
  const UserInfo user = client_.users().get("12");
  client_.users().update_password("12", "new-pw-9981");
  client_.users().update_roles("12", {"5"});
  client_.users().update_status("12", false);
  client_.users().update_status("12", true);
  const auto sent =
      requests({"/user/delete", "/user/detail_info", "/user/update_password",
                "/user/update_role_list", "/user/update_status", "/user/update_status"});
  EXPECT_EQ(sent[0].json(), (Json{{"id", 12}}));
  EXPECT_EQ(sent[1].json(), (Json{{"id", 12}}));
  EXPECT_EQ(sent[2].json(), (Json{{"id", 12}, {"password", "new-pw-9981"}}));
  EXPECT_EQ(sent[3].json(), (Json{{"id", 12}, {"role_id_list", {5}}}));
  EXPECT_EQ(sent[4].json(), (Json{{"id", 12}, {"action", "disable"}}));
  EXPECT_EQ(sent[5].json(), (Json{{"id", 12}, {"action", "enable"}}));
  EXPECT_EQ(user.id, "12");
  EXPECT_EQ(user.name, "reader");
  EXPECT_EQ(user.status, "enable");
  ASSERT_EQ(user.role_list.size(), 1u);
  EXPECT_EQ(user.role_list[0].id, "5");
  EXPECT_EQ(user.role_list[0].name, "readers");
  EXPECT_EQ(user.extra, (Json{{"department", "x"}}));
  EXPECT_EQ(Json(user), kUser);  // lossless
}

TEST_F(AccessEndpointTest, UpdateInfoSendsTheCurrentValueOfUnsetFields) {
  server_.enqueue(envelope(kUser));
  server_.enqueue(envelope({{"id", 12}}));
  UpdateUserInfoRequest update;
  update.id = "12";
  update.email = "new@example.com";
  client_.users().update_info(update);
  const auto sent = requests({"/user/detail_info", "/user/update_info"});
  EXPECT_EQ(
      sent[1].json(),
      (Json{{"id", 12}, {"phone", "123"}, {"email", "new@example.com"}, {"description", "d"}}));
}

TEST_F(AccessEndpointTest, ListUsersSendsTheFlatConditionAndPages) {
  server_.enqueue(envelope({{"total", 3}, {"user_list", {kUser, kUser}}}));
  server_.enqueue(envelope({{"total", 3}, {"user_list", {kUser}}}));
  AccessListRequest request;
  request.page_size = 2;
  request.order = "desc";
  request.order_by = "created_at";
  request.keyword = "rea";
  request.filters.push_back(ListFilter{"name", {"reader"}, true, {}, {}});
  std::vector<UserInfo> users;
  for (const UserInfo& user : all_users(client_.users(), request)) users.push_back(user);
  EXPECT_EQ(users.size(), 3u);
  const auto sent = requests({"/user/list", "/user/list"});
  EXPECT_EQ(sent[0].json(),
            (Json{{"page", 1},
                  {"page_size", 2},
                  {"order", "desc"},
                  {"order_by", "created_at"},
                  {"filters", {{{"name", "name"}, {"values", {"reader"}}, {"fuzzy", true}}}},
                  {"keyword", "rea"}}));
  EXPECT_EQ(sent[1].json()["page"], 2);
}

TEST_F(AccessEndpointTest, TheMeCallsSendNoBodyOrTheirOwnBody) {
  server_.enqueue(envelope({{"key", "my-key-abcdef012345"}, {"created_at", "2026-01-01"}}));
  server_.enqueue(envelope({{"key", "fresh-key-abcdef9876"}}));
  server_.enqueue(envelope(
      {{"user_info", kUser},
       {"authority_code_list", {"U2", "R2"}},
       {"obj_authority_code_list",
        {{{"id", "77"},
          {"category", "table"},
          {"name", "t"},
          {"authority_code_list",
           {{{"code", "DT8"}, {"black_column_list", {"salary"}}, {"rule_list", nullptr}}}}}}}}));
  server_.enqueue(envelope({{"id", 12}}));
  server_.enqueue(envelope({{"id", 12}}));
  const ApiKeyInfo key = client_.users().my_api_key();
  const auto fresh = client_.users().refresh_my_api_key();
  const MyInfo me = client_.users().me();
  UpdateUserInfoRequest update;
  update.phone = "1";
  update.email = "2";
  update.description = "3";
  client_.users().update_my_info(update);
  client_.users().update_my_password("my-new-pw-55");
  const auto sent = requests({"/user/me/api-key", "/user/me/api-key/refresh", "/user/me/info",
                              "/user/me/update_info", "/user/me/update_password"});
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(sent[i].body.empty()) << i;
    EXPECT_FALSE(sent[i].has_header("Content-Type")) << i;
  }
  EXPECT_EQ(sent[3].json(), (Json{{"phone", "1"}, {"email", "2"}, {"description", "3"}}));
  EXPECT_EQ(sent[4].json(), (Json{{"password", "my-new-pw-55"}}));
  EXPECT_EQ(key.key, "my-key-abcdef012345");
  EXPECT_EQ(mask_secrets(key).key, "***");
  EXPECT_EQ(fresh, "fresh-key-abcdef9876");
  EXPECT_EQ(me.user_info.name, "reader");
  EXPECT_EQ(me.authority_code_list, (std::vector<std::string>{"U2", "R2"}));
  ASSERT_EQ(me.obj_authority_code_list.size(), 1u);
  EXPECT_EQ(me.obj_authority_code_list[0].authority_code_list[0].black_column_list,
            (std::vector<std::string>{"salary"}));
}

TEST_F(AccessEndpointTest, ARefreshWithoutDataAnswersNoKey) {
  server_.enqueue(no_data());
  server_.enqueue(envelope(Json::object()));
  EXPECT_EQ(client_.users().refresh_my_api_key(), std::nullopt);
  EXPECT_EQ(client_.users().refresh_my_api_key(), std::nullopt);
}

TEST_F(AccessEndpointTest, RoleCallsSendTheDocumentedBodies) {
  const Json obj = {
      {"id", "77"},
      {"category", "table"},
      {"name", ""},
      {"authority_code_list",
       {{{"code", "DT8"},
         {"black_column_list", {"salary"}},
         {"rule_list",
          {{{"column", "region"},
            {"relation", "or"},
            {"expression_list",
             {{{"operator", "in"}, {"expression", {"eu", "us"}}, {"match_type", "c"}}}}}}}}}}};
  const Json role = {{"id", 5},
                     {"name", "readers"},
                     {"status", "enable"},
                     {"reserved", false},
                     {"description", "d"},
                     {"authority_list", {{{"code", "U2"}, {"name", "list users"}}}},
                     {"obj_authority_list", {obj}},
                     {"created_at", "2026-01-01T00:00:00Z"},
                     {"updated_at", "2026-01-01T00:00:00Z"}};
  server_.enqueue(envelope({{"id", 5}}));
  server_.enqueue(envelope(role));
  server_.enqueue(envelope({{"total", 1}, {"role_list", {role}}}));
  server_.enqueue(envelope(
      {{"total", 1},
       {"list",
        {{{"code", "DT8"},
          {"role_list",
           {{{"id", 5}, {"name", "readers"}, {"reserved", false}, {"is_obj_priv", true}}}}}}}}));
  server_.enqueue(envelope({{"role_id", 5}}));
  server_.enqueue(envelope({{"id", 5}}));
  server_.enqueue(no_data());
  server_.enqueue(envelope({{"id", 5}}));
  server_.enqueue(
      envelope({{"total", 1},
                {"list",
                 {{{"id", "3"},
                   {"name", "sales"},
                   {"type", "database"},
                   {"node_list", {{{"id", "77"}, {"name", "orders"}, {"database_id", "3"}}}}}}}}));
  server_.enqueue(envelope({{"id", 5}}));

  CreateRoleRequest create;
  create.name = "readers";
  create.obj_authority_code_list.push_back(obj.get<ObjectPrivilege>());
  EXPECT_EQ(client_.roles().create(create), "5");
  const RoleInfo got = client_.roles().get("5");
  const auto listed = client_.roles().list();
  const auto by_object = client_.roles().list_by_object("table", "77");
  UpdateRoleCodesRequest codes;
  codes.role_id = "5";
  codes.category = "table";
  codes.object_id = "77";
  codes.code_list = {"DT8"};
  client_.roles().update_codes(codes);
  UpdateRoleInfoRequest info;
  info.id = "5";
  info.authority_code_list = {"U2"};
  info.description = "d2";
  client_.roles().update_info(info);
  UpdateRolesByObjectRequest by_obj;
  by_obj.object_id = "77";
  by_obj.code = "DT8";
  by_obj.role_id_list = {"5"};
  client_.roles().update_roles_by_object(by_obj);
  client_.roles().update_status("5", false);
  const auto objects = client_.roles().list_objects("table");
  client_.roles().remove("5");

  const auto sent =
      requests({"/role/create", "/role/info", "/role/list", "/role/list_by_category_and_obj",
                "/role/update_code_list", "/role/update_info", "/role/update_roles_by_obj",
                "/role/update_status", "/rbac/priv/list_obj_by_category", "/role/delete"});
  EXPECT_EQ(sent[0].json(), (Json{{"name", "readers"},
                                  {"authority_code_list", Json::array()},
                                  {"obj_authority_code_list", {obj}}}));
  EXPECT_EQ(sent[1].json(), (Json{{"id", 5}}));
  EXPECT_EQ(sent[2].json(), Json::object());
  EXPECT_EQ(sent[3].json(), (Json{{"category", "table"}, {"id", "77"}}));
  EXPECT_EQ(sent[4].json(),
            (Json{{"role_id", 5}, {"category", "table"}, {"id", "77"}, {"code_list", {"DT8"}}}));
  EXPECT_EQ(sent[5].json(), (Json{{"id", 5},
                                  {"authority_code_list", {"U2"}},
                                  {"obj_authority_code_list", Json::array()},
                                  {"description", "d2"}}));
  EXPECT_EQ(sent[6].json(), (Json{{"id", "77"}, {"code", "DT8"}, {"role_id_list", {5}}}));
  EXPECT_EQ(sent[7].json(), (Json{{"id", 5}, {"action", "disable"}}));
  EXPECT_EQ(sent[8].json(), (Json{{"category", "table"}}));
  EXPECT_EQ(sent[9].json(), (Json{{"id", 5}}));

  EXPECT_EQ(Json(got), role);  // lossless, rules included
  ASSERT_EQ(got.obj_authority_list.size(), 1u);
  const CodeRule& rule = got.obj_authority_list[0].authority_code_list[0];
  EXPECT_EQ(rule.code, "DT8");
  ASSERT_EQ(rule.rule_list.size(), 1u);
  EXPECT_EQ(rule.rule_list[0].column, "region");
  EXPECT_EQ(rule.rule_list[0].expression_list[0].operator_, "in");
  EXPECT_EQ(rule.rule_list[0].expression_list[0].expression,
            (std::vector<std::string>{"eu", "us"}));
  EXPECT_EQ(listed.total, 1);
  ASSERT_EQ(by_object.list.size(), 1u);
  EXPECT_EQ(by_object.list[0].role_list[0].is_obj_priv, true);
  ASSERT_EQ(objects.list.size(), 1u);
  EXPECT_EQ(objects.list[0].node_list[0].id, "77");
  EXPECT_EQ(objects.list[0].node_list[0].database_id, "3");
}

TEST_F(AccessEndpointTest, NullRuleListsDecodeAndEncodeBackAsNull) {
  const Json rule = {{"code", "DT8"}, {"black_column_list", nullptr}, {"rule_list", nullptr}};
  const CodeRule decoded = rule.get<CodeRule>();
  EXPECT_TRUE(decoded.black_column_list.empty());
  EXPECT_EQ(Json(decoded), rule);
}

TEST_F(AccessEndpointTest, AuditLogsPageAndKeepTheEmulatorsExtraKeys) {
  const Json entry = {{"type", "create_user"}, {"user_name", "admin"},
                      {"role_name", ""},       {"created_at", "2026-01-01T00:00:00Z"},
                      {"status", "success"},   {"description", "created user reader (id 12)"},
                      {"target_id", "12"}};
  server_.enqueue(envelope({{"total", 1}, {"role_list", {entry}}}));
  server_.enqueue(envelope({{"total", 0}, {"role_list", nullptr}}));
  AccessListRequest request;
  request.filters.push_back(ListFilter{"user_id", {"12"}, false, {}, {}});
  std::vector<AuditLog> user_logs;
  for (const AuditLog& log : all_user_logs(client_.audit_logs(), request)) user_logs.push_back(log);
  const auto role_logs = client_.audit_logs().role_logs();
  const auto sent = requests({"/log/user", "/log/role"});
  EXPECT_EQ(sent[0].json(),
            (Json{{"page", 1},
                  {"page_size", 100},
                  {"filters", {{{"name", "user_id"}, {"values", {"12"}}, {"fuzzy", false}}}}}));
  ASSERT_EQ(user_logs.size(), 1u);
  EXPECT_EQ(user_logs[0].type, "create_user");
  EXPECT_EQ(user_logs[0].extra, (Json{{"target_id", "12"}}));
  EXPECT_EQ(role_logs.total, 0);
  EXPECT_TRUE(role_logs.role_list.empty());
}

TEST_F(AccessEndpointTest, BadArgumentsAreRefusedBeforeSending) {
  CreateUserRequest no_password;
  no_password.name = "n";
  EXPECT_THROW(client_.users().create(no_password), InvalidArgumentError);
  EXPECT_THROW(client_.users().get(""), InvalidArgumentError);
  EXPECT_THROW(client_.users().update_password("1", ""), InvalidArgumentError);
  EXPECT_THROW(client_.roles().create(CreateRoleRequest{}), InvalidArgumentError);
  EXPECT_THROW(client_.roles().list_objects(""), InvalidArgumentError);
  AccessListRequest bad_page;
  bad_page.page = 0;
  EXPECT_THROW(client_.audit_logs().user_logs(bad_page), InvalidArgumentError);
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(AccessEndpointTest, APermissionErrorIsAnHttpErrorWithTheServiceCode) {
  CannedResponse denied;
  denied.status = 403;
  denied.body = Json{
      {"code", "PERMISSION_DENIED"},
      {"msg", "permission denied: privilege U2 (list users) is required"},
      {"request_id",
       "r-9"}}.dump();
  server_.enqueue(denied);
  try {
    client_.users().list();
    FAIL() << "expected an HttpError";
  } catch (const HttpError& error) {
    EXPECT_EQ(error.http_status(), 403);
    EXPECT_EQ(error.service_code(), "PERMISSION_DENIED");
    EXPECT_NE(std::string(error.what()).find("U2"), std::string::npos);
    EXPECT_FALSE(error.retryable());
  }
}

TEST_F(AccessEndpointTest, PasswordsAndKeysNeverShowInErrorsOrLogs) {
  // A server echoing the password in an error, and the new key in a malformed answer.
  CannedResponse echo;
  echo.status = 400;
  echo.body = Json{
      {"code", "INVALID_ARGUMENT"},
      {"msg", "password pw-echo-secret-4412 is too weak"},
      {"request_id",
       "r-2"}}.dump();
  server_.enqueue(echo);
  server_.enqueue(envelope({{"key", "leaky-new-key-778899"}, {"created_at", {"not", "a time"}}}));
  server_.enqueue(envelope({{"id", "not-a-number"}, {"api_key", 998877665544}}));
  std::string messages;
  try {
    client_.users().update_password("12", "pw-echo-secret-4412");
  } catch (const Error& error) {
    messages += error.what();
  }
  try {
    client_.users().refresh_my_api_key();
  } catch (const Error& error) {
    messages += error.what();
  }
  CreateUserRequest create;
  create.name = "n";
  create.password = "pw-create-secret-1";
  create.get_api_key = true;
  try {
    (void)client_.users().create(create);
  } catch (const Error&) {
  }
  messages += log();
  EXPECT_EQ(messages.find("pw-echo-secret-4412"), std::string::npos) << messages;
  EXPECT_EQ(messages.find("leaky-new-key-778899"), std::string::npos) << messages;
  EXPECT_EQ(messages.find("pw-create-secret-1"), std::string::npos) << messages;
  EXPECT_EQ(messages.find(kKey), std::string::npos) << messages;
  EXPECT_NE(messages.find("[REDACTED]"), std::string::npos) << messages;
}

TEST_F(AccessEndpointTest, WithApiKeySendsTheOtherKeyAndSharesTheRest) {
  EXPECT_THROW((void)client_.with_api_key(""), InvalidArgumentError);
  try {
    (void)client_.with_api_key("bad\nkey-value-3141");
    FAIL() << "expected InvalidArgumentError";
  } catch (const InvalidArgumentError& error) {
    EXPECT_EQ(std::string(error.what()).find("key-value-3141"), std::string::npos);
  }
  const Client user = client_.with_api_key("user-key-2718281828");
  EXPECT_EQ(user.options().base_url, client_.options().base_url);
  EXPECT_EQ(user.options().timeout, client_.options().timeout);
  EXPECT_EQ(client_.options().api_key, kKey);  // the original keeps its key

  constexpr int kThreads = 8;
  for (int i = 0; i < kThreads * 2; ++i) server_.enqueue(envelope(kUser));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const Client mine = client_.with_api_key("user-key-" + std::to_string(t) + "-abcdefgh");
      (void)mine.users().get("12");
      (void)user.users().get("12");
    });
  }
  for (auto& thread : threads) thread.join();
  const auto all = server_.requests();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kThreads * 2));
  int shared = 0;
  for (const auto& request : all) {
    const std::string key = request.header("moi-key");
    EXPECT_NE(key, kKey);
    if (key == "user-key-2718281828") ++shared;
  }
  EXPECT_EQ(shared, kThreads);
  // The per-user key is redacted from that client's own errors.
  CannedResponse echo;
  echo.status = 401;
  echo.body = R"({"code":"UNAUTHENTICATED","msg":"key user-key-2718281828 is invalid"})";
  server_.enqueue(echo);
  try {
    (void)user.users().me();
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()).find("user-key-2718281828"), std::string::npos);
  }
}

}  // namespace
}  // namespace moi
