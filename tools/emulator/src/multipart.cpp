// SPDX-License-Identifier: Apache-2.0
#include "multipart.hpp"

#include <cctype>

namespace moi::emulator::detail {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Parameters of a header value: `form-data; name="file"; filename="a.pdf"`. Returns the value
// of `key`, or nullopt (with `error` set when the header is malformed).
std::optional<std::string> header_param(std::string_view value, std::string_view key,
                                        std::string& error) {
  std::optional<std::string> found;
  std::size_t i = value.find(';');
  while (i != std::string_view::npos && i < value.size()) {
    ++i;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    if (i == value.size()) break;  // a trailing ";"
    const std::size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) return found;
    const std::string name = lower(trim(value.substr(i, eq - i)));
    std::size_t j = eq + 1;
    while (j < value.size() && (value[j] == ' ' || value[j] == '\t')) ++j;
    std::string v;
    if (j < value.size() && value[j] == '"') {
      const std::size_t close = value.find('"', j + 1);
      if (close == std::string_view::npos) {
        error = "the " + name + " parameter has no closing quote";
        return std::nullopt;
      }
      v = std::string(value.substr(j + 1, close - j - 1));
      j = close + 1;
      while (j < value.size() && (value[j] == ' ' || value[j] == '\t')) ++j;
      if (j < value.size() && value[j] != ';') {
        error = "text after the closing quote of the " + name +
                " parameter (a quote inside a quoted value must be sent as %22)";
        return std::nullopt;
      }
    } else {
      const std::size_t end = value.find(';', j);
      v = std::string(trim(value.substr(j, end == std::string_view::npos ? end : end - j)));
      j = end == std::string_view::npos ? value.size() : end;
    }
    if (name == key && !found) found = std::move(v);
    i = j < value.size() ? j : std::string_view::npos;
  }
  return found;
}

}  // namespace

bool is_multipart_form(std::string_view content_type) {
  return lower(trim(content_type.substr(0, content_type.find(';')))) == "multipart/form-data";
}

std::optional<std::vector<FormPart>> parse_multipart(std::string_view content_type,
                                                     std::string_view body, std::string& error,
                                                     std::size_t max_parts, bool& too_many) {
  too_many = false;
  auto boundary = header_param(content_type, "boundary", error);
  if (!boundary || boundary->empty() || boundary->size() > 200) {
    error = "the Content-Type has no multipart boundary";
    return std::nullopt;
  }
  const std::string delimiter = "--" + *boundary;
  std::vector<FormPart> parts;
  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) {
    error = "the body does not contain the boundary";
    return std::nullopt;
  }
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    if (parts.size() == max_parts) {
      too_many = true;
      error = "the multipart body has more than " + std::to_string(max_parts) +
              " parts (--max-multipart-parts)";
      return std::nullopt;
    }
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    if (body.substr(pos, 2) == "\r\n") {
      pos += 2;
    } else if (body.substr(pos, 1) == "\n") {
      pos += 1;
    } else {
      error = "a boundary line is not followed by a line break";
      return std::nullopt;
    }
    FormPart part;
    bool has_disposition = false;
    // Headers, up to an empty line.
    for (;;) {
      std::size_t eol = body.find('\n', pos);
      if (eol == std::string_view::npos) {
        error = "a part's headers are not terminated";
        return std::nullopt;
      }
      std::string_view line = body.substr(pos, eol - pos);
      pos = eol + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) break;
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) {
        error = "a part header has no colon";
        return std::nullopt;
      }
      const std::string name = lower(trim(line.substr(0, colon)));
      const std::string_view value = trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        has_disposition = true;
        part.name = header_param(value, "name", error).value_or("");
        auto filename = header_param(value, "filename", error);
        if (!error.empty()) {
          error = "a part's Content-Disposition is malformed: " + error;
          return std::nullopt;
        }
        if (filename) {
          part.filename = *filename;
          part.has_filename = true;
        }
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (!has_disposition) {
      error = "a part has no Content-Disposition header";
      return std::nullopt;
    }
    // Content, up to CRLF (or LF) + delimiter.
    const std::string next = "\n" + delimiter;
    const std::size_t end = body.find(next, pos);
    if (end == std::string_view::npos) {
      error = "the body ends before the closing boundary";
      return std::nullopt;
    }
    std::size_t content_end = end;
    if (content_end > pos && body[content_end - 1] == '\r') --content_end;
    part.content = std::string(body.substr(pos, content_end - pos));
    parts.push_back(std::move(part));
    pos = end + 1;
  }
}

}  // namespace moi::emulator::detail
