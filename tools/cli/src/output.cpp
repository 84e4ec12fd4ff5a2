// SPDX-License-Identifier: Apache-2.0
#include "output.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <ostream>
#include <sstream>

#include "moi_internal/utf8.hpp"
#include "safety.hpp"
#include "usage_error.hpp"

namespace moi::cli {
namespace {

// [first, last] code point ranges, sorted.
struct Range {
  char32_t first;
  char32_t last;
};

bool in_ranges(char32_t cp, const Range* ranges, std::size_t count) {
  const Range* end = ranges + count;
  const Range* it =
      std::lower_bound(ranges, end, cp, [](const Range& r, char32_t c) { return r.last < c; });
  return it != end && it->first <= cp;
}

// Characters a terminal draws in no column of their own: combining marks (Unicode Mn, Me) of
// the common scripts, variation selectors, the Hangul medial vowels and final consonants.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
    {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670},
    {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0711, 0x0711},
    {0x0730, 0x074A}, {0x07A6, 0x07B0}, {0x07EB, 0x07F3}, {0x0816, 0x082D}, {0x0859, 0x085B},
    {0x08D3, 0x0902}, {0x093A, 0x093A}, {0x093C, 0x093C}, {0x0941, 0x0948}, {0x094D, 0x094D},
    {0x0951, 0x0957}, {0x0962, 0x0963}, {0x0981, 0x0981}, {0x09BC, 0x09BC}, {0x09C1, 0x09C4},
    {0x09CD, 0x09CD}, {0x09E2, 0x09E3}, {0x0A01, 0x0A02}, {0x0A3C, 0x0A3C}, {0x0A41, 0x0A51},
    {0x0A70, 0x0A71}, {0x0A75, 0x0A75}, {0x0A81, 0x0A82}, {0x0ABC, 0x0ABC}, {0x0AC1, 0x0AC8},
    {0x0ACD, 0x0ACD}, {0x0AE2, 0x0AE3}, {0x0B01, 0x0B01}, {0x0B3C, 0x0B3C}, {0x0B3F, 0x0B3F},
    {0x0B41, 0x0B44}, {0x0B4D, 0x0B4D}, {0x0B82, 0x0B82}, {0x0BC0, 0x0BC0}, {0x0BCD, 0x0BCD},
    {0x0C3E, 0x0C40}, {0x0C46, 0x0C56}, {0x0CBC, 0x0CBC}, {0x0CCC, 0x0CCD}, {0x0D41, 0x0D44},
    {0x0D4D, 0x0D4D}, {0x0DCA, 0x0DCA}, {0x0DD2, 0x0DD6}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A},
    {0x0E47, 0x0E4E}, {0x0EB1, 0x0EB1}, {0x0EB4, 0x0EBC}, {0x0EC8, 0x0ECD}, {0x0F18, 0x0F19},
    {0x0F35, 0x0F35}, {0x0F37, 0x0F37}, {0x0F39, 0x0F39}, {0x0F71, 0x0F7E}, {0x0F80, 0x0F84},
    {0x0F86, 0x0F87}, {0x0F8D, 0x0FBC}, {0x0FC6, 0x0FC6}, {0x102D, 0x1030}, {0x1032, 0x1037},
    {0x1039, 0x103A}, {0x103D, 0x103E}, {0x1058, 0x1059}, {0x1160, 0x11FF}, {0x135D, 0x135F},
    {0x1712, 0x1714}, {0x1732, 0x1734}, {0x17B4, 0x17B5}, {0x17B7, 0x17BD}, {0x17C6, 0x17C6},
    {0x17C9, 0x17D3}, {0x17DD, 0x17DD}, {0x180B, 0x180D}, {0x18A9, 0x18A9}, {0x1920, 0x1922},
    {0x1927, 0x1928}, {0x1932, 0x1932}, {0x1939, 0x193B}, {0x1A17, 0x1A18}, {0x1AB0, 0x1AFF},
    {0x1B00, 0x1B03}, {0x1B34, 0x1B34}, {0x1B36, 0x1B3A}, {0x1B6B, 0x1B73}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064}, {0x2066, 0x206F}, {0x20D0, 0x20F0},
    {0x2CEF, 0x2CF1}, {0x2DE0, 0x2DFF}, {0x302A, 0x302D}, {0x3099, 0x309A}, {0xA66F, 0xA672},
    {0xA674, 0xA67D}, {0xA69E, 0xA69F}, {0xA6F0, 0xA6F1}, {0xA8E0, 0xA8F1}, {0xD7B0, 0xD7FF},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0x1D167, 0x1D169},
    {0x1D17B, 0x1D182}, {0x1D185, 0x1D18B}, {0x1D1AA, 0x1D1AD}, {0xE0001, 0xE007F},
    {0xE0100, 0xE01EF},
};

// East Asian Wide and Fullwidth characters (Unicode UAX #11): two columns.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},
    {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x3029},
    {0x302E, 0x303E},   {0x3041, 0x3098},   {0x309B, 0x33FF},   {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},
    {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},
    {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4}, {0x17000, 0x18AFF}, {0x1B000, 0x1B2FF},
    {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
    {0x1F200, 0x1F251}, {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB},
    {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

// Columns a terminal gives one code point: 0, 1 or 2 (a small wcwidth of its own, so that
// the result does not depend on the locale).
std::size_t code_point_width(char32_t cp) {
  if (in_ranges(cp, kZeroWidth, std::size(kZeroWidth))) return 0;
  if (in_ranges(cp, kWide, std::size(kWide))) return 2;
  return 1;
}

// Visits each character of @p text: fn(byte offset, byte length, display width). A byte that
// is not UTF-8 counts as one column (cells are escaped text, so none is left in practice).
template <class Fn>
void for_each_char(const std::string& text, Fn fn) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t length = c < 0x80 ? 0 : detail::utf8_sequence_length(text, i);
    if (length == 0) {
      fn(i, std::size_t{1}, std::size_t{1});
      ++i;
    } else {
      fn(i, length, code_point_width(detail::utf8_code_point(text, i, length)));
      i += length;
    }
  }
}

std::size_t columns_of(const std::string& text) {
  std::size_t width = 0;
  for_each_char(text, [&width](std::size_t, std::size_t, std::size_t w) { width += w; });
  return width;
}

// @p text cut to at most @p width columns, the last of them "…" (U+2026).
std::string cut_to_width(const std::string& text, std::size_t width) {
  if (width == 0) return {};
  std::string out;
  std::size_t used = 0;
  bool cut = false;
  for_each_char(text, [&](std::size_t at, std::size_t length, std::size_t w) {
    if (cut) return;
    if (used + w > width - 1) {
      cut = true;
      return;
    }
    out.append(text, at, length);
    used += w;
  });
  return out + "\u2026";
}

// A cell is one line a terminal shows literally: C0 controls (newlines in error messages,
// ESC), DEL and C1 controls (U+0080-U+009F) become spaces; bidirectional controls and
// zero-width characters become \u escapes (visible, so a name cannot hide or reorder text).
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
  return escape_controls(out);
}

// Columns whose values are copied into the next command: never cut.
bool is_id_column(const std::string& header) {
  const std::string lower = [&header] {
    std::string text = header;
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  }();
  return lower == "id" || (lower.size() > 3 && lower.compare(lower.size() - 3, 3, "_id") == 0);
}

}  // namespace

std::size_t display_width(const std::string& text) { return columns_of(text); }

namespace {

bool ends_with(const std::string& text, const char* suffix) {
  const std::size_t n = std::char_traits<char>::length(suffix);
  return text.size() >= n && text.compare(text.size() - n, n, suffix) == 0;
}

// `id`, `*_id`, `*_ids` (and `id_list`, `*_id_list`): members whose values are ids.
bool is_id_key(const std::string& key) {
  return key == "id" || key == "id_list" || ends_with(key, "_id") || ends_with(key, "_ids") ||
         ends_with(key, "_id_list");
}

// Whether @p value holds a number where an id is (so ids_as_strings has work to do).
bool has_numeric_id(const Json& value) {
  if (value.is_array()) {
    return std::any_of(value.begin(), value.end(), [](const Json& v) { return has_numeric_id(v); });
  }
  if (!value.is_object()) return false;
  for (auto it = value.begin(); it != value.end(); ++it) {
    const Json& v = it.value();
    if (is_id_key(it.key())) {
      if (v.is_number()) return true;
      if (v.is_array() &&
          std::any_of(v.begin(), v.end(), [](const Json& item) { return item.is_number(); })) {
        return true;
      }
    } else if (v.is_structured() && has_numeric_id(v)) {
      return true;
    }
  }
  return false;
}

// An id number as its exact digits: integers are held as 64-bit integers by the parser, so a
// 19-digit id never went through a double.
void number_to_string(Json& value) {
  if (value.is_number()) value = value.dump();
}

void ids_as_strings(Json& value) {
  if (value.is_array()) {
    for (Json& item : value) ids_as_strings(item);
    return;
  }
  if (!value.is_object()) return;
  for (auto it = value.begin(); it != value.end(); ++it) {
    Json& v = it.value();
    if (is_id_key(it.key())) {
      number_to_string(v);
      if (v.is_array()) {
        for (Json& item : v) number_to_string(item);
      }
    } else if (v.is_structured()) {
      ids_as_strings(v);
    }
  }
}

}  // namespace

std::string format_json(const Json& value, bool compact) {
  const int indent = compact ? -1 : 2;
  // dump() escapes C0 controls; DEL, C1 controls, bidi controls and zero-width characters are
  // escaped too, so no server string can drive or trick the terminal.
  if (!has_numeric_id(value)) {
    return escape_json_controls(value.dump(indent, ' ', false, Json::error_handler_t::replace));
  }
  Json copy = value;  // one form for every id: a string
  ids_as_strings(copy);
  return escape_json_controls(copy.dump(indent, ' ', false, Json::error_handler_t::replace));
}

void render_table(const Table& table, std::ostream& out, std::size_t max_width) {
  std::vector<std::vector<std::string>> cells;
  cells.reserve(table.rows.size() + 1);
  cells.emplace_back();
  for (const auto& header : table.headers) cells.back().push_back(one_line(header));
  for (const auto& row : table.rows) {
    cells.emplace_back();
    for (const auto& cell : row) cells.back().push_back(one_line(cell));
  }
  std::vector<std::size_t> widths;
  for (const auto& row : cells) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  }
  if (max_width > 0 && !widths.empty()) {
    // On a terminal: narrow the widest column that may be cut (not an id, not below its
    // header or kMinCutWidth) until a line fits.
    std::size_t total = 2 * (widths.size() - 1);
    for (const std::size_t w : widths) total += w;
    std::vector<std::size_t> floor(widths.size(), 0);
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const bool id = i < table.headers.size() && is_id_column(table.headers[i]);
      floor[i] = id ? widths[i]
                    : std::min(widths[i], std::max(kMinCutWidth, display_width(cells[0][i])));
    }
    while (total > max_width) {
      std::size_t widest = widths.size();
      for (std::size_t i = 0; i < widths.size(); ++i) {
        if (widths[i] > floor[i] && (widest == widths.size() || widths[i] > widths[widest])) {
          widest = i;
        }
      }
      if (widest == widths.size()) break;  // nothing left to cut: the line stays long
      const std::size_t shrink = std::min(total - max_width, widths[widest] - floor[widest]);
      const std::size_t step = std::max<std::size_t>(1, std::min<std::size_t>(shrink, 4));
      widths[widest] -= step;
      total -= step;
    }
    for (auto& row : cells) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (display_width(row[i]) > widths[i]) row[i] = cut_to_width(row[i], widths[i]);
      }
    }
  }

  for (const auto& row : cells) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - display_width(row[i]) + 2, ' ');
    }
    // Trailing blanks come from empty last cells; drop them.
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
  }
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

namespace {

// A backslash is written twice, so that a literal "\t" (two characters) and a tab (written as
// \t) read differently; then controls are escaped as everywhere.
std::string tsv_cell(const std::string& text) {
  std::string doubled;
  doubled.reserve(text.size());
  for (const char c : text) {
    if (c == '\\') doubled += '\\';
    doubled += c;
  }
  return escape_controls(doubled);
}

}  // namespace

void render_tsv(const Table& table, std::ostream& out) {
  const auto write = [&out](const std::vector<std::string>& row, bool header) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += '\t';
      line += tsv_cell(header ? lowercase(row[i]) : row[i]);
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
