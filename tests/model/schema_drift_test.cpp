// SPDX-License-Identifier: Apache-2.0
// Drift guard between the schemas (src/model/schema.hpp) and the documents' examples
// (tests/fixtures): every request and response body is decoded into its type, and the decoded
// value is walked at every level. A key may end up in `extra` only when no schema row (and no
// hook) of that type names it AND it is on the short allow-list below. So a forgotten or
// misspelt schema row, which sends a documented key to `extra`, fails a test; so does a new
// fixture that no test decodes.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/genai_schema.hpp"
#include "model/schema.hpp"
#include "model_test_util.hpp"

namespace moi::model_codec {
namespace {

// ---- Type names (a type the walker reaches but that is not listed here does not compile) ----

template <class S>
struct Name;
#define MOI_MODEL_NAME(T)                    \
  template <>                                \
  struct Name<T> {                           \
    static constexpr std::string_view k{#T}; \
  };
MOI_MODEL_NAME(ProcessModeConfig)
MOI_MODEL_NAME(Component)
MOI_MODEL_NAME(Connection)
MOI_MODEL_NAME(WorkflowConfig)
MOI_MODEL_NAME(WorkflowRequest)
MOI_MODEL_NAME(BranchRequest)
MOI_MODEL_NAME(WorkflowRecord)
MOI_MODEL_NAME(WorkflowListItem)
MOI_MODEL_NAME(WorkflowListResponse)
MOI_MODEL_NAME(WorkflowBranchItem)
MOI_MODEL_NAME(WorkflowDetail)
MOI_MODEL_NAME(JobListItem)
MOI_MODEL_NAME(JobListResponse)
MOI_MODEL_NAME(JobDetail)
MOI_MODEL_NAME(JobFileInfo)
MOI_MODEL_NAME(JobFilesResponse)
MOI_MODEL_NAME(RetryJobFilesRequest)
MOI_MODEL_NAME(JobStatusInfo)
MOI_MODEL_NAME(ExportFile)
MOI_MODEL_NAME(DifyConfig)
MOI_MODEL_NAME(S3Config)
MOI_MODEL_NAME(MoColumnMapping)
MOI_MODEL_NAME(MoColumnConfig)
MOI_MODEL_NAME(MoConfig)
MOI_MODEL_NAME(ExportConfig)
MOI_MODEL_NAME(CreateExportTaskRequest)
MOI_MODEL_NAME(ListExportTasksRequest)
MOI_MODEL_NAME(ExportTaskListItem)
MOI_MODEL_NAME(ExportTaskListResponse)
MOI_MODEL_NAME(ExportTaskIdRequest)
MOI_MODEL_NAME(ExportFileStats)
MOI_MODEL_NAME(ExportTaskInfo)
MOI_MODEL_NAME(ListExportFilesRequest)
MOI_MODEL_NAME(ExportFileItem)
MOI_MODEL_NAME(ExportFilesResponse)
MOI_MODEL_NAME(IdBody)
MOI_MODEL_NAME(CatalogInfo)
MOI_MODEL_NAME(CatalogListResponse)
MOI_MODEL_NAME(CatalogNode)
MOI_MODEL_NAME(CatalogNodesResponse)
MOI_MODEL_NAME(VolumeInfo)
MOI_MODEL_NAME(FullPath)
MOI_MODEL_NAME(FullPathResponse)
MOI_MODEL_NAME(FileInfo)
MOI_MODEL_NAME(FileListResponse)
MOI_MODEL_NAME(UploadResult)
MOI_MODEL_NAME(UploadResponse)
MOI_MODEL_NAME(LoadTask)
MOI_MODEL_NAME(LoadResult)
MOI_MODEL_NAME(TableFullPath)
MOI_MODEL_NAME(LoadTaskFile)
MOI_MODEL_NAME(LoadTaskFilesResponse)
MOI_MODEL_NAME(DifyConnectorConfig)
MOI_MODEL_NAME(HdfsConnectorConfig)
MOI_MODEL_NAME(MoConnectorConfig)
MOI_MODEL_NAME(OssConnectorConfig)
MOI_MODEL_NAME(S3ConnectorConfig)
MOI_MODEL_NAME(Connector)
MOI_MODEL_NAME(ConnectorListResponse)
MOI_MODEL_NAME(ConnectorValidation)
MOI_MODEL_NAME(CreateConnectorRequest)
MOI_MODEL_NAME(UpdateConnectorRequest)
MOI_MODEL_NAME(ValidateConnectorRequest)
MOI_MODEL_NAME(ConnectorFile)
MOI_MODEL_NAME(ConnectorFilesResponse)
MOI_MODEL_NAME(GenaiJobCreated)
MOI_MODEL_NAME(GenaiJobFile)
MOI_MODEL_NAME(GenaiJob)
#undef MOI_MODEL_NAME

// ---- The allow-list: undocumented keys the fixtures carry ------------------------------------

struct AllowedKey {
  std::string_view type;
  std::string_view key;
};

// Each entry: a key the fixtures send that the API documents do not describe for that type, so
// it is deliberately kept in `extra` (and written back), with a comment saying where it comes
// from, e.g. `{"Component", "extra_node_info"},  // UI data of the console, undocumented`.
// Today the fixtures carry no such key. An entry no fixture uses any more fails
// AllowListIsUsed, so this list cannot grow stale.
const std::vector<AllowedKey>& allow_list() {
  static const std::vector<AllowedKey> keys{};
  return keys;
}

bool allowed(std::string_view type, std::string_view key) {
  const auto& keys = allow_list();
  return std::any_of(keys.begin(), keys.end(),
                     [&](const AllowedKey& a) { return a.type == type && a.key == key; });
}

// ---- The walk -----------------------------------------------------------------------------

template <class T>
struct IsOptionalT : std::false_type {};
template <class T>
struct IsOptionalT<std::optional<T>> : std::true_type {};
template <class T>
struct IsVectorT : std::false_type {};
template <class T>
struct IsVectorT<std::vector<T>> : std::true_type {};

/// What the walk of one decoded value found.
struct Report {
  struct Seen {
    std::string first_path;
    std::size_t count = 0;
  };
  std::map<std::string, Seen> found;                           // problem -> where (grouped)
  std::set<std::pair<std::string, std::string>> allowed_used;  // (type, key)
  std::size_t objects = 0;                                     // model objects visited

  void add(const std::string& problem, const std::string& path) {
    Seen& seen = found[problem];
    if (seen.count++ == 0) seen.first_path = path;
  }
  /// One readable line per problem: "<problem>; at $.a.b[0].key (and 3 more places)".
  std::vector<std::string> problems() const {
    std::vector<std::string> lines;
    for (const auto& [problem, seen] : found) {
      std::string line = problem + "; at " + seen.first_path;
      if (seen.count > 1) line += " (and " + std::to_string(seen.count - 1) + " more places)";
      lines.push_back(std::move(line));
    }
    return lines;
  }
};

/// The wire keys type S documents: its schema rows and the keys its hooks own.
template <class S>
std::set<std::string_view> documented_keys() {
  std::set<std::string_view> keys;
  std::apply([&](const auto&... f) { (keys.insert(f.key), ...); }, Schema<S>::kFields);
  for (std::string_view k : HooksOf<S>::type::kKeys) keys.insert(k);
  return keys;
}

template <class S>
void walk(const S& s, const std::string& path, Report& report);

template <class M>
void walk_member(const M& m, const std::string& path, Report& report) {
  if constexpr (IsModel<M>::value) {
    walk(m, path, report);
  } else if constexpr (IsOptionalT<M>::value) {
    if (m) walk_member(*m, path, report);
  } else if constexpr (IsVectorT<M>::value) {
    for (std::size_t i = 0; i < m.size(); ++i) {
      walk_member(m[i], path + "[" + std::to_string(i) + "]", report);
    }
  }
  // Scalars, strings, enums, Timestamp and free-form Json hold no model object.
}

template <class S>
void walk(const S& s, const std::string& path, Report& report) {
  ++report.objects;
  const std::string_view type = Name<S>::k;
  const std::set<std::string_view> documented = documented_keys<S>();
  const std::string type_name(type);
  if (!s.extra.is_null() && !s.extra.is_object()) {
    report.add(type_name + "::extra is neither null nor an object", path);
  } else if (s.extra.is_object()) {
    for (const auto& [key, value] : s.extra.items()) {
      (void)value;
      if (documented.count(key) != 0) {
        report.add("documented key " + type_name + "." + key +
                       " was kept in extra instead of being decoded",
                   path + "." + key);
      } else if (allowed(type, key)) {
        report.allowed_used.emplace(type_name, key);
      } else {
        report.add("key " + type_name + "." + key +
                       " ended in extra: no schema row names it (a row missing from "
                       "src/model/schema.hpp? if the documents really omit the key, add it to "
                       "allow_list() with a reason)",
                   path + "." + key);
      }
    }
  }
  std::apply(
      [&](const auto&... f) {
        (walk_member(s.*(f.member), path + "." + std::string(f.key), report), ...);
      },
      Schema<S>::kFields);
  if constexpr (std::is_same_v<typename HooksOf<S>::type, ProcessModeHooks>) {
    walk_member(s.process_mode, path + ".process_mode", report);
  }
}

// ---- The fixtures -------------------------------------------------------------------------

struct FixtureCase {
  const char* file;
  bool data_only;  // responses: the envelope's `data`; requests: the whole file
  std::function<Report(const Json&)> run;
};

void PrintTo(const FixtureCase& c, std::ostream* os) { *os << c.file; }

template <class T>
Report decode_and_walk(const Json& j) {
  Report report;
  walk(model_test::decode<T>(j), "$", report);
  return report;
}

// Every body example: the document's requests (decoded as an emulator does) and responses.
const std::vector<FixtureCase>& body_cases() {
  static const std::vector<FixtureCase> cases{
      {"w1_request.json", false, decode_and_walk<WorkflowRequest>},
      {"w1_response.json", true, decode_and_walk<WorkflowRecord>},
      {"w2_response.json", true, decode_and_walk<WorkflowListResponse>},
      {"w3_response.json", true, decode_and_walk<WorkflowDetail>},
      {"w4_request.json", false, decode_and_walk<WorkflowRequest>},
      {"b1_request.json", false, decode_and_walk<BranchRequest>},
      {"b2_response.json", true, decode_and_walk<WorkflowListResponse>},
      {"b3_response.json", true, decode_and_walk<WorkflowDetail>},
      {"b4_request.json", false, decode_and_walk<BranchRequest>},
      {"j1_response.json", true, decode_and_walk<JobListResponse>},
      {"j2_response.json", true, decode_and_walk<JobDetail>},
      {"j3_response.json", true, decode_and_walk<JobFilesResponse>},
      {"j4_request.json", false, decode_and_walk<RetryJobFilesRequest>},
      {"j5_response.json", true, decode_and_walk<JobStatusInfo>},
      {"e1_request_dify.json", false, decode_and_walk<CreateExportTaskRequest>},
      {"e1_request_s3.json", false, decode_and_walk<CreateExportTaskRequest>},
      {"e1_request_mo.json", false, decode_and_walk<CreateExportTaskRequest>},
      {"e2_request.json", false, decode_and_walk<ListExportTasksRequest>},
      {"e2_response.json", true, decode_and_walk<ExportTaskListResponse>},
      {"e3_request.json", false, decode_and_walk<ExportTaskIdRequest>},
      {"e3_response.json", true, decode_and_walk<ExportTaskInfo>},
      {"e4_request.json", false, decode_and_walk<ListExportFilesRequest>},
      {"e4_response.json", true, decode_and_walk<ExportFilesResponse>},
      {"e6_request.json", false, decode_and_walk<ExportTaskIdRequest>},
      // Host-root calls (data_explore_api_v2.md, data_connect_api.md).
      {"dx_catalog_list_response.json", true, decode_and_walk<CatalogListResponse>},
      {"dx_tree_response.json", true, decode_and_walk<CatalogNodesResponse>},
      {"dx_children_response.json", true, decode_and_walk<CatalogNodesResponse>},
      {"dx_volume_info_response.json", true, decode_and_walk<VolumeInfo>},
      {"dx_file_list_response.json", true, decode_and_walk<FileListResponse>},
      {"dc_upload_response.json", true, decode_and_walk<UploadResponse>},
      {"dc_task_get_response.json", true,
       [](const Json& data) { return decode_and_walk<LoadTask>(data.at("task")); }},
      {"dc_task_files_response.json", true, decode_and_walk<LoadTaskFilesResponse>},
      {"dc_connectors_list_response.json", true, decode_and_walk<ConnectorListResponse>},
      {"dc_validate_response.json", true, decode_and_walk<ConnectorValidation>},
      {"dc_validate_request.json", false, decode_and_walk<ValidateConnectorRequest>},
      {"dc_connector_create_request.json", false, decode_and_walk<CreateConnectorRequest>},
      {"dc_connector_update_request.json", false, decode_and_walk<UpdateConnectorRequest>},
      {"dc_connector_files_response.json", true, decode_and_walk<ConnectorFilesResponse>},
      // The service's OpenAPI example of a W1 body (used by the pipeline tests).
      {"pipeline_openapi_example.json", false, decode_and_walk<WorkflowRequest>},
      // GenAI atomic pipeline (automic_api.md).
      {"at_pipeline_response.json", true, decode_and_walk<GenaiJobCreated>},
      {"at_job_response.json", true, decode_and_walk<GenaiJob>},
  };
  return cases;
}

// Fixtures with no body to decode, and why.
const std::map<std::string, std::string>& bodiless_fixtures() {
  static const std::map<std::string, std::string> files{
      // Query parameters of GET/DELETE calls: the query types have no JSON codec.
      {"w2_query.json", "query"},
      {"w5_query.json", "query"},
      {"b2_query.json", "query"},
      {"b5_query.json", "query"},
      {"j1_query.json", "query"},
      {"j3_query.json", "query"},
      // GenAI submit body: steps are not a schema model (checked in tests/clients/genai_test.cpp).
      {"at_pipeline_request.json", "request without a model codec"},
      // Responses whose `data` is null (checked below).
      {"w4_response.json", "null data"},
      {"w5_response.json", "null data"},
      {"w6_response.json", "null data"},
      {"b1_response.json", "null data"},
      {"b4_response.json", "null data"},
      {"b5_response.json", "null data"},
      {"j4_response.json", "null data"},
      {"e1_response.json", "null data"},
      {"e5_response.json", "null data"},
      {"e6_response.json", "null data"},
  };
  return files;
}

Report run_case(const FixtureCase& c) {
  const Json input =
      c.data_only ? model_test::fixture_data(c.file) : model_test::load_fixture(c.file);
  return c.run(input);
}

class SchemaDrift : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(SchemaDrift, NoDocumentedKeyEndsInExtra) {
  const Report report = run_case(GetParam());
  EXPECT_GT(report.objects, 0U);
  for (const std::string& problem : report.problems()) {
    ADD_FAILURE() << GetParam().file << ": " << problem;
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SchemaDrift, ::testing::ValuesIn(body_cases()),
                         [](const ::testing::TestParamInfo<FixtureCase>& info) {
                           std::string name = info.param.file;
                           name = name.substr(0, name.find('.'));
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

// A new fixture must be decoded here (or be listed as having no body).
TEST(SchemaDriftCoverage, EveryFixtureIsCovered) {
  std::set<std::string> covered;
  for (const FixtureCase& c : body_cases()) covered.insert(c.file);
  for (const auto& [file, why] : bodiless_fixtures()) {
    (void)why;
    covered.insert(file);
  }
  std::size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(MOI_FIXTURES_DIR)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    ++seen;
    EXPECT_EQ(covered.count(entry.path().filename().string()), 1U)
        << entry.path().filename().string()
        << " is decoded by no drift-guard case: add it to body_cases() or bodiless_fixtures()";
  }
  EXPECT_EQ(seen, covered.size()) << "a listed fixture does not exist";
}

TEST(SchemaDriftCoverage, BodilessResponsesHaveNullData) {
  for (const auto& [file, why] : bodiless_fixtures()) {
    if (why != "null data") continue;
    EXPECT_TRUE(model_test::load_fixture(file).at("data").is_null()) << file;
  }
}

// Every allow-list entry is still needed by some fixture.
TEST(SchemaDriftCoverage, AllowListIsUsed) {
  std::set<std::pair<std::string, std::string>> used;
  for (const FixtureCase& c : body_cases()) {
    const Report report = run_case(c);
    used.insert(report.allowed_used.begin(), report.allowed_used.end());
  }
  for (const AllowedKey& a : allow_list()) {
    EXPECT_EQ(used.count({std::string(a.type), std::string(a.key)}), 1U)
        << a.type << "." << a.key << " is allowed in extra but no fixture sends it: remove it";
  }
}

// The guard itself: an unknown key is reported at any depth, a documented key is never kept in
// extra, and a hook-owned key (flow_interval) counts as documented.
TEST(SchemaDriftCoverage, WalkerReportsUnknownKeysAtAnyDepth) {
  Json detail = model_test::fixture_data("w3_response.json");
  detail["branches"][1]["workflow"]["connections"][0]["not_a_documented_key"] = 1;
  const Report report = decode_and_walk<WorkflowDetail>(detail);
  const std::vector<std::string> problems = report.problems();
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_NE(problems[0].find("key Connection.not_a_documented_key ended in extra"),
            std::string::npos)
      << problems[0];
  EXPECT_NE(problems[0].find("at $.branches[1].workflow.connections[0].not_a_documented_key"),
            std::string::npos)
      << problems[0];

  // A documented key placed in extra by hand (what a lost schema row would do) is reported.
  WorkflowRecord record =
      model_test::decode<WorkflowRecord>(model_test::fixture_data("w1_response.json"));
  record.extra = Json{{"name", "x"}, {"flow_interval", 0}};
  Report by_hand;
  walk(record, "$", by_hand);
  const std::vector<std::string> by_hand_problems = by_hand.problems();
  ASSERT_EQ(by_hand_problems.size(), 2U);
  EXPECT_NE(by_hand_problems[0].find("documented key WorkflowRecord.flow_interval was kept"),
            std::string::npos)
      << by_hand_problems[0];
  EXPECT_NE(by_hand_problems[1].find("documented key WorkflowRecord.name was kept"),
            std::string::npos)
      << by_hand_problems[1];
}

}  // namespace
}  // namespace moi::model_codec
