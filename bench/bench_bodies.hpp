// SPDX-License-Identifier: Apache-2.0
// Response bodies shared by the bench server (moi_bench_server) and the in-process decoding
// benchmarks, so that both measure the same bytes. Built with plain string appends (the server
// answers pages of up to thousands of files per request and must stay cheap).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

namespace moi_bench {

// J5 `GET /workflow_job/{job_id}/status`: the envelope the service sends, 212 bytes.
inline const std::string& j5_status_body() {
  static const std::string body =
      R"({"code":"ok","msg":"ok","data":{"job_id":"0194a3b2-7c1d-7e4f-9a2b-3c4d5e6f7a8b",)"
      R"("status":1,"message":"Job is running: 3 of 10 files","progress":30,)"
      R"("start_time":1736937000000,"end_time":null},"request_id":"bench"})";
  return body;
}

// One J3 file item, the same shape and values as the model author's decode test
// (notes/perf_test.cpp): every tenth file has an error message (non-ASCII), every third no
// end time. About 300 bytes.
inline void append_job_file(std::string& out, std::int64_t i) {
  const std::string n = std::to_string(i);
  out += R"({"id":"7f1c2a9e-0b4d-4c7a-9d1e-)";
  out.append(12 - std::min<std::size_t>(12, n.size()), '0');
  out += n;
  out += R"(","file_name":"document_part_)";
  out += n;
  out += R"(.pdf","file_type":2,"file_status":)";
  out += std::to_string(i % 4);
  out += R"(,"error_message":)";
  out += i % 10 == 0 ? "\"\xE8\xA7\xA3\xE6\x9E\x90\xE5\xA4\xB1\xE8\xB4\xA5: timeout\"" : "null";
  out += R"(,"start_time":"2025-01-15T10:30:00","end_time":)";
  out += i % 3 == 0 ? "null" : "\"2025-01-15T10:35:00\"";
  out += R"(,"source_id":"source_file_)";
  out += n;
  out += R"(","ref_file_id":"ref_)";
  out += n;
  out += R"(","target_volume_id":"04614636-b858-4b13-99bf-a036d9351289"})";
}

// J3 `GET /workflow_job/{job_id}/files`: files [first, first + count) of a job with `total`
// files, in the service's envelope, with the counters the pagination range stops on.
inline std::string j3_files_body(std::int64_t first, std::int64_t count, std::int64_t total) {
  std::string out;
  out.reserve(static_cast<std::size_t>(std::max<std::int64_t>(count, 0)) * 320 + 256);
  out += R"({"code":"ok","msg":"ok","data":{"files":[)";
  for (std::int64_t i = 0; i < count; ++i) {
    if (i != 0) out += ',';
    append_job_file(out, first + i);
  }
  out += "]";
  const std::string t = std::to_string(total);
  for (const char* key :
       {"file_total", "total", "completed", "failed", "processing", "pending", "stopped"}) {
    out += ",\"";
    out += key;
    out += "\":";
    out += t;
  }
  out += R"(},"request_id":"bench"})";
  return out;
}

}  // namespace moi_bench
