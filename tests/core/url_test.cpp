// SPDX-License-Identifier: Apache-2.0
// Path templates, percent-encoding, Retry-After parsing, envelope decoding without a server.

#include <gtest/gtest.h>

#include "core/request_runner.hpp"
#include "core/url.hpp"

namespace moi::detail {
namespace {

using namespace std::chrono_literals;

TEST(ExpandPathTest, SubstitutesNamedParameters) {
  EXPECT_EQ(expand_path("/workflow_meta/{workflow_id}/stop", {{"workflow_id", "abc-123"}}),
            "/workflow_meta/abc-123/stop");
  EXPECT_EQ(expand_path("/workflow_job", {}), "/workflow_job");
}

TEST(ExpandPathTest, HostileIdsStayInsideOneSegment) {
  EXPECT_EQ(expand_path("/workflow_job/{job_id}/status", {{"job_id", "..admin?x=1#f"}}),
            "/workflow_job/..admin%3Fx%3D1%23f/status");
  EXPECT_EQ(expand_path("/t/{id}", {{"id", "a b%2F"}}), "/t/a%20b%252F");
  EXPECT_EQ(expand_path("/t/{id}", {{"id", "工作流"}}), "/t/%E5%B7%A5%E4%BD%9C%E6%B5%81");
}

// Issue 12 item 8: no documented id contains a slash, and a server that decodes %2F before
// routing would send "branch/<id>" to another endpoint.
TEST(ExpandPathTest, IdsWithASlashAreRejectedByName) {
  for (const char* id : {"branch/7", "../../admin", "/", "a/"}) {
    try {
      expand_path("/workflow_meta/{workflow_id}", {{"workflow_id", id}});
      FAIL() << id;
    } catch (const InvalidArgumentError& error) {
      EXPECT_EQ(std::string(error.what()), std::string("invalid argument: workflow_id \"") + id +
                                               "\" contains '/', which no MOI id does");
    }
  }
  // Control characters in the rejected id are not echoed raw.
  try {
    expand_path("/t/{id}", {{"id", "a/\x1b[2J"}});
    FAIL();
  } catch (const InvalidArgumentError& error) {
    EXPECT_STREQ(error.what(),
                 "invalid argument: id \"a/\\x1b[2J\" contains '/', which no MOI id does");
  }
}

TEST(ExpandPathTest, EmptyDotAndDotDotAreRejectedByName) {
  try {
    expand_path("/workflow_meta/{workflow_id}", {{"workflow_id", ""}});
    FAIL();
  } catch (const InvalidArgumentError& error) {
    EXPECT_STREQ(error.what(), "invalid argument: workflow_id is empty");
  }
  EXPECT_THROW(expand_path("/b/{branch_id}", {{"branch_id", "."}}), InvalidArgumentError);
  EXPECT_THROW(expand_path("/b/{branch_id}", {{"branch_id", ".."}}), InvalidArgumentError);
}

TEST(QueryParamsTest, RendersRepeatedKeysAndEncodes) {
  QueryParams query;
  query.add("name_search", "a&b c");
  query.add_each("status", std::vector<int>{1, 2});
  query.add_bool("delete_data", false);
  EXPECT_EQ(query.to_string(), "name_search=a%26b%20c&status=1&status=2&delete_data=false");
}

TEST(RetryAfterTest, ParsesSecondsAndHttpDates) {
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(784111777));
  EXPECT_EQ(parse_retry_after("2", now), 2000ms);
  EXPECT_EQ(parse_retry_after(" 0 ", now), 0ms);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now), 10000ms);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:27 GMT", now), 0ms);  // in the past
  EXPECT_EQ(parse_retry_after("", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("soon", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("-5", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("Sun, 06 Foo 1994 08:49:47 GMT", now), std::nullopt);
  EXPECT_GE(*parse_retry_after("99999999999999999999", now), std::chrono::hours(24));
}

TEST(RetryAfterTest, FarFutureDatesDoNotOverflow) {  // fuzz finding
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
  const auto far = parse_retry_after("Wed, 21 Oct 9172 07:28:00 GMT", now);
  ASSERT_TRUE(far);
  EXPECT_GT(far->count(), 0);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 99999 07:28:00 GMT", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 -7:28:00 GMT", now), std::nullopt);
}

TEST(DecodeEnvelopeTest, NumberOutOfRangeIsDecodeError) {  // fuzz finding
  HttpResponse response;
  response.status = 200;
  response.body = R"({"code":"ok","data":{"n":1e999}})";
  try {
    decode_envelope(response, "id", Secrets("key"));
    FAIL();
  } catch (const DecodeError& error) {
    EXPECT_NE(error.problem().find("number overflow"), std::string::npos) << error.problem();
  }
}

TEST(DecodeEnvelopeTest, ParseErrorTextNeverQuotesTheKey) {  // fuzz finding
  HttpResponse response;
  response.status = 200;
  response.body = "{\"code\":\"ok\",\"dSECRET-KEY\": {\xff\xff}}";
  try {
    decode_envelope(response, "id", Secrets("SECRET-KEY"));
    FAIL();
  } catch (const DecodeError& error) {
    EXPECT_EQ(std::string(error.what()).find("SECRET-KEY"), std::string::npos) << error.what();
  }
}

TEST(DecodeEnvelopeTest, HandlesEnvelopeVariantsWithoutAServer) {
  HttpResponse response;
  response.status = 200;
  response.body = R"({"code":"Ok","data":{"x":[1]}})";
  EXPECT_EQ(decode_envelope(response, "id", Secrets("key")), nlohmann::json::parse(R"({"x":[1]})"));
  response.body = "   \n";
  EXPECT_TRUE(decode_envelope(response, "id", Secrets("key")).is_null());
  response.body = R"({"code":null,"data":3})";
  EXPECT_EQ(decode_envelope(response, "id", Secrets("key")), 3);
}

TEST(DecodeEnvelopeTest, ServiceErrorFallsBackToSentRequestId) {
  HttpResponse response;
  response.status = 200;
  response.body = R"({"code":"Fail","msg":"m"})";
  try {
    decode_envelope(response, "sent-id", Secrets("key"));
    FAIL();
  } catch (const ServiceError& error) {
    EXPECT_EQ(error.request_id(), "sent-id");
  }
}

TEST(RequestIdTest, GeneratesDistinctVersion4Uuids) {
  const auto a = generate_request_id();
  const auto b = generate_request_id();
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[8], '-');
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
}

TEST(DecodeErrorTest, PrefixesJoinPathsLikeJson) {
  const DecodeError leaf("status", "expected an integer");
  EXPECT_EQ(leaf.with_prefix("[3]").json_path(), "[3].status");
  EXPECT_EQ(leaf.with_prefix("[3]").with_prefix("jobs").json_path(), "jobs[3].status");
  EXPECT_EQ(leaf.with_prefix("[3]").with_prefix("jobs").with_prefix("data").json_path(),
            "data.jobs[3].status");
  EXPECT_EQ(DecodeError("", "bad").with_prefix("data").json_path(), "data");
}

}  // namespace
}  // namespace moi::detail
