// SPDX-License-Identifier: Apache-2.0
#pragma once
// The checks FileClient::upload() makes on its files before it sends anything, for helpers
// that must make them before other calls (load_files() before it creates the volume).

#include <cstdint>
#include <string>
#include <vector>

#include "moi/model/load_task.hpp"

namespace moi::detail {

/// Throws the InvalidArgumentError FileClient::upload() would for the first file of @p files
/// that is missing, not a readable regular file, over @p max_file_bytes, or whose volume name
/// is refused (empty, ".", "..", a control character, a quote or a slash). Sends nothing.
void check_upload_files(const std::vector<UploadFile>& files, std::uint64_t max_file_bytes);

/// Throws InvalidArgumentError starting with "<context>: " when @p dedup's `by` is empty or
/// names something other than "name" and "md5", or its strategy is not "skip" or "replace".
void check_dedup(const UploadDedup& dedup, const std::string& context);

}  // namespace moi::detail
