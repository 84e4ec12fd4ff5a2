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

void add_tree_rows(Table& t, const std::vector<CatalogNode>& nodes, const std::string& parent) {
  for (const auto& n : nodes) {
    const std::string path = parent.empty() ? cell(n.name) : parent + "/" + cell(n.name);
    t.rows.push_back({cell(n.type), cell(n.id), path});
    add_tree_rows(t, n.node_list, path);
  }
}

// The field that tells connectors apart in a list: where each one points.
std::string connector_target(const Connector& c) {
  if (c.s3) return c.s3->endpoint.value_or("") + " " + c.s3->bucket_name.value_or("");
  if (c.oss) return c.oss->endpoint.value_or("") + " " + c.oss->bucket_name.value_or("");
  if (c.mo) {
    return c.mo->host.value_or("") + (c.mo->port ? ":" + std::to_string(*c.mo->port) : "");
  }
  if (c.dify) return c.dify->api_url.value_or("");
  if (c.hdfs) return c.hdfs->address.value_or("");
  return {};
}

}  // namespace

Table catalog_table(const std::vector<CatalogInfo>& items) {
  Table t{{"ID", "NAME", "DATABASES", "VOLUMES", "FILES", "CREATED_AT"}, {}};
  for (const auto& c : items) {
    t.rows.push_back({cell(c.id), cell(c.name), cell(c.database_count), cell(c.volume_count),
                      cell(c.file_count), cell(c.created_at)});
  }
  return t;
}

Table catalog_tree_table(const std::vector<CatalogNode>& nodes) {
  Table t{{"TYPE", "ID", "PATH"}, {}};
  add_tree_rows(t, nodes, "");
  return t;
}

Table catalog_node_table(const std::vector<CatalogNode>& items) {
  Table t{{"ID", "NAME", "TYPE", "DESCRIPTION"}, {}};
  for (const auto& n : items) {
    t.rows.push_back({cell(n.id), cell(n.name), cell(n.type), cell(n.description)});
  }
  return t;
}

Table file_table(const std::vector<FileInfo>& items) {
  Table t{{"ID", "NAME", "TYPE", "SIZE", "VOLUME_ID", "PATH", "CREATED_AT"}, {}};
  for (const auto& f : items) {
    t.rows.push_back({cell(f.id), cell(f.name), cell(f.file_type), cell(f.size), cell(f.volume_id),
                      cell(f.show_path), cell(f.created_at)});
  }
  return t;
}

Table load_task_file_table(const std::vector<LoadTaskFile>& items) {
  Table t{{"ID", "NAME", "STATUS", "SIZE", "PATH", "REASON"}, {}};
  for (const auto& f : items) {
    t.rows.push_back(
        {cell(f.id), cell(f.name), cell(f.status), cell(f.size), cell(f.path), cell(f.reason)});
  }
  return t;
}

Table load_task_table(const std::vector<LoadTask>& items) {
  Table t{{"ID", "NAME", "STATUS", "VOLUME", "CONNECTOR_ID", "CREATED_AT"}, {}};
  for (const auto& task : items) {
    t.rows.push_back({cell(task.id), cell(task.name), cell(task.status), cell(task.volume_name),
                      cell(task.source_connector_id), cell(task.created_at)});
  }
  return t;
}

Table llm_session_table(const std::vector<LlmSession>& items) {
  Table t{{"ID", "TITLE", "SOURCE", "USER_ID", "UPDATED_AT"}, {}};
  for (const auto& s : items) {
    t.rows.push_back(
        {cell(s.id), cell(s.title), cell(s.source), cell(s.user_id), cell(s.updated_at)});
  }
  return t;
}

Table llm_message_table(const std::vector<LlmMessage>& items) {
  Table t{{"ID", "ROLE", "MODEL", "STATUS", "RESPONSE", "CREATED_AT"}, {}};
  for (const auto& m : items) {
    t.rows.push_back({cell(m.id), cell(m.role), cell(m.model), cell(m.status), cell(m.response),
                      cell(m.created_at)});
  }
  return t;
}

Table connector_table(const std::vector<Connector>& items) {
  Table t{{"ID", "NAME", "TYPE", "STATUS", "TARGET", "CREATED_AT"}, {}};
  for (const auto& c : items) {
    t.rows.push_back({cell(c.id), cell(c.name), cell(c.source_type), cell(c.status),
                      connector_target(c), cell(c.created_at)});
  }
  return t;
}

Table connector_file_table(const std::vector<ConnectorFile>& items) {
  Table t{{"FILENAME", "SIZE", "URI"}, {}};
  for (const auto& f : items) t.rows.push_back({cell(f.filename), cell(f.size), cell(f.uri)});
  return t;
}

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
