// SPDX-License-Identifier: Apache-2.0
// Walks a decoded model value through its schema (src/model: Schema<S>::kFields) and reports
// the keys that ended in `extra` at any depth: a documented key (one a schema row or hook of
// that type names) there means a codec that failed to decode it; any other key is one the
// model does not describe. Used by the emulator drift check (tests/e2e).
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "model/genai_schema.hpp"
#include "model/process_mode.hpp"
#include "model/schema.hpp"

namespace moi::testing {

/// One key found in the `extra` of a decoded model object.
struct ExtraKey {
  std::string path;  ///< e.g. "$.tasks[0].config.extra_key"
  std::string type;  ///< The model type's (mangled) name.
  bool documented;   ///< A schema row or hook of that type names the key.
};

namespace model_walk {

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

/// The wire keys type S documents: its schema rows and the keys its hooks own.
template <class S>
std::set<std::string_view> documented_keys() {
  std::set<std::string_view> keys;
  std::apply([&](const auto&... f) { (keys.insert(f.key), ...); }, model_codec::Schema<S>::kFields);
  for (std::string_view k : model_codec::HooksOf<S>::type::kKeys) keys.insert(k);
  return keys;
}

template <class S>
void walk(const S& s, const std::string& path, std::vector<ExtraKey>& out);

template <class M>
void walk_member(const M& m, const std::string& path, std::vector<ExtraKey>& out) {
  if constexpr (model_codec::IsModel<M>::value) {
    walk(m, path, out);
  } else if constexpr (IsOptional<M>::value) {
    if (m) walk_member(*m, path, out);
  } else if constexpr (IsVector<M>::value) {
    for (std::size_t i = 0; i < m.size(); ++i) {
      walk_member(m[i], path + "[" + std::to_string(i) + "]", out);
    }
  }
  // Scalars, strings, enums, Timestamp and free-form Json hold no model object.
}

template <class S>
void walk(const S& s, const std::string& path, std::vector<ExtraKey>& out) {
  if (s.extra.is_object()) {
    const std::set<std::string_view> documented = documented_keys<S>();
    for (const auto& item : s.extra.items()) {
      out.push_back({path + "." + item.key(), typeid(S).name(), documented.count(item.key()) > 0});
    }
  } else if (!s.extra.is_null()) {
    out.push_back({path + " (extra is neither null nor an object)", typeid(S).name(), true});
  }
  std::apply(
      [&](const auto&... f) {
        (walk_member(s.*(f.member), path + "." + std::string(f.key), out), ...);
      },
      model_codec::Schema<S>::kFields);
  // process_mode is owned by hooks (no schema row names it).
  if constexpr (std::is_same_v<typename model_codec::HooksOf<S>::type,
                               model_codec::ProcessModeHooks>) {
    walk_member(s.process_mode, path + ".process_mode", out);
  }
}

}  // namespace model_walk

/// Every key that ended in an `extra` of @p value or of a model object inside it.
template <class T>
std::vector<ExtraKey> extra_keys(const T& value) {
  std::vector<ExtraKey> out;
  model_walk::walk_member(value, "$", out);
  return out;
}

}  // namespace moi::testing
