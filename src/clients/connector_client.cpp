// SPDX-License-Identifier: Apache-2.0
#include "moi/connector_client.hpp"

#include <utility>

#include "clients/endpoints.hpp"
#include "clients/validate.hpp"

namespace moi {

using detail::make_call;
namespace ep = detail::endpoints;

namespace {

struct Required {
  const char* name;
  bool present;
};

bool set(const std::optional<std::string>& value) { return value && !value->empty(); }

// The config object that @p type needs and its required fields, checked before sending: a
// missing one is named (never its value: configs hold secrets).
template <class Request>
void check_config(ConnectorSourceType type, const Request& request) {
  const std::string type_name = to_string(type);
  auto require = [&type_name](const char* object, std::initializer_list<Required> fields) {
    for (const Required& field : fields) {
      if (!field.present) {
        throw InvalidArgumentError(std::string("connector config ") + object + "." + field.name +
                                   " is missing (required for source_type " + type_name + ")");
      }
    }
  };
  auto missing_object = [&type_name](const char* object) {
    throw InvalidArgumentError(std::string("connector config '") + object +
                               "' is missing (required for source_type " + type_name + ")");
  };
  switch (type) {
    case ConnectorSourceType::kDify:
      if (!request.dify) missing_object("dify");
      require("dify",
              {{"api_url", set(request.dify->api_url)}, {"api_key", set(request.dify->api_key)}});
      return;
    case ConnectorSourceType::kHdfs:
      if (!request.hdfs) missing_object("hdfs");
      require("hdfs", {{"address", set(request.hdfs->address)}});
      return;
    case ConnectorSourceType::kMatrixOne:
      if (!request.mo) missing_object("mo");
      require("mo", {{"host", set(request.mo->host)},
                     {"port", request.mo->port.has_value()},
                     {"username", set(request.mo->username)}});
      return;
    case ConnectorSourceType::kOss:
      if (!request.oss) missing_object("oss");
      require("oss", {{"endpoint", set(request.oss->endpoint)},
                      {"access_key_id", set(request.oss->access_key_id)},
                      {"access_key_secret", set(request.oss->access_key_secret)},
                      {"bucket_name", set(request.oss->bucket_name)}});
      return;
    case ConnectorSourceType::kS3:
      if (!request.s3) missing_object("s3");
      require("s3", {{"endpoint", set(request.s3->endpoint)},
                     {"access_key_id", set(request.s3->access_key_id)},
                     {"access_key_secret", set(request.s3->access_key_secret)},
                     {"bucket_name", set(request.s3->bucket_name)}});
      return;
  }
  // A source type the SDK does not know: the service decides.
}

}  // namespace

ConnectorClient::ConnectorClient(std::shared_ptr<const detail::RequestRunner> runner)
    : runner_(std::move(runner)) {}

void ConnectorClient::create(const CreateConnectorRequest& request,
                             const CallOptions& options) const {
  detail::require_non_empty("connector name", request.name);
  check_config(request.source_type, request);
  auto call = make_call(ep::kK1CreateConnector);
  call.body = Json(request);
  runner_->run_void(call, options);
}

ConnectorValidation ConnectorClient::validate(const ValidateConnectorRequest& request,
                                              const CallOptions& options) const {
  if (!request.connector_id || request.connector_id->empty()) {
    if (!request.source_type) {
      throw InvalidArgumentError("validate needs a source_type with its config, or a connector_id");
    }
    check_config(*request.source_type, request);
  }
  auto call = make_call(ep::kK2ValidateConnector);
  call.body = Json(request);
  return runner_->run_as<ConnectorValidation>(call, options);
}

ConnectorListResponse ConnectorClient::list(const ListConnectorsRequest& request,
                                            const CallOptions& options) const {
  detail::require_at_least("page", request.page, 1);
  detail::require_at_least("page_size", request.page_size, 1);
  auto call = make_call(ep::kK3ListConnectors);
  auto& query = call.query;
  if (request.keyword) query.add("keyword", *request.keyword);
  if (request.page) query.add("page", *request.page);
  if (request.page_size) query.add("page_size", *request.page_size);
  if (request.source_type)
    query.add("source_type", static_cast<std::int64_t>(*request.source_type));
  query.add_each("source_type_list", request.source_type_list);
  if (request.status) query.add("status", *request.status);
  for (const auto& status : request.status_list) query.add("status_list", status);
  query.add_each("usage_type", request.usage_type);
  if (request.is_desc) query.add_bool("is_desc", *request.is_desc);
  if (request.order_by) query.add("order_by", *request.order_by);
  return runner_->run_as<ConnectorListResponse>(call, options);
}

void ConnectorClient::update(const std::string& connector_id, const UpdateConnectorRequest& request,
                             const CallOptions& options) const {
  auto call = make_call(ep::kK4UpdateConnector, {{"connector_id", connector_id}});
  call.body = Json(request);
  runner_->run_void(call, options);
}

void ConnectorClient::remove(const std::string& connector_id, const CallOptions& options) const {
  runner_->run_void(make_call(ep::kK5DeleteConnector, {{"connector_id", connector_id}}), options);
}

ConnectorFilesResponse ConnectorClient::list_files(const ListConnectorFilesRequest& request,
                                                   const CallOptions& options) const {
  detail::require_non_empty("connector_id", request.connector_id);
  detail::require_at_least("limit", request.limit, 1);
  auto call = make_call(ep::kK6ListConnectorFiles);
  call.query.add("connector_id", request.connector_id);
  call.query.add_each("file_types", request.file_types);
  if (request.dir) call.query.add("dir", *request.dir);
  if (request.cursor) call.query.add("cursor", *request.cursor);
  if (request.limit) call.query.add("limit", *request.limit);
  return runner_->run_as<ConnectorFilesResponse>(call, options);
}

ConnectorSummary ConnectorClient::summary(const CallOptions& options) const {
  return runner_->run_as<ConnectorSummary>(make_call(ep::kK7ConnectorSummary), options);
}

}  // namespace moi
