// SPDX-License-Identifier: Apache-2.0
#include "moi/export_client.hpp"

#include <utility>

#include "clients/endpoints.hpp"
#include "clients/validate.hpp"

namespace moi {

using detail::make_call;
namespace ep = detail::endpoints;

namespace {

Json id_body(const std::string& task_id) {
  detail::require_non_empty("task_id", task_id);
  ExportTaskIdRequest body;
  body.id = task_id;
  return Json(body);
}

}  // namespace

ExportClient::ExportClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

void ExportClient::create(const CreateExportTaskRequest& request,
                          const CallOptions& options) const {
  auto call = make_call(ep::kE1CreateExportTask);
  call.body = Json(request);
  runner_->run_void(call, options);
}

ExportTaskListResponse ExportClient::list(const ListExportTasksRequest& request,
                                          const CallOptions& options) const {
  detail::require_at_least("offset", request.offset, 0);
  detail::require_at_least("limit", request.limit, 1);
  auto call = make_call(ep::kE2ListExportTasks);
  call.body = Json(request);
  return runner_->run_as<ExportTaskListResponse>(call, options);
}

ExportTaskInfo ExportClient::get(const std::string& task_id, const CallOptions& options) const {
  auto call = make_call(ep::kE3GetExportTask);
  call.body = id_body(task_id);
  return runner_->run_as<ExportTaskInfo>(call, options);
}

ExportFilesResponse ExportClient::list_files(const ListExportFilesRequest& request,
                                             const CallOptions& options) const {
  detail::require_non_empty("task_id", request.task_id);
  detail::require_at_least("offset", request.offset, 0);
  detail::require_at_least("limit", request.limit, 1);
  auto call = make_call(ep::kE4ListExportFiles);
  call.body = Json(request);
  return runner_->run_as<ExportFilesResponse>(call, options);
}

void ExportClient::rerun(const std::string& task_id, const CallOptions& options) const {
  runner_->run_void(make_call(ep::kE5RerunExportTask, {{"task_id", task_id}}), options);
}

void ExportClient::remove(const std::string& task_id, const CallOptions& options) const {
  auto call = make_call(ep::kE6DeleteExportTask);
  call.body = id_body(task_id);
  runner_->run_void(call, options);
}

}  // namespace moi
