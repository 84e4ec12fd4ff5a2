// SPDX-License-Identifier: Apache-2.0
// Misbehaving servers and networks: every case ends in a typed error within the configured
// time and attempt bounds. Also TLS verification against a self-signed HTTPS server.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "core/client_access.hpp"
#include "core/request_runner.hpp"
#include "moi/client.hpp"
#include "support/raw_server.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using namespace std::chrono_literals;
using detail::ApiCall;
using detail::Idempotency;
using testing::RawServer;

constexpr const char* kKey = "hostile-test-key";

ClientOptions options_for(const std::string& base_url, int attempts = 1) {
  ClientOptions options;
  options.base_url = base_url;
  options.api_key = kKey;
  options.timeout = 2s;
  options.retry.max_attempts = attempts;
  options.retry.sleeper = [](std::chrono::milliseconds) {};
  return options;
}

ApiCall get_call() {
  ApiCall call;
  call.method = "GET";
  call.path = "/workflow_job/j/status";
  return call;
}

ApiCall create_call() {
  ApiCall call;
  call.method = "POST";
  call.path = "/workflow_meta";
  call.body = nlohmann::json{{"name", "x"}};
  call.idempotency = Idempotency::kUnsafe;
  return call;
}

const std::string kHeadOf100Bytes =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";

TEST(HostileServerTest, ResetMidBodyIsRetryableTransportErrorBoundedByAttempts) {
  RawServer server(kHeadOf100Bytes + R"({"code":"ok","da)", RawServer::Then::kReset);
  Client client(options_for(server.base_url(), 3));
  try {
    detail::ClientAccess::runner(client)->run_void(get_call(), {});
    FAIL();
  } catch (const TimeoutError&) {
    FAIL() << "a reset is not a timeout";
  } catch (const TransportError& error) {
    EXPECT_TRUE(error.retryable());
    EXPECT_TRUE(error.outcome_unknown());
    EXPECT_NE(std::string(error.what()).find("connection failed"), std::string::npos);
  }
  EXPECT_EQ(server.connections(), 3);
}

TEST(HostileServerTest, CloseBeforeContentLengthIsTransportError) {
  RawServer server(kHeadOf100Bytes + R"({"code":"ok"})", RawServer::Then::kClose);
  Client client(options_for(server.base_url()));
  try {
    detail::ClientAccess::runner(client)->run_void(get_call(), {});
    FAIL();
  } catch (const TransportError& error) {
    EXPECT_EQ(error.curl_code(), 18);  // CURLE_PARTIAL_FILE
  }
}

TEST(HostileServerTest, EmptyReplyIsTransportError) {
  RawServer server("", RawServer::Then::kClose);
  Client client(options_for(server.base_url()));
  try {
    detail::ClientAccess::runner(client)->run_void(get_call(), {});
    FAIL();
  } catch (const TransportError& error) {
    EXPECT_EQ(error.curl_code(), 52);  // CURLE_GOT_NOTHING
  }
}

TEST(HostileServerTest, NonHttpGarbageIsTransportError) {
  RawServer server("SSH-2.0-OpenSSH_9.2\r\n\r\n", RawServer::Then::kClose);
  Client client(options_for(server.base_url()));
  EXPECT_THROW(detail::ClientAccess::runner(client)->run_void(get_call(), {}), TransportError);
}

TEST(HostileServerTest, StallAfterHeadersTimesOutWithinTheBound) {
  RawServer server(kHeadOf100Bytes, RawServer::Then::kStall);
  auto options = options_for(server.base_url(), 2);
  options.timeout = 300ms;
  Client client(options);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_THROW(detail::ClientAccess::runner(client)->run_void(get_call(), {}), TimeoutError);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(elapsed, 600ms);
  EXPECT_LT(elapsed, 3s);
  EXPECT_EQ(server.connections(), 2);
}

TEST(HostileServerTest, CreateWhoseAnswerIsLostIsSentOnceAndSaysOutcomeUnknown) {
  RawServer server(kHeadOf100Bytes + "{", RawServer::Then::kReset);
  Client client(options_for(server.base_url(), 4));
  try {
    detail::ClientAccess::runner(client)->run_void(create_call(), {});
    FAIL();
  } catch (const TransportError& error) {
    EXPECT_TRUE(error.outcome_unknown());
    EXPECT_NE(std::string(error.what()).find("outcome unknown"), std::string::npos);
  }
  EXPECT_EQ(server.connections(), 1);
}

TEST(HostileServerTest, InvalidUtf8IsDecodeError) {
  testing::TestServer server;
  testing::CannedResponse response;
  response.body = "{\"code\":\"ok\",\"data\":{\"name\":\"\xff\xfe\"}}";
  server.set_default(response);
  Client client(options_for(server.base_url()));
  try {
    detail::ClientAccess::runner(client)->run_void(get_call(), {});
    FAIL();
  } catch (const DecodeError& error) {
    EXPECT_NE(error.problem().find("not valid JSON"), std::string::npos);
  }
}

TEST(HostileServerTest, HeaderInjectionThroughRequestIdIsRejectedBeforeSending) {
  testing::TestServer server;
  Client client(options_for(server.base_url()));
  CallOptions call;
  call.request_id = "abc\r\nX-Evil: 1";
  EXPECT_THROW(detail::ClientAccess::runner(client)->run_void(get_call(), call),
               InvalidArgumentError);
  EXPECT_EQ(server.request_count(), 0u);
}

// ---- TLS ------------------------------------------------------------------------------------

class TlsTest : public ::testing::Test {
 protected:
  TlsTest()
      : server_((std::string(MOI_FIXTURES_DIR) + "/tls/server.crt").c_str(),
                (std::string(MOI_FIXTURES_DIR) + "/tls/server.key").c_str()) {
    server_.Get(".*", [](const httplib::Request&, httplib::Response& response) {
      response.set_content(R"({"code":"ok","msg":"ok","data":{"status":2}})", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~TlsTest() override {
    server_.stop();
    thread_.join();
  }

  ClientOptions options() const {
    return options_for("https://127.0.0.1:" + std::to_string(port_));
  }

  httplib::SSLServer server_;
  int port_ = 0;
  std::thread thread_;
};

TEST_F(TlsTest, SelfSignedCertificateIsRejectedByDefault) {
  Client client(options());
  try {
    detail::ClientAccess::runner(client)->run_void(get_call(), {});
    FAIL();
  } catch (const TransportError& error) {
    EXPECT_FALSE(error.retryable());
    EXPECT_NE(std::string(error.what()).find("TLS error"), std::string::npos) << error.what();
  }
}

TEST_F(TlsTest, CaBundleNamingTheCertificateIsTrusted) {
  auto opts = options();
  opts.ca_bundle_path = std::string(MOI_FIXTURES_DIR) + "/tls/server.crt";
  Client client(opts);
  nlohmann::json data;
  detail::ClientAccess::runner(client)->run(get_call(), {},
                                            [&data](const nlohmann::json& d) { data = d; });
  EXPECT_EQ(data, (nlohmann::json{{"status", 2}}));
}

TEST_F(TlsTest, AnUnrelatedCaBundleIsNotEnough) {
  auto opts = options();
  opts.ca_bundle_path = std::string(MOI_FIXTURES_DIR) + "/tls/other.crt";
  Client client(opts);
  EXPECT_THROW(detail::ClientAccess::runner(client)->run_void(get_call(), {}), TransportError);
}

TEST_F(TlsTest, VerificationCanBeTurnedOffExplicitly) {
  auto opts = options();
  opts.insecure_skip_tls_verify = true;
  Client client(opts);
  EXPECT_NO_THROW(detail::ClientAccess::runner(client)->run_void(get_call(), {}));
}

}  // namespace
}  // namespace moi
