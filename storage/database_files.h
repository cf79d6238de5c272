// What a database path names, in one place for the store, the transcript index and the tests (which
// use it without linking storage): SQLite opens "" and ":memory:" as a private in-memory database,
// and a file database keeps its transcript indexes in a second file beside it (transcript_index.h).
#pragma once
#include <string>

namespace intake::storage {

inline bool names_memory_database(const std::string& path) { return path.empty() || path == ":memory:"; }

// The transcript index file of the database file `main_path`.
inline std::string index_file_for(const std::string& main_path) { return main_path + "-index"; }

}  // namespace intake::storage
