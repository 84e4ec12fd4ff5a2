// SPDX-License-Identifier: Apache-2.0
#include "moi/workflow_client.hpp"

#include <utility>

#include "clients/endpoints.hpp"
#include "clients/validate.hpp"
#include "model/wire_enums.hpp"

namespace moi {

using detail::make_call;
namespace ep = detail::endpoints;

namespace {

detail::QueryParams to_query(const ListWorkflowsRequest& request) {
  detail::require_at_least("offset", request.offset, 0);
  detail::require_at_least("limit", request.limit, 1);
  detail::QueryParams query;
  if (request.name_search) query.add("name_search", *request.name_search);
  if (request.start_time) query.add("start_time", request.start_time->epoch_ms());
  if (request.end_time) query.add("end_time", request.end_time->epoch_ms());
  query.add_each("process_modes", request.process_modes);
  query.add_each("status", request.status);
  query.add_each("file_types", request.file_types);
  query.add_each("priority", request.priority);
  if (request.creator) query.add("creator", *request.creator);
  if (request.offset) query.add("offset", *request.offset);
  if (request.limit) query.add("limit", *request.limit);
  if (request.sort_field) query.add("sort_field", *request.sort_field);
  if (request.sort_order) query.add("sort_order", to_wire_ascend_descend(*request.sort_order));
  return query;
}

detail::QueryParams to_query(const DeleteOptions& request) {
  detail::QueryParams query;
  if (request.delete_data) query.add_bool("delete_data", *request.delete_data);
  return query;
}

}  // namespace

WorkflowClient::WorkflowClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

WorkflowRecord WorkflowClient::create(const WorkflowRequest& request,
                                      const CallOptions& options) const {
  auto call = make_call(ep::kW1CreateWorkflow);
  call.body = Json(request);
  // The documents show the created record; an older service version answers null data.
  WorkflowRecord record;
  runner_->run(call, options, [&record](const Json& data) {
    if (!data.is_null()) from_json(data, record);
  });
  return record;
}

WorkflowListResponse WorkflowClient::list(const ListWorkflowsRequest& request,
                                          const CallOptions& options) const {
  auto call = make_call(ep::kW2ListWorkflows);
  call.query = to_query(request);
  return runner_->run_as<WorkflowListResponse>(call, options);
}

WorkflowDetail WorkflowClient::get(const std::string& workflow_id,
                                   const CallOptions& options) const {
  return runner_->run_as<WorkflowDetail>(
      make_call(ep::kW3GetWorkflow, {{"workflow_id", workflow_id}}), options);
}

void WorkflowClient::update(const std::string& workflow_id, const WorkflowRequest& request,
                            const CallOptions& options) const {
  auto call = make_call(ep::kW4UpdateWorkflow, {{"workflow_id", workflow_id}});
  call.body = Json(request);
  runner_->run_void(call, options);
}

void WorkflowClient::remove(const std::string& workflow_id, const DeleteOptions& request,
                            const CallOptions& options) const {
  auto call = make_call(ep::kW5DeleteWorkflow, {{"workflow_id", workflow_id}});
  call.query = to_query(request);
  runner_->run_void(call, options);
}

void WorkflowClient::stop(const std::string& workflow_id, const CallOptions& options) const {
  runner_->run_void(make_call(ep::kW6StopWorkflow, {{"workflow_id", workflow_id}}), options);
}

void WorkflowClient::rerun(const std::string& workflow_id, const CallOptions& options) const {
  runner_->run_void(make_call(ep::kW7RerunWorkflow, {{"workflow_id", workflow_id}}), options);
}

void WorkflowClient::create_branch(const std::string& workflow_id, const BranchRequest& request,
                                   const CallOptions& options) const {
  auto call = make_call(ep::kB1CreateBranch, {{"workflow_id", workflow_id}});
  call.body = Json(request);
  runner_->run_void(call, options);
}

WorkflowListResponse WorkflowClient::list_branches(const std::string& workflow_id,
                                                   const ListBranchesRequest& request,
                                                   const CallOptions& options) const {
  auto call = make_call(ep::kB2ListBranches, {{"workflow_id", workflow_id}});
  call.query.add_each("status_in", request.status_in);
  return runner_->run_as<WorkflowListResponse>(call, options);
}

WorkflowDetail WorkflowClient::get_branch(const std::string& branch_id,
                                          const CallOptions& options) const {
  return runner_->run_as<WorkflowDetail>(make_call(ep::kB3GetBranch, {{"branch_id", branch_id}}),
                                         options);
}

void WorkflowClient::update_branch(const std::string& branch_id, const BranchRequest& request,
                                   const CallOptions& options) const {
  auto call = make_call(ep::kB4UpdateBranch, {{"branch_id", branch_id}});
  call.body = Json(request);
  runner_->run_void(call, options);
}

void WorkflowClient::remove_branch(const std::string& branch_id, const DeleteOptions& request,
                                   const CallOptions& options) const {
  auto call = make_call(ep::kB5DeleteBranch, {{"branch_id", branch_id}});
  call.query = to_query(request);
  runner_->run_void(call, options);
}

}  // namespace moi
