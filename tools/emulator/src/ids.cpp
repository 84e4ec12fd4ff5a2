// SPDX-License-Identifier: Apache-2.0
#include "ids.hpp"

#include <cstdio>

namespace moi::emulator::detail {

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t hash_text(std::string_view text, std::uint64_t seed) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return mix64(h ^ mix64(seed));
}

double unit_interval(std::uint64_t x) {
  // The top 53 bits give every double in [0, 1) with a 2^-53 step.
  return static_cast<double>(x >> 11) * (1.0 / 9007199254740992.0);
}

std::string format_uuid(std::uint64_t high, std::uint64_t low) {
  // Version 4 and RFC 4122 variant bits, so the ids look like what the service sends.
  high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xffff), static_cast<unsigned>(high & 0xffff),
                static_cast<unsigned>(low >> 48),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return buf;
}

std::string nth_id(std::uint64_t seed, std::uint64_t n) {
  std::uint64_t a = mix64(mix64(seed) ^ (n * 0x9e3779b97f4a7c15ULL));
  return format_uuid(a, mix64(a ^ n));
}

std::string keyed_id(std::uint64_t seed, std::string_view key) {
  std::uint64_t a = hash_text(key, seed);
  return format_uuid(a, mix64(a));
}

}  // namespace moi::emulator::detail
