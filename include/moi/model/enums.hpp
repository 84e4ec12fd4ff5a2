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

#include "moi/visibility.hpp"

namespace moi {

/// File types (`file_types`, `file_type`). 0-23 are documented by the workflow API; 24-34
/// come from sibling MOI SDKs. 26 is not assigned by any source and has no name.
enum class FileType : std::int32_t {
  /// NIL: no type.
  kNil = 0,
  /// TXT: plain text.
  kTxt = 1,
  /// PDF.
  kPdf = 2,
  /// IMAGE: an image of any format.
  kImage = 3,
  /// PPT: PowerPoint 97-2003.
  kPpt = 4,
  kWord = 5,  ///< WORD/DOC.
  /// MARKDOWN.
  kMarkdown = 6,
  /// CSV.
  kCsv = 7,
  /// PARQUET: Apache Parquet.
  kParquet = 8,
  /// SQL_FILES: SQL scripts.
  kSqlFiles = 9,
  /// DIR: a directory.
  kDir = 10,
  /// DOCX: Word 2007 and later.
  kDocx = 11,
  /// PPTX: PowerPoint 2007 and later.
  kPptx = 12,
  /// WAV audio.
  kWav = 13,
  /// MP3 audio.
  kMp3 = 14,
  /// AAC audio.
  kAac = 15,
  /// FLAC audio.
  kFlac = 16,
  /// MP4 video.
  kMp4 = 17,
  /// MOV video.
  kMov = 18,
  /// MKV video.
  kMkv = 19,
  /// PNG image.
  kPng = 20,
  /// JPG image.
  kJpg = 21,
  /// JPEG image.
  kJpeg = 22,
  /// BMP image.
  kBmp = 23,
  /// XLS: Excel 97-2003 (sibling SDKs).
  kXls = 24,
  /// XLSX: Excel 2007 and later (sibling SDKs).
  kXlsx = 25,
  /// HTM (sibling SDKs).
  kHtm = 27,
  /// HTML (sibling SDKs).
  kHtml = 28,
  /// EML: an e-mail message (sibling SDKs).
  kEml = 29,
  /// MSG: an Outlook message (sibling SDKs).
  kMsg = 30,
  /// P7S: a signed S/MIME part (sibling SDKs).
  kP7s = 31,
  /// DWG: AutoCAD drawing (sibling SDKs).
  kDwg = 32,
  /// DXF: AutoCAD exchange format (sibling SDKs).
  kDxf = 33,
  /// FAS (sibling SDKs).
  kFas = 34,
};

/// Status of a workflow (W2 `status`). 3 comes from an older text of the document.
enum class WorkflowStatus : std::int32_t {
  /// 1: one of its jobs is running.
  kRunning = 1,
  /// 2: no job is running.
  kCompleted = 2,
  /// 3: stopped with WorkflowClient::stop() (from an older text of the document).
  kStopped = 3,
};

/// Status of a job (J1, J2, J5 `status`).
enum class JobStatus : std::int32_t {
  /// 0: not known (documented, not seen in practice).
  kUnknown = 0,
  /// 1: files are pending or being processed.
  kRunning = 1,
  /// 2: every file was processed (a final status).
  kCompleted = 2,
  /// 3: every file finished and at least one failed (a final status).
  kFailed = 3,
};

/// Status of a branch itself (`branch_status`).
enum class BranchStatus : std::int32_t {
  /// 0: the branch runs with its workflow.
  kEnabled = 0,
  /// 1: the branch does not run.
  kDisabled = 1,
};

/// Status of one file of a job (J3 `file_status`, `statuses`).
///
/// **PROVISIONAL names.** The workflow documents give no meanings for these numbers; the names
/// come from the best evidence available and may change if the service documents otherwise:
/// J3 counts files as `pending`, `processing`, `completed`, `failed` and `stopped`; the MOI
/// GenAI job API (reference/automic_api.md) names file statuses `pending`, `processing`,
/// `completed`, `failed` in that order; JobStatus (2 completed, 3 failed) and ExportFileStatus
/// (2 succeeded, 3 failed) put success at 2 and failure at 3; the SDK's emulator uses 0-4 as
/// below. Other values stay representable and print as numbers.
enum class JobFileStatus : std::int32_t {
  /// 0: waiting to be processed (PROVISIONAL).
  kPending = 0,
  /// 1: being processed (PROVISIONAL).
  kProcessing = 1,
  /// 2: processed successfully (PROVISIONAL).
  kCompleted = 2,
  /// 3: processing failed; JobClient::retry_files() processes it again (PROVISIONAL).
  kFailed = 3,
  /// 4: stopped with WorkflowClient::stop() (PROVISIONAL).
  kStopped = 4,
};

/// Export task type / target (E1-E3 `type`).
enum class ExportTaskType : std::int32_t {
  /// 1: a Dify knowledge base (ExportConfig::dify_config).
  kDify = 1,
  kS3 = 2,  ///< S3 or OSS.
  /// 3: a MatrixOne table (ExportConfig::mo_config).
  kMatrixOne = 3,
};

/// Status of an export task (E2/E3 `status`, E2 `statuses`). The documents give no meanings
/// and their examples contradict any naming (E3's example reports status 2 with 10 files
/// pending and 20 running, E2's reports the same 2 with an end time), so no value is named:
/// values print as numbers. Ask the task's files instead: is_finished(const ExportTaskInfo&)
/// and has_failed_files(const ExportTaskInfo&).
enum class ExportTaskStatus : std::int32_t {};

/// Status of one exported file (E4 `status`), as the document's examples show.
enum class ExportFileStatus : std::int32_t {
  /// 2: the file was exported.
  kSucceeded = 2,
  /// 3: the export of the file failed (ExportClient::rerun() retries it).
  kFailed = 3,
};

/// Status of a load task (`/task/get` `status`), as the data-connect document defines it.
enum class LoadTaskStatus : std::int32_t {
  /// 0: not known.
  kUnknown = 0,
  /// 1: running or ready to run.
  kRunning = 1,
  /// 2: being paused.
  kPausing = 2,
  /// 3: paused.
  kPaused = 3,
  /// 4: finished (a final status; its files say which loaded: LoadFileStatus).
  kFinished = 4,
};

/// Status of one file of a load task (`/task/files` `status`), as the document defines it.
enum class LoadFileStatus : std::int32_t {
  /// 0: not known or not defined.
  kUnknown = 0,
  /// 1: waiting.
  kWaiting = 1,
  /// 2: being uploaded.
  kUploading = 2,
  /// 3: paused.
  kPaused = 3,
  /// 4: failed (a final status; `reason` says why).
  kFailed = 4,
  /// 5: loaded (a final status).
  kSucceeded = 5,
  /// 6: being retried.
  kRetrying = 6,
};

/// Kind of a connector (`source_type`).
enum class ConnectorSourceType : std::int32_t {
  /// 1: a Dify knowledge base (ConnectorConfigs::dify).
  kDify = 1,
  /// 2: HDFS (ConnectorConfigs::hdfs).
  kHdfs = 2,
  /// 3: a MatrixOne database (ConnectorConfigs::mo).
  kMatrixOne = 3,
  /// 4: Alibaba Cloud OSS (ConnectorConfigs::oss).
  kOss = 4,
  /// 5: S3 or S3-compatible storage (ConnectorConfigs::s3).
  kS3 = 5,
};

/// How MatrixOne export treats duplicates (`mo_config.duplicated_strategy`). The document
/// only shows 1; the names come from sibling MOI sources.
enum class DuplicatedStrategy : std::int32_t {
  /// 1: replace the existing rows (the documents' example value).
  kOverwrite = 1,
  /// 2: keep the existing rows, skip the new ones.
  kSkip = 2,
  /// 3: keep both.
  kKeepBoth = 3,
};

/// What a table import (`table_config.conflict`, PLATFORM-NOTES 2.3) does with a row whose
/// primary key the table already holds.
enum class ImportConflict : std::int32_t {
  /// 0: fail the import.
  kFail = 0,
  /// 1: skip the conflicting rows.
  kSkip = 1,
  /// 2: replace the stored rows.
  kReplace = 2,
};

/// Sort direction. The SDK writes the spelling each endpoint expects: "ascend"/"descend" for
/// W2, "asc"/"desc" for J1 and the export bodies.
enum class SortOrder : std::int32_t {
  /// Smallest (oldest) first.
  kAscending = 0,
  /// Largest (newest) first.
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
/// "pending", "processing", "completed", "failed", "stopped" (provisional names), or the
/// decimal number.
MOI_EXPORT std::string to_string(JobFileStatus v);
/// "dify", "s3", "matrixone", or the decimal number.
MOI_EXPORT std::string to_string(ExportTaskType v);
/// The decimal number (no value is named).
MOI_EXPORT std::string to_string(ExportTaskStatus v);
/// "succeeded", "failed", or the decimal number.
MOI_EXPORT std::string to_string(ExportFileStatus v);
/// "overwrite", "skip", "keep_both", or the decimal number.
MOI_EXPORT std::string to_string(DuplicatedStrategy v);
/// "unknown", "running", "pausing", "paused", "finished", or the number.
MOI_EXPORT std::string to_string(LoadTaskStatus v);
/// "unknown", "waiting", "uploading", "paused", "failed", "succeeded", "retrying", or the number.
MOI_EXPORT std::string to_string(LoadFileStatus v);
/// "dify", "hdfs", "mo", "oss", "s3", or the number.
MOI_EXPORT std::string to_string(ConnectorSourceType v);
/// The source type named @p text ("dify", "hdfs", "mo", "oss", "s3", any case, or a number).
MOI_EXPORT std::optional<ConnectorSourceType> parse_connector_source_type(
    std::string_view text) noexcept;
/// "ascending" or "descending".
MOI_EXPORT std::string to_string(SortOrder v);
/// "fail", "skip", "replace", or the number.
MOI_EXPORT std::string to_string(ImportConflict v);

/// Reads "asc", "desc", "ascend", "descend", "ascending" or "descending" in any letter case;
/// nullopt for anything else.
MOI_EXPORT std::optional<SortOrder> parse_sort_order(std::string_view text) noexcept;

}  // namespace moi
