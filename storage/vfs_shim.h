// The pass-through half of a SQLite VFS shim: a VFS whose every call goes to a base VFS, and file
// methods whose every call goes to the base VFS's file. A shim (the fault drill, the WAL batching)
// starts from these and replaces the few calls it changes. Its file object must begin with
// shim_file; the base VFS's file follows the shim's object in the same allocation.
#pragma once
#include <sqlite3.h>

#include <cstddef>
#include <string>

namespace intake::storage {

struct shim_file {
  sqlite3_file base;   // must come first: SQLite sees a sqlite3_file*
  sqlite3_file* real;  // the base VFS's file
};

inline sqlite3_file* real_file(sqlite3_file* file) { return reinterpret_cast<shim_file*>(file)->real; }
inline sqlite3_vfs* base_vfs_of(sqlite3_vfs* shim) { return static_cast<sqlite3_vfs*>(shim->pAppData); }

// File methods that call the real file, version 3. Memory-mapped pages are declined (xFetch gives
// none), so every read and write passes through the shim's xRead and xWrite.
sqlite3_io_methods pass_through_methods();

// A VFS named `name` over `base` (kept in pAppData) whose file objects are `file_size` bytes (the
// shim's, starting with shim_file) followed by the base file. Every call but xOpen goes to `base`;
// the shim sets xOpen, which calls open_shim_file.
sqlite3_vfs pass_through_vfs(sqlite3_vfs* base, const char* name, std::size_t file_size);

// Opens the base file behind `file` and installs `methods` if it opened (SQLite calls xClose only
// when pMethods is set).
int open_shim_file(sqlite3_vfs* shim, sqlite3_filename name, sqlite3_file* file, std::size_t file_size, int flags, int* out_flags,
                   const sqlite3_io_methods* methods);

}  // namespace intake::storage
