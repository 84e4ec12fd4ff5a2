// SPDX-License-Identifier: Apache-2.0
#include "profile.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <istream>
#include <ostream>
#include <random>

#include "moi/error.hpp"
#include "safety.hpp"
#include "usage_error.hpp"

namespace moi::cli {
namespace {

std::string in_quotes(const std::string& text) { return "\"" + escape_controls(text) + "\""; }

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

bool valid_profile_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxProfileName) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool known_key(const std::string& key) {
  for (const char* k : kProfileKeys) {
    if (key == k) return true;
  }
  return false;
}

bool has_control(const std::string& text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

std::string format_seconds(double seconds) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.15g", seconds);
  return buffer;
}

// The line index range [first, end) of the section [name] (header excluded), or nullopt.
struct Section {
  std::size_t header = 0;
  std::size_t end = 0;
};

std::optional<Section> find_section(const std::vector<std::string>& lines,
                                    const std::string& name) {
  std::optional<Section> found;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string line = trim(lines[i]);
    if (line.size() < 2 || line.front() != '[' || line.back() != ']') continue;
    if (found) {
      found->end = i;
      return found;
    }
    if (trim(line.substr(1, line.size() - 2)) == name) found = Section{i, lines.size()};
  }
  return found;
}

std::string key_of(const std::string& raw) {
  const std::string line = trim(raw);
  if (line.empty() || line[0] == '#' || line[0] == ';' || line[0] == '[') return {};
  const auto eq = line.find('=');
  return eq == std::string::npos ? std::string() : trim(line.substr(0, eq));
}

// Sets key = value in section [name] of @p lines (adding the section or the line as needed).
void set_key(std::vector<std::string>& lines, const std::string& name, const std::string& key,
             const std::string& value) {
  std::optional<Section> section = find_section(lines, name);
  if (!section) {
    if (!lines.empty() && !trim(lines.back()).empty()) lines.emplace_back();
    lines.push_back("[" + name + "]");
    section = Section{lines.size() - 1, lines.size()};
  }
  std::size_t insert_at = section->header + 1;
  for (std::size_t i = section->header + 1; i < section->end; ++i) {
    if (key_of(lines[i]) == key) {
      lines[i] = key + " = " + value;
      return;
    }
    if (!trim(lines[i]).empty()) insert_at = i + 1;
  }
  lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(insert_at), key + " = " + value);
}

std::string errno_text(int error) { return std::strerror(error); }

// Creates @p dir (mode 0700) and its missing parents.
void make_directories(const std::string& dir) {
  if (dir.empty()) return;
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw UsageError(in_quotes(dir) + " exists and is not a directory");
    return;
  }
  const auto slash = dir.find_last_of('/');
  if (slash != std::string::npos && slash > 0) make_directories(dir.substr(0, slash));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    const int error = errno;
    throw UsageError("cannot create directory " + in_quotes(dir) + ": " + errno_text(error));
  }
}

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? std::string("/") : path.substr(0, slash);
}

std::string octal_mode(mode_t mode) {
  char octal[8];
  std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode & 07777));
  return octal;
}

// Refuses @p st (of @p path: "config file" or "config directory" @p what) when another user
// owns it or when group or others may write it (a directory with the sticky bit excepted): a
// neighbour could then choose the server the API key is sent to. As ssh refuses a loose key.
void check_not_loose(const struct stat& st, const std::string& path, const char* what) {
  const std::string name = escape_controls(path);
  const uid_t me = ::geteuid();
  if (st.st_uid != me) {
    throw UsageError(std::string(what) + " " + name + " is owned by uid " +
                     std::to_string(st.st_uid) + ", not by you (uid " + std::to_string(me) +
                     "); it is ignored: check what it holds, then remove it and run moi "
                     "configure, or have it owned by you");
  }
  const bool directory = S_ISDIR(st.st_mode);
  const bool sticky = directory && (st.st_mode & S_ISVTX) != 0;
  if ((st.st_mode & 022) != 0 && !sticky) {
    throw UsageError(std::string(what) + " " + name + " can be written by group or others " +
                     "(mode " + octal_mode(st.st_mode) + "); it is ignored: check what it " +
                     "holds, then run chmod " + (directory ? "700 " : "600 ") + name);
  }
}

// The directory of @p path and, when @p path is a symbolic link, the directory of the file it
// resolves to: both must be safe (check_not_loose), or a neighbour could swap the file.
void check_directories(const std::string& path) {
  std::vector<std::string> dirs{directory_of(path)};
  struct stat link {};
  if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    char resolved[PATH_MAX];
    if (::realpath(path.c_str(), resolved) != nullptr) {
      const std::string target_dir = directory_of(resolved);
      if (target_dir != dirs.front()) dirs.push_back(target_dir);
    }
  }
  for (const auto& dir : dirs) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) continue;  // no directory yet: nothing to trust
    check_not_loose(st, dir, "config directory");
  }
}

// The file `moi configure` replaces: @p path itself or, when it is a symbolic link, the file
// the link resolves to (so the link is kept and updated through).
std::string write_target(const std::string& path) {
  struct stat link {};
  if (::lstat(path.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) return path;
  char resolved[PATH_MAX];
  if (::realpath(path.c_str(), resolved) == nullptr) {
    const int error = errno;
    throw UsageError("config file " + in_quotes(path) + " is a symbolic link that cannot be " +
                     "followed (" + errno_text(error) + "): fix or remove it");
  }
  return resolved;
}

// Writes @p text to @p path atomically: a new 0600 file in the same directory (created with
// O_CREAT | O_EXCL | O_NOFOLLOW, so nothing planted at its name is followed), synced, then
// renamed over the old file.
void write_atomically(const std::string& path, const std::string& text) {
  std::random_device seed;
  std::mt19937_64 random(seed());
  int fd = -1;
  std::string temp;
  for (int attempt = 0; fd < 0; ++attempt) {
    char suffix[40];
    std::snprintf(suffix, sizeof suffix, ".tmp.%ld.%016llx", static_cast<long>(::getpid()),
                  static_cast<unsigned long long>(random()));
    temp = path + suffix;
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && (errno != EEXIST || attempt >= 100)) {
      const int error = errno;
      throw UsageError("cannot write " + in_quotes(path) + ": " + errno_text(error));
    }
  }
  const auto fail = [&](const char* what) {
    const int error = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    throw UsageError(std::string("cannot ") + what + " " + in_quotes(path) + ": " +
                     errno_text(error));
  };
  if (::fchmod(fd, 0600) != 0) fail("write");
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t wrote = ::write(fd, text.data() + done, text.size() - done);
    if (wrote < 0) {
      if (errno == EINTR) continue;
      fail("write");
    }
    done += static_cast<std::size_t>(wrote);
  }
  if (::fsync(fd) != 0) fail("write");
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw UsageError("cannot write " + in_quotes(path) + ": " + errno_text(error));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw UsageError("cannot replace " + in_quotes(path) + ": " + errno_text(error));
  }
  const int dir = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {  // the rename itself survives a crash
    ::fsync(dir);
    ::close(dir);
  }
}

// An exclusive lock on the config's directory for a read-modify-write of the file: parallel
// `moi configure` runs take turns, so none loses another's profile. Ctrl-C while waiting for
// it cancels.
class DirectoryLock {
 public:
  DirectoryLock(const std::string& dir, const Environment& env) {
    fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0) {
      const int error = errno;
      throw UsageError("cannot lock " + in_quotes(dir) + ": " + errno_text(error));
    }
    while (::flock(fd_, LOCK_EX) != 0) {
      const int error = errno;
      if (error == EINTR && !cancel_requested(env)) continue;
      ::close(fd_);
      if (error == EINTR) throw CancelledError("cancelled");
      throw UsageError("cannot lock " + in_quotes(dir) + ": " + errno_text(error));
    }
  }
  ~DirectoryLock() { ::close(fd_); }  // releases the lock
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

// One line of @p in, at most kMaxConfigLine characters (without the newline / CR). Ctrl-C
// interrupts the read (the handler has no SA_RESTART): that cancels, whatever was typed.
std::string read_bounded_line(std::istream& in, const char* what, const Environment& env) {
  std::string line;
  char c = 0;
  const auto cancelled = [&env] { return cancel_requested(env); };
  while (!cancelled() && in.get(c) && c != '\n') {
    if (line.size() >= kMaxConfigLine) {
      throw UsageError(std::string(what) + ": longer than " + std::to_string(kMaxConfigLine) +
                       " characters");
    }
    line += c;
  }
  if (cancelled()) throw CancelledError("cancelled");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Turns terminal echo off on standard input for its lifetime (when it is a terminal).
class NoEcho {
 public:
  NoEcho() {
    if (::isatty(STDIN_FILENO) == 0 || ::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~NoEcho() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

void check_value(const std::string& value, const char* what) {
  if (has_control(value)) throw UsageError(std::string(what) + ": control characters");
  if (value != trim(value)) throw UsageError(std::string(what) + ": leading or trailing blanks");
}

}  // namespace

const Profile* ConfigFile::find(const std::string& name) const {
  for (const auto& p : profiles) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string ConfigFile::names() const {
  std::string text;
  for (const auto& p : profiles) text += (text.empty() ? "" : ", ") + p.name;
  return text.empty() ? "none" : text;
}

std::optional<std::string> get_variable(const Environment& env, const char* name) {
  if (env.getenv) return env.getenv(name);
  if (const char* raw = std::getenv(name)) return std::string(raw);
  return std::nullopt;
}

std::optional<std::string> config_path(const Environment& env) {
  const auto xdg = get_variable(env, "XDG_CONFIG_HOME");
  if (xdg && !xdg->empty() && (*xdg)[0] == '/') return *xdg + "/moi/config";
  const auto home = get_variable(env, "HOME");
  if (home && !home->empty()) return *home + "/.config/moi/config";
  return std::nullopt;
}

ConfigFile parse_config(const std::string& text, const std::string& path) {
  ConfigFile config;
  config.path = path;
  config.exists = true;
  const std::string file = escape_controls(path);
  std::size_t number = 0;
  std::size_t start = 0;
  Profile* current = nullptr;
  std::vector<std::string> seen;  // keys of the current section
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string raw = text.substr(start, end - start);
    start = end + 1;
    ++number;
    const std::string where = file + ":" + std::to_string(number) + ": ";
    if (raw.size() > kMaxConfigLine) {
      throw UsageError(where + "line longer than " + std::to_string(kMaxConfigLine) +
                       " characters");
    }
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    config.lines.push_back(raw);
    for (const char c : raw) {
      const auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7f) throw UsageError(where + "control character");
    }
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line[0] == '[') {
      if (line.back() != ']') throw UsageError(where + "expected [PROFILE]: missing ]");
      const std::string name = trim(line.substr(1, line.size() - 2));
      if (!valid_profile_name(name)) {
        throw UsageError(where + "invalid profile name " + in_quotes(name) +
                         " (1 to 64 letters, digits, '_', '-' or '.')");
      }
      if (const Profile* earlier = config.find(name)) {
        throw UsageError(where + "profile [" + name + "] defined twice (first on line " +
                         std::to_string(earlier->line) + ")");
      }
      config.profiles.push_back(Profile{name, {}, {}, {}, {}, {}, number});
      current = &config.profiles.back();
      seen.clear();
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      throw UsageError(where + "expected [PROFILE], key = value, or a # comment");
    }
    const std::string key = trim(line.substr(0, eq));
    const std::string value = trim(line.substr(eq + 1));
    if (!known_key(key)) {
      throw UsageError(where + "unknown key " + in_quotes(key) +
                       " (expected base_url, api_key, timeout, connect_timeout, model)");
    }
    if (!current) throw UsageError(where + key + " before any [PROFILE] header");
    for (const auto& k : seen) {
      if (k == key) throw UsageError(where + key + " set twice in [" + current->name + "]");
    }
    seen.push_back(key);
    if (value.empty()) throw UsageError(where + key + " has no value");
    if (key == "base_url") {
      current->base_url = value;
    } else if (key == "api_key") {
      current->api_key = value;  // never echoed, not even in errors
    } else if (key == "model") {
      current->model = value;
    } else {
      const std::string problem = check_seconds(value, kMaxRequestSeconds);
      if (!problem.empty()) throw UsageError(where + key + ": " + escape_controls(problem));
      (key == "timeout" ? current->timeout : current->connect_timeout) =
          std::strtod(value.c_str(), nullptr);
    }
  }
  return config;
}

ConfigFile read_config(const std::string& path, bool check_permissions) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) {
      ConfigFile missing;
      missing.path = path;
      return missing;
    }
    throw UsageError("cannot read config file " + in_quotes(path) + ": " + errno_text(error));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw UsageError("config file " + in_quotes(path) + " is not a regular file");
  }
  // Whatever it holds: a file or directory a neighbour may write is never trusted.
  try {
    check_not_loose(st, path, "config file");
    check_directories(path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (static_cast<std::size_t>(st.st_size) > kMaxConfigBytes) {
    ::close(fd);
    throw UsageError("config file " + in_quotes(path) + " is larger than " +
                     std::to_string(kMaxConfigBytes / 1024) + " KiB");
  }
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int error = errno;
      ::close(fd);
      throw UsageError("cannot read config file " + in_quotes(path) + ": " + errno_text(error));
    }
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
    if (text.size() > kMaxConfigBytes) {  // it grew after fstat
      ::close(fd);
      throw UsageError("config file " + in_quotes(path) + " is larger than " +
                       std::to_string(kMaxConfigBytes / 1024) + " KiB");
    }
  }
  ConfigFile config = parse_config(text, path);
  const mode_t mode = st.st_mode & 0777;
  ::close(fd);
  bool holds_key = false;
  for (const auto& p : config.profiles) holds_key = holds_key || !p.api_key.empty();
  if (check_permissions && holds_key && (mode & 0077) != 0) {
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
    const std::string file = escape_controls(path);
    throw UsageError("config file " + file + " holds an API key and its permissions " + octal +
                     " let group or others access it; it is ignored: run chmod 600 " + file);
  }
  return config;
}

ChosenProfile choose_profile(const std::string& flag, const Environment& env, bool settings_given) {
  std::string name = flag;
  std::string chooser = "--profile";
  if (name.empty()) {
    const auto variable = get_variable(env, "MOI_PROFILE");
    if (variable && !variable->empty()) {
      name = *variable;
      chooser = "MOI_PROFILE";
    }
  }
  const bool explicit_choice = !name.empty();
  if (!explicit_choice) name = "default";
  ChosenProfile chosen;
  const auto path = config_path(env);
  if (!path) {
    if (explicit_choice) {
      throw UsageError(chooser + ": profile " + in_quotes(name) +
                       " not found: neither XDG_CONFIG_HOME nor HOME is set");
    }
    return chosen;
  }
  chosen.path = *path;
  ConfigFile config;
  try {
    config = read_config(*path);
  } catch (const UsageError& error) {
    // The URL and key came from flags or the environment: a config nobody asked for by name
    // that cannot be used (unreadable, broken, loose) does not stop the command.
    if (explicit_choice || !settings_given) throw;
    chosen.ignored = error.what();
    return chosen;
  }
  const Profile* profile = config.find(name);
  if (!profile) {
    if (!explicit_choice) return chosen;
    if (!config.exists) {
      throw UsageError(chooser + ": profile " + in_quotes(name) + " not found: " +
                       escape_controls(*path) + " does not exist (create it with moi configure)");
    }
    throw UsageError(chooser + ": profile " + in_quotes(name) + " not found in " +
                     escape_controls(*path) + " (profiles: " + config.names() + ")");
  }
  chosen.profile = *profile;
  chosen.source = "profile " + in_quotes(name) + " (" + escape_controls(*path) + ")";
  return chosen;
}

void refuse_credentials_in_url(const std::string& text, const std::string& source) {
  const auto scheme_end = text.find("://");
  std::string authority = text;
  if (scheme_end != std::string::npos) {
    const std::string rest = text.substr(scheme_end + 3);
    authority = rest.substr(0, rest.find_first_of("/?#"));
  }
  if (authority.find('@') != std::string::npos) {
    throw UsageError(source +
                     ": the URL must not contain credentials (user:password@); it is not shown. "
                     "Give the API key with --api-key or MOI_API_KEY");
  }
}

int configure(const ConfigureRequest& request, std::istream& in, std::ostream& out,
              std::ostream& err, const Environment& env) {
  std::string name = request.profile;
  if (name.empty()) name = get_variable(env, "MOI_PROFILE").value_or("");
  if (name.empty()) name = "default";
  if (!valid_profile_name(name)) {
    throw UsageError("configure: invalid profile name " + in_quotes(name) +
                     " (1 to 64 letters, digits, '_', '-' or '.')");
  }
  const auto path = config_path(env);
  if (!path) throw UsageError("configure: neither XDG_CONFIG_HOME nor HOME is set");
  // An existing file is read (for the prompts) even when others may read it: the new file is
  // written with mode 0600. One others may write, or that is not the user's, is refused.
  const ConfigFile before = read_config(*path, false);
  const Profile* existing = before.find(name);

  std::string base_url = request.base_url;
  std::string api_key;
  const bool interactive = env.stdin_tty && !request.api_key_stdin;
  if (request.api_key_stdin) {
    api_key = read_bounded_line(in, "configure: --api-key-stdin", env);
    if (api_key.empty()) throw UsageError("configure: --api-key-stdin: standard input is empty");
  } else if (interactive) {
    if (base_url.empty()) {
      err << "Base URL"
          << (existing && !existing->base_url.empty()
                  ? " [" + escape_controls(existing->base_url) + "]"
                  : std::string())
          << ": " << std::flush;
      base_url = trim(read_bounded_line(in, "configure: base URL", env));
    }
    err << "API key" << (existing && !existing->api_key.empty() ? " [keep the current one]" : "")
        << ": " << std::flush;
    {
      const NoEcho quiet;
      api_key = trim(read_bounded_line(in, "configure: API key", env));
    }
    err << '\n';
  } else if (base_url.empty() && request.timeout <= 0 && request.connect_timeout <= 0 &&
             request.model.empty()) {
    throw UsageError(
        "configure: standard input is not a terminal: give --base-url URL and/or "
        "--api-key-stdin");
  }
  if (!base_url.empty()) {
    check_value(base_url, "configure: base URL");
    refuse_credentials_in_url(base_url, "configure: base URL");
  }
  if (!api_key.empty()) {
    if (has_control(api_key) || api_key.find_first_of(" \t") != std::string::npos) {
      throw UsageError("configure: the API key must not hold blanks or control characters");
    }
  }
  std::vector<std::pair<std::string, std::string>> values;
  if (!base_url.empty()) values.emplace_back("base_url", base_url);
  if (!api_key.empty()) values.emplace_back("api_key", api_key);
  if (request.timeout > 0) values.emplace_back("timeout", format_seconds(request.timeout));
  if (request.connect_timeout > 0) {
    values.emplace_back("connect_timeout", format_seconds(request.connect_timeout));
  }
  if (!request.model.empty()) {
    if (has_control(request.model) || request.model.find_first_of(" \t") != std::string::npos) {
      throw UsageError("configure: --model must not hold blanks or control characters");
    }
    values.emplace_back("model", request.model);
  }
  if (values.empty()) throw UsageError("configure: nothing to write (no value given)");
  if (cancel_requested(env)) throw CancelledError("cancelled");

  // Read-modify-write under the directory's lock, from the file as it is now (another
  // configure may have written it while this one prompted).
  const std::string dir = directory_of(*path);
  make_directories(dir);
  const DirectoryLock lock(dir, env);
  // Checked here too, not only when a config is read: the first profile goes into a
  // directory a neighbour could otherwise have prepared (0777) to swap the file afterwards.
  check_directories(*path);
  const ConfigFile config = read_config(*path, false);
  const std::string target = write_target(*path);
  std::vector<std::string> lines = config.lines;
  std::string keys;
  for (const auto& [key, value] : values) {
    set_key(lines, name, key, value);
    keys += (keys.empty() ? "" : ", ") + key;
  }
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  parse_config(text, *path);  // what is written reads back
  if (cancel_requested(env)) throw CancelledError("cancelled");
  write_atomically(target, text);
  out << "Wrote profile " << in_quotes(name) << " (" << keys << ") to " << escape_controls(*path)
      << '\n';
  out.flush();
  return kExitOk;
}

}  // namespace moi::cli
