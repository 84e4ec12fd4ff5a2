// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Lazy ranges over every item of the five paginated lists (W2, J1, J3, E2, E4).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "moi/access_client.hpp"
#include "moi/client.hpp"
#include "moi/connector_client.hpp"
#include "moi/error.hpp"
#include "moi/export_client.hpp"
#include "moi/file_client.hpp"
#include "moi/job_client.hpp"
#include "moi/llm_client.hpp"
#include "moi/load_task_client.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"
#include "moi/workflow_client.hpp"

namespace moi {

/// One page as a PagedRange sees it.
template <class Item>
struct Page {
  /// The page's items, in the service's order.
  std::vector<Item> items;
  std::optional<std::int64_t> total;  ///< Matches in all pages, when the service says.
};

/// Where the next page starts; each list reads the member its pagination style uses.
struct PageCursor {
  std::int64_t offset = 0;       ///< Items before this page (offset/limit lists).
  std::int64_t page_number = 1;  ///< 1-based page number (page_num/page_size lists).
  std::int64_t page_size = 0;    ///< Items asked for per page.
};

namespace detail {
/// Whether Item has a member `std::optional<std::string> id` (every list item of the API does).
template <class Item, class = void>
struct has_optional_id : std::false_type {};
/// Specialisation for items with an `id`.
template <class Item>
struct has_optional_id<Item, std::void_t<decltype(std::declval<const Item&>().id.value())>>
    : std::is_convertible<decltype(std::declval<const Item&>().id.value()), std::string> {};
}  // namespace detail

/// A lazy, single-pass range over every item of a paginated list, usable in a range-for loop.
///
/// Fetches one page when the previous one is used up, so memory is bounded by one page. Stops
/// after an empty page, once as many items as the service's `total` were yielded, or (when the
/// service sends no total) after a page shorter than the page size. The first failure is
/// thrown from begin() or operator++ (no silent truncation); a cancelled token throws
/// CancelledError before the next fetch.
///
/// A service that makes no progress is an error, not an endless loop: a page whose item ids
/// are exactly the previous page's while `total` did not grow (the service ignored the offset
/// or page number; a growing total means new items shifted the pages), or more
/// pages than the largest `total` seen allows at the smallest page size seen, throws
/// DecodeError naming the page.
///
/// Consistency: with an ascending sort order items added while iterating are yielded at the
/// end (the loop follows the growing `total`); with a descending order (the services'
/// default) a new item shifts the pages, so an item may be yielded twice. Iterate in
/// ascending creation order when the list may change.
///
/// An endless list (a service whose pages always hold new items while its `total` keeps
/// growing) is capped: past @p max_items items (CallOptions::max_list_items for the all_*
/// functions, 1,000,000 by default) the range throws DecodeError naming the cap, before any
/// item of the page that passes it is yielded.
///
/// Thread-safety: one range is used by one thread; several ranges may share a client.
template <class Item>
class PagedRange {
  struct State;  // declared before the iterator that holds it (clang requires it)

 public:
  /// Fetches the page that starts at the cursor; throws a moi::Error on failure.
  using Fetch = std::function<Page<Item>(const PageCursor&)>;

  /// @p page_size must be at least 1; @p max_items caps the items yielded (0: no cap).
  PagedRange(Fetch fetch, std::int64_t page_size, std::int64_t max_items = kDefaultMaxListItems)
      : state_(std::make_shared<State>()) {
    if (page_size < 1) throw InvalidArgumentError("page size must be at least 1");
    if (max_items < 0) throw InvalidArgumentError("max_list_items must not be negative");
    state_->fetch = std::move(fetch);
    state_->cursor.page_size = page_size;
    state_->max_items = max_items;
  }

  /// Input iterator over the range (single pass). Copies share the range's position;
  /// incrementing may fetch the next page and throw its error.
  class iterator {
   public:
    /// Single pass.
    using iterator_category = std::input_iterator_tag;
    /// The list's item type (e.g. JobListItem).
    using value_type = Item;
    /// Required by std::iterator_traits.
    using difference_type = std::ptrdiff_t;
    /// Items are read-only.
    using pointer = const Item*;
    /// Valid until the iterator moves past the item's page.
    using reference = const Item&;

    /// The end iterator.
    iterator() = default;
    /// The current item. Undefined on the end iterator.
    reference operator*() const { return state_->page.items[state_->index]; }
    /// The current item's members. Undefined on the end iterator.
    pointer operator->() const { return &state_->page.items[state_->index]; }
    /// Moves to the next item, fetching the next page when this one is used up.
    /// @throws the page fetch's moi::Error; incrementing again retries that page.
    iterator& operator++() {
      state_->advance();
      return *this;
    }
    /// As the prefix form; returns nothing (input iterators cannot replay an item).
    void operator++(int) { state_->advance(); }
    /// True when both are at the end, or both are not (iterators of one range).
    friend bool operator==(const iterator& a, const iterator& b) {
      return a.at_end() == b.at_end();
    }
    /// !(a == b).
    friend bool operator!=(const iterator& a, const iterator& b) { return !(a == b); }

   private:
    friend class PagedRange;
    explicit iterator(std::shared_ptr<State> state) : state_(std::move(state)) {}
    bool at_end() const { return !state_ || state_->done; }
    std::shared_ptr<State> state_;
  };

  /// Fetches the first page (once). @throws the first page's error.
  iterator begin() {
    if (!state_->started) {
      state_->load_next(0);  // may throw: then the next begin() fetches again
      state_->started = true;
    }
    return iterator(state_);
  }
  /// The end iterator. Sends nothing.
  iterator end() { return iterator(); }

  /// Pages fetched so far.
  std::size_t pages_fetched() const noexcept { return state_->pages_fetched; }

 private:
  struct State {
    Fetch fetch;
    PageCursor cursor;
    Page<Item> page;
    std::size_t index = 0;
    std::int64_t yielded = 0;  // items handed out before the current page
    std::size_t pages_fetched = 0;
    std::int64_t max_items = 0;  // 0: no cap
    bool started = false;
    bool last_page = false;
    bool done = false;

    std::vector<std::string> previous_ids;       // ids of the current page, for the progress check
    std::optional<std::int64_t> previous_total;  // the current page's total
    std::int64_t largest_total = 0;
    std::int64_t smallest_full_page = 0;  // fewest items in a page that was not the last

    // Fetches the page at the cursor. Nothing changes unless the fetch succeeds, so after a
    // failed fetch the same page is requested again by the next increment (or begin()).
    void load_next(std::int64_t consumed) {
      Page<Item> next = fetch(cursor);
      check_progress(next);
      const auto arrived = static_cast<std::int64_t>(next.items.size());
      if (max_items > 0 && arrived > max_items - (yielded + consumed)) {
        throw DecodeError("", "the listing holds more than " + std::to_string(max_items) +
                                  " items, the cap of one listing (page " +
                                  std::to_string(pages_fetched + 1) +
                                  " passes it): raise CallOptions::max_list_items (moi: "
                                  "--max-items) to read further");
      }
      yielded += consumed;
      page = std::move(next);
      ++pages_fetched;
      index = 0;
      const auto count = static_cast<std::int64_t>(page.items.size());
      cursor.offset += count;
      cursor.page_number += 1;
      if (count == 0) {
        done = true;
      } else if (page.total) {
        last_page = yielded + count >= *page.total;
      } else {
        last_page = count < cursor.page_size;
      }
    }

    // Stops a service that ignores the cursor (the same page again and again, with a large
    // total) before it loops forever.
    void check_progress(const Page<Item>& next) {
      const auto page_number = std::to_string(pages_fetched + 1);
      std::vector<std::string> ids = item_ids(next.items);
      // A repeated page is no progress unless the list grew meanwhile: with the services'
      // newest-first order, as many new items as a page shift the next page onto the last one.
      const bool grew = next.total && previous_total && *next.total > *previous_total;
      if (!ids.empty() && ids == previous_ids && !grew) {
        throw DecodeError("", "pagination made no progress: page " + page_number +
                                  " repeats the items of the page before it (the service "
                                  "ignored the offset or page number)");
      }
      previous_total = next.total;
      if (next.total) largest_total = std::max(largest_total, *next.total);
      const auto count = static_cast<std::int64_t>(page.items.size());
      if (pages_fetched > 0 && count > 0 &&
          (smallest_full_page == 0 || count < smallest_full_page)) {
        smallest_full_page = count;
      }
      if (largest_total > 0 && smallest_full_page > 0) {
        const std::int64_t max_pages = largest_total / smallest_full_page + 2;
        if (static_cast<std::int64_t>(pages_fetched) + 1 > max_pages) {
          throw DecodeError("", "pagination made no progress: page " + page_number +
                                    " is more than a total of " + std::to_string(largest_total) +
                                    " items in pages of " + std::to_string(smallest_full_page) +
                                    " can hold");
        }
      }
      previous_ids = std::move(ids);
    }

    // The ids of a page's items, or nothing when an item has no id (then only the page cap
    // applies).
    static std::vector<std::string> item_ids(const std::vector<Item>& items) {
      std::vector<std::string> ids;
      if constexpr (detail::has_optional_id<Item>::value) {
        ids.reserve(items.size());
        for (const auto& item : items) {
          if (!item.id) return {};
          ids.push_back(*item.id);
        }
      }
      return ids;
    }

    void advance() {
      if (done) return;
      if (index < page.items.size()) ++index;
      if (index < page.items.size()) return;
      const auto consumed = static_cast<std::int64_t>(page.items.size());
      if (last_page) {
        yielded += consumed;
        done = true;
        page.items.clear();
        return;
      }
      load_next(consumed);
    }
  };

  std::shared_ptr<State> state_;
};

/// Page size used when a request leaves it unset.
inline constexpr std::int64_t kDefaultPageSize = 100;

/// Every workflow matching @p request (W2), `limit` items per request (default 100); the
/// request's `offset` is where iteration starts.
MOI_EXPORT PagedRange<WorkflowListItem> all_workflows(const WorkflowClient& client,
                                                      ListWorkflowsRequest request = {},
                                                      CallOptions options = {});

/// Every job matching @p request (J1), `page_size` per request (default 100), from `page_num`.
MOI_EXPORT PagedRange<JobListItem> all_jobs(const JobClient& client, ListJobsRequest request = {},
                                            CallOptions options = {});

/// Every file of job @p job_id matching @p request (J3). Stops at `file_total`.
MOI_EXPORT PagedRange<JobFileInfo> all_job_files(const JobClient& client, std::string job_id,
                                                 ListJobFilesRequest request = {},
                                                 CallOptions options = {});

/// Every export task matching @p request (E2).
MOI_EXPORT PagedRange<ExportTaskListItem> all_export_tasks(const ExportClient& client,
                                                           ListExportTasksRequest request = {},
                                                           CallOptions options = {});

/// Every file of the export task named in @p request (E4).
MOI_EXPORT PagedRange<ExportFileItem> all_export_files(const ExportClient& client,
                                                       ListExportFilesRequest request,
                                                       CallOptions options = {});

/// Every file matching @p request (`/catalog/file/list`), `page_size` per request (default
/// 100), from `page` (1-based).
MOI_EXPORT PagedRange<FileInfo> all_files(const FileClient& client, ListFilesRequest request = {},
                                          CallOptions options = {});

/// Every file of load task @p task_id matching @p request (`/task/files`).
MOI_EXPORT PagedRange<LoadTaskFile> all_load_task_files(const LoadTaskClient& client,
                                                        std::string task_id,
                                                        ListLoadTaskFilesRequest request = {},
                                                        CallOptions options = {});

/// Every load task matching @p request (`GET /task/list`), `page_size` per request (default
/// 100), from `page` (1-based).
MOI_EXPORT PagedRange<LoadTask> all_load_tasks(const LoadTaskClient& client,
                                               ListLoadTasksRequest request = {},
                                               CallOptions options = {});

/// Every connector matching @p request (`/connectors/list`), secrets included as sent.
MOI_EXPORT PagedRange<Connector> all_connectors(const ConnectorClient& client,
                                                ListConnectorsRequest request = {},
                                                CallOptions options = {});

/// Every LLM session matching @p request (`GET /llm-proxy/api/sessions`), `page_size` per
/// request (default 100, the service's maximum), from `page` (1-based).
MOI_EXPORT PagedRange<LlmSession> all_llm_sessions(const LlmClient& client,
                                                   ListLlmSessionsRequest request = {},
                                                   CallOptions options = {});

/// Every message of session @p session_id matching @p request, oldest first (after/limit
/// style: each request asks for the messages after the last id received; `limit` per request,
/// default 100; the request's `after` is where iteration starts). Stops after a page shorter
/// than the limit. A page whose last id does not grow past the cursor, or an item without an
/// id, is a DecodeError (no endless loop).
MOI_EXPORT PagedRange<LlmMessage> all_llm_messages(const LlmClient& client, std::int64_t session_id,
                                                   ListLlmMessagesRequest request = {},
                                                   CallOptions options = {});

/// Every user matching @p request (`/user/list`), `page_size` per request (default 100),
/// from `page` (1-based).
MOI_EXPORT PagedRange<UserInfo> all_users(const UserClient& client, AccessListRequest request = {},
                                          CallOptions options = {});

/// Every role matching @p request (`/role/list`), as all_users().
MOI_EXPORT PagedRange<RoleInfo> all_roles(const RoleClient& client, AccessListRequest request = {},
                                          CallOptions options = {});

/// Every entry of the user operations' audit log matching @p request (`/log/user`).
MOI_EXPORT PagedRange<AuditLog> all_user_logs(const AuditLogClient& client,
                                              AccessListRequest request = {},
                                              CallOptions options = {});

/// Every entry of the role operations' audit log matching @p request (`/log/role`).
MOI_EXPORT PagedRange<AuditLog> all_role_logs(const AuditLogClient& client,
                                              AccessListRequest request = {},
                                              CallOptions options = {});

/// all_files(client.files(), request, options).
inline PagedRange<FileInfo> all_files(const Client& client, ListFilesRequest request = {},
                                      CallOptions options = {}) {
  return all_files(client.files(), std::move(request), std::move(options));
}

/// all_load_task_files(client.load_tasks(), task_id, request, options).
inline PagedRange<LoadTaskFile> all_load_task_files(const Client& client, std::string task_id,
                                                    ListLoadTaskFilesRequest request = {},
                                                    CallOptions options = {}) {
  return all_load_task_files(client.load_tasks(), std::move(task_id), std::move(request),
                             std::move(options));
}

/// all_load_tasks(client.load_tasks(), request, options).
inline PagedRange<LoadTask> all_load_tasks(const Client& client, ListLoadTasksRequest request = {},
                                           CallOptions options = {}) {
  return all_load_tasks(client.load_tasks(), std::move(request), std::move(options));
}

/// all_connectors(client.connectors(), request, options).
inline PagedRange<Connector> all_connectors(const Client& client,
                                            ListConnectorsRequest request = {},
                                            CallOptions options = {}) {
  return all_connectors(client.connectors(), std::move(request), std::move(options));
}

/// all_workflows(client.workflows(), request, options).
inline PagedRange<WorkflowListItem> all_workflows(const Client& client,
                                                  ListWorkflowsRequest request = {},
                                                  CallOptions options = {}) {
  return all_workflows(client.workflows(), std::move(request), std::move(options));
}

/// all_jobs(client.jobs(), request, options).
inline PagedRange<JobListItem> all_jobs(const Client& client, ListJobsRequest request = {},
                                        CallOptions options = {}) {
  return all_jobs(client.jobs(), std::move(request), std::move(options));
}

/// all_job_files(client.jobs(), job_id, request, options).
inline PagedRange<JobFileInfo> all_job_files(const Client& client, std::string job_id,
                                             ListJobFilesRequest request = {},
                                             CallOptions options = {}) {
  return all_job_files(client.jobs(), std::move(job_id), std::move(request), std::move(options));
}

/// all_export_tasks(client.exports(), request, options).
inline PagedRange<ExportTaskListItem> all_export_tasks(const Client& client,
                                                       ListExportTasksRequest request = {},
                                                       CallOptions options = {}) {
  return all_export_tasks(client.exports(), std::move(request), std::move(options));
}

/// all_export_files(client.exports(), request, options).
inline PagedRange<ExportFileItem> all_export_files(const Client& client,
                                                   ListExportFilesRequest request,
                                                   CallOptions options = {}) {
  return all_export_files(client.exports(), std::move(request), std::move(options));
}

}  // namespace moi
