// SPDX-License-Identifier: Apache-2.0
// The SSE line rules (WHATWG HTML, "Parsing an event stream"), applied chunk by chunk.
#include "moi/sse.hpp"

#include <cstring>
#include <limits>
#include <utility>

#include "moi/error.hpp"

namespace moi {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// The first CR or LF of [data, data + size), or nullptr. Two memchr scans beat one loop of
// byte compares on long lines, and a line is usually short enough for the second to be free.
const char* find_line_break(const char* data, std::size_t size) {
  const auto* lf = static_cast<const char*>(std::memchr(data, '\n', size));
  const std::size_t cr_span = lf != nullptr ? static_cast<std::size_t>(lf - data) : size;
  const auto* cr = static_cast<const char*>(std::memchr(data, '\r', cr_span));
  return cr != nullptr ? cr : lf;
}

}  // namespace

SseParser::SseParser(Handler handler, std::size_t max_event_bytes)
    : handler_(std::move(handler)), max_event_bytes_(max_event_bytes) {
  if (max_event_bytes_ == 0) throw InvalidArgumentError("max_event_bytes must be positive");
}

void SseParser::fail(const std::string& problem) {
  failed_ = true;
  throw DecodeError("", problem);
}

void SseParser::check_size(std::size_t size) {
  if (size > max_event_bytes_) {
    fail("server-sent event " + std::to_string(events_ + 1) + " is larger than the limit of " +
         std::to_string(max_event_bytes_) + " bytes (SseOptions::max_event_bytes)");
  }
}

void SseParser::feed(std::string_view chunk) {
  if (failed_) throw DecodeError("", "the event stream already failed");
  bytes_ += chunk.size();
  const char* const begin = chunk.data();
  const char* const end = begin + chunk.size();
  const char* at = begin;
  if (after_cr_ && at != end) {
    after_cr_ = false;
    if (*at == '\n') ++at;  // the LF of a CRLF split between two chunks
  }
  try {
    while (at != end) {
      const char* brk = find_line_break(at, static_cast<std::size_t>(end - at));
      if (brk == nullptr) {
        check_size(line_.size() + static_cast<std::size_t>(end - at));
        line_.append(at, end);
        break;
      }
      const std::string_view piece(at, static_cast<std::size_t>(brk - at));
      if (line_.empty()) {
        process_line(piece);
      } else {
        check_size(line_.size() + piece.size());
        line_.append(piece);
        process_line(line_);
        line_.clear();
      }
      at = brk + 1;
      if (*brk == '\r') {
        if (at == end) {
          after_cr_ = true;
        } else if (*at == '\n') {
          ++at;
        }
      }
    }
  } catch (...) {
    failed_ = true;
    throw;
  }
}

void SseParser::finish() {
  if (failed_) throw DecodeError("", "the event stream already failed");
  try {
    if (!line_.empty()) {
      process_line(line_);
      line_.clear();
    }
    dispatch();
  } catch (...) {
    failed_ = true;
    throw;
  }
  after_cr_ = false;
  first_line_ = true;
}

void SseParser::process_line(std::string_view line) {
  if (first_line_) {
    first_line_ = false;
    if (line.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
      line.remove_prefix(kByteOrderMark.size());
    }
  }
  if (line.empty()) {
    dispatch();
    return;
  }
  if (line.front() == ':') return;  // a comment (keep-alive)
  std::string_view field = line;
  std::string_view value;
  if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    check_size(data_.size() + type_.size() + value.size() + 1);
    data_.append(value);
    data_.push_back('\n');
  } else if (field == "event") {
    check_size(data_.size() + value.size());
    type_.assign(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) last_id_.assign(value);
  } else if (field == "retry") {
    if (value.empty()) return;
    std::int64_t ms = 0;
    for (const char c : value) {
      if (c < '0' || c > '9') return;
      if (ms > (std::numeric_limits<std::int64_t>::max() - 9) / 10) return;  // absurd: ignored
      ms = ms * 10 + (c - '0');
    }
    retry_ = std::chrono::milliseconds(ms);
  }
  // Any other field is ignored, as the specification says.
}

void SseParser::dispatch() {
  if (data_.empty()) {  // no data line: nothing to dispatch
    type_.clear();
    retry_.reset();
    return;
  }
  SseEvent event;
  data_.pop_back();  // the line break after the last data line
  event.data = std::move(data_);
  event.event = std::move(type_);
  event.id = last_id_;
  event.retry = retry_;
  data_.clear();
  type_.clear();
  retry_.reset();
  ++events_;
  handler_(event);
}

}  // namespace moi
