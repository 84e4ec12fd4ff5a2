// SPDX-License-Identifier: Apache-2.0
// connector actions (K1-K6, at the host root). Secrets: the service answers them in plain
// text; `--output table` always masks them (moi::mask_secrets), JSON output masks them unless
// --show-secrets is given. A configuration comes from --json (the config object of the type:
// inline, @FILE or stdin, so secrets need not sit in the shell's history) and per-field flags,
// which override its fields.
#include <limits>
#include <set>

#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/data_flow.hpp"
#include "moi/helpers/pagination.hpp"

namespace moi::cli {
namespace {

// The configuration members of create, validate and update.
struct Configs {
  std::optional<DifyConnectorConfig> dify;
  std::optional<HdfsConnectorConfig> hdfs;
  std::optional<MoConnectorConfig> mo;
  std::optional<OssConnectorConfig> oss;
  std::optional<S3ConnectorConfig> s3;

  template <class Request>
  void move_into(Request& request) {
    request.dify = std::move(dify);
    request.hdfs = std::move(hdfs);
    request.mo = std::move(mo);
    request.oss = std::move(oss);
    request.s3 = std::move(s3);
  }
};

ConnectorSourceType parse_type(const std::string& text) {
  const auto type = parse_connector_source_type(text);
  if (!type) {
    throw UsageError("--type must be dify, hdfs, mo, oss or s3, got \"" + text + "\"");
  }
  return *type;
}

// Reads the configuration flags that apply to one type and refuses the others.
class ConfigFlags {
 public:
  ConfigFlags(const Invocation& inv, std::string type_name)
      : inv_(inv), type_name_(std::move(type_name)) {}

  void text(const char* flag, std::optional<std::string>& member) {
    used_.insert(flag);
    if (auto value = inv_.option(flag)) member = std::move(*value);
  }
  void port(const char* flag, std::optional<std::int64_t>& member) {
    used_.insert(flag);
    if (auto value = inv_.integer(flag, 1, 65535)) member = *value;
  }
  void boolean(const char* flag, std::optional<bool>& member) {
    used_.insert(flag);
    if (inv_.flag(flag)) member = true;
  }

  // A configuration flag given that the type does not have is a usage error.
  void finish() const {
    for (const OptionSpec& spec : connector_config_options()) {
      if (inv_.flag(spec.name) && used_.count(spec.name) == 0) {
        throw UsageError(std::string(spec.name) + " does not apply to --type " + type_name_);
      }
    }
  }

 private:
  const Invocation& inv_;
  std::string type_name_;
  std::set<std::string> used_;
};

// True when a configuration flag was given.
bool any_config_flag(const Invocation& inv) {
  for (const OptionSpec& spec : connector_config_options()) {
    if (inv.flag(spec.name)) return true;
  }
  return false;
}

// The config object in @p json: the object itself, or (accepted too) {"<type>": {...}}.
Json config_of(const Json& json, const std::string& type_name) {
  if (!json.is_object()) throw UsageError("--json: the configuration must be a JSON object");
  if (json.size() == 1 && json.contains(type_name) && json.at(type_name).is_object()) {
    return json.at(type_name);
  }
  return json;
}

// The configuration of @p type from @p json (its config object) and the flags.
Configs read_config(const Invocation& inv, ConnectorSourceType type, const Json& json) {
  const std::string name = to_string(type);
  ConfigFlags flags(inv, name);
  Configs configs;
  switch (type) {
    case ConnectorSourceType::kDify: {
      auto config = decode_body<DifyConnectorConfig>(json);
      flags.text("--api-url", config.api_url);
      flags.text("--dify-api-key", config.api_key);
      configs.dify = std::move(config);
      break;
    }
    case ConnectorSourceType::kHdfs: {
      auto config = decode_body<HdfsConnectorConfig>(json);
      flags.text("--address", config.address);
      flags.text("--username", config.username);
      flags.text("--file-path", config.file_path);
      configs.hdfs = std::move(config);
      break;
    }
    case ConnectorSourceType::kMatrixOne: {
      auto config = decode_body<MoConnectorConfig>(json);
      flags.text("--host", config.host);
      flags.port("--port", config.port);
      flags.text("--username", config.username);
      flags.text("--password", config.password);
      configs.mo = std::move(config);
      break;
    }
    case ConnectorSourceType::kOss: {
      auto config = decode_body<OssConnectorConfig>(json);
      flags.text("--endpoint", config.endpoint);
      flags.text("--access-key-id", config.access_key_id);
      flags.text("--access-key-secret", config.access_key_secret);
      flags.text("--bucket", config.bucket_name);
      configs.oss = std::move(config);
      break;
    }
    case ConnectorSourceType::kS3: {
      auto config = decode_body<S3ConnectorConfig>(json);
      flags.text("--endpoint", config.endpoint);
      flags.text("--access-key-id", config.access_key_id);
      flags.text("--access-key-secret", config.access_key_secret);
      flags.text("--bucket", config.bucket_name);
      flags.text("--region", config.region);
      flags.boolean("--path-style", config.path_style);
      flags.text("--session-token", config.session_token);
      configs.s3 = std::move(config);
      break;
    }
    default:
      throw UsageError("--type " + name + " has no configuration the CLI knows");
  }
  flags.finish();
  return configs;
}

// The configuration of @p type from --json (a config object) and the flags.
Configs read_config(const Invocation& inv, ConnectorSourceType type) {
  return read_config(inv, type, inv.json ? config_of(*inv.json, to_string(type)) : Json::object());
}

// `connector create --json` given the whole K1 body rather than a config object: it has
// "name" or "source_type", which no configuration has.
bool is_create_body(const std::optional<Json>& json) {
  return json && json->is_object() && (json->contains("name") || json->contains("source_type"));
}

// The K1 body of --json with --name and --type over it; its config comes from the member
// named by the type, overridden by the configuration flags.
CreateConnectorRequest create_request_from_body(const Invocation& inv) {
  Json body = *inv.json;
  if (const auto name = inv.option("--name")) body["name"] = *name;
  if (const auto type = inv.option("--type")) {
    body["source_type"] = static_cast<std::int32_t>(parse_type(*type));
  } else if (const auto given = body.find("source_type");
             given != body.end() && given->is_string()) {
    body["source_type"] = static_cast<std::int32_t>(parse_type(given->get<std::string>()));
  }
  if (!body.contains("name")) throw UsageError("--name (or \"name\" in --json) is required");
  if (!body.contains("source_type")) {
    throw UsageError(
        "--type (or \"source_type\" in --json) is required (dify, hdfs, mo, oss "
        "or s3)");
  }
  auto request = decode_body<CreateConnectorRequest>(body);
  const std::string type_name = to_string(request.source_type);
  const auto config = body.find(type_name);
  read_config(inv, request.source_type,
              config != body.end() && config->is_object() ? *config : Json::object())
      .move_into(request);
  return request;
}

// A connector as printed: masked unless the JSON output was asked to show secrets.
Json connector_json(const Invocation& inv, const Connector& connector) {
  return inv.flag("--show-secrets") ? Json(connector) : Json(mask_secrets(connector));
}

std::vector<Connector> masked(const std::vector<Connector>& connectors) {
  std::vector<Connector> out;
  out.reserve(connectors.size());
  for (const auto& c : connectors) out.push_back(mask_secrets(c));
  return out;
}

}  // namespace

Result connector_create(const Invocation& inv) {
  CreateConnectorRequest request;
  if (is_create_body(inv.json)) {
    request = create_request_from_body(inv);
  } else {
    const auto name = inv.option("--name");
    if (!name) throw UsageError("--name (or \"name\" in --json) is required");
    const auto type_text = inv.option("--type");
    if (!type_text) throw UsageError("--type is required (dify, hdfs, mo, oss or s3)");
    request.name = *name;
    request.source_type = parse_type(*type_text);
    read_config(inv, request.source_type).move_into(request);
  }
  if (request.name.empty()) throw UsageError("--name: the connector name is empty");
  inv.client.connectors().create(request, inv.call);

  // The service answers no id: find the connector by its name.
  const std::string& name = request.name;
  try {
    const Connector created = find_connector_by_name(inv.client.connectors(), name, inv.call);
    return {connector_json(inv, created), connector_table({mask_secrets(created)})};
  } catch (const LookupError& error) {
    inv.diagnostics.line("moi: connector \"" + name + "\" was created, but " + error.what());
    return {};
  }
}

Result connector_validate(const Invocation& inv) {
  ValidateConnectorRequest request;
  if (const auto id = inv.option("--id")) {
    if (inv.flag("--type") || inv.json || any_config_flag(inv)) {
      throw UsageError(
          "--id validates a stored connector: give no --type, --json or "
          "configuration flags with it");
    }
    request.connector_id = *id;
  } else {
    const auto type_text = inv.option("--type");
    if (!type_text) throw UsageError("give --id, or --type with a configuration");
    request.source_type = parse_type(*type_text);
    read_config(inv, *request.source_type).move_into(request);
  }
  const ConnectorValidation answer = inv.client.connectors().validate(request, inv.call);
  Result result{answer};
  if (answer.valid && !*answer.valid) {
    result.exit_code = kExitWaitFailed;
    inv.diagnostics.line(
        "moi: the connector configuration is not valid" +
        (answer.message && !answer.message->empty() ? ": " + *answer.message : std::string()));
  }
  return result;
}

Result connector_list(const Invocation& inv) {
  ListConnectorsRequest request = list_connectors_query(inv.json);
  if (const auto keyword = inv.option("--keyword")) request.keyword = *keyword;
  if (const auto type = inv.option("--type")) request.source_type = parse_type(*type);
  if (const auto page = inv.integer("--page", 1, std::numeric_limits<std::int32_t>::max())) {
    request.page = *page;
  }
  if (const auto size = inv.integer("--page-size", 1, std::numeric_limits<std::int32_t>::max())) {
    request.page_size = *size;
  }
  std::vector<Connector> connectors;
  Json data;
  if (inv.all && inv.stream_item) {
    for (const auto& c : all_connectors(inv.client.connectors(), request, inv.call)) {
      inv.stream_item(connector_json(inv, c));
    }
    Result result;
    result.streamed = true;
    return result;
  }
  if (inv.all) {
    for (const auto& c : all_connectors(inv.client.connectors(), request, inv.call)) {
      connectors.push_back(c);
    }
    data = Json::array();
    for (const auto& c : connectors) data.push_back(connector_json(inv, c));
  } else {
    ConnectorListResponse page = inv.client.connectors().list(request, inv.call);
    connectors = page.connectors;
    if (!inv.flag("--show-secrets")) page.connectors = masked(page.connectors);
    data = Json(page);
  }
  return {data, connector_table(masked(connectors))};
}

Result connector_update(const Invocation& inv) {
  UpdateConnectorRequest request;
  request.name = inv.option("--name");
  if (const auto type_text = inv.option("--type")) {
    read_config(inv, parse_type(*type_text)).move_into(request);
  } else if (inv.json || any_config_flag(inv)) {
    throw UsageError("--type is required with a configuration (it names the config to send)");
  }
  if (!request.name && !request.dify && !request.hdfs && !request.mo && !request.oss &&
      !request.s3) {
    throw UsageError("nothing to update: give --name, or --type with a configuration");
  }
  inv.client.connectors().update(inv.id, request, inv.call);
  return {};
}

Result connector_delete(const Invocation& inv) {
  inv.client.connectors().remove(inv.id, inv.call);
  return {};
}

Result connector_files(const Invocation& inv) {
  ListConnectorFilesRequest request = list_connector_files_query(inv.json);
  if (!inv.id.empty()) request.connector_id = inv.id;
  if (request.connector_id.empty()) {
    throw UsageError("CONNECTOR_ID (or \"connector_id\" in --json) is required");
  }
  if (const auto dir = inv.option("--dir")) request.dir = dir;
  if (const auto cursor = inv.option("--cursor")) request.cursor = cursor;
  if (const auto limit = inv.integer("--limit", 1, std::numeric_limits<std::int32_t>::max())) {
    request.limit = *limit;
  }
  const auto page = inv.client.connectors().list_files(request, inv.call);
  return {page, connector_file_table(page.files)};
}

}  // namespace moi::cli
