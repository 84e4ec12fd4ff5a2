// SPDX-License-Identifier: Apache-2.0
// What `moi` prints, against names and answers chosen to trick a terminal or a script: bidi
// and zero-width characters escaped in table, tsv, JSON and stderr; tsv backslashes doubled;
// tables measured in display width and cut with "…" on a terminal only; every id printed as an
// exact string; a secret the call sent redacted in every form from errors and success
// messages, and a one-letter secret never garbling a message.
#include <algorithm>

#include "cli_fixture.hpp"
#include "support/test_server.hpp"

namespace moi::cli::testing {
namespace {

using moi::testing::canned_ok;
using moi::testing::CannedResponse;
using moi::testing::TestServer;

class OutputSafetyTest : public CliTest {
 protected:
  // `moi connector validate` of a MatrixOne config whose password is @p password (and with a
  // numeric secret in a key the SDK does not model).
  Outcome validate(const std::string& password) {
    return moi({"connector", "validate", "--type", "mo", "--host", "db.example", "--port", "6001",
                "--username", "root", "--json", "-"},
               Json{{"password", password}, {"client_secret", 73219846}}.dump());
  }
};

// U+202E RIGHT-TO-LEFT OVERRIDE and U+200B ZERO WIDTH SPACE.
const std::string kRlo = "\xe2\x80\xae";
const std::string kZwsp = "\xe2\x80\x8b";

// Columns a terminal gives @p text, for the characters these tests use: CJK ideographs 2,
// U+0301 (combining acute) 0, "…" and ASCII 1.
std::size_t columns(const std::string& text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0xE4 && c <= 0xE9) {
      width += 2;
      i += 3;
    } else if (c == 0xCC) {
      i += 2;
    } else if (c == 0xE2) {
      width += 1;
      i += 3;
    } else {
      width += 1;
      i += 1;
    }
  }
  return width;
}

// ---- #20.14 --------------------------------------------------------------------------------

TEST_F(OutputSafetyTest, BidiAndZeroWidthCharactersAreEscapedInEveryFormat) {
  const std::string name = "inv" + kRlo + "fdp.exe" + kZwsp;
  create_workflow(name);
  const std::string shown = "inv\\u202efdp.exe\\u200b";
  for (const char* format : {"table", "tsv", "json", "jsonl"}) {
    const Outcome r = moi({"workflow", "list", "--output", format});
    ASSERT_EQ(r.code, kExitOk) << r;
    EXPECT_NE(r.out.find(shown), std::string::npos) << format << "\n" << r;
    EXPECT_EQ(r.out.find(kRlo), std::string::npos) << format;
    EXPECT_EQ(r.out.find(kZwsp), std::string::npos) << format;
  }
  // JSON keeps the value: the escapes decode to the name.
  EXPECT_EQ(moi({"workflow", "list"}).json().at("workflows").at(0).at("name"), name);
  // stderr: a usage error quoting it.
  const Outcome bad = moi({"workflow", "list", "--output", "tsv", "--fields", name});
  EXPECT_EQ(bad.code, kExitUsage) << bad;
  EXPECT_NE(bad.err.find(shown), std::string::npos) << bad;
  EXPECT_EQ(bad.err.find(kRlo), std::string::npos) << bad;
}

// Every code point the issue lists, one workflow each: escaped in table, tsv, value and on
// stderr, never written raw.
TEST_F(OutputSafetyTest, EveryListedBidiAndZeroWidthCodePointIsEscaped) {
  const std::vector<std::pair<std::string, std::string>> points = {
      {"\\u202a", "\xe2\x80\xaa"}, {"\\u202b", "\xe2\x80\xab"}, {"\\u202c", "\xe2\x80\xac"},
      {"\\u202d", "\xe2\x80\xad"}, {"\\u202e", "\xe2\x80\xae"}, {"\\u2066", "\xe2\x81\xa6"},
      {"\\u2067", "\xe2\x81\xa7"}, {"\\u2068", "\xe2\x81\xa8"}, {"\\u2069", "\xe2\x81\xa9"},
      {"\\u200e", "\xe2\x80\x8e"}, {"\\u200f", "\xe2\x80\x8f"}, {"\\u061c", "\xd8\x9c"},
      {"\\u200b", "\xe2\x80\x8b"}, {"\\u200c", "\xe2\x80\x8c"}, {"\\u200d", "\xe2\x80\x8d"},
      {"\\u2060", "\xe2\x81\xa0"}, {"\\ufeff", "\xef\xbb\xbf"}};
  for (const auto& [escaped, raw] : points) create_workflow("n" + raw + "x");
  for (const char* format : {"table", "tsv", "value"}) {
    const Outcome r = moi({"workflow", "list", "--output", format, "--fields", "name"});
    ASSERT_EQ(r.code, kExitOk) << r;
    for (const auto& [escaped, raw] : points) {
      EXPECT_NE(r.out.find("n" + escaped + "x"), std::string::npos) << format << " " << escaped;
      EXPECT_EQ(r.out.find(raw), std::string::npos) << format << " " << escaped;
    }
  }
  for (const auto& [escaped, raw] : points) {
    const Outcome bad = moi({"workflow", "list", "--output", "tsv", "--fields", "n" + raw + "x"});
    EXPECT_EQ(bad.code, kExitUsage) << bad;
    EXPECT_NE(bad.err.find("n" + escaped + "x"), std::string::npos) << escaped << bad;
    EXPECT_EQ(bad.err.find(raw), std::string::npos) << escaped;
  }
}

TEST_F(OutputSafetyTest, TsvDoublesBackslashesSoALiteralBackslashTDiffersFromATab) {
  create_workflow("a\\tb");  // backslash, t
  create_workflow("a\tb");   // tab
  const Outcome r = moi({"workflow", "list", "--output", "tsv", "--fields", "name"});
  ASSERT_EQ(r.code, kExitOk) << r;
  std::vector<std::string> lines = lines_of(r.out);
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<std::string>{"a\\\\tb", "a\\tb", "name"})) << r;
}

// ---- #21.12 --------------------------------------------------------------------------------

TEST_F(OutputSafetyTest, TableColumnsAreMeasuredInDisplayWidth) {
  create_workflow("合同处理");
  create_workflow(
      "e\xcc\x81"
      "clair");  // e + combining acute: 6 columns
  create_workflow("a-longer-ascii-name");
  const Outcome r = moi({"workflow", "list", "--output", "table"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 4u) << r;
  const std::size_t status_column = lines[0].find("STATUS");
  for (std::size_t row = 1; row < lines.size(); ++row) {
    const std::size_t at = lines[row].find("running");
    ASSERT_NE(at, std::string::npos) << r;
    EXPECT_EQ(columns(lines[row].substr(0, at)), status_column) << lines[row];
  }
}

TEST_F(OutputSafetyTest, OverWideCellsAreCutWithAnEllipsisOnATerminalOnly) {
  const std::string long_name = "report-" + std::string(150, 'n');
  const std::string id = create_workflow(long_name);
  create_workflow("短名");
  stdout_columns_ = 100;
  Outcome r = moi({"workflow", "list", "--output", "table"});
  ASSERT_EQ(r.code, kExitOk) << r;
  for (const auto& line : lines_of(r.out)) EXPECT_LE(columns(line), 100u) << line;
  EXPECT_NE(r.out.find("report-nnn"), std::string::npos) << r;
  EXPECT_NE(r.out.find("\xe2\x80\xa6"), std::string::npos) << r;  // …
  EXPECT_NE(r.out.find(id), std::string::npos) << "an id is never cut\n" << r;
  // Never in tsv or JSON, and not when standard output is no terminal.
  for (const char* format : {"tsv", "json", "jsonl"}) {
    r = moi({"workflow", "list", "--output", format});
    EXPECT_NE(r.out.find(long_name), std::string::npos) << format;
  }
  stdout_columns_ = 0;
  r = moi({"workflow", "list", "--output", "table"});
  EXPECT_NE(r.out.find(long_name), std::string::npos) << r;
  EXPECT_EQ(r.out.find("\xe2\x80\xa6"), std::string::npos) << r;
}

// ---- #21.11 --------------------------------------------------------------------------------

TEST_F(OutputSafetyTest, EveryIdIsPrintedAsAnExactString) {
  // The emulator answers catalog ids as JSON integers, catalog create's as strings.
  ASSERT_EQ(moi({"catalog", "create", "ids"}).code, kExitOk);
  Outcome r = moi({"catalog", "list"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const Json listed = r.json();
  ASSERT_FALSE(listed.empty()) << r;
  EXPECT_TRUE(listed.at(0).at("id").is_string()) << r;

  // 19 digits (past 2^53), nested ids and id lists; counts stay numbers.
  TestServer server;
  server.set_default(canned_ok(Json::parse(R"({"list": [{"id": 1889223879880048641,
      "name": "c", "database_count": 2, "owner_id": 7,
      "volume_ids": [1889223879880048642, "v"], "nested": {"parent_id": 12, "id_list": [3]}}]})")));
  variables_["MOI_BASE_URL"] = server.base_url();
  for (const char* format : {"json", "jsonl"}) {
    r = moi({"catalog", "list", "--output", format});
    ASSERT_EQ(r.code, kExitOk) << r;
    const Json item = format == std::string("json") ? r.json().at(0) : Json::parse(r.out);
    EXPECT_EQ(item.at("id"), "1889223879880048641") << r;
    EXPECT_EQ(item.at("owner_id"), "7");
    EXPECT_EQ(item.at("volume_ids"), Json::parse(R"(["1889223879880048642", "v"])"));
    EXPECT_EQ(item.at("nested").at("parent_id"), "12");
    EXPECT_EQ(item.at("nested").at("id_list"), Json::parse(R"(["3"])"));
    EXPECT_EQ(item.at("database_count"), 2);
  }
}

// ---- #20.13 --------------------------------------------------------------------------------

TEST_F(OutputSafetyTest, ASecretTheCallSentIsRedactedInEveryForm) {
  const std::string password = "p\"a/ss w\xc3\xb6rd&1";  // quote, slash, space, ö, &
  const std::vector<std::string> forms = {password,
                                          "p\\\"a/ss w\xc3\xb6rd&1",     // JSON
                                          "p\\\"a\\/ss w\\u00f6rd&1",    // JSON, ASCII only, \/
                                          "p\\\"a/ss w\\u00F6rd&1",      // JSON, upper-case hex
                                          "p%22a%2Fss%20w%C3%B6rd%261",  // URL
                                          "p%22a%2fss+w%c3%b6rd%261",    // form, lower-case hex
                                          "73219846",
                                          "73219846.0"};  // the numeric secret
  std::string echo;
  for (const auto& form : forms) echo += "[" + form + "] ";
  TestServer server;
  variables_["MOI_BASE_URL"] = server.base_url();
  // A success answer whose message quotes the body: stdout and stderr.
  server.enqueue(canned_ok(Json{{"valid", false}, {"message", "rejected " + echo}}));
  Outcome r = validate(password);
  EXPECT_EQ(r.code, kExitWaitFailed) << r;
  // An error answer quoting it in its detail and as the request id.
  CannedResponse error;
  error.status = 400;
  error.body = Json{{"detail", "bad body " + echo}}.dump();
  error.headers.emplace_back("X-Request-ID", "p%22a%2Fss%20w%C3%B6rd%261");
  server.enqueue(error);
  const Outcome failed = validate(password);
  EXPECT_EQ(failed.code, kExitService) << failed;
  ASSERT_EQ(server.request_count(), 2u);
  EXPECT_EQ(server.last_request().json().at("mo").at("password"), password);  // sent
  for (const Outcome& outcome : {r, failed}) {
    for (const auto& form : forms) {
      EXPECT_EQ(outcome.out.find(form), std::string::npos) << form << "\n" << outcome;
      EXPECT_EQ(outcome.err.find(form), std::string::npos) << form << "\n" << outcome;
    }
    EXPECT_NE((outcome.out + outcome.err).find("[[REDACTED]] [[REDACTED]]"), std::string::npos)
        << outcome;
  }
  EXPECT_NE(r.out.find("rejected [[REDACTED]]"), std::string::npos) << r;
}

TEST_F(OutputSafetyTest, AOneLetterSecretDoesNotGarbleMessages) {
  TestServer server;
  variables_["MOI_BASE_URL"] = server.base_url();
  CannedResponse error;
  error.status = 400;
  error.body = Json{{"detail", "POST failed: password S is wrong (S3 said \"S\")"}}.dump();
  server.enqueue(error);
  const Outcome r = validate("S");
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_NE(r.err.find("HTTP 400: POST failed: password [REDACTED] is wrong (S3 said "
                       "\"[REDACTED]\")"),
            std::string::npos)
      << r;
}

}  // namespace
}  // namespace moi::cli::testing
