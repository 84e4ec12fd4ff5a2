// SPDX-License-Identifier: Apache-2.0
#include "wire.hpp"

#include <cstdio>
#include <ctime>

#include "moi_internal/bounded_json.hpp"

namespace moi::emulator::detail {

namespace {

Reply json_reply(int status, const json& body) {
  Reply r;
  r.status = status;
  r.body = dump_json(body);
  return r;
}

std::string format_utc(std::int64_t epoch_ms, const char* suffix) {
  // Floor division, so times before 1970 still format (they never occur, but cost nothing).
  std::int64_t secs = epoch_ms / 1000;
  if (epoch_ms % 1000 < 0) --secs;
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%s", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, suffix);
  return buf;
}

void python_string(const std::string& s, std::string& out) {
  // nlohmann's ASCII-only dump escapes exactly like Python's ensure_ascii=True.
  out += json(s).dump(-1, ' ', true, json::error_handler_t::replace);
}

void python_dump_into(const json& v, std::string& out) {
  switch (v.type()) {
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v) {
        if (!first) out += ", ";
        first = false;
        python_dump_into(item, out);
      }
      out += ']';
      break;
    }
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out += ", ";
        first = false;
        python_string(it.key(), out);
        out += ": ";
        python_dump_into(it.value(), out);
      }
      out += '}';
      break;
    }
    case json::value_t::string:
      python_string(v.get_ref<const std::string&>(), out);
      break;
    default:
      out += v.dump();
  }
}

}  // namespace

int request_json_depth_limit() { return moi::detail::kMaxJsonDepth; }

int state_json_depth_limit() { return moi::detail::kMaxJsonDepth + 32; }

ParsedJson parse_json_text(std::string_view text, int depth_limit) {
  ParsedJson out;
  if (moi::detail::json_nesting_exceeds(text, depth_limit)) {
    out.too_deep = true;
    out.error = "JSON nested deeper than " + std::to_string(depth_limit) + " levels";
    return out;
  }
  try {
    out.value = json::parse(text.begin(), text.end());
    out.ok = true;
  } catch (const json::parse_error& e) {
    out.offset = e.byte > 0 ? static_cast<std::int64_t>(e.byte) - 1 : 0;
    out.error = printable(e.what());
  } catch (const std::exception& e) {  // out_of_range: a number such as 1e999
    out.error = printable(e.what());
  }
  if (!out.ok) out.value = nullptr;
  return out;
}

std::string dump_json(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string printable(std::string_view text) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

Reply ok(json data) {
  return json_reply(200, json{{"code", "ok"}, {"msg", "ok"}, {"data", std::move(data)}});
}

Reply ok_null() { return ok(nullptr); }

Reply no_content() {
  Reply r;
  r.status = 204;
  return r;
}

Reply error_detail(int status, const std::string& text) {
  return json_reply(status, json{{"detail", text}});
}

Reply validation_failed(json errors) {
  return json_reply(422, json{{"detail", std::move(errors)}});
}

Reply ok_root(json data, const std::string& request_id) {
  return json_reply(
      200,
      json{{"code", "OK"}, {"msg", "OK"}, {"data", std::move(data)}, {"request_id", request_id}});
}

Reply ok_root_no_data(const std::string& request_id) {
  return json_reply(200, json{{"code", "OK"}, {"msg", "OK"}, {"request_id", request_id}});
}

Reply error_root(int status, const std::string& code, const std::string& msg,
                 const std::string& request_id) {
  return json_reply(
      status, json{{"code", code}, {"msg", msg}, {"data", nullptr}, {"request_id", request_id}});
}

std::string root_error_code(int status) {
  switch (status) {
    case 400:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "NOT_FOUND";
    case 405:
      return "METHOD_NOT_ALLOWED";
    case 408:
      return "DEADLINE_EXCEEDED";
    case 413:
      return "PAYLOAD_TOO_LARGE";
    case 415:
      return "UNSUPPORTED_MEDIA_TYPE";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 503:
      return "UNAVAILABLE";
    default:
      return "INTERNAL_ERROR";
  }
}

Reply to_root_error(Reply reply, const std::string& request_id) {
  if (reply.status < 400 || reply.content_type != "application/json") return reply;
  ParsedJson parsed = parse_json_text(reply.body, request_json_depth_limit());
  if (!parsed.ok || !parsed.value.is_object() || !parsed.value.contains("detail")) return reply;
  const json& detail = parsed.value["detail"];
  std::string msg = detail.is_string() ? detail.get<std::string>() : dump_json(detail);
  Reply out = error_root(reply.status, root_error_code(reply.status), msg, request_id);
  out.headers = std::move(reply.headers);
  out.truncate = reply.truncate;
  return out;
}

std::string iso_no_zone(std::int64_t epoch_ms) { return format_utc(epoch_ms, ""); }

std::string iso_z(std::int64_t epoch_ms) { return format_utc(epoch_ms, "Z"); }

std::string python_dumps(const json& value) {
  std::string out;
  python_dump_into(value, out);
  return out;
}

}  // namespace moi::emulator::detail
