// SPDX-License-Identifier: Apache-2.0
// L1-L17: the LLM proxy (PLATFORM-NOTES §6). Sessions, messages and tags are kept in
// State::llm as the wire shows them; answers are bare JSON, errors OpenAI-shaped
// (`{"error": {"message", "type", "code"}}`). The chat completion answers deterministically
// (docs/emulator.md, "LLM proxy"): "Echo: " + the last user message, usage counted in words,
// streamed as one event per word with BehaviorOptions::sse_event_delay before each.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "routes.hpp"
#include "target.hpp"

namespace moi::emulator::detail {

namespace {

// The models the emulator serves; `moi chat` uses the first by default.
const std::vector<std::string>& known_models() {
  static const std::vector<std::string> kModels{"qwen-plus", "qwen-turbo", "qwen-max", "moi-echo"};
  return kModels;
}

constexpr const char* kAnswerPrefix = "Echo: ";

Reply llm_error(int status, const std::string& message, const std::string& type,
                const std::string& code) {
  Reply reply;
  reply.status = status;
  reply.body = dump_json(json{{"error", {{"message", message}, {"type", type}, {"code", code}}}});
  return reply;
}

Reply bad_request(const std::string& message) {
  return llm_error(400, message, "invalid_request_error", "invalid_argument");
}

Reply missing(const std::string& what) {
  return llm_error(404, what + " not found", "not_found_error", "not_found");
}

Reply bare(const json& value, int status = 200) {
  Reply reply;
  reply.status = status;
  reply.body = dump_json(value);
  return reply;
}

json& llm_map(Ctx& ctx, const char* name) {
  json& llm = ctx.state.llm;
  if (!llm.is_object()) llm = json::object();
  json& map = llm[name];
  if (!map.is_object()) map = json::object();
  return map;
}

std::int64_t next_id(Ctx& ctx, const char* counter) {
  json& llm = ctx.state.llm;
  const std::int64_t id = llm.value(counter, std::int64_t{0}) + 1;
  llm[counter] = id;
  return id;
}

std::int64_t seconds(const Ctx& ctx) { return ctx.now / 1000; }

// A positive decimal id from the path; nullopt when it is not one.
std::optional<std::int64_t> path_id(const std::string& text) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  const std::int64_t id = std::stoll(text);
  if (id < 1) return std::nullopt;
  return id;
}

// The request body as a JSON object, or the 400 to answer.
std::optional<json> object_body(const Ctx& ctx, Reply& error) {
  const ParsedJson parsed = parse_json_text(ctx.body, request_json_depth_limit());
  if (!parsed.ok) {
    error = bad_request("request body is not valid JSON: " + parsed.error);
    return std::nullopt;
  }
  if (!parsed.value.is_object()) {
    error = bad_request("request body must be a JSON object");
    return std::nullopt;
  }
  return parsed.value;
}

// A string member: required ones must be present and non-empty. False after setting `error`.
bool read_string(const json& body, const char* key, bool required, std::optional<std::string>& out,
                 Reply& error) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) {
      error = bad_request(std::string(key) + " is required");
      return false;
    }
    return true;
  }
  if (!it->is_string()) {
    error = bad_request(std::string(key) + " must be a string");
    return false;
  }
  out = it->get<std::string>();
  if (required && out->empty()) {
    error = bad_request(std::string(key) + " must not be empty");
    return false;
  }
  return true;
}

// `tags` as a list of names (each a non-empty string without '/'), or false after `error`.
bool read_tags(const json& body, std::optional<std::vector<std::string>>& out, Reply& error) {
  const auto it = body.find("tags");
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_array()) {
    error = bad_request("tags must be an array of strings");
    return false;
  }
  std::vector<std::string> names;
  for (const auto& tag : *it) {
    if (!tag.is_string() || tag.get<std::string>().empty()) {
      error = bad_request("tags must be an array of non-empty strings");
      return false;
    }
    names.push_back(tag.get<std::string>());
  }
  out = std::move(names);
  return true;
}

json make_tags(const std::vector<std::string>& names, const std::string& source, std::int64_t now) {
  json tags = json::array();
  for (const std::string& name : names) {
    const bool seen =
        std::any_of(tags.begin(), tags.end(), [&](const json& t) { return t["name"] == name; });
    if (!seen) {
      tags.push_back(
          {{"name", name}, {"source", source}, {"created_at", now}, {"updated_at", now}});
    }
  }
  return tags;
}

json* find_record(Ctx& ctx, const char* map, std::int64_t id) {
  json& records = llm_map(ctx, map);
  const auto it = records.find(std::to_string(id));
  return it == records.end() ? nullptr : &*it;
}

// ---- sessions ------------------------------------------------------------------------------

Reply create_session(Ctx& ctx) {
  Reply error;
  auto body = object_body(ctx, error);
  if (!body) return error;
  std::optional<std::string> title, source, user_id, config;
  std::optional<std::vector<std::string>> tags;
  if (!read_string(*body, "title", true, title, error) ||
      !read_string(*body, "source", true, source, error) ||
      !read_string(*body, "user_id", true, user_id, error) ||
      !read_string(*body, "config", false, config, error) || !read_tags(*body, tags, error)) {
    return error;
  }
  const std::int64_t id = next_id(ctx, "next_session_id");
  const std::int64_t now = seconds(ctx);
  json session = {{"id", id},
                  {"title", *title},
                  {"source", *source},
                  {"user_id", *user_id},
                  {"config", config.value_or("")},
                  {"tags", make_tags(tags.value_or(std::vector<std::string>{}), *source, now)},
                  {"created_at", now},
                  {"updated_at", now}};
  llm_map(ctx, "sessions")[std::to_string(id)] = session;
  ctx.changed = true;
  return bare(session);
}

bool has_all_tags(const json& record, const std::vector<std::string>& wanted) {
  for (const std::string& name : wanted) {
    const auto& tags = record["tags"];
    if (std::none_of(tags.begin(), tags.end(), [&](const json& t) { return t["name"] == name; })) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// page/page_size/limit: positive integers; nullopt after setting `error`.
std::optional<std::int64_t> query_count(const Ctx& ctx, const char* key, std::int64_t fallback,
                                        std::int64_t max, Reply& error) {
  const auto text = query_string(ctx.query, key);
  if (!text) return fallback;
  const auto value = path_id(*text);
  if (!value) {
    error = bad_request(std::string(key) + " must be a positive integer");
    return std::nullopt;
  }
  return std::min(*value, max);
}

Reply list_sessions(Ctx& ctx) {
  Reply error;
  const auto page = query_count(ctx, "page", 1, INT64_MAX / 200, error);
  if (!page) return error;
  const auto page_size = query_count(ctx, "page_size", 20, 100, error);
  if (!page_size) return error;
  const auto user_id = query_string(ctx.query, "user_id");
  const auto source = query_string(ctx.query, "source");
  const auto keyword = query_string(ctx.query, "keyword");
  const auto tags = split_commas(query_string(ctx.query, "tags").value_or(""));
  std::vector<const json*> matched;
  for (const auto& [key, session] : llm_map(ctx, "sessions").items()) {
    (void)key;
    if (user_id && !user_id->empty() && session["user_id"] != *user_id) continue;
    if (source && !source->empty() && session["source"] != *source) continue;
    if (keyword && !contains_ci(session["title"].get<std::string>(), *keyword)) continue;
    if (!has_all_tags(session, tags)) continue;
    matched.push_back(&session);
  }
  // Newest first.
  std::sort(matched.begin(), matched.end(), [](const json* a, const json* b) {
    return (*a)["id"].get<std::int64_t>() > (*b)["id"].get<std::int64_t>();
  });
  json sessions = json::array();
  for (const json* s : slice(matched, page_offset(*page, *page_size), *page_size)) {
    sessions.push_back(*s);
  }
  return bare({{"sessions", std::move(sessions)},
               {"total", static_cast<std::int64_t>(matched.size())},
               {"page", *page},
               {"page_size", *page_size}});
}

// The record of @p map that path argument @p arg names, or nullptr with @p error the 404
// ("<what> <argument>").
json* record_at(Ctx& ctx, const char* map, const char* what, std::size_t arg, Reply& error) {
  const auto id = path_id(ctx.args.at(arg));
  json* record = id ? find_record(ctx, map, *id) : nullptr;
  if (record == nullptr) error = missing(std::string(what) + " " + ctx.args.at(arg));
  return record;
}

// GET of a session or a message: the record as stored.
Reply get_record(Ctx& ctx, const char* map, const char* what) {
  Reply error;
  json* record = record_at(ctx, map, what, 0, error);
  return record != nullptr ? bare(*record) : error;
}

// L4/L13: the string @p keys and the tags that the body gives, all checked before any is set
// (tags stamped with the record's source, a new one included), then updated_at.
Reply update_record(Ctx& ctx, const char* map, const char* what,
                    std::initializer_list<const char*> keys) {
  Reply error;
  json* record = record_at(ctx, map, what, 0, error);
  if (record == nullptr) return error;
  auto body = object_body(ctx, error);
  if (!body) return error;
  std::vector<std::pair<const char*, std::string>> values;
  for (const char* key : keys) {
    std::optional<std::string> value;
    if (!read_string(*body, key, false, value, error)) return error;
    if (value) values.emplace_back(key, std::move(*value));
  }
  std::optional<std::vector<std::string>> tags;
  if (!read_tags(*body, tags, error)) return error;
  for (auto& [key, value] : values) (*record)[key] = std::move(value);
  if (tags)
    (*record)["tags"] = make_tags(*tags, (*record)["source"].get<std::string>(), seconds(ctx));
  (*record)["updated_at"] = seconds(ctx);
  ctx.changed = true;
  return bare(*record);
}

json* session_of(Ctx& ctx, std::size_t arg, Reply& error) {
  return record_at(ctx, "sessions", "session", arg, error);
}

json* message_of(Ctx& ctx, std::size_t arg, Reply& error) {
  return record_at(ctx, "messages", "message", arg, error);
}

Reply delete_session(Ctx& ctx) {
  Reply error;
  json* session = session_of(ctx, 0, error);
  if (session == nullptr) return error;
  const json id = (*session)["id"];
  llm_map(ctx, "sessions").erase(ctx.args[0]);
  // Its messages go with it.
  json& messages = llm_map(ctx, "messages");
  for (auto it = messages.begin(); it != messages.end();) {
    it = (*it)["session_id"] == id ? messages.erase(it) : std::next(it);
  }
  ctx.changed = true;
  return bare({{"message", "session deleted"}});
}

// ---- a session's messages ------------------------------------------------------------------

std::vector<const json*> messages_of(Ctx& ctx, const json& session_id) {
  std::vector<const json*> out;
  for (const auto& [key, message] : llm_map(ctx, "messages").items()) {
    (void)key;
    if (message["session_id"] == session_id) out.push_back(&message);
  }
  std::sort(out.begin(), out.end(), [](const json* a, const json* b) {
    return (*a)["id"].get<std::int64_t>() < (*b)["id"].get<std::int64_t>();
  });
  return out;
}

Reply list_session_messages(Ctx& ctx) {
  Reply error;
  json* session = session_of(ctx, 0, error);
  if (session == nullptr) return error;
  const auto limit = query_count(ctx, "limit", 20, 100, error);
  if (!limit) return error;
  std::int64_t after = 0;
  if (const auto text = query_string(ctx.query, "after")) {
    const auto value =
        text->empty() || *text == "0" ? std::optional<std::int64_t>(0) : path_id(*text);
    if (!value) return bad_request("after must be a message id");
    after = *value;
  }
  json out = json::array();
  for (const json* message : messages_of(ctx, (*session)["id"])) {
    if ((*message)["id"].get<std::int64_t>() <= after) continue;
    bool keep = true;
    for (const char* key : {"source", "role", "status", "model"}) {
      const auto wanted = query_string(ctx.query, key);
      if (wanted && !wanted->empty() && (*message)[key] != *wanted) keep = false;
    }
    if (!keep) continue;
    json listed = *message;
    listed["original_content"] = "";  // as the service: bodies only from the message itself
    listed["content"] = "";
    out.push_back(std::move(listed));
    if (static_cast<std::int64_t>(out.size()) == *limit) break;
  }
  return bare(out);
}

Reply latest_message(Ctx& ctx, bool completed) {
  Reply error;
  json* session = session_of(ctx, 0, error);
  if (session == nullptr) return error;
  const auto messages = messages_of(ctx, (*session)["id"]);
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (completed && (**it)["status"] != "success") continue;
    return bare({{"session_id", (*session)["id"]}, {"message_id", (**it)["id"]}});
  }
  return missing(std::string(completed ? "completed message" : "message") + " of session " +
                 ctx.args[0]);
}

// A text/plain body: UTF-8 without NUL bytes.
bool check_text_body(const Ctx& ctx, Reply& error) {
  if (!valid_utf8(ctx.body) || ctx.body.find('\0') != std::string::npos) {
    error = bad_request("the text body must be UTF-8 without NUL bytes");
    return false;
  }
  return true;
}

Reply edit_response(Ctx& ctx, bool append) {
  Reply error;
  json* session = session_of(ctx, 0, error);
  if (session == nullptr) return error;
  json* message = message_of(ctx, 1, error);
  if (message == nullptr || (*message)["session_id"] != (*session)["id"]) {
    return missing("message " + ctx.args[1] + " of session " + ctx.args[0]);
  }
  if (!check_text_body(ctx, error)) return error;
  std::string text =
      append ? (*message)["modified_response"].get<std::string>() + ctx.body : ctx.body;
  (*message)["modified_response"] = text;
  (*message)["updated_at"] = seconds(ctx);
  ctx.changed = true;
  json out = {{"message", append ? "response appended" : "response modified"},
              {"session_id", (*session)["id"]},
              {"message_id", (*message)["id"]}};
  if (append) {
    out["append_content"] = ctx.body;
  } else {
    out["modified_response"] = text;
  }
  return bare(out);
}

// ---- chat messages -------------------------------------------------------------------------

Reply create_message(Ctx& ctx) {
  Reply error;
  auto body = object_body(ctx, error);
  if (!body) return error;
  std::optional<std::string> user_id, source, role, content, model, original, status, response,
      config;
  std::optional<std::vector<std::string>> tags;
  if (!read_string(*body, "user_id", true, user_id, error) ||
      !read_string(*body, "source", true, source, error) ||
      !read_string(*body, "role", true, role, error) ||
      !read_string(*body, "content", false, content, error) ||
      !read_string(*body, "model", true, model, error) ||
      !read_string(*body, "original_content", false, original, error) ||
      !read_string(*body, "status", false, status, error) ||
      !read_string(*body, "response", false, response, error) ||
      !read_string(*body, "config", false, config, error) || !read_tags(*body, tags, error)) {
    return error;
  }
  if (!content) return bad_request("content is required");
  json session_id = nullptr;
  if (const auto it = body->find("session_id"); it != body->end() && !it->is_null()) {
    if (!it->is_number_integer() ||
        find_record(ctx, "sessions", it->get<std::int64_t>()) == nullptr) {
      return missing("session " + it->dump());
    }
    session_id = *it;
  }
  const std::int64_t id = next_id(ctx, "next_message_id");
  const std::int64_t now = seconds(ctx);
  json message = {{"id", id},
                  {"user_id", *user_id},
                  {"session_id", session_id},
                  {"source", *source},
                  {"role", *role},
                  {"original_content", original.value_or(*content)},
                  {"content", *content},
                  {"model", *model},
                  {"status", status.value_or("success")},
                  {"response", response.value_or("")},
                  {"modified_response", ""},
                  {"config", config.value_or("")},
                  {"tags", make_tags(tags.value_or(std::vector<std::string>{}), *source, now)},
                  {"created_at", now},
                  {"updated_at", now}};
  llm_map(ctx, "messages")[std::to_string(id)] = message;
  if (!session_id.is_null()) {
    (*find_record(ctx, "sessions", session_id.get<std::int64_t>()))["updated_at"] = now;
  }
  ctx.changed = true;
  return bare(message);
}

Reply delete_message(Ctx& ctx) {
  Reply error;
  json* message = message_of(ctx, 0, error);
  if (message == nullptr) return error;
  llm_map(ctx, "messages").erase(ctx.args[0]);
  ctx.changed = true;
  return bare({{"message", "message deleted"}});
}

Reply set_message_tags(Ctx& ctx) {
  Reply error;
  json* message = message_of(ctx, 0, error);
  if (message == nullptr) return error;
  auto body = object_body(ctx, error);
  if (!body) return error;
  std::optional<std::vector<std::string>> tags;
  if (!read_tags(*body, tags, error)) return error;
  if (!tags) return bad_request("tags is required");
  (*message)["tags"] = make_tags(*tags, (*message)["source"].get<std::string>(), seconds(ctx));
  (*message)["updated_at"] = seconds(ctx);
  ctx.changed = true;
  return bare(*message);
}

Reply delete_message_tag(Ctx& ctx) {
  Reply error;
  json* message = message_of(ctx, 0, error);
  if (message == nullptr) return error;
  json& tags = (*message)["tags"];
  for (auto it = tags.begin(); it != tags.end(); ++it) {
    if ((*it)["source"] == ctx.args[1] && (*it)["name"] == ctx.args[2]) {
      tags.erase(it);
      (*message)["updated_at"] = seconds(ctx);
      ctx.changed = true;
      return bare({{"message", "tag deleted"}});
    }
  }
  return missing("tag " + ctx.args[1] + "/" + ctx.args[2] + " of message " + ctx.args[0]);
}

// ---- chat completions ----------------------------------------------------------------------

// Whitespace-separated words: the emulator's token count.
std::int64_t words(const std::string& text) {
  std::int64_t count = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) ++count;
    in_word = !space;
  }
  return count;
}

// The answer split after each space: the streamed pieces, which concatenate to it.
std::vector<std::string> pieces_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t space = text.find(' ', start);
    space = space == std::string::npos ? text.size() : space + 1;
    out.push_back(text.substr(start, space - start));
    start = space;
  }
  return out;
}

Reply chat_completions(Ctx& ctx) {
  Reply error;
  auto body = object_body(ctx, error);
  if (!body) return error;
  std::optional<std::string> model;
  if (!read_string(*body, "model", true, model, error)) return error;
  const auto messages = body->find("messages");
  if (messages == body->end() || !messages->is_array() || messages->empty()) {
    return bad_request("messages must be a non-empty array");
  }
  std::string question;
  bool have_question = false;
  std::int64_t prompt_tokens = 0;
  for (const auto& message : *messages) {
    if (!message.is_object() || !message.contains("role") || !message["role"].is_string()) {
      return bad_request("each message needs a string role");
    }
    const auto content = message.find("content");
    if (content != message.end() && content->is_string()) {
      prompt_tokens += words(content->get<std::string>());
      if (message["role"] == "user") {
        question = content->get<std::string>();
        have_question = true;
      }
    }
  }
  if (!have_question) return bad_request("messages has no user message with text content");
  const auto& models = known_models();
  if (std::find(models.begin(), models.end(), *model) == models.end()) {
    return llm_error(404, "The model `" + *model + "` does not exist", "invalid_request_error",
                     "model_not_found");
  }
  const std::string answer = kAnswerPrefix + question;
  const std::int64_t completion_tokens = words(answer);
  const json usage = {{"prompt_tokens", prompt_tokens},
                      {"completion_tokens", completion_tokens},
                      {"total_tokens", prompt_tokens + completion_tokens}};
  const std::string id = "chatcmpl-" + std::to_string(next_id(ctx, "next_completion_id"));
  ctx.changed = true;
  const std::int64_t created = seconds(ctx);
  const auto stream = body->find("stream");
  if (stream == body->end() || !stream->is_boolean() || !stream->get<bool>()) {
    return bare({{"id", id},
                 {"object", "chat.completion"},
                 {"created", created},
                 {"model", *model},
                 {"choices",
                  {{{"index", 0},
                    {"message", {{"role", "assistant"}, {"content", answer}}},
                    {"finish_reason", "stop"}}}},
                 {"usage", usage}});
  }
  const auto chunk = [&](const json& delta, const json& finish) {
    json out = {{"id", id},
                {"object", "chat.completion.chunk"},
                {"created", created},
                {"model", *model},
                {"choices", {{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}}}};
    return out;
  };
  Reply reply;
  reply.content_type = "text/event-stream";
  reply.stream_delay_ms = ctx.behavior.sse_event_delay.count();
  reply.stream.push_back(
      "data: " + dump_json(chunk({{"role", "assistant"}, {"content", ""}}, nullptr)) + "\n\n");
  const auto pieces = pieces_of(answer);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    reply.stream.push_back("data: " + dump_json(chunk({{"content", pieces[i]}}, nullptr)) + "\n\n");
    // Fault injection by marker in the question (documented): after the first piece.
    if (i == 0 && question.find("[stall]") != std::string::npos) {
      reply.stream_end = Reply::StreamEnd::kStall;
      return reply;
    }
    if (i == 0 && question.find("[cut]") != std::string::npos) {
      reply.stream.push_back("data: {\"id\":\"" + id + "\",\"obj");  // half an event
      reply.stream_end = Reply::StreamEnd::kCut;
      return reply;
    }
  }
  json last = chunk(json::object(), "stop");
  last["usage"] = usage;
  reply.stream.push_back("data: " + dump_json(last) + "\n\n");
  reply.stream.push_back("data: [DONE]\n\n");
  return reply;
}

}  // namespace

Reply to_llm_error(Reply reply) {
  if (reply.status < 400) return reply;
  const ParsedJson parsed = parse_json_text(reply.body, request_json_depth_limit());
  if (!parsed.ok || !parsed.value.is_object() || !parsed.value.contains("detail")) return reply;
  const json& detail = parsed.value["detail"];
  std::string message;
  if (detail.is_string()) {
    message = detail.get<std::string>();
  } else {
    for (const auto& item : detail) {
      if (!message.empty()) message += "; ";
      message += item.is_object() && item.contains("msg") ? item["msg"].dump() : item.dump();
    }
  }
  const int status = reply.status;
  const std::string type = status == 401   ? "authentication_error"
                           : status == 404 ? "not_found_error"
                           : status == 429 ? "rate_limit_error"
                           : status >= 500 ? "server_error"
                                           : "invalid_request_error";
  Reply out = llm_error(status, message, type, std::to_string(status));
  out.headers = std::move(reply.headers);
  out.truncate = reply.truncate;
  return out;
}

Reply llm_dispatch(Endpoint endpoint, Ctx& ctx) {
  switch (endpoint) {
    case Endpoint::kL1CreateSession:
      return create_session(ctx);
    case Endpoint::kL2ListSessions:
      return list_sessions(ctx);
    case Endpoint::kL3GetSession:
      return get_record(ctx, "sessions", "session");
    case Endpoint::kL4UpdateSession:
      return update_record(ctx, "sessions", "session", {"title", "source", "config"});
    case Endpoint::kL5DeleteSession:
      return delete_session(ctx);
    case Endpoint::kL6ListSessionMessages:
      return list_session_messages(ctx);
    case Endpoint::kL7LatestCompletedMessage:
      return latest_message(ctx, true);
    case Endpoint::kL8LatestMessage:
      return latest_message(ctx, false);
    case Endpoint::kL9ModifyResponse:
      return edit_response(ctx, false);
    case Endpoint::kL10AppendResponse:
      return edit_response(ctx, true);
    case Endpoint::kL11CreateMessage:
      return create_message(ctx);
    case Endpoint::kL12GetMessage:
      return get_record(ctx, "messages", "message");
    case Endpoint::kL13UpdateMessage:
      return update_record(ctx, "messages", "message",
                           {"status", "response", "modified_response", "content", "config"});
    case Endpoint::kL14DeleteMessage:
      return delete_message(ctx);
    case Endpoint::kL15SetMessageTags:
      return set_message_tags(ctx);
    case Endpoint::kL16DeleteMessageTag:
      return delete_message_tag(ctx);
    default:
      return chat_completions(ctx);
  }
}

}  // namespace moi::emulator::detail
