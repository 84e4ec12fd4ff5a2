// SPDX-License-Identifier: Apache-2.0
// HMAC-SHA-256 (RFC 2104, FIPS 180-4) for the download links' signatures, MD5 (RFC 1321) for
// uploads' dedup, and a source of random secrets. Small and self-contained: the emulator links no
// crypto library.
#pragma once

#include <string>
#include <string_view>

namespace moi::emulator::detail {

/// HMAC-SHA-256 of `message` under `key`, as 64 lowercase hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

/// MD5 (RFC 1321) of `data`, as 32 lowercase hex digits: uploads' `dedup` by "md5" compares
/// contents with it (not for security).
std::string md5_hex(std::string_view data);

/// `bytes` random bytes from the kernel (getrandom), as lowercase hex. Throws
/// std::runtime_error when none can be had.
std::string random_hex(std::size_t bytes);

/// Compares two texts in time that depends only on their lengths.
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace moi::emulator::detail
