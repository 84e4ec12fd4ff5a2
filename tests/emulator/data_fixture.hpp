// SPDX-License-Identifier: Apache-2.0
// Helpers for the data-in/out endpoints at the host root: JSON posts, query GETs, multipart
// uploads, and a fixture that builds catalog -> database -> volume.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "emulator_fixture.hpp"

namespace moi::emulator::testing {

/// One file of a multipart upload.
struct UploadFile {
  std::string name;
  std::string content;
  std::string mime = "application/octet-stream";
};

/// A client for the host-root endpoints (no /byoa/api/v1 prefix; the key is sent as the
/// data-connect document spells it, `Moi-Key`), with multipart uploads.
class RootApi : public Api {
 public:
  explicit RootApi(int port, std::string key = kKey) : Api(port, std::move(key), "", "Moi-Key") {}

  /// POST /connectors/upload with `file` parts, `VolumeID` and (unless `meta` is null) `meta`.
  Resp upload(const std::string& volume_id, const std::vector<UploadFile>& files, const json& meta,
              const std::vector<std::pair<std::string, std::string>>& text_parts = {}) {
    const std::string boundary = "----moi-test-boundary-7MA4YWxkTrZu0gW";
    std::string body;
    auto part = [&](const std::string& disposition, const std::string& type,
                    const std::string& content) {
      body += "--" + boundary + "\r\nContent-Disposition: form-data; " + disposition + "\r\n";
      if (!type.empty()) body += "Content-Type: " + type + "\r\n";
      body += "\r\n" + content + "\r\n";
    };
    for (const UploadFile& f : files) {
      part("name=\"file\"; filename=\"" + f.name + "\"", f.mime, f.content);
    }
    part("name=\"VolumeID\"", "", volume_id);
    if (!meta.is_null()) part("name=\"meta\"", "", meta.dump());
    for (const auto& [name, value] : text_parts) part("name=\"" + name + "\"", "", value);
    body += "--" + boundary + "--\r\n";
    return post_raw("/connectors/upload", body, "multipart/form-data; boundary=" + boundary);
  }

  /// The documents' meta for these files.
  static json meta_for(const std::vector<UploadFile>& files) {
    json meta = json::array();
    for (const UploadFile& f : files) {
      meta.push_back(
          json{{"file_name", f.name}, {"file_size", f.content.size()}, {"mime_type", f.mime}});
    }
    return meta;
  }

  Resp upload(const std::string& volume_id, const std::vector<UploadFile>& files) {
    return upload(volume_id, files, meta_for(files));
  }
};

/// True for a host-root success envelope.
inline bool root_ok(const Resp& r) {
  return r.status == 200 && r.body.is_object() && r.body.value("code", "") == "OK" &&
         r.body.value("msg", "") == "OK" && r.body.contains("request_id");
}

/// True for a host-root error with this status and code.
inline bool root_error(const Resp& r, int status, const std::string& code) {
  return r.status == status && r.body.is_object() && r.body.value("code", "") == code &&
         r.body.contains("data") && r.body["data"].is_null() && r.body["msg"].is_string() &&
         r.body.contains("request_id");
}

class DataTest : public EmulatorTest {
 protected:
  void SetUp() override {
    EmulatorTest::SetUp();
    root_ = std::make_unique<RootApi>(emu().port());
  }

  void restart_with(const EmulatorOptions& options) {
    root_.reset();
    restart(options);
    root_ = std::make_unique<RootApi>(emu().port());
  }

  RootApi& root() { return *root_; }

  /// catalog -> database -> volume; returns the volume id.
  std::string make_volume(const std::string& volume = "origin", const std::string& catalog = "cat",
                          const std::string& database = "db") {
    Resp c = root().post("/catalog/create", json{{"name", catalog}, {"description", "c"}});
    std::int64_t catalog_id = 0;
    if (root_ok(c)) {
      catalog_id = c.data()["id"].get<std::int64_t>();
    } else {
      const Resp list = root().post("/catalog/list", json::object());
      for (const auto& item : list.data()["list"]) {
        if (item["name"] == catalog) catalog_id = item["id"].get<std::int64_t>();
      }
    }
    Resp d = root().post("/catalog/database/create",
                         json{{"catalog_id", catalog_id}, {"name", database}, {"description", ""}});
    std::int64_t database_id = 0;
    if (root_ok(d)) {
      database_id = d.data()["id"].get<std::int64_t>();
    } else {
      const Resp tree = root().post("/catalog/tree", json::object());
      for (const auto& cat : tree.data()["tree"]) {
        for (const auto& db : cat["node_list"]) {
          if (db["name"] == database) database_id = std::stoll(db["id"].get<std::string>());
        }
      }
    }
    Resp v =
        root().post("/catalog/volume/create", json{{"database_id", database_id}, {"name", volume}});
    EXPECT_TRUE(root_ok(v)) << v.raw;
    return v.data()["id"].get<std::string>();
  }

  /// Uploads and returns the answer's data (asserts success).
  json upload(const std::string& volume_id, const std::vector<UploadFile>& files) {
    Resp r = root().upload(volume_id, files);
    EXPECT_TRUE(root_ok(r)) << r.raw;
    return r.data();
  }

  /// Catalog files of a volume, oldest first.
  json files_of(const std::string& volume_id) {
    Resp r = root().post("/catalog/file/list",
                         json{{"page", 1},
                              {"page_size", 100},
                              {"order", "asc"},
                              {"filters", {{{"name", "volume_id"}, {"values", {volume_id}}}}}});
    EXPECT_TRUE(root_ok(r)) << r.raw;
    return r.data();
  }

  std::unique_ptr<RootApi> root_;
};

}  // namespace moi::emulator::testing
