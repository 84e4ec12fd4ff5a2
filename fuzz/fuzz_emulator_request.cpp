// SPDX-License-Identifier: Apache-2.0
// Drives the emulator's request pipeline in-process (Emulator::handle_for_test: raw target
// parsing, routing, auth, validation, handlers, state) without sockets. The input is up to 8
// requests separated by a line "===". Each request is "METHOD TARGET\n", header lines
// "Name: value\n", an empty line, then the body; "ADVANCE <ms>" moves the manual clock
// instead. No input may crash the emulator, make it answer 500, or make it send a body that is
// not JSON (but for the file bytes of a download link). The corpus covers the 23
// /byoa/api/v1 endpoints and the data-in/out endpoints at the host root (multipart upload
// included).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "moi_emulator/emulator.hpp"

namespace {

std::vector<std::string_view> split_requests(std::string_view input) {
  std::vector<std::string_view> out;
  constexpr std::string_view kSeparator = "\n===\n";
  while (out.size() < 7) {
    const auto at = input.find(kSeparator);
    if (at == std::string_view::npos) break;
    out.push_back(input.substr(0, at));
    input.remove_prefix(at + kSeparator.size());
  }
  out.push_back(input);
  return out;
}

std::string_view next_line(std::string_view& text, bool& found) {
  const auto nl = text.find('\n');
  found = nl != std::string_view::npos;
  std::string_view line = text.substr(0, found ? nl : text.size());
  text.remove_prefix(found ? nl + 1 : text.size());
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

void run_one(moi::emulator::Emulator& emu, std::string_view text) {
  bool found = false;
  const std::string_view first = next_line(text, found);
  const auto space = first.find(' ');
  const std::string method(first.substr(0, space));
  const std::string target(space == std::string_view::npos ? std::string_view()
                                                           : first.substr(space + 1));
  if (method == "ADVANCE") {
    const long long ms = std::strtoll(target.c_str(), nullptr, 10);
    if (ms > 0 && ms < 1000LL * 1000 * 1000) emu.advance(std::chrono::milliseconds(ms));
    return;
  }
  std::vector<std::pair<std::string, std::string>> headers;
  while (found && !text.empty()) {
    const std::string_view line = next_line(text, found);
    if (line.empty()) break;
    const auto colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  const moi::emulator::InProcessResponse r =
      emu.handle_for_test(method, target, headers, std::string(text));
  if (r.status < 200 || r.status >= 600 || r.status == 500) __builtin_trap();
  if (r.status == 204) {
    if (!r.body.empty()) __builtin_trap();
    return;
  }
  // Every answer is JSON (the emulator's own output, so a plain parse is fine), except the
  // bytes of an uploaded file served by a download link (F5), which say so in Content-Type.
  for (const auto& [name, value] : r.headers) {
    if (name == "Content-Type" && value != "application/json") return;
  }
  if (!nlohmann::json::accept(r.body)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  moi::emulator::EmulatorOptions options;
  options.manual_clock = true;
  options.seed = 7;
  options.behavior.file_duration = std::chrono::milliseconds(1000);
  moi::emulator::Emulator emu(options);
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  for (const std::string_view request : split_requests(input)) run_one(emu, request);
  return 0;
}
