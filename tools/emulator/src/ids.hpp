// SPDX-License-Identifier: Apache-2.0
// Deterministic hashing and id generation: everything random in the emulator derives from the
// seed, so two runs with the same seed and the same requests produce the same ids and outcomes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace moi::emulator::detail {

/// SplitMix64 finaliser: a fast, well-mixed 64-bit hash of one word.
std::uint64_t mix64(std::uint64_t x);

/// FNV-1a of the text, then mixed with the seed.
std::uint64_t hash_text(std::string_view text, std::uint64_t seed);

/// A uniform double in [0, 1) from a 64-bit word.
double unit_interval(std::uint64_t x);

/// Formats 128 bits as a version-4-looking UUID ("8-4-4-4-12" lowercase hex).
std::string format_uuid(std::uint64_t high, std::uint64_t low);

/// The n-th id of a generator seeded with `seed` (n counts from 1).
std::string nth_id(std::uint64_t seed, std::uint64_t n);

/// A stable id derived from a text key (used for simulated source files and the user id).
std::string keyed_id(std::uint64_t seed, std::string_view key);

}  // namespace moi::emulator::detail
