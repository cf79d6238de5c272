// A SQLite VFS that writes a transaction's WAL frames with one system call instead of two per page.
// SQLite writes each frame as its 24-byte header and then the page, each a pwrite; a group commit
// of a few dozen turns made a hundred or more, and system calls are dear on this kind of VM (perf:
// a third of the server's CPU was in the kernel). Here contiguous WAL writes are gathered in memory
// and written when the transaction's commit frame (the one whose header carries the database size)
// is complete, inside that xWrite, so a failure (a full disk) is reported to SQLite as the commit's
// own write error and nothing is published. The commit becomes visible to readers only after SQLite
// updates the WAL index, which it does after that write returns, so no reader can see a frame that
// is not in the file. Anything else on the WAL (a read, sync, truncate, size, a write elsewhere, close)
// writes what is gathered first. Other files pass through untouched.
#pragma once
#include <cstdint>
#include <string>

namespace intake::storage {

class wal_batching_vfs {
 public:
  // Registers (once per base) a VFS over `base_vfs_name` ("" = SQLite's default) and returns its name
  // for sqlite3_open_v2.
  static std::string register_over(const std::string& base_vfs_name);

  // Since the process started: WAL writes SQLite asked for, and writes passed to the base VFS.
  struct counts {
    std::uint64_t requested = 0;
    std::uint64_t written = 0;
  };
  static counts wal_write_counts();
};

}  // namespace intake::storage
