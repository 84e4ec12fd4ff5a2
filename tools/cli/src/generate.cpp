// SPDX-License-Identifier: Apache-2.0
#include "generate.hpp"

#include <algorithm>
#include <cctype>
#include <istream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "moi/version.hpp"
#include "usage_error.hpp"

namespace moi::cli {
namespace {

// Words the completion script holds must be plain (letters, digits, '-', '_'): then the
// script needs no quoting and no pattern in it can match more than itself.
const std::string& plain(const std::string& word) {
  if (word.empty()) throw std::logic_error("completion: empty word");
  for (const char c : word) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_') {
      throw std::logic_error("completion: word is not plain: " + word);
    }
  }
  return word;
}

struct OptionWords {
  std::vector<std::string> all;     // every long name
  std::vector<std::string> values;  // the ones that take a value
};

// The long options of @p app, but those of @p except (the global ones, listed apart).
OptionWords option_words(const CLI::App& app, const CLI::App* except = nullptr) {
  OptionWords words;
  for (const CLI::Option* option : app.get_options()) {
    if (!option->nonpositional()) continue;
    for (const auto& name : option->get_lnames()) {
      if (except && except->get_option_no_throw("--" + name)) continue;
      words.all.push_back(plain("--" + name));
      if (option->get_items_expected_min() > 0) words.values.push_back("--" + name);
    }
  }
  return words;
}

std::string join(const std::vector<std::string>& words, const char* separator) {
  std::string text;
  for (const auto& w : words) text += (text.empty() ? "" : separator) + w;
  return text;
}

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

// ---- roff ----------------------------------------------------------------------------------

// @p text with roff's special characters escaped; a line starting with '.' or '\'' is protected.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  return out;
}

std::string bold(const std::string& text) { return "\\fB" + roff(text) + "\\fR"; }
std::string italic(const std::string& text) { return "\\fI" + roff(text) + "\\fR"; }

// ".TP" entry of one option: "--name TYPE" then its description.
std::string option_entry(const CLI::Option& option) {
  std::string term;
  if (option.nonpositional()) {
    std::vector<std::string> names;
    for (const auto& s : option.get_snames()) names.push_back("-" + s);
    for (const auto& l : option.get_lnames()) names.push_back("--" + l);
    term = bold(join(names, ", "));
  } else {
    term = italic(option.get_name(true, false));
  }
  if (option.get_items_expected_min() > 0 && option.nonpositional()) {
    term += " " + italic(option.get_type_name());
  }
  return ".TP\n" + term + "\n" + roff(option.get_description()) + "\n";
}

std::string options_of(const CLI::App& app, bool positionals) {
  std::string text;
  for (const CLI::Option* option : app.get_options()) {
    if (option->nonpositional() == positionals) continue;
    text += option_entry(*option);
  }
  return text;
}

// A help text paragraph (lines as they are, no filling).
std::string verbatim(const std::string& text) { return ".nf\n" + roff(text) + "\n.fi\n"; }

std::string trim_left(const std::string& text) {
  const auto start = text.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : text.substr(start);
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

std::string bash_completion(const Parser& parser) {
  const CLI::App& app = parser.app();
  const OptionWords global = option_words(app);
  std::vector<std::string> values = global.values;
  std::vector<std::string> top;
  for (const CLI::App* sub : visible_subcommands(app)) top.push_back(plain(sub->get_name()));

  std::string cases;
  for (const CLI::App* sub : visible_subcommands(app)) {
    const std::string name = plain(sub->get_name());
    const Parser::Group* group = parser.find_group(name);
    if (!group) {  // configure: options only
      const OptionWords own = option_words(*sub, &app);
      values.insert(values.end(), own.values.begin(), own.values.end());
      cases += "      " + name + ") words=\"" + join(own.all, " ") + " $global\" ;;\n";
      continue;
    }
    std::vector<std::string> actions;
    std::string action_cases;
    for (const auto& action : group->actions) {
      const std::string action_name = plain(action.app->get_name());
      actions.push_back(action_name);
      const OptionWords own = option_words(*action.app, &app);
      values.insert(values.end(), own.values.begin(), own.values.end());
      action_cases +=
          "          " + action_name + ") words=\"" + join(own.all, " ") + " $global\" ;;\n";
    }
    cases += "      " + name + ")\n        case \"$action\" in\n          \"\") words=\"" +
             join(actions, " ") + "\" ;;\n" + action_cases + "        esac ;;\n";
  }
  // Sorted and unique, for the case pattern of options that take a value.
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());

  return "# bash completion for moi " + std::string(moi::version()) +
         ": groups, actions and options.\n"
         "# Generated by `moi completion bash` from the command table that `moi --help` is\n"
         "# printed from: do not edit. It compares the words typed with fixed words; it never\n"
         "# evaluates or executes them.\n"
         "_moi() {\n"
         "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"\"\n"
         "  if ((COMP_CWORD > 0)); then prev=\"${COMP_WORDS[COMP_CWORD - 1]}\"; fi\n"
         "  local global=\"" +
         join(global.all, " ") +
         "\"\n"
         "  local i word group=\"\" action=\"\" skip=0\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    word=\"${COMP_WORDS[i]}\"\n"
         "    if ((skip)); then skip=0; continue; fi\n"
         "    case \"$word\" in\n"
         "      " +
         join(global.values, " | ") +
         ") skip=1 ;;\n"
         "      -*) ;;\n"
         "      *) if [[ -z \"$group\" ]]; then group=\"$word\";\n"
         "         elif [[ -z \"$action\" ]]; then action=\"$word\"; fi ;;\n"
         "    esac\n"
         "  done\n"
         "  COMPREPLY=()\n"
         "  local words=\"\"\n"
         "  case \"$prev\" in\n"
         "    --output) words=\"json jsonl table tsv value\" ;;\n"
         "    " +
         join(values, " | ") +
         ") return 0 ;;  # a value: file names (-o default)\n"
         "    *)\n"
         "      case \"$group\" in\n"
         "      \"\") words=\"" +
         join(top, " ") + " $global\" ;;\n" + cases +
         "      esac ;;\n"
         "  esac\n"
         "  local candidate\n"
         "  for candidate in $words; do\n"
         "    if [[ \"$cur\" == -* || \"$candidate\" != -* ]] && [[ \"$candidate\" == \"$cur\"* "
         "]]; "
         "then\n"
         "      COMPREPLY+=(\"$candidate\")\n"
         "    fi\n"
         "  done\n"
         "  return 0\n"
         "}\n"
         "complete -o bashdefault -o default -F _moi moi\n";
}

std::string man_page(const Parser& parser) {
  const CLI::App& app = parser.app();
  std::string page =
      ".\\\" Generated by `moi help-man` from the parser `moi --help` prints: do not edit.\n";
  page += ".TH MOI 1 \"\" \"moi " + std::string(moi::version()) + "\" \"User Commands\"\n";
  page += ".SH NAME\nmoi \\- command-line client of the MatrixOne Intelligence (MOI) API\n";
  page +=
      ".SH SYNOPSIS\n.B moi\n[\\fIGLOBAL OPTIONS\\fR] \\fIGROUP ACTION\\fR [\\fIID\\fR] "
      "[\\fB\\-\\-json\\fR \\fIBODY\\fR] [\\fIACTION OPTIONS\\fR]\n.br\n.B moi configure\n"
      "[\\fB\\-\\-profile\\fR \\fINAME\\fR] [\\fB\\-\\-base\\-url\\fR \\fIURL\\fR] "
      "[\\fB\\-\\-api\\-key\\-stdin\\fR]\n";
  page += ".SH DESCRIPTION\n" + roff(app.get_description()) + "\n";
  page += ".SH OPTIONS\n" + options_of(app, false);
  page += ".SH COMMANDS\n";
  for (const CLI::App* sub : visible_subcommands(app)) {
    page += ".TP\n" + bold(sub->get_name()) + "\n" + roff(sub->get_description()) + "\n";
  }
  for (const CLI::App* sub : visible_subcommands(app)) {
    const Parser::Group* group = parser.find_group(sub->get_name());
    page += ".SH \"" + upper(roff(sub->get_name())) + "\"\n" + roff(sub->get_description()) + "\n";
    if (!group) {
      page += options_of(*sub, false);
      page += verbatim(sub->get_footer());
      continue;
    }
    for (const auto& action : group->actions) {
      page += ".SS \"moi " + roff(sub->get_name()) + " " + roff(action.app->get_name()) + "\"\n";
      page += roff(action.app->get_description()) + "\n.PP\n";
      page += options_of(*action.app, true);
      page += options_of(*action.app, false);
      page += ".PP\n" + verbatim(action.app->get_footer());
    }
  }
  page += ".SH FILES\n" + verbatim(kProfilesHelp);
  page += ".SH ENVIRONMENT\n" + verbatim(kEnvironmentHelp);
  page += ".SH \"EXIT STATUS\"\n" + verbatim(kExitCodesHelp);
  page += ".SH \"SEE ALSO\"\n.BR moi\\-emulator (1)\n";
  return page;
}

std::string man_page_from_help(const std::string& name, const std::string& help) {
  std::vector<std::string> lines;
  std::istringstream in(help);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string description;
  std::size_t i = 0;
  for (; i < lines.size() && lines[i].rfind("Usage:", 0) != 0; ++i) {
    description += (description.empty() ? "" : "\n") + lines[i];
  }
  std::string page =
      ".\\\" Generated by `moi help-man --from-help` from `" + name + " --help`: do not edit.\n";
  page += ".TH " + upper(roff(name)) + " 1 \"\" \"" + roff(name) + " " + moi::version() +
          "\" \"User Commands\"\n";
  // NAME: the first sentence of the description, without a leading "NAME: ".
  std::string first = description.substr(0, description.find(". "));
  if (first.rfind(name + ": ", 0) == 0) first = first.substr(name.size() + 2);
  if (!first.empty() && first.back() == '.') first.pop_back();
  page += ".SH NAME\n" + roff(name) + " \\- " + roff(first.empty() ? name : first) + "\n";
  if (i < lines.size()) {
    // "Usage: /path/to/NAME [OPTIONS]": the program as NAME, not the path it was run from.
    std::string usage = trim_left(lines[i].substr(6));
    usage = usage.substr(std::min(usage.size(), usage.find(' ')));
    page += ".SH SYNOPSIS\n.B " + roff(name) + "\n" + roff(trim_left(usage)) + "\n";
    ++i;
  }
  page += ".SH DESCRIPTION\n" + verbatim(description);
  std::string footer;
  bool in_section = false;
  for (; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty()) {
      if (!in_section) footer += "\n";
      in_section = false;
      continue;
    }
    if (line[0] != ' ' && line.back() == ':' && line.find(' ') == std::string::npos) {
      page += ".SH " + upper(roff(line.substr(0, line.size() - 1))) + "\n";
      in_section = true;
      continue;
    }
    if (in_section && line.size() > 2 && line[0] == ' ' && line[1] == ' ' && line[2] != ' ') {
      const std::string item = line.substr(2);
      const auto gap = item.find("  ");
      const std::string term = item.substr(0, gap);
      std::string text;
      if (gap != std::string::npos) {
        const auto start = item.find_first_not_of(' ', gap);
        if (start != std::string::npos) text = item.substr(start);
      }
      const auto space = term.find(' ');
      std::string names = term.substr(0, space);
      for (std::size_t comma = names.find(','); comma != std::string::npos;
           comma = names.find(',', comma + 2)) {
        names.insert(comma + 1, " ");
      }
      page += ".TP\n" + bold(names) +
              (space == std::string::npos ? "" : " " + italic(term.substr(space + 1))) + "\n" +
              roff(text) + "\n";
      continue;
    }
    if (in_section && line[0] == ' ') {  // a continuation of the item's description
      const auto start = line.find_first_not_of(' ');
      page += roff(line.substr(start)) + "\n";
      continue;
    }
    in_section = false;
    footer += line + "\n";
  }
  while (!footer.empty() && footer.front() == '\n') footer.erase(0, 1);
  if (!footer.empty()) page += ".SH NOTES\n" + verbatim(footer);
  page += ".SH \"SEE ALSO\"\n.BR moi (1)\n";
  return page;
}

std::string read_help_text(std::istream& in) {
  constexpr std::size_t kMax = std::size_t{1} << 20;
  std::string text;
  char buffer[4096];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMax) throw UsageError("help-man: standard input is longer than 1 MiB");
  }
  return text;
}

}  // namespace moi::cli
