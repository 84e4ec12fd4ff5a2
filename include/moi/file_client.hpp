// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// FileClient: files in volumes (`/catalog/file/...`) and local uploads
/// (`POST /connectors/upload`), at the host root.

#include <memory>
#include <string>
#include <vector>

#include "moi/model/catalog.hpp"
#include "moi/model/load_task.hpp"
#include "moi/model/table.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

namespace detail {
class RequestRunner;
}  // namespace detail

/// Files of volumes, and uploads of local files into a volume. Obtain one from
/// Client::files().
///
/// Failures are moi::Error subclasses as in CatalogClient. Thread-safety: safe to use from
/// several threads at once; cheap to copy.
class MOI_EXPORT FileClient {
 public:
  /// `/catalog/file/list`: one page of files (1-based `page`), filtered (see
  /// ListFilesRequest::in_volume()). all_files() iterates every page.
  FileListResponse list(const ListFilesRequest& request = {},
                        const CallOptions& options = {}) const;

  /// `/catalog/file/info`: one file.
  FileInfo get(const std::string& file_id, const CallOptions& options = {}) const;

  /// `/catalog/file/delete`: deletes a file. Not retried automatically.
  void remove(const std::string& file_id, const CallOptions& options = {}) const;

  /// `/catalog/file/download`: a signed URL serving the file's bytes without the API key.
  /// @p volume_id may be empty (not sent).
  FileLink link(const std::string& file_id, const std::string& volume_id = {},
                const CallOptions& options = {}) const;

  /// `POST /connectors/upload`: uploads local files into a volume as one multipart request
  /// and returns the answer with the load task's id (LoadTaskClient, wait_for_load_task()).
  ///
  /// Before anything is sent, each path must name a readable regular file no larger than
  /// UploadRequest::max_file_bytes, and the list must not be empty: otherwise
  /// InvalidArgumentError naming the path (or the problem). Files are streamed from disk
  /// (memory stays bounded whatever their size) and progress is reported through
  /// UploadRequest::on_progress. The client's (or CallOptions') timeout bounds a STALL (no
  /// byte moving for that long), not the whole upload; CallOptions::deadline still bounds
  /// the whole call. An upload creates data, so it is not retried unless
  /// CallOptions::retry_non_idempotent is set (a failure before anything was sent, such as a
  /// refused connection, is retried as for every call).
  ///
  /// UploadRequest::dedup is checked before sending (see UploadDedup). With
  /// UploadRequest::table_config the upload is an import into a catalog table (PLATFORM-NOTES
  /// 2.3): the config is checked before sending (a database; a new table's name and columns;
  /// an existing table's id; at least one staged file or file), the `table_config` part is
  /// sent after the other text parts, and `files` may be empty when staged files are named.
  /// moi::import_to_table() does the whole flow (stage, preview, import, wait).
  UploadResponse upload(const UploadRequest& request, const CallOptions& options = {}) const;

  /// `POST /connectors/file/upload` (SDK-only): stages local files in temporary connector
  /// storage (no volume) and returns their `conn_file_id`s in the order sent, for preview()
  /// and an import (UploadRequest::table_config). Multipart: a `meta` part
  /// `[{filename, path}]` first, then one `file` part per file, streamed from disk. The same
  /// checks as upload() before anything is sent; not retried automatically. Staged files stay
  /// until delete_staged().
  std::vector<std::string> stage(const StageFilesRequest& request,
                                 const CallOptions& options = {}) const;

  /// `POST /connectors/file/preview` (SDK-only): the columns of a staged file (header, letter,
  /// sample values), one StagedColumn per column.
  StagedFilePreview preview_staged(const PreviewStagedRequest& request,
                                   const CallOptions& options = {}) const;

  /// `POST /connectors/file/download` (SDK-only): a short-lived signed URL of a staged file.
  std::string staged_link(const std::string& conn_file_id, const CallOptions& options = {}) const;

  /// `POST /connectors/file/delete` (SDK-only): removes one staged file. Not retried
  /// automatically.
  void delete_staged(const std::string& conn_file_id, const CallOptions& options = {}) const;

  /// `/catalog/file/create` (SDK-only): registers a file record (no bytes) and returns its id
  /// and name. Not retried.
  NamedId create_record(const CreateFileRequest& request, const CallOptions& options = {}) const;

  /// `/catalog/file/update`: renames a file.
  void rename(const std::string& file_id, const std::string& name,
              const CallOptions& options = {}) const;

  /// `/catalog/file/delete_ref` (SDK-only): deletes by a reference file id (the files derived
  /// from it, by the documents' `ref_file_id`; the scope is not documented). Not retried.
  void delete_ref(const std::string& ref_file_id, const CallOptions& options = {}) const;

  /// `/catalog/file/upload` in its JSON form (SDK-only; carries no bytes, purpose not
  /// documented): returns the new record's id. Real uploads use upload().
  std::string create_upload_record(const FileRecordRequest& request,
                                   const CallOptions& options = {}) const;

  /// `/catalog/file/preview_link` (SDK-only): a link for previewing the file.
  /// @p volume_id may be empty (not sent).
  FileLink preview_link(const std::string& file_id, const std::string& volume_id = {},
                        const CallOptions& options = {}) const;

  /// `/catalog/file/preview_stream` (SDK-only): both official SDKs decode a `{link}` envelope
  /// despite the name, and so does this.
  FileLink preview_stream(const std::string& file_id, const CallOptions& options = {}) const;

 private:
  friend class Client;  // hands out resource clients (Client::files())
  explicit FileClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
