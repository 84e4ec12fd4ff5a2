// SPDX-License-Identifier: Apache-2.0
#pragma once
// The bash completion script and the man pages, generated from the CLI11 parser that the help
// is printed from (itself built from the command table), so they cannot drift from `--help`.
// The build writes them with the hidden commands `moi completion bash` and `moi help-man`.

#include <iosfwd>
#include <string>

#include "parser.hpp"

namespace moi::cli {

/// The bash completion script: groups, actions and options of @p parser. It only compares the
/// words typed with fixed words: it never evaluates or executes them.
std::string bash_completion(const Parser& parser);

/// The man page moi(1): synopsis, global options, every group, action and option, profiles,
/// environment and exit codes, from the same parser and texts as `--help`.
std::string man_page(const Parser& parser);

/// A man page (section 1) for program @p name made from its CLI11 `--help` text @p help.
std::string man_page_from_help(const std::string& name, const std::string& help);

/// All of @p in, at most 1 MiB. @throws UsageError when longer.
std::string read_help_text(std::istream& in);

}  // namespace moi::cli
