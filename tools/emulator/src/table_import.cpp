// SPDX-License-Identifier: Apache-2.0
#include "table_import.hpp"

#include "target.hpp"

namespace moi::emulator::detail {

using json = nlohmann::ordered_json;

CsvFile parse_csv(std::string_view text, char separator, char quote, const std::string& label) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
  if (!valid_utf8(text)) throw TableInputError(label + ": not valid UTF-8");
  CsvFile file;
  std::vector<CsvField> record;
  CsvField field;
  std::int64_t line = 1;
  std::int64_t record_line = 1;
  bool field_started = false;  // something (even an empty quoted field) is in `field`
  auto where = [&] { return label + ": line " + std::to_string(line); };
  auto end_field = [&] {
    if (record.size() == TableStore::kMaxColumns) {
      throw TableInputError(label + ": line " + std::to_string(record_line) + ": more than " +
                            std::to_string(TableStore::kMaxColumns) + " fields");
    }
    record.push_back(std::move(field));
    field = CsvField{};
    field_started = false;
  };
  auto end_record = [&] {
    // A line with nothing on it is no record.
    if (!(record.empty() && !field_started && field.text.empty())) {
      end_field();
      file.records.push_back(std::move(record));
      file.lines.push_back(record_line);
    }
    record.clear();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == quote && field.text.empty() && !field.quoted) {
      // A quoted field: up to the closing quote, "" standing for one quote.
      field.quoted = true;
      field_started = true;
      const std::int64_t opened = line;
      ++i;
      for (;;) {
        if (i >= text.size()) {
          throw TableInputError(label + ": line " + std::to_string(opened) +
                                ": a quoted field is never closed");
        }
        const char q = text[i];
        if (q == quote) {
          if (i + 1 < text.size() && text[i + 1] == quote) {
            field.text += quote;
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (q == '\n') ++line;
        field.text += q;
        if (field.text.size() > TableStore::kMaxCellBytes) {
          throw TableInputError(label + ": line " + std::to_string(opened) + ", field " +
                                std::to_string(record.size() + 1) + ": longer than " +
                                std::to_string(TableStore::kMaxCellBytes) + " bytes");
        }
        ++i;
      }
      if (i < text.size() && text[i] != separator && text[i] != '\n' && text[i] != '\r') {
        throw TableInputError(where() + ", field " + std::to_string(record.size() + 1) +
                              ": text after the closing quote");
      }
      continue;
    }
    if (c == separator) {
      end_field();
      field_started = true;  // the next field exists, even if empty
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      end_record();
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      record_line = line;
      continue;
    }
    if (field.quoted) {
      throw TableInputError(where() + ", field " + std::to_string(record.size() + 1) +
                            ": text after the closing quote");
    }
    field.text += c;
    field_started = true;
    if (field.text.size() > TableStore::kMaxCellBytes) {
      throw TableInputError(where() + ", field " + std::to_string(record.size() + 1) +
                            ": longer than " + std::to_string(TableStore::kMaxCellBytes) +
                            " bytes");
    }
    ++i;
  }
  end_record();
  return file;
}

std::int64_t import_records(TableStore& store, const TableMeta& table, const CsvFile& file,
                            const ImportPlan& plan, const std::string& label) {
  // Every record has the width of the file's first one (its header, when it has one); a
  // ragged row is named by its line before anything else is judged against that width.
  const std::size_t width = file.records.empty() ? 0 : file.records[0].size();
  for (std::size_t r = 0; r < file.records.size(); ++r) {
    if (file.records[r].size() != width) {
      throw TableInputError(label + ": line " + std::to_string(file.lines[r]) + ": " +
                            std::to_string(file.records[r].size()) + " fields, expected " +
                            std::to_string(width) + " (a ragged row)");
    }
  }
  std::vector<std::size_t> targets;  // table column index of each source
  for (const ColumnSource& source : plan.sources) {
    std::size_t index = table.columns.size();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (table.columns[c].name == source.table_column) index = c;
    }
    if (index == table.columns.size()) {
      throw TableInputError("table " + table.name + " has no column \"" + source.table_column +
                            "\"");
    }
    if (source.file_column && *source.file_column >= width && width != 0) {
      throw TableInputError(label + ": column " + std::to_string(*source.file_column + 1) +
                            " (for \"" + source.table_column + "\") is past the file's " +
                            std::to_string(width) + " columns");
    }
    targets.push_back(index);
  }
  std::vector<std::vector<json>> rows;
  std::vector<std::int64_t> lines;
  for (std::size_t r = static_cast<std::size_t>(plan.first_record); r < file.records.size(); ++r) {
    const auto& record = file.records[r];
    const std::string at_line = label + ": line " + std::to_string(file.lines[r]);
    std::vector<json> row(table.columns.size());
    for (std::size_t s = 0; s < plan.sources.size(); ++s) {
      const auto& from = plan.sources[s].file_column;
      if (!from) continue;
      const TableColumnDef& column = table.columns[targets[s]];
      const CsvField& field = record.at(*from);
      row[targets[s]] = TableStore::cell_from_text(column, field.text, field.quoted,
                                                   at_line + ", column \"" + column.name + "\"");
    }
    rows.push_back(std::move(row));
    lines.push_back(file.lines[r]);
  }
  return store.insert_rows(table, rows, plan.conflict, &lines);
}

}  // namespace moi::emulator::detail
