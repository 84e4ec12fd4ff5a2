// SPDX-License-Identifier: Apache-2.0
// Catalogs, databases, volumes, files, uploads and load tasks at the host root.
#include <regex>

#include "data_fixture.hpp"

namespace moi::emulator::testing {
namespace {

using EmulatorCatalogTest = DataTest;

bool is_19_digits(const json& v) {
  return v.is_string() && std::regex_match(v.get<std::string>(), std::regex("[1-9][0-9]{18}"));
}

TEST_F(EmulatorCatalogTest, CatalogDatabaseVolumeLifecycle) {
  Resp c = root().post("/catalog/create", json{{"name", "my-catalog"}, {"description", "A"}});
  ASSERT_TRUE(root_ok(c)) << c.raw;
  ASSERT_TRUE(c.data()["id"].is_number_integer());
  const auto catalog_id = c.data()["id"].get<std::int64_t>();
  // catalog_id as a numeric string is accepted too.
  Resp d = root().post("/catalog/database/create",
                       json{{"catalog_id", std::to_string(catalog_id)}, {"name", "db1"}});
  ASSERT_TRUE(root_ok(d)) << d.raw;
  const auto database_id = d.data()["id"].get<std::int64_t>();
  Resp v =
      root().post("/catalog/volume/create",
                  json{{"database_id", database_id}, {"name", "origin"}, {"description", "src"}});
  ASSERT_TRUE(root_ok(v)) << v.raw;
  ASSERT_TRUE(is_19_digits(v.data()["id"])) << v.raw;
  const std::string volume_id = v.data()["id"];
  Resp v2 =
      root().post("/catalog/volume/create", json{{"database_id", database_id}, {"name", "b"}});
  ASSERT_TRUE(root_ok(v2));
  EXPECT_GT(v2.data()["id"].get<std::string>(), volume_id);  // increasing

  Resp list = root().post("/catalog/list", json::object());
  ASSERT_TRUE(root_ok(list)) << list.raw;
  ASSERT_EQ(list.data()["list"].size(), 1u);
  EXPECT_EQ(list.data()["list"][0]["name"], "my-catalog");
  EXPECT_EQ(list.data()["list"][0]["volume_count"], 2);
  EXPECT_EQ(list.data()["list"][0]["database_count"], 1);
  EXPECT_EQ(list.data()["list"][0]["created_at"], "2025-05-30T09:45:58Z");

  Resp tree = root().post("/catalog/tree", json::object());
  ASSERT_TRUE(root_ok(tree)) << tree.raw;
  const json& cat = tree.data()["tree"][0];
  EXPECT_EQ(cat["id"], std::to_string(catalog_id));
  EXPECT_EQ(cat["type"], "catalog");
  EXPECT_EQ(cat["node_list"][0]["id"], std::to_string(database_id));
  EXPECT_EQ(cat["node_list"][0]["type"], "database");
  EXPECT_EQ(cat["node_list"][0]["node_list"][0]["id"], volume_id);
  EXPECT_EQ(cat["node_list"][0]["node_list"][0]["type"], "volume");
  EXPECT_EQ(cat["node_list"][0]["node_list"][0]["name"], "origin");

  Resp children = root().post("/catalog/database/children", json{{"id", database_id}});
  ASSERT_TRUE(root_ok(children)) << children.raw;
  ASSERT_EQ(children.data()["list"].size(), 2u);
  EXPECT_EQ(children.data()["list"][0]["id"], volume_id);
  EXPECT_EQ(children.data()["list"][0]["type"], "volume");

  Resp info = root().post("/catalog/volume/info", json{{"id", volume_id}});
  ASSERT_TRUE(root_ok(info)) << info.raw;
  EXPECT_EQ(info.data()["name"], "origin");
  EXPECT_EQ(info.data()["description"], "src");
  EXPECT_EQ(info.data()["created_at"], "2025-05-30T09:45:58Z");

  Resp path = root().post("/catalog/volume/full_path", json{{"volume_id_list", {volume_id}},
                                                            {"database_id_list", {database_id}},
                                                            {"folder_id_list", json::array()}});
  ASSERT_TRUE(root_ok(path)) << path.raw;
  EXPECT_EQ(path.data()["volume_full_path"][0]["name_list"], json({"my-catalog", "db1", "origin"}));
  EXPECT_EQ(path.data()["volume_full_path"][0]["id_list"],
            json({std::to_string(catalog_id), std::to_string(database_id), volume_id}));
  EXPECT_EQ(path.data()["database_full_path"][0]["name_list"], json({"my-catalog", "db1"}));
  EXPECT_EQ(path.data()["folder_full_path"], json::array());

  Resp del = root().post("/catalog/volume/delete", json{{"id", volume_id}});
  ASSERT_TRUE(root_ok(del)) << del.raw;
  EXPECT_EQ(del.data()["id"], volume_id);
  EXPECT_TRUE(
      root_error(root().post("/catalog/volume/info", json{{"id", volume_id}}), 404, "NOT_FOUND"));
  EXPECT_EQ(emu().request_count("C1"), 1u);
  EXPECT_EQ(emu().request_count(Endpoint::kC8DeleteVolume), 1u);
}

TEST_F(EmulatorCatalogTest, CatalogErrors) {
  ASSERT_TRUE(root_ok(root().post("/catalog/create", json{{"name", "dup"}})));
  Resp dup = root().post("/catalog/create", json{{"name", "dup"}});
  EXPECT_TRUE(root_error(dup, 400, "INVALID_ARGUMENT")) << dup.raw;
  EXPECT_NE(dup.body["msg"].get<std::string>().find("dup"), std::string::npos);

  Resp missing = root().post("/catalog/create", json{{"description", "x"}});
  EXPECT_TRUE(root_error(missing, 400, "INVALID_ARGUMENT")) << missing.raw;
  EXPECT_NE(missing.body["msg"].get<std::string>().find("name"), std::string::npos);

  Resp bad_json = root().post_raw("/catalog/create", "{", "application/json");
  EXPECT_TRUE(root_error(bad_json, 400, "INVALID_ARGUMENT")) << bad_json.raw;

  Resp no_catalog =
      root().post("/catalog/database/create", json{{"catalog_id", 99}, {"name", "x"}});
  EXPECT_TRUE(root_error(no_catalog, 404, "NOT_FOUND")) << no_catalog.raw;
  Resp not_int =
      root().post("/catalog/database/create", json{{"catalog_id", "abc"}, {"name", "x"}});
  EXPECT_TRUE(root_error(not_int, 400, "INVALID_ARGUMENT")) << not_int.raw;

  const std::string volume = make_volume("v1");
  const std::string db_id =
      root().post("/catalog/tree", json::object()).data()["tree"][1]["node_list"][0]["id"];
  Resp dup_volume =
      root().post("/catalog/volume/create", json{{"database_id", db_id}, {"name", "v1"}});
  EXPECT_TRUE(root_error(dup_volume, 400, "INVALID_ARGUMENT")) << dup_volume.raw;
  EXPECT_NE(dup_volume.body["msg"].get<std::string>().find("v1"), std::string::npos);
  EXPECT_TRUE(
      root_error(root().post("/catalog/volume/delete", json{{"id", "1"}}), 404, "NOT_FOUND"));
  EXPECT_TRUE(root_error(root().post("/catalog/volume/full_path", json{{"volume_id_list", {"7"}}}),
                         404, "NOT_FOUND"));
  EXPECT_TRUE(
      root_error(root().post("/catalog/database/children", json{{"id", 404}}), 404, "NOT_FOUND"));

  // Auth: the same key check, in this envelope; header names are case-insensitive.
  RootApi nokey(emu().port(), "");
  Resp unauth = nokey.post("/catalog/list", json::object());
  EXPECT_TRUE(root_error(unauth, 401, "UNAUTHENTICATED")) << unauth.raw;
  RootApi wrong(emu().port(), "wrong");
  EXPECT_TRUE(root_error(wrong.post("/catalog/list", json::object()), 401, "UNAUTHENTICATED"));
  // Wrong method on a known path, unknown paths.
  Resp method = root().get("/catalog/list");
  EXPECT_EQ(method.status, 405) << method.raw;
  EXPECT_EQ(root().get("/catalog/nothing").status, 404);
  // The host-root paths are not served under the API prefix.
  EXPECT_EQ(api().post("/catalog/list", json::object()).status, 404);
}

TEST_F(EmulatorCatalogTest, UploadStoresExactBytesAndDownloadLinkServesThem) {
  const std::string volume = make_volume();
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  binary += "\r\n--not-the-boundary\r\n";
  binary += std::string(3000, '\0');
  const std::vector<UploadFile> files{{"report.pdf", binary, "application/pdf"},
                                      {"notes.md", "# Notes\n", "text/markdown"}};
  json data = upload(volume, files);
  EXPECT_EQ(data["success"], true);
  ASSERT_TRUE(is_19_digits(data["task_id"])) << data;
  ASSERT_TRUE(is_19_digits(data["file_id"])) << data;
  ASSERT_EQ(data["results"].size(), 2u);
  EXPECT_EQ(data["results"][0]["file_id"], data["file_id"]);
  EXPECT_EQ(data["results"][1]["success"], true);

  // Not listed before the load finishes (500 ms per file).
  EXPECT_EQ(files_of(volume)["total"], 0);
  emu().advance(1000ms);
  json listed = files_of(volume);
  ASSERT_EQ(listed["total"], 2) << listed;
  EXPECT_EQ(listed["list"][0]["id"], data["results"][0]["file_id"]);
  EXPECT_EQ(listed["list"][0]["name"], "report.pdf");
  EXPECT_EQ(listed["list"][0]["size"], binary.size());
  EXPECT_EQ(listed["list"][0]["volume_id"], volume);
  EXPECT_EQ(listed["list"][0]["show_path"], "/origin/report.pdf");
  EXPECT_EQ(listed["list"][1]["name"], "notes.md");

  const std::string file_id = data["file_id"];
  Resp info = root().post("/catalog/file/info", json{{"id", file_id}});
  ASSERT_TRUE(root_ok(info)) << info.raw;
  EXPECT_EQ(info.data()["name"], "report.pdf");
  EXPECT_EQ(info.data()["file_type"], "pdf");

  Resp link =
      root().post("/catalog/file/download", json{{"file_id", file_id}, {"volume_id", volume}});
  ASSERT_TRUE(root_ok(link)) << link.raw;
  const std::string url = link.data()["link"];
  const std::string prefix = emu().base_url();
  ASSERT_EQ(url.compare(0, prefix.size(), prefix), 0) << url;
  httplib::Client plain("127.0.0.1", emu().port());  // no moi-key: the token signs the link
  auto got = plain.Get(url.substr(prefix.size()));
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, binary);
  EXPECT_EQ(got->get_header_value("Content-Type"), "application/pdf");
  // A tampered token is refused.
  auto forged = plain.Get(url.substr(prefix.size(), url.find("token=") - prefix.size()) +
                          "token=0000000000000000");
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  EXPECT_TRUE(
      root_error(root().post("/catalog/file/download", json{{"file_id", "1"}}), 404, "NOT_FOUND"));
  EXPECT_EQ(emu().request_count("F5"), 2u);
}

TEST_F(EmulatorCatalogTest, UploadErrors) {
  const std::string volume = make_volume();
  const std::vector<UploadFile> two{{"a.txt", "a"}, {"b.txt", "b"}};
  Resp mismatch = root().upload(volume, two, json::array({json{{"file_name", "a.txt"}}}));
  EXPECT_TRUE(root_error(mismatch, 400, "INVALID_ARGUMENT")) << mismatch.raw;
  EXPECT_NE(mismatch.body["msg"].get<std::string>().find("meta"), std::string::npos);

  Resp bad_meta = root().upload(volume, two, json("not an array"));
  EXPECT_TRUE(root_error(bad_meta, 400, "INVALID_ARGUMENT")) << bad_meta.raw;

  Resp no_files = root().upload(volume, {}, json::array());
  EXPECT_TRUE(root_error(no_files, 400, "INVALID_ARGUMENT")) << no_files.raw;
  EXPECT_NE(no_files.body["msg"].get<std::string>().find("file"), std::string::npos);

  Resp unknown = root().upload("1999999999999999999", two);
  EXPECT_TRUE(root_error(unknown, 404, "NOT_FOUND")) << unknown.raw;
  EXPECT_NE(unknown.body["msg"].get<std::string>().find("1999999999999999999"), std::string::npos);

  Resp json_body = root().post("/connectors/upload", json{{"VolumeID", volume}});
  EXPECT_TRUE(root_error(json_body, 400, "INVALID_ARGUMENT")) << json_body.raw;

  Resp broken =
      root().post_raw("/connectors/upload", "--x\r\nnonsense", "multipart/form-data; boundary=x");
  EXPECT_TRUE(root_error(broken, 400, "INVALID_ARGUMENT")) << broken.raw;

  // Meta with the SDKs' keys only (filename/path) is accepted.
  Resp sdk_meta = root().upload(volume, {{"c.txt", "c"}},
                                json::array({json{{"filename", "c.txt"}, {"path", "/tmp/c.txt"}}}));
  EXPECT_TRUE(root_ok(sdk_meta)) << sdk_meta.raw;
  // Multipart is still refused elsewhere.
  Resp elsewhere = root().post_raw("/catalog/list", "--x--\r\n", "multipart/form-data; boundary=x");
  EXPECT_TRUE(root_error(elsewhere, 415, "UNSUPPORTED_MEDIA_TYPE")) << elsewhere.raw;
}

TEST_F(EmulatorCatalogTest, UploadOverTheBodyLimitIs413BeforeReading) {
  EmulatorOptions o = test_options();
  o.max_body_bytes = 4096;
  restart_with(o);
  const std::string volume = make_volume();
  Resp big = root().upload(volume, {{"big.txt", std::string(8192, 'x')}});
  EXPECT_TRUE(root_error(big, 413, "PAYLOAD_TOO_LARGE")) << big.raw;
  EXPECT_NE(big.body["msg"].get<std::string>().find("--max-body-bytes"), std::string::npos);
  EXPECT_EQ(files_of(volume)["total"], 0);
  Resp small = root().upload(volume, {{"small.txt", "ok"}});
  EXPECT_TRUE(root_ok(small)) << small.raw;
}

TEST_F(EmulatorCatalogTest, LoadTaskProgressesOnTheClockAndReportsFailures) {
  const std::string volume = make_volume();
  json data = upload(
      volume, {{"a.pdf", "%PDF-1.4"}, {"empty.txt", ""}, {"c.xyz", "data"}, {"d.docx", "PK"}});
  const std::string task_id = data["task_id"];
  Resp t = root().get("/task/get", {{"task_id", task_id}});
  ASSERT_TRUE(root_ok(t)) << t.raw;
  const json& task = t.data()["task"];
  EXPECT_EQ(task["id"], task_id);
  EXPECT_EQ(task["status"], 1);
  EXPECT_EQ(task["volume_id"], volume);
  EXPECT_EQ(task["volume_name"], "origin");
  EXPECT_EQ(task["creator"], "admin");
  EXPECT_EQ(task["created_at"], 1748598358);
  EXPECT_EQ(task["end_at"], 0);
  EXPECT_EQ(task["source_config"]["common_file_task_config"]["uris"],
            json({"a.pdf", "empty.txt", "c.xyz", "d.docx"}));

  Resp f = root().get("/task/files", {{"task_id", task_id}});
  ASSERT_TRUE(root_ok(f)) << f.raw;
  EXPECT_EQ(f.data()["total"], 4);
  EXPECT_EQ(f.data()["files"][0]["status"], 2);  // loading
  EXPECT_EQ(f.data()["files"][1]["status"], 1);  // waiting
  EXPECT_EQ(f.data()["files"][0]["type"], 2);
  EXPECT_EQ(f.data()["files"][3]["type"], 11);
  EXPECT_EQ(f.data()["files"][0]["path"], "/origin/a.pdf");

  emu().advance(2000ms);
  t = root().get("/task/get", {{"task_id", task_id}});
  EXPECT_EQ(t.data()["task"]["status"], 4);
  EXPECT_EQ(t.data()["task"]["end_at"], 1748598360);
  f = root().get("/task/files", {{"task_id", task_id}});
  EXPECT_EQ(f.data()["total_success"], 2);
  EXPECT_EQ(f.data()["total_failed"], 2);
  EXPECT_EQ(f.data()["files"][0]["status"], 5);
  EXPECT_EQ(f.data()["files"][1]["status"], 4);
  EXPECT_NE(f.data()["files"][1]["reason"].get<std::string>().find("empty"), std::string::npos);
  EXPECT_EQ(f.data()["files"][2]["status"], 4);
  EXPECT_NE(f.data()["files"][2]["reason"].get<std::string>().find("unsupported"),
            std::string::npos);
  Resp failed = root().get("/task/files", {{"task_id", task_id}, {"status", "4"}});
  EXPECT_EQ(failed.data()["total"], 2);
  Resp paged = root().get("/task/files", {{"task_id", task_id}, {"page", "2"}, {"page_size", "3"}});
  ASSERT_EQ(paged.data()["files"].size(), 1u);
  EXPECT_EQ(paged.data()["files"][0]["name"], "d.docx");
  // Only the loaded files are catalog files.
  json listed = files_of(volume);
  ASSERT_EQ(listed["total"], 2);
  EXPECT_EQ(listed["list"][0]["name"], "a.pdf");
  EXPECT_EQ(listed["list"][1]["name"], "d.docx");

  EXPECT_TRUE(root_error(root().get("/task/get", {{"task_id", "1"}}), 404, "NOT_FOUND"));
  EXPECT_TRUE(root_error(root().get("/task/get"), 400, "INVALID_ARGUMENT"));
  EXPECT_TRUE(root_error(root().get("/task/files", {{"task_id", task_id}, {"page", "0"}}), 400,
                         "INVALID_ARGUMENT"));
}

TEST_F(EmulatorCatalogTest, FileListPaginationFiltersAndDelete) {
  const std::string v1 = make_volume("v1");
  const std::string v2 = make_volume("v2");
  std::vector<UploadFile> many;
  for (int i = 0; i < 7; ++i) many.push_back({"doc-" + std::to_string(i) + ".txt", "x"});
  upload(v1, many);
  upload(v2, {{"Quarterly-Report.pdf", "pdf"}});
  emu().advance(10s);

  Resp all = root().post("/catalog/file/list", json::object());
  ASSERT_TRUE(root_ok(all)) << all.raw;
  EXPECT_EQ(all.data()["total"], 8);
  EXPECT_EQ(all.data()["list"].size(), 8u);                          // page_size 10
  EXPECT_EQ(all.data()["list"][0]["name"], "Quarterly-Report.pdf");  // newest first

  Resp page = root().post("/catalog/file/list",
                          json{{"page", 2},
                               {"page_size", 3},
                               {"order", "asc"},
                               {"filters", {{{"name", "volume_id"}, {"values", {v1}}}}}});
  ASSERT_TRUE(root_ok(page));
  EXPECT_EQ(page.data()["total"], 7);
  ASSERT_EQ(page.data()["list"].size(), 3u);
  EXPECT_EQ(page.data()["list"][0]["name"], "doc-3.txt");

  Resp fuzzy = root().post(
      "/catalog/file/list",
      json{{"filters", {{{"name", "file_name"}, {"values", {"report"}}, {"fuzzy", true}}}}});
  EXPECT_EQ(fuzzy.data()["total"], 1);
  Resp exact = root().post(
      "/catalog/file/list",
      json{{"filters", {{{"name", "file_name"}, {"values", {"report"}}, {"fuzzy", false}}}}});
  EXPECT_EQ(exact.data()["total"], 0);
  Resp by_name = root().post("/catalog/file/list",
                             json{{"order_by", "name"},
                                  {"order", "asc"},
                                  {"page_size", 2},
                                  {"filters", {{{"name", "parent_id"}, {"values", {v1}}}}}});
  EXPECT_EQ(by_name.data()["list"][0]["name"], "doc-0.txt");
  Resp ref = root().post("/catalog/file/list",
                         json{{"filters", {{{"name", "ref_file_id"}, {"values", {"123"}}}}}});
  EXPECT_EQ(ref.data()["total"], 0);
  Resp unknown = root().post("/catalog/file/list",
                             json{{"filters", {{{"name", "colour"}, {"values", {"red"}}}}}});
  EXPECT_TRUE(root_error(unknown, 400, "INVALID_ARGUMENT")) << unknown.raw;
  Resp bad_page = root().post("/catalog/file/list", json{{"page", 0}});
  EXPECT_TRUE(root_error(bad_page, 400, "INVALID_ARGUMENT")) << bad_page.raw;

  const std::string id = page.data()["list"][0]["id"];
  Resp del = root().post("/catalog/file/delete", json{{"id", id}});
  ASSERT_TRUE(root_ok(del)) << del.raw;
  EXPECT_EQ(del.data()["id"], id);
  EXPECT_EQ(files_of(v1)["total"], 6);
  EXPECT_TRUE(root_error(root().post("/catalog/file/info", json{{"id", id}}), 404, "NOT_FOUND"));
  EXPECT_TRUE(root_error(root().post("/catalog/file/delete", json{{"id", id}}), 404, "NOT_FOUND"));
  // Deleting the volume takes its files along.
  ASSERT_TRUE(root_ok(root().post("/catalog/volume/delete", json{{"id", v1}})));
  EXPECT_EQ(root().post("/catalog/file/list", json::object()).data()["total"], 1);
}

TEST_F(EmulatorCatalogTest, FaultsTargetTheNewEndpoints) {
  const std::string volume = make_volume();
  emu().inject(Fault::k503, 1, Endpoint::kU1Upload);
  Resp r = root().upload(volume, {{"a.txt", "a"}});
  EXPECT_TRUE(root_error(r, 503, "UNAVAILABLE")) << r.raw;
  EXPECT_EQ(r.header("Retry-After"), "1");
  EXPECT_TRUE(root_ok(root().upload(volume, {{"a.txt", "a"}})));
  EXPECT_EQ(emu().request_count("U1"), 2u);
  EXPECT_EQ(endpoint_id(Endpoint::kK6ListConnectorFiles), "K6");
  EXPECT_EQ(endpoint_from_id("t2"), Endpoint::kT2ListLoadTaskFiles);
}

TEST_F(EmulatorCatalogTest, InProcessUploadThroughHandleForTest) {
  const std::string volume = make_volume();
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.md\"\r\n\r\n# x\r\n"
      "--b\r\nContent-Disposition: form-data; name=\"VolumeID\"\r\n\r\n" +
      volume + "\r\n--b--\r\n";
  InProcessResponse r = emu().handle_for_test(
      "POST", "/connectors/upload",
      {{"MOI-KEY", kKey}, {"content-type", "multipart/form-data; boundary=b"}}, body);
  EXPECT_EQ(r.status, 200) << r.body;
}

// The `dedup` part of U1 (PLATFORM-NOTES 2.4): md5 matches the same bytes anywhere in the
// volume, name the same name in the same folder; skip stores nothing and answers the stored
// file's id, replace deletes it; within one request skip keeps the first; a bad part is 400.
TEST_F(EmulatorCatalogTest, UploadDedupSkipsOrReplacesAndRefusesABadPart) {
  const std::string volume = make_volume();
  const std::vector<UploadFile> one{{"a.txt", "same bytes"}};
  const json first = upload(volume, one);
  const std::string stored = first["results"][0]["file_id"].get<std::string>();
  auto with = [&](const std::vector<UploadFile>& files, const std::string& dedup) {
    return root().upload(volume, files, RootApi::meta_for(files), {{"dedup", dedup}});
  };
  Resp again = with({{"b.txt", "same bytes"}}, R"({"by":["md5"],"strategy":"skip"})");
  ASSERT_TRUE(root_ok(again)) << again.raw;
  EXPECT_EQ(again.data()["results"][0]["file_id"], stored);
  EXPECT_EQ(again.data()["results"][0]["success"], true);
  EXPECT_EQ(again.data()["results"][0]["message"],
            "skipped: a duplicate (by md5) of file " + stored + " \"a.txt\"");
  EXPECT_NE(again.data()["message"].get<std::string>().find("skipped 1 duplicate"),
            std::string::npos);
  emu().advance(std::chrono::minutes(1));
  EXPECT_EQ(files_of(volume)["total"], 1);

  // Two identical files in one request: the first is stored, the second skipped.
  Resp pair = with({{"c.txt", "new"}, {"d.txt", "new"}}, R"({"by":["md5"],"strategy":"skip"})");
  ASSERT_TRUE(root_ok(pair)) << pair.raw;
  EXPECT_EQ(pair.data()["results"][1]["file_id"], pair.data()["results"][0]["file_id"]);
  EXPECT_EQ(pair.data()["results"][1]["message"],
            "skipped: a duplicate of file part #1 of this upload");

  // By name, replace: the stored a.txt goes, the new one takes its place.
  Resp replaced = with({{"a.txt", "other bytes"}}, R"({"by":["name"],"strategy":"replace"})");
  ASSERT_TRUE(root_ok(replaced)) << replaced.raw;
  EXPECT_NE(replaced.data()["results"][0]["file_id"], stored);
  EXPECT_EQ(replaced.data()["results"][0]["message"],
            "replaced file " + stored + " (a duplicate by name)");
  emu().advance(std::chrono::minutes(1));
  EXPECT_EQ(files_of(volume)["total"], 2);  // a.txt (new) and c.txt

  // An empty `by` is no dedup (the Go SDK sends no part then).
  Resp none = with({{"a.txt", "other bytes"}}, R"({"by":[],"strategy":"skip"})");
  ASSERT_TRUE(root_ok(none)) << none.raw;
  EXPECT_EQ(none.data()["results"][0]["message"], "uploaded");

  for (const auto& [bad, expected] : std::vector<std::pair<std::string, std::string>>{
           {"not json", "\"dedup\": not a JSON object"},
           {R"({"by":"md5","strategy":"skip"})", "dedup.by: expected an array"},
           {R"({"by":["sha1"],"strategy":"skip"})", "dedup.by: \"sha1\" is neither"},
           {R"({"by":["md5"]})", "dedup.strategy: \"skip\" or \"replace\", not absent"},
           {R"({"by":["md5"],"strategy":"keep"})", "dedup.strategy"}}) {
    Resp r = with(one, bad);
    EXPECT_TRUE(root_error(r, 400, "INVALID_ARGUMENT")) << r.raw;
    EXPECT_NE(r.body["msg"].get<std::string>().find(expected), std::string::npos) << r.raw;
  }
}

}  // namespace
}  // namespace moi::emulator::testing
