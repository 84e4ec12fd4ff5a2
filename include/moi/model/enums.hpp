// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Open enumerations of the MOI API.
///
/// Each enum has a fixed 32-bit underlying type and names every value the documents define;
/// any other value is still representable (`static_cast<FileType>(99)`), decodes, survives a
/// round trip unchanged and prints as its decimal number. Values outside int32 are rejected
/// by decoding with DecodeError. to_string() never throws except std::bad_alloc.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "moi/export.hpp"

namespace moi {

/// File types (`file_types`, `file_type`). 0-23 are documented by the workflow API; 24-34
/// come from sibling MOI SDKs. 26 is not assigned by any source and has no name.
enum class FileType : std::int32_t {
  kNil = 0,
  kTxt = 1,
  kPdf = 2,
  kImage = 3,
  kPpt = 4,
  kWord = 5,  ///< WORD/DOC.
  kMarkdown = 6,
  kCsv = 7,
  kParquet = 8,
  kSqlFiles = 9,
  kDir = 10,
  kDocx = 11,
  kPptx = 12,
  kWav = 13,
  kMp3 = 14,
  kAac = 15,
  kFlac = 16,
  kMp4 = 17,
  kMov = 18,
  kMkv = 19,
  kPng = 20,
  kJpg = 21,
  kJpeg = 22,
  kBmp = 23,
  kXls = 24,
  kXlsx = 25,
  kHtm = 27,
  kHtml = 28,
  kEml = 29,
  kMsg = 30,
  kP7s = 31,
  kDwg = 32,
  kDxf = 33,
  kFas = 34,
};

/// Status of a workflow (W2 `status`). 3 comes from an older text of the document.
enum class WorkflowStatus : std::int32_t {
  kRunning = 1,
  kCompleted = 2,
  kStopped = 3,
};

/// Status of a job (J1, J2, J5 `status`).
enum class JobStatus : std::int32_t {
  kUnknown = 0,
  kRunning = 1,
  kCompleted = 2,
  kFailed = 3,
};

/// Status of a branch itself (`branch_status`).
enum class BranchStatus : std::int32_t {
  kEnabled = 0,
  kDisabled = 1,
};

/// Status of one file of a job (J3 `file_status`, `statuses`). The documents give no
/// meanings, so no value is named: values print as numbers.
enum class JobFileStatus : std::int32_t {};

/// Export task type / target (E1-E3 `type`).
enum class ExportTaskType : std::int32_t {
  kDify = 1,
  kS3 = 2,  ///< S3 or OSS.
  kMatrixOne = 3,
};

/// Status of an export task (E2/E3 `status`, E2 `statuses`). The documents give no meanings
/// (their examples are contradictory), so no value is named: values print as numbers.
enum class ExportTaskStatus : std::int32_t {};

/// Status of one exported file (E4 `status`), as the document's examples show.
enum class ExportFileStatus : std::int32_t {
  kSucceeded = 2,
  kFailed = 3,
};

/// How MatrixOne export treats duplicates (`mo_config.duplicated_strategy`). The document
/// only shows 1; the names come from sibling MOI sources.
enum class DuplicatedStrategy : std::int32_t {
  kOverwrite = 1,
  kSkip = 2,
  kKeepBoth = 3,
};

/// Sort direction. The wire spelling depends on the endpoint: "ascend"/"descend" for W2
/// (to_wire_ascend_descend), "asc"/"desc" for J1 and the export bodies (to_wire_asc_desc).
enum class SortOrder : std::int32_t {
  kAscending = 0,
  kDescending = 1,
};

/// Document name of @p v ("PDF", "SQL_FILES", ...) or its decimal number.
MOI_EXPORT std::string to_string(FileType v);
/// "running", "completed", "stopped", or the decimal number.
MOI_EXPORT std::string to_string(WorkflowStatus v);
/// "unknown", "running", "completed", "failed", or the decimal number.
MOI_EXPORT std::string to_string(JobStatus v);
/// "enabled", "disabled", or the decimal number.
MOI_EXPORT std::string to_string(BranchStatus v);
/// The decimal number (no value is named).
MOI_EXPORT std::string to_string(JobFileStatus v);
/// "dify", "s3", "matrixone", or the decimal number.
MOI_EXPORT std::string to_string(ExportTaskType v);
/// The decimal number (no value is named).
MOI_EXPORT std::string to_string(ExportTaskStatus v);
/// "succeeded", "failed", or the decimal number.
MOI_EXPORT std::string to_string(ExportFileStatus v);
/// "overwrite", "skip", "keep_both", or the decimal number.
MOI_EXPORT std::string to_string(DuplicatedStrategy v);
/// "ascending" or "descending".
MOI_EXPORT std::string to_string(SortOrder v);

/// W2 spelling: "ascend" or "descend".
MOI_EXPORT const char* to_wire_ascend_descend(SortOrder v) noexcept;
/// J1 and export spelling: "asc" or "desc".
MOI_EXPORT const char* to_wire_asc_desc(SortOrder v) noexcept;
/// Reads "asc", "desc", "ascend", "descend", "ascending" or "descending" in any letter case;
/// nullopt for anything else.
MOI_EXPORT std::optional<SortOrder> parse_sort_order(std::string_view text) noexcept;

}  // namespace moi
