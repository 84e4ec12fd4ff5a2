// SPDX-License-Identifier: Apache-2.0
#include "service.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>
#include <stdexcept>

#include "access.hpp"
#include "ids.hpp"
#include "multipart.hpp"
#include "router.hpp"

namespace moi::emulator::detail {

namespace {

// The emulator's own log: details (paths) that answers never carry.
void log_line(const std::string& text) {
  std::fprintf(stderr, "moi-emulator: %s\n", printable(text).c_str());
}

// The parts whose bytes are stored: "file" for U1, "files" for G1 (any letter case).
bool is_file_part(const FormPart& part, Endpoint endpoint) {
  const std::string wanted = endpoint == Endpoint::kG1SubmitGenaiPipeline ? "files" : "file";
  if (part.name.size() != wanted.size()) return false;
  std::string name = part.name;
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name == wanted;
}

}  // namespace

Service::Service(const EmulatorOptions& options)
    : behavior_(options.behavior),
      max_multipart_parts_(options.max_multipart_parts),
      strict_(options.strict),
      state_file_(options.state_file) {
  settings_.seed = options.seed;
  settings_.user_name = options.user_name;
  settings_.user_id = keyed_id(options.seed, "user/" + options.user_name);
  settings_.delete_returns_204 = options.delete_returns_204;
  settings_.api_key = options.api_key;
  persisted_ = state_to_json(state_).dump();
  if (state_file_.empty()) {
    tables_ = std::make_unique<TableStore>();
    return;
  }
  auto [dir, name] = split_path(state_file_);
  state_name_ = std::move(name);
  state_dir_.emplace(CheckedDir::open_shared(dir, "--state " + state_file_));
  // The lock first: nothing of the state file's may be touched while another emulator runs.
  lock_fd_ = lock_state_file(*state_dir_, state_name_);
  try {
    load();
    blobs_.use_directory(
        CheckedDir::open_private(*state_dir_, state_name_ + ".files", "uploads directory"));
    tables_ = std::make_unique<TableStore>(
        CheckedDir::open_private(*state_dir_, state_name_ + ".tables", "table directory"));
    // What a crash or a full disk left: temporary state files and blobs no record names.
    const std::string tmp_prefix = state_name_ + ".tmp.";
    for (const std::string& entry : state_dir_->names()) {
      struct stat st {};
      if (entry.compare(0, tmp_prefix.size(), tmp_prefix) == 0 &&
          ::fstatat(state_dir_->fd(), entry.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          st.st_uid == ::geteuid()) {
        state_dir_->remove(entry);
      }
    }
    std::set<std::string> referenced;
    for (const auto& [id, file] : state_.files) {
      if (!file.deleted) referenced.insert(blob_of(file));
    }
    for (const auto& [id, staged] : state_.staged_files) referenced.insert(staged.blob);
    for (const auto& [id, job] : state_.genai_jobs) {
      for (const GenaiFile& file : job.files) {
        if (!file.blob.empty()) referenced.insert(file.blob);
      }
    }
    blobs_.remove_all_but(referenced);
  } catch (...) {
    ::close(lock_fd_);
    throw;
  }
}

Service::~Service() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void Service::load() {
  struct stat st {};
  if (::fstatat(state_dir_->fd(), state_name_.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
    if (S_ISREG(st.st_mode) && st.st_uid != ::geteuid()) {
      throw std::runtime_error("state file " + state_file_ + " is owned by uid " +
                               std::to_string(st.st_uid) + ", not by this user (uid " +
                               std::to_string(::geteuid()) + "): refusing to load it");
    }
    // Written 0644 by older emulators: it holds connector secrets.
    if (S_ISREG(st.st_mode) && (st.st_mode & 077) != 0 &&
        ::fchmodat(state_dir_->fd(), state_name_.c_str(), 0600, 0) != 0) {
      throw std::runtime_error(
          "state file " + state_file_ +
          " is readable by others and cannot be made private: " + std::strerror(errno));
    }
  }
  std::optional<std::string> text;
  try {
    text = state_dir_->read(state_name_);
  } catch (const StorageError& e) {
    throw std::runtime_error(std::string("cannot load state file: ") + e.what());
  }
  if (!text) return;
  ParsedJson parsed = parse_json_text(*text, state_json_depth_limit());
  if (!parsed.ok) {
    throw std::runtime_error("cannot load state file " + state_file_ + ": " + parsed.error);
  }
  try {
    state_ = state_from_json(parsed.value);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot load state file " + state_file_ + ": " + e.what());
  }
  persisted_ = *text;
}

bool Service::prepare_upload(Endpoint endpoint, const RequestInfo& info, const std::string& body,
                             UploadInput& upload, Reply& error) {
  if (!is_multipart_form(info.content_type)) return true;  // the handler answers 400
  bool too_many = false;
  upload.parts =
      parse_multipart(info.content_type, body, upload.error, max_multipart_parts_, too_many);
  if (!upload.parts) {
    upload.error_status = too_many ? 413 : 400;
    return true;
  }
  std::vector<const std::string*> contents;
  for (const FormPart& part : *upload.parts) {
    if (is_file_part(part, endpoint)) contents.push_back(&part.content);
  }
  try {
    upload.blobs = blobs_.store(contents);
  } catch (const StorageError& e) {
    log_line(e.what());
    error = error_root(500, "INTERNAL_ERROR", "cannot store the uploaded file: " + e.reason(),
                       info.request_id);
    return false;
  }
  return true;
}

bool Service::wait_durable(std::uint64_t version, std::string& reason) {
  std::unique_lock<std::mutex> lock(persist_mu_);
  for (;;) {
    for (const auto& [after, through] : rolled_back_) {
      if (version > after && version <= through) {
        reason = failure_;
        return false;
      }
    }
    if (durable_ >= version) return true;
    if (writing_) {
      persisted_cv_.wait(lock);
      continue;
    }
    // Nobody is writing: write the newest document, for every request waiting on it.
    writing_ = true;
    std::string document = std::move(pending_);
    pending_.clear();
    const std::uint64_t written = pending_version_;
    lock.unlock();
    std::string error;
    try {
      state_dir_->replace(state_name_, document, 0600);
    } catch (const StorageError& e) {
      log_line(e.what());
      error = e.reason();
    }
    if (error.empty()) {
      lock.lock();
      durable_ = written;
      persisted_ = std::move(document);
    } else {
      // Nothing unacknowledged may stay in memory: go back to what is on disk. Every change
      // made so far is then lost, and answered 500.
      std::lock_guard<std::mutex> state_lock(mu_);
      state_ = state_from_json(parse_json_text(persisted_, state_json_depth_limit()).value);
      lock.lock();
      rolled_back_.emplace_back(durable_, version_);
      failure_ = error;
      pending_.clear();
    }
    writing_ = false;
    persisted_cv_.notify_all();
  }
}

namespace {

// The 422 of strict mode: FastAPI's `extra_forbidden` items on /byoa/api/v1, the host root's
// code/msg envelope naming the same locations there.
Reply strict_refusal(Endpoint endpoint, const std::vector<Loc>& unknown,
                     const std::string& request_id) {
  Errors errors;
  std::string names;
  for (const Loc& loc : unknown) {
    errors.add(loc, "Extra inputs are not permitted", "extra_forbidden");
    std::string name;  // "filters[0].name", "page_num": the form of the host root's messages
    for (const json& step : loc) {
      if (step == "body" || step == "query") continue;
      if (!name.empty()) name += step.is_string() ? "." : "";
      name += step.is_string() ? step.get<std::string>() : "[" + step.dump() + "]";
    }
    names += (names.empty() ? "" : ", ") + name;
  }
  if (is_root_endpoint(endpoint)) {
    return error_root(422, "INVALID_ARGUMENT",
                      "unknown keys (the emulator runs with --strict): " + names, request_id);
  }
  return validation_failed(errors.to_json());
}

}  // namespace

Reply Service::handle(Endpoint endpoint, const std::vector<std::string>& args,
                      const QueryParams& query, const std::string& body, std::int64_t now,
                      const RequestInfo& info) {
  // An upload's bytes are stored before the state lock is taken: other requests go on.
  UploadInput upload;
  const bool multipart_g1 =
      endpoint == Endpoint::kG1SubmitGenaiPipeline && is_multipart_form(info.content_type);
  if (endpoint == Endpoint::kU1Upload || endpoint == Endpoint::kU2StageFiles || multipart_g1) {
    Reply error;
    if (!prepare_upload(endpoint, info, body, upload, error)) return error;
  }
  Reply reply;
  std::uint64_t version = 0;
  std::vector<std::string> to_remove;
  std::string blob_to_send;
  bool tables_written = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Who calls, and whether they may (access.hpp): checked under the state lock, so a key
    // refreshed or a user disabled a moment ago is refused at once. The signed download links
    // (F5, TB14, U6) carry a token instead of a key.
    const bool keyless = endpoint == Endpoint::kF5FetchFile ||
                         endpoint == Endpoint::kTB14FetchTableCsv ||
                         endpoint == Endpoint::kU6FetchStaged;
    if (!keyless) {
      std::optional<std::pair<int, std::string>> refused =
          authenticate(state_, settings_.api_key, info.moi_key);
      if (!refused) {
        if (auto missing = authorize(state_, *tables_, endpoint, body)) {
          refused = std::make_pair(403, std::move(*missing));
        }
      }
      if (refused) {
        const auto& [status, text] = *refused;
        if (is_llm_endpoint(endpoint)) return to_llm_error(error_detail(status, text));
        if (is_root_endpoint(endpoint)) {
          return error_root(status, root_error_code(status), text, info.request_id);
        }
        return error_detail(status, text);
      }
    } else {
      state_.caller = State::Caller{};
    }
    Ctx ctx{state_,        settings_,
            behavior_,     now,
            args,          query,
            body,          info.content_type,
            info.base_url, info.request_id,
            blobs_,        *tables_,
            false,         {},
            &upload,       {},
            &analyses_};
    // The table store's changes of this request: committed below, or rolled back with a
    // strict-mode refusal.
    std::optional<TableStore::Transaction> tables_tx;
    try {
      tables_tx.emplace(*tables_);
    } catch (const TableStoreError& e) {
      log_line(e.what());
      return error_root(500, "INTERNAL_ERROR", "cannot use the table database", info.request_id);
    }
    // Periodic and triggered workflows start the jobs that are due by now first, so every
    // answer sees them.
    run_triggers(ctx);
    // Strict mode: the handler's readers record what they read; a successful answer to a
    // request with unknown keys is replaced by a 422 and its changes are undone. (The multipart
    // upload is not checked: undoing it would leave its stored bytes behind.)
    const bool strict = strict_ && endpoint != Endpoint::kU1Upload &&
                        endpoint != Endpoint::kU2StageFiles && !multipart_g1;
    const bool triggered = ctx.changed;
    std::optional<State> before;
    if (strict) before = state_;
    std::optional<KeyTracker> tracker;
    if (strict) tracker.emplace();
    reply = dispatch(endpoint, ctx);
    if (strict && reply.status >= 200 && reply.status < 300) {
      const std::vector<Loc> unknown = tracker->unknown(query);
      if (!unknown.empty()) {
        state_ = std::move(*before);  // what the triggers did stays, and is persisted below
        ctx.changed = triggered;
        ctx.blobs_to_remove.clear();
        ctx.blob_to_send.clear();
        tables_tx->rollback();
        reply = strict_refusal(endpoint, unknown, info.request_id);
      }
    }
    tracker.reset();
    if (reply.status >= 400) {
      tables_tx->rollback();  // a refused request (a failed import) keeps nothing
    }
    try {
      tables_written = tables_tx->commit();
    } catch (const TableStoreError& e) {
      log_line(e.what());
      reply =
          error_root(500, "INTERNAL_ERROR", "cannot commit the table database", info.request_id);
    }
    if (ctx.changed && state_dir_) {
      version = ++version_;
      std::string document = state_to_json(state_).dump();
      std::lock_guard<std::mutex> persist_lock(persist_mu_);
      pending_ = std::move(document);
      pending_version_ = version;
    }
    to_remove = std::move(ctx.blobs_to_remove);
    blob_to_send = std::move(ctx.blob_to_send);
  }
  if (tables_written) {
    // The table store's commit is flushed here, after the lock: no other request waits for it.
    try {
      tables_->sync_committed();
    } catch (const TableStoreError& e) {
      log_line(e.what());
      return error_root(500, "INTERNAL_ERROR", "cannot persist the table database",
                        info.request_id);
    }
  }
  if (!blob_to_send.empty()) {
    // A download reads its bytes without holding up other requests.
    auto bytes = blobs_.get(blob_to_send);
    if (!bytes)
      return error_root(404, "NOT_FOUND", "file " + args.at(0) + " not found", info.request_id);
    reply.body = std::move(*bytes);
  }
  if (!upload.adopted) {
    for (const std::string& blob : upload.blobs) blobs_.remove(blob);
  }
  if (version != 0) {
    std::string reason;
    if (!wait_durable(version, reason)) {
      for (const std::string& blob : upload.blobs) blobs_.remove(blob);
      const std::string text = "cannot persist state: " + reason;
      if (is_llm_endpoint(endpoint)) return to_llm_error(error_detail(500, text));
      if (is_root_endpoint(endpoint)) {
        return error_root(500, "INTERNAL_ERROR", text, info.request_id);
      }
      return error_detail(500, text);
    }
  }
  for (const std::string& blob : to_remove) blobs_.remove(blob);
  return reply;
}

void Service::set_behavior(const BehaviorOptions& behavior) {
  std::lock_guard<std::mutex> lock(mu_);
  behavior_ = behavior;
}

BehaviorOptions Service::behavior() const {
  std::lock_guard<std::mutex> lock(mu_);
  return behavior_;
}

}  // namespace moi::emulator::detail
