// SPDX-License-Identifier: Apache-2.0
#include "routes.hpp"

#include <cctype>
#include <limits>

#include "ids.hpp"

namespace moi::emulator::detail {

std::string Ctx::new_id() {
  changed = true;
  return nth_id(settings.seed, ++state.id_counter);
}

std::int64_t Ctx::new_created_at() {
  changed = true;
  state.last_created_ms = std::max(now, state.last_created_ms + 1);
  return state.last_created_ms;
}

Reply dispatch(Endpoint endpoint, Ctx& ctx) {
  switch (endpoint) {
    case Endpoint::kW1CreateWorkflow:
      return create_workflow(ctx);
    case Endpoint::kW2ListWorkflows:
      return list_workflows(ctx);
    case Endpoint::kW3GetWorkflow:
      return get_workflow(ctx);
    case Endpoint::kW4UpdateWorkflow:
      return update_workflow(ctx);
    case Endpoint::kW5DeleteWorkflow:
      return delete_workflow(ctx);
    case Endpoint::kW6StopWorkflow:
      return stop_workflow(ctx);
    case Endpoint::kW7RerunWorkflow:
      return rerun_workflow(ctx);
    case Endpoint::kB1CreateBranch:
      return create_branch(ctx);
    case Endpoint::kB2ListBranches:
      return list_branches(ctx);
    case Endpoint::kB3GetBranch:
      return get_branch(ctx);
    case Endpoint::kB4UpdateBranch:
      return update_branch(ctx);
    case Endpoint::kB5DeleteBranch:
      return delete_branch(ctx);
    case Endpoint::kJ1ListJobs:
      return list_jobs(ctx);
    case Endpoint::kJ2GetJob:
      return get_job(ctx);
    case Endpoint::kJ3ListJobFiles:
      return list_job_files(ctx);
    case Endpoint::kJ4RetryJobFiles:
      return retry_job_files(ctx);
    case Endpoint::kJ5GetJobStatus:
      return get_job_status(ctx);
    case Endpoint::kE1CreateExportTask:
      return create_export_task(ctx);
    case Endpoint::kE2ListExportTasks:
      return list_export_tasks(ctx);
    case Endpoint::kE3GetExportTask:
      return get_export_task(ctx);
    case Endpoint::kE4ListExportFiles:
      return list_export_files(ctx);
    case Endpoint::kE5RerunExportTask:
      return rerun_export_task(ctx);
    case Endpoint::kE6DeleteExportTask:
      return delete_export_task(ctx);
  }
  return error_detail(500, "unknown endpoint");
}

std::int64_t page_offset(std::int64_t page_num, std::int64_t page_size) {
  std::int64_t offset = 0;
  if (__builtin_mul_overflow(page_num - 1, page_size, &offset)) {
    return std::numeric_limits<std::int64_t>::max();
  }
  return offset;
}

bool is_ascending(const std::string& order) {
  std::string prefix = order.substr(0, 3);
  for (auto& c : prefix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return prefix == "asc";
}

bool contains_ci(const std::string& haystack, const std::string& needle) {
  if (needle.empty()) return true;
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  return lower(haystack).find(lower(needle)) != std::string::npos;
}

bool one_of(std::int64_t value, const std::vector<std::int64_t>& wanted) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

bool any_in(const std::vector<std::int64_t>& values, const std::vector<std::int64_t>& wanted) {
  if (wanted.empty()) return true;
  return std::any_of(values.begin(), values.end(), [&](std::int64_t v) {
    return std::find(wanted.begin(), wanted.end(), v) != wanted.end();
  });
}

namespace {

// FileType values of API-NOTES.md with the extension a simulated file of that type gets.
struct TypeExt {
  std::int64_t type;
  const char* ext;
};
constexpr TypeExt kTypes[] = {
    {1, "txt"},   {2, "pdf"},     {3, "jpg"},   {4, "ppt"},   {5, "doc"},      {6, "md"},
    {7, "csv"},   {8, "parquet"}, {9, "sql"},   {11, "docx"}, {12, "pptx"},    {13, "wav"},
    {14, "mp3"},  {15, "aac"},    {16, "flac"}, {17, "mp4"},  {18, "mov"},     {19, "mkv"},
    {20, "png"},  {21, "jpg"},    {22, "jpeg"}, {23, "bmp"},  {6, "markdown"}, {24, "xls"},
    {25, "xlsx"}, {27, "htm"},    {28, "html"}, {29, "eml"},  {30, "msg"},     {31, "p7s"},
    {32, "dwg"},  {33, "dxf"},    {34, "fas"},
};

}  // namespace

std::int64_t file_type_for_name(const std::string& name) {
  auto dot = name.find_last_of('.');
  if (dot == std::string::npos) return 0;
  std::string ext = name.substr(dot + 1);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Prefer the specific image types (20-22) over the generic IMAGE (3) for png/jpg/jpeg.
  if (ext == "png") return 20;
  if (ext == "jpg") return 21;
  for (const auto& t : kTypes) {
    if (ext == t.ext) return t.type;
  }
  return 0;
}

std::string extension_for_type(std::int64_t file_type) {
  for (const auto& t : kTypes) {
    if (t.type == file_type) return t.ext;
  }
  return "bin";
}

Reply not_found(const std::string& what) { return error_detail(404, what + " not found"); }

}  // namespace moi::emulator::detail
