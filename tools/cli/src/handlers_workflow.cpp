// SPDX-License-Identifier: Apache-2.0
// workflow (W1-W7) and branch (B1-B5) actions.
#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/pagination.hpp"
#include "moi/helpers/workflow_edit.hpp"

namespace moi::cli {

Result workflow_create(const Invocation& inv) {
  const auto request = decode_body<WorkflowRequest>(*inv.json);
  Json record = inv.client.workflows().create(request, inv.call);
  // The SDK answers an empty record when the service sent null data.
  if (record.is_object() && record.empty()) record = nullptr;
  return {record};
}

Result workflow_list(const Invocation& inv) {
  const auto query = list_workflows_query(inv.json);
  if (inv.all) {
    return collect_all<WorkflowListItem>(
        inv, all_workflows(inv.client.workflows(), query, inv.call), workflow_table);
  }
  const auto page = inv.client.workflows().list(query, inv.call);
  return {page, workflow_table(page.workflows)};
}

Result workflow_get(const Invocation& inv) {
  return {inv.client.workflows().get(inv.id, inv.call)};
}

Result workflow_update(const Invocation& inv) {
  const Json& input = *inv.json;
  // The output of `moi workflow get` (a W3 detail: it has answer-only keys) is converted as
  // moi::to_update_request() does, so answer fields (ids, times, status, branches) are not
  // sent back and the fields W3 does not return are set as the documents' W4 example sets them.
  const bool is_detail =
      input.is_object() &&
      (input.contains("branches") || input.contains("created_at") || input.contains("branch_id"));
  if (is_detail) {
    inv.client.workflows().update(inv.id, to_update_request(decode_body<WorkflowDetail>(input)),
                                  inv.call);
    return {};
  }
  Json body = input;
  // A W1-shaped body: create_target_volume_name only matters when a workflow is created, so
  // "" (no new volume) may be left out.
  if (body.is_object() && !body.contains("create_target_volume_name")) {
    body["create_target_volume_name"] = "";
  }
  inv.client.workflows().update(inv.id, decode_body<WorkflowRequest>(body), inv.call);
  return {};
}

Result workflow_delete(const Invocation& inv) {
  inv.client.workflows().remove(inv.id, delete_query(inv.json), inv.call);
  return {};
}

Result workflow_stop(const Invocation& inv) {
  inv.client.workflows().stop(inv.id, inv.call);
  return {};
}

Result workflow_rerun(const Invocation& inv) {
  inv.client.workflows().rerun(inv.id, inv.call);
  return {};
}

Result branch_create(const Invocation& inv) {
  inv.client.workflows().create_branch(inv.id, decode_body<BranchRequest>(*inv.json), inv.call);
  return {};
}

Result branch_list(const Invocation& inv) {
  const auto page =
      inv.client.workflows().list_branches(inv.id, list_branches_query(inv.json), inv.call);
  return {page, branch_table(page.workflows)};
}

Result branch_get(const Invocation& inv) {
  return {inv.client.workflows().get_branch(inv.id, inv.call)};
}

Result branch_update(const Invocation& inv) {
  inv.client.workflows().update_branch(inv.id, decode_body<BranchRequest>(*inv.json), inv.call);
  return {};
}

Result branch_delete(const Invocation& inv) {
  inv.client.workflows().remove_branch(inv.id, delete_query(inv.json), inv.call);
  return {};
}

}  // namespace moi::cli
