// SPDX-License-Identifier: Apache-2.0
// One convention for request bodies (issue 21, item 14), through the real `moi` program: every
// command that sends a JSON body or a query takes `--json BODY` with the API's field names, and
// its arguments and flags fill or override that body's fields. For each command the exact
// request is checked twice: with --json alone (the body satisfies the arguments it makes
// redundant) and with --json plus an overriding argument or flag.
#include <set>
#include <string>
#include <vector>

#include "cli_fixture.hpp"
#include "moi_process.hpp"
#include "support/test_server.hpp"

namespace moi::cli::testing {
namespace {

using moi::testing::canned_ok;
using moi::testing::CannedResponse;
using moi::testing::RecordedRequest;
using moi::testing::TestServer;
using Query = std::multiset<std::pair<std::string, std::string>>;

// What one run of the program sent: method, path, query and JSON body (null: none).
struct Sent {
  std::string method;
  std::string path;
  Query query;
  Json body;
};

std::ostream& operator<<(std::ostream& os, const Sent& s) {
  os << s.method << ' ' << s.path << " ?";
  for (const auto& [k, v] : s.query) os << ' ' << k << '=' << v;
  return os << ' ' << s.body.dump();
}

bool operator==(const Sent& a, const Sent& b) {
  return a.method == b.method && a.path == b.path && a.query == b.query && a.body == b.body;
}

Sent post(std::string path, Json body) { return {"POST", std::move(path), {}, std::move(body)}; }
Sent get(std::string path, Query query) { return {"GET", std::move(path), std::move(query), {}}; }

class JsonBodyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.set_handler([](const RecordedRequest& r) {
      if (r.path == "/catalog/volume/info") {
        return canned_ok({{"id", "V1"}, {"name", "inbox"}, {"description", "kept"}});
      }
      if (r.path == "/catalog/info") return canned_ok({{"id", "C1"}, {"description", "kept"}});
      if (r.path == "/catalog/folder/create") {
        return canned_ok({{"id", "FO9"}, {"name", r.json().value("name", "")}});
      }
      if (r.path == "/catalog/file/download" || r.path == "/catalog/file/preview_link") {
        return canned_ok({{"link", "https://files.example/x"}});
      }
      if (r.path == "/catalog/table/data") {
        return canned_ok({{"columns", Json::array()}, {"rows", Json::array()}, {"total_rows", 0}});
      }
      if (r.path == "/catalog/table/exist") return canned_ok(true);
      if (r.path == "/catalog/file/list") return canned_ok({{"total", 0}, {"list", Json::array()}});
      if (r.path == "/task/files") return canned_ok({{"total", 0}, {"files", Json::array()}});
      if (r.path == "/task/list") return canned_ok({{"total", 0}, {"tasks", Json::array()}});
      if (r.path == "/connectors/files/list") return canned_ok({{"files", Json::array()}});
      if (r.path.rfind("/llm-proxy/", 0) == 0) {
        CannedResponse bare;
        if (r.path == "/llm-proxy/v1/chat/completions") {
          bare.content_type = "text/event-stream";
          bare.body =
              "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Echo\"}}]}\n\n"
              "data: [DONE]\n\n";
          return bare;
        }
        if (r.path == "/llm-proxy/api/sessions") {
          bare.body = R"({"sessions":[],"total":0})";
        } else if (r.path.find("/messages") != std::string::npos) {
          bare.body = "[]";
        } else {
          bare.body = R"({"id":2})";
        }
        return bare;
      }
      return canned_ok(nullptr);
    });
  }

  // Runs the real program; expects exit 0 and returns what it sent.
  std::vector<Sent> run(const std::vector<std::string>& args) {
    const std::size_t before = server_.requests().size();
    MoiProcess moi(args, {"MOI_BASE_URL=" + server_.base_url(), std::string("MOI_API_KEY=") + kKey,
                          "HOME=/nonexistent-moi-home", "LC_ALL=C"});
    EXPECT_TRUE(moi.spawned());
    const int code = moi.wait();
    std::string line;
    for (const auto& a : args) line += a + ' ';
    EXPECT_EQ(code, 0) << line << "\n" << moi.out() << moi.err();
    std::vector<Sent> sent;
    const auto all = server_.requests();
    for (std::size_t i = before; i < all.size(); ++i) {
      const RecordedRequest& r = all[i];
      sent.push_back({r.method, r.path, r.query, r.body.empty() ? Json() : Json::parse(r.body)});
    }
    return sent;
  }

  // A usage error: exit 2 with @p needle on stderr, nothing sent.
  void refused(const std::vector<std::string>& args, const std::string& needle) {
    const std::size_t before = server_.requests().size();
    MoiProcess moi(args, {"MOI_BASE_URL=" + server_.base_url(), std::string("MOI_API_KEY=") + kKey,
                          "HOME=/nonexistent-moi-home", "LC_ALL=C"});
    EXPECT_EQ(moi.wait(), 2) << moi.err();
    EXPECT_NE(moi.err().find(needle), std::string::npos) << moi.err();
    EXPECT_EQ(server_.requests().size(), before);
  }

  TestServer server_;
};

TEST_F(JsonBodyTest, CatalogDatabaseAndVolumeUpdatesTakeTheBody) {
  EXPECT_EQ(
      run({"catalog", "update", "--json",
           R"({"id":"C1","name":"docs","description":"from the body"})"}),
      (std::vector<Sent>{post(
          "/catalog/update", {{"id", "C1"}, {"name", "docs"}, {"description", "from the body"}})}));
  EXPECT_EQ(run({"catalog", "update", "C2", "--name", "flag", "--json",
                 R"({"id":"C1","name":"docs","description":"d"})"}),
            (std::vector<Sent>{
                post("/catalog/update", {{"id", "C2"}, {"name", "flag"}, {"description", "d"}})}));
  EXPECT_EQ(run({"database", "update", "--json", R"({"id":"D1","description":"body"})"}),
            (std::vector<Sent>{
                post("/catalog/database/update", {{"id", "D1"}, {"description", "body"}})}));
  EXPECT_EQ(run({"database", "update", "D2", "--description", "flag", "--json",
                 R"({"id":"D1","description":"body"})"}),
            (std::vector<Sent>{
                post("/catalog/database/update", {{"id", "D2"}, {"description", "flag"}})}));
  EXPECT_EQ(
      run({"volume", "update", "--json", R"({"id":"V1","name":"renamed","description":"d"})"}),
      (std::vector<Sent>{post("/catalog/volume/update",
                              {{"id", "V1"}, {"name", "renamed"}, {"description", "d"}})}));
  // --description overrides; the name the body lacks is read first (C7), as without --json.
  EXPECT_EQ(run({"volume", "update", "--description", "flag", "--json", R"({"id":"V1"})"}),
            (std::vector<Sent>{post("/catalog/volume/info", {{"id", "V1"}}),
                               post("/catalog/volume/update",
                                    {{"id", "V1"}, {"name", "inbox"}, {"description", "flag"}})}));
  refused({"catalog", "update", "--json", R"({"name":"x"})"},
          "CATALOG_ID (or \"id\" in --json) is required");
  refused({"database", "update", "D1", "--json", "{}"}, "--description (or \"description\"");
  refused({"volume", "update", "V1", "--json", "{}"}, "give --name, --description or both");
}

TEST_F(JsonBodyTest, FolderAndFileCommandsTakeTheBody) {
  EXPECT_EQ(
      run({"folder", "create", "--json", R"({"volume_id":"V1","name":"reports"})"}),
      (std::vector<Sent>{post("/catalog/folder/create",
                              {{"volume_id", "V1"}, {"name", "reports"}, {"parent_id", ""}})}));
  EXPECT_EQ(
      run({"folder", "create", "V2", "2026", "--parent", "P2", "--json",
           R"({"volume_id":"V1","name":"reports","parent_id":"P1"})"}),
      (std::vector<Sent>{post("/catalog/folder/create",
                              {{"volume_id", "V2"}, {"name", "2026"}, {"parent_id", "P2"}})}));
  EXPECT_EQ(run({"folder", "update", "--json", R"({"id":"FO1","name":"a"})"}),
            (std::vector<Sent>{post("/catalog/folder/update", {{"id", "FO1"}, {"name", "a"}})}));
  EXPECT_EQ(run({"folder", "update", "FO2", "--name", "b", "--json", R"({"id":"FO1","name":"a"})"}),
            (std::vector<Sent>{post("/catalog/folder/update", {{"id", "FO2"}, {"name", "b"}})}));
  EXPECT_EQ(run({"file", "update", "--json", R"({"id":"F1","name":"a.pdf"})"}),
            (std::vector<Sent>{post("/catalog/file/update", {{"id", "F1"}, {"name", "a.pdf"}})}));
  EXPECT_EQ(run({"file", "update", "F2", "--name", "b.pdf", "--json", R"({"id":"F1"})"}),
            (std::vector<Sent>{post("/catalog/file/update", {{"id", "F2"}, {"name", "b.pdf"}})}));
  EXPECT_EQ(run({"file", "link", "--json", R"({"file_id":"F1","volume_id":"V1"})"}),
            (std::vector<Sent>{
                post("/catalog/file/download", {{"file_id", "F1"}, {"volume_id", "V1"}})}));
  EXPECT_EQ(run({"file", "link", "F2", "--volume", "V2", "--json",
                 R"({"file_id":"F1","volume_id":"V1"})"}),
            (std::vector<Sent>{
                post("/catalog/file/download", {{"file_id", "F2"}, {"volume_id", "V2"}})}));
  EXPECT_EQ(run({"file", "preview-link", "--json", R"({"file_id":"F1"})"}),
            (std::vector<Sent>{post("/catalog/file/preview_link", {{"file_id", "F1"}})}));
  EXPECT_EQ(run({"file", "preview-link", "--volume", "V2", "--json", R"({"file_id":"F1"})"}),
            (std::vector<Sent>{
                post("/catalog/file/preview_link", {{"file_id", "F1"}, {"volume_id", "V2"}})}));
  // The SDK's rename and link take their fields one by one: another key is named, not dropped.
  refused({"file", "update", "--json", R"({"id":"F1","name":"a","parent_id":"P"})"},
          "unknown key \"parent_id\" (accepted: id, name)");
  refused({"file", "link", "--json", R"({"volume_id":"V1"})"},
          "FILE_ID (or \"file_id\" in --json) is required");
  refused({"folder", "create", "--json", R"({"volume_id":"V1"})"},
          "NAME (or \"name\" in --json) is required");
}

TEST_F(JsonBodyTest, TableDataTakesTheBody) {
  EXPECT_EQ(run({"table", "data", "--json", R"({"id":"T1","page":3,"page_size":20})"}),
            (std::vector<Sent>{
                post("/catalog/table/data", {{"id", "T1"}, {"page", 3}, {"page_size", 20}})}));
  EXPECT_EQ(run({"table", "data", "T2", "--page", "4", "--json",
                 R"({"id":"T1","page":3,"page_size":20})"}),
            (std::vector<Sent>{
                post("/catalog/table/data", {{"id", "T2"}, {"page", 4}, {"page_size", 20}})}));
  refused({"table", "data", "--json", R"({"page":1})"}, "TABLE_ID (or \"id\" in --json)");
}

TEST_F(JsonBodyTest, LoadAndConnectorListingsTakeTheirQuery) {
  EXPECT_EQ(run({"load", "files", "TK", "--json", R"({"status":4,"page":2,"page_size":50})"}),
            (std::vector<Sent>{
                get("/task/files",
                    {{"task_id", "TK"}, {"status", "4"}, {"page", "2"}, {"page_size", "50"}})}));
  EXPECT_EQ(
      run({"load", "files", "TK", "--status", "5", "--json", R"({"status":4,"page":2})"}),
      (std::vector<Sent>{get("/task/files", {{"task_id", "TK"}, {"status", "5"}, {"page", "2"}})}));
  EXPECT_EQ(run({"load", "list", "--json",
                 R"({"status":[1,3],"is_desc":true,"order_by":"created_at","page_size":5})"}),
            (std::vector<Sent>{get("/task/list", {{"status", "1"},
                                                  {"status", "3"},
                                                  {"is_desc", "true"},
                                                  {"order_by", "created_at"},
                                                  {"page_size", "5"}})}));
  EXPECT_EQ(run({"load", "list", "--status", "4", "--page-size", "7", "--json",
                 R"({"status":[1,3],"page_size":5})"}),
            (std::vector<Sent>{get("/task/list", {{"status", "4"}, {"page_size", "7"}})}));
  EXPECT_EQ(run({"connector", "files", "--json",
                 R"({"connector_id":"K1","dir":"a/","file_types":[2,6],"limit":9})"}),
            (std::vector<Sent>{get("/connectors/files/list", {{"connector_id", "K1"},
                                                              {"dir", "a/"},
                                                              {"file_types", "2"},
                                                              {"file_types", "6"},
                                                              {"limit", "9"}})}));
  EXPECT_EQ(run({"connector", "files", "K2", "--dir", "b/", "--cursor", "c1", "--json",
                 R"({"connector_id":"K1","dir":"a/"})"}),
            (std::vector<Sent>{get("/connectors/files/list",
                                   {{"connector_id", "K2"}, {"dir", "b/"}, {"cursor", "c1"}})}));
  refused({"load", "list", "--json", R"({"stat":[1]})"}, "unknown query parameter \"stat\"");
  refused({"connector", "files", "--json", R"({"dir":"a/"})"},
          "CONNECTOR_ID (or \"connector_id\" in --json) is required");
}

TEST_F(JsonBodyTest, SessionListingsAndChatTakeTheirRequest) {
  EXPECT_EQ(run({"session", "list", "--json",
                 R"({"user_id":"u1","source":"help","tags":["a","b"],"page_size":5})"}),
            (std::vector<Sent>{get(
                "/llm-proxy/api/sessions",
                {{"user_id", "u1"}, {"source", "help"}, {"tags", "a,b"}, {"page_size", "5"}})}));
  EXPECT_EQ(run({"session", "list", "--source", "desk", "--json",
                 R"({"user_id":"u1","source":"help","tags":"a,b"})"}),
            (std::vector<Sent>{get("/llm-proxy/api/sessions",
                                   {{"user_id", "u1"}, {"source", "desk"}, {"tags", "a,b"}})}));
  EXPECT_EQ(run({"session", "messages", "7", "--json", R"({"role":"user","after":3,"limit":9})"}),
            (std::vector<Sent>{get("/llm-proxy/api/sessions/7/messages",
                                   {{"role", "user"}, {"after", "3"}, {"limit", "9"}})}));
  EXPECT_EQ(run({"session", "messages", "7", "--role", "assistant", "--json",
                 R"({"role":"user","limit":9})"}),
            (std::vector<Sent>{get("/llm-proxy/api/sessions/7/messages",
                                   {{"role", "assistant"}, {"limit", "9"}})}));
  const Json history = {{"role", "user"}, {"content", "Hello"}};
  EXPECT_EQ(
      run({"chat", "send", "--json",
           Json{{"model", "m1"}, {"messages", {history}}, {"max_tokens", 64}}.dump()}),
      (std::vector<Sent>{
          post("/llm-proxy/v1/chat/completions",
               {{"model", "m1"}, {"messages", {history}}, {"max_tokens", 64}, {"stream", true}})}));
  EXPECT_EQ(run({"chat", "send", "Again", "--model", "m2", "--system", "Be brief", "--json",
                 Json{{"model", "m1"}, {"messages", {history}}, {"top_p", 0.5}}.dump()}),
            (std::vector<Sent>{post("/llm-proxy/v1/chat/completions",
                                    {{"model", "m2"},
                                     {"messages",
                                      {{{"role", "system"}, {"content", "Be brief"}},
                                       history,
                                       {{"role", "user"}, {"content", "Again"}}}},
                                     {"top_p", 0.5},
                                     {"stream", true}})}));
  refused({"session", "messages", "7", "--json", R"({"roles":"x"})"},
          "unknown query parameter \"roles\"");
  refused({"chat", "send", "--json", R"({"model":"m1"})"},
          "MESSAGE (or \"messages\" in --json) is required");
}

TEST_F(JsonBodyTest, FolderListTableExistsLoadRetryAndMessageTagTakeTheBody) {
  const Json root_of_v1 = {{{"name", "volume_id"}, {"values", {"V1"}}},
                           {{"name", "parent_id"}, {"values", {""}}}};
  EXPECT_EQ(run({"folder", "list", "V1", "--json", R"({"page":2,"page_size":5,"order":"asc"})"}),
            (std::vector<Sent>{
                post("/catalog/file/list",
                     {{"page", 2}, {"page_size", 5}, {"order", "asc"}, {"filters", root_of_v1}})}));
  // A parent filter in the body is kept; --parent adds its own.
  const Json in_p1 = {{"name", "parent_id"}, {"values", {"P1"}}};
  EXPECT_EQ(run({"folder", "list", "V1", "--json", Json{{"filters", {in_p1}}}.dump()}),
            (std::vector<Sent>{
                post("/catalog/file/list",
                     {{"page_size", 100},
                      {"filters", {in_p1, {{"name", "volume_id"}, {"values", {"V1"}}}}}})}));
  EXPECT_EQ(
      run({"table", "exists", "--json", R"({"database_id":"7","name":"orders"})"}),
      (std::vector<Sent>{post("/catalog/table/exist", {{"database_id", 7}, {"name", "orders"}})}));
  EXPECT_EQ(
      run({"table", "exists", "8", "items", "--json", R"({"database_id":"7","name":"o"})"}),
      (std::vector<Sent>{post("/catalog/table/exist", {{"database_id", 8}, {"name", "items"}})}));
  EXPECT_EQ(run({"load", "retry", "TK", "--json", R"({"ids":["F1","F2"]})"}),
            (std::vector<Sent>{post("/task/retry", {{"task_id", "TK"}, {"ids", {"F1", "F2"}}})}));
  EXPECT_EQ(run({"load", "retry", "TK", "F3", "--json", R"({"ids":["F1","F2"]})"}),
            (std::vector<Sent>{post("/task/retry", {{"task_id", "TK"}, {"ids", {"F3"}}})}));
  EXPECT_EQ(run({"message", "tag", "2", "--json", R"({"tags":["a","b"]})"}),
            (std::vector<Sent>{
                {"PUT", "/llm-proxy/api/chat-messages/2/tags", {}, {{"tags", {"a", "b"}}}}}));
  EXPECT_EQ(
      run({"message", "tag", "2", "c", "--json", R"({"tags":["a","b"]})"}),
      (std::vector<Sent>{{"PUT", "/llm-proxy/api/chat-messages/2/tags", {}, {{"tags", {"c"}}}}}));
  refused({"load", "retry", "TK", "--json", R"({"task_id":"OTHER","ids":["F1"]})"},
          "\"task_id\" differs from the TASK_ID argument");
  refused({"message", "tag", "2"}, "TAG (or \"tags\" in --json) is required");
}

}  // namespace
}  // namespace moi::cli::testing
