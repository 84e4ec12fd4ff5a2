// SPDX-License-Identifier: Apache-2.0
// The connector examples of docs/data-in.md, one per source type, each between its two
// `// [name]` markers. ctest runs this program against a moi-emulator
// (test doc_snippet_connectors): every connector is created, found by name and validated.

#include <moi/moi.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

std::vector<moi::CreateConnectorRequest> connector_requests() {
  std::vector<moi::CreateConnectorRequest> requests;
  {
    // [s3]
    moi::CreateConnectorRequest request;
    request.name = "exports-s3";
    request.source_type = moi::ConnectorSourceType::kS3;
    moi::S3ConnectorConfig s3;
    s3.endpoint = "s3.us-east-1.amazonaws.com";
    s3.access_key_id = "AKIAEXAMPLE";
    s3.access_key_secret = "example-secret";  // never shown in errors or logs
    s3.bucket_name = "moi-exports";
    s3.region = "us-east-1";
    s3.path_style = false;  // virtual-hosted style; true for path style (MinIO, ...)
    request.s3 = s3;
    // [s3]
    requests.push_back(request);
  }
  {
    // [oss]
    moi::CreateConnectorRequest request;
    request.name = "exports-oss";
    request.source_type = moi::ConnectorSourceType::kOss;
    moi::OssConnectorConfig oss;
    oss.endpoint = "oss-cn-hangzhou.aliyuncs.com";
    oss.access_key_id = "LTAIEXAMPLE";
    oss.access_key_secret = "example-secret";
    oss.bucket_name = "moi-exports";
    request.oss = oss;
    // [oss]
    requests.push_back(request);
  }
  {
    // [matrixone]
    moi::CreateConnectorRequest request;
    request.name = "exports-matrixone";
    request.source_type = moi::ConnectorSourceType::kMatrixOne;
    moi::MoConnectorConfig mo;
    mo.host = "db.example.com";
    mo.port = 6001;
    mo.username = "admin";
    mo.password = "example-password";
    request.mo = mo;
    // [matrixone]
    requests.push_back(request);
  }
  {
    // [dify]
    moi::CreateConnectorRequest request;
    request.name = "exports-dify";
    request.source_type = moi::ConnectorSourceType::kDify;
    moi::DifyConnectorConfig dify;
    dify.api_url = "https://api.dify.ai/v1";
    dify.api_key = "example-dify-key";
    request.dify = dify;
    // [dify]
    requests.push_back(request);
  }
  {
    // [hdfs]
    moi::CreateConnectorRequest request;
    request.name = "imports-hdfs";
    request.source_type = moi::ConnectorSourceType::kHdfs;
    moi::HdfsConnectorConfig hdfs;
    hdfs.address = "172.21.107.12:8020";
    hdfs.auth_type = 1;  // as in the documents' example; its values are not documented
    hdfs.username = "hadoop";
    hdfs.file_path = "/data/inbox";
    request.hdfs = hdfs;
    // [hdfs]
    requests.push_back(request);
  }
  return requests;
}

}  // namespace

int main() {
  try {
    const moi::Client client = moi::Client::from_env();
    const moi::ConnectorClient connectors = client.connectors();
    for (const moi::CreateConnectorRequest& request : connector_requests()) {
      // [create-and-find]
      connectors.create(request);  // answers no id
      const moi::Connector connector = moi::find_connector_by_name(connectors, request.name);
      const moi::ConnectorValidation check =
          connectors.validate(moi::ValidateConnectorRequest::from(request));
      std::cout << connector.id.value_or("?") << " " << request.name << ": "
                << (check.valid.value_or(false) ? "valid" : check.message.value_or("invalid"))
                << "\n";
      // [create-and-find]
    }
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "connector snippets failed: " << error.what() << "\n";
    return 1;
  }
}
