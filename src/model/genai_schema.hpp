// SPDX-License-Identifier: Apache-2.0
#pragma once
// Private: the schemas of the GenAI models (moi/model/genai.hpp), kept beside schema.hpp so the
// drift guard can read them too. GenaiStatus is a string-valued open enum with its own codec.

#include <tuple>

#include "model/codec.hpp"
#include "moi/model/genai.hpp"

namespace moi::model_codec {

template <>
struct Value<GenaiStatus, Plain> {
  static void decode(const Json& v, GenaiStatus& out, Note&) {
    if (!v.is_string()) throw_type("a string", v);
    out = GenaiStatus(v.get_ref<const std::string&>());
  }
  static Json encode(const GenaiStatus& status) { return status.text(); }
};

template <>
struct Schema<GenaiJobCreated> {
  using T = GenaiJobCreated;
  static constexpr auto kFields = std::make_tuple(field<IdText>("job_id", &T::job_id));
};

template <>
struct Schema<GenaiJobFile> {
  using T = GenaiJobFile;
  static constexpr auto kFields = std::make_tuple(
      field<IdText>("file_id", &T::file_id), field("file_name", &T::file_name),
      field("file_type", &T::file_type), field("file_status", &T::file_status),
      field("error_message", &T::error_message), field("start_time", &T::start_time),
      field("end_time", &T::end_time));
};

template <>
struct Schema<GenaiJob> {
  using T = GenaiJob;
  static constexpr auto kFields =
      std::make_tuple(field("status", &T::status), field("files", &T::files, kDefaulted));
};

}  // namespace moi::model_codec
