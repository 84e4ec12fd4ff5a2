// SPDX-License-Identifier: Apache-2.0
// The `moi` program: the whole tool is moi::cli::run(); this adds the real process around it.
#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>

#include "moi_cli/cli.hpp"

int main(int argc, char** argv) {
  moi::cli::Environment env;
  env.progress_tty = isatty(STDERR_FILENO) != 0;  // progress is drawn on stderr
  env.stdin_tty = isatty(STDIN_FILENO) != 0;      // moi configure prompts
  winsize size{};
  if (isatty(STDOUT_FILENO) != 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) {
    env.stdout_columns = size.ws_col;  // tables are cut to fit
  }
  moi::cli::install_signal_handlers();            // Ctrl-C and SIGTERM cancel the command
  return moi::cli::run(argc, argv, std::cin, std::cout, std::cerr, env);
}
