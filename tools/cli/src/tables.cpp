// SPDX-License-Identifier: Apache-2.0
// The columns `--output table` shows for each list: the fields a person scans for (id, name,
// status, times); everything else stays in the JSON output.
#include <string>

#include "output.hpp"

namespace moi::cli {
namespace {

std::string cell(const std::optional<std::string>& v) { return v.value_or(""); }

std::string cell(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : std::string();
}

template <class Enum>
std::string cell(const std::optional<Enum>& v) {
  return v ? to_string(*v) : std::string();
}

// UTC ISO-8601 whatever the wire form was; unreadable text is shown as sent.
std::string cell(const Timestamp& t) {
  if (const auto iso = t.to_iso8601()) return *iso;
  return t.text();
}

}  // namespace

Table workflow_table(const std::vector<WorkflowListItem>& items) {
  Table t{{"ID", "NAME", "STATUS", "PRIORITY", "BRANCHES", "CREATED_AT"}, {}};
  for (const auto& w : items) {
    t.rows.push_back({cell(w.id), cell(w.name), cell(w.status), cell(w.priority),
                      cell(w.branch_total), cell(w.created_at)});
  }
  return t;
}

Table branch_table(const std::vector<WorkflowListItem>& items) {
  Table t{{"BRANCH_ID", "BRANCH_NAME", "BRANCH_STATUS", "WORKFLOW_STATUS", "VOLUME_ID"}, {}};
  for (const auto& b : items) {
    t.rows.push_back({cell(b.branch_id), cell(b.branch_name), cell(b.branch_status), cell(b.status),
                      cell(b.branch_volume_id)});
  }
  return t;
}

Table job_table(const std::vector<JobListItem>& items) {
  Table t{{"ID", "NAME", "STATUS", "WORKFLOW_ID", "BRANCH_ID", "CREATED_AT"}, {}};
  for (const auto& j : items) {
    t.rows.push_back({cell(j.id), cell(j.name), cell(j.status), cell(j.workflow_meta_id),
                      cell(j.workflow_branch_id), cell(j.created_at)});
  }
  return t;
}

Table job_file_table(const std::vector<JobFileInfo>& items) {
  Table t{{"ID", "FILE_NAME", "TYPE", "STATUS", "STARTED", "ENDED", "ERROR"}, {}};
  for (const auto& f : items) {
    t.rows.push_back({cell(f.id), cell(f.file_name), cell(f.file_type), cell(f.file_status),
                      cell(f.start_time), cell(f.end_time), cell(f.error_message)});
  }
  return t;
}

Table export_task_table(const std::vector<ExportTaskListItem>& items) {
  Table t{{"ID", "NAME", "TYPE", "STATUS", "CREATOR", "CONNECTOR", "CREATED"}, {}};
  for (const auto& e : items) {
    t.rows.push_back({cell(e.id), cell(e.name), cell(e.type), cell(e.status), cell(e.creator),
                      cell(e.connector_name), cell(e.create_time)});
  }
  return t;
}

Table export_file_table(const std::vector<ExportFileItem>& items) {
  Table t{{"ID", "FILE_NAME", "STATUS", "STARTED", "ENDED", "DETAILS"}, {}};
  for (const auto& f : items) {
    t.rows.push_back({cell(f.id), cell(f.file_name), cell(f.status), cell(f.start_time),
                      cell(f.end_time), cell(f.details)});
  }
  return t;
}

}  // namespace moi::cli
