// SPDX-License-Identifier: Apache-2.0
#include "router.hpp"

#include <array>
#include <cstring>

namespace moi::emulator::detail {

namespace {

struct RouteDef {
  const char* method;
  const char* pattern;  // "{}" is one path parameter
  Endpoint endpoint;
};

// Literal segments win over parameters: "workflow_meta/branch/{}" is listed before
// "workflow_meta/{}/..." patterns so a branch id is never taken for a workflow id.
constexpr std::array<RouteDef, 23> kRoutes{{
    {"GET", "workflow_meta/branch/{}", Endpoint::kB3GetBranch},
    {"PUT", "workflow_meta/branch/{}", Endpoint::kB4UpdateBranch},
    {"DELETE", "workflow_meta/branch/{}", Endpoint::kB5DeleteBranch},
    {"POST", "workflow_meta", Endpoint::kW1CreateWorkflow},
    {"GET", "workflow_meta", Endpoint::kW2ListWorkflows},
    {"GET", "workflow_meta/{}", Endpoint::kW3GetWorkflow},
    {"PUT", "workflow_meta/{}/base_info", Endpoint::kW4UpdateWorkflow},
    {"DELETE", "workflow_meta/{}", Endpoint::kW5DeleteWorkflow},
    {"PUT", "workflow_meta/{}/stop", Endpoint::kW6StopWorkflow},
    {"PUT", "workflow_meta/{}/rerun", Endpoint::kW7RerunWorkflow},
    {"POST", "workflow_meta/{}/branch", Endpoint::kB1CreateBranch},
    {"GET", "workflow_meta/{}/branch", Endpoint::kB2ListBranches},
    {"GET", "workflow_job", Endpoint::kJ1ListJobs},
    {"GET", "workflow_job/{}", Endpoint::kJ2GetJob},
    {"GET", "workflow_job/{}/files", Endpoint::kJ3ListJobFiles},
    {"POST", "workflow_job/{}/files", Endpoint::kJ4RetryJobFiles},
    {"GET", "workflow_job/{}/status", Endpoint::kJ5GetJobStatus},
    {"POST", "export/task/create", Endpoint::kE1CreateExportTask},
    {"POST", "export/task/list", Endpoint::kE2ListExportTasks},
    {"POST", "export/task/info", Endpoint::kE3GetExportTask},
    {"POST", "export/task/files", Endpoint::kE4ListExportFiles},
    {"POST", "export/task/{}/rerun", Endpoint::kE5RerunExportTask},
    {"POST", "export/task/delete", Endpoint::kE6DeleteExportTask},
}};

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t slash = s.find('/', start);
    if (slash == std::string::npos) slash = s.size();
    out.push_back(s.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool match_pattern(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                   std::vector<std::string>& args) {
  if (pattern.size() != path.size()) return false;
  std::vector<std::string> found;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == "{}") {
      if (path[i].empty()) return false;
      found.push_back(path[i]);
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  args = std::move(found);
  return true;
}

}  // namespace

RouteMatch match_route(const std::string& method, const std::string& raw_path) {
  RouteMatch result;
  const std::string prefix = std::string(kApiPrefix) + "/";
  if (raw_path.compare(0, prefix.size(), prefix) != 0) return result;
  std::string rest = raw_path.substr(prefix.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  const std::vector<std::string> path = split(rest);
  // HEAD is answered like GET (without the body, by the server).
  const std::string m = method == "HEAD" ? "GET" : method;
  bool path_known = false;
  for (const RouteDef& def : kRoutes) {
    std::vector<std::string> args;
    if (!match_pattern(split(def.pattern), path, args)) continue;
    if (m == def.method) {
      result.kind = RouteMatch::Kind::kMatched;
      result.endpoint = def.endpoint;
      result.args = std::move(args);
      return result;
    }
    path_known = true;
  }
  if (path_known) result.kind = RouteMatch::Kind::kMethodNotAllowed;
  return result;
}

}  // namespace moi::emulator::detail
