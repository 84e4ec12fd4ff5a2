// SPDX-License-Identifier: Apache-2.0
// moi::extract_zip against real archives built for each case: libarchive writes the ZIPs, and
// the hostile headers libarchive would not write (bad bytes in a name, a device's mode) are
// patched into its output byte by byte. Every refusal must name the entry, leave nothing in
// the target directory and touch nothing outside it.
//
// MOI_WRITE_ZIP_CORPUS=<dir> also writes every archive built here into <dir> (how
// fuzz/corpus/genai_zip was made).

#include <gtest/gtest.h>

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "moi/helpers/genai.hpp"

namespace moi {
namespace {

namespace fs = std::filesystem;

struct Item {
  std::string name{};
  std::string content{};
  unsigned type = AE_IFREG;  // AE_IFDIR, AE_IFLNK, ...
  std::string link{};        // symlink target / hard link source
};

la_ssize_t append(archive*, void* out, const void* data, size_t size) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

// A ZIP (or, with @p tar, a tar) made by libarchive.
std::string make_archive(const std::vector<Item>& items, bool store = false, bool tar = false) {
  std::string bytes;
  archive* a = archive_write_new();
  if (tar) {
    archive_write_set_format_pax_restricted(a);
  } else {
    archive_write_set_format_zip(a);
    archive_write_set_bytes_in_last_block(a, 1);  // no padding after the end record
    if (store) archive_write_set_options(a, "zip:compression=store");
  }
  archive_write_open(a, &bytes, nullptr, append, nullptr);
  for (const Item& item : items) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, item.name.c_str());
    archive_entry_set_filetype(entry, item.type);
    archive_entry_set_perm(entry, item.type == AE_IFDIR ? 0755 : 0644);
    if (item.type == AE_IFLNK) archive_entry_set_symlink(entry, item.link.c_str());
    if (!item.link.empty() && item.type == AE_IFREG) {
      archive_entry_set_hardlink(entry, item.link.c_str());
    }
    archive_entry_set_size(entry, item.type == AE_IFREG ? static_cast<la_int64_t>(item.content.size())
                                                        : 0);
    archive_entry_set_mtime(entry, 1764573398, 0);
    EXPECT_EQ(archive_write_header(a, entry), ARCHIVE_OK) << archive_error_string(a);
    if (!item.content.empty()) archive_write_data(a, item.content.data(), item.content.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return bytes;
}

// Replaces every occurrence of @p from (names appear in the local header and the index).
std::string patched(std::string bytes, const std::string& from, const std::string& to) {
  EXPECT_EQ(from.size(), to.size());
  for (auto at = bytes.find(from); at != std::string::npos; at = bytes.find(from, at + 1)) {
    bytes.replace(at, from.size(), to);
  }
  return bytes;
}

// Sets the Unix mode (external attributes) of the index entry named @p name.
std::string with_mode(std::string bytes, const std::string& name, unsigned mode) {
  for (auto at = bytes.find("PK\x01\x02"); at != std::string::npos;
       at = bytes.find("PK\x01\x02", at + 1)) {
    const auto length = static_cast<unsigned char>(bytes[at + 28]) |
                        (static_cast<unsigned char>(bytes[at + 29]) << 8);
    if (bytes.compare(at + 46, length, name) != 0) continue;
    bytes[at + 5] = 3;  // made by Unix
    const std::uint32_t attributes = mode << 16;
    for (int i = 0; i < 4; ++i) bytes[at + 38 + i] = static_cast<char>(attributes >> (8 * i));
    return bytes;
  }
  ADD_FAILURE() << "no index entry " << name;
  return bytes;
}

class ZipTest : public ::testing::Test {
 protected:
  ZipTest() {
    char pattern[] = "/tmp/moi-zip-test-XXXXXX";
    root_ = ::mkdtemp(pattern);
    fs::create_directory(out());
  }
  ~ZipTest() override { fs::remove_all(root_); }

  std::string out() const { return root_ + "/out"; }

  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = root_ + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    if (const char* corpus = std::getenv("MOI_WRITE_ZIP_CORPUS")) {
      std::ofstream(std::string(corpus) + "/" + name, std::ios::binary) << bytes;
    }
    return path;
  }

  // Everything under out(), relative.
  std::set<std::string> listing() const {
    std::set<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(out())) {
      names.insert(fs::relative(entry.path(), out()).string());
    }
    return names;
  }

  // The archive is refused with @p expected in the message and, when given, the entry named;
  // nothing is left in the target directory, nothing appears beside it.
  void expect_refused(const std::string& file, const std::string& bytes,
                      const std::string& expected, const std::string& entry = {},
                      const ZipExtractOptions& options = {}) {
    const std::string path = write(file, bytes);
    std::set<std::string> siblings;
    for (const auto& e : fs::directory_iterator(root_)) siblings.insert(e.path().string());
    try {
      extract_zip(path, out(), options);
      ADD_FAILURE() << file << ": not refused";
    } catch (const ArchiveError& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos)
          << file << ": " << error.what();
      EXPECT_EQ(error.entry(), entry) << file;
      EXPECT_EQ(error.kind(), ErrorKind::kArchive);
      EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
    }
    EXPECT_TRUE(listing().empty()) << file << ": left " << *listing().begin();
    std::set<std::string> after;
    for (const auto& e : fs::directory_iterator(root_)) after.insert(e.path().string());
    EXPECT_EQ(after, siblings) << file;
    EXPECT_FALSE(fs::exists("/tmp/moi-zip-escape")) << file;
  }

  std::string root_;
};

const char* kTop = "report.pdf-019ad8cb-3861-795c-99a6-03bdc37215ee";

std::vector<Item> documented_layout() {
  const std::string top = kTop;
  return {{top + "/", "", AE_IFDIR},
          {top + "/report.pdf_parse.json", R"({"pages":[{"text":"Hello"}]})"},
          {top + "/report.pdf.md", "# Report\n\nHello, 世界.\n"},
          {top + "/tables/", "", AE_IFDIR},
          {top + "/tables/60d46443-0cec-4556-bf7d-bbff5812f9f5.html", "<table></table>"},
          {top + "/images/21ec307c62a48eecbc5f24cedd92eee95706024ab5f041cd17a463e78c377b2f.jpg",
           std::string("\xff\xd8\xff\xe0 jpeg", 9)}};
}

TEST_F(ZipTest, TheDocumentedLayoutIsExtractedAndViewed) {
  const std::string zip = write("good_layout.zip", make_archive(documented_layout()));
  // [extract-zip]
  const ExtractedZip extracted = extract_zip(zip, out());  // refuses hostile archives
  const GenaiResultView view = open_genai_result(extracted.folder);
  const std::string markdown = view.read_markdown();
  // [extract-zip]
  EXPECT_EQ(extracted.folder, out() + "/" + kTop);
  EXPECT_EQ(extracted.entries, 6u);
  EXPECT_EQ(extracted.files.size(), 4u);
  EXPECT_EQ(extracted.files[1], "report.pdf.md");
  EXPECT_EQ(listing().count(std::string(kTop) + "/tables/60d46443-0cec-4556-bf7d-bbff5812f9f5.html"),
            1u);
  EXPECT_EQ(listing().size(), 7u);  // the top folder, 2 sub-folders, 4 files: no temporary left

  EXPECT_EQ(view.name, "report.pdf");
  EXPECT_EQ(markdown, "# Report\n\nHello, 世界.\n");
  EXPECT_EQ(view.read_parse_json()["pages"][0]["text"], "Hello");
  ASSERT_EQ(view.tables.size(), 1u);
  EXPECT_EQ(fs::path(view.tables[0]).filename(), "60d46443-0cec-4556-bf7d-bbff5812f9f5.html");
  ASSERT_EQ(view.images.size(), 1u);
  EXPECT_TRUE(view.other_files.empty());
  EXPECT_THROW(view.read_markdown(4), InvalidArgumentError);

  // A second extraction of the same result is refused unless replacing is asked for.
  try {
    extract_zip(zip, out());
    ADD_FAILURE() << "not refused";
  } catch (const ArchiveError& error) {
    EXPECT_NE(std::string(error.what()).find("already exists"), std::string::npos) << error.what();
  }
  ZipExtractOptions replace;
  replace.replace_existing = true;
  EXPECT_EQ(extract_zip(zip, out(), replace).folder, out() + "/" + kTop);
  EXPECT_EQ(listing().size(), 7u);
}

TEST_F(ZipTest, StoredEntriesAndANonUtf8LocaleAreFine) {
  const std::string zip = write("stored.zip", make_archive({{"a/b.txt", "text"}, {"a/c.md", ""}},
                                                           true));
  const ExtractedZip extracted = extract_zip(zip, out());
  EXPECT_EQ(extracted.folder, out() + "/a");
  EXPECT_EQ(extracted.files, (std::vector<std::string>{"b.txt", "c.md"}));
  EXPECT_EQ(extracted.bytes, 4u);
}

TEST_F(ZipTest, EntriesOutsideOneTopFolderGoIntoAFolderNamedAfterTheArchive) {
  const std::string zip = write("loose.zip", make_archive({{"x.md", "x"}, {"y/z.md", "z"}}));
  EXPECT_EQ(extract_zip(zip, out()).folder, out() + "/loose");
  EXPECT_EQ(listing(), (std::set<std::string>{"loose", "loose/x.md", "loose/y", "loose/y/z.md"}));
  ZipExtractOptions named;
  named.folder_name = "chosen";
  EXPECT_EQ(extract_zip(zip, out(), named).folder, out() + "/chosen");
}

TEST_F(ZipTest, HostileNamesAreRefused) {
  expect_refused("dotdot.zip", make_archive({{"a/ok.md", "ok"}, {"../moi-zip-escape", "x"}}),
                 "archive entry \"../moi-zip-escape\" refused: its path goes up with \"..\"",
                 "../moi-zip-escape");
  expect_refused("dotdot_inside.zip", make_archive({{"a/../../moi-zip-escape", "x"}}),
                 "its path goes up", "a/../../moi-zip-escape");
  expect_refused("absolute.zip", make_archive({{"/tmp/moi-zip-escape", "x"}}),
                 "its path is absolute", "/tmp/moi-zip-escape");
  expect_refused("drive.zip", make_archive({{"C:/moi-zip-escape", "x"}}),
                 "starts with a drive letter", "C:/moi-zip-escape");
  expect_refused("backslash.zip", make_archive({{"a\\..\\..\\moi-zip-escape", "x"}}),
                 "holds a backslash", "a\\..\\..\\moi-zip-escape");
  expect_refused("not_utf8.zip",
                 patched(make_archive({{"top/badXX.md", "x"}}), "badXX", "bad\xff\xfe"),
                 "its name is not valid UTF-8", "top/bad\\xff\\xfe.md");
  expect_refused("control.zip", patched(make_archive({{"top/aXb.md", "x"}}), "aXb", "a\nb"),
                 "holds a control character", "top/a\\nb.md");
  expect_refused("duplicate.zip", make_archive({{"top/a.md", "one"}, {"top/a.md", "two"}}),
                 "archive entry \"top/a.md\" refused: its name is given twice", "top/a.md");
  expect_refused("empty_component.zip", make_archive({{"top//a.md", "x"}}),
                 "has an empty component", "top//a.md");
}

TEST_F(ZipTest, LinksDevicesAndFifosAreRefused) {
  expect_refused("symlink.zip",
                 make_archive({{"top/a.md", "x"}, {"top/link", "", AE_IFLNK, "/etc/passwd"}}),
                 "archive entry \"top/link\" refused: it is a symbolic link", "top/link");
  expect_refused("symlink_relative.zip",
                 make_archive({{"top/link", "", AE_IFLNK, "../../moi-zip-escape"}}),
                 "it is a symbolic link", "top/link");
  // ZIP has no hard-link entry: libarchive writes one as a link-typed record or a plain file.
  const std::string hard = make_archive({{"top/a.md", "x"}, {"top/b.md", "", AE_IFREG, "top/a.md"}});
  const std::string hard_path = write("hardlink.zip", hard);
  try {
    const ExtractedZip extracted = extract_zip(hard_path, out());
    for (const std::string& file : extracted.files) {
      EXPECT_FALSE(fs::is_symlink(extracted.folder + "/" + file));
      EXPECT_EQ(fs::hard_link_count(extracted.folder + "/" + file), 1u);
    }
    fs::remove_all(extracted.folder);
  } catch (const ArchiveError& error) {
    EXPECT_EQ(error.entry(), "top/b.md") << error.what();
  }
  expect_refused("device.zip", with_mode(make_archive({{"top/dev", "x"}}), "top/dev", 020644),
                 "archive entry \"top/dev\" refused: it is not a regular file or directory",
                 "top/dev");
  expect_refused("fifo.zip", with_mode(make_archive({{"top/fifo", "x"}}), "top/fifo", 010644),
                 "it is not a regular file or directory", "top/fifo");
  expect_refused("symlink_mode.zip",
                 with_mode(make_archive({{"top/l", "/etc/passwd"}}), "top/l", 0120777),
                 "it is a symbolic link", "top/l");
}

TEST_F(ZipTest, ExpansionPastTheLimitsIsRefusedAndTheLimitsAreOverridable) {
  const std::string zeros(2 << 20, '\0');  // 2 MiB that deflate to a few KiB
  const std::string bomb = make_archive({{"top/zeros.bin", zeros}});
  expect_refused("ratio.zip", bomb,
                 "archive entry \"top/zeros.bin\" refused: it expands more than 100 times its "
                 "compressed size",
                 "top/zeros.bin");
  ZipExtractOptions lenient;
  lenient.limits.max_ratio = 100000;
  const std::string bomb_path = write("ratio.zip", bomb);
  EXPECT_EQ(extract_zip(bomb_path, out(), lenient).bytes, zeros.size());
  fs::remove_all(out() + "/top");

  ZipExtractOptions small;
  small.limits.max_entry_bytes = 1000;
  expect_refused("entry_size.zip", make_archive({{"top/big.txt", std::string(2000, 'a')}}),
                 "declares 2000 bytes, over the limit of 1000", "top/big.txt", small);
  ZipExtractOptions total;
  total.limits.max_total_bytes = 1000;
  expect_refused("total_size.zip",
                 make_archive({{"top/a.txt", std::string(600, 'a')},
                               {"top/b.txt", std::string(600, 'b')}}),
                 "more than the limit of 1000 bytes in all", "top/b.txt", total);
  ZipExtractOptions few;
  few.limits.max_entries = 2;
  expect_refused("entry_count.zip", make_archive({{"top/a", "a"}, {"top/b", "b"}, {"top/c", "c"}}),
                 "holds 3 entries, over the limit of 2", "", few);
  // A declared size that lies is caught by counting what is written.
  std::string lying = make_archive({{"top/a.txt", std::string(3000, 'q')}}, true);
  ZipExtractOptions bounded;
  bounded.limits.max_entry_bytes = 2000;
  lying = patched(lying, std::string("\xb8\x0b\x00\x00\xb8\x0b\x00\x00", 8),
                  std::string("\xb8\x0b\x00\x00\x10\x00\x00\x00", 8));
  const std::string lying_path = write("lying_size.zip", lying);
  EXPECT_THROW(extract_zip(lying_path, out(), bounded), ArchiveError);
  EXPECT_TRUE(listing().empty());
}

TEST_F(ZipTest, WhatIsNotAZipIsRefused) {
  expect_refused("empty.bin", "", "is empty (0 bytes), not a ZIP archive");
  expect_refused("page.html", "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
                 "is not a ZIP archive (it starts with \"<!DO\")");
  expect_refused("envelope.json", R"({"code":"NOT_FOUND","msg":"no such file"})",
                 "is not a ZIP archive");
  expect_refused("archive.tar", make_archive({{"top/a.md", "x"}}, false, true),
                 "is not a ZIP archive");
  const std::string good = make_archive(documented_layout());
  expect_refused("truncated_half.zip", good.substr(0, good.size() / 2),
                 "is truncated, has bytes after its end, or is not a ZIP archive");
  expect_refused("truncated_end.zip", good.substr(0, good.size() - 10),
                 "no end of central directory record at its end");
  expect_refused("trailing_bytes.zip", good + "<html>", "has bytes after its end");
  // The end record intact, the central directory cut out of the middle.
  const auto index_at = good.find("PK\x01\x02");
  expect_refused("truncated_index.zip", good.substr(0, index_at) + good.substr(good.rfind("PK\x05\x06")),
                 "is truncated");
  expect_refused("no_entries.zip", std::string("PK\x05\x06", 4) + std::string(18, '\0'),
                 "holds no entry");
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::to_string(i * 7919 % 10007) + (i % 9 ? " " : "\n");
  std::string corrupt = make_archive({{"top/data.txt", text}});
  corrupt[corrupt.find("top/data.txt") + 500] ^= 0x55;  // inside the deflated data
  const std::string corrupt_path = write("corrupt_data.zip", corrupt);
  EXPECT_THROW(extract_zip(corrupt_path, out()), ArchiveError);
  EXPECT_TRUE(listing().empty());
}

TEST_F(ZipTest, BadArgumentsAreInvalidArguments) {
  EXPECT_THROW(extract_zip(root_ + "/missing.zip", out()), InvalidArgumentError);
  EXPECT_THROW(extract_zip(root_, out()), InvalidArgumentError);
  const std::string zip = write("good.zip", make_archive(documented_layout()));
  EXPECT_THROW(extract_zip(zip, root_ + "/no-such-dir"), InvalidArgumentError);
  ZipExtractOptions sneaky;
  sneaky.folder_name = "..";
  EXPECT_THROW(extract_zip(zip, out(), sneaky), ArchiveError);
  EXPECT_TRUE(listing().empty());
}

}  // namespace
}  // namespace moi
