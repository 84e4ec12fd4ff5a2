// SPDX-License-Identifier: Apache-2.0
// Output rendering: null data, tables (alignment in display width, empty lists, objects).
#include "cli_fixture.hpp"

namespace moi::cli::testing {
namespace {

class OutputTest : public CliTest {};

// Start column of each header word in the first line.
std::vector<std::size_t> header_columns(const std::string& header) {
  std::vector<std::size_t> columns;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] != ' ' && (i == 0 || header[i - 1] == ' ')) columns.push_back(i);
  }
  return columns;
}

// Terminal columns before byte offset @p bytes of @p line: a CJK ideograph (a three-byte
// sequence led by 0xE4-0xE9) takes two, any other character one.
std::size_t code_points(const std::string& line, std::size_t bytes) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < bytes && i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) != 0x80) n += (c >= 0xE4 && c <= 0xE9) ? 2 : 1;
  }
  return n;
}

TEST_F(OutputTest, NullDataPrintsNothing) {
  const std::string id = create_workflow("quiet");
  for (const char* format : {"json", "table"}) {
    const Outcome r = moi({"workflow", "stop", id, "--output", format});
    EXPECT_EQ(r.code, kExitOk) << r;
    EXPECT_EQ(r.out, "") << r;
    EXPECT_EQ(r.err, "") << r;
  }
}

TEST_F(OutputTest, TableColumnsAlignWithNonAsciiNames) {
  create_workflow("合同处理");
  create_workflow("a-much-longer-ascii-name");
  const Outcome r = moi({"workflow", "list", "--output", "table"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u) << r;
  const auto columns = header_columns(lines[0]);
  ASSERT_EQ(columns.size(), 6u) << r;
  // The STATUS column starts at the same character position on every row.
  for (std::size_t row = 1; row < lines.size(); ++row) {
    const std::size_t at = lines[row].find("running");
    ASSERT_NE(at, std::string::npos) << r;
    EXPECT_EQ(code_points(lines[row], at), columns[2]) << r;
  }
}

TEST_F(OutputTest, EmptyListTablePrintsTheHeader) {
  const Outcome r = moi({"export", "list", "--output", "table"});
  ASSERT_EQ(r.code, kExitOk) << r;
  EXPECT_EQ(r.out, "ID  NAME  TYPE  STATUS  CREATOR  CONNECTOR  CREATED\n");
  const Outcome all = moi({"job", "list", "--all"});
  ASSERT_EQ(all.code, kExitOk) << all;
  EXPECT_EQ(all.out, "[]\n");
}

TEST_F(OutputTest, ObjectsAsTablesListTheirFields) {
  const std::string id = create_workflow("fields");
  const Outcome r = moi({"workflow", "get", id, "--output", "table"});
  ASSERT_EQ(r.code, kExitOk) << r;
  const auto lines = lines_of(r.out);
  ASSERT_GT(lines.size(), 5u);
  EXPECT_EQ(lines[0], "FIELD                VALUE");
  EXPECT_NE(r.out.find("\nname                 fields\n"), std::string::npos) << r;
  EXPECT_NE(r.out.find("\nprocess_mode         {\"interval\":0,\"offset\":0}\n"), std::string::npos)
      << r;
}

}  // namespace
}  // namespace moi::cli::testing
