// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// moi::Client, the entry point of the SDK.

#include <memory>

#include "moi/access_client.hpp"
#include "moi/catalog_client.hpp"
#include "moi/connector_client.hpp"
#include "moi/data_asking_client.hpp"
#include "moi/error.hpp"
#include "moi/export_client.hpp"
#include "moi/file_client.hpp"
#include "moi/folder_client.hpp"
#include "moi/genai_client.hpp"
#include "moi/job_client.hpp"
#include "moi/llm_client.hpp"
#include "moi/load_task_client.hpp"
#include "moi/options.hpp"
#include "moi/table_client.hpp"
#include "moi/visibility.hpp"
#include "moi/workflow_client.hpp"

namespace moi {

namespace detail {
class RequestRunner;
struct ClientAccess;
}  // namespace detail

/// Entry point of the SDK: owns the options and the transport and hands out the resource
/// clients. Cheap to copy (copies share one connection pool).
///
/// Thread-safety: a Client and the resource clients it hands out may be used from any number
/// of threads at once.
class MOI_EXPORT Client {
 public:
  /// Validates @p options and prepares the transport; sends nothing.
  /// @throws InvalidArgumentError when the base URL has no http/https scheme or no host, the
  ///         API key is empty, a header value holds a control character, or a timeout or retry
  ///         setting is out of range. The message names the option and never the key's value.
  explicit Client(ClientOptions options);

  /// Client(ClientOptions::from_env()): reads MOI_BASE_URL and MOI_API_KEY.
  /// @throws InvalidArgumentError when either is missing or invalid.
  static Client from_env();

  /// Workflows (W1-W7) and branches (B1-B5).
  WorkflowClient workflows() const { return WorkflowClient(runner_); }
  /// Jobs and their files (J1-J5).
  JobClient jobs() const { return JobClient(runner_); }
  /// Export tasks (E1-E6).
  ExportClient exports() const { return ExportClient(runner_); }
  /// Catalogs, databases and volumes (host root, `/catalog/...`).
  CatalogClient catalog() const { return CatalogClient(runner_); }
  /// Files of volumes and local uploads (host root).
  FileClient files() const { return FileClient(runner_); }
  /// Folders inside volumes (host root, `/catalog/folder/...`).
  FolderClient folders() const { return FolderClient(runner_); }
  /// Load tasks started by uploads (host root, `/task/...`).
  LoadTaskClient load_tasks() const { return LoadTaskClient(runner_); }
  /// Connectors (host root, `/connectors...`).
  ConnectorClient connectors() const { return ConnectorClient(runner_); }
  /// Catalog tables: create, inspect, rows, load, download, truncate, drop.
  TableClient tables() const { return TableClient(runner_); }
  /// The GenAI atomic pipeline (host root, `/v1/genai/...`).
  GenaiClient genai() const { return GenaiClient(runner_); }
  /// The LLM proxy: chat sessions, messages and chat completions (`/llm-proxy`, or
  /// ClientOptions::llm_proxy_url).
  LlmClient llm() const { return LlmClient(runner_); }
  /// Data asking (a streamed analysis), NL2SQL and business knowledge
  /// (`/byoa/api/v1/data_asking`, host root `/catalog/nl2sql...`).
  DataAskingClient data_asking() const { return DataAskingClient(runner_); }
  /// Users, and the caller's own info and API key (host root, `/user/...`).
  UserClient users() const { return UserClient(runner_); }
  /// Roles and their privileges (host root, `/role/...`, `/rbac/priv/...`).
  RoleClient roles() const { return RoleClient(runner_); }
  /// Audit logs of user and role operations (host root, `/log/...`).
  AuditLogClient audit_logs() const { return AuditLogClient(runner_); }

  /// A client that sends @p api_key instead of this client's key (a per-user client of a
  /// multi-user application): it shares this client's transport and connection pool, base
  /// URLs, timeouts, retry policy, logger and User-Agent. Cheap (no connection is opened);
  /// safe to call and to use from many threads at once.
  /// @throws InvalidArgumentError when @p api_key is empty or holds a control character (the
  ///         message never shows the key).
  Client with_api_key(std::string api_key) const;

  /// `GET /healthz`: whether the service answers (a bare `{"status": "ok"}`, no envelope).
  /// Sends the key like every call. @throws the moi::Error subclasses of moi/error.hpp (an
  /// unhealthy service answers an error status: HttpError).
  HealthStatus health(const CallOptions& options = {}) const;

  /// The options in force (the API key included: do not print them).
  const ClientOptions& options() const noexcept;

 private:
  friend struct detail::ClientAccess;  // the library's internals and its tests
  explicit Client(std::shared_ptr<const detail::RequestRunner> runner);
  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
