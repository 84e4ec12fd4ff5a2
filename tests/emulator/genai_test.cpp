// SPDX-License-Identifier: Apache-2.0
// G1-G5 (the GenAI pipeline) through Emulator::handle_for_test on a manual clock: both request
// forms and their 422s, a job's life over simulated time, the result ZIP's layout, the state
// file (jobs and uploaded bytes survive a restart), and the SDK-only workflow call.

#include <gtest/gtest.h>

#include <archive.h>
#include <archive_entry.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "moi_emulator/emulator.hpp"
#include "process_fixture.hpp"

namespace moi::emulator {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kBoundary = "genai-boundary";

EmulatorOptions options(const std::string& state_file = {}) {
  EmulatorOptions o;
  o.api_key = "k";
  o.manual_clock = true;
  o.behavior.file_duration = 1000ms;
  o.state_file = state_file;
  return o;
}

struct Part {
  std::string name;
  std::string filename;  // "" : a text part
  std::string content;
};

std::string multipart(const std::vector<Part>& parts) {
  std::string body;
  for (const Part& p : parts) {
    body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + p.name +
            "\"";
    if (!p.filename.empty()) body += "; filename=\"" + p.filename + "\"";
    body += "\r\n\r\n" + p.content + "\r\n";
  }
  return body + "--" + kBoundary + "--\r\n";
}

const Headers kJson{{"moi-key", "k"}, {"Content-Type", "application/json"}};
const Headers kForm{{"moi-key", "k"},
                    {"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}};
const Headers kKeyOnly{{"moi-key", "k"}};

const std::string kParse = R"([{"node": "ParseNode", "parameters": {}}])";

json body_of(const InProcessResponse& r) { return json::parse(r.body); }

// The entries of a ZIP: name -> content (directories map to "/").
std::map<std::string, std::string> unzip(const std::string& zip) {
  std::map<std::string, std::string> out;
  archive* a = archive_read_new();
  archive_read_support_format_zip(a);
  EXPECT_EQ(archive_read_open_memory(a, zip.data(), zip.size()), ARCHIVE_OK);
  archive_entry* e = nullptr;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    std::string content;
    char buf[4096];
    la_ssize_t n = 0;
    while ((n = archive_read_data(a, buf, sizeof buf)) > 0) content.append(buf, buf + n);
    out[archive_entry_pathname(e)] =
        archive_entry_filetype(e) == AE_IFDIR ? std::string("/") : content;
  }
  archive_read_free(a);
  return out;
}

class GenaiTest : public ::testing::Test {
 protected:
  std::string submit_form(Emulator& emu, const std::vector<Part>& parts) {
    const auto r = emu.handle_for_test("POST", "/v1/genai/pipeline", kForm, multipart(parts));
    EXPECT_EQ(r.status, 200) << r.body;
    return body_of(r)["data"].value("job_id", "");
  }
  json job(Emulator& emu, const std::string& id) {
    const auto r = emu.handle_for_test("GET", "/v1/genai/jobs/" + id, kKeyOnly, "");
    EXPECT_EQ(r.status, 200) << r.body;
    return body_of(r)["data"];
  }
  std::string message_of(Emulator& emu, const Headers& headers, const std::string& body,
                         int status = 422) {
    const auto r = emu.handle_for_test("POST", "/v1/genai/pipeline", headers, body);
    EXPECT_EQ(r.status, status) << r.body;
    return body_of(r).value("msg", "");
  }
};

TEST_F(GenaiTest, JsonFormIsValidatedNamingTheField) {
  Emulator emu(options());
  EXPECT_EQ(message_of(emu, kJson, R"({"steps": )" + kParse + "}"), "file_urls: Field required");
  EXPECT_EQ(message_of(emu, kJson, R"({"file_urls": ["ftp://x/a.pdf"], "steps": )" + kParse + "}"),
            "file_urls[0]: URL scheme should be 'http' or 'https'");
  EXPECT_EQ(message_of(emu, kJson, R"({"file_urls": ["https://x/a.pdf"]})"),
            "steps: Field required");
  EXPECT_EQ(message_of(emu, kJson, R"({"file_urls": ["https://x/a.pdf"], "steps": []})"),
            "steps: List should have at least 1 item after validation");
  EXPECT_EQ(message_of(emu, kJson,
                       R"({"file_urls": ["https://x/a.pdf"], "steps": [{"node": "ParseNode"}]})"),
            "steps[0].parameters: Field required");
  EXPECT_EQ(
      message_of(
          emu, kJson,
          R"({"file_urls": ["https://x/a.pdf"], "steps": [{"node": "ChunkNode", "parameters": {}}]})"),
      "steps[0].node: ChunkNode takes ParseNode's output: it must come right after "
      "ParseNode");
  EXPECT_EQ(message_of(emu, kJson, R"({"file_urls": [], "steps": )" + kParse + "}"),
            "file_urls: List should have at least 1 item");
  EXPECT_EQ(message_of(emu, kJson,
                       R"({"file_urls": ["https://x/a.pdf"], "meta": 3, "steps": )" + kParse + "}"),
            "meta: Input should be a valid list");
  EXPECT_EQ(emu.request_count(Endpoint::kG1SubmitGenaiPipeline), 8u);
  EXPECT_EQ(endpoint_id(Endpoint::kG1SubmitGenaiPipeline), "G1");
  EXPECT_EQ(endpoint_id(Endpoint::kG5CreateGenaiWorkflow), "G5");
}

TEST_F(GenaiTest, MultipartFormIsValidatedNamingThePart) {
  Emulator emu(options());
  const std::string payload = R"({"file_names": ["a.md"], "steps": )" + kParse + "}";
  EXPECT_EQ(message_of(emu, kForm, multipart({{"payload", "", payload}})),
            "files: Field required (one part per file)");
  EXPECT_EQ(message_of(emu, kForm, multipart({{"files", "a.md", "x"}})), "payload: Field required");
  EXPECT_EQ(message_of(emu, kForm, multipart({{"files", "a.md", "x"}, {"payload", "", "[1]"}})),
            "payload: should be a JSON object");
  EXPECT_EQ(
      message_of(
          emu, kForm,
          multipart({{"files", "a.md", "x"},
                     {"payload", "", R"({"file_names": ["b.md"], "steps": )" + kParse + "}"}})),
      "payload.file_names[0]: \"b.md\" does not match the file part's name \"a.md\"");
  EXPECT_EQ(
      message_of(
          emu, kForm,
          multipart({{"files", "a.md", "x"}, {"files", "b.md", "y"}, {"payload", "", payload}})),
      "payload.file_names: 1 names for 2 files parts: one name per uploaded file, in order");
  EXPECT_EQ(message_of(emu, kForm,
                       multipart({{"files", "a.md", "x"},
                                  {"payload", "", R"({"file_names": ["a.md"]})"}})),
            "payload.steps: Field required");
  // The SDKs' order (payload first, extra file_names parts) is accepted too.
  EXPECT_FALSE(
      submit_form(emu,
                  {{"payload", "", payload}, {"file_names", "", "a.md"}, {"files", "a.md", "x"}})
          .empty());
}

TEST_F(GenaiTest, AJobProgressesOverSimulatedTimeAndServesItsZips) {
  Emulator emu(options());
  const std::string id = submit_form(
      emu,
      {{"files", "a.md", "# A\n\nbody\n"},
       {"files", "b.bin",
        std::string("\x01\x02PK-binary-run\x00xyz\x7f"
                    "long enough",
                    31)},
       {"payload", "",
        R"({"file_names": ["a.md", "b.bin"], "file_urls": ["https://h/p/c-fail.txt?q=1"], "steps": )" +
            kParse + "}"}});
  json j = job(emu, id);
  EXPECT_EQ(j["status"], "processing");  // the first file starts at once
  ASSERT_EQ(j["files"].size(), 3u);
  EXPECT_EQ(j["files"][0]["file_status"], "processing");
  EXPECT_EQ(j["files"][1]["file_status"], "pending");
  EXPECT_EQ(j["files"][1]["start_time"], "");
  EXPECT_EQ(j["files"][2]["file_name"], "c-fail.txt");
  EXPECT_EQ(j["files"][0]["file_type"], 6);
  const std::string a_id = j["files"][0]["file_id"];
  auto early = emu.handle_for_test("GET", "/v1/genai/results/file/" + a_id, kKeyOnly, "");
  EXPECT_EQ(early.status, 400);
  EXPECT_EQ(body_of(early)["msg"],
            "file " + a_id + " is processing: its result exists once it is completed");
  emu.advance(3s);
  j = job(emu, id);
  EXPECT_EQ(j["status"], "completed");  // one file failed, two completed
  EXPECT_EQ(j["files"][2]["file_status"], "failed");
  EXPECT_EQ(j["files"][2]["error_message"], "simulated failure: the file name contains \"fail\"");
  EXPECT_EQ(j["files"][0]["error_message"], "");
  const std::string start = j["files"][0]["start_time"];
  EXPECT_EQ(start.size(), std::string("2025-05-30T09:45:58.000000+0000").size());
  EXPECT_EQ(start.substr(start.size() - 12), ".000000+0000");

  const auto a = emu.handle_for_test(
      "GET", "/byoa/api/v1/explore/volumes/any/files/" + a_id + "/raws", kKeyOnly, "");
  ASSERT_EQ(a.status, 200) << a.body;
  const auto entries = unzip(a.body);
  const std::string top = "a.md-" + a_id + "/";
  EXPECT_EQ(entries.at(top), "/");
  EXPECT_EQ(entries.at(top + "a.md.md"), "# A\n\nbody\n");
  EXPECT_EQ(json::parse(entries.at(top + "a.md_parse.json"))["markdown"], "a.md.md");
  EXPECT_EQ(entries.size(), 3u);

  const std::string b_id = j["files"][1]["file_id"];
  const auto b = emu.handle_for_test("GET", "/v1/genai/results/file/" + b_id, kKeyOnly, "");
  ASSERT_EQ(b.status, 200);
  bool zip_type = false;
  for (const auto& [k, v] : b.headers) zip_type |= k == "Content-Type" && v == "application/zip";
  EXPECT_TRUE(zip_type);
  EXPECT_EQ(unzip(b.body).at("b.bin-" + b_id + "/b.bin.md"), "PK-binary-run\nlong enough\n");

  const std::string c_id = j["files"][2]["file_id"];
  EXPECT_EQ(emu.handle_for_test("GET", "/v1/genai/results/file/" + c_id, kKeyOnly, "").status, 400);
  const auto missing =
      emu.handle_for_test("GET", "/byoa/api/v1/explore/volumes/any/files/nope/raws", kKeyOnly, "");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(body_of(missing)["detail"], "file nope not found");
  const auto no_job = emu.handle_for_test("GET", "/v1/genai/jobs/nope", kKeyOnly, "");
  EXPECT_EQ(no_job.status, 404);
  EXPECT_EQ(body_of(no_job)["msg"], "job nope not found");
}

TEST_F(GenaiTest, AJobWithNoCompletedFileFailsAndAStalledFileNeverEnds) {
  Emulator emu(options());
  const auto r = emu.handle_for_test(
      "POST", "/v1/genai/pipeline", kJson,
      R"({"file_urls": ["https://h/x-fail.pdf", "https://h/y-fail-always.pdf"], "file_names": [], "meta": [], "steps": )" +
          kParse + "}");
  ASSERT_EQ(r.status, 200);
  const std::string failed = body_of(r)["data"]["job_id"];
  const std::string stalled = submit_form(
      emu, {{"files", "s[stall].md", "x"},
            {"payload", "", R"({"file_names": ["s[stall].md"], "steps": )" + kParse + "}"}});
  emu.advance(1h);
  EXPECT_EQ(job(emu, failed)["status"], "failed");
  const json s = job(emu, stalled);
  EXPECT_EQ(s["status"], "processing");
  EXPECT_EQ(s["files"][0]["end_time"], "");
}

TEST_F(GenaiTest, JobsAndUploadedBytesSurviveARestart) {
  testing::TempDir dir;
  const std::string state = (dir / "state.json").string();
  std::string id;
  {
    Emulator emu(options(state));
    id = submit_form(emu,
                     {{"files", "keep.txt", "kept bytes"},
                      {"payload", "", R"({"file_names": ["keep.txt"], "steps": )" + kParse + "}"}});
  }
  Emulator emu(options(state));
  emu.advance(5s);
  const json j = job(emu, id);
  ASSERT_EQ(j["status"], "completed");
  const std::string file_id = j["files"][0]["file_id"];
  const auto r = emu.handle_for_test("GET", "/v1/genai/results/file/" + file_id, kKeyOnly, "");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(unzip(r.body).at("keep.txt-" + file_id + "/keep.txt.md"), "kept bytes");
}

TEST_F(GenaiTest, SdkWorkflowCallCreatesAW1Workflow) {
  Emulator emu(options());
  const auto r = emu.handle_for_test("POST", "/v1/genai/workflow", kJson, R"({
    "name": "genai-wf", "source_volume_names": [], "source_volume_ids": ["123"],
    "process_mode": {"interval": -1, "offset": 0}, "file_types": [2],
    "workflow": {"node": [{"id": "root", "type": "RootNode", "init_parameters": {}}],
                 "connections": []}})");
  ASSERT_EQ(r.status, 200) << r.body;
  const json data = body_of(r)["data"];
  EXPECT_EQ(body_of(r)["code"], "OK");
  EXPECT_EQ(data["name"], "genai-wf");
  const auto w = emu.handle_for_test(
      "GET", "/byoa/api/v1/workflow_meta/" + data["id"].get<std::string>(), kKeyOnly, "");
  EXPECT_EQ(w.status, 200);
  const auto bad = emu.handle_for_test("POST", "/v1/genai/workflow", kJson,
                                       R"({"name": "x", "workflow": {"node": [{"id": "a"}]}})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(body_of(bad)["msg"],
            "source_volume_names: Field required; source_volume_ids: Field required; "
            "process_mode: Field required; workflow.node[0].type: Field required; "
            "workflow.node[0].init_parameters: Field required");
}

}  // namespace
}  // namespace moi::emulator
