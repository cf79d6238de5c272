#include "storage/wal_batching_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/vfs_shim.h"

namespace intake::storage {
namespace {

constexpr int frame_header_bytes = 24;  // WAL format: a 32-byte file header, then frames of header + page
constexpr int wal_header_bytes = 32;
constexpr std::size_t max_gathered_bytes = 4 << 20;  // a huge transaction is written in 4 MiB pieces
// The unix VFS writes at most 128 KiB - 1 bytes per call (it masks the length with 0x1ffff).
constexpr std::size_t max_io_bytes = 31 * 4096;

std::atomic<std::uint64_t> requested_writes{0};
std::atomic<std::uint64_t> base_writes{0};
std::atomic<std::uint64_t> wal_pages{0};
std::atomic<std::uint64_t> checkpoint_requested_writes{0};
std::atomic<std::uint64_t> checkpoint_base_writes{0};

// Bytes to be written at one offset, in order.
struct pending_run {
  std::string bytes;
  sqlite3_int64 at = 0;
};

// Our file object: the shim's part, then the base VFS's file (vfs_shim.h).
struct batched_file {
  shim_file shim;   // must come first
  bool is_wal;      // else the main database or another file
  bool is_main_db;
  pending_run* gathered;  // WAL files: the transaction's frames not yet written
  bool commit_page_next;  // the last write was a commit frame's header: its page ends the transaction
  // Inside a checkpoint scope only (and emptied when it ends):
  pending_run* copied;  // the main database: consecutive pages copied, not yet written
  int copy_error;       // a gathered copy failed to write: what the checkpoint's sync or truncate returns
};

batched_file* as_batched(sqlite3_file* file) { return reinterpret_cast<batched_file*>(file); }

// The files a checkpoint scope on this thread touched, to be flushed and emptied when it ends.
thread_local bool in_checkpoint_scope = false;
thread_local std::vector<batched_file*> scope_files;

int write_run(batched_file* file, pending_run& run, std::atomic<std::uint64_t>& counter) {
  int result = SQLITE_OK;
  for (std::size_t done = 0; done < run.bytes.size() && result == SQLITE_OK; done += max_io_bytes) {
    const std::size_t amount = std::min(max_io_bytes, run.bytes.size() - done);
    counter.fetch_add(1, std::memory_order_relaxed);
    result = file->shim.real->pMethods->xWrite(file->shim.real, run.bytes.data() + done, static_cast<int>(amount),
                                               run.at + static_cast<sqlite3_int64>(done));
  }
  // Written or not, the bytes are dropped: after a failed write SQLite fails the transaction (or
  // the checkpoint) and writes them again when it retries.
  run.bytes.clear();
  return result;
}

int write_gathered(batched_file* file) {
  file->commit_page_next = false;
  if (!file->gathered || file->gathered->bytes.empty()) return SQLITE_OK;
  return write_run(file, *file->gathered, base_writes);
}

// Writes the checkpoint's gathered pages. A failure is also kept for the checkpoint's next sync or
// truncate, because SQLite ignores what its "checkpoint done" file control returns.
int write_copied(batched_file* file) {
  if (!file->copied || file->copied->bytes.empty()) return file->copy_error;
  const int result = write_run(file, *file->copied, checkpoint_base_writes);
  if (result != SQLITE_OK && file->copy_error == SQLITE_OK) file->copy_error = result;
  return file->copy_error;
}

// Everything this file holds back goes out before any other call reaches the base file.
int write_held_back(batched_file* file) {
  if (const int result = write_gathered(file); result != SQLITE_OK) return result;
  return write_copied(file);
}

std::uint32_t big_endian_u32(const unsigned char* bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) | bytes[3];
}

int checkpoint_write(batched_file* file, const void* data, int amount, sqlite3_int64 offset) {
  checkpoint_requested_writes.fetch_add(1, std::memory_order_relaxed);
  if (file->copy_error != SQLITE_OK) return file->copy_error;
  if (!file->copied) {  // the first copy of this scope: the scope's end will flush and drop it
    file->copied = new pending_run();
    scope_files.push_back(file);
  }
  pending_run& run = *file->copied;
  if (!run.bytes.empty() && offset != run.at + static_cast<sqlite3_int64>(run.bytes.size()))
    if (const int result = write_copied(file); result != SQLITE_OK) return result;
  if (run.bytes.empty()) run.at = offset;
  run.bytes.append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
  if (run.bytes.size() >= max_io_bytes) return write_copied(file);
  return SQLITE_OK;
}

int batched_write(sqlite3_file* handle, const void* data, int amount, sqlite3_int64 offset) {
  batched_file* file = as_batched(handle);
  if (file->is_main_db && in_checkpoint_scope) return checkpoint_write(file, data, amount, offset);
  if (!file->is_wal) {
    if (const int result = write_copied(file); result != SQLITE_OK) return result;
    return file->shim.real->pMethods->xWrite(file->shim.real, data, amount, offset);
  }
  requested_writes.fetch_add(1, std::memory_order_relaxed);
  pending_run& gathered = *file->gathered;
  const bool completes_commit = file->commit_page_next;
  file->commit_page_next = false;
  if (!gathered.bytes.empty() && offset != gathered.at + static_cast<sqlite3_int64>(gathered.bytes.size())) {
    // Not a continuation (a frame rewritten in place, a new WAL header): keep the order of writes.
    if (const int result = write_gathered(file); result != SQLITE_OK) return result;
  }
  if (gathered.bytes.empty()) gathered.at = offset;
  gathered.bytes.append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
  if (amount == frame_header_bytes && offset >= wal_header_bytes) {
    if (big_endian_u32(static_cast<const unsigned char*>(data) + 4) != 0) {  // "database size after commit"
      file->commit_page_next = true;
      return SQLITE_OK;
    }
  } else if (offset >= wal_header_bytes) {
    wal_pages.fetch_add(1, std::memory_order_relaxed);  // a frame's page (its header is written apart)
  }
  if (completes_commit || gathered.bytes.size() >= max_gathered_bytes) return write_gathered(file);
  return SQLITE_OK;
}

int batched_read(sqlite3_file* handle, void* buffer, int amount, sqlite3_int64 offset) {
  if (const int result = write_held_back(as_batched(handle)); result != SQLITE_OK) return result;
  return real_file(handle)->pMethods->xRead(real_file(handle), buffer, amount, offset);
}

void forget_scope_state(batched_file* file) {
  delete file->copied;
  file->copied = nullptr;
  file->copy_error = SQLITE_OK;
  std::erase(scope_files, file);
}

int batched_close(sqlite3_file* handle) {
  batched_file* file = as_batched(handle);
  const int result = write_held_back(file);
  forget_scope_state(file);
  delete file->gathered;
  file->gathered = nullptr;
  const int closed = file->shim.real->pMethods ? file->shim.real->pMethods->xClose(file->shim.real) : SQLITE_OK;
  return result != SQLITE_OK ? result : closed;
}

int batched_truncate(sqlite3_file* handle, sqlite3_int64 size) {
  if (const int result = write_held_back(as_batched(handle)); result != SQLITE_OK) return result;
  return real_file(handle)->pMethods->xTruncate(real_file(handle), size);
}
int batched_sync(sqlite3_file* handle, int flags) {
  if (const int result = write_held_back(as_batched(handle)); result != SQLITE_OK) return result;
  return real_file(handle)->pMethods->xSync(real_file(handle), flags);
}
int batched_file_size(sqlite3_file* handle, sqlite3_int64* size) {
  if (const int result = write_held_back(as_batched(handle)); result != SQLITE_OK) return result;
  return real_file(handle)->pMethods->xFileSize(real_file(handle), size);
}
int batched_file_control(sqlite3_file* handle, int op, void* arg) {
  if (const int result = write_held_back(as_batched(handle)); result != SQLITE_OK) return result;
  return real_file(handle)->pMethods->xFileControl(real_file(handle), op, arg);
}

const sqlite3_io_methods batched_methods = [] {
  sqlite3_io_methods methods = pass_through_methods();
  methods.xClose = batched_close;
  methods.xRead = batched_read;
  methods.xWrite = batched_write;
  methods.xTruncate = batched_truncate;
  methods.xSync = batched_sync;
  methods.xFileSize = batched_file_size;
  methods.xFileControl = batched_file_control;
  return methods;
}();

int batched_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* handle, int flags, int* out_flags) {
  batched_file* file = as_batched(handle);
  file->is_wal = (flags & SQLITE_OPEN_WAL) != 0;
  file->is_main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
  file->gathered = nullptr;
  file->commit_page_next = false;
  file->copied = nullptr;
  file->copy_error = SQLITE_OK;
  const int result = open_shim_file(vfs, name, handle, sizeof(batched_file), flags, out_flags, &batched_methods);
  if (file->shim.base.pMethods && file->is_wal) file->gathered = new pending_run();
  return result;
}

struct registered_vfs {
  std::string name;
  sqlite3_vfs vfs{};
};

}  // namespace

wal_batching_vfs::counts wal_batching_vfs::wal_write_counts() {
  return {requested_writes.load(std::memory_order_relaxed), base_writes.load(std::memory_order_relaxed),
          wal_pages.load(std::memory_order_relaxed)};
}

wal_batching_vfs::checkpoint_counts wal_batching_vfs::checkpoint_io_counts() {
  return {checkpoint_requested_writes.load(std::memory_order_relaxed), checkpoint_base_writes.load(std::memory_order_relaxed)};
}

wal_batching_vfs::checkpoint_scope::checkpoint_scope() { in_checkpoint_scope = true; }

wal_batching_vfs::checkpoint_scope::~checkpoint_scope() {
  in_checkpoint_scope = false;
  // Normally written already (SQLite's "checkpoint done" file control); here for a checkpoint that
  // stopped half-way. Its error, if any, was reported to it.
  while (!scope_files.empty()) {
    batched_file* file = scope_files.back();
    write_copied(file);
    forget_scope_state(file);
  }
}

std::string wal_batching_vfs::register_over(const std::string& base_vfs_name) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<registered_vfs>> registered;  // by base name; never unregistered
  std::lock_guard lock(mutex);
  auto& entry = registered[base_vfs_name];
  if (entry) return entry->name;
  sqlite3_vfs* base = sqlite3_vfs_find(base_vfs_name.empty() ? nullptr : base_vfs_name.c_str());
  if (!base) return base_vfs_name;  // unknown base: SQLite reports it when the connection opens
  auto created = std::make_unique<registered_vfs>();
  created->name = "intake-wal-batching" + (base_vfs_name.empty() ? std::string() : "+" + base_vfs_name);
  created->vfs = pass_through_vfs(base, created->name.c_str(), sizeof(batched_file));
  created->vfs.xOpen = batched_open;
  sqlite3_vfs_register(&created->vfs, 0);
  entry = std::move(created);
  return entry->name;
}

}  // namespace intake::storage
