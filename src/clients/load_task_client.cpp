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

}  // namespace moi
