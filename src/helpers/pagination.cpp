// SPDX-License-Identifier: Apache-2.0
#include "moi/helpers/pagination.hpp"

namespace moi {
namespace {

void check_cancelled(const CallOptions& options) {
  if (options.should_abort && options.should_abort()) {
    throw CancelledError("pagination cancelled by the caller");
  }
}

std::int64_t fill_page_size(std::optional<std::int64_t>& size) {
  if (!size) size = kDefaultPageSize;
  return *size;
}

// Offset/limit lists (W2, E2, E4): the offset advances by the items received, so a service
// that caps the limit below what was asked skips nothing. The caller's offset is the start.
template <class Item, class Request, class List>
PagedRange<Item> by_offset(Request request, CallOptions options, List list) {
  const std::int64_t size = fill_page_size(request.limit);
  const std::int64_t start = request.offset.value_or(0);
  return PagedRange<Item>(
      [request, options, start, list](const PageCursor& cursor) mutable {
        check_cancelled(options);
        request.offset = start + cursor.offset;
        Page<Item> page = list(request, options);
        if (page.total) *page.total -= start;  // the range counts from its own start
        return page;
      },
      size, options.max_list_items);
}

// 1-based page number lists (J1, J3: page_num; files, load-task files, connectors: page).
// The caller's page number is the first page.
template <class Item, class Request, class List>
PagedRange<Item> by_page_number(
    Request request, CallOptions options, List list,
    std::optional<std::int64_t> Request::*page_member = &Request::page_num) {
  const std::int64_t size = fill_page_size(request.page_size);
  const std::int64_t first = (request.*page_member).value_or(1);
  return PagedRange<Item>(
      [request, options, first, size, list, page_member](const PageCursor& cursor) mutable {
        check_cancelled(options);
        request.*page_member = first + cursor.page_number - 1;
        Page<Item> page = list(request, options);
        if (page.total) *page.total -= (first - 1) * size;
        return page;
      },
      size, options.max_list_items);
}

}  // namespace

PagedRange<WorkflowListItem> all_workflows(const WorkflowClient& client,
                                           ListWorkflowsRequest request, CallOptions options) {
  return by_offset<WorkflowListItem>(
      std::move(request), std::move(options),
      [client](const ListWorkflowsRequest& page_request, const CallOptions& call) {
        auto response = client.list(page_request, call);
        return Page<WorkflowListItem>{std::move(response.workflows), response.total};
      });
}

PagedRange<JobListItem> all_jobs(const JobClient& client, ListJobsRequest request,
                                 CallOptions options) {
  return by_page_number<JobListItem>(
      std::move(request), std::move(options),
      [client](const ListJobsRequest& page_request, const CallOptions& call) {
        auto response = client.list(page_request, call);
        return Page<JobListItem>{std::move(response.jobs), response.total};
      });
}

PagedRange<JobFileInfo> all_job_files(const JobClient& client, std::string job_id,
                                      ListJobFilesRequest request, CallOptions options) {
  return by_page_number<JobFileInfo>(
      std::move(request), std::move(options),
      [client, job_id = std::move(job_id)](const ListJobFilesRequest& page_request,
                                           const CallOptions& call) {
        auto response = client.list_files(job_id, page_request, call);
        // file_total counts the files that match the status filter; total counts them all.
        const auto total = response.file_total ? response.file_total : response.total;
        return Page<JobFileInfo>{std::move(response.files), total};
      });
}

PagedRange<ExportTaskListItem> all_export_tasks(const ExportClient& client,
                                                ListExportTasksRequest request,
                                                CallOptions options) {
  return by_offset<ExportTaskListItem>(
      std::move(request), std::move(options),
      [client](const ListExportTasksRequest& page_request, const CallOptions& call) {
        auto response = client.list(page_request, call);
        return Page<ExportTaskListItem>{std::move(response.tasks), response.total};
      });
}

PagedRange<ExportFileItem> all_export_files(const ExportClient& client,
                                            ListExportFilesRequest request, CallOptions options) {
  return by_offset<ExportFileItem>(
      std::move(request), std::move(options),
      [client](const ListExportFilesRequest& page_request, const CallOptions& call) {
        auto response = client.list_files(page_request, call);
        return Page<ExportFileItem>{std::move(response.files), response.total};
      });
}

PagedRange<FileInfo> all_files(const FileClient& client, ListFilesRequest request,
                               CallOptions options) {
  return by_page_number<FileInfo>(
      std::move(request), std::move(options),
      [client](const ListFilesRequest& page_request, const CallOptions& call) {
        auto response = client.list(page_request, call);
        return Page<FileInfo>{std::move(response.list), response.total};
      },
      &ListFilesRequest::page);
}

PagedRange<LoadTaskFile> all_load_task_files(const LoadTaskClient& client, std::string task_id,
                                             ListLoadTaskFilesRequest request,
                                             CallOptions options) {
  return by_page_number<LoadTaskFile>(
      std::move(request), std::move(options),
      [client, task_id = std::move(task_id)](const ListLoadTaskFilesRequest& page_request,
                                             const CallOptions& call) {
        auto response = client.list_files(task_id, page_request, call);
        return Page<LoadTaskFile>{std::move(response.files), response.total};
      },
      &ListLoadTaskFilesRequest::page);
}

PagedRange<LoadTask> all_load_tasks(const LoadTaskClient& client, ListLoadTasksRequest request,
                                    CallOptions options) {
  return by_page_number<LoadTask>(
      std::move(request), std::move(options),
      [client](const ListLoadTasksRequest& page_request, const CallOptions& call) {
        auto response = client.list(page_request, call);
        return Page<LoadTask>{std::move(response.tasks), response.total};
      },
      &ListLoadTasksRequest::page);
}

PagedRange<Connector> all_connectors(const ConnectorClient& client, ListConnectorsRequest request,
                                     CallOptions options) {
  return by_page_number<Connector>(
      std::move(request), std::move(options),
      [client](const ListConnectorsRequest& page_request, const CallOptions& call) {
        auto response = client.list(page_request, call);
        return Page<Connector>{std::move(response.connectors), response.total};
      },
      &ListConnectorsRequest::page);
}

PagedRange<LlmSession> all_llm_sessions(const LlmClient& client, ListLlmSessionsRequest request,
                                        CallOptions options) {
  return by_page_number<LlmSession>(
      std::move(request), std::move(options),
      [client](const ListLlmSessionsRequest& page_request, const CallOptions& call) {
        auto response = client.list_sessions(page_request, call);
        return Page<LlmSession>{std::move(response.sessions), response.total};
      },
      &ListLlmSessionsRequest::page);
}

PagedRange<LlmMessage> all_llm_messages(const LlmClient& client, std::int64_t session_id,
                                        ListLlmMessagesRequest request, CallOptions options) {
  const std::int64_t size = fill_page_size(request.limit);
  // The cursor is the last id received: PageCursor's offset only counts items, so the fetch
  // keeps it. A failed fetch leaves it unchanged, so the same page is asked for again.
  auto after = std::make_shared<std::optional<std::int64_t>>(request.after);
  return PagedRange<LlmMessage>(
      [client, session_id, request, options, after](const PageCursor&) mutable {
        check_cancelled(options);
        request.after = *after;
        std::vector<LlmMessage> items = client.list_session_messages(session_id, request, options);
        std::optional<std::int64_t> last = *after;
        for (std::size_t i = 0; i < items.size(); ++i) {
          const auto& id = items[i].id;
          if (!id) {
            throw DecodeError("[" + std::to_string(i) + "].id",
                              "missing: the after/limit pagination needs every message's id");
          }
          if (last && *id <= *last) {
            throw DecodeError("[" + std::to_string(i) + "].id",
                              "pagination made no progress: message id " + std::to_string(*id) +
                                  " is not after " + std::to_string(*last));
          }
          last = *id;
        }
        *after = last;
        return Page<LlmMessage>{std::move(items), std::nullopt};
      },
      size);
}

PagedRange<UserInfo> all_users(const UserClient& client, AccessListRequest request,
                               CallOptions options) {
  return by_page_number<UserInfo>(
      std::move(request), std::move(options),
      [client](const AccessListRequest& page_request, const CallOptions& call) {
        auto response = client.list(page_request, call);
        return Page<UserInfo>{std::move(response.user_list), response.total};
      },
      &AccessListRequest::page);
}

PagedRange<RoleInfo> all_roles(const RoleClient& client, AccessListRequest request,
                               CallOptions options) {
  return by_page_number<RoleInfo>(
      std::move(request), std::move(options),
      [client](const AccessListRequest& page_request, const CallOptions& call) {
        auto response = client.list(page_request, call);
        return Page<RoleInfo>{std::move(response.role_list), response.total};
      },
      &AccessListRequest::page);
}

PagedRange<AuditLog> all_user_logs(const AuditLogClient& client, AccessListRequest request,
                                   CallOptions options) {
  return by_page_number<AuditLog>(
      std::move(request), std::move(options),
      [client](const AccessListRequest& page_request, const CallOptions& call) {
        auto response = client.user_logs(page_request, call);
        return Page<AuditLog>{std::move(response.role_list), response.total};
      },
      &AccessListRequest::page);
}

PagedRange<AuditLog> all_role_logs(const AuditLogClient& client, AccessListRequest request,
                                   CallOptions options) {
  return by_page_number<AuditLog>(
      std::move(request), std::move(options),
      [client](const AccessListRequest& page_request, const CallOptions& call) {
        auto response = client.role_logs(page_request, call);
        return Page<AuditLog>{std::move(response.role_list), response.total};
      },
      &AccessListRequest::page);
}

}  // namespace moi
