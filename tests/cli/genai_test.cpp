// SPDX-License-Identifier: Apache-2.0
// `moi parse` / `moi genai parse|job|download` (issue 23.8) against the emulator: the records
// printed, the exit codes (0 all completed, 1 a failed file, 2 bad input with nothing sent,
// 3 the --timeout), the steps options, and the real `moi` program end to end.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_fixture.hpp"
#include "moi_process.hpp"

namespace moi::cli::testing {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class GenaiCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    char pattern[] = "/tmp/moi-cli-genai-XXXXXX";
    dir_ = ::mkdtemp(pattern);
    fs::create_directory(dir_ / "out");
    write("a.md", "# A\n\nfirst\n");
    write("b.txt", "plain\n");
    write("c-fail.md", "# C\n");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string out() const { return (dir_ / "out").string(); }
  std::uint64_t submits() {
    return emu().request_count(moi::emulator::Endpoint::kG1SubmitGenaiPipeline);
  }

  fs::path dir_;
};

TEST_F(GenaiCliTest, ParsePrintsOneRecordPerFileAndExits0) {
  const Outcome r = moi({"parse", path("a.md"), path("b.txt"), "--out", out()});
  ASSERT_EQ(r.code, 0) << r;
  const Json records = r.json();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["input"], path("a.md"));
  EXPECT_EQ(records[0]["status"], "completed");
  EXPECT_EQ(records[0]["file_name"], "a.md");
  const std::string folder = records[0]["folder"];
  EXPECT_EQ(folder, out() + "/a.md-" + records[0]["file_id"].get<std::string>());
  EXPECT_EQ(read_all(fs::path(folder) / "a.md.md"), "# A\n\nfirst\n");
  EXPECT_EQ(read_all(fs::path(records[1]["folder"].get<std::string>()) / "b.txt.md"), "plain\n");
  // The job id at once on stderr, and nothing else off a terminal.
  const auto err = lines_of(r.err);
  ASSERT_EQ(err.size(), 1u) << r;
  EXPECT_EQ(err[0].rfind("moi: job ", 0), 0u);
}

TEST_F(GenaiCliTest, AFailedFileExits1AndIsListedWithItsError) {
  const Outcome r =
      moi({"--output", "jsonl", "genai", "parse", path("a.md"), path("c-fail.md"), "--out", out()});
  ASSERT_EQ(r.code, 1) << r;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u);
  const Json failed = Json::parse(lines[1]);
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["error"], "failed: simulated failure: the file name contains \"fail\"");
  EXPECT_FALSE(failed.contains("folder"));
  EXPECT_NE(r.err.find("moi: " + path("c-fail.md") +
                       ": failed: simulated failure: the file name contains \"fail\""),
            std::string::npos)
      << r;
}

TEST_F(GenaiCliTest, BadInputExits2AndSendsNothing) {
  ASSERT_EQ(::mkfifo(path("fifo").c_str(), 0600), 0);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"parse", path("missing.md")},
        std::vector<std::string>{"parse", dir_.string()},
        std::vector<std::string>{"parse", path("fifo")},
        std::vector<std::string>{"parse", path("a.md"), "ftp://example.com/a.pdf"},
        std::vector<std::string>{"parse", path("a.md"), "--steps", "parse,shred"},
        std::vector<std::string>{"parse", path("a.md"), "--steps", "parse", "--step-json",
                                 R"({"node":"ParseNode"})"},
        std::vector<std::string>{"parse", path("a.md"), "--step-json", "[1]"},
        std::vector<std::string>{"parse", path("a.md"), "--steps", "chunk"},
        std::vector<std::string>{"parse", path("a.md"), "--result-route", "zip"},
        std::vector<std::string>{"parse", path("a.md"), "--parallel", "0"}}) {
    const Outcome r = moi(args);
    EXPECT_EQ(r.code, 2) << args.back() << "\n" << r;
    EXPECT_EQ(r.out, "");
  }
  EXPECT_EQ(submits(), 0u);
  const Outcome fifo = moi({"parse", path("fifo")});
  EXPECT_NE(fifo.err.find(path("fifo")), std::string::npos) << fifo;
}

TEST_F(GenaiCliTest, AMissingOutFolderIsCreatedAndNotLeftBehindByBadInput) {
  const fs::path nested = dir_ / "results" / "today";
  Outcome r = moi({"parse", path("missing.md"), "--out", nested.string()});
  EXPECT_EQ(r.code, 2) << r;
  EXPECT_FALSE(fs::exists(nested)) << "a refused command left its output folder";
  r = moi({"parse", path("a.md"), "--out", nested.string()});
  ASSERT_EQ(r.code, 0) << r;
  const std::string folder = r.json()[0]["folder"];
  EXPECT_EQ(fs::path(folder).parent_path(), nested);
  EXPECT_EQ(read_all(fs::path(folder) / "a.md.md"), "# A\n\nfirst\n");
  // A file where the folder should be: a usage error naming it.
  write("plain-file", "x");
  r = moi({"parse", path("a.md"), "--out", path("plain-file") + "/sub"});
  EXPECT_EQ(r.code, 2) << r;
  EXPECT_NE(r.err.find("cannot create the output folder " + path("plain-file") + "/sub"),
            std::string::npos)
      << r;
}

TEST_F(GenaiCliTest, TimeoutExits3) {
  write("slow[stall].md", "# slow\n");
  const Outcome r = moi({"parse", path("slow[stall].md"), "--timeout", "30", "--out", out()});
  EXPECT_EQ(r.code, 3) << r;
  EXPECT_NE(r.err.find("gave up waiting"), std::string::npos) << r;
  EXPECT_TRUE(fs::is_empty(out()));
}

TEST_F(GenaiCliTest, StepsAddTheirOutputs) {
  const Outcome r = moi({"parse", path("a.md"), "--steps", "parse,chunk,embed", "--out", out()});
  ASSERT_EQ(r.code, 0) << r;
  const fs::path folder = r.json()[0]["folder"].get<std::string>();
  EXPECT_TRUE(fs::exists(folder / "a.md_chunks.json"));
  EXPECT_TRUE(fs::exists(folder / "a.md_embeddings.json"));
  const Outcome custom =
      moi({"parse", path("b.txt"), "--step-json", R"({"node":"ExtractNode","parameters":{}})",
           "--out", out(), "--result-route", "results"});
  ASSERT_EQ(custom.code, 0) << custom;
  const fs::path extracted = custom.json()[0]["folder"].get<std::string>();
  EXPECT_TRUE(fs::exists(extracted / "b.txt_extract.json"));
}

TEST_F(GenaiCliTest, NoWaitJobAndDownload) {
  const Outcome submitted = moi({"parse", path("a.md"), path("c-fail.md"), "--no-wait"});
  ASSERT_EQ(submitted.code, 0) << submitted;
  const std::string job_id = submitted.json()["job_id"];
  emu().advance(std::chrono::seconds(5));
  const Outcome job = moi({"genai", "job", job_id});
  ASSERT_EQ(job.code, 0) << job;  // whatever the files' statuses
  const Json files = job.json()["files"];
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[1]["file_status"], "failed");
  const Outcome table = moi({"--output", "table", "genai", "job", job_id});
  EXPECT_NE(table.out.find("FILE_STATUS"), std::string::npos) << table;
  const std::string zip = path("result.zip");
  const Outcome download = moi({"genai", "download", files[0]["file_id"], "--out", zip});
  ASSERT_EQ(download.code, 0) << download;
  EXPECT_EQ(download.json()["bytes"], fs::file_size(zip));
  EXPECT_EQ(read_all(zip).substr(0, 2), "PK");
  const Outcome failed = moi({"genai", "download", files[1]["file_id"], "--out", path("f.zip")});
  EXPECT_EQ(failed.code, 1) << failed;
  EXPECT_FALSE(fs::exists(path("f.zip")));
  EXPECT_EQ(moi({"genai", "download", files[0]["file_id"]}).code, 2);
}

TEST_F(GenaiCliTest, TheRealProgramParsesAgainstAnEmulatorOnTheWallClock) {
  moi::emulator::EmulatorOptions options;
  options.api_key = kKey;
  options.behavior.file_duration = std::chrono::milliseconds(1);
  moi::emulator::Emulator live(options);
  live.start();
  MoiProcess proc(
      {"parse", path("a.md"), path("c-fail.md"), "--out", out(), "--output", "table"},
      {"MOI_BASE_URL=" + live.base_url(), std::string("MOI_API_KEY=") + kKey, "LC_ALL=C"});
  EXPECT_EQ(proc.wait(), 1) << proc.err();
  const auto rows = lines_of(proc.out());
  ASSERT_EQ(rows.size(), 3u) << proc.out();
  EXPECT_EQ(rows[0].rfind("STATUS", 0), 0u);
  EXPECT_EQ(rows[1].rfind("completed", 0), 0u);
  EXPECT_EQ(rows[2].rfind("failed", 0), 0u);
  EXPECT_EQ(read_all(fs::directory_iterator(out())->path() / "a.md.md"), "# A\n\nfirst\n");
}

}  // namespace
}  // namespace moi::cli::testing
