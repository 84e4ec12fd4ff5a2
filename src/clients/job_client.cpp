// SPDX-License-Identifier: Apache-2.0
#include "moi/job_client.hpp"

#include <utility>

#include "clients/endpoints.hpp"
#include "clients/validate.hpp"
#include "model/wire_enums.hpp"

namespace moi {

using detail::make_call;
namespace ep = detail::endpoints;

namespace {

void add_page(detail::QueryParams& query, const std::optional<std::int64_t>& page_num,
              const std::optional<std::int64_t>& page_size) {
  detail::require_at_least("page_num", page_num, 1);
  detail::require_at_least("page_size", page_size, 1);
  if (page_num) query.add("page_num", *page_num);
  if (page_size) query.add("page_size", *page_size);
}

detail::QueryParams to_query(const ListJobsRequest& request) {
  detail::QueryParams query;
  if (request.workflow_id) query.add("workflow_id", *request.workflow_id);
  if (request.name_search) query.add("name_search", *request.name_search);
  query.add_each("file_types", request.file_types);
  query.add_each("priority", request.priority);
  add_page(query, request.page_num, request.page_size);
  if (request.count_le) query.add("count_le", *request.count_le);
  if (request.count_ge) query.add("count_ge", *request.count_ge);
  if (request.sort_field) query.add("sort_field", *request.sort_field);
  if (request.sort_order) query.add("sort_order", to_wire_asc_desc(*request.sort_order));
  return query;
}

}  // namespace

JobClient::JobClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

JobListResponse JobClient::list(const ListJobsRequest& request, const CallOptions& options) const {
  auto call = make_call(ep::kJ1ListJobs);
  call.query = to_query(request);
  return runner_->run_as<JobListResponse>(call, options);
}

JobDetail JobClient::get(const std::string& job_id, const CallOptions& options) const {
  return runner_->run_as<JobDetail>(make_call(ep::kJ2GetJob, {{"job_id", job_id}}), options);
}

JobFilesResponse JobClient::list_files(const std::string& job_id,
                                       const ListJobFilesRequest& request,
                                       const CallOptions& options) const {
  auto call = make_call(ep::kJ3ListJobFiles, {{"job_id", job_id}});
  add_page(call.query, request.page_num, request.page_size);
  call.query.add_each("statuses", request.statuses);
  return runner_->run_as<JobFilesResponse>(call, options);
}

void JobClient::retry_files(const std::string& job_id, const std::vector<std::string>& file_ids,
                            const CallOptions& options) const {
  auto call = make_call(ep::kJ4RetryJobFiles, {{"job_id", job_id}});
  RetryJobFilesRequest body;
  body.files = file_ids;
  call.body = Json(body);
  runner_->run_void(call, options);
}

JobStatusInfo JobClient::get_status(const std::string& job_id, const CallOptions& options) const {
  return runner_->run_as<JobStatusInfo>(make_call(ep::kJ5GetJobStatus, {{"job_id", job_id}}),
                                        options);
}

}  // namespace moi
