// SPDX-License-Identifier: Apache-2.0
#pragma once
// Helpers shared by the model tests: fixture loading and DecodeError assertions.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "moi/error.hpp"
#include "moi/model/model.hpp"

namespace moi::model_test {

/// The parsed fixture tests/fixtures/<name>.
inline Json load_fixture(const std::string& name) {
  const std::string path = std::string(MOI_FIXTURES_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open fixture " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return Json::parse(text.str());
}

/// The `data` member of the response fixture <name>.
inline Json fixture_data(const std::string& name) { return load_fixture(name).at("data"); }

/// Decodes @p j as T.
template <class T>
T decode(const Json& j) {
  T out;
  from_json(j, out);
  return out;
}

/// Encodes @p value.
template <class T>
Json encode(const T& value) {
  Json j;
  to_json(j, value);
  return j;
}

/// The DecodeError that decoding @p j as T throws; fails the test when none is thrown.
template <class T>
DecodeError decode_error(const Json& j) {
  try {
    (void)decode<T>(j);
  } catch (const DecodeError& e) {
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception type: " << e.what();
    return DecodeError("<wrong exception>", e.what());
  }
  ADD_FAILURE() << "no DecodeError for " << j.dump();
  return DecodeError("<none>", "no error");
}

}  // namespace moi::model_test
