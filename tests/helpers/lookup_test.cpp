// SPDX-License-Identifier: Apache-2.0
// find_by_path() / find_volume_by_path() over a scripted /catalog/tree: one call, exact ids,
// the kinds of the tree's levels, and the messages of a missing part or an ambiguous name.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "moi/helpers/data_flow.hpp"
#include "moi/testing/recording_transport.hpp"

namespace moi {
namespace {

using testing::ok_response;
using testing::RecordingTransport;

Json node(const std::string& id, const std::string& name, const std::string& type,
          Json children = Json::array()) {
  return {{"id", id}, {"name", name}, {"type", type}, {"node_list", std::move(children)}};
}

// Catalog "docs" (id 1) > database "main" (id 10) > volumes "inbox" (19 digits) and "out",
// a table named "inbox" too; catalog "other" (id 2) > database "main" (id 20), no volume;
// database "twins" (id 11) holds two volumes named "same".
Json sample_tree() {
  const Json main =
      node("10", "main", "database",
           {node("1889223879880048640", "inbox", "volume"),
            node("1889223879880048641", "out", "volume"), node("77", "inbox", "table")});
  const Json twins = node("11", "twins", "database",
                          {node("5001", "same", "volume"), node("5002", "same", "volume")});
  return {{"tree",
           {node("1", "docs", "catalog", {main, twins}),
            node("2", "other", "catalog", {node("20", "main", "database")})}}};
}

class LookupTest : public ::testing::Test {
 protected:
  LookupTest()
      : transport_(std::make_shared<RecordingTransport>(
            [](const HttpRequest&) { return ok_response(sample_tree()); })),
        client_(testing::make_client(transport_)) {}

  std::string lookup_error(const std::string& path) {
    try {
      find_by_path(client_.catalog(), path);
    } catch (const LookupError& error) {
      return error.what();
    }
    ADD_FAILURE() << "no LookupError for " << path;
    return {};
  }

  std::shared_ptr<RecordingTransport> transport_;
  Client client_;
};

TEST_F(LookupTest, AVolumePathIsOneTreeCallAndGivesTheExactIds) {
  const CatalogPath found = find_volume_by_path(client_.catalog(), "docs/main/inbox");
  EXPECT_EQ(found.catalog_id, "1");
  EXPECT_EQ(found.database_id, "10");
  EXPECT_EQ(found.volume_id, "1889223879880048640");
  EXPECT_EQ(found.id(), "1889223879880048640");
  EXPECT_EQ(found.node.type, "volume");  // not the table named "inbox"
  ASSERT_EQ(transport_->request_count(), 1u);
  const HttpRequest sent = transport_->last_request();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_NE(sent.url.find("/catalog/tree"), std::string::npos) << sent.url;
}

TEST_F(LookupTest, ACatalogOrDatabasePathNamesThatObject) {
  const CatalogPath database = find_by_path(client_.catalog(), "/other/main/");
  EXPECT_EQ(database.catalog_id, "2");
  EXPECT_EQ(database.database_id, "20");
  EXPECT_TRUE(database.volume_id.empty());
  EXPECT_EQ(database.id(), "20");
  const CatalogPath catalog = find_by_path(client_.catalog(), "docs");
  EXPECT_EQ(catalog.id(), "1");
  EXPECT_TRUE(catalog.database_id.empty());
  EXPECT_EQ(catalog.node.name, "docs");
}

TEST_F(LookupTest, AMissingPartIsNamedWithWhatExistsThere) {
  EXPECT_EQ(lookup_error("docs/main/outbox"),
            "no volume 'outbox' in database 'docs/main' (its volumes: 'inbox', 'out') "
            "[path 'docs/main/outbox']");
  EXPECT_EQ(lookup_error("docs/nope/inbox"),
            "no database 'nope' in catalog 'docs' (its databases: 'main', 'twins') "
            "[path 'docs/nope/inbox']");
  EXPECT_EQ(lookup_error("nope"),
            "no catalog 'nope' (existing catalogs: 'docs', 'other') "
            "[path 'nope']");
  EXPECT_EQ(lookup_error("other/main/inbox"),
            "no volume 'inbox' in database 'other/main' (it has no volume) "
            "[path 'other/main/inbox']");
}

TEST_F(LookupTest, AnAmbiguousNameNamesTheCandidates) {
  try {
    find_volume_by_path(client_.catalog(), "docs/twins/same");
    FAIL() << "no error";
  } catch (const LookupError& error) {
    EXPECT_EQ(error.candidates(), (std::vector<std::string>{"5001", "5002"}));
    EXPECT_STREQ(error.what(),
                 "2 volumes are named 'same' in database 'docs/twins' (ids: 5001, 5002): use one "
                 "of the ids");
    EXPECT_EQ(error.kind(), ErrorKind::kLookup);
  }
}

TEST_F(LookupTest, AMalformedPathIsRefusedBeforeAnythingIsSent) {
  for (const char* path : {"", "/", "docs//inbox", "a/b/c/d"}) {
    EXPECT_THROW(find_by_path(client_.catalog(), path), InvalidArgumentError) << path;
  }
  try {
    find_volume_by_path(client_.catalog(), "docs/main");
    FAIL() << "no error";
  } catch (const InvalidArgumentError& error) {
    EXPECT_STREQ(error.what(),
                 "invalid argument: volume path 'docs/main' must have 3 parts: "
                 "CATALOG/DATABASE/VOLUME");
  }
  EXPECT_EQ(transport_->request_count(), 0u);
}

}  // namespace
}  // namespace moi
