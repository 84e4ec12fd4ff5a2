// SPDX-License-Identifier: Apache-2.0
#pragma once

/// @file
/// Connectors (`/connectors...` at the host root): where exports write and loads read.
///
/// Conventions as in moi/model/common.hpp. The service answers connector secrets
/// (`api_key`, `password`, `access_key_secret`, `session_token`) in plain text; the SDK keeps
/// them (a round trip must not lose them) but never puts them in an error or a log line, and
/// mask_secrets() gives a copy safe to show.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "moi/model/common.hpp"
#include "moi/model/enums.hpp"
#include "moi/visibility.hpp"

namespace moi {

/// `dify`: a Dify knowledge base.
struct DifyConnectorConfig {
  std::optional<std::string> api_key{};  ///< Secret.
  std::optional<std::string> api_url{};  ///< e.g. "https://api.dify.ai/v1" (required).
  Json extra{};                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};        ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(DifyConnectorConfig);

/// `hdfs`: an HDFS cluster.
struct HdfsConnectorConfig {
  std::optional<std::string> address{};     ///< "host:port" (required).
  std::optional<std::int64_t> auth_type{};  ///< Authentication kind (undocumented numbers).
  std::optional<std::string> username{};    ///< User name.
  std::optional<std::string> file_path{};   ///< Base path.
  Json extra{};                             ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};           ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(HdfsConnectorConfig);

/// `mo`: a MatrixOne database.
struct MoConnectorConfig {
  std::optional<std::string> host{};      ///< Host name (required).
  std::optional<std::int64_t> port{};     ///< e.g. 6001 (required).
  std::optional<std::string> username{};  ///< User name (required).
  std::optional<std::string> password{};  ///< Secret.
  Json extra{};                           ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};         ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(MoConnectorConfig);

/// `oss`: an Alibaba Cloud OSS bucket.
struct OssConnectorConfig {
  std::optional<std::string> endpoint{};           ///< e.g. "oss-cn-hangzhou.aliyuncs.com".
  std::optional<std::string> access_key_id{};      ///< Access key id (required).
  std::optional<std::string> access_key_secret{};  ///< Secret.
  std::optional<std::string> bucket_name{};        ///< Bucket (required).
  Json extra{};                                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(OssConnectorConfig);

/// `s3`: an S3 or S3-compatible bucket.
struct S3ConnectorConfig {
  std::optional<std::string> endpoint{};           ///< Endpoint URL or host (required).
  std::optional<std::string> access_key_id{};      ///< Access key id (required).
  std::optional<std::string> access_key_secret{};  ///< Secret.
  std::optional<std::string> bucket_name{};        ///< Bucket (required).
  std::optional<std::string> region{};             ///< e.g. "us-east-1".
  std::optional<bool> path_style{};                ///< true: path style; false: virtual host.
  std::optional<std::string> session_token{};      ///< Secret (temporary credentials).
  Json extra{};                                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(S3ConnectorConfig);

/// Body of `POST /connectors` (create). Set the config member matching `source_type`;
/// ConnectorClient::create() checks it and its required fields before sending.
struct CreateConnectorRequest {
  std::string name{};                                          ///< Connector name (required).
  ConnectorSourceType source_type = ConnectorSourceType::kS3;  ///< Kind.
  std::optional<DifyConnectorConfig> dify{};                   ///< For kDify.
  std::optional<HdfsConnectorConfig> hdfs{};                   ///< For kHdfs.
  std::optional<MoConnectorConfig> mo{};                       ///< For kMatrixOne.
  std::optional<OssConnectorConfig> oss{};                     ///< For kOss.
  std::optional<S3ConnectorConfig> s3{};                       ///< For kS3.
  std::optional<std::vector<std::int64_t>> usage_type{};       ///< Usage kinds (undocumented).
  Json extra{};                    ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(CreateConnectorRequest);

/// Body of `PUT /connectors/{id}` (update): as create, without `source_type`.
struct UpdateConnectorRequest {
  std::optional<std::string> name{};                      ///< New name.
  std::optional<DifyConnectorConfig> dify{};              ///< New Dify config.
  std::optional<HdfsConnectorConfig> hdfs{};              ///< New HDFS config.
  std::optional<MoConnectorConfig> mo{};                  ///< New MatrixOne config.
  std::optional<OssConnectorConfig> oss{};                ///< New OSS config.
  std::optional<S3ConnectorConfig> s3{};                  ///< New S3 config.
  std::optional<std::vector<std::int64_t>> usage_type{};  ///< Usage kinds.
  Json extra{};                                           ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(UpdateConnectorRequest);

/// Body of `POST /connectors/validate`: a configuration (source_type + its config) or the id
/// of a stored connector.
struct ValidateConnectorRequest {
  std::optional<ConnectorSourceType> source_type{};  ///< Kind of the config below.
  std::optional<std::string> connector_id{};         ///< A stored connector (a JSON integer).
  std::optional<DifyConnectorConfig> dify{};         ///< For kDify.
  std::optional<HdfsConnectorConfig> hdfs{};         ///< For kHdfs.
  std::optional<MoConnectorConfig> mo{};             ///< For kMatrixOne.
  std::optional<OssConnectorConfig> oss{};           ///< For kOss.
  std::optional<S3ConnectorConfig> s3{};             ///< For kS3.
  Json extra{};                                      ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.

  /// The request validating the configuration of @p create (its type and config).
  MOI_EXPORT static ValidateConnectorRequest from(const CreateConnectorRequest& create);
};
MOI_MODEL_JSON(ValidateConnectorRequest);

/// `data` of `POST /connectors/validate`.
struct ConnectorValidation {
  std::optional<bool> valid{};           ///< Whether the service could use the config.
  std::optional<std::string> message{};  ///< Why not, when the service says.
  Json extra{};                          ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};        ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ConnectorValidation);

/// Query of `GET /connectors/list`. Unset members are not sent.
struct ListConnectorsRequest {
  std::optional<std::string> keyword{};                 ///< Name contains this.
  std::optional<std::int64_t> page{};                   ///< 1-based; server default 1.
  std::optional<std::int64_t> page_size{};              ///< Server default 10.
  std::optional<ConnectorSourceType> source_type{};     ///< Only this kind.
  std::vector<ConnectorSourceType> source_type_list{};  ///< Only these kinds.
  std::optional<std::string> status{};                  ///< e.g. "active".
  std::vector<std::string> status_list{};               ///< Only these statuses.
  std::vector<std::int64_t> usage_type{};               ///< Only these usage kinds.
  std::optional<bool> is_desc{};                        ///< Descending; default false.
  std::optional<std::string> order_by{};                ///< e.g. "created_at".
};

/// One connector of `GET /connectors/list`, secrets included as the service sends them.
struct Connector {
  std::optional<std::string> id{};                   ///< Connector id (an integer on the wire).
  std::optional<ConnectorSourceType> source_type{};  ///< Kind.
  std::optional<std::string> name{};                 ///< Name.
  std::optional<std::string> status{};               ///< e.g. "active".
  Timestamp created_at{};                            ///< Unix seconds on the wire.
  Timestamp updated_at{};                            ///< Unix seconds on the wire.
  std::optional<std::string> username{};             ///< Creator.
  std::vector<std::string> related_task_ids{};       ///< Load tasks using it (19-digit ids).
  std::optional<std::vector<std::int64_t>> usage_type{};  ///< Usage kinds.
  std::optional<DifyConnectorConfig> dify{};              ///< Dify config.
  std::optional<HdfsConnectorConfig> hdfs{};              ///< HDFS config.
  std::optional<MoConnectorConfig> mo{};                  ///< MatrixOne config.
  std::optional<OssConnectorConfig> oss{};                ///< OSS config.
  std::optional<S3ConnectorConfig> s3{};                  ///< S3 config.
  Json extra{};                                           ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(Connector);

/// A copy of @p connector whose secrets read "***": safe to print. Secrets are the modelled
/// api_key, password, access_key_secret and session_token, and inside `extra` (objects and
/// arrays, at any depth) every field whose name, lower-cased with `_` and `-` removed, contains
/// password, passwd, secret, token, privatekey, apikey, credential or authorization (its whole
/// value is masked). Does not throw other than std::bad_alloc.
MOI_EXPORT Connector mask_secrets(const Connector& connector);

/// `data` of `GET /connectors/list`. `connectors` is empty when absent or null.
struct ConnectorListResponse {
  std::vector<Connector> connectors{};  ///< This page.
  std::optional<std::int64_t> total{};  ///< Matching connectors in all pages.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ConnectorListResponse);

/// Query of `GET /connectors/files/list`. Unset members are not sent.
struct ListConnectorFilesRequest {
  std::string connector_id{};              ///< The connector (required).
  std::vector<std::int64_t> file_types{};  ///< Only these FileType numbers.
  std::optional<std::string> dir{};        ///< Folder to list.
  std::optional<std::string> cursor{};     ///< From the previous page's `cursor`.
  std::optional<std::int64_t> limit{};     ///< Files per page.
};

/// One file a connector can reach.
struct ConnectorFile {
  std::optional<std::string> uri{};       ///< Object URI.
  std::optional<std::string> filename{};  ///< File name.
  std::optional<std::int64_t> size{};     ///< Bytes.
  std::optional<Json> type{};             ///< Type as sent.
  Json extra{};                           ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};         ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ConnectorFile);

/// `data` of `GET /connectors/files/list`.
struct ConnectorFilesResponse {
  std::vector<ConnectorFile> files{};   ///< This page.
  std::optional<std::string> cursor{};  ///< Pass it back for the next page.
  std::optional<bool> has_more{};       ///< More pages follow.
  Json extra{};                         ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};       ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ConnectorFilesResponse);

/// Files of one source in `GET /connectors/summary`.
struct FileSourceSummary {
  std::optional<std::int64_t> file_count{};       ///< Files.
  std::optional<std::int64_t> size{};             ///< Bytes.
  std::optional<std::int64_t> doc_data_size{};    ///< Bytes of documents.
  std::optional<std::int64_t> image_data_size{};  ///< Bytes of images.
  Json extra{};                                   ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(FileSourceSummary);

/// Tables of the MatrixOne cloud in `GET /connectors/summary`.
struct TableDataSummary {
  std::optional<std::int64_t> data_size{};    ///< Bytes.
  std::optional<std::int64_t> table_count{};  ///< Tables.
  Json extra{};                               ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};             ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(TableDataSummary);

/// `data` of `GET /connectors/summary` (SW's shape; the documents show no answer): every key
/// is optional.
struct ConnectorSummary {
  std::optional<FileSourceSummary> local_file{};      ///< Uploaded local files.
  std::optional<FileSourceSummary> baidu_netdisk{};   ///< Files from Baidu Netdisk.
  std::optional<TableDataSummary> mocloud_summary{};  ///< Tables.
  Json extra{};                                       ///< Unknown keys (null or an object).
  detail::WireMemoHolder wire_{};  ///< Internal: how the value arrived; never set it.
};
MOI_MODEL_JSON(ConnectorSummary);

}  // namespace moi
