// SPDX-License-Identifier: Apache-2.0
#include "moi/load_task_client.hpp"

#include <utility>

#include "clients/endpoints.hpp"
#include "clients/validate.hpp"

namespace moi {

using detail::make_call;
namespace ep = detail::endpoints;

LoadTaskClient::LoadTaskClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

LoadTask LoadTaskClient::get(const std::string& task_id, const CallOptions& options) const {
  detail::require_non_empty("task_id", task_id);
  auto call = make_call(ep::kT1GetLoadTask);
  call.query.add("task_id", task_id);
  LoadTask task;
  runner_->run(call, options, [&task](const Json& data) {
    // The documents wrap the task as data.task; some clients read data itself.
    if (data.is_object()) {
      if (const auto wrapped = data.find("task"); wrapped != data.end() && wrapped->is_object()) {
        try {
          from_json(*wrapped, task);
        } catch (const DecodeError& error) {
          throw error.with_prefix("task");
        }
        return;
      }
    }
    from_json(data, task);
  });
  return task;
}

LoadTaskFilesResponse LoadTaskClient::list_files(const std::string& task_id,
                                                 const ListLoadTaskFilesRequest& request,
                                                 const CallOptions& options) const {
  detail::require_non_empty("task_id", task_id);
  detail::require_at_least("page", request.page, 1);
  detail::require_at_least("page_size", request.page_size, 1);
  auto call = make_call(ep::kT2ListLoadTaskFiles);
  call.query.add("task_id", task_id);
  if (request.status) call.query.add("status", static_cast<std::int64_t>(*request.status));
  if (request.page) call.query.add("page", *request.page);
  if (request.page_size) call.query.add("page_size", *request.page_size);
  return runner_->run_as<LoadTaskFilesResponse>(call, options);
}

namespace {

Json task_id_body(const std::string& task_id) {
  detail::require_non_empty("task_id", task_id);
  TaskIdBody body;
  body.task_id = task_id;
  return Json(body);
}

}  // namespace

void LoadTaskClient::create(const CreateLoadTaskRequest& request,
                            const CallOptions& options) const {
  detail::require_non_empty("source_connector_id", request.source_connector_id);
  detail::require_non_empty("volume_id", request.volume_id);
  auto call = make_call(ep::kT3CreateLoadTask);
  call.body = Json(request);
  runner_->run_void(call, options);
}

LoadTaskListResponse LoadTaskClient::list(const ListLoadTasksRequest& request,
                                          const CallOptions& options) const {
  detail::require_at_least("page", request.page, 1);
  detail::require_at_least("page_size", request.page_size, 1);
  auto call = make_call(ep::kT4ListLoadTasks);
  if (request.page) call.query.add("page", *request.page);
  if (request.page_size) call.query.add("page_size", *request.page_size);
  if (request.is_desc) call.query.add_bool("is_desc", *request.is_desc);
  if (request.order_by) call.query.add("order_by", *request.order_by);
  for (const LoadTaskStatus status : request.status) {
    call.query.add("status", static_cast<std::int64_t>(status));
  }
  for (const std::int64_t type : request.load_interval_types) {
    call.query.add("load_interval_types", type);
  }
  return runner_->run_as<LoadTaskListResponse>(call, options);
}

void LoadTaskClient::update(const UpdateLoadTaskRequest& request,
                            const CallOptions& options) const {
  detail::require_non_empty("task_id", request.task_id);
  auto call = make_call(ep::kT5UpdateLoadTask);
  call.body = Json(request);
  runner_->run_void(call, options);
}

void LoadTaskClient::remove(const std::string& task_id, const CallOptions& options) const {
  auto call = make_call(ep::kT6DeleteLoadTask);
  call.body = task_id_body(task_id);
  runner_->run_void(call, options);
}

void LoadTaskClient::pause(const std::string& task_id, const CallOptions& options) const {
  auto call = make_call(ep::kT7PauseLoadTask);
  call.body = task_id_body(task_id);
  runner_->run_void(call, options);
}

void LoadTaskClient::resume(const std::string& task_id, const CallOptions& options) const {
  auto call = make_call(ep::kT8ResumeLoadTask);
  call.body = task_id_body(task_id);
  runner_->run_void(call, options);
}

void LoadTaskClient::retry(const std::string& task_id, const std::vector<std::string>& file_ids,
                           const CallOptions& options) const {
  detail::require_non_empty("task_id", task_id);
  if (file_ids.empty()) throw InvalidArgumentError("retry needs at least one failed file id");
  for (const std::string& id : file_ids) detail::require_non_empty("file id", id);
  RetryLoadTaskRequest body;
  body.task_id = task_id;
  body.ids = file_ids;
  auto call = make_call(ep::kT9RetryLoadTask);
  call.body = Json(body);
  runner_->run_void(call, options);
}

}  // namespace moi
