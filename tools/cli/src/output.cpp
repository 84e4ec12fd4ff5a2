// SPDX-License-Identifier: Apache-2.0
#include "output.hpp"

#include <algorithm>
#include <cctype>
#include <ostream>
#include <sstream>

#include "safety.hpp"
#include "usage_error.hpp"

namespace moi::cli {
namespace {

// Code points, not bytes: continuation bytes (10xxxxxx) do not start a character.
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// A cell is one line a terminal shows literally: C0 controls (newlines in error messages,
// ESC), DEL and C1 controls (U+0080-U+009F) become spaces.
std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      out += ' ';
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      out += ' ';
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string format_json(const Json& value, bool compact) {
  // dump() escapes C0 controls; DEL and C1 controls are escaped too, so no server string can
  // drive the terminal.
  return escape_json_controls(
      value.dump(compact ? -1 : 2, ' ', false, Json::error_handler_t::replace));
}

void render_table(const Table& table, std::ostream& out) {
  std::vector<std::size_t> widths;
  const auto measure = [&widths](const std::vector<std::string>& row) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(one_line(row[i])));
    }
  };
  measure(table.headers);
  for (const auto& row : table.rows) measure(row);

  const auto write = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string cell = one_line(row[i]);
      line += cell;
      if (i + 1 < row.size()) line += std::string(widths[i] - display_width(cell) + 2, ' ');
    }
    // Trailing blanks come from empty last cells; drop them.
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
  };
  write(table.headers);
  for (const auto& row : table.rows) write(row);
}

Table object_table(const Json& object) {
  Table table{{"FIELD", "VALUE"}, {}};
  for (auto it = object.begin(); it != object.end(); ++it) {
    const Json& v = it.value();
    table.rows.push_back({it.key(), v.is_string() ? v.get<std::string>() : format_json(v, true)});
  }
  return table;
}

namespace {

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

Table object_row_table(const Json& object) {
  Table table{{}, {{}}};
  for (auto it = object.begin(); it != object.end(); ++it) {
    const Json& v = it.value();
    table.headers.push_back(it.key());
    table.rows.front().push_back(v.is_string() ? v.get<std::string>() : format_json(v, true));
  }
  return table;
}

Table transpose_row_table(const Table& row_table) {
  Table table{{"FIELD", "VALUE"}, {}};
  for (std::size_t i = 0; i < row_table.headers.size(); ++i) {
    const bool has_value = !row_table.rows.empty() && i < row_table.rows.front().size();
    table.rows.push_back({row_table.headers[i], has_value ? row_table.rows.front()[i] : ""});
  }
  return table;
}

Table select_fields(const Table& table, const std::string& fields) {
  std::vector<std::size_t> columns;
  std::istringstream names(fields);
  for (std::string name; std::getline(names, name, ',');) {
    const std::string wanted = lowercase(name);
    std::size_t found = table.headers.size();
    for (std::size_t i = 0; i < table.headers.size(); ++i) {
      if (lowercase(table.headers[i]) == wanted) {
        found = i;
        break;
      }
    }
    if (found == table.headers.size()) {
      std::string valid;
      for (const auto& header : table.headers) {
        valid += (valid.empty() ? "" : ",") + lowercase(header);
      }
      throw UsageError("--fields: unknown field '" + escape_controls(name) +
                       "'; valid fields: " + valid);
    }
    columns.push_back(found);
  }
  if (columns.empty()) throw UsageError("--fields: no field given");
  Table picked;
  for (const std::size_t i : columns) picked.headers.push_back(table.headers[i]);
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    for (const std::size_t i : columns) cells.push_back(i < row.size() ? row[i] : "");
    picked.rows.push_back(std::move(cells));
  }
  return picked;
}

void render_tsv(const Table& table, std::ostream& out) {
  const auto write = [&out](const std::vector<std::string>& row, bool header) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += '\t';
      line += escape_controls(header ? lowercase(row[i]) : row[i]);
    }
    out << line << '\n';
  };
  write(table.headers, true);
  for (const auto& row : table.rows) write(row, false);
}

void Diagnostics::line(const std::string& text) {
  if (bar_open_) err_ << "\r\033[K";  // erase the bar; the next update redraws it
  bar_open_ = false;
  err_ << escape_controls(text) << '\n' << std::flush;
}

void Diagnostics::bar(const std::string& text) {
  err_ << "\r\033[K" << escape_controls(text) << std::flush;
  bar_open_ = true;
}

void Diagnostics::close_bar() {
  if (bar_open_) err_ << '\n' << std::flush;
  bar_open_ = false;
}

}  // namespace moi::cli
