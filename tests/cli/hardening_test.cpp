// SPDX-License-Identifier: Apache-2.0
// Hostile or absurd inputs: --json nested 200,000 deep, out-of-range numbers from the user and
// from the service, directories and unreadable files as --json, malformed base URLs and URLs
// with credentials, control characters in error texts. Each is refused with exit 2 and one
// line, or shown safely; nothing crashes and nothing reaches the terminal raw.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <string>

#include "cli_fixture.hpp"
#include "moi_internal/bounded_json.hpp"
#include "safety.hpp"
#include "support/test_server.hpp"

namespace moi::cli::testing {
namespace {

using moi::testing::CannedResponse;
using moi::testing::canned_ok;
using moi::testing::TestServer;

// An ok envelope around @p data, written as text (so numbers like 1e300 go out as written).
std::string envelope(const std::string& data) {
  return R"({"code":"ok","msg":"ok","data":)" + data + "}";
}

// "[[[...]]]" nested @p depth deep.
std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// A workflow body whose unknown member "deep" holds arrays nested @p depth deep, so the whole
// text nests depth + 1 levels.
std::string body_with_deep_member(std::size_t depth) {
  std::string body = workflow_body("deep").dump();
  body.pop_back();  // the closing brace
  return body + ",\"deep\":" + nested_arrays(depth) + "}";
}

// Nesting depth of a parsed value (iterative, so deep values cannot hurt the test either).
std::size_t depth_of(const Json& value) {
  std::size_t deepest = 0;
  std::vector<std::pair<const Json*, std::size_t>> stack{{&value, 1}};
  while (!stack.empty()) {
    const auto [v, d] = stack.back();
    stack.pop_back();
    if (!v->is_structured()) continue;
    deepest = std::max(deepest, d);
    for (const auto& child : *v) stack.push_back({&child, d + 1});
  }
  return deepest;
}

// A byte a terminal would act on: a C0 control (ESC, BEL, CR...) other than the line ends,
// DEL, or a C1 control. With @p one_line, only the final newline is allowed.
bool has_raw_controls(const std::string& text, bool one_line = true) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' && (!one_line || i + 1 == text.size())) continue;
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      return true;
    }
  }
  return false;
}

class HardeningTest : public CliTest {
 protected:
  // A usage error: exit 2, exactly one line on stderr containing @p needle, nothing on stdout,
  // nothing sent to the emulator.
  void expect_usage_error(const std::vector<std::string>& args, const std::string& needle,
                          const std::string& input = "") {
    const Outcome r = moi(args, input);
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_EQ(r.out, "") << r;
    EXPECT_NE(r.err.find(needle), std::string::npos) << "missing \"" << needle << "\"\n" << r;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
    EXPECT_EQ(r.err.rfind("moi: ", 0), 0u) << r;
    EXPECT_FALSE(has_raw_controls(r.err)) << r;
    EXPECT_EQ(emu().total_requests(), 0u) << r;
  }

  // A file in a fresh directory under the system's temporary directory.
  std::string temp_path(const std::string& name) {
    if (dir_.empty()) {
      char pattern[] = "/tmp/moi-cli-test-XXXXXX";
      const char* made = ::mkdtemp(pattern);
      EXPECT_NE(made, nullptr);
      dir_ = made ? made : "/tmp";
    }
    return dir_ + "/" + name;
  }

  std::string write_file(const std::string& name, const std::string& contents) {
    const std::string path = temp_path(name);
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  void TearDown() override {
    if (!dir_.empty()) std::system(("rm -rf '" + dir_ + "'").c_str());  // NOLINT
    CliTest::TearDown();
  }

  std::string dir_;
};

// ---- 1. --json nested too deep, and malformed -----------------------------------------------

TEST_F(HardeningTest, JsonNested200000DeepIsAUsageErrorNotACrash) {
  const std::string deep_array = nested_arrays(200000);
  const std::string deep_member = body_with_deep_member(200000);
  const std::string file = write_file("deep.json", deep_array);
  const std::string member_file = write_file("deep-member.json", deep_member);
  const std::string why = "JSON nested deeper than 256 levels";

  // Inline, @FILE and stdin, on actions that copy the body, decode it into a typed request or
  // read it as query parameters.
  expect_usage_error({"workflow", "update", "W", "--json", deep_array}, "moi: --json: " + why);
  expect_usage_error({"workflow", "update", "W", "--json", "@" + file},
                     "moi: --json @" + file + ": " + why);
  expect_usage_error({"workflow", "update", "W", "--json", "-"}, "moi: --json - (stdin): " + why,
                     deep_array);
  expect_usage_error({"workflow", "create", "--json", deep_member}, why);
  expect_usage_error({"workflow", "create", "--json", "@" + member_file}, why);
  expect_usage_error({"export", "list", "--json", "-"}, why, deep_member);
  expect_usage_error({"export", "files", "T", "--json", deep_member}, why);
  expect_usage_error({"branch", "create", "W", "--json", deep_member}, why);
  expect_usage_error({"workflow", "list", "--json", deep_array}, why);
  expect_usage_error({"job", "retry", "J", "--json", deep_member}, why);
  // Deep but unbalanced text is refused the same way, before any parsing.
  expect_usage_error({"workflow", "create", "--json", std::string(200000, '[')}, why);
  expect_usage_error({"workflow", "create", "--json", std::string(200000, '{')}, why);
}

TEST_F(HardeningTest, JsonAtTheDepthLimitIsDecodedCopiedAndSentIntact) {
  TestServer server;
  server.set_default(canned_ok(Json{{"id", "W1"}}));
  const auto limit = static_cast<std::size_t>(moi::detail::kMaxJsonDepth);

  // The body nests exactly kMaxJsonDepth levels: accepted, decoded into WorkflowRequest
  // (the member is kept as an unknown key), re-encoded and sent as it was.
  const std::string body = body_with_deep_member(limit - 1);
  ASSERT_EQ(depth_of(Json::parse(body)), limit);
  const Outcome r = moi({"--base-url", server.base_url(), "workflow", "create", "--json", body});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  ASSERT_EQ(server.request_count(), 2u);  // W1, then J1 for the new workflow's job
  const Json sent = server.requests()[0].json();
  EXPECT_EQ(depth_of(sent), limit);
  EXPECT_EQ(sent["deep"], Json::parse(body)["deep"]);

  // workflow update copies the body before decoding it; the output of W4 is printed too.
  EXPECT_EQ(moi({"--base-url", server.base_url(), "workflow", "update", "W", "--json", body}).code,
            kExitOk);

  // One level more is refused before anything is sent.
  const Outcome deeper = moi({"--base-url", server.base_url(), "workflow", "create", "--json",
                              body_with_deep_member(limit)});
  EXPECT_EQ(deeper.code, kExitUsage) << deeper;
  EXPECT_EQ(deeper.err, "moi: --json: JSON nested deeper than 256 levels\n") << deeper;
  EXPECT_EQ(server.request_count(), 3u);
}

TEST_F(HardeningTest, MalformedJsonIsOneUsageLine) {
  for (const std::string& text : std::vector<std::string>{
           "", "{", "[1,]", "{\"a\":1}}", "nul", "1e999", "\"\xff\"", "{\"a\":\"\x01\n\x1b[31m\"}",
           "\xef\xbb\xbf{", std::string(300, '{') + std::string(300, '}')}) {
    SCOPED_TRACE(text);
    const Outcome r = moi({"workflow", "create", "--json", text});
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
    EXPECT_EQ(r.err.rfind("moi: --json: ", 0), 0u) << r;
    EXPECT_FALSE(has_raw_controls(r.err)) << r;
  }
  EXPECT_EQ(emu().total_requests(), 0u);
}

// ---- 2. Numbers from the user ---------------------------------------------------------------

TEST_F(HardeningTest, WaitTimeoutOutsideItsRangeIsAUsageError) {
  for (const char* value : {"nan", "NaN", "-nan", "inf", "-inf", "infinity", "1e300", "1e999", "-1",
                            "0", "-0", "0.0001", "1e-300", "2592001", "", "abc", "5s", "0x"}) {
    SCOPED_TRACE(value);
    expect_usage_error({"job", "wait", "J", "--timeout", value},
                       "must be a number of seconds from 0.001 to 2592000");
    expect_usage_error({"export", "wait", "T", "--timeout", value}, "--timeout");
  }
}

TEST_F(HardeningTest, RequestTimeoutOutsideItsRangeIsAUsageError) {
  for (const char* value : {"nan", "inf", "1e300", "-1", "0", "0.0000001", "86401"}) {
    SCOPED_TRACE(value);
    expect_usage_error({"--timeout", value, "job", "get", "J"},
                       "--timeout: must be a number of seconds from 0.001 to 86400");
  }
}

TEST_F(HardeningTest, TimeoutsAtTheirLimitsAreAccepted) {
  Outcome r = moi({"--timeout", "86400", "job", "wait", job_of(create_workflow("limits")),
                   "--timeout", "2592000"});
  EXPECT_EQ(r.code, kExitOk) << r;
  // 1 ms: the wait gives up at its first pause (the emulator's clock only moves when the CLI
  // sleeps, and the job takes 3 s).
  r = moi({"job", "wait", job_of(create_workflow("limits-1ms")), "--timeout", "0.001"});
  EXPECT_EQ(r.code, kExitTransport) << r;
  EXPECT_NE(r.err.find("gave up waiting after 1 ms"), std::string::npos) << r;
  EXPECT_EQ(r.err.find("-9223372036854775808"), std::string::npos) << r;
}

TEST_F(HardeningTest, HelpStatesTheAcceptedRanges) {
  EXPECT_NE(moi({"--help"}).out.find("0.001 to 86400"), std::string::npos);
  EXPECT_NE(moi({"job", "wait", "--help"}).out.find("0.001 to 2592000 (30 days)"),
            std::string::npos);
  EXPECT_NE(moi({"export", "wait", "--help"}).out.find("0.001 to 2592000 (30 days)"),
            std::string::npos);
}

TEST_F(HardeningTest, SecondsConversionIsDefinedForEveryDouble) {
  EXPECT_EQ(check_seconds("2592000", kMaxWaitSeconds), "");
  EXPECT_EQ(check_seconds("0.001", kMaxWaitSeconds), "");
  EXPECT_NE(check_seconds("nan", kMaxWaitSeconds), "");
  EXPECT_EQ(seconds_to_ms(0.001, kMaxWaitSeconds), std::chrono::milliseconds(1));
  EXPECT_EQ(seconds_to_ms(1.5, kMaxWaitSeconds), std::chrono::milliseconds(1500));
  EXPECT_EQ(seconds_to_ms(std::numeric_limits<double>::quiet_NaN(), kMaxWaitSeconds),
            std::chrono::milliseconds(1));
  EXPECT_EQ(seconds_to_ms(1e300, kMaxWaitSeconds), std::chrono::milliseconds(2592000000));
  EXPECT_EQ(seconds_to_ms(-1, kMaxWaitSeconds), std::chrono::milliseconds(1));
}

// ---- 3. Numbers from the service ------------------------------------------------------------

TEST_F(HardeningTest, AbsurdJobProgressIsShownWithin0To100) {
  for (const char* progress : {"1e300", "-1e300", "-5", "250", "1.7976931348623157e308"}) {
    SCOPED_TRACE(progress);
    TestServer server;
    server.set_handler([&](const moi::testing::RecordedRequest& request) {
      CannedResponse answer;
      if (request.path.find("/files") != std::string::npos) {
        answer.body = envelope(R"({"files":[],"total":2,"completed":2,"failed":0})");
      } else {
        answer.body =
            envelope(std::string(R"({"job_id":"J","status":2,"progress":)") + progress + "}");
      }
      return answer;
    });
    for (const bool tty : {false, true}) {
      tty_ = tty;
      const Outcome r = moi({"--base-url", server.base_url(), "job", "wait", "J"});
      EXPECT_EQ(r.err.find("-2147483648"), std::string::npos) << r;
      EXPECT_EQ(r.err.find("2147483647"), std::string::npos) << r;
      EXPECT_FALSE(has_raw_controls(tty ? std::string() : r.err)) << r;
      if (r.code == kExitService) {  // an SDK that refuses the value: one line, exit 1
        EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
        continue;
      }
      ASSERT_EQ(r.code, kExitOk) << r;
      const double value = std::strtod(progress, nullptr);
      const std::string shown = value >= 100 ? "100%" : "  0%";
      if (tty) {
        EXPECT_NE(r.err.find("] " + shown), std::string::npos) << r;
      } else {
        EXPECT_NE(r.err.find("completed " + std::string(value >= 100 ? "100%" : "0%")),
                  std::string::npos)
            << r;
      }
    }
    tty_ = false;
    // Outside waits the number is printed as the service sent it (JSON and tables alike).
    const Outcome table =
        moi({"--base-url", server.base_url(), "job", "status", "J", "--output", "table"});
    EXPECT_EQ(table.out.find("-2147483648"), std::string::npos) << table;
  }
}

TEST_F(HardeningTest, HugeExportCountsDoNotOverflowThePercentage) {
  TestServer server;
  server.set_default(canned_ok(Json::parse(
      R"({"id":"T","name":"t","status":2,"end_time":"2026-11-21T20:15:43Z",)"
      R"("file_stats":{"total":3,"completed":9223372036854775807,"failed":0,"pending":0,)"
      R"("running":0}})")));
  for (const bool tty : {false, true}) {
    tty_ = tty;
    const Outcome r = moi({"--base-url", server.base_url(), "export", "wait", "T"});
    if (r.code == kExitService) continue;  // an SDK that refuses the counts
    ASSERT_EQ(r.code, kExitOk) << r;
    EXPECT_NE(r.err.find(tty ? "] 100%" : "completed 100%"), std::string::npos) << r;
    EXPECT_NE(r.err.find("completed 9223372036854775807"), std::string::npos) << r;
  }
}

TEST_F(HardeningTest, DisplayPercentagesAreClamped) {
  EXPECT_EQ(percent_for_display(std::numeric_limits<double>::quiet_NaN()), 0);
  EXPECT_EQ(percent_for_display(std::numeric_limits<double>::infinity()), 100);
  EXPECT_EQ(percent_for_display(-std::numeric_limits<double>::infinity()), 0);
  EXPECT_EQ(percent_for_display(1e300), 100);
  EXPECT_EQ(percent_for_display(33.9), 33);
  const auto max = std::numeric_limits<std::int64_t>::max();
  const auto min = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(ratio_percent(max, max, 1), 100);
  EXPECT_EQ(ratio_percent(min, min, 1), 0);
  EXPECT_EQ(ratio_percent(1, 0, 3), 33);
  EXPECT_EQ(ratio_percent(1, 1, 0), 0);
  EXPECT_EQ(ratio_percent(1, 1, min), 0);
}

// ---- 4. --json @DIR and unreadable files ------------------------------------------------------

TEST_F(HardeningTest, JsonFromADirectoryNamesIt) {
  const std::string dir = temp_path("a-directory");
  ASSERT_EQ(::mkdir(dir.c_str(), 0700), 0);
  expect_usage_error({"workflow", "create", "--json", "@" + dir},
                     "moi: --json: \"" + dir + "\" is a directory, not a file");
  expect_usage_error({"export", "list", "--json", "@/"}, "\"/\" is a directory");
}

TEST_F(HardeningTest, UnreadableJsonFileNamesItAndWhy) {
  expect_usage_error({"workflow", "create", "--json", "@/nonexistent/body.json"},
                     "moi: --json: cannot read file \"/nonexistent/body.json\": No such file or "
                     "directory");
  expect_usage_error({"workflow", "create", "--json", "@"}, "cannot read file \"\"");
  if (::geteuid() != 0) {  // root reads any file
    const std::string path = write_file("secret.json", "{}");
    ASSERT_EQ(::chmod(path.c_str(), 0), 0);
    expect_usage_error({"workflow", "create", "--json", "@" + path},
                       "cannot read file \"" + path + "\": Permission denied");
  }
  // A file name with control characters is shown escaped.
  expect_usage_error({"workflow", "create", "--json", "@/nonexistent/a\nb\x1b[2J"},
                     "cannot read file \"/nonexistent/a\\nb\\x1b[2J\"");
}

// ---- 5. Malformed base URLs -------------------------------------------------------------------

TEST_F(HardeningTest, MalformedBaseUrlIsAUsageErrorNamingTheOption) {
  for (const std::string& url :
       std::vector<std::string>{"http//x", "ftp://x", "http://", "http://:80", "://x", "x",
                                "http://host?q=1", "http://a b", "http://\x1b[31mred"}) {
    SCOPED_TRACE(url);
    expect_usage_error({"--base-url", url, "workflow", "list"}, "moi: --base-url: ");
    variables_["MOI_BASE_URL"] = url;
    expect_usage_error({"workflow", "list"}, "moi: MOI_BASE_URL: ");
    variables_["MOI_BASE_URL"] = emu().base_url();
  }
}

TEST_F(HardeningTest, CredentialsInTheBaseUrlAreRefusedAndNeverShown) {
  const std::string port = emu().base_url().substr(emu().base_url().rfind(':') + 1);
  for (const std::string& url : std::vector<std::string>{
           "http://user:pw-s3cret@127.0.0.1:" + port, "https://user:pw-s3cret@example.com/prefix",
           "http://:pw-s3cret@127.0.0.1:" + port, "http//user:pw-s3cret@x",
           "ftp://user:pw-s3cret@x"}) {
    SCOPED_TRACE(url);
    for (const bool verbose : {false, true}) {
      std::vector<std::string> args{"--base-url", url, "workflow", "list"};
      if (verbose) args.insert(args.begin(), "--verbose");
      const Outcome r = moi(args);
      EXPECT_EQ(r.code, kExitUsage) << r;
      EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
      EXPECT_EQ(r.err.rfind("moi: --base-url: ", 0), 0u) << r;
      EXPECT_EQ(r.err.find("s3cret"), std::string::npos) << r;
      EXPECT_EQ(r.out.find("s3cret"), std::string::npos) << r;
    }
    variables_["MOI_BASE_URL"] = url;
    const Outcome r = moi({"workflow", "list"});
    EXPECT_EQ(r.code, kExitUsage) << r;
    EXPECT_EQ(r.err.rfind("moi: MOI_BASE_URL: ", 0), 0u) << r;
    EXPECT_EQ(r.err.find("s3cret"), std::string::npos) << r;
    variables_["MOI_BASE_URL"] = emu().base_url();
  }
  EXPECT_EQ(emu().total_requests(), 0u);
}

// ---- 7. Control characters in error texts -----------------------------------------------------

TEST_F(HardeningTest, EscapeControlsShowsEveryControlCharacter) {
  EXPECT_EQ(escape_controls("a\nb\x1b[31mred\a"), "a\\nb\\x1b[31mred\\a");
  EXPECT_EQ(escape_controls("\r\t\b\f\v\x7f"), "\\r\\t\\b\\f\\v\\x7f");
  EXPECT_EQ(escape_controls(std::string("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(escape_controls("csi\xc2\x9b"
                            "2J"),
            "csi\\u009b2J");                                     // C1 control U+009B
  EXPECT_EQ(escape_controls("bad \xff\xc3"), "bad \\xff\\xc3");  // not UTF-8
  EXPECT_EQ(escape_controls("caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x99\x82 a\\b"),
            "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x99\x82 a\\b");  // kept as is
  EXPECT_EQ(escape_json_controls("\"\x7f\xc2\x85\xc3\xa9\""), "\"\\u007f\\u0085\xc3\xa9\"");
}

TEST_F(HardeningTest, ServerErrorTextsPrintAsOneEscapedLine) {
  TestServer server;
  const std::string evil = R"(a\nb\u001b[31mred\u0007)";  // JSON escapes: newline, ESC, BEL

  CannedResponse http500;
  http500.status = 500;
  http500.body = R"({"detail":")" + evil + R"("})";
  server.set_default(http500);
  Outcome r = moi({"--base-url", server.base_url(), "job", "get", "J"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
  EXPECT_FALSE(has_raw_controls(r.err)) << r;
  EXPECT_EQ(r.err.rfind("moi: HTTP 500: a\\nb\\x1b[31mred\\", 0), 0u) << r;
  EXPECT_TRUE(r.err.find("red\\a") != std::string::npos ||
              r.err.find("red\\x07") != std::string::npos)
      << r;

  CannedResponse http404;
  http404.status = 404;
  http404.body = R"({"code":"NOT_FOUND","msg":")" + evil + R"("})";
  server.set_default(http404);
  r = moi({"--base-url", server.base_url(), "job", "get", "J"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
  EXPECT_FALSE(has_raw_controls(r.err)) << r;
  EXPECT_EQ(r.err.rfind("moi: HTTP 404: ", 0), 0u) << r;
  EXPECT_NE(r.err.find("a\\nb\\x1b[31mred\\"), std::string::npos) << r;

  // An envelope error (HTTP 200, code not ok) and a failed job's message likewise.
  CannedResponse busy;
  busy.body = R"({"code":"BUSY","msg":")" + evil + R"(","data":null})";
  server.set_default(busy);
  r = moi({"--base-url", server.base_url(), "workflow", "stop", "W"});
  EXPECT_EQ(r.code, kExitService) << r;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r;
  EXPECT_FALSE(has_raw_controls(r.err)) << r;
  EXPECT_NE(r.err.find("a\\nb\\x1b[31mred\\"), std::string::npos) << r;

  server.set_default(canned_ok(Json::parse(std::string(R"({"job_id":"J","status":3,)") +
                                             R"("progress":100,"message":")" + evil + R"("})")));
  r = moi({"--base-url", server.base_url(), "job", "wait", "J"});
  EXPECT_EQ(r.code, kExitWaitFailed) << r;
  EXPECT_FALSE(has_raw_controls(r.err, false)) << r;
  EXPECT_NE(r.err.find("\nmoi: job J failed: a\\nb\\x1b[31mred\\a\n"), std::string::npos) << r;
  // stdout is JSON: the same text as JSON escapes, still valid and equal to what was sent.
  EXPECT_FALSE(has_raw_controls(r.out, false)) << r;
  EXPECT_EQ(r.json()["message"], "a\nb\x1b[31mred\a");
}

TEST_F(HardeningTest, C1ControlsInOutputAreEscapedToo) {
  TestServer server;
  server.set_default(canned_ok(Json{{"job_id", "J"},
                                      {"status", 1},
                                      {"progress", 5},
                                      {"message",
                                       "x\xc2\x9b"
                                       "2Jy\x7f"}}));
  const Outcome r = moi({"--base-url", server.base_url(), "job", "status", "J", "--compact"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_NE(r.out.find(R"("x\u009b2Jy\u007f")"), std::string::npos) << r;
  EXPECT_EQ(r.json()["message"],
            "x\xc2\x9b"
            "2Jy\x7f");
  const Outcome table =
      moi({"--base-url", server.base_url(), "job", "status", "J", "--output", "table"});
  EXPECT_NE(table.out.find("message   x 2Jy\n"), std::string::npos) << table;
}

}  // namespace
}  // namespace moi::cli::testing
