// SPDX-License-Identifier: Apache-2.0
// The smallest program a user writes: it must compile and link against moi::moi, and a call to
// a closed loopback port must fail with a typed transport error that the program can catch
// (which also proves exception types cross a shared libmoi's boundary).
#include <moi/moi.hpp>

#include <iostream>

int main() {
  moi::ClientOptions options;
  options.base_url = "http://127.0.0.1:1";
  options.api_key = "consumer-key";
  options.retry.max_attempts = 1;
  const moi::Client client(options);
  std::cout << "moi-cpp " << moi::version() << " linked\n";
  try {
    client.jobs().get_status("job-1");
  } catch (const moi::TransportError& error) {
    std::cout << "caught moi::TransportError (" << moi::to_string(error.kind()) << ")\n";
    return 0;
  } catch (const moi::Error& error) {
    std::cout << "caught another moi::Error: " << error.what() << "\n";
  }
  return 1;
}
