// SPDX-License-Identifier: Apache-2.0
// --output jsonl|tsv|value and --fields: lines per item, streaming of jsonl --all page by page,
// column choice and order, unknown fields, tsv escaping, connector secrets kept masked.
#include <functional>
#include <set>
#include <streambuf>
#include <utility>

#include "cli_fixture.hpp"

namespace moi::cli::testing {
namespace {

constexpr const char* kSecret = "s3-secret-value-91b2";

// A stream buffer that calls @p on_write once, before the first character is stored.
class WatchedBuf : public std::stringbuf {
 public:
  explicit WatchedBuf(std::function<void()> on_write) : on_write_(std::move(on_write)) {}

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    notice();
    return std::stringbuf::xsputn(s, n);
  }
  int_type overflow(int_type c) override {
    notice();
    return std::stringbuf::overflow(c);
  }

 private:
  void notice() {
    if (on_write_) std::exchange(on_write_, nullptr)();
  }
  std::function<void()> on_write_;
};

class OutputFormatsTest : public CliTest {
 protected:
  void create_connector() {
    const Outcome r =
        moi({"connector", "create", "--name", "lake", "--type", "s3", "--endpoint",
             "s3.example.com", "--access-key-id", "AKIA1", "--bucket", "docs", "--json", "-"},
            Json{{"access_key_secret", kSecret}}.dump());
    ASSERT_EQ(r.code, kExitOk) << r;
  }
};

TEST_F(OutputFormatsTest, JsonlPrintsOneCompactObjectPerItem) {
  create_workflow("wf-a");
  create_workflow("wf-b");
  const Outcome r = moi({"workflow", "list", "--output", "jsonl"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r;
  std::set<std::string> names;
  for (const auto& line : lines) {
    const Json item = Json::parse(line);
    ASSERT_TRUE(item.is_object()) << line;
    names.insert(item.value("name", ""));
  }
  EXPECT_EQ(names, (std::set<std::string>{"wf-a", "wf-b"}));
  // A single object: that object on one line.
  const std::string id = Json::parse(lines[0]).value("id", "");
  const Outcome one = moi({"workflow", "get", id, "--output", "jsonl"});
  ASSERT_EQ(one.code, kExitOk) << one;
  ASSERT_EQ(lines_of(one.out).size(), 1u) << one;
  EXPECT_EQ(Json::parse(one.out).value("id", ""), id);
}

TEST_F(OutputFormatsTest, JsonlAllStreamsPageByPage) {
  for (const char* name : {"p1", "p2", "p3"}) create_workflow(name);
  const std::uint64_t before = emu().total_requests();
  std::uint64_t at_first_write = 0;
  WatchedBuf buf([&] { at_first_write = emu().total_requests() - before; });
  std::ostream out(&buf);
  std::ostringstream err;
  std::istringstream in;
  const int code = moi::cli::run(std::vector<std::string>{"workflow", "list", "--all", "--output",
                                                          "jsonl", "--json", R"({"limit":1})"},
                                 in, out, err, environment());
  ASSERT_EQ(code, kExitOk) << err.str();
  // The first page's line was written before the second page was asked for.
  EXPECT_EQ(at_first_write, 1u);
  EXPECT_GE(emu().total_requests() - before, 3u);
  const auto lines = lines_of(buf.str());
  ASSERT_EQ(lines.size(), 3u) << buf.str();
  for (const auto& line : lines) EXPECT_TRUE(Json::parse(line).is_object()) << line;
}

TEST_F(OutputFormatsTest, TsvHasOneHeaderLineAndTabSeparatedRows) {
  create_workflow("wf-tsv");
  const Outcome r = moi({"workflow", "list", "--output", "tsv"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r;
  EXPECT_EQ(lines[0], "id\tname\tstatus\tpriority\tbranches\tcreated_at");
  EXPECT_NE(lines[1].find("\twf-tsv\t"), std::string::npos) << r;
}

TEST_F(OutputFormatsTest, FieldsPickAndOrderColumns) {
  create_workflow("wf-f");
  const Outcome tsv = moi({"workflow", "list", "--output", "tsv", "--fields", "NAME,id"});
  ASSERT_EQ(tsv.code, kExitOk) << tsv;
  const auto lines = lines_of(tsv.out);
  ASSERT_EQ(lines.size(), 2u) << tsv;
  EXPECT_EQ(lines[0], "name\tid");
  EXPECT_EQ(lines[1].rfind("wf-f\t", 0), 0u) << tsv;
  const Outcome table = moi({"workflow", "list", "--output", "table", "--fields", "status,name"});
  ASSERT_EQ(table.code, kExitOk) << table;
  EXPECT_EQ(lines_of(table.out).at(0).rfind("STATUS", 0), 0u) << table;
  EXPECT_NE(lines_of(table.out).at(0).find("NAME"), std::string::npos) << table;
  EXPECT_EQ(lines_of(table.out).at(0).find("ID"), std::string::npos) << table;
}

TEST_F(OutputFormatsTest, ValueIsTsvWithoutTheHeaderForScripts) {
  // One object: its values, so VOL=$(moi ... --output value) needs no jq.
  const Outcome catalog = moi({"catalog", "create", "docs", "--output", "value"});
  ASSERT_EQ(catalog.code, kExitOk) << catalog;
  EXPECT_EQ(catalog.out, "1\n");
  const Outcome database = moi({"database", "create", "1", "main", "--output", "value"});
  ASSERT_EQ(database.code, kExitOk) << database;
  EXPECT_EQ(database.out, "2\n");
  // A list: one line per item, the columns --fields names, no header; --all streamed the same.
  create_workflow("wf-v1");
  create_workflow("wf-v2");
  for (const bool all : {false, true}) {
    std::vector<std::string> args{"workflow", "list", "--output", "value", "--fields", "name"};
    if (all) args.insert(args.end(), {"--all", "--json", R"({"limit":1})"});
    const Outcome r = moi(args);
    ASSERT_EQ(r.code, kExitOk) << r;
    const auto lines = lines_of(r.out);
    EXPECT_EQ(std::set<std::string>(lines.begin(), lines.end()),
              (std::set<std::string>{"wf-v1", "wf-v2"}))
        << r;
    EXPECT_EQ(lines.size(), 2u) << r;
  }
}

TEST_F(OutputFormatsTest, UnknownFieldIsAUsageErrorNamingTheValidOnes) {
  create_workflow("wf-u");
  const Outcome r = moi({"workflow", "list", "--output", "tsv", "--fields", "id,bogus"});
  EXPECT_EQ(r.code, kExitUsage) << r;
  EXPECT_EQ(r.out, "");
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r;
  EXPECT_NE(r.err.find("bogus"), std::string::npos) << r;
  EXPECT_NE(r.err.find("id,name,status,priority,branches,created_at"), std::string::npos) << r;
  const Outcome json = moi({"workflow", "list", "--fields", "id"});
  EXPECT_EQ(json.code, kExitUsage) << json;
  EXPECT_EQ(lines_of(json.err).size(), 1u) << json;
}

TEST_F(OutputFormatsTest, TsvEscapesTabsAndNewlines) {
  create_workflow("a\tb\nc");
  const Outcome r = moi({"workflow", "list", "--output", "tsv", "--fields", "name,id"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u) << r;
  EXPECT_EQ(lines[1].rfind("a\\tb\\nc\t", 0), 0u) << r;
}

TEST_F(OutputFormatsTest, ConnectorSecretsStayMaskedInTsvAndJsonl) {
  create_connector();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"connector", "list", "--output", "tsv"},
        std::vector<std::string>{"connector", "list", "--output", "tsv", "--show-secrets"},
        std::vector<std::string>{"connector", "list", "--output", "jsonl"},
        std::vector<std::string>{"connector", "list", "--output", "jsonl", "--all"}}) {
    const Outcome r = moi(args);
    ASSERT_EQ(r.code, kExitOk) << r;
    EXPECT_EQ(r.out.find(kSecret), std::string::npos) << r;
    EXPECT_NE(r.out.find("lake"), std::string::npos) << r;
  }
  // As with JSON, --show-secrets shows them in jsonl.
  const Outcome shown = moi({"connector", "list", "--output", "jsonl", "--all", "--show-secrets"});
  ASSERT_EQ(shown.code, kExitOk) << shown;
  EXPECT_NE(shown.out.find(kSecret), std::string::npos) << shown;
}

}  // namespace
}  // namespace moi::cli::testing
