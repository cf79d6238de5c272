// A SQLite VFS that writes a transaction's WAL frames with one system call instead of two per page.
// SQLite writes each frame as its 24-byte header and then the page, each a pwrite; a group commit
// of a few dozen turns made a hundred or more, and system calls are dear on this kind of VM (perf:
// a third of the server's CPU was in the kernel). Here contiguous WAL writes are gathered in memory
// and written when the transaction's commit frame (the one whose header carries the database size)
// is complete, inside that xWrite, so a failure (a full disk) is reported to SQLite as the commit's
// own write error and nothing is published. The commit becomes visible to readers only after SQLite
// updates the WAL index, which it does after that write returns, so no reader can see a frame that
// is not in the file. Anything else on the WAL (a read, sync, truncate, size, a write elsewhere, close)
// writes what is gathered first.
//
// Checkpoints write in runs too, inside a checkpoint_scope on the thread that runs them. SQLite
// copies page by page, a pread from the WAL and a pwrite to the database for each: the largest share
// of the system calls left per turn (2.8 of 7.4, strace). In the scope, writes of consecutive
// database pages are gathered and written with one call. They are written before anything else
// touches the file, in particular before SQLite's "checkpoint done" file control, which comes before
// it syncs the database and records the frames as copied. SQLite ignores what that file control
// returns, so a failed write is also returned by every later call of the checkpoint (its truncate
// or sync): SQLite never records as copied what is not in the file. (Reading the WAL in large blocks
// as well saved the preads, but the megabytes allocated and faulted in for each checkpoint made
// the benchmark's p99 worse: 25–34 ms against 17–20.)
#pragma once
#include <cstdint>
#include <string>

namespace intake::storage {

class wal_batching_vfs {
 public:
  // Registers (once per base) a VFS over `base_vfs_name` ("" = SQLite's default) and returns its name
  // for sqlite3_open_v2.
  static std::string register_over(const std::string& base_vfs_name);

  // Since the process started: WAL writes SQLite asked for, writes passed to the base VFS, and the
  // pages among them (one per WAL frame).
  struct counts {
    std::uint64_t requested = 0;
    std::uint64_t written = 0;
    std::uint64_t pages = 0;
  };
  static counts wal_write_counts();

  // While alive, checkpoints run on this thread write in runs (above). Not nested.
  class checkpoint_scope {
   public:
    checkpoint_scope();
    ~checkpoint_scope();
    checkpoint_scope(const checkpoint_scope&) = delete;
    checkpoint_scope& operator=(const checkpoint_scope&) = delete;
  };

  // Since the process started, inside checkpoint scopes: database writes SQLite asked for, and
  // writes passed to the base VFS.
  struct checkpoint_counts {
    std::uint64_t requested_writes = 0;
    std::uint64_t base_writes = 0;
  };
  static checkpoint_counts checkpoint_io_counts();
};

}  // namespace intake::storage
