// SPDX-License-Identifier: Apache-2.0
// Client options: validation at construction, the environment constructor.

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "moi/client.hpp"

namespace moi {
namespace {

ClientOptions valid() {
  ClientOptions options;
  options.base_url = "https://moi.example.com";
  options.api_key = "secret-key";
  return options;
}

std::string rejection(const ClientOptions& options) {
  try {
    Client client(options);
  } catch (const InvalidArgumentError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
    EXPECT_FALSE(error.retryable());
    return error.what();
  }
  return "accepted";
}

TEST(ClientOptionsTest, ValidOptionsConstruct) {
  EXPECT_EQ(rejection(valid()), "accepted");
  auto options = valid();
  options.base_url = "http://127.0.0.1:8080/prefix/";
  EXPECT_EQ(rejection(options), "accepted");
  options.base_url = "HTTPS://Host.Example:8443";
  EXPECT_EQ(rejection(options), "accepted");
}

// Issue 12 item 9: libcurl would send user:password as basic auth; the message names the
// option and never echoes the URL's credentials.
TEST(ClientOptionsTest, BaseUrlWithCredentialsIsRejectedWithoutEchoingThem) {
  auto options = valid();
  for (const char* url : {"https://alice:s3cret-pw@moi.example.com", "http://alice@127.0.0.1:1",
                          "https://alice:s3cret-pw@moi.example.com/prefix?x#y"}) {
    options.base_url = url;
    const std::string text = rejection(options);
    EXPECT_EQ(text,
              "invalid argument: base URL must not contain user:password@ credentials "
              "(ClientOptions::base_url or MOI_BASE_URL); authenticate with the API key "
              "(ClientOptions::api_key or MOI_API_KEY)")
        << url;
    EXPECT_EQ(text.find("s3cret"), std::string::npos);
    EXPECT_EQ(text.find("alice"), std::string::npos);
  }
}

TEST(ClientOptionsTest, BaseUrlWithoutSchemeIsRejected) {
  auto options = valid();
  options.base_url = "moi.example.com";
  EXPECT_EQ(rejection(options),
            "invalid argument: base URL has no scheme (expected http:// or https://) "
            "(ClientOptions::base_url or MOI_BASE_URL)");
}

TEST(ClientOptionsTest, BaseUrlWithOtherSchemeIsRejected) {
  auto options = valid();
  options.base_url = "ftp://moi.example.com";
  EXPECT_EQ(rejection(options),
            "invalid argument: base URL scheme \"ftp\" is not http or https "
            "(ClientOptions::base_url or MOI_BASE_URL)");
}

TEST(ClientOptionsTest, BaseUrlWithoutHostIsRejected) {
  auto options = valid();
  options.base_url = "https:///path";
  EXPECT_EQ(rejection(options),
            "invalid argument: base URL has no host (ClientOptions::base_url or MOI_BASE_URL)");
  options.base_url = "http://:8080";
  EXPECT_NE(rejection(options).find("has no host"), std::string::npos);
}

TEST(ClientOptionsTest, EmptyBaseUrlNamesTheVariable) {
  auto options = valid();
  options.base_url.clear();
  EXPECT_NE(rejection(options).find("MOI_BASE_URL"), std::string::npos);
}

TEST(ClientOptionsTest, BaseUrlWithSpaceOrQueryIsRejected) {
  auto options = valid();
  options.base_url = "https://moi.example.com/a b";
  EXPECT_NE(rejection(options).find("space or control"), std::string::npos);
  options.base_url = "https://moi.example.com/?x=1";
  EXPECT_NE(rejection(options).find("query"), std::string::npos);
}

TEST(ClientOptionsTest, EmptyKeyIsRejected) {
  auto options = valid();
  options.api_key.clear();
  EXPECT_EQ(rejection(options),
            "invalid argument: API key is empty (set ClientOptions::api_key or MOI_API_KEY)");
}

TEST(ClientOptionsTest, ControlCharactersInKeyAreRejectedWithoutEchoingIt) {
  const std::vector<std::string> bad_suffixes = {"abc\r\nX-Evil: 1", "abc\n",
                                                 std::string("ab\0c", 4), "a\x7f"};
  for (const auto& bad : bad_suffixes) {
    auto options = valid();
    options.api_key = std::string("SECRETPART") + bad;
    const std::string message = rejection(options);
    EXPECT_EQ(message,
              "invalid argument: API key contains a control character (CR, LF, NUL or "
              "similar)");
    EXPECT_EQ(message.find("SECRETPART"), std::string::npos);
  }
}

TEST(ClientOptionsTest, NulInsideKeyIsRejected) {
  auto options = valid();
  options.api_key = std::string("ab\0cd", 5);
  EXPECT_NE(rejection(options).find("control character"), std::string::npos);
}

TEST(ClientOptionsTest, ControlCharactersInUserAgentSuffixAreRejected) {
  auto options = valid();
  options.user_agent_suffix = "app/1\r\nX: y";
  EXPECT_NE(rejection(options).find("User-Agent suffix"), std::string::npos);
}

TEST(ClientOptionsTest, TimeoutsAndRetriesMustBeInRange) {
  auto options = valid();
  options.timeout = std::chrono::milliseconds(0);
  EXPECT_NE(rejection(options).find("timeout must be positive"), std::string::npos);
  options = valid();
  options.connect_timeout = std::chrono::milliseconds(-1);
  EXPECT_NE(rejection(options).find("connect_timeout"), std::string::npos);
  options = valid();
  options.retry.max_attempts = 0;
  EXPECT_NE(rejection(options).find("max_attempts"), std::string::npos);
}

TEST(ClientOptionsTest, DefaultsAreSane) {
  const ClientOptions options;
  EXPECT_EQ(options.connect_timeout, std::chrono::seconds(10));
  EXPECT_EQ(options.timeout, std::chrono::seconds(60));
  EXPECT_FALSE(options.insecure_skip_tls_verify);
  EXPECT_EQ(options.retry.max_attempts, 4);
  EXPECT_EQ(options.max_response_bytes, 32u * 1024 * 1024);
}

TEST(ClientOptionsTest, FromEnvReadsBothVariables) {
  ::setenv("MOI_BASE_URL", "https://env.example.com", 1);
  ::setenv("MOI_API_KEY", "env-key", 1);
  const auto options = ClientOptions::from_env();
  EXPECT_EQ(options.base_url, "https://env.example.com");
  EXPECT_EQ(options.api_key, "env-key");
  EXPECT_NO_THROW(Client::from_env());
  ::unsetenv("MOI_API_KEY");
  try {
    Client::from_env();
    FAIL();
  } catch (const InvalidArgumentError& error) {
    EXPECT_NE(std::string(error.what()).find("MOI_API_KEY"), std::string::npos);
  }
  ::unsetenv("MOI_BASE_URL");
}

}  // namespace
}  // namespace moi
