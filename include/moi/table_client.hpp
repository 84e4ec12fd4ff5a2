// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// TableClient: catalog tables (`/catalog/table/...` at the host root).

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "moi/model/table.hpp"
#include "moi/options.hpp"
#include "moi/transport.hpp"
#include "moi/visibility.hpp"

namespace moi {

namespace detail {
class RequestRunner;
}  // namespace detail

/// Catalog tables: create, inspect, page rows, load, download, truncate and drop. Obtain one
/// from Client::tables().
///
/// SDK-only calls (no document describes them): their shape follows the official Go SDK.
/// They sit at the host root and are POSTs with a JSON body; the reads are retried like GETs,
/// create, load, truncate and delete are not retried automatically. Failures are moi::Error
/// subclasses (see moi/error.hpp): InvalidArgumentError before sending for an empty id or
/// name, ServiceError for a non-OK `code` with the service's message and request id.
/// Thread-safety: safe to use from several threads at once; cheap to copy.
class MOI_EXPORT TableClient {
 public:
  /// `/catalog/table/create`: creates a table and returns its id.
  std::string create_table(const CreateTableRequest& request,
                           const CallOptions& options = {}) const;

  /// `/catalog/table/info`: one table by id.
  TableInfo get_table(const std::string& table_id, const CallOptions& options = {}) const;
  /// `/catalog/table/info` for a table named by reference (a subscribed database's table:
  /// id "-1" with its database id and name).
  TableInfo get_table(const TableRef& table, const CallOptions& options = {}) const;

  /// `/catalog/table/multi_info`: several tables at once, keyed `"<database id> <table name>"`;
  /// tables the service does not know are absent (not an error).
  std::map<std::string, TableInfo> get_tables(const std::vector<TableRef>& tables,
                                              const CallOptions& options = {}) const;

  /// `/catalog/table/overview`: database name, table name and column names of every table
  /// the key can see.
  std::vector<TableOverview> overview(const CallOptions& options = {}) const;

  /// `/catalog/table/exist`: whether database @p database_id holds a table named @p name.
  bool table_exists(const std::string& database_id, const std::string& name,
                    const CallOptions& options = {}) const;

  /// `/catalog/table/data`: one page of rows (moi::table_rows pages through all of them).
  TableData get_rows(const TableDataRequest& request, const CallOptions& options = {}) const;

  /// `/catalog/table/load`: loads a data file (by URL) into the table; returns the rows
  /// loaded when the service says. Not retried automatically.
  TableLoadResult load_table(const TableLoadRequest& request,
                             const CallOptions& options = {}) const;

  /// `/catalog/table/download`: a signed link to the table's data.
  std::string download_link(const std::string& table_id, const CallOptions& options = {}) const;

  /// `/catalog/table/download_data`: the table as CSV, handed to @p sink chunk by chunk as it
  /// arrives (never held whole). The call's timeout bounds silence, not length; the deadline
  /// and cancellation of @p options apply. A JSON answer is decoded as an error (a service
  /// error, or DecodeError when it claims success); what @p sink throws is rethrown. Never
  /// retried once a chunk reached @p sink. moi::download_table writes it to a file safely.
  void download_data(const std::string& table_id, const BodySink& sink,
                     const CallOptions& options = {}) const;

  /// `/catalog/table/truncate`: removes every row, keeps the table. Not retried automatically.
  void truncate_table(const std::string& table_id, const CallOptions& options = {}) const;

  /// `/catalog/table/delete`: drops the table. Not retried automatically.
  void delete_table(const std::string& table_id, const CallOptions& options = {}) const;

  /// `/catalog/table/full_path`: the catalog/database/table path of each id.
  std::vector<TableFullPath> full_path(const std::vector<std::string>& table_ids,
                                       const CallOptions& options = {}) const;

  /// `/catalog/table/ref_list`: what refers to the table.
  std::vector<TableReference> ref_list(const std::string& table_id,
                                       const CallOptions& options = {}) const;

 private:
  friend class Client;  // hands out resource clients (Client::tables())
  explicit TableClient(std::shared_ptr<const detail::RequestRunner> runner);

  std::shared_ptr<const detail::RequestRunner> runner_;
};

}  // namespace moi
