// SPDX-License-Identifier: Apache-2.0
#pragma once
// Profiles: the INI-style file $XDG_CONFIG_HOME/moi/config (default ~/.config/moi/config)
// holding named sets of connection settings, how one is chosen (--profile, MOI_PROFILE), and
// `moi configure`, which writes one. Bounded like --json: the file's size and its lines' length
// are capped, and every syntax error names the file and the line.

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "moi_cli/cli.hpp"

namespace moi::cli {

/// Largest config file read: 64 KiB.
inline constexpr std::size_t kMaxConfigBytes = std::size_t{64} * 1024;
/// Longest line of the config file.
inline constexpr std::size_t kMaxConfigLine = 4096;
/// Longest profile name.
inline constexpr std::size_t kMaxProfileName = 64;

/// The keys a profile may hold, in the order `moi configure` writes them.
inline constexpr const char* kProfileKeys[] = {"base_url", "api_key", "timeout", "connect_timeout",
                                               "model"};

/// One [NAME] section.
struct Profile {
  std::string name;
  std::string base_url;
  std::string api_key;
  std::optional<double> timeout;          ///< Seconds, range-checked like --timeout.
  std::optional<double> connect_timeout;  ///< Seconds, range-checked like --connect-timeout.
  std::string model;     ///< The model of `moi chat` without --model ("" when not set).
  std::size_t line = 0;  ///< Line of its [NAME] header.
};

/// A parsed config file. The raw lines are kept so that `moi configure` rewrites one profile
/// and leaves everything else (other profiles, comments) as it was.
struct ConfigFile {
  std::string path;
  bool exists = false;
  std::vector<Profile> profiles;
  std::vector<std::string> lines;

  const Profile* find(const std::string& name) const;
  /// "default, prod" (or "none").
  std::string names() const;
};

/// An environment variable through @p env (Environment::getenv, else the process's).
std::optional<std::string> get_variable(const Environment& env, const char* name);

/// $XDG_CONFIG_HOME/moi/config when XDG_CONFIG_HOME is an absolute path, else
/// $HOME/.config/moi/config; nullopt when neither is set.
std::optional<std::string> config_path(const Environment& env);

/// Parses @p text read from @p path. @throws UsageError "PATH:LINE: problem".
ConfigFile parse_config(const std::string& text, const std::string& path);

/// Reads and parses @p path (exists = false when there is no such file; a symbolic link is
/// followed). @throws UsageError naming the file when it cannot be read, is too large or not a
/// regular file, or has a syntax error (with the line); whatever it holds, when the file, its
/// directory or (for a link) the directory of the file it resolves to is owned by another user
/// or can be written by group or others (a directory with the sticky bit excepted), naming the
/// fix (`chmod 600 FILE`, `chmod 700 DIR`); with @p check_permissions, also when it holds an
/// api_key and group or others may read it, as ssh refuses a private key.
ConfigFile read_config(const std::string& path, bool check_permissions = true);

/// The profile the connection settings come from.
struct ChosenProfile {
  std::optional<Profile> profile;  ///< nullopt: no config file, or no [default] in it.
  std::string path;                ///< The config file.
  std::string source;              ///< e.g. `profile "prod" (/home/u/.config/moi/config)`.
  std::string ignored;  ///< Why the config file was not used (see choose_profile), or "".
};

/// The profile named by @p flag, else MOI_PROFILE, else "default". A profile named by the flag
/// or the variable must exist; "default" need not. @throws UsageError. With
/// @p settings_given (the base URL and the key both came from flags or the environment) and
/// no profile named, a config file that cannot be used is skipped (ChosenProfile::ignored).
ChosenProfile choose_profile(const std::string& flag, const Environment& env,
                             bool settings_given = false);

/// @throws UsageError naming @p source when @p url holds user:password@ (it is not shown).
void refuse_credentials_in_url(const std::string& url, const std::string& source);

/// What `moi configure` was given.
struct ConfigureRequest {
  std::string profile;         ///< --profile (else MOI_PROFILE, else "default").
  std::string base_url;        ///< --base-url, "" when not given.
  bool api_key_stdin = false;  ///< --api-key-stdin.
  double timeout = 0;          ///< --timeout, 0 when not given.
  double connect_timeout = 0;  ///< --connect-timeout, 0 when not given.
  std::string model;           ///< --model, "" when not given.
};

/// `moi configure`: writes one profile of the config file (creating the directory 0700 and
/// the file 0600, atomically), prompting on @p err when @p env says stdin is a terminal.
/// The read-modify-write holds an exclusive lock (flock) on the config's directory, so
/// parallel runs keep every profile; a config that is a symbolic link is updated through to
/// the file it resolves to (a new file in that file's directory, renamed over it). Ctrl-C at a
/// prompt throws CancelledError and writes nothing. Prints the file and profile written on
/// @p out; never the key. Returns an exit code.
int configure(const ConfigureRequest& request, std::istream& in, std::ostream& out,
              std::ostream& err, const Environment& env);

}  // namespace moi::cli
