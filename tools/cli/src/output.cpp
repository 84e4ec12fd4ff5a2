// SPDX-License-Identifier: Apache-2.0
#include "output.hpp"

#include <algorithm>
#include <ostream>

namespace moi::cli {
namespace {

// Code points, not bytes: continuation bytes (10xxxxxx) do not start a character.
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// A cell is one line: control characters (newlines in error messages) become spaces.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return text;
}

}  // namespace

std::string format_json(const Json& value, bool compact) {
  return value.dump(compact ? -1 : 2, ' ', false, Json::error_handler_t::replace);
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

void Diagnostics::line(const std::string& text) {
  if (bar_open_) err_ << "\r\033[K";  // erase the bar; the next update redraws it
  bar_open_ = false;
  err_ << text << '\n' << std::flush;
}

void Diagnostics::bar(const std::string& text) {
  err_ << "\r\033[K" << text << std::flush;
  bar_open_ = true;
}

void Diagnostics::close_bar() {
  if (bar_open_) err_ << '\n' << std::flush;
  bar_open_ = false;
}

}  // namespace moi::cli
