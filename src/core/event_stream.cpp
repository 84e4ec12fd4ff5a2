// SPDX-License-Identifier: Apache-2.0
#include "core/event_stream.hpp"

#include <string>

#include "moi_internal/ascii.hpp"

namespace moi::detail {
namespace {

bool starts_with_type(const std::string& content_type, std::string_view type) {
  if (content_type.size() < type.size()) return false;
  if (!iequals(std::string_view(content_type).substr(0, type.size()), type)) return false;
  return content_type.size() == type.size() || content_type[type.size()] == ';' ||
         content_type[type.size()] == ' ';
}

}  // namespace

bool is_event_stream(const HttpResponse& head) {
  if (head.status < 200 || head.status > 299) return false;
  const std::string type = head.header("content-type");
  return starts_with_type(type, "text/event-stream") || starts_with_type(type, "text/plain");
}

void run_event_stream(const RequestRunner& runner, const ApiCall& call,
                      const CallOptions& options, const SseOptions& sse,
                      const SseParser::Handler& on_event, const DataHandler& on_data) {
  SseParser parser(on_event, sse.max_event_bytes);
  bool streamed = false;
  runner.run_stream(
      call, options, is_event_stream,
      [&parser, &streamed](std::string_view chunk) {
        streamed = true;
        parser.feed(chunk);
      },
      on_data);
  if (streamed) parser.finish();
}

}  // namespace moi::detail
