// SPDX-License-Identifier: Apache-2.0
#pragma once
// Streamed answer text on standard output (`moi chat`, `moi ask`).

#include <ostream>
#include <string>
#include <string_view>

#include "safety.hpp"

namespace moi::cli {

// Writes streamed answer text as a terminal shows it literally: newlines are kept, every
// other control (and invisible format character) is escaped as escape_controls() does. A UTF-8
// sequence split across two chunks is held back until it is whole, so it is not escaped as
// stray bytes.
class TextWriter {
 public:
  explicit TextWriter(std::ostream& out) : out_(out) {}

  void add(const std::string& piece) {
    pending_ += piece;
    const std::size_t whole = complete_prefix(pending_);
    write(pending_.substr(0, whole));
    pending_.erase(0, whole);
  }

  // Writes what is held back (a truncated sequence shows as \xNN) and ends the line.
  void finish() {
    write(pending_);
    pending_.clear();
    if (!ends_with_newline_) out_ << '\n';
    ends_with_newline_ = true;
    out_.flush();
  }

 private:
  // The length of @p text without an incomplete UTF-8 sequence at its end.
  static std::size_t complete_prefix(const std::string& text) {
    const std::size_t size = text.size();
    for (std::size_t back = 1; back <= 3 && back <= size; ++back) {
      const auto byte = static_cast<unsigned char>(text[size - back]);
      if ((byte & 0xC0) == 0x80) continue;  // a continuation byte: look further back
      std::size_t length = 1;
      if ((byte & 0xE0) == 0xC0) length = 2;
      if ((byte & 0xF0) == 0xE0) length = 3;
      if ((byte & 0xF8) == 0xF0) length = 4;
      return length > back ? size - back : size;
    }
    return size;
  }

  void write(const std::string& text) {
    if (text.empty()) return;
    std::size_t start = 0;
    for (std::size_t at = text.find('\n'); at != std::string::npos;
         start = at + 1, at = text.find('\n', start)) {
      out_ << escape_controls(std::string_view(text).substr(start, at - start)) << '\n';
    }
    out_ << escape_controls(std::string_view(text).substr(start));
    ends_with_newline_ = text.back() == '\n';
    out_.flush();
  }

  std::ostream& out_;
  std::string pending_;
  bool ends_with_newline_ = true;  // nothing written yet: no line to end
};

}  // namespace moi::cli
