// SPDX-License-Identifier: Apache-2.0
// Shared helpers for the emulator tests: an in-process emulator on an ephemeral loopback
// port with a manual clock, and a small JSON-over-HTTP client around httplib::Client.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "moi_emulator/emulator.hpp"

namespace moi::emulator::testing {

using json = nlohmann::json;
using namespace std::chrono_literals;

inline constexpr const char* kKey = "test-key";
inline constexpr const char* kApi = "/byoa/api/v1";

/// One answer: status, parsed body (null if not JSON), headers.
struct Resp {
  int status = 0;  ///< 0: no HTTP answer (connection error)
  httplib::Error error = httplib::Error::Success;
  std::string raw;
  mutable json body;
  httplib::Headers headers;

  /// A header's value ("" if absent); names are case-insensitive.
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  /// The envelope's `data` (a reference, so `for (auto& x : r.data()["list"])` is safe).
  /// Mutable, so `data()["missing"]` yields null instead of tripping an assertion.
  json& data() const {
    if (!body.is_object()) body = json::object();
    return body["data"];
  }
  bool ok() const { return status == 200 && body.is_object() && body.value("code", "") == "ok"; }
};

using Query = std::vector<std::pair<std::string, std::string>>;

inline std::string encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

inline std::string with_query(const std::string& path, const Query& query,
                              const std::string& prefix = kApi) {
  std::string out = prefix + path;
  char sep = '?';
  for (const auto& [k, v] : query) {
    out += sep + encode(k) + "=" + encode(v);
    sep = '&';
  }
  return out;
}

/// A client for one emulator; `key` empty sends no key header. Paths are below @p prefix
/// (the BYOA API by default; "" for the host-root calls), the key is sent as @p key_header.
class Api {
 public:
  Api(int port, std::string key = kKey, std::string prefix = kApi,
      std::string key_header = "moi-key")
      : cli_("127.0.0.1", port),
        key_(std::move(key)),
        prefix_(std::move(prefix)),
        key_header_(std::move(key_header)) {
    cli_.set_connection_timeout(5);
    cli_.set_read_timeout(10);
  }

  Resp get(const std::string& path, const Query& query = {}) {
    return finish(cli_.Get(with_query(path, query, prefix_), headers()));
  }
  Resp del(const std::string& path, const Query& query = {}) {
    return finish(cli_.Delete(with_query(path, query, prefix_), headers()));
  }
  Resp post(const std::string& path, const json& body) { return post_raw(path, body.dump()); }
  Resp post_raw(const std::string& path, const std::string& body,
                const std::string& type = "application/json") {
    return finish(cli_.Post(with_query(path, {}, prefix_), headers(), body, type));
  }
  Resp put(const std::string& path, const json& body) {
    return finish(
        cli_.Put(with_query(path, {}, prefix_), headers(), body.dump(), "application/json"));
  }
  Resp put_empty(const std::string& path) {
    return finish(cli_.Put(with_query(path, {}, prefix_), headers(), "", "application/json"));
  }
  httplib::Client& raw() { return cli_; }

 private:
  httplib::Headers headers() const {
    httplib::Headers h;
    if (!key_.empty()) h.emplace(key_header_, key_);
    return h;
  }

  static Resp finish(const httplib::Result& r) {
    Resp out;
    out.error = r.error();
    if (!r) return out;
    out.status = r->status;
    out.raw = r->body;
    out.headers = r->headers;
    out.body = json::parse(r->body, nullptr, false);
    if (out.body.is_discarded()) out.body = nullptr;
    return out;
  }

  httplib::Client cli_;
  std::string key_;
  std::string prefix_;
  std::string key_header_;
};

/// A W1 body in the documented shape.
inline json workflow_body(const std::string& name, json overrides = json::object()) {
  json body{
      {"name", name},
      {"source_volume_names", {"b-vol1"}},
      {"source_volume_ids", {1889223879880048640ULL}},
      {"target_volume_id", "eb42f0a1-ab18-4010-b95c-cd1716dd5e95"},
      {"create_target_volume_name", "new-target"},
      {"process_mode", {{"interval", 0}, {"offset", 0}}},
      {"file_types", {2}},
      {"priority", 300},
      {"workflow",
       {{"components",
         {{{"name", "DocumentCleaner"},
           {"type", "haystack.components.preprocessors.document_cleaner.DocumentCleaner"},
           {"component_id", "DocumentCleaner_1739377283742"},
           {"intro", "DocumentCleaner"},
           {"position", {{"x", 0}, {"y", 0}}},
           {"input_keys", json::object()},
           {"output_keys", json::object()},
           {"init_parameters", {{"remove_empty_lines", true}}},
           {"extra_node_info", {{"kept", "as sent"}}}}}},
        {"connections", json::array()},
        {"edges", json::array()},
        {"extra_components", json::array()}}},
  };
  for (auto it = overrides.begin(); it != overrides.end(); ++it) body[it.key()] = it.value();
  return body;
}

/// An E1 body (MatrixOne target) for the given files' names.
inline json export_body(const std::string& task_name, const std::vector<std::string>& names,
                        const std::string& creator = "admin",
                        const std::string& connector = "MatrixOne connector") {
  json files = json::array();
  for (std::size_t i = 0; i < names.size(); ++i) {
    files.push_back(json{{"file_id", "file_" + std::to_string(i)},
                         {"full_path", {"data", "documents", names[i]}},
                         {"is_raw", false}});
  }
  return json{
      {"task_name", task_name},
      {"creator", creator},
      {"connector_id", 3},
      {"connector_name", connector},
      {"type", 3},
      {"config",
       {{"mo_config",
         {{"database_name", "test_db"},
          {"table_name", "documents"},
          {"new_table", true},
          {"column",
           {{"export_column", {{{"source_column", "content"}, {"mapping_column", "doc_content"}}}},
            {"combine_column", {"content", "title"}}}},
          {"duplicated_strategy", 1}}},
        {"merge_title_to_text", false}}},
      {"files", files},
  };
}

/// Manual clock, fixed seed, 1 s per file, 3 simulated files per volume, key required.
inline EmulatorOptions test_options() {
  EmulatorOptions o;
  o.api_key = kKey;
  o.seed = 42;
  o.manual_clock = true;
  o.behavior.file_duration = 1000ms;
  o.behavior.files_per_volume = 3;
  o.threads = 8;
  o.keep_alive_timeout_seconds = 1;
  return o;
}

/// Starts an emulator per test; `api` talks to it.
class EmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override { restart(test_options()); }

  void restart(const EmulatorOptions& options) {
    api_.reset();
    emu_.reset();
    emu_ = std::make_unique<Emulator>(options);
    emu_->start();
    api_ = std::make_unique<Api>(emu_->port());
  }

  Api& api() { return *api_; }
  Emulator& emu() { return *emu_; }

  /// W1; returns the created record (asserts success).
  json create_workflow(const std::string& name, json overrides = json::object()) {
    Resp r = api().post("/workflow_meta", workflow_body(name, std::move(overrides)));
    EXPECT_TRUE(r.ok()) << r.raw;
    return r.data();
  }

  /// The only job of a workflow (asserts there is exactly one).
  std::string job_of(const std::string& workflow_id) {
    Resp r = api().get("/workflow_job", {{"workflow_id", workflow_id}});
    EXPECT_TRUE(r.ok()) << r.raw;
    EXPECT_EQ(r.data()["total"], 1) << r.raw;
    return r.data()["jobs"][0]["id"].get<std::string>();
  }

  json job_status(const std::string& job_id) {
    return api().get("/workflow_job/" + job_id + "/status").data();
  }

  json job_files(const std::string& job_id, const Query& query = {}) {
    return api().get("/workflow_job/" + job_id + "/files", query).data();
  }

  /// The id of the export task with this name (via E2).
  std::string task_named(const std::string& name) {
    Resp r = api().post("/export/task/list", json{{"limit", 1000}});
    EXPECT_TRUE(r.ok()) << r.raw;
    for (const auto& t : r.data()["tasks"]) {
      if (t["name"] == name) return t["id"].get<std::string>();
    }
    ADD_FAILURE() << "no export task named " << name;
    return {};
  }

  std::unique_ptr<Emulator> emu_;
  std::unique_ptr<Api> api_;
};

}  // namespace moi::emulator::testing
