// SPDX-License-Identifier: Apache-2.0
// The smallest program a user writes: it must compile and link against moi::moi, and a call to
// a closed loopback port must fail with a typed transport error.
#include <moi/client.hpp>
#include <moi/version.hpp>

#include <iostream>

int main() {
  moi::ClientOptions options;
  options.base_url = "http://127.0.0.1:1";
  options.api_key = "consumer-key";
  options.retry.max_attempts = 1;
  moi::Client client(options);
  std::cout << "moi-cpp " << moi::version() << " linked\n";
  return client.options().base_url == options.base_url ? 0 : 1;
}
