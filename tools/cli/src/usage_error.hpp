// SPDX-License-Identifier: Apache-2.0
#pragma once
// The one exception the CLI itself throws: a problem with what the user typed.

#include <stdexcept>

namespace moi::cli {

/// A bad command line or --json value. run() prints "moi: <what()>" and exits with 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace moi::cli
