// SPDX-License-Identifier: Apache-2.0
// The endpoint handlers. Each runs under the service's state lock with a Ctx that gives it
// the state, the time "now" and the request; it sets `changed` when it modified the state so
// the service persists before answering.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "moi_emulator/emulator.hpp"
#include "state.hpp"
#include "validation.hpp"
#include "wire.hpp"

namespace moi::emulator::detail {

/// Fixed for the emulator's lifetime.
struct Settings {
  std::uint64_t seed = 1;
  std::string user_name = "admin";
  std::string user_id;
  bool delete_returns_204 = false;
};

struct Ctx {
  State& state;
  const Settings& settings;
  const BehaviorOptions& behavior;
  std::int64_t now;
  const std::vector<std::string>& args;  ///< path parameters
  const QueryParams& query;
  const std::string& body;
  bool changed = false;

  /// The next id of the seeded sequence.
  std::string new_id();
  /// A creation time: `now`, bumped past the previous one so creation order is total.
  std::int64_t new_created_at();
};

/// Runs the handler of `endpoint`.
Reply dispatch(Endpoint endpoint, Ctx& ctx);

// Workflows and branches (routes_workflow.cpp).
Reply create_workflow(Ctx& ctx);
Reply list_workflows(Ctx& ctx);
Reply get_workflow(Ctx& ctx);
Reply update_workflow(Ctx& ctx);
Reply delete_workflow(Ctx& ctx);
Reply stop_workflow(Ctx& ctx);
Reply rerun_workflow(Ctx& ctx);
Reply create_branch(Ctx& ctx);
Reply list_branches(Ctx& ctx);
Reply get_branch(Ctx& ctx);
Reply update_branch(Ctx& ctx);
Reply delete_branch(Ctx& ctx);

// Jobs (routes_job.cpp).
Reply list_jobs(Ctx& ctx);
Reply get_job(Ctx& ctx);
Reply list_job_files(Ctx& ctx);
Reply retry_job_files(Ctx& ctx);
Reply get_job_status(Ctx& ctx);
/// Starts a job of `workflow` on `branch` now: one file per `files` item, or
/// files_per_volume simulated files per source volume. Returns the job id.
std::string start_job(Ctx& ctx, const Workflow& workflow, const Branch& branch);

// Export tasks (routes_export.cpp).
Reply create_export_task(Ctx& ctx);
Reply list_export_tasks(Ctx& ctx);
Reply get_export_task(Ctx& ctx);
Reply list_export_files(Ctx& ctx);
Reply rerun_export_task(Ctx& ctx);
Reply delete_export_task(Ctx& ctx);

// --- helpers shared by the handlers ---------------------------------------------------------

/// Three-way comparison for sort keys.
template <typename T>
int compare3(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

/// Sorts by `cmp` (three-way), ties broken by `tie` (three-way, must be total), fully reversed
/// when descending: the descending list is exactly the ascending one backwards.
template <typename T, typename Cmp, typename Tie>
void sort_total(std::vector<const T*>& items, Cmp cmp, Tie tie, bool descending) {
  std::sort(items.begin(), items.end(), [&](const T* a, const T* b) {
    int c = cmp(*a, *b);
    if (c == 0) c = tie(*a, *b);
    return descending ? c > 0 : c < 0;
  });
}

/// items[offset, offset + limit), without overflow for any offset >= 0 and limit >= 1.
template <typename T>
std::vector<const T*> slice(const std::vector<const T*>& items, std::int64_t offset,
                            std::int64_t limit) {
  const auto size = static_cast<std::int64_t>(items.size());
  const std::int64_t begin = std::min(offset, size);
  const std::int64_t end = limit >= size - begin ? size : begin + limit;
  return std::vector<const T*>(items.begin() + begin, items.begin() + end);
}

/// The offset of page `page_num` (from 1), saturating instead of overflowing.
std::int64_t page_offset(std::int64_t page_num, std::int64_t page_size);

/// True for "asc", "ascend", "ascending" in any letter case (everything else is descending).
bool is_ascending(const std::string& order);

/// Case-insensitive (ASCII) substring test; an empty needle matches.
bool contains_ci(const std::string& haystack, const std::string& needle);

/// True if any element of `values` is in `wanted` (or `wanted` is empty).
bool any_in(const std::vector<std::int64_t>& values, const std::vector<std::int64_t>& wanted);
bool one_of(std::int64_t value, const std::vector<std::int64_t>& wanted);

/// FileType from a file name's extension (0 NIL when unknown).
std::int64_t file_type_for_name(const std::string& name);
/// A file extension for a FileType ("pdf" for 2, ...).
std::string extension_for_type(std::int64_t file_type);

/// 404 answers (`{"detail": "<what> not found"}`).
Reply not_found(const std::string& what);

}  // namespace moi::emulator::detail
