// SPDX-License-Identifier: Apache-2.0
#include "moi/helpers/workflow_edit.hpp"

#include <utility>

#include "moi/error.hpp"

namespace moi {
namespace {

template <class T>
const T& required(const std::optional<T>& value, const char* field) {
  if (!value) {
    throw InvalidArgumentError(std::string("the workflow detail has no ") + field +
                               ": an update built from it would change the workflow");
  }
  return *value;
}

}  // namespace

WorkflowRequest to_update_request(const WorkflowDetail& detail) {
  WorkflowRequest request;
  request.name = required(detail.name, "name");
  request.source_volume_ids = required(detail.source_volume_ids, "source_volume_ids");
  request.source_volume_names = detail.source_volume_names.value_or(std::vector<std::string>{});
  request.file_types = required(detail.file_types, "file_types");
  request.process_mode = required(detail.process_mode, "process_mode");
  request.priority = detail.priority;
  request.target_volume_id = required(detail.target_volume_id, "target_volume_id");
  request.target_volume_name = detail.target_volume_name;
  request.create_target_volume_name = "";
  request.workflow = required(detail.workflow, "workflow");
  request.branch_name = detail.branch_name;
  return request;
}

WorkflowRequest update_workflow(const WorkflowClient& workflows, const std::string& workflow_id,
                                const std::function<void(WorkflowRequest&)>& edit,
                                const CallOptions& options) {
  WorkflowRequest request = to_update_request(workflows.get(workflow_id, options));
  if (edit) edit(request);
  workflows.update(workflow_id, request, options);
  return request;
}

WorkflowRequest update_pipeline(const WorkflowClient& workflows, const std::string& workflow_id,
                                const std::function<void(WorkflowConfig&)>& edit,
                                const CallOptions& options) {
  return update_workflow(
      workflows, workflow_id,
      [&edit](WorkflowRequest& request) {
        if (edit) edit(request.workflow);
      },
      options);
}

}  // namespace moi
