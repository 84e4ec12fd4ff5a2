// SPDX-License-Identifier: Apache-2.0
// Connectors: create, validate, list with filters, update, delete, files list.
#include "data_fixture.hpp"

namespace moi::emulator::testing {
namespace {

using EmulatorConnectorTest = DataTest;

json oss_body(const std::string& name,
              const std::string& endpoint = "oss-cn-hangzhou.aliyuncs.com") {
  return json{{"name", name},
              {"source_type", 4},
              {"oss",
               {{"endpoint", endpoint},
                {"access_key_id", "AKID"},
                {"access_key_secret", "s3cr3t"},
                {"bucket_name", "bucket"}}},
              {"usage_type", {1}}};
}

json mo_body(const std::string& name) {
  return json{
      {"name", name},
      {"source_type", 3},
      {"mo", {{"host", "127.0.0.1"}, {"port", 6001}, {"username", "u"}, {"password", "pw"}}}};
}

json list(RootApi& api, const Query& q = {}) {
  Resp r = api.get("/connectors/list", q);
  EXPECT_TRUE(root_ok(r)) << r.raw;
  return r.data();
}

TEST_F(EmulatorConnectorTest, CreateListUpdateDelete) {
  Resp created = root().post("/connectors", oss_body("oss-one"));
  ASSERT_TRUE(root_ok(created)) << created.raw;
  EXPECT_FALSE(created.body.contains("data"));  // the id is not returned
  ASSERT_TRUE(root_ok(root().post("/connectors", mo_body("mo-one"))));
  emu().advance(2000ms);
  ASSERT_TRUE(root_ok(root().post("/connectors", json{{"name", "s3-two"},
                                                      {"source_type", 5},
                                                      {"s3",
                                                       {{"endpoint", "s3.amazonaws.com"},
                                                        {"access_key_id", "a"},
                                                        {"access_key_secret", "b"},
                                                        {"bucket_name", "c"},
                                                        {"region", "us-east-1"},
                                                        {"path_style", true},
                                                        {"session_token", "tok"}}}})));

  json all = list(root());
  EXPECT_EQ(all["total"], 3);
  ASSERT_EQ(all["connectors"].size(), 3u);
  const json& first = all["connectors"][0];
  EXPECT_EQ(first["id"], 100001);
  EXPECT_EQ(first["name"], "oss-one");
  EXPECT_EQ(first["source_type"], 4);
  EXPECT_EQ(first["status"], "active");
  EXPECT_EQ(first["created_at"], 1748598358);
  EXPECT_EQ(first["username"], "admin");
  EXPECT_EQ(first["related_task_ids"], json::array());
  EXPECT_EQ(first["usage_type"], json({1}));
  EXPECT_EQ(first["oss"]["access_key_secret"], "s3cr3t");  // secrets in plain text
  EXPECT_EQ(all["connectors"][2]["s3"]["session_token"], "tok");

  EXPECT_EQ(list(root(), {{"keyword", "ONE"}})["total"], 2);
  EXPECT_EQ(list(root(), {{"source_type", "3"}})["connectors"][0]["name"], "mo-one");
  EXPECT_EQ(list(root(), {{"source_type_list", "4,5"}})["total"], 2);
  EXPECT_EQ(list(root(), {{"source_type_list", "3"}, {"source_type_list", "5"}})["total"], 2);
  EXPECT_EQ(list(root(), {{"status", "active"}})["total"], 3);
  EXPECT_EQ(list(root(), {{"status", "inactive"}})["total"], 0);
  json newest = list(root(), {{"is_desc", "true"}, {"order_by", "created_at"}, {"page_size", "1"}});
  EXPECT_EQ(newest["total"], 3);
  ASSERT_EQ(newest["connectors"].size(), 1u);
  EXPECT_EQ(newest["connectors"][0]["name"], "s3-two");
  json page2 = list(root(), {{"page", "2"}, {"page_size", "2"}});
  ASSERT_EQ(page2["connectors"].size(), 1u);
  EXPECT_EQ(page2["connectors"][0]["id"], 100003);
  EXPECT_TRUE(root_error(root().get("/connectors/list", {{"page", "0"}}), 400, "INVALID_ARGUMENT"));

  emu().advance(5000ms);
  Resp updated = root().put("/connectors/100001",
                            json{{"name", "oss-renamed"}, {"oss", {{"bucket_name", "other"}}}});
  ASSERT_TRUE(root_ok(updated)) << updated.raw;
  json after = list(root(), {{"keyword", "renamed"}});
  ASSERT_EQ(after["total"], 1);
  EXPECT_EQ(after["connectors"][0]["oss"]["bucket_name"], "other");
  EXPECT_EQ(after["connectors"][0]["oss"]["endpoint"], "oss-cn-hangzhou.aliyuncs.com");
  EXPECT_EQ(after["connectors"][0]["updated_at"], 1748598365);
  Resp wrong_type = root().put("/connectors/100001", json{{"s3", {{"endpoint", "x"}}}});
  EXPECT_TRUE(root_error(wrong_type, 400, "INVALID_ARGUMENT")) << wrong_type.raw;
  Resp dup_rename = root().put("/connectors/100001", json{{"name", "mo-one"}});
  EXPECT_TRUE(root_error(dup_rename, 400, "INVALID_ARGUMENT")) << dup_rename.raw;
  EXPECT_TRUE(root_error(root().put("/connectors/999", json{{"name", "x"}}), 404, "NOT_FOUND"));
  EXPECT_TRUE(
      root_error(root().put("/connectors/abc", json{{"name", "x"}}), 400, "INVALID_ARGUMENT"));

  Resp deleted = root().del("/connectors/100002");
  ASSERT_TRUE(root_ok(deleted)) << deleted.raw;
  EXPECT_FALSE(deleted.body.contains("data"));
  EXPECT_EQ(list(root())["total"], 2);
  EXPECT_TRUE(root_error(root().del("/connectors/100002"), 404, "NOT_FOUND"));
  EXPECT_EQ(emu().request_count("K1"), 3u);
  EXPECT_EQ(emu().request_count("K5"), 2u);
}

TEST_F(EmulatorConnectorTest, CreateErrors) {
  ASSERT_TRUE(root_ok(root().post("/connectors", oss_body("dup"))));
  Resp dup = root().post("/connectors", oss_body("dup"));
  EXPECT_TRUE(root_error(dup, 400, "INVALID_ARGUMENT")) << dup.raw;
  EXPECT_NE(dup.body["msg"].get<std::string>().find("dup"), std::string::npos);

  Resp no_config = root().post("/connectors", json{{"name", "x"}, {"source_type", 5}});
  EXPECT_TRUE(root_error(no_config, 400, "INVALID_ARGUMENT")) << no_config.raw;
  EXPECT_NE(no_config.body["msg"].get<std::string>().find("\"s3\""), std::string::npos);

  json missing_field = mo_body("m");
  missing_field["mo"].erase("password");
  Resp mf = root().post("/connectors", missing_field);
  EXPECT_TRUE(root_error(mf, 400, "INVALID_ARGUMENT")) << mf.raw;
  EXPECT_NE(mf.body["msg"].get<std::string>().find("mo.password"), std::string::npos);

  Resp bad_type = root().post("/connectors", json{{"name", "x"}, {"source_type", 9}});
  EXPECT_TRUE(root_error(bad_type, 400, "INVALID_ARGUMENT")) << bad_type.raw;
  Resp no_name = root().post("/connectors", json{{"source_type", 4}});
  EXPECT_TRUE(root_error(no_name, 400, "INVALID_ARGUMENT")) << no_name.raw;
}

TEST_F(EmulatorConnectorTest, Validate) {
  json good = oss_body("v");
  good.erase("name");
  Resp ok = root().post("/connectors/validate", good);
  ASSERT_TRUE(root_ok(ok)) << ok.raw;
  EXPECT_EQ(ok.data(), json({{"valid", true}}));

  json empty = oss_body("v", "");
  empty.erase("name");
  Resp bad = root().post("/connectors/validate", empty);
  ASSERT_TRUE(root_ok(bad)) << bad.raw;
  EXPECT_EQ(bad.data()["valid"], false);
  EXPECT_NE(bad.data()["message"].get<std::string>().find("endpoint"), std::string::npos);

  json mo = mo_body("m");
  mo["mo"]["host"] = "";
  Resp bad_host = root().post("/connectors/validate", mo);
  EXPECT_EQ(bad_host.data()["valid"], false);
  Resp dify = root().post("/connectors/validate",
                          json{{"source_type", 1}, {"dify", {{"api_key", "k"}, {"api_url", ""}}}});
  EXPECT_EQ(dify.data()["valid"], false);
  Resp hdfs = root().post("/connectors/validate", json{{"source_type", 2},
                                                       {"hdfs",
                                                        {{"address", "10.0.0.1:8020"},
                                                         {"auth_type", 1},
                                                         {"username", "u"},
                                                         {"file_path", "/"}}}});
  EXPECT_EQ(hdfs.data()["valid"], true) << hdfs.raw;

  ASSERT_TRUE(root_ok(root().post("/connectors", oss_body("stored"))));
  Resp by_id = root().post("/connectors/validate", json{{"connector_id", 100001}});
  EXPECT_EQ(by_id.data()["valid"], true) << by_id.raw;
  EXPECT_TRUE(
      root_error(root().post("/connectors/validate", json{{"connector_id", 5}}), 404, "NOT_FOUND"));
  EXPECT_TRUE(root_error(root().post("/connectors/validate", json{{"source_type", 4}}), 400,
                         "INVALID_ARGUMENT"));
}

TEST_F(EmulatorConnectorTest, FilesListIsPagedByCursor) {
  ASSERT_TRUE(root_ok(root().post("/connectors", oss_body("oss"))));
  ASSERT_TRUE(root_ok(root().post("/connectors", mo_body("mo"))));
  Resp top = root().get("/connectors/files/list", {{"connector_id", "100001"}});
  ASSERT_TRUE(root_ok(top)) << top.raw;
  ASSERT_EQ(top.data()["files"].size(), 5u);
  EXPECT_EQ(top.data()["files"][0],
            json({{"uri", "data"}, {"filename", "data"}, {"size", 0}, {"type", 10}}));
  EXPECT_EQ(top.data()["has_more"], false);
  EXPECT_EQ(top.data()["cursor"], "");

  Resp p1 = root().get("/connectors/files/list",
                       {{"connector_id", "100001"}, {"dir", "reports"}, {"limit", "3"}});
  ASSERT_TRUE(root_ok(p1)) << p1.raw;
  ASSERT_EQ(p1.data()["files"].size(), 3u);
  EXPECT_EQ(p1.data()["files"][0]["uri"], "reports/report-01.pdf");
  EXPECT_EQ(p1.data()["files"][0]["filename"], "report-01.pdf");
  EXPECT_EQ(p1.data()["files"][0]["type"], 2);
  EXPECT_EQ(p1.data()["has_more"], true);
  Resp p2 =
      root().get("/connectors/files/list", {{"connector_id", "100001"},
                                            {"dir", "reports/"},
                                            {"limit", "3"},
                                            {"cursor", p1.data()["cursor"].get<std::string>()}});
  ASSERT_EQ(p2.data()["files"].size(), 1u);
  EXPECT_EQ(p2.data()["files"][0]["uri"], "reports/report-04.pdf");
  EXPECT_EQ(p2.data()["has_more"], false);
  // Same answer every time (sizes are deterministic).
  EXPECT_EQ(root()
                .get("/connectors/files/list",
                     {{"connector_id", "100001"}, {"dir", "reports"}, {"limit", "3"}})
                .data(),
            p1.data());

  Resp typed =
      root().get("/connectors/files/list", {{"connector_id", "100001"}, {"file_types", "1,11"}});
  EXPECT_EQ(typed.data()["files"].size(), 2u);
  Resp mo = root().get("/connectors/files/list", {{"connector_id", "100002"}});
  EXPECT_EQ(mo.data()["files"], json::array());
  EXPECT_TRUE(
      root_error(root().get("/connectors/files/list", {{"connector_id", "7"}}), 404, "NOT_FOUND"));
  EXPECT_TRUE(root_error(root().get("/connectors/files/list"), 400, "INVALID_ARGUMENT"));
}

}  // namespace
}  // namespace moi::emulator::testing
