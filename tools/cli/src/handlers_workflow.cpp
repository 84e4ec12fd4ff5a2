// SPDX-License-Identifier: Apache-2.0
// workflow (W1-W7) and branch (B1-B5) actions.
#include <algorithm>
#include <cctype>
#include <limits>

#include "commands.hpp"
#include "json_input.hpp"
#include "moi/helpers/pagination.hpp"
#include "moi/helpers/pipeline.hpp"
#include "moi/helpers/workflow_edit.hpp"

namespace moi::cli {

namespace {

constexpr std::int64_t kMaxInt32 = std::numeric_limits<std::int32_t>::max();

// What `workflow create` sends for file_types when neither --json nor --file-types gives
// them: text, PDF, Markdown, DOCX and PPTX, the documents the presets' pipelines process.
Json default_file_types() {
  Json out = Json::array();
  for (FileType type :
       {FileType::kTxt, FileType::kPdf, FileType::kMarkdown, FileType::kDocx, FileType::kPptx}) {
    out.push_back(static_cast<std::int32_t>(type));
  }
  return out;
}

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// --file-types "pdf,docx,6": the documents' names (any case; md and doc as aliases) or
// numbers.
Json parse_file_types(const std::string& text) {
  Json out = Json::array();
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string word = lowercase(text.substr(start, comma - start));
    start = comma + 1;
    if (word.empty()) throw UsageError("--file-types: an empty name in \"" + text + "\"");
    std::optional<std::int64_t> value;
    if (word.find_first_not_of("0123456789") == std::string::npos && word.size() <= 9) {
      value = std::stoll(word);
    } else if (word == "md") {
      value = static_cast<std::int64_t>(FileType::kMarkdown);
    } else if (word == "doc") {
      value = static_cast<std::int64_t>(FileType::kWord);
    } else {
      for (std::int32_t n = 0; n < 64 && !value; ++n) {
        if (lowercase(to_string(static_cast<FileType>(n))) == word) value = n;
      }
    }
    if (!value) {
      throw UsageError("--file-types: unknown file type \"" + word +
                       "\" (a name such as txt, pdf, md, docx, pptx, or a number)");
    }
    out.push_back(*value);
  }
  return out;
}

bool any_split_flag(const Invocation& inv) {
  for (const char* flag :
       {"--split-by", "--split-length", "--split-overlap", "--split-threshold"}) {
    if (inv.flag(flag)) return true;
  }
  return false;
}

// The --split-* flags over a DocumentSplitter's options.
void apply_split_flags(const Invocation& inv, components::DocumentSplitterOptions& options) {
  if (const auto unit = inv.option("--split-by")) {
    // "word" and "char" are the documents' units; Haystack's DocumentSplitter also knows
    // sentence, passage and page (docs/pipelines.md). A token unit exists nowhere.
    if (*unit != "word" && *unit != "char" && *unit != "sentence" && *unit != "passage" &&
        *unit != "page") {
      throw UsageError("--split-by must be word, char, sentence, passage or page, got \"" + *unit +
                       "\" (there is no token unit: for a token budget use word with a "
                       "--split-length well under it)");
    }
    options.split_by = *unit;
  }
  if (const auto n = inv.integer("--split-length", 1, kMaxInt32)) options.split_length = *n;
  if (const auto n = inv.integer("--split-overlap", 0, kMaxInt32)) options.split_overlap = *n;
  if (const auto n = inv.integer("--split-threshold", 0, kMaxInt32)) options.split_threshold = *n;
  if (options.split_overlap >= options.split_length) {
    throw UsageError("--split-overlap (" + std::to_string(options.split_overlap) +
                     ") must be smaller than --split-length (" +
                     std::to_string(options.split_length) + ")");
  }
}

// The pipeline of --preset, built with the SDK's builder and presets.
WorkflowConfig preset_pipeline(const Invocation& inv) {
  const std::string preset = inv.option("--preset").value_or("documents");
  namespace mc = components;
  if (preset == "clean") {
    if (any_split_flag(inv)) {
      throw UsageError("--split-* flags need a splitter: --preset clean has none (use documents)");
    }
    return PipelineBuilder()
        .add(mc::document_cleaner())
        .add(mc::document_writer())
        .connect("DocumentCleaner.documents", "DocumentWriter.documents")
        .build();
  }
  if (preset != "documents") {
    throw UsageError("--preset must be documents or clean, got \"" + preset + "\"");
  }
  mc::DocumentSplitterOptions splitter;
  apply_split_flags(inv, splitter);
  return PipelineBuilder()
      .add(mc::document_cleaner())
      .add(mc::document_splitter(splitter))
      .add(mc::document_writer())
      .connect("DocumentCleaner.documents", "DocumentSplitter.documents")
      .connect("DocumentSplitter.documents", "DocumentWriter.documents")
      .build();
}

// The --split-* flags applied to the DocumentSplitter of a pipeline given in --json.
Json configure_splitter(const Invocation& inv, const Json& workflow) {
  PipelineBuilder builder = PipelineBuilder::from(decode_body<WorkflowConfig>(workflow));
  std::vector<std::string> names;
  for (const Component& c : builder.components()) {
    if (c.type == components::kDocumentSplitterType) names.push_back(c.name.value_or(""));
  }
  if (names.size() != 1) {
    throw UsageError(names.empty()
                         ? "--split-*: the pipeline of --json has no DocumentSplitter"
                         : "--split-*: the pipeline of --json has " + std::to_string(names.size()) +
                               " DocumentSplitters; edit their init_parameters");
  }
  builder.configure<components::DocumentSplitterOptions>(
      names.front(), [&inv](auto& options) { apply_split_flags(inv, options); });
  return Json(builder.build());
}

// The name of volume @p id (C7).
std::string volume_name(const Invocation& inv, const std::string& id) {
  return inv.client.catalog().get_volume(id, inv.call).name.value_or("");
}

// --json, filled and overridden by the flags; what is still missing is named by the flag.
Json workflow_create_body(const Invocation& inv) {
  Json body = inv.json ? *inv.json : Json::object();
  if (!body.is_object()) throw UsageError("--json: the body must be a JSON object");
  if (const auto name = inv.option("--name")) body["name"] = *name;
  if (const auto volume = inv.option("--volume")) {
    body["source_volume_ids"] = Json::array({*volume});
    body["source_volume_names"] = Json::array({volume_name(inv, *volume)});
  }
  const auto target = inv.option("--target-volume");
  const auto new_target = inv.option("--target-volume-name");
  if (target && new_target) {
    throw UsageError(
        "give --target-volume (an existing volume) or --target-volume-name (a new "
        "one), not both");
  }
  if (target) {
    body["target_volume_id"] = *target;
    body["target_volume_name"] = volume_name(inv, *target);
    if (!body.contains("create_target_volume_name")) body["create_target_volume_name"] = "";
  }
  if (new_target) {
    body["create_target_volume_name"] = *new_target;
    body["target_volume_name"] = *new_target;
    if (!body.contains("target_volume_id")) body["target_volume_id"] = "";
  }
  if (const auto types = inv.option("--file-types")) {
    body["file_types"] = parse_file_types(*types);
  } else if (!body.contains("file_types")) {
    body["file_types"] = default_file_types();
  }
  if (!body.contains("process_mode")) body["process_mode"] = {{"interval", 0}, {"offset", 0}};
  if (const auto priority = inv.integer("--priority", 0, kMaxInt32)) body["priority"] = *priority;
  if (inv.flag("--preset") || !body.contains("workflow")) {
    body["workflow"] = Json(preset_pipeline(inv));
  } else if (any_split_flag(inv)) {
    body["workflow"] = configure_splitter(inv, body["workflow"]);
  }
  if (!body.contains("name")) throw UsageError("--name (or \"name\" in --json) is required");
  if (!body.contains("source_volume_ids")) {
    throw UsageError("--volume (or \"source_volume_ids\" in --json) is required");
  }
  if (!body.contains("target_volume_id") && !body.contains("create_target_volume_name")) {
    throw UsageError(
        "--target-volume or --target-volume-name (or \"target_volume_id\" in --json) is "
        "required");
  }
  return body;
}

}  // namespace

Result workflow_create(const Invocation& inv) {
  const auto request = decode_body<WorkflowRequest>(workflow_create_body(inv));
  Json record = inv.client.workflows().create(request, inv.call);
  // The SDK answers an empty record when the service sent null data.
  if (record.is_object() && record.empty()) record = nullptr;
  const bool wait = inv.flag("--wait");
  std::string workflow_id;
  if (record.is_object()) {
    const auto id = record.find("id");
    if (id != record.end() && id->is_string()) workflow_id = id->get<std::string>();
  }
  if (workflow_id.empty()) {
    if (!wait) return {record};
    Result result{record};
    result.exit_code = kExitService;
    inv.diagnostics.line("moi: the W1 answer has no workflow id: cannot wait for its job");
    return result;
  }
  // W1 answers no job id: the job it started is found with J1, as `moi job wait --workflow`
  // finds it. The workflow exists whatever happens here, so a failed lookup only warns.
  std::optional<std::string> job_id;
  try {
    job_id = newest_job_id(inv, workflow_id);
  } catch (const CancelledError&) {
    throw;
  } catch (const Error& error) {
    inv.diagnostics.line("moi: workflow " + workflow_id +
                         " was created, but listing its job "
                         "failed: " +
                         error.what());
  }
  if (job_id) record["job_id"] = *job_id;
  if (!wait) {
    if (!job_id) {
      inv.diagnostics.line("moi: workflow " + workflow_id +
                           " has no job yet: `moi job wait "
                           "--workflow " +
                           workflow_id + "` waits for it");
    }
    return {record};
  }
  Result waited = wait_for_workflow_job(inv, workflow_id, job_id);
  record["job_id"] = waited.data["job_id"];
  record["job"] = std::move(waited.data);
  waited.data = std::move(record);
  return waited;
}

Result workflow_list(const Invocation& inv) {
  const auto query = list_workflows_query(inv.json);
  if (inv.all) {
    return collect_all<WorkflowListItem>(
        inv, all_workflows(inv.client.workflows(), query, inv.call), workflow_table);
  }
  const auto page = inv.client.workflows().list(query, inv.call);
  return {page, workflow_table(page.workflows)};
}

Result workflow_get(const Invocation& inv) {
  return {inv.client.workflows().get(inv.id, inv.call)};
}

Result workflow_update(const Invocation& inv) {
  const Json& input = *inv.json;
  // The output of `moi workflow get` (a W3 detail: it has answer-only keys) is converted as
  // moi::to_update_request() does, so answer fields (ids, times, status, branches) are not
  // sent back and the fields W3 does not return are set as the documents' W4 example sets them.
  const bool is_detail =
      input.is_object() &&
      (input.contains("branches") || input.contains("created_at") || input.contains("branch_id"));
  if (is_detail) {
    inv.client.workflows().update(inv.id, to_update_request(decode_body<WorkflowDetail>(input)),
                                  inv.call);
    return {};
  }
  Json body = input;
  // A W1-shaped body: create_target_volume_name only matters when a workflow is created, so
  // "" (no new volume) may be left out.
  if (body.is_object() && !body.contains("create_target_volume_name")) {
    body["create_target_volume_name"] = "";
  }
  inv.client.workflows().update(inv.id, decode_body<WorkflowRequest>(body), inv.call);
  return {};
}

Result workflow_delete(const Invocation& inv) {
  inv.client.workflows().remove(inv.id, delete_query(inv.json), inv.call);
  return {};
}

Result workflow_stop(const Invocation& inv) {
  inv.client.workflows().stop(inv.id, inv.call);
  return {};
}

Result workflow_rerun(const Invocation& inv) {
  inv.client.workflows().rerun(inv.id, inv.call);
  return {};
}

Result branch_create(const Invocation& inv) {
  inv.client.workflows().create_branch(inv.id, decode_body<BranchRequest>(*inv.json), inv.call);
  return {};
}

Result branch_list(const Invocation& inv) {
  const auto page =
      inv.client.workflows().list_branches(inv.id, list_branches_query(inv.json), inv.call);
  return {page, branch_table(page.workflows)};
}

Result branch_get(const Invocation& inv) {
  return {inv.client.workflows().get_branch(inv.id, inv.call)};
}

Result branch_update(const Invocation& inv) {
  inv.client.workflows().update_branch(inv.id, decode_body<BranchRequest>(*inv.json), inv.call);
  return {};
}

Result branch_delete(const Invocation& inv) {
  inv.client.workflows().remove_branch(inv.id, delete_query(inv.json), inv.call);
  return {};
}

}  // namespace moi::cli
