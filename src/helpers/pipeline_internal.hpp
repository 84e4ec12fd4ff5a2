// SPDX-License-Identifier: Apache-2.0
#pragma once
// What pipeline validation, the builder and the presets share: message helpers, the
// "did you mean" search and the component resolver. Defined in pipeline_validate.cpp.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "moi/model/workflow.hpp"

namespace moi::pipeline_detail {

/// `"s"`.
std::string in_quotes(std::string_view s);
/// `"s"`, or `(none)` when unset.
std::string in_quotes_or_none(const std::optional<std::string>& s);
/// `connection #3 "A.x" -> "B.y"`, or `connection "A.x" -> "B.y"` when not yet numbered.
std::string describe_connection(std::optional<std::size_t> index,
                                const std::optional<std::string>& sender,
                                const std::optional<std::string>& receiver);
/// Why @p endpoint is not "Component.socket", or "" when it is.
std::string endpoint_problem(std::string_view endpoint);
/// Throws `<where>: malformed sender "X": <problem>` when @p endpoint is not
/// "Component.socket".
void check_endpoint(std::string_view endpoint, const char* role, const std::string& where);
/// The component part of a well-formed endpoint.
std::string_view component_of(std::string_view endpoint);

/// One name that can be suggested, and the texts it is compared with (its name, and for a
/// component also the class name of its type).
struct Candidate {
  std::string suggestion;
  std::vector<std::string> keys;
};
/// The closest candidate to @p ref (see docs/pipelines.md, "did you mean"), or "".
std::string closest(std::string_view ref, const std::vector<Candidate>& candidates);
/// ` (did you mean "X"?)`, or "" when @p suggestion is empty.
std::string did_you_mean(const std::string& suggestion);
/// The components' names, each also matched through its type's class name.
std::vector<Candidate> name_candidates(const std::vector<Component>& components);
/// Throws `no component named "X"` with the closest name when one is close.
[[noreturn]] void throw_no_component(std::string_view name,
                                     const std::vector<Component>& components);

/// The pipeline's components (empty when unset).
const std::vector<Component>& components_of(const WorkflowConfig& wf);
/// The pipeline's connections (empty when unset).
const std::vector<Connection>& connections_of(const WorkflowConfig& wf);

/// Finds the component a connection endpoint refers to (see validate_pipeline()): by name,
/// else by a unique component_id stem.
class Resolver {
 public:
  explicit Resolver(const std::vector<Component>& components);
  /// Index of the component @p ref names; throws (prefixed with @p where) when none or several.
  std::size_t resolve(std::string_view ref, const std::string& where, std::string_view role) const;
  /// Index of the component @p ref names, or nullopt.
  std::optional<std::size_t> try_resolve(std::string_view ref) const;
  /// `"name"`, or `#i` for an unnamed component.
  std::string label(std::size_t i) const;

 private:
  const std::vector<Component>& components_;
  std::map<std::string, std::size_t> by_name_;
  std::map<std::string, std::vector<std::size_t>> by_stem_;
};

/// Throws when component @p index has no usable name (missing, empty, or holding a '.').
void check_name(const Component& c, std::size_t index);
/// Throws `duplicate component name "X" (components #first and #second)`.
[[noreturn]] void throw_duplicate(const std::string& name, std::size_t first, std::size_t second);

}  // namespace moi::pipeline_detail
