// SPDX-License-Identifier: Apache-2.0
// G1-G5: the GenAI atomic pipeline (PLATFORM-NOTES §5). A submit (JSON or multipart) makes a
// job whose files progress over simulated time like workflow job files; each completed file's
// result is a ZIP built with libarchive, in the documented layout, from the file's bytes.
// docs/emulator.md, "GenAI pipeline", describes what the ZIP holds.
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>

#include "ids.hpp"
#include "multipart.hpp"
#include "routes.hpp"
#include "simulation.hpp"

namespace moi::emulator::detail {

namespace {

constexpr const char* kStallMarker = "[stall]";
constexpr const char* kHostileMarker = "[hostile]";
constexpr const char* kTruncatedMarker = "[truncated]";

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool has(const std::string& text, const char* marker) {
  return text.find(marker) != std::string::npos;
}

Reply unprocessable(const Ctx& ctx, const Errors& errors) {
  return error_root(422, "INVALID_ARGUMENT", errors_line(errors), ctx.request_id);
}

Reply unprocessable(const Ctx& ctx, const std::string& msg) {
  return error_root(422, "INVALID_ARGUMENT", msg, ctx.request_id);
}

// "2025-05-30T09:45:58.123000+0000": the document's time form (AT:589).
std::string genai_time(std::int64_t epoch_ms) {
  char frac[16];
  const auto ms = static_cast<int>(((epoch_ms % 1000) + 1000) % 1000);
  std::snprintf(frac, sizeof frac, ".%03d000+0000", ms);
  return iso_no_zone(epoch_ms) + frac;
}

// The steps: a non-empty array of {node str!, parameters obj!} in a documented order (ChunkNode
// right after ParseNode, EmbedNode right after ChunkNode; other node names are accepted).
std::optional<json> read_steps(const json& obj, const Loc& loc, Errors& errors) {
  auto steps = read_dict_list(obj, loc, "steps", Need::kRequired, errors);
  if (!steps) return std::nullopt;
  const Loc at_steps = at(loc, "steps");
  if (steps->empty()) {
    errors.add(at_steps, "List should have at least 1 item after validation", "too_short");
    return std::nullopt;
  }
  json out = json::array();
  for (std::size_t i = 0; i < steps->size(); ++i) {
    const json& step = (*steps)[i];
    const Loc item = at(at_steps, static_cast<std::int64_t>(i));
    auto node = read_string(step, item, "node", Need::kRequired, errors);
    auto parameters = read_dict(step, item, "parameters", Need::kRequired, errors);
    if (!node || !parameters) continue;
    if (node->empty()) {
      errors.add(at(item, "node"), "String should have at least 1 character", "string_too_short");
      continue;
    }
    const std::string previous = i == 0 ? "" : (*steps)[i - 1].value("node", "");
    if (*node == "ChunkNode" && previous != "ParseNode") {
      errors.add(at(item, "node"),
                 "ChunkNode takes ParseNode's output: it must come right after "
                 "ParseNode",
                 "value_error");
    } else if (*node == "EmbedNode" && previous != "ChunkNode") {
      errors.add(at(item, "node"),
                 "EmbedNode takes ChunkNode's output: it must come right after "
                 "ChunkNode",
                 "value_error");
    }
    out.push_back(json{{"node", *node}, {"parameters", *parameters}});
  }
  if (!errors.empty()) return std::nullopt;
  return out;
}

// `file_urls`: http/https URLs.
std::optional<std::vector<std::string>> read_urls(const json& obj, const Loc& loc, Need need,
                                                  Errors& errors) {
  auto urls = read_string_list(obj, loc, "file_urls", need, errors);
  if (!urls) return urls;
  for (std::size_t i = 0; i < urls->size(); ++i) {
    const std::string scheme = lower((*urls)[i].substr(0, (*urls)[i].find("://")));
    const bool has_scheme = (*urls)[i].find("://") != std::string::npos;
    if (!has_scheme || (scheme != "http" && scheme != "https") ||
        (*urls)[i].size() <= scheme.size() + 3) {
      errors.add(at(at(loc, "file_urls"), static_cast<std::int64_t>(i)),
                 "URL scheme should be 'http' or 'https'", "url_scheme");
    }
  }
  if (!errors.empty()) return std::nullopt;
  return urls;
}

// The file name of a URL: its last path segment, without query or fragment ("file" if none).
std::string url_file_name(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  const auto slash = rest.find('/');
  if (slash == std::string::npos) return "file";
  const std::string path = rest.substr(slash);
  const std::string name = path.substr(path.find_last_of('/') + 1);
  return name.empty() ? "file" : name;
}

bool valid_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80           ? 0
                          : (c >> 5) == 0x6  ? 1
                          : (c >> 4) == 0xE  ? 2
                          : (c >> 3) == 0x1E ? 3
                                             : 4;
    if (n == 4 || n >= s.size() - i) {
      if (n != 0) return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += n + 1;
  }
  return true;
}

// A name that is safe as one ZIP path component: no "/", "\", control characters or invalid
// UTF-8 (each becomes "_"), never "", "." or "..".
std::string zip_component(const std::string& name) {
  std::string out;
  const bool utf8 = valid_utf8(name);
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    out += (c < 0x20 || c == 0x7f || ch == '/' || ch == '\\' || (!utf8 && c >= 0x80)) ? '_' : ch;
  }
  if (out.empty() || out == "." || out == "..") out = "file";
  return out;
}

bool is_text_like(const std::string& name) {
  const auto dot = name.find_last_of('.');
  if (dot == std::string::npos) return false;
  const std::string ext = lower(name.substr(dot + 1));
  return ext == "md" || ext == "txt" || ext == "csv" || ext == "html" || ext == "json";
}

// The deterministic "extraction" of a binary file: its runs of 4 or more printable ASCII
// characters, one per line (like strings(1)).
std::string printable_runs(const std::string& bytes) {
  std::string out;
  std::string run;
  const auto flush = [&] {
    if (run.size() >= 4) out += run + "\n";
    run.clear();
  };
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 0x20 && c < 0x7f) || c == '\t') {
      run += ch;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A CSV file's one table: each line a row, cells split at commas (no quoting rules).
std::string csv_table(const std::string& text) {
  std::string out = "<table>\n";
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    start = end + 1;
    if (line.empty()) continue;
    out += "<tr>";
    std::size_t cell = 0;
    for (;;) {
      const std::size_t comma = line.find(',', cell);
      out += "<td>" + html_escape(line.substr(cell, comma - cell)) + "</td>";
      if (comma == std::string::npos) break;
      cell = comma + 1;
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

// Paragraphs of the Markdown (split at blank lines), the emulator's ChunkNode output.
std::vector<std::string> chunks_of(const std::string& markdown) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < markdown.size()) {
    std::size_t end = markdown.find("\n\n", start);
    if (end == std::string::npos) end = markdown.size();
    std::string piece = markdown.substr(start, end - start);
    while (!piece.empty() && (piece.back() == '\n' || piece.back() == '\r')) piece.pop_back();
    while (!piece.empty() && piece.front() == '\n') piece.erase(0, 1);
    if (!piece.empty()) out.push_back(piece);
    start = end + 2;
  }
  return out;
}

struct ZipEntry {
  std::string path;
  std::string content;
  bool directory = false;
};

la_ssize_t append_to_string(struct archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

// A ZIP of `entries` (deflate, UTF-8 names, every entry dated `mtime_s`), or "" with `error`.
std::string write_zip(const std::vector<ZipEntry>& entries, std::int64_t mtime_s,
                      std::string& error) {
  std::string out;
  std::unique_ptr<struct archive, decltype(&archive_write_free)> a(archive_write_new(),
                                                                   &archive_write_free);
  if (!a || archive_write_set_format_zip(a.get()) != ARCHIVE_OK ||
      archive_write_set_options(a.get(), "zip:hdrcharset=UTF-8") != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(a.get(), 1) != ARCHIVE_OK ||
      archive_write_open(a.get(), &out, nullptr, append_to_string, nullptr) != ARCHIVE_OK) {
    error = a ? printable(archive_error_string(a.get()) ? archive_error_string(a.get()) : "")
              : "out of memory";
    return {};
  }
  for (const ZipEntry& item : entries) {
    std::unique_ptr<struct archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(),
                                                                           &archive_entry_free);
    archive_entry_update_pathname_utf8(e.get(), item.path.c_str());
    archive_entry_set_filetype(e.get(), item.directory ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(e.get(), item.directory ? 0755 : 0644);
    archive_entry_set_size(e.get(),
                           item.directory ? 0 : static_cast<la_int64_t>(item.content.size()));
    archive_entry_set_mtime(e.get(), static_cast<time_t>(mtime_s), 0);
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK ||
        (!item.directory && !item.content.empty() &&
         archive_write_data(a.get(), item.content.data(), item.content.size()) !=
             static_cast<la_ssize_t>(item.content.size()))) {
      const char* why = archive_error_string(a.get());
      error = "cannot write " + printable(item.path) + ": " + printable(why ? why : "");
      return {};
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) {
    const char* why = archive_error_string(a.get());
    error = printable(why ? why : "cannot finish the archive");
    return {};
  }
  return out;
}

std::string node_names(const json& steps) {
  std::string out;
  for (const json& step : steps) out += "," + step.value("node", "");
  return out + ",";
}

// The result ZIP of one completed file (docs/emulator.md, "GenAI pipeline").
std::string result_zip(const Ctx& ctx, const GenaiJob& job, const GenaiFile& file,
                       const std::string& bytes, std::int64_t end_ms, std::string& error) {
  const std::string name = zip_component(file.name);
  const std::string top = name + "-" + file.id + "/";
  const std::string markdown = is_text_like(file.name) ? bytes : printable_runs(bytes);
  const std::string nodes = node_names(job.steps);
  std::vector<ZipEntry> entries;
  entries.push_back({top, "", true});
  json tables = json::array();
  std::vector<ZipEntry> table_entries;
  const auto dot = file.name.find_last_of('.');
  if (dot != std::string::npos && lower(file.name.substr(dot + 1)) == "csv") {
    const std::string table = "tables/" + keyed_id(ctx.settings.seed, "table/" + file.id) + ".html";
    tables.push_back(table);
    table_entries.push_back({top + table, csv_table(bytes), false});
  }
  json steps = json::array();
  for (const json& step : job.steps) steps.push_back(step.value("node", ""));
  const json parse = {
      {"file_id", file.id},          {"file_name", file.name},
      {"file_type", file.file_type}, {"source", file.url.empty() ? "upload" : "url"},
      {"size", file.size},           {"steps", steps},
      {"markdown", name + ".md"},    {"tables", tables},
      {"images", json::array()}};
  entries.push_back({top + name + "_parse.json", dump_json(parse) + "\n", false});
  entries.push_back({top + name + ".md", markdown, false});
  if (!table_entries.empty()) {
    entries.push_back({top + "tables/", "", true});
    for (auto& t : table_entries) entries.push_back(std::move(t));
  }
  const std::vector<std::string> chunks = chunks_of(markdown);
  if (nodes.find(",ChunkNode,") != std::string::npos) {
    json list = json::array();
    for (std::size_t i = 0; i < chunks.size(); ++i)
      list.push_back({{"index", i}, {"text", chunks[i]}});
    entries.push_back(
        {top + name + "_chunks.json", dump_json(json{{"chunks", list}}) + "\n", false});
  }
  if (nodes.find(",EmbedNode,") != std::string::npos) {
    json list = json::array();
    for (std::size_t i = 0; i < chunks.size(); ++i) {
      json vector = json::array();
      for (std::uint64_t k = 0; k < 8; ++k) {
        const double v = unit_interval(mix64(hash_text(chunks[i], ctx.settings.seed) + k)) * 2 - 1;
        vector.push_back(static_cast<double>(static_cast<std::int64_t>(v * 1e6)) / 1e6);
      }
      list.push_back({{"chunk_index", i}, {"vector", vector}});
    }
    entries.push_back({top + name + "_embeddings.json",
                       dump_json(json{{"dimension", 8}, {"embeddings", list}}) + "\n", false});
  }
  if (nodes.find(",ExtractNode,") != std::string::npos) {
    std::string title;
    std::int64_t lines = 0;
    std::int64_t words = 0;
    bool in_word = false;
    for (char c : markdown) {
      if (c == '\n') ++lines;
      const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
      if (!space && !in_word) ++words;
      in_word = !space;
    }
    if (!markdown.empty() && markdown.back() != '\n') ++lines;
    for (const std::string& chunk : chunks) {
      std::string first = chunk.substr(0, chunk.find('\n'));
      first.erase(0, first.find_first_not_of("# \t"));
      if (!first.empty()) {
        title = first;
        break;
      }
    }
    const json facts = {
        {"title", title}, {"lines", lines}, {"words", words}, {"bytes", markdown.size()}};
    entries.push_back({top + name + "_extract.json", dump_json(facts) + "\n", false});
  }
  if (has(file.name, kHostileMarker)) {
    // Fault injection: an entry that climbs out of the target directory.
    entries.push_back({top + "../../escaped.txt", "written outside the target directory\n", false});
  }
  std::string zip = write_zip(entries, end_ms / 1000, error);
  if (!zip.empty() && has(file.name, kTruncatedMarker)) zip.resize(zip.size() / 2);
  return zip;
}

// Where a GenAI file stands at `now`.
AttemptView view_genai_file(const GenaiFile& file, std::int64_t now) {
  AttemptView v = view_attempt(file.attempt, now);
  if (file.stall && v.phase != Phase::kPending) {
    v.phase = Phase::kRunning;
    v.end.reset();
  }
  return v;
}

const char* genai_status(Phase phase) {
  switch (phase) {
    case Phase::kPending:
      return "pending";
    case Phase::kRunning:
      return "processing";
    case Phase::kSucceeded:
      return "completed";
    case Phase::kFailed:
    case Phase::kStopped:
      return "failed";
  }
  return "processing";
}

const GenaiFile* find_file(const State& state, const std::string& file_id, const GenaiJob** job) {
  for (const auto& [id, j] : state.genai_jobs) {
    for (const GenaiFile& f : j.files) {
      if (f.id == file_id) {
        *job = &j;
        return &f;
      }
    }
  }
  return nullptr;
}

struct Incoming {
  std::string name;
  std::string url;
  std::string blob;
  std::int64_t size = 0;
};

}  // namespace

Reply genai_submit(Ctx& ctx) {
  Errors errors;
  std::vector<Incoming> incoming;
  std::optional<json> steps;
  json meta;
  if (is_multipart_form(ctx.content_type)) {
    if (ctx.upload == nullptr) {
      return error_root(500, "INTERNAL_ERROR", "upload not read", ctx.request_id);
    }
    UploadInput& input = *ctx.upload;
    if (!input.parts) {
      if (input.error_status == 413) {
        return error_root(413, root_error_code(413), input.error, ctx.request_id);
      }
      return bad_argument(ctx, "malformed multipart body: " + input.error);
    }
    // `files` parts and one `payload` part, in either order; the Go and Python SDKs' extra
    // `file_names` text parts are accepted and ignored (the payload's list is the one read).
    std::optional<std::string> payload_text;
    std::size_t blob_index = 0;
    for (const FormPart& part : *input.parts) {
      const std::string name = lower(part.name);
      if (name == "files") {
        Incoming in;
        in.name = part.filename;
        in.size = static_cast<std::int64_t>(part.content.size());
        in.blob = blob_index < input.blobs.size() ? input.blobs[blob_index] : "";
        ++blob_index;
        incoming.push_back(std::move(in));
      } else if (name == "payload") {
        if (payload_text) return unprocessable(ctx, "payload: sent more than once");
        payload_text = part.content;
      }
    }
    if (incoming.empty()) return unprocessable(ctx, "files: Field required (one part per file)");
    if (!payload_text) return unprocessable(ctx, "payload: Field required");
    const ParsedJson parsed = parse_json_text(*payload_text, request_json_depth_limit());
    if (!parsed.ok || !parsed.value.is_object()) {
      return unprocessable(ctx, "payload: should be a JSON object" +
                                    (parsed.ok ? std::string() : " (" + parsed.error + ")"));
    }
    const json& payload = parsed.value;
    const Loc loc{"payload"};
    auto names = read_string_list(payload, loc, "file_names", Need::kRequired, errors);
    auto urls = read_urls(payload, loc, Need::kNullable, errors);
    steps = read_steps(payload, loc, errors);
    if (payload.contains("meta")) meta = payload["meta"];
    if (!meta.is_null() && !meta.is_array())
      errors.add(at(loc, "meta"), "Input should be a valid list", "list_type");
    if (!errors.empty()) return unprocessable(ctx, errors);
    if (names->size() != incoming.size()) {
      return unprocessable(ctx, "payload.file_names: " + std::to_string(names->size()) +
                                    " names for " + std::to_string(incoming.size()) +
                                    " files parts: one name per uploaded file, in order");
    }
    for (std::size_t i = 0; i < names->size(); ++i) {
      if ((*names)[i] != incoming[i].name) {
        return unprocessable(ctx, "payload.file_names[" + std::to_string(i) + "]: \"" +
                                      printable((*names)[i]) +
                                      "\" does not match the file part's name \"" +
                                      printable(incoming[i].name) + "\"");
      }
      if (incoming[i].name.empty()) {
        return unprocessable(ctx, "files[" + std::to_string(i) + "]: the part has no filename");
      }
    }
    for (const std::string& url : urls.value_or(std::vector<std::string>{})) {
      incoming.push_back(
          Incoming{url_file_name(url), url, "", static_cast<std::int64_t>(url.size())});
    }
  } else {
    auto root = parse_body(ctx.body, true, errors);
    if (!root) return unprocessable(ctx, errors);
    const Loc loc{"body"};
    auto urls = read_urls(*root, loc, Need::kRequired, errors);
    read_string_list(*root, loc, "file_names", Need::kNullable, errors);
    note_read(loc, "meta");
    if (root->contains("meta")) meta = (*root)["meta"];
    if (!meta.is_null() && !meta.is_array())
      errors.add(at(loc, "meta"), "Input should be a valid list", "list_type");
    steps = read_steps(*root, loc, errors);
    if (!errors.empty()) return unprocessable(ctx, errors);
    if (urls->empty()) return unprocessable(ctx, "file_urls: List should have at least 1 item");
    for (const std::string& url : *urls) {
      incoming.push_back(
          Incoming{url_file_name(url), url, "", static_cast<std::int64_t>(url.size())});
    }
  }
  GenaiJob job;
  job.id = ctx.new_id();
  job.created_at = ctx.new_created_at();
  job.steps = std::move(*steps);
  job.meta = std::move(meta);
  std::int64_t ordinal = 0;
  for (Incoming& in : incoming) {
    GenaiFile f;
    f.id = ctx.new_id();
    f.name = std::move(in.name);
    f.file_type = file_type_for_name(f.name);
    f.url = std::move(in.url);
    f.blob = std::move(in.blob);
    f.size = in.size;
    f.ordinal = ordinal++;
    f.stall = has(f.name, kStallMarker);
    job.files.push_back(std::move(f));
  }
  std::vector<WorkItem> work;
  for (auto& f : job.files) work.push_back(WorkItem{&f.attempt, f.name, f.id});
  schedule_first_attempts(work, ctx.now, ctx.behavior, ctx.settings.seed);
  const std::string id = job.id;
  ctx.state.genai_jobs[id] = std::move(job);
  if (ctx.upload != nullptr) ctx.upload->adopted = true;
  ctx.changed = true;
  return root_ok(ctx, json{{"job_id", id}});
}

Reply genai_get_job(Ctx& ctx) {
  const auto it = ctx.state.genai_jobs.find(ctx.args.at(0));
  if (it == ctx.state.genai_jobs.end()) {
    return root_not_found(ctx, "job " + printable(ctx.args.at(0)) + " not found");
  }
  const GenaiJob& job = it->second;
  json files = json::array();
  bool all_pending = true;
  bool all_final = true;
  bool any_completed = false;
  for (const GenaiFile& f : job.files) {
    const AttemptView v = view_genai_file(f, ctx.now);
    all_pending = all_pending && v.phase == Phase::kPending;
    all_final = all_final && is_terminal(v.phase);
    any_completed = any_completed || v.phase == Phase::kSucceeded;
    files.push_back({{"file_id", f.id},
                     {"file_name", f.name},
                     {"file_type", f.file_type},
                     {"file_status", genai_status(v.phase)},
                     {"error_message", v.phase == Phase::kFailed ? f.attempt.error : ""},
                     {"start_time", v.start ? genai_time(*v.start) : ""},
                     {"end_time", v.end ? genai_time(*v.end) : ""}});
  }
  // pending until a file starts; completed when every file is final and one completed;
  // failed when every file failed (docs/emulator.md).
  const char* status = all_pending     ? "pending"
                       : !all_final    ? "processing"
                       : any_completed ? "completed"
                                       : "failed";
  return root_ok(ctx, json{{"status", status}, {"files", files}});
}

Reply genai_result(Ctx& ctx) {
  // G3 sits below /byoa/api/v1 (FastAPI-style errors, no request id); G4 at the host root.
  const bool raws = ctx.request_id.empty();
  const auto fail = [&](int status, const std::string& msg) {
    return raws ? error_detail(status, msg)
                : error_root(status, root_error_code(status), msg, ctx.request_id);
  };
  const GenaiJob* job = nullptr;
  const GenaiFile* file = find_file(ctx.state, ctx.args.at(0), &job);
  if (file == nullptr) return fail(404, "file " + printable(ctx.args.at(0)) + " not found");
  const AttemptView v = view_genai_file(*file, ctx.now);
  if (v.phase != Phase::kSucceeded) {
    return fail(400, "file " + file->id + " is " + genai_status(v.phase) +
                         ": its result exists once it is completed");
  }
  std::string bytes = file->url;
  if (!file->blob.empty()) {
    auto stored = ctx.blobs.get(file->blob);
    if (!stored) return fail(404, "the bytes of file " + file->id + " are gone");
    bytes = std::move(*stored);
  }
  std::string error;
  std::string zip = result_zip(ctx, *job, *file, bytes, v.end.value_or(ctx.now), error);
  if (zip.empty()) return fail(500, "cannot build the result archive: " + error);
  Reply reply;
  reply.body = std::move(zip);
  reply.content_type = "application/zip";
  reply.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"" + file->id + ".zip\"");
  return reply;
}

Reply genai_workflow(Ctx& ctx) {
  // The SDKs' call (PLATFORM-NOTES 5.5): read as W1 with the node list (`node` or `nodes`)
  // as the pipeline's components; the answer is W1's record in the host root's envelope.
  Errors errors;
  auto root = parse_body(ctx.body, true, errors);
  if (!root) return unprocessable(ctx, errors);
  const Loc loc{"body"};
  auto name = read_string(*root, loc, "name", Need::kRequired, errors);
  auto names = read_string_list(*root, loc, "source_volume_names", Need::kRequired, errors);
  auto ids = read_id_list(*root, loc, "source_volume_ids", Need::kRequired, errors);
  auto mode = read_model(*root, loc, "process_mode", Need::kRequired, errors);
  if (mode) {
    read_int(*mode, at(loc, "process_mode"), "interval", Need::kRequired, errors);
    read_int(*mode, at(loc, "process_mode"), "offset", Need::kRequired, errors);
  }
  auto types = read_int_list(*root, loc, "file_types", Need::kNullable, errors);
  auto target = read_string(*root, loc, "target_volume_id", Need::kNullable, errors);
  auto target_name = read_string(*root, loc, "target_volume_name", Need::kNullable, errors);
  auto create_target =
      read_string(*root, loc, "create_target_volume_name", Need::kNullable, errors);
  auto workflow = read_model(*root, loc, "workflow", Need::kRequired, errors);
  std::optional<std::vector<json>> nodes;
  std::optional<std::vector<json>> connections;
  if (workflow) {
    const Loc wl = at(loc, "workflow");
    const char* key = workflow->contains("nodes") ? "nodes" : "node";
    nodes = read_dict_list(*workflow, wl, key, Need::kRequired, errors);
    connections = read_dict_list(*workflow, wl, "connections", Need::kNullable, errors);
    if (nodes) {
      for (std::size_t i = 0; i < nodes->size(); ++i) {
        const Loc item = at(at(wl, key), static_cast<std::int64_t>(i));
        read_string((*nodes)[i], item, "id", Need::kRequired, errors);
        read_string((*nodes)[i], item, "type", Need::kRequired, errors);
        read_dict((*nodes)[i], item, "init_parameters", Need::kRequired, errors);
      }
    }
  }
  if (!errors.empty()) return unprocessable(ctx, errors);
  json components = json::array();
  for (const json& node : *nodes) {
    components.push_back({{"name", node["id"]},
                          {"component_type", node["type"]},
                          {"init_parameters", node["init_parameters"]}});
  }
  json connection_list = json::array();
  for (const json& c : connections.value_or(std::vector<json>{})) connection_list.push_back(c);
  json ids_json = json::array();
  for (const std::string& id : *ids) ids_json.push_back(id);
  const json w1 = {{"name", *name},
                   {"source_volume_names", *names},
                   {"source_volume_ids", ids_json},
                   {"file_types", types.value_or(std::vector<std::int64_t>{})},
                   {"process_mode", *mode},
                   {"target_volume_id", target.value_or("")},
                   {"target_volume_name", target_name.value_or("")},
                   {"create_target_volume_name", create_target.value_or("")},
                   {"workflow", {{"components", components}, {"connections", connection_list}}}};
  const std::string body = dump_json(w1);
  Reply reply;
  {
    // W1's handler on the translated body (its reads, in strict mode, cover keys it reads).
    Ctx inner{ctx.state,    ctx.settings,
              ctx.behavior, ctx.now,
              ctx.args,     ctx.query,
              body,         ctx.content_type,
              ctx.base_url, ctx.request_id,
              ctx.blobs,    ctx.tables,
              false,        {},
              nullptr,      {},
              ctx.analyses};
    reply = create_workflow(inner);
    ctx.changed = ctx.changed || inner.changed;
  }
  const ParsedJson parsed = parse_json_text(reply.body, request_json_depth_limit());
  if (reply.status != 200 || !parsed.ok) {
    if (reply.status == 422 && parsed.ok) {
      return error_root(422, "INVALID_ARGUMENT", parsed.value.dump(), ctx.request_id);
    }
    return to_root_error(std::move(reply), ctx.request_id);
  }
  return root_ok(ctx, parsed.value.value("data", json()));
}

}  // namespace moi::emulator::detail
