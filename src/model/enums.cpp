// SPDX-License-Identifier: Apache-2.0
#include "moi/model/enums.hpp"

#include <cctype>
#include <cstddef>

#include "model/wire_enums.hpp"

namespace moi {

namespace {

template <class E>
std::string number(E v) {
  return std::to_string(static_cast<std::int32_t>(v));
}

// Name of @p v in the dense table @p names (nullptr entries are unnamed), else its number.
template <class E, std::size_t N>
std::string lookup(E v, const char* const (&names)[N], std::int32_t first = 0) {
  const auto i = static_cast<std::int64_t>(static_cast<std::int32_t>(v)) - first;
  if (i >= 0 && i < static_cast<std::int64_t>(N) && names[i] != nullptr) return names[i];
  return number(v);
}

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

}  // namespace

std::string to_string(FileType v) {
  static const char* const kNames[] = {
      "NIL",       "TXT",  "PDF",  "IMAGE", "PPT",  "WORD", "MARKDOWN", "CSV",  "PARQUET",
      "SQL_FILES", "DIR",  "DOCX", "PPTX",  "WAV",  "MP3",  "AAC",      "FLAC", "MP4",
      "MOV",       "MKV",  "PNG",  "JPG",   "JPEG", "BMP",  "XLS",      "XLSX", nullptr,
      "HTM",       "HTML", "EML",  "MSG",   "P7S",  "DWG",  "DXF",      "FAS"};
  return lookup(v, kNames);
}

std::string to_string(WorkflowStatus v) {
  static const char* const kNames[] = {"running", "completed", "stopped"};
  return lookup(v, kNames, 1);
}

std::string to_string(JobStatus v) {
  static const char* const kNames[] = {"unknown", "running", "completed", "failed"};
  return lookup(v, kNames);
}

std::string to_string(BranchStatus v) {
  static const char* const kNames[] = {"enabled", "disabled"};
  return lookup(v, kNames);
}

std::string to_string(JobFileStatus v) {
  // Provisional names (see JobFileStatus in moi/model/enums.hpp).
  static const char* const kNames[] = {"pending", "processing", "completed", "failed", "stopped"};
  return lookup(v, kNames);
}

std::string to_string(ExportTaskType v) {
  static const char* const kNames[] = {"dify", "s3", "matrixone"};
  return lookup(v, kNames, 1);
}

std::string to_string(ExportTaskStatus v) { return number(v); }

std::string to_string(ExportFileStatus v) {
  static const char* const kNames[] = {"succeeded", "failed"};
  return lookup(v, kNames, 2);
}

std::string to_string(DuplicatedStrategy v) {
  static const char* const kNames[] = {"overwrite", "skip", "keep_both"};
  return lookup(v, kNames, 1);
}

std::string to_string(LoadTaskStatus v) {
  static const char* const kNames[] = {"unknown", "running", "pausing", "paused", "finished"};
  return lookup(v, kNames);
}

std::string to_string(LoadFileStatus v) {
  static const char* const kNames[] = {"unknown", "waiting",   "uploading", "paused",
                                       "failed",  "succeeded", "retrying"};
  return lookup(v, kNames);
}

std::string to_string(ConnectorSourceType v) {
  static const char* const kNames[] = {"dify", "hdfs", "mo", "oss", "s3"};
  return lookup(v, kNames, 1);
}

std::optional<ConnectorSourceType> parse_connector_source_type(std::string_view text) noexcept {
  for (std::int32_t n = 1; n <= 5; ++n) {
    const auto type = static_cast<ConnectorSourceType>(n);
    if (iequals(text, to_string(type)) || text == std::to_string(n)) return type;
  }
  if (iequals(text, "matrixone")) return ConnectorSourceType::kMatrixOne;
  return std::nullopt;
}

std::string to_string(ImportConflict v) {
  static const char* const kNames[] = {"fail", "skip", "replace"};
  return lookup(v, kNames);
}

std::string to_string(SortOrder v) {
  static const char* const kNames[] = {"ascending", "descending"};
  return lookup(v, kNames);
}

const char* to_wire_ascend_descend(SortOrder v) noexcept {
  return v == SortOrder::kAscending ? "ascend" : "descend";
}

const char* to_wire_asc_desc(SortOrder v) noexcept {
  return v == SortOrder::kAscending ? "asc" : "desc";
}

std::optional<SortOrder> parse_sort_order(std::string_view text) noexcept {
  if (iequals(text, "asc") || iequals(text, "ascend") || iequals(text, "ascending")) {
    return SortOrder::kAscending;
  }
  if (iequals(text, "desc") || iequals(text, "descend") || iequals(text, "descending")) {
    return SortOrder::kDescending;
  }
  return std::nullopt;
}

}  // namespace moi
