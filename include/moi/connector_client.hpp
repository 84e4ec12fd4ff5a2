// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// ConnectorClient: connectors (`/connectors...` at the host root).

#include <memory>
#include <string>

#include "moi/model/connector.hpp"
#include "moi/options.hpp"
#include "moi/visibility.hpp"

namespace moi {

namespace detail {
class RequestRunner;
}  // namespace detail

/// Connectors: where exports write and loads read. Obtain one from Client::connectors().
///
/// create() and validate() check the request before sending: the config member matching
/// `source_type` must be set with its required fields (Dify api_url; HDFS address; MatrixOne
/// host, port, username; OSS and S3 endpoint, access_key_id, bucket_name), else
/// InvalidArgumentError naming the field. Secrets never appear in errors or log lines.
/// Failures are moi::Error subclasses as in CatalogClient. Thread-safety: safe to use from
/// several threads at once; cheap to copy.
class MOI_EXPORT ConnectorClient {
 public:
  /// `POST /connectors`: creates a connector. The service answers no id: find it with
  /// find_connector_by_name(). Not retried automatically.
  void create(const CreateConnectorRequest& request, const CallOptions& options = {}) const;

  /// `POST /connectors/validate`: whether the service can use a configuration (or a stored
  /// connector's).
  ConnectorValidation validate(const ValidateConnectorRequest& request,
                               const CallOptions& options = {}) const;

  /// `GET /connectors/list`: one page of connectors, secrets included as sent (mask them
  /// with mask_secrets() before showing them). all_connectors() iterates every page.
  ConnectorListResponse list(const ListConnectorsRequest& request = {},
                             const CallOptions& options = {}) const;

  /// `PUT /connectors/{id}`: updates a connector's name, config or usage types.
  void update(const std::string& connector_id, const UpdateConnectorRequest& request,
              const CallOptions& options = {}) const;

  /// `DELETE /connectors/{id}`: deletes a connector.
  void remove(const std::string& connector_id, const CallOptions& options = {}) const;

  /// `GET /connectors/files/list`: one page of the files a connector reaches (`cursor`).
  ConnectorFilesResponse list_files(const ListConnectorFilesRequest& request,
                                    const CallOptions& options = {}) const;

  /// `GET /connectors/summary`: how much data each source holds (SW's shape; every member
  /// optional).
  ConnectorSummary summary(const CallOptions& options = {}) const;

 private:
  friend class Client;  // hands out resource clients (Client::connectors())
  explicit ConnectorClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
