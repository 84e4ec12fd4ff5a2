// SPDX-License-Identifier: Apache-2.0
// Fuzzes the safe ZIP extraction (moi::extract_zip) with any bytes as a result archive: each
// input ends in an extracted folder or an ArchiveError, never a crash, a hang or another
// exception type, and nothing is ever written outside the target directory. Small limits keep
// each run fast.
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "moi/helpers/genai.hpp"

namespace {

namespace fs = std::filesystem;

char g_scratch[] = "/tmp/moi-fuzz-zip-XXXXXX";

void remove_scratch() {
  std::error_code ignored;
  fs::remove_all(g_scratch, ignored);
}

// A private scratch folder holding the archive and the target directory, made once and
// removed at exit.
const std::string& scratch() {
  static const std::string path = [] {
    if (::mkdtemp(g_scratch) == nullptr) std::abort();
    std::atexit(remove_scratch);
    return std::string(g_scratch);
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string zip = scratch() + "/input.zip";
  const std::string target = scratch() + "/target";
  std::FILE* out = std::fopen(zip.c_str(), "wb");
  if (out == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, out) != size) std::abort();
  std::fclose(out);
  fs::remove_all(target);
  fs::create_directory(target);
  moi::ZipExtractOptions options;
  options.limits.max_entry_bytes = 1 << 20;
  options.limits.max_total_bytes = 4 << 20;
  options.limits.max_entries = 1000;
  try {
    const moi::ExtractedZip extracted = moi::extract_zip(zip, target, options);
    if (extracted.folder.rfind(target + "/", 0) != 0) __builtin_trap();
  } catch (const moi::ArchiveError&) {
  }
  // Only the target directory and the input may exist in the scratch folder.
  for (const auto& entry : fs::directory_iterator(scratch())) {
    const std::string name = entry.path().filename().string();
    if (name != "input.zip" && name != "target") __builtin_trap();
  }
  return 0;
}
