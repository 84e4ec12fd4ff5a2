// SPDX-License-Identifier: Apache-2.0
// moi::SseParser, the incremental server-sent-events parser: the specification's line rules,
// every split of a stream into chunks (byte by byte included), the size limit and failures.

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "moi/error.hpp"
#include "moi/sse.hpp"

namespace moi {
namespace {

using namespace std::string_literals;

struct Seen {
  std::string event;
  std::string data;
  std::string id;
  long long retry = -1;
  bool operator==(const Seen& o) const {
    return event == o.event && data == o.data && id == o.id && retry == o.retry;
  }
};

std::ostream& operator<<(std::ostream& out, const Seen& s) {
  return out << "{event=" << s.event << " data=" << s.data << " id=" << s.id
             << " retry=" << s.retry << "}";
}

struct Collector {
  std::vector<Seen> events;
  SseParser parser;
  explicit Collector(std::size_t limit = kDefaultMaxSseEventBytes)
      : parser(
            [this](SseEvent& e) {
              events.push_back(
                  Seen{e.event, e.data, e.id, e.retry ? static_cast<long long>(e.retry->count()) : -1});
            },
            limit) {}
};

std::vector<Seen> parse_whole(const std::string& stream) {
  Collector c;
  c.parser.feed(stream);
  c.parser.finish();
  return c.events;
}

const std::string kStream =
    ": a comment first\n"
    "event: greeting\n"
    "id: 7\n"
    "data: hello\n"
    "\n"
    "data: line one\r\n"
    "data: line two\r\n"
    "\r\n"
    "retry: 2500\r"
    "data:no space\r"
    "data:  two spaces\r"
    "\r"
    "event: last\n"
    "data: {\"k\": \"\xE4\xB8\xAD\"}";  // no blank line at the end

const std::vector<Seen> kExpected = {
    {"greeting", "hello", "7", -1},
    {"", "line one\nline two", "7", -1},
    {"", "no space\n two spaces", "7", 2500},
    {"last", "{\"k\": \"\xE4\xB8\xAD\"}", "7", -1},
};

TEST(SseParser, FieldsCommentsMultiLineDataAndAllLineEndings) {
  EXPECT_EQ(parse_whole(kStream), kExpected);
}

TEST(SseParser, EverySplitIntoTwoChunksGivesTheSameEvents) {
  for (std::size_t cut = 0; cut <= kStream.size(); ++cut) {
    Collector c;
    c.parser.feed(kStream.substr(0, cut));
    c.parser.feed(kStream.substr(cut));
    c.parser.finish();
    EXPECT_EQ(c.events, kExpected) << "cut at " << cut;
  }
}

TEST(SseParser, ByteByByteEachEventIsDispatchedByTheByteThatEndsIt) {
  const std::string stream = "data: a\r\n\r\ndata: b\n\ndata: c\r\rdata: d";
  Collector c;
  // The index of the byte after which each event must have been dispatched.
  const std::vector<std::size_t> ends = {
      stream.find("\r\n\r\n") + 2,   // the CR of the blank line dispatches (its LF may follow)
      stream.find("b\n\n") + 2,
      stream.find("c\r\r") + 2,
  };
  std::size_t expected = 0;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    c.parser.feed(stream.substr(i, 1));
    while (expected < ends.size() && ends[expected] <= i) ++expected;
    ASSERT_EQ(c.events.size(), expected) << "after byte " << i;
  }
  EXPECT_EQ(c.events.size(), 3u);  // "d" waits for the end of the body
  c.parser.finish();
  ASSERT_EQ(c.events.size(), 4u);
  EXPECT_EQ(c.events[0].data, "a");
  EXPECT_EQ(c.events[3].data, "d");
}

TEST(SseParser, CrlfSplitBetweenChunksIsOneLineBreak) {
  // Were the LF taken as a blank line, "a" and "b" would be two events.
  Collector c;
  c.parser.feed("data: a\r");
  c.parser.feed("\ndata: b\r");
  c.parser.feed("\n\r");
  EXPECT_EQ(c.events.size(), 1u);
  c.parser.feed("\n");
  c.parser.finish();
  ASSERT_EQ(c.events.size(), 1u);
  EXPECT_EQ(c.events[0].data, "a\nb");
}

TEST(SseParser, SpecificationDetails) {
  const auto events = parse_whole(
      "\xEF\xBB\xBF"  // byte order mark, skipped
      "data\n\n"      // a field name alone: an empty data line, dispatched
      "event: only-a-type\n\n"  // no data: not dispatched
      "id: 1\n"
      "data: x\n\n"
      "id: bad\0id\n"  // an id with NUL is ignored
      "data: y\n"
      "unknown: field\n"
      ":comment\n\n"
      "retry: 12x\n"  // not only digits: ignored
      "data: z\n\n"
      "id\n"  // an empty id resets the last id
      "data: w\n\n"
      ""s);
  const std::vector<Seen> expected = {
      {"", "", "", -1}, {"", "x", "1", -1}, {"", "y", "1", -1}, {"", "z", "1", -1},
      {"", "w", "", -1}};
  EXPECT_EQ(events, expected);
}

TEST(SseParser, EndOfBodyInsideALineOrAfterACr) {
  EXPECT_EQ(parse_whole("data: a\r").size(), 1u);
  EXPECT_EQ(parse_whole("data: a").at(0).data, "a");
  EXPECT_TRUE(parse_whole("").empty());
  EXPECT_TRUE(parse_whole(": only a comment").empty());
}

TEST(SseParser, AnEventAboveTheLimitFailsWithoutGrowing) {
  Collector c(64);
  c.parser.feed("data: " + std::string(40, 'a') + "\n");
  try {
    c.parser.feed("data: " + std::string(40, 'b') + "\n");
    FAIL() << "no error";
  } catch (const DecodeError& error) {
    EXPECT_NE(std::string(error.what()).find("server-sent event 1 is larger than the limit of 64 "
                                             "bytes (SseOptions::max_event_bytes)"),
              std::string::npos)
        << error.what();
  }
  EXPECT_TRUE(c.events.empty());
  EXPECT_THROW(c.parser.feed("\n"), DecodeError);  // unusable after a failure
}

TEST(SseParser, ALineWithoutEndFailsAtTheLimitEvenByteByByte) {
  Collector c(1000);
  std::size_t fed = 0;
  try {
    for (; fed < 100000; ++fed) c.parser.feed("x");
    FAIL() << "no error";
  } catch (const DecodeError&) {
  }
  EXPECT_EQ(fed, 1000u);  // the 1001st byte of the line is refused
}

TEST(SseParser, CommentsDoNotAccumulateAcrossLines) {
  Collector c(32);
  for (int i = 0; i < 1000; ++i) c.parser.feed(": keep-alive ping\n");
  c.parser.feed("data: ok\n\n");
  ASSERT_EQ(c.events.size(), 1u);
  EXPECT_EQ(c.events[0].data, "ok");
}

TEST(SseParser, HandlerExceptionPropagatesAndStopsTheParser) {
  int calls = 0;
  SseParser parser([&calls](SseEvent&) {
    ++calls;
    throw std::runtime_error("stop here");
  });
  EXPECT_THROW(parser.feed("data: 1\n\ndata: 2\n\n"), std::runtime_error);
  EXPECT_EQ(calls, 1);
  EXPECT_THROW(parser.feed("data: 3\n\n"), DecodeError);
}

TEST(SseParser, ZeroLimitIsRefused) {
  EXPECT_THROW(SseParser([](SseEvent&) {}, 0), InvalidArgumentError);
}

TEST(SseParser, CountsEventsAndBytes) {
  Collector c;
  c.parser.feed("data: a\n\ndata: b\n\n");
  EXPECT_EQ(c.parser.events(), 2u);
  EXPECT_EQ(c.parser.bytes(), 18u);
}

}  // namespace
}  // namespace moi
