// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// ExportClient: export tasks to Dify, S3/OSS and MatrixOne (E1-E6).

#include <memory>
#include <string>

#include "moi/model/export_task.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

namespace detail {
class RequestRunner;
}  // namespace detail

/// Export tasks. Obtain one from Client::exports().
///
/// The list, info and files calls are POSTs that only read: they are retried like GETs.
/// Failures are reported as in WorkflowClient (moi::Error subclasses; InvalidArgumentError
/// before sending for an empty id or a negative offset / limit below 1).
/// Thread-safety: safe to use from several threads at once; cheap to copy.
class MOI_EXPORT ExportClient {
 public:
  /// E1 `POST /export/task/create`: creates an export task. Not retried automatically.
  void create(const CreateExportTaskRequest& request, const CallOptions& options = {}) const;

  /// E2 `POST /export/task/list`: one page of tasks (body offset/limit), filtered and sorted.
  ExportTaskListResponse list(const ListExportTasksRequest& request = {},
                              const CallOptions& options = {}) const;

  /// E3 `POST /export/task/info`: a task with its configuration and file statistics.
  ExportTaskInfo get(const std::string& task_id, const CallOptions& options = {}) const;

  /// E4 `POST /export/task/files`: one page of a task's files.
  ExportFilesResponse list_files(const ListExportFilesRequest& request,
                                 const CallOptions& options = {}) const;

  /// E5 `POST /export/task/{task_id}/rerun`: exports the task's failed files again.
  /// Not retried automatically.
  void rerun(const std::string& task_id, const CallOptions& options = {}) const;

  /// E6 `POST /export/task/delete`: deletes a task. Not retried automatically.
  void remove(const std::string& task_id, const CallOptions& options = {}) const;

 private:
  friend class Client;  // hands out resource clients (Client::exports())
  explicit ExportClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
