// A database file path in the temporary directory, removed (with its WAL, SHM and index files) before and
// after the test.
#pragma once
#include <filesystem>
#include <string>
#include <unistd.h>

#include "storage/database_files.h"

namespace intake::testing {

struct temp_db {
  explicit temp_db(const std::string& name)
      : path(std::filesystem::temp_directory_path() / ("intake-" + name + "-" + std::to_string(::getpid()) + ".db")) {
    clean();
  }
  ~temp_db() { clean(); }
  void clean() const {
    for (const std::string& file : {path.string(), storage::index_file_for(path.string())})
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);
  }
  std::filesystem::path path;
};

}  // namespace intake::testing
