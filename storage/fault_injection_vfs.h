// A SQLite VFS for fault drills: it passes everything to the default VFS, except that while a named
// "fault file" exists every write, truncate and sync fails with SQLITE_FULL, as on a full disk. Reads
// keep working. A fault file that says "writes" fails writes only (truncates and syncs succeed), to
// reach the code that holds writes back and reports their failure later. The store uses it only when INTAKE_STORAGE_FAULT_FILE is set, so tests (and operators
// rehearsing an outage) can make storage fail and recover without root, mounts or a real full disk.
#pragma once
#include <string>

namespace intake::storage {

class fault_injection_vfs {
 public:
  // Registers the VFS once (not as the default) and returns its name for sqlite3_open_v2. There is
  // one fault file per process: the latest call names it.
  static const char* register_for(const std::string& fault_file);
};

}  // namespace intake::storage
