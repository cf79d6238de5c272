#include "storage/wal_batching_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>

namespace intake::storage {
namespace {

constexpr int frame_header_bytes = 24;  // WAL format: a 32-byte file header, then frames of header + page
constexpr int wal_header_bytes = 32;
constexpr std::size_t max_gathered_bytes = 4 << 20;  // a huge transaction is written in 4 MiB pieces
// The unix VFS writes at most 128 KiB - 1 bytes per call (it masks the length with 0x1ffff).
constexpr std::size_t max_write_bytes = 31 * 4096;

std::atomic<std::uint64_t> requested_writes{0};
std::atomic<std::uint64_t> base_writes{0};

// Our file object; the base VFS's file follows it in the same allocation (szOsFile covers both).
struct batched_file {
  sqlite3_file base;  // must come first: SQLite sees a sqlite3_file*
  sqlite3_file* real;
  std::string* gathered;  // WAL files only: contiguous bytes not yet written, starting at gathered_at
  sqlite3_int64 gathered_at;
  bool commit_page_next;  // the last write was a commit frame's header: its page ends the transaction
};

batched_file* as_batched(sqlite3_file* file) { return reinterpret_cast<batched_file*>(file); }
sqlite3_file* real_of(sqlite3_file* file) { return as_batched(file)->real; }

int write_gathered(batched_file* file) {
  file->commit_page_next = false;
  if (!file->gathered || file->gathered->empty()) return SQLITE_OK;
  int result = SQLITE_OK;
  for (std::size_t done = 0; done < file->gathered->size() && result == SQLITE_OK; done += max_write_bytes) {
    const std::size_t amount = std::min(max_write_bytes, file->gathered->size() - done);
    base_writes.fetch_add(1, std::memory_order_relaxed);
    result = file->real->pMethods->xWrite(file->real, file->gathered->data() + done, static_cast<int>(amount),
                                          file->gathered_at + static_cast<sqlite3_int64>(done));
  }
  // Written or not, the bytes are dropped: after a failed write SQLite fails the transaction and
  // writes those frames again when it retries.
  file->gathered->clear();
  return result;
}

std::uint32_t big_endian_u32(const unsigned char* bytes) {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) | bytes[3];
}

int batched_write(sqlite3_file* handle, const void* data, int amount, sqlite3_int64 offset) {
  batched_file* file = as_batched(handle);
  if (!file->gathered) return file->real->pMethods->xWrite(file->real, data, amount, offset);
  requested_writes.fetch_add(1, std::memory_order_relaxed);
  std::string& gathered = *file->gathered;
  const bool completes_commit = file->commit_page_next;
  file->commit_page_next = false;
  if (!gathered.empty() && offset != file->gathered_at + static_cast<sqlite3_int64>(gathered.size())) {
    // Not a continuation (a frame rewritten in place, a new WAL header): keep the order of writes.
    if (const int result = write_gathered(file); result != SQLITE_OK) return result;
  }
  if (gathered.empty()) file->gathered_at = offset;
  gathered.append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
  if (amount == frame_header_bytes && offset >= wal_header_bytes &&
      big_endian_u32(static_cast<const unsigned char*>(data) + 4) != 0) {  // "database size after commit"
    file->commit_page_next = true;
    return SQLITE_OK;
  }
  if (completes_commit || gathered.size() >= max_gathered_bytes) return write_gathered(file);
  return SQLITE_OK;
}

int batched_close(sqlite3_file* handle) {
  batched_file* file = as_batched(handle);
  int result = write_gathered(file);
  delete file->gathered;
  file->gathered = nullptr;
  const int closed = file->real->pMethods ? file->real->pMethods->xClose(file->real) : SQLITE_OK;
  return result != SQLITE_OK ? result : closed;
}

int batched_read(sqlite3_file* handle, void* buffer, int amount, sqlite3_int64 offset) {
  if (const int result = write_gathered(as_batched(handle)); result != SQLITE_OK) return result;
  return real_of(handle)->pMethods->xRead(real_of(handle), buffer, amount, offset);
}
int batched_truncate(sqlite3_file* handle, sqlite3_int64 size) {
  if (const int result = write_gathered(as_batched(handle)); result != SQLITE_OK) return result;
  return real_of(handle)->pMethods->xTruncate(real_of(handle), size);
}
int batched_sync(sqlite3_file* handle, int flags) {
  if (const int result = write_gathered(as_batched(handle)); result != SQLITE_OK) return result;
  return real_of(handle)->pMethods->xSync(real_of(handle), flags);
}
int batched_file_size(sqlite3_file* handle, sqlite3_int64* size) {
  if (const int result = write_gathered(as_batched(handle)); result != SQLITE_OK) return result;
  return real_of(handle)->pMethods->xFileSize(real_of(handle), size);
}
int batched_file_control(sqlite3_file* handle, int op, void* arg) {
  if (const int result = write_gathered(as_batched(handle)); result != SQLITE_OK) return result;
  return real_of(handle)->pMethods->xFileControl(real_of(handle), op, arg);
}
int batched_lock(sqlite3_file* handle, int level) { return real_of(handle)->pMethods->xLock(real_of(handle), level); }
int batched_unlock(sqlite3_file* handle, int level) { return real_of(handle)->pMethods->xUnlock(real_of(handle), level); }
int batched_check_reserved_lock(sqlite3_file* handle, int* out) {
  return real_of(handle)->pMethods->xCheckReservedLock(real_of(handle), out);
}
int batched_sector_size(sqlite3_file* handle) { return real_of(handle)->pMethods->xSectorSize(real_of(handle)); }
int batched_device_characteristics(sqlite3_file* handle) {
  return real_of(handle)->pMethods->xDeviceCharacteristics(real_of(handle));
}
int batched_shm_map(sqlite3_file* handle, int region, int size, int extend, void volatile** out) {
  return real_of(handle)->pMethods->xShmMap(real_of(handle), region, size, extend, out);
}
int batched_shm_lock(sqlite3_file* handle, int offset, int n, int flags) {
  return real_of(handle)->pMethods->xShmLock(real_of(handle), offset, n, flags);
}
void batched_shm_barrier(sqlite3_file* handle) { real_of(handle)->pMethods->xShmBarrier(real_of(handle)); }
int batched_shm_unmap(sqlite3_file* handle, int delete_flag) {
  return real_of(handle)->pMethods->xShmUnmap(real_of(handle), delete_flag);
}
// No memory-mapped pages through this VFS (the store does not use mmap): every read goes by xRead.
int batched_fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
  *out = nullptr;
  return SQLITE_OK;
}
int batched_unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

const sqlite3_io_methods batched_methods = [] {
  sqlite3_io_methods methods{};
  methods.iVersion = 3;
  methods.xClose = batched_close;
  methods.xRead = batched_read;
  methods.xWrite = batched_write;
  methods.xTruncate = batched_truncate;
  methods.xSync = batched_sync;
  methods.xFileSize = batched_file_size;
  methods.xLock = batched_lock;
  methods.xUnlock = batched_unlock;
  methods.xCheckReservedLock = batched_check_reserved_lock;
  methods.xFileControl = batched_file_control;
  methods.xSectorSize = batched_sector_size;
  methods.xDeviceCharacteristics = batched_device_characteristics;
  methods.xShmMap = batched_shm_map;
  methods.xShmLock = batched_shm_lock;
  methods.xShmBarrier = batched_shm_barrier;
  methods.xShmUnmap = batched_shm_unmap;
  methods.xFetch = batched_fetch;
  methods.xUnfetch = batched_unfetch;
  return methods;
}();

sqlite3_vfs* base_of(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

int batched_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* handle, int flags, int* out_flags) {
  batched_file* file = as_batched(handle);
  file->real = reinterpret_cast<sqlite3_file*>(file + 1);
  file->real->pMethods = nullptr;
  file->gathered = nullptr;
  file->gathered_at = 0;
  file->commit_page_next = false;
  const int result = base_of(vfs)->xOpen(base_of(vfs), name, file->real, flags, out_flags);
  // SQLite calls xClose only when pMethods is set, so a failed open leaves it null.
  file->base.pMethods = file->real->pMethods ? &batched_methods : nullptr;
  if (file->real->pMethods && (flags & SQLITE_OPEN_WAL)) file->gathered = new std::string();
  return result;
}

int batched_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) { return base_of(vfs)->xDelete(base_of(vfs), name, sync_dir); }
int batched_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return base_of(vfs)->xAccess(base_of(vfs), name, flags, out);
}
int batched_full_pathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return base_of(vfs)->xFullPathname(base_of(vfs), name, size, out);
}
void* batched_dl_open(sqlite3_vfs* vfs, const char* name) { return base_of(vfs)->xDlOpen(base_of(vfs), name); }
void batched_dl_error(sqlite3_vfs* vfs, int size, char* out) { base_of(vfs)->xDlError(base_of(vfs), size, out); }
void (*batched_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return base_of(vfs)->xDlSym(base_of(vfs), handle, symbol);
}
void batched_dl_close(sqlite3_vfs* vfs, void* handle) { base_of(vfs)->xDlClose(base_of(vfs), handle); }
int batched_randomness(sqlite3_vfs* vfs, int size, char* out) { return base_of(vfs)->xRandomness(base_of(vfs), size, out); }
int batched_sleep(sqlite3_vfs* vfs, int microseconds) { return base_of(vfs)->xSleep(base_of(vfs), microseconds); }
int batched_current_time(sqlite3_vfs* vfs, double* out) { return base_of(vfs)->xCurrentTime(base_of(vfs), out); }
int batched_get_last_error(sqlite3_vfs* vfs, int size, char* out) { return base_of(vfs)->xGetLastError(base_of(vfs), size, out); }
int batched_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return base_of(vfs)->xCurrentTimeInt64(base_of(vfs), out);
}

struct registered_vfs {
  std::string name;
  sqlite3_vfs vfs{};
};

}  // namespace

wal_batching_vfs::counts wal_batching_vfs::wal_write_counts() {
  return {requested_writes.load(std::memory_order_relaxed), base_writes.load(std::memory_order_relaxed)};
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
  sqlite3_vfs& vfs = created->vfs;
  vfs.iVersion = 2;
  vfs.szOsFile = static_cast<int>(sizeof(batched_file)) + base->szOsFile;
  vfs.mxPathname = base->mxPathname;
  vfs.zName = created->name.c_str();
  vfs.pAppData = base;
  vfs.xOpen = batched_open;
  vfs.xDelete = batched_delete;
  vfs.xAccess = batched_access;
  vfs.xFullPathname = batched_full_pathname;
  vfs.xDlOpen = batched_dl_open;
  vfs.xDlError = batched_dl_error;
  vfs.xDlSym = batched_dl_sym;
  vfs.xDlClose = batched_dl_close;
  vfs.xRandomness = batched_randomness;
  vfs.xSleep = batched_sleep;
  vfs.xCurrentTime = batched_current_time;
  vfs.xGetLastError = batched_get_last_error;
  vfs.xCurrentTimeInt64 = batched_current_time_int64;
  sqlite3_vfs_register(&vfs, 0);
  entry = std::move(created);
  return entry->name;
}

}  // namespace intake::storage
