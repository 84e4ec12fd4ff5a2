// SPDX-License-Identifier: Apache-2.0
// The one rule for secret keys (mask_secrets and the runner's redaction share it), the forms a
// secret is redacted in (as sent, JSON-escaped, URL-escaped, numeric), short secrets redacted
// only as whole values, and redaction at the boundary: an error and a success answer's
// strings of a call that sent a secret, through the real transport.
#include <gtest/gtest.h>

#include "core/safe_text.hpp"
#include "moi/moi.hpp"
#include "moi_internal/secret_keys.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using moi::testing::CannedResponse;
using moi::testing::canned_ok;
using moi::testing::TestServer;

TEST(RedactionTest, OneRuleNamesTheSecretKeys) {
  for (const char* key : {"password", "Password", "passwd", "accessKeySecret", "secret_access_key",
                          "client_secret", "private_key", "Private-Key", "session_token",
                          "Authorization", "api_key", "apiKey", "X-Api-Key", "credentials"}) {
    EXPECT_TRUE(detail::is_secret_key(key)) << key;
  }
  for (const char* key : {"name", "access_key_id", "endpoint", "username", "bucket_name"}) {
    EXPECT_FALSE(detail::is_secret_key(key)) << key;
  }
}

TEST(RedactionTest, MaskSecretsRecursesIntoArraysAndNestedObjects) {
  Connector connector;
  connector.extra = Json::parse(R"({
      "headers": {"Authorization": "Bearer abc", "Accept": "json"},
      "profiles": [{"client_secret": "c1", "region": "cn"}, [{"accessKeySecret": "c2"}]],
      "private_key": {"pem": "-----BEGIN"},
      "region": "eu"})");
  const Json masked = mask_secrets(connector).extra;
  EXPECT_EQ(masked.at("headers").at("Authorization"), "***");
  EXPECT_EQ(masked.at("headers").at("Accept"), "json");
  EXPECT_EQ(masked.at("profiles").at(0).at("client_secret"), "***");
  EXPECT_EQ(masked.at("profiles").at(0).at("region"), "cn");
  EXPECT_EQ(masked.at("profiles").at(1).at(0).at("accessKeySecret"), "***");
  EXPECT_EQ(masked.at("private_key"), "***");
  EXPECT_EQ(masked.at("region"), "eu");
}

TEST(RedactionTest, EveryFormOfASecretIsRedacted) {
  detail::Secrets secrets;
  secrets.add("p\"a/ss w\xc3\xb6rd&1");
  for (const std::string form :
       {"p\"a/ss w\xc3\xb6rd&1", "p\\\"a/ss w\xc3\xb6rd&1", "p\\\"a\\/ss w\\u00f6rd&1",
        "p\\\"a/ss w\\u00F6rd&1", "p%22a%2Fss%20w%C3%B6rd%261", "p%22a%2fss+w%c3%b6rd%261"}) {
    EXPECT_EQ(detail::redact("<" + form + ">", secrets), "<[REDACTED]>") << form;
  }
  // A number sent as a secret, echoed as a number in another spelling.
  std::vector<std::string> values;
  detail::collect_secret_values(Json::parse(R"({"a": [{"token": 1500}], "b": {"secret": 1e3}})"),
                                values);
  detail::Secrets numbers;
  for (const auto& value : values) numbers.add(value);
  EXPECT_EQ(detail::redact("got 1500.0 and 1000, not 15000", numbers),
            "got [REDACTED] and [REDACTED], not 15000");
}

TEST(RedactionTest, AShortSecretIsRedactedOnlyAsAWholeValue) {
  const detail::Secrets secrets("S");
  EXPECT_EQ(detail::redact("POST S3 \"S\" password=S&x S", secrets),
            "POST S3 \"[REDACTED]\" password=[REDACTED]&x [REDACTED]");
  // From eight bytes on, anywhere.
  const detail::Secrets long_secret("Secret-8");
  EXPECT_EQ(detail::redact("xSecret-8y", long_secret), "x[REDACTED]y");
}

TEST(RedactionTest, ASuccessMessageEchoingTheSentSecretIsRedacted) {
  TestServer server;
  const std::string password = "pa ss/w\xc3\xb6rd-42";
  server.enqueue(canned_ok(Json{
      {"valid", false},
      {"message", "cannot log in with " + password + " (sent p%20" + "a)" + " or " +
                      Json(password).dump(-1, ' ', true)}}));
  std::vector<std::string> log_lines;
  ClientOptions options;
  options.base_url = server.base_url();
  options.api_key = "redaction-test-key";
  options.logger = [&log_lines](LogLevel, const std::string& line) { log_lines.push_back(line); };
  const Client client(options);
  ValidateConnectorRequest request;
  request.source_type = ConnectorSourceType::kMatrixOne;
  request.mo = MoConnectorConfig{"db.example", 6001, "root", password};
  const ConnectorValidation answer = client.connectors().validate(request);
  ASSERT_TRUE(answer.message.has_value());
  EXPECT_EQ(*answer.message, "cannot log in with [REDACTED] (sent p%20a) or \"[REDACTED]\"");
  for (const auto& line : log_lines) EXPECT_EQ(line.find("ss/w"), std::string::npos) << line;
}

}  // namespace
}  // namespace moi
