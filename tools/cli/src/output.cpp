// SPDX-License-Identifier: Apache-2.0
#include "output.hpp"

#include <algorithm>
#include <ostream>

#include "safety.hpp"

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
