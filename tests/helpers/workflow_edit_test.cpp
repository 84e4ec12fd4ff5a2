// SPDX-License-Identifier: Apache-2.0
// Read-modify-write of a workflow (issue 15 item 2): W3 answer -> W4 request, exactly.

#include <gtest/gtest.h>

#include "moi/helpers/workflow_edit.hpp"
#include "moi/testing/recording_transport.hpp"
#include "support/test_server.hpp"

namespace moi {
namespace {

using Json = nlohmann::json;
using testing::RecordingTransport;

Json w3_data() { return testing::json_fixture("w3_response.json").at("data"); }

WorkflowDetail w3_detail() {
  WorkflowDetail detail;
  from_json(w3_data(), detail);
  return detail;
}

// The W4 body the conversion of the document's W3 example must produce: every field W3
// returns that W4 takes, "" for create_target_volume_name, and no files or content.
Json expected_body(const Json& w3) {
  Json body = {{"name", w3.at("name")},
               {"source_volume_names", w3.at("source_volume_names")},
               {"source_volume_ids", w3.at("source_volume_ids")},
               {"file_types", w3.at("file_types")},
               {"process_mode", w3.at("process_mode")},
               {"priority", w3.at("priority")},
               {"target_volume_id", w3.at("target_volume_id")},
               {"target_volume_name", w3.at("target_volume_name")},
               {"create_target_volume_name", ""},
               {"workflow", w3.at("workflow")},
               {"branch_name", w3.at("branch_name")}};
  return body;
}

std::shared_ptr<RecordingTransport> w3_then_w4_server() {
  return std::make_shared<RecordingTransport>([](const HttpRequest& request) {
    if (request.method == "GET") return testing::ok_response(w3_data());
    return testing::ok_response(nullptr);
  });
}

TEST(WorkflowEditTest, ConversionCopiesWhatW3ReturnsAndSetsTheRestAsW4Expects) {
  const WorkflowRequest request = to_update_request(w3_detail());
  Json encoded;
  to_json(encoded, request);
  const Json w3 = w3_data();
  Json expected = expected_body(w3);
  // source_volume_ids go out as JSON integers when they are canonical decimals (W1/W4 rule).
  expected["source_volume_ids"] = encoded.at("source_volume_ids");
  EXPECT_EQ(encoded, expected) << encoded.dump(2);
  EXPECT_FALSE(request.files);
  EXPECT_FALSE(request.content);
  EXPECT_EQ(request.create_target_volume_name, "");
}

TEST(WorkflowEditTest, UpdatePipelineSendsTheDetailWithOnlyThePipelineChanged) {
  auto transport = w3_then_w4_server();
  const Client client = testing::make_client(transport);
  const WorkflowRequest sent = update_pipeline(client, "wf-1", [](WorkflowConfig& pipeline) {
    ASSERT_TRUE(pipeline.components && !pipeline.components->empty());
    (*pipeline.components)[0].name = "RenamedCleaner";
  });
  ASSERT_EQ(transport->request_count(), 2u);
  const auto requests = transport->requests();
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_NE(requests[0].url.find("/workflow_meta/wf-1"), std::string::npos);
  EXPECT_EQ(requests[1].method, "PUT");
  EXPECT_NE(requests[1].url.find("/workflow_meta/wf-1/base_info"), std::string::npos);
  const Json body = Json::parse(requests[1].body);
  Json expected = expected_body(w3_data());
  expected["workflow"]["components"][0]["name"] = "RenamedCleaner";
  expected["source_volume_ids"] = body.at("source_volume_ids");
  EXPECT_EQ(body, expected) << body.dump(2);
  EXPECT_EQ(sent.workflow.components->at(0).name, "RenamedCleaner");
}

TEST(WorkflowEditTest, UpdateWorkflowEditsAnyField) {
  auto transport = w3_then_w4_server();
  const Client client = testing::make_client(transport);
  update_workflow(client.workflows(), "wf-1",
                  [](WorkflowRequest& request) { request.priority = 500; });
  const Json body = Json::parse(transport->requests().at(1).body);
  EXPECT_EQ(body.at("priority"), 500);
  EXPECT_EQ(body.at("name"), "Detailed Workflow Test");
}

TEST(WorkflowEditTest, EditThatThrowsSendsNothing) {
  auto transport = w3_then_w4_server();
  const Client client = testing::make_client(transport);
  EXPECT_THROW(update_pipeline(client, "wf-1",
                               [](WorkflowConfig&) { throw std::runtime_error("changed mind"); }),
               std::runtime_error);
  EXPECT_EQ(transport->request_count(), 1u);  // the read only
}

TEST(WorkflowEditTest, MissingFieldIsNamedRatherThanGuessed) {
  for (const char* field : {"name", "source_volume_ids", "file_types", "process_mode",
                            "target_volume_id", "workflow"}) {
    Json data = w3_data();
    data.erase(field);
    WorkflowDetail detail;
    from_json(data, detail);
    try {
      to_update_request(detail);
      FAIL() << field;
    } catch (const InvalidArgumentError& error) {
      EXPECT_EQ(std::string(error.what()), std::string("invalid argument: the workflow detail "
                                                       "has no ") +
                                               field +
                                               ": an update built from it would change the "
                                               "workflow");
    }
  }
}

}  // namespace
}  // namespace moi
