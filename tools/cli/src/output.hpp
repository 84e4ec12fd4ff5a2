// SPDX-License-Identifier: Apache-2.0
#pragma once
// Rendering: JSON (pretty or compact), aligned tables, and the error stream shared by log
// lines and the progress bar of the waits.

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "moi/model/model.hpp"

namespace moi::cli {

/// `data` as the CLI prints it: two-space indentation, or one line when @p compact.
/// Invalid UTF-8 in strings is replaced rather than thrown on; DEL, C1 controls, bidi controls
/// and zero-width characters are written as \u escapes (C0 controls already are). Every id
/// (the values of `id`, `*_id`, `*_ids`, `id_list` and `*_id_list` members, at any depth) is
/// printed as a JSON string of its exact digits, whichever form the service sent.
std::string format_json(const Json& value, bool compact);

/// A table: a header row and cells already rendered as text.
struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

/// Narrowest a column is cut to on a terminal (unless its header is narrower).
inline constexpr std::size_t kMinCutWidth = 8;

/// Columns a terminal gives @p text: East Asian Wide and Fullwidth characters count 2,
/// combining marks and other zero-width characters 0, everything else 1 (a small table of the
/// CLI's own, the same under every locale).
std::size_t display_width(const std::string& text);

/// Writes @p table with columns aligned (two spaces apart; the last column is not padded),
/// measured in display width, so Chinese names and accents do not shift the columns. Cells are
/// one line: controls become spaces, bidirectional controls and zero-width characters \u
/// escapes. @p max_width > 0 (standard output is a terminal that wide): when a line would be
/// wider, the widest columns are narrowed (never an ID or *_ID column, never below their
/// header or kMinCutWidth) and their over-wide cells cut with "…". 0: nothing is cut.
void render_table(const Table& table, std::ostream& out, std::size_t max_width = 0);

/// A two-column FIELD/VALUE table of an object's members (nested values as compact JSON),
/// used for `--output table` on actions that return one object.
Table object_table(const Json& object);

/// One row whose columns are the members of @p object (strings as they are, other values as
/// compact JSON): a single object as `--output tsv` prints it and `--fields` picks from.
Table object_row_table(const Json& object);

/// The FIELD/VALUE table of a one-row table (header names as FIELD).
Table transpose_row_table(const Table& row_table);

/// The columns of @p table named by @p fields ("a,b,c"; names compared without regard to
/// case), in that order.
/// @throws UsageError naming the valid fields (lowercase) when a name is not a column.
Table select_fields(const Table& table, const std::string& fields);

/// `--output tsv`: one header line of the column names in lowercase, then one line per row;
/// cells tab-separated, with backslashes doubled and tabs, newlines and other control
/// characters escaped (escape_controls: \t, \n, \u202e, ...), so every row is one line and a
/// literal backslash-t differs from a tab. Never cut.
void render_tsv(const Table& table, std::ostream& out);

/// Columns of the list actions (the main fields of each item).
Table workflow_table(const std::vector<WorkflowListItem>& items);
Table branch_table(const std::vector<WorkflowListItem>& items);
Table job_table(const std::vector<JobListItem>& items);
Table job_file_table(const std::vector<JobFileInfo>& items);
Table export_task_table(const std::vector<ExportTaskListItem>& items);
Table export_file_table(const std::vector<ExportFileItem>& items);
Table catalog_table(const std::vector<CatalogInfo>& items);
/// Every node of a catalog tree, depth first: TYPE, ID, PATH (names joined with '/').
Table catalog_tree_table(const std::vector<CatalogNode>& nodes);
Table catalog_node_table(const std::vector<CatalogNode>& items);
Table file_table(const std::vector<FileInfo>& items);
Table load_task_file_table(const std::vector<LoadTaskFile>& items);
Table load_task_table(const std::vector<LoadTask>& items);
/// Connectors with their main configuration field; call it with masked connectors only.
Table connector_table(const std::vector<Connector>& items);
Table llm_session_table(const std::vector<LlmSession>& items);
Table llm_message_table(const std::vector<LlmMessage>& items);
Table connector_file_table(const std::vector<ConnectorFile>& items);

/// The error stream. On a terminal a progress bar is redrawn in place on one line; any other
/// line (a log line, an error) first clears the bar, so the two never mix.
class Diagnostics {
 public:
  Diagnostics(std::ostream& err, bool tty) : err_(err), tty_(tty) {}
  Diagnostics(const Diagnostics&) = delete;
  Diagnostics& operator=(const Diagnostics&) = delete;

  /// True when the stream is a terminal.
  bool tty() const noexcept { return tty_; }
  /// Writes one whole line: @p text with its control characters escaped (escape_controls),
  /// so no newline, ESC or BEL from an error message reaches the terminal raw.
  void line(const std::string& text);
  /// Terminal only: replaces the bar line with @p text (control characters escaped).
  void bar(const std::string& text);
  /// Terminal only: ends the bar's line, leaving its last state visible.
  void close_bar();

 private:
  std::ostream& err_;
  bool tty_;
  bool bar_open_ = false;
};

}  // namespace moi::cli
