// SPDX-License-Identifier: Apache-2.0
// Upload: local files into a volume, streamed with progress, then wait for the load task.
//
//   MOI_BASE_URL=... MOI_API_KEY=... ./upload [PATH...]
//
// Without paths it uploads the repository's sample files (examples/data). The volume
// "upload-example" (catalog "examples", database "files") is found by name or created.

#include <moi/moi.hpp>

#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  try {
    const moi::Client client = moi::Client::from_env();

    moi::LoadFilesRequest request;
    request.catalog_name = "examples";
    request.database_name = "files";
    request.volume_name = "upload-example";
    for (int i = 1; i < argc; ++i) request.files.push_back({argv[i]});
    if (request.files.empty()) {
      for (const char* name : {"sample.pdf", "sample.docx", "sample.md"}) {
        request.files.push_back({std::string(MOI_EXAMPLES_DATA_DIR) + "/" + name});
      }
    }
    // One line per file when it is fully sent (a terminal program would redraw a bar).
    std::size_t reported = 0;
    request.on_upload_progress = [&](const moi::UploadProgress& progress) {
      const bool file_done = progress.file_bytes_sent == progress.file_bytes_total;
      if (file_done && progress.file_index == reported && reported < request.files.size()) {
        std::cout << "   sent " << request.files[reported].path << " (" << progress.file_bytes_total
                  << " bytes)\n";
        ++reported;
      }
    };
    request.wait.initial_interval = std::chrono::milliseconds(200);
    request.wait.on_progress = [](const moi::LoadTaskProgress& progress) {
      std::cout << "   load task " << progress.task.id.value_or("?") << ": "
                << moi::to_string(progress.task.status.value_or(moi::LoadTaskStatus::kUnknown))
                << "\n";
    };

    std::cout << "Uploading " << request.files.size() << " file(s) into volume \""
              << request.volume_name << "\"\n";
    const moi::LoadedVolume volume = moi::load_files(client, request);
    std::cout << "Volume " << volume.volume_id << (volume.volume_created ? " (created)" : "")
              << ": " << volume.files.size() << " file(s) loaded\n";
    for (const moi::LoadedFile& file : volume.files) {
      std::string path;
      for (const auto& part : file.full_path) path += "/" + part;
      std::cout << "   " << std::left << std::setw(24) << file.file_id << " " << path << "\n";
    }
    // Files that failed to load do not throw: they come back with their reasons.
    for (const moi::LoadTaskFile& file : volume.load.failed) {
      std::cerr << "   not loaded: " << file.name.value_or("?") << ": "
                << file.reason.value_or("no reason given") << "\n";
    }
    return volume.load.failed.empty() ? 0 : 1;
  } catch (const moi::Error& error) {
    std::cerr << "upload failed: " << error.what() << "\n";
    return 1;
  }
}
