// SPDX-License-Identifier: Apache-2.0
// Open enums (names, numbers for unknown values, sort order spellings) and moi::Timestamp.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <limits>

#include "model/wire_enums.hpp"
#include "model_test_util.hpp"

namespace moi {
namespace {

TEST(Enums, FileTypeNamesEveryDocumentedValue) {
  const char* const expected[] = {
      "NIL",       "TXT",  "PDF",  "IMAGE", "PPT",  "WORD", "MARKDOWN", "CSV",  "PARQUET",
      "SQL_FILES", "DIR",  "DOCX", "PPTX",  "WAV",  "MP3",  "AAC",      "FLAC", "MP4",
      "MOV",       "MKV",  "PNG",  "JPG",   "JPEG", "BMP",  "XLS",      "XLSX", "26",
      "HTM",       "HTML", "EML",  "MSG",   "P7S",  "DWG",  "DXF",      "FAS"};
  for (int i = 0; i <= 34; ++i) {
    EXPECT_EQ(to_string(static_cast<FileType>(i)), expected[i]) << i;
  }
  EXPECT_EQ(to_string(FileType::kPdf), "PDF");
  EXPECT_EQ(to_string(FileType::kFas), "FAS");
  EXPECT_EQ(to_string(static_cast<FileType>(35)), "35");
  EXPECT_EQ(to_string(static_cast<FileType>(99)), "99");
  EXPECT_EQ(to_string(static_cast<FileType>(-1)), "-1");
}

TEST(Enums, StatusNamesAndNumbers) {
  EXPECT_EQ(to_string(WorkflowStatus::kRunning), "running");
  EXPECT_EQ(to_string(WorkflowStatus::kCompleted), "completed");
  EXPECT_EQ(to_string(WorkflowStatus::kStopped), "stopped");
  EXPECT_EQ(to_string(static_cast<WorkflowStatus>(0)), "0");
  EXPECT_EQ(to_string(static_cast<WorkflowStatus>(7)), "7");
  EXPECT_EQ(to_string(JobStatus::kUnknown), "unknown");
  EXPECT_EQ(to_string(JobStatus::kRunning), "running");
  EXPECT_EQ(to_string(JobStatus::kCompleted), "completed");
  EXPECT_EQ(to_string(JobStatus::kFailed), "failed");
  EXPECT_EQ(to_string(static_cast<JobStatus>(7)), "7");
  EXPECT_EQ(to_string(BranchStatus::kEnabled), "enabled");
  EXPECT_EQ(to_string(BranchStatus::kDisabled), "disabled");
  EXPECT_EQ(to_string(static_cast<BranchStatus>(2)), "2");
  EXPECT_EQ(to_string(static_cast<JobFileStatus>(3)), "failed");  // provisional name
  EXPECT_EQ(to_string(static_cast<JobFileStatus>(5)), "5");
  EXPECT_EQ(to_string(ExportTaskType::kDify), "dify");
  EXPECT_EQ(to_string(ExportTaskType::kS3), "s3");
  EXPECT_EQ(to_string(ExportTaskType::kMatrixOne), "matrixone");
  EXPECT_EQ(to_string(static_cast<ExportTaskType>(0)), "0");
  EXPECT_EQ(to_string(static_cast<ExportTaskStatus>(2)), "2");
  EXPECT_EQ(to_string(ExportFileStatus::kSucceeded), "succeeded");
  EXPECT_EQ(to_string(ExportFileStatus::kFailed), "failed");
  EXPECT_EQ(to_string(static_cast<ExportFileStatus>(1)), "1");
  EXPECT_EQ(to_string(DuplicatedStrategy::kOverwrite), "overwrite");
  EXPECT_EQ(to_string(DuplicatedStrategy::kSkip), "skip");
  EXPECT_EQ(to_string(DuplicatedStrategy::kKeepBoth), "keep_both");
  EXPECT_EQ(to_string(static_cast<DuplicatedStrategy>(4)), "4");
  EXPECT_EQ(to_string(static_cast<JobStatus>(INT32_MIN)), "-2147483648");
}

TEST(Enums, SortOrderSpellings) {
  EXPECT_STREQ(to_wire_ascend_descend(SortOrder::kAscending), "ascend");
  EXPECT_STREQ(to_wire_ascend_descend(SortOrder::kDescending), "descend");
  EXPECT_STREQ(to_wire_asc_desc(SortOrder::kAscending), "asc");
  EXPECT_STREQ(to_wire_asc_desc(SortOrder::kDescending), "desc");
  EXPECT_EQ(to_string(SortOrder::kAscending), "ascending");
  EXPECT_EQ(parse_sort_order("ASC"), SortOrder::kAscending);
  EXPECT_EQ(parse_sort_order("descend"), SortOrder::kDescending);
  EXPECT_EQ(parse_sort_order("Descending"), SortOrder::kDescending);
  EXPECT_FALSE(parse_sort_order("up").has_value());
  EXPECT_FALSE(parse_sort_order("").has_value());
  // Decoded non-canonical spellings are written back as received.
  const Json body = Json{{"task_id", "t"}, {"order_direction", "DESC"}};
  const auto r = model_test::decode<ListExportFilesRequest>(body);
  EXPECT_EQ(r.order_direction, SortOrder::kDescending);
  EXPECT_EQ(model_test::encode(r), body);
}

TEST(Enums, QueryRequestDefaultsAreUnset) {
  const ListWorkflowsRequest w;
  EXPECT_FALSE(w.limit.has_value());
  EXPECT_FALSE(w.sort_order.has_value());
  EXPECT_TRUE(w.status.empty());
  const ListJobsRequest j;
  EXPECT_FALSE(j.page_num.has_value());
  EXPECT_TRUE(j.file_types.empty());
  const ListJobFilesRequest f;
  EXPECT_TRUE(f.statuses.empty());
  const DeleteOptions d;
  EXPECT_FALSE(d.delete_data.has_value());
  const ListBranchesRequest b;
  EXPECT_TRUE(b.status_in.empty());
}

TEST(TimestampTest, Forms) {
  const Timestamp unset;
  EXPECT_TRUE(unset.is_unset());
  EXPECT_FALSE(unset.has_value());
  EXPECT_FALSE(unset.epoch_ms().has_value());
  EXPECT_EQ(model_test::encode(unset), Json());

  const Timestamp null = Timestamp::null();
  EXPECT_TRUE(null.is_null());
  EXPECT_FALSE(null.has_value());
  EXPECT_EQ(model_test::encode(null), Json());

  const Timestamp ms = Timestamp::from_epoch_ms(1739377287000);
  EXPECT_TRUE(ms.has_value());
  EXPECT_EQ(ms.form(), Timestamp::Form::kEpochMs);
  EXPECT_EQ(model_test::encode(ms), Json(1739377287000));
  EXPECT_EQ(ms.to_iso8601(), "2025-02-12T16:21:27.000Z");

  const Timestamp text = Timestamp::from_text("2025-05-30T09:45:58");
  EXPECT_EQ(text.text(), "2025-05-30T09:45:58");
  EXPECT_EQ(model_test::encode(text), Json("2025-05-30T09:45:58"));
  EXPECT_EQ(text.to_iso8601(), "2025-05-30T09:45:58.000Z");

  EXPECT_EQ(Timestamp::from_text("x"), Timestamp::from_text("x"));
  EXPECT_NE(Timestamp::from_text("1704067200000"), Timestamp::from_epoch_ms(1704067200000));
}

TEST(TimestampTest, ParsesIsoVariants) {
  struct Case {
    const char* text;
    std::optional<std::int64_t> ms;
  };
  const Case cases[] = {
      {"2024-01-01T00:00:00Z", 1704067200000},
      {"2024-01-01T00:00:00z", 1704067200000},
      {"2024-01-01T00:00:00", 1704067200000},  // no zone: UTC
      {"2024-01-01T00:00:00.123+0000", 1704067200123},
      {"2024-01-01T00:00:00.123456Z", 1704067200123},  // truncated to ms
      {"2024-01-01T00:00:00,5Z", 1704067200500},
      {"2024-01-01T08:00:00+08:00", 1704067200000},
      {"2024-01-01T08:00:00+0800", 1704067200000},
      {"2024-01-01T08:00:00+08", 1704067200000},
      {"2023-12-31T19:00:00-05:00", 1704067200000},
      {"2024-01-01T00:00", 1704067200000},
      {"2024-01-01 00:00:00", 1704067200000},
      {"2024-01-01", 1704067200000},
      {"2024-02-29T00:00:00Z", 1709164800000},
      {"1969-12-31T23:59:59.999Z", -1},
      {"1739377287000", 1739377287000},
      {"2023-02-29T00:00:00Z", std::nullopt},  // not a leap year
      {"2024-13-01T00:00:00Z", std::nullopt},
      {"2024-01-01T24:00:00Z", std::nullopt},
      {"2024-01-01T00:00:00+2500", std::nullopt},
      {"2024-01-01T00:00:00 UTC", std::nullopt},
      {"2024-1-1", std::nullopt},
      {"yesterday", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Timestamp::from_text(c.text).epoch_ms(), c.ms) << c.text;
  }
  EXPECT_EQ(Timestamp::from_epoch_ms(-1).to_iso8601(), "1969-12-31T23:59:59.999Z");
  EXPECT_FALSE(Timestamp::from_text("yesterday").to_iso8601().has_value());
}

TEST(TimestampTest, TimePoint) {
  using std::chrono::milliseconds;
  using Clock = std::chrono::system_clock;
  const auto at = [](std::int64_t ms) { return Clock::time_point(milliseconds(ms)); };
  // Epoch ms, ISO with and without zone, with fraction and offset: the same instant.
  EXPECT_EQ(Timestamp::from_epoch_ms(1739377287000).time_point(), at(1739377287000));
  EXPECT_EQ(Timestamp::from_text("2024-01-01T00:00:00Z").time_point(), at(1704067200000));
  EXPECT_EQ(Timestamp::from_text("2024-01-01T00:00:00").time_point(), at(1704067200000));
  EXPECT_EQ(Timestamp::from_text("2024-01-01T08:00:00.123+08:00").time_point(), at(1704067200123));
  EXPECT_EQ(Timestamp::from_text("1739377287000").time_point(), at(1739377287000));
  EXPECT_EQ(Timestamp::from_epoch_ms(-1).time_point(), at(-1));  // before 1970
  EXPECT_EQ(Timestamp::from_epoch_ms(0).time_point(), Clock::time_point{});
  // No instant: unset, null, unreadable text.
  EXPECT_FALSE(Timestamp().time_point().has_value());
  EXPECT_FALSE(Timestamp::null().time_point().has_value());
  EXPECT_FALSE(Timestamp::from_text("yesterday").time_point().has_value());
  EXPECT_FALSE(Timestamp::from_text("").time_point().has_value());
  // Agrees with epoch_ms() whenever there is a value.
  const Timestamp decoded =
      model_test::decode<JobStatusInfo>(model_test::fixture_data("j5_response.json")).start_time;
  ASSERT_TRUE(decoded.time_point().has_value());
  EXPECT_EQ(
      std::chrono::duration_cast<milliseconds>(decoded.time_point()->time_since_epoch()).count(),
      decoded.epoch_ms());

  // Far from 1970: a value when the clock can represent it, nullopt (never an overflowed or
  // clamped instant) when it cannot. libstdc++'s clock counts nanoseconds (up to 2262-04-11),
  // libc++'s microseconds.
  constexpr std::int64_t kMaxMs =
      std::chrono::duration_cast<milliseconds>(Clock::duration::max()).count();
  constexpr std::int64_t kMinMs =
      std::chrono::duration_cast<milliseconds>(Clock::duration::min()).count();
  const auto far = [&](std::int64_t ms) {
    const auto got = Timestamp::from_epoch_ms(ms).time_point();
    if (ms > kMaxMs || ms < kMinMs) {
      EXPECT_FALSE(got.has_value()) << ms;
    } else {
      ASSERT_TRUE(got.has_value()) << ms;
      EXPECT_EQ(std::chrono::duration_cast<milliseconds>(got->time_since_epoch()).count(), ms);
    }
  };
  far(kMaxMs);
  far(kMinMs);
  far(4102444800000);    // 2100-01-01: fits every clock
  far(253402300799000);  // 9999-12-31T23:59:59Z, a common "never"
  far(std::numeric_limits<std::int64_t>::max());
  far(std::numeric_limits<std::int64_t>::min());
  EXPECT_TRUE(Timestamp::from_epoch_ms(kMaxMs).time_point().has_value());
  EXPECT_FALSE(
      Timestamp::from_epoch_ms(std::numeric_limits<std::int64_t>::max()).time_point().has_value());
  EXPECT_FALSE(
      Timestamp::from_epoch_ms(std::numeric_limits<std::int64_t>::min()).time_point().has_value());
  const Timestamp y9999 = Timestamp::from_text("9999-12-31T23:59:59Z");
  EXPECT_EQ(y9999.epoch_ms(), 253402300799000);  // epoch_ms() always has it
  EXPECT_EQ(y9999.time_point().has_value(), 253402300799000 <= kMaxMs);
  // All-digit text beyond int64: unreadable, not overflowed.
  EXPECT_FALSE(Timestamp::from_text("99999999999999999999").time_point().has_value());
}

TEST(TimestampTest, DecodesEveryWireForm) {
  Timestamp t;
  from_json(Json(1739377287000), t);
  EXPECT_EQ(t.form(), Timestamp::Form::kEpochMs);
  from_json(Json(-5), t);
  EXPECT_EQ(t.epoch_ms(), -5);
  from_json(Json(1739377287000.0), t);  // integral float: accepted
  EXPECT_EQ(t.epoch_ms(), 1739377287000);
  from_json(Json(nullptr), t);
  EXPECT_TRUE(t.is_null());
  from_json(Json("2024-01-01T00:00:00Z"), t);
  EXPECT_EQ(t.form(), Timestamp::Form::kText);
}

}  // namespace
}  // namespace moi
