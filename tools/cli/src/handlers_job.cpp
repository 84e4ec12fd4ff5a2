// SPDX-License-Identifier: Apache-2.0
// job actions (J1-J5); `job wait` is in wait.cpp.
#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/pagination.hpp"

namespace moi::cli {

Result job_list(const Invocation& inv) {
  const auto query = list_jobs_query(inv.json);
  if (inv.all)
    return collect_all<JobListItem>(inv, all_jobs(inv.client.jobs(), query, inv.call), job_table);
  const auto page = inv.client.jobs().list(query, inv.call);
  return {page, job_table(page.jobs)};
}

Result job_get(const Invocation& inv) { return {inv.client.jobs().get(inv.id, inv.call)}; }

Result job_files(const Invocation& inv) {
  const auto query = list_job_files_query(inv.json);
  if (inv.all) {
    return collect_all<JobFileInfo>(inv, all_job_files(inv.client.jobs(), inv.id, query, inv.call),
                                    job_file_table);
  }
  const auto page = inv.client.jobs().list_files(inv.id, query, inv.call);
  return {page, job_file_table(page.files)};
}

Result job_retry(const Invocation& inv) {
  const auto request = decode_body<RetryJobFilesRequest>(*inv.json);
  // JobClient::retry_files sends only the file list: refuse other keys rather than drop them.
  if (request.extra.is_object() && !request.extra.empty()) {
    throw UsageError("--json: unknown key \"" + request.extra.begin().key() +
                     "\" (job retry sends only \"files\")");
  }
  inv.client.jobs().retry_files(inv.id, request.files, inv.call);
  return {};
}

Result job_status(const Invocation& inv) {
  return {inv.client.jobs().get_status(inv.id, inv.call)};
}

}  // namespace moi::cli
