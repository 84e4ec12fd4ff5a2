// SPDX-License-Identifier: Apache-2.0
// Round trips: decode then re-encode equals the input JSON (nlohmann operator==, key order
// irrelevant) for every response example, and for every request example decoded as its body
// type.

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "model_test_util.hpp"

namespace moi {
namespace {

using model_test::decode;
using model_test::encode;

template <class T>
Json round_trip(const Json& j) {
  return encode(decode<T>(j));
}

struct RoundTripCase {
  const char* fixture;
  bool data_only;  // responses: the envelope's `data`; requests: the whole file
  std::function<Json(const Json&)> run;
};

void PrintTo(const RoundTripCase& c, std::ostream* os) { *os << c.fixture; }

class FixtureRoundTrip : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(FixtureRoundTrip, DecodeThenEncodeEqualsInput) {
  const RoundTripCase& c = GetParam();
  const Json input =
      c.data_only ? model_test::fixture_data(c.fixture) : model_test::load_fixture(c.fixture);
  const Json output = c.run(input);
  EXPECT_EQ(output, input) << "input:  " << input.dump() << "\noutput: " << output.dump();
  // And once more: a re-encoded value is stable.
  EXPECT_EQ(c.run(output), input);
}

// The 12 response examples with a non-null `data`.
INSTANTIATE_TEST_SUITE_P(
    Responses, FixtureRoundTrip,
    ::testing::Values(RoundTripCase{"w1_response.json", true, round_trip<WorkflowRecord>},
                      RoundTripCase{"w2_response.json", true, round_trip<WorkflowListResponse>},
                      RoundTripCase{"w3_response.json", true, round_trip<WorkflowDetail>},
                      RoundTripCase{"b2_response.json", true, round_trip<WorkflowListResponse>},
                      RoundTripCase{"b3_response.json", true, round_trip<WorkflowDetail>},
                      RoundTripCase{"j1_response.json", true, round_trip<JobListResponse>},
                      RoundTripCase{"j2_response.json", true, round_trip<JobDetail>},
                      RoundTripCase{"j3_response.json", true, round_trip<JobFilesResponse>},
                      RoundTripCase{"j5_response.json", true, round_trip<JobStatusInfo>},
                      RoundTripCase{"e2_response.json", true, round_trip<ExportTaskListResponse>},
                      RoundTripCase{"e3_response.json", true, round_trip<ExportTaskInfo>},
                      RoundTripCase{"e4_response.json", true, round_trip<ExportFilesResponse>}),
    [](const ::testing::TestParamInfo<RoundTripCase>& info) {
      std::string name = info.param.fixture;
      return name.substr(0, name.find('.'));
    });

// The request bodies, decoded as the SDK's body types (what an emulator does).
INSTANTIATE_TEST_SUITE_P(
    Requests, FixtureRoundTrip,
    ::testing::Values(
        RoundTripCase{"w1_request.json", false, round_trip<WorkflowRequest>},
        RoundTripCase{"w4_request.json", false, round_trip<WorkflowRequest>},
        RoundTripCase{"b1_request.json", false, round_trip<BranchRequest>},
        RoundTripCase{"b4_request.json", false, round_trip<BranchRequest>},
        RoundTripCase{"j4_request.json", false, round_trip<RetryJobFilesRequest>},
        RoundTripCase{"e1_request_dify.json", false, round_trip<CreateExportTaskRequest>},
        RoundTripCase{"e1_request_s3.json", false, round_trip<CreateExportTaskRequest>},
        RoundTripCase{"e1_request_mo.json", false, round_trip<CreateExportTaskRequest>},
        RoundTripCase{"e2_request.json", false, round_trip<ListExportTasksRequest>},
        RoundTripCase{"e3_request.json", false, round_trip<ExportTaskIdRequest>},
        RoundTripCase{"e4_request.json", false, round_trip<ListExportFilesRequest>},
        RoundTripCase{"e6_request.json", false, round_trip<ExportTaskIdRequest>}),
    [](const ::testing::TestParamInfo<RoundTripCase>& info) {
      std::string name = info.param.fixture;
      return name.substr(0, name.find('.'));
    });

}  // namespace
}  // namespace moi
