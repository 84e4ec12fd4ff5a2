// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Read-modify-write of a workflow: turn what W3 returns into the W4 request that changes
/// nothing, edit it, send it.

#include <functional>
#include <string>

#include "moi/client.hpp"
#include "moi/model/workflow.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"
#include "moi/workflow_client.hpp"

namespace moi {

/// The W4 (update) request that leaves the workflow @p detail describes as it is.
///
/// Copied from the W3 answer: name, source_volume_ids, source_volume_names, file_types,
/// process_mode, priority, target_volume_id, target_volume_name, branch_name and the whole
/// pipeline (`workflow`, with every unmodelled key). The fields W3 does not return are set as
/// the document's own W4 example sets them:
/// - `create_target_volume_name`: "" (keep the existing target volume; no new one);
/// - `files`: not sent (it lists files to pre-process at creation; the documents do not say
///   that an update without it changes anything);
/// - `content`: not sent (free-form; the documents do not say whether the service keeps or
///   clears it when absent: set it yourself if you rely on it).
/// Keys W3 returns that the SDK does not model (`detail.extra`) are not sent: they are
/// answer fields, not request fields.
///
/// @throws InvalidArgumentError when the answer lacks a field W4 needs (name, source_volume_ids,
///         target_volume_id, file_types, process_mode or workflow), naming it: sending a guess
///         would change the workflow. Thread-safety: a pure function.
MOI_EXPORT WorkflowRequest to_update_request(const WorkflowDetail& detail);

/// Reads workflow @p workflow_id (W3), converts it with to_update_request(), lets @p edit change
/// the request, and sends it (W4). Returns the request that was sent.
/// @throws what get() and update() throw, InvalidArgumentError from to_update_request(), and
///         whatever @p edit throws (then nothing is sent). Thread-safety: as the client.
MOI_EXPORT WorkflowRequest update_workflow(const WorkflowClient& workflows,
                                           const std::string& workflow_id,
                                           const std::function<void(WorkflowRequest&)>& edit,
                                           const CallOptions& options = {});

/// The common case of update_workflow(): @p edit changes only the pipeline.
MOI_EXPORT WorkflowRequest update_pipeline(const WorkflowClient& workflows,
                                           const std::string& workflow_id,
                                           const std::function<void(WorkflowConfig&)>& edit,
                                           const CallOptions& options = {});

/// update_workflow(client.workflows(), ...).
inline WorkflowRequest update_workflow(const Client& client, const std::string& workflow_id,
                                       const std::function<void(WorkflowRequest&)>& edit,
                                       const CallOptions& options = {}) {
  return update_workflow(client.workflows(), workflow_id, edit, options);
}

/// update_pipeline(client.workflows(), ...).
inline WorkflowRequest update_pipeline(const Client& client, const std::string& workflow_id,
                                       const std::function<void(WorkflowConfig&)>& edit,
                                       const CallOptions& options = {}) {
  return update_pipeline(client.workflows(), workflow_id, edit, options);
}

}  // namespace moi
