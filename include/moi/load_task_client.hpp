// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// LoadTaskClient: the load tasks that uploads start (`/task/get`, `/task/files`).

#include <memory>
#include <string>

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

 private:
  friend class Client;  // hands out resource clients (Client::load_tasks())
  explicit LoadTaskClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
