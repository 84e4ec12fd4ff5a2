// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// WorkflowClient: workflows (W1-W7) and workflow branches (B1-B5).

#include <memory>
#include <string>

#include "moi/model/workflow.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

namespace detail {
class RequestRunner;
}  // namespace detail

/// Workflows and their branches. Obtain one from Client::workflows().
///
/// Every method sends one request (plus retries when safe) and throws a moi::Error subclass on
/// failure: InvalidArgumentError before sending (empty or "."/".." id, out-of-range paging),
/// HttpError / ServiceError for answers that are not success, TransportError / TimeoutError
/// without an answer, DecodeError when `data` is not what the documents describe.
/// Thread-safety: safe to use from several threads at once; cheap to copy.
class MOI_EXPORT WorkflowClient {
 public:
  /// W1 `POST /workflow_meta`: creates a workflow (and starts its first job).
  /// Not retried automatically (see CallOptions::retry_non_idempotent).
  /// @returns the created record as the service reports it (empty when it answers null data).
  WorkflowRecord create(const WorkflowRequest& request, const CallOptions& options = {}) const;

  /// W2 `GET /workflow_meta`: one page of workflows (offset/limit), filtered and sorted.
  /// @throws InvalidArgumentError when offset < 0 or limit < 1.
  WorkflowListResponse list(const ListWorkflowsRequest& request = {},
                            const CallOptions& options = {}) const;

  /// W3 `GET /workflow_meta/{workflow_id}`: a workflow with its pipeline and branches.
  WorkflowDetail get(const std::string& workflow_id, const CallOptions& options = {}) const;

  /// W4 `PUT /workflow_meta/{workflow_id}/base_info`: replaces the workflow's settings and
  /// pipeline (usually of its main branch). Send back a WorkflowRequest; fields the SDK does
  /// not model are kept in `extra`.
  void update(const std::string& workflow_id, const WorkflowRequest& request,
              const CallOptions& options = {}) const;

  /// W5 `DELETE /workflow_meta/{workflow_id}`: deletes the workflow, its branches and job
  /// metadata; with `delete_data` also the data it produced.
  void remove(const std::string& workflow_id, const DeleteOptions& request = {},
              const CallOptions& options = {}) const;

  /// W6 `PUT /workflow_meta/{workflow_id}/stop`: stops the workflow and its running jobs.
  void stop(const std::string& workflow_id, const CallOptions& options = {}) const;

  /// W7 `PUT /workflow_meta/{workflow_id}/rerun`: runs the workflow again (a new job).
  /// Not retried automatically: a repeat would start another job.
  void rerun(const std::string& workflow_id, const CallOptions& options = {}) const;

  /// B1 `POST /workflow_meta/{workflow_id}/branch`: creates a branch. Not retried automatically.
  void create_branch(const std::string& workflow_id, const BranchRequest& request,
                     const CallOptions& options = {}) const;

  /// B2 `GET /workflow_meta/{workflow_id}/branch`: the workflow's branches, one list item each.
  WorkflowListResponse list_branches(const std::string& workflow_id,
                                     const ListBranchesRequest& request = {},
                                     const CallOptions& options = {}) const;

  /// B3 `GET /workflow_meta/branch/{branch_id}`: a branch's detail (`branches` is null).
  WorkflowDetail get_branch(const std::string& branch_id, const CallOptions& options = {}) const;

  /// B4 `PUT /workflow_meta/branch/{branch_id}`: replaces a branch's name and pipeline.
  void update_branch(const std::string& branch_id, const BranchRequest& request,
                     const CallOptions& options = {}) const;

  /// B5 `DELETE /workflow_meta/branch/{branch_id}`: deletes a branch (and its data with
  /// `delete_data`).
  void remove_branch(const std::string& branch_id, const DeleteOptions& request = {},
                     const CallOptions& options = {}) const;

 private:
  friend class Client;  // hands out resource clients (Client::workflows())
  explicit WorkflowClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
