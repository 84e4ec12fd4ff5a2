// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// LoadTaskClient: the load tasks that uploads start (`/task/get`, `/task/files`).

#include <memory>
#include <string>
#include <vector>

#include "moi/model/load_task.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

namespace detail {
class RequestRunner;
}  // namespace detail

/// Load tasks. Obtain one from Client::load_tasks(); wait for one with wait_for_load_task().
///
/// GETs at the host root with query parameters. Failures are moi::Error subclasses as in
/// CatalogClient. Thread-safety: safe to use from several threads at once; cheap to copy.
class MOI_EXPORT LoadTaskClient {
 public:
  /// `GET /task/get?task_id=`: the task. Accepts the task wrapped as `data.task` (the
  /// documents) or bare as `data` (what some SDKs read).
  LoadTask get(const std::string& task_id, const CallOptions& options = {}) const;

  /// `GET /task/files?task_id=&status=&page=&page_size=`: one page of the task's files.
  /// all_load_task_files() iterates every page.
  LoadTaskFilesResponse list_files(const std::string& task_id,
                                   const ListLoadTaskFilesRequest& request = {},
                                   const CallOptions& options = {}) const;

  /// `POST /task`: creates a task loading a connector's files into a volume. The service
  /// answers no id: find the task with list() (newest first). Not retried.
  void create(const CreateLoadTaskRequest& request, const CallOptions& options = {}) const;

  /// `GET /task/list`: one page of tasks. all_load_tasks() iterates every page.
  LoadTaskListResponse list(const ListLoadTasksRequest& request = {},
                            const CallOptions& options = {}) const;

  /// `POST /task/update`: changes a task's schedule, paths or filter.
  void update(const UpdateLoadTaskRequest& request, const CallOptions& options = {}) const;

  /// `POST /task/delete`: deletes a task. Not retried.
  void remove(const std::string& task_id, const CallOptions& options = {}) const;

  /// `POST /task/pause`: pauses a task (status 2 pausing, then 3 paused).
  void pause(const std::string& task_id, const CallOptions& options = {}) const;

  /// `POST /task/resume`: resumes a paused task.
  void resume(const std::string& task_id, const CallOptions& options = {}) const;

  /// `POST /task/retry`: loads the given failed files of a task again (`ids` of list_files()
  /// entries; at least one, or InvalidArgumentError before sending). Not retried.
  void retry(const std::string& task_id, const std::vector<std::string>& file_ids,
             const CallOptions& options = {}) const;

 private:
  friend class Client;  // hands out resource clients (Client::load_tasks())
  explicit LoadTaskClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
