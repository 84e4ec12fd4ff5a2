// SPDX-License-Identifier: Apache-2.0
// The GenAI one-call path end to end: parse_files() (real libcurl transport, real libarchive
// extraction) against the moi-emulator executable on an ephemeral loopback port. Files take
// 1 ms of (real) simulated time, and the waiter polls every few milliseconds.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../emulator/process_fixture.hpp"
#include "moi/helpers/genai.hpp"
#include "moi/moi.hpp"

namespace moi::e2e {
namespace {

namespace fs = std::filesystem;
using moi::emulator::testing::Proc;
using moi::emulator::testing::TempDir;
using namespace std::chrono_literals;

constexpr const char* kKey = "genai-e2e-key";

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

class GenaiE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    proc_ = std::make_unique<Proc>(std::vector<std::string>{
        "--port", "0", "--api-key", kKey, "--file-duration-ms", "1", "--parallel-files", "4"});
    const int port = proc_->port();
    ASSERT_NE(port, 0) << proc_->all_stderr();
    ClientOptions options;
    options.base_url = "http://127.0.0.1:" + std::to_string(port);
    options.api_key = kKey;
    options.timeout = 10s;
    client_ = std::make_unique<Client>(options);
    fs::create_directory(dir_ / "out");
  }

  ParseFilesOptions fast() const {
    ParseFilesOptions options;
    options.wait.initial_interval = 5ms;
    options.wait.max_interval = 20ms;
    options.wait.timeout = 20s;
    return options;
  }

  std::string out() const { return (dir_ / "out").string(); }

  std::unique_ptr<Proc> proc_;
  std::unique_ptr<Client> client_;
  TempDir dir_;
};

TEST_F(GenaiE2E, TextFilesComeBackByteForByte) {
  const std::string markdown = "# Title\n\nA paragraph with *emphasis*.\n\n- one\n- two\n";
  const std::string text = "plain text\r\nwith CRLF and \xe4\xb8\xad\xe6\x96\x87\n";
  write_file(dir_ / "sample.md", markdown);
  write_file(dir_ / "notes.txt", text);
  const ParseFilesResult result =
      parse_files(*client_, {(dir_ / "sample.md").string(), (dir_ / "notes.txt").string()},
                  {GenaiStep::parse()}, out(), fast());
  ASSERT_TRUE(result.all_ok());
  ASSERT_EQ(result.files.size(), 2u);
  EXPECT_EQ(result.job.status, GenaiStatus::completed());
  const GenaiResultView md = open_genai_result(result.files[0].folder);
  EXPECT_EQ(md.name, "sample.md");
  EXPECT_EQ(read_all(md.markdown_path), markdown);
  EXPECT_FALSE(md.parse_json_path.empty());
  EXPECT_EQ(md.read_parse_json().at("file_name"), "sample.md");
  const GenaiResultView txt = open_genai_result(result.files[1].folder);
  EXPECT_EQ(read_all(txt.markdown_path), text);
  EXPECT_EQ(fs::path(result.files[0].folder).filename().string(),
            "sample.md-" + result.files[0].job_file->file_id.value_or("?"));
}

TEST_F(GenaiE2E, StepsAddTheirOutputsAndCsvGivesATable) {
  write_file(dir_ / "t.csv", "a,b\n1,<2>\n");
  ParseFilesOptions options = fast();
  options.download.route = GenaiResultRoute::kResults;  // the SDK-only route serves it too
  const ParseFilesResult result = parse_files(
      *client_, {(dir_ / "t.csv").string()},
      {GenaiStep::parse(), GenaiStep::chunk(), GenaiStep::embed(), GenaiStep::extract()}, out(),
      options);
  ASSERT_TRUE(result.all_ok()) << result.files[0].error;
  const GenaiResultView view = open_genai_result(result.files[0].folder);
  ASSERT_EQ(view.tables.size(), 1u);
  EXPECT_EQ(read_all(view.tables[0]),
            "<table>\n<tr><td>a</td><td>b</td></tr>\n<tr><td>1</td><td>&lt;2&gt;</td></tr>\n"
            "</table>\n");
  EXPECT_EQ(view.other_files,
            (std::vector<std::string>{"t.csv_chunks.json", "t.csv_embeddings.json",
                                      "t.csv_extract.json"}));
}

TEST_F(GenaiE2E, AFailedFileIsReportedAndTheOthersStillExtracted) {
  write_file(dir_ / "good.md", "# fine\n");
  write_file(dir_ / "bad-fail.md", "# never\n");
  const ParseFilesResult result =
      parse_files(*client_, {(dir_ / "good.md").string(), (dir_ / "bad-fail.md").string()},
                  {GenaiStep::parse()}, out(), fast());
  ASSERT_EQ(result.files.size(), 2u);
  // One file completed: the job is completed (docs/emulator.md).
  EXPECT_EQ(result.job.status, GenaiStatus::completed());
  EXPECT_TRUE(result.files[0].ok());
  EXPECT_FALSE(result.files[1].ok());
  EXPECT_EQ(result.files[1].error, "failed: simulated failure: the file name contains \"fail\"");
  EXPECT_EQ(result.files[1].job_file->file_status, GenaiStatus::failed());
  EXPECT_FALSE(fs::exists(dir_ / "out" /
                          ("bad-fail.md-" + result.files[1].job_file->file_id.value_or("?"))));
}

TEST_F(GenaiE2E, AJobWhoseOnlyFileFailedFails) {
  write_file(dir_ / "only-fail.txt", "x");
  const ParseFilesResult result = parse_files(*client_, {(dir_ / "only-fail.txt").string()},
                                              {GenaiStep::parse()}, out(), fast());
  EXPECT_EQ(result.job.status, GenaiStatus::failed());
  EXPECT_FALSE(result.all_ok());
}

TEST_F(GenaiE2E, AStalledJobEndsAtTheDeadline) {
  write_file(dir_ / "slow[stall].md", "# slow\n");
  ParseFilesOptions options = fast();
  options.wait.timeout = 200ms;
  try {
    parse_files(*client_, {(dir_ / "slow[stall].md").string()}, {GenaiStep::parse()}, out(),
                options);
    FAIL() << "no timeout";
  } catch (const GenaiWaitTimeoutError& e) {
    ASSERT_TRUE(e.last_job().has_value());
    EXPECT_EQ(e.last_job()->status, GenaiStatus::processing());
  }
  EXPECT_TRUE(fs::is_empty(dir_ / "out"));
}

TEST_F(GenaiE2E, AHostileOrTruncatedArchiveIsRefusedAndNothingEscapes) {
  write_file(dir_ / "evil[hostile].md", "# evil\n");
  write_file(dir_ / "half[truncated].md", "# half\n");
  write_file(dir_ / "fine.md", "# fine\n");
  const ParseFilesResult result =
      parse_files(*client_,
                  {(dir_ / "evil[hostile].md").string(), (dir_ / "half[truncated].md").string(),
                   (dir_ / "fine.md").string()},
                  {GenaiStep::parse()}, out(), fast());
  ASSERT_EQ(result.files.size(), 3u);
  EXPECT_FALSE(result.files[0].ok());
  EXPECT_NE(result.files[0].error.find("../../escaped.txt"), std::string::npos)
      << result.files[0].error;
  EXPECT_FALSE(result.files[1].ok());
  EXPECT_TRUE(result.files[2].ok());
  EXPECT_FALSE(fs::exists(dir_ / "escaped.txt"));
  EXPECT_FALSE(fs::exists(dir_.path().parent_path() / "escaped.txt"));
  // Only the good file's folder is left in the target directory.
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(dir_ / "out")) {
    left.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(left, std::vector<std::string>{fs::path(result.files[2].folder).filename().string()});
}

TEST_F(GenaiE2E, UrlsAndLocalFilesInOneJob) {
  write_file(dir_ / "local.md", "# local\n");
  const ParseFilesResult result =
      parse_files(*client_, {(dir_ / "local.md").string(), "https://example.com/docs/remote.md"},
                  {GenaiStep::parse()}, out(), fast());
  ASSERT_TRUE(result.all_ok());
  // A URL is not fetched: its text stands for the file's bytes (docs/emulator.md).
  EXPECT_EQ(read_all(open_genai_result(result.files[1].folder).markdown_path),
            "https://example.com/docs/remote.md");
}

}  // namespace
}  // namespace moi::e2e
