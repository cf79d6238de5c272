#include "storage/fault_injection_vfs.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstring>
#include <mutex>

namespace intake::storage {
namespace {

constexpr const char* vfs_name = "intake-fault-injection";

sqlite3_vfs* base_vfs = nullptr;
sqlite3_vfs wrapper_vfs;
sqlite3_io_methods wrapper_methods;
std::mutex fault_file_mutex;
std::string fault_file_path;

// Our file object: the base VFS's file follows it in the same allocation (szOsFile covers both).
struct wrapped_file {
  sqlite3_file base;  // must come first: SQLite sees a sqlite3_file*
  sqlite3_file* real;
};

sqlite3_file* real_of(sqlite3_file* file) { return reinterpret_cast<wrapped_file*>(file)->real; }

bool faulted() {
  std::lock_guard lock(fault_file_mutex);
  return ::access(fault_file_path.c_str(), F_OK) == 0;
}

int wrapped_close(sqlite3_file* file) {
  sqlite3_file* real = real_of(file);
  return real->pMethods ? real->pMethods->xClose(real) : SQLITE_OK;
}
int wrapped_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  return real_of(file)->pMethods->xRead(real_of(file), buffer, amount, offset);
}
int wrapped_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  if (faulted()) return SQLITE_FULL;
  return real_of(file)->pMethods->xWrite(real_of(file), buffer, amount, offset);
}
int wrapped_truncate(sqlite3_file* file, sqlite3_int64 size) {
  if (faulted()) return SQLITE_FULL;
  return real_of(file)->pMethods->xTruncate(real_of(file), size);
}
int wrapped_sync(sqlite3_file* file, int flags) {
  if (faulted()) return SQLITE_IOERR_FSYNC;
  return real_of(file)->pMethods->xSync(real_of(file), flags);
}
int wrapped_file_size(sqlite3_file* file, sqlite3_int64* size) { return real_of(file)->pMethods->xFileSize(real_of(file), size); }
int wrapped_lock(sqlite3_file* file, int level) { return real_of(file)->pMethods->xLock(real_of(file), level); }
int wrapped_unlock(sqlite3_file* file, int level) { return real_of(file)->pMethods->xUnlock(real_of(file), level); }
int wrapped_check_reserved_lock(sqlite3_file* file, int* out) {
  return real_of(file)->pMethods->xCheckReservedLock(real_of(file), out);
}
int wrapped_file_control(sqlite3_file* file, int op, void* arg) { return real_of(file)->pMethods->xFileControl(real_of(file), op, arg); }
int wrapped_sector_size(sqlite3_file* file) { return real_of(file)->pMethods->xSectorSize(real_of(file)); }
int wrapped_device_characteristics(sqlite3_file* file) {
  return real_of(file)->pMethods->xDeviceCharacteristics(real_of(file));
}
int wrapped_shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return real_of(file)->pMethods->xShmMap(real_of(file), region, size, extend, out);
}
int wrapped_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  return real_of(file)->pMethods->xShmLock(real_of(file), offset, n, flags);
}
void wrapped_shm_barrier(sqlite3_file* file) { real_of(file)->pMethods->xShmBarrier(real_of(file)); }
int wrapped_shm_unmap(sqlite3_file* file, int delete_flag) { return real_of(file)->pMethods->xShmUnmap(real_of(file), delete_flag); }
// Memory-mapped I/O would let writes bypass xWrite; declining it keeps every write visible to us.
int wrapped_fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
  *out = nullptr;
  return SQLITE_OK;
}
int wrapped_unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

int wrapped_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* wrapper = reinterpret_cast<wrapped_file*>(file);
  wrapper->real = reinterpret_cast<sqlite3_file*>(wrapper + 1);
  wrapper->real->pMethods = nullptr;
  const int result = base_vfs->xOpen(base_vfs, name, wrapper->real, flags, out_flags);
  // SQLite calls xClose only when pMethods is set, so a failed open leaves it null.
  wrapper->base.pMethods = wrapper->real->pMethods ? &wrapper_methods : nullptr;
  return result;
}

int wrapped_delete(sqlite3_vfs*, const char* name, int sync_dir) {
  if (faulted()) return SQLITE_IOERR_DELETE;
  return base_vfs->xDelete(base_vfs, name, sync_dir);
}
int wrapped_access(sqlite3_vfs*, const char* name, int flags, int* out) { return base_vfs->xAccess(base_vfs, name, flags, out); }
int wrapped_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return base_vfs->xFullPathname(base_vfs, name, size, out);
}
void* wrapped_dl_open(sqlite3_vfs*, const char* name) { return base_vfs->xDlOpen(base_vfs, name); }
void wrapped_dl_error(sqlite3_vfs*, int size, char* out) { base_vfs->xDlError(base_vfs, size, out); }
void (*wrapped_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) { return base_vfs->xDlSym(base_vfs, handle, symbol); }
void wrapped_dl_close(sqlite3_vfs*, void* handle) { base_vfs->xDlClose(base_vfs, handle); }
int wrapped_randomness(sqlite3_vfs*, int size, char* out) { return base_vfs->xRandomness(base_vfs, size, out); }
int wrapped_sleep(sqlite3_vfs*, int microseconds) { return base_vfs->xSleep(base_vfs, microseconds); }
int wrapped_current_time(sqlite3_vfs*, double* out) { return base_vfs->xCurrentTime(base_vfs, out); }
int wrapped_get_last_error(sqlite3_vfs*, int size, char* out) { return base_vfs->xGetLastError(base_vfs, size, out); }
int wrapped_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) { return base_vfs->xCurrentTimeInt64(base_vfs, out); }

void install() {
  base_vfs = sqlite3_vfs_find(nullptr);

  wrapper_methods = sqlite3_io_methods{};
  wrapper_methods.iVersion = 3;
  wrapper_methods.xClose = wrapped_close;
  wrapper_methods.xRead = wrapped_read;
  wrapper_methods.xWrite = wrapped_write;
  wrapper_methods.xTruncate = wrapped_truncate;
  wrapper_methods.xSync = wrapped_sync;
  wrapper_methods.xFileSize = wrapped_file_size;
  wrapper_methods.xLock = wrapped_lock;
  wrapper_methods.xUnlock = wrapped_unlock;
  wrapper_methods.xCheckReservedLock = wrapped_check_reserved_lock;
  wrapper_methods.xFileControl = wrapped_file_control;
  wrapper_methods.xSectorSize = wrapped_sector_size;
  wrapper_methods.xDeviceCharacteristics = wrapped_device_characteristics;
  wrapper_methods.xShmMap = wrapped_shm_map;
  wrapper_methods.xShmLock = wrapped_shm_lock;
  wrapper_methods.xShmBarrier = wrapped_shm_barrier;
  wrapper_methods.xShmUnmap = wrapped_shm_unmap;
  wrapper_methods.xFetch = wrapped_fetch;
  wrapper_methods.xUnfetch = wrapped_unfetch;

  wrapper_vfs = sqlite3_vfs{};
  wrapper_vfs.iVersion = 2;
  wrapper_vfs.szOsFile = static_cast<int>(sizeof(wrapped_file)) + base_vfs->szOsFile;
  wrapper_vfs.mxPathname = base_vfs->mxPathname;
  wrapper_vfs.zName = vfs_name;
  wrapper_vfs.xOpen = wrapped_open;
  wrapper_vfs.xDelete = wrapped_delete;
  wrapper_vfs.xAccess = wrapped_access;
  wrapper_vfs.xFullPathname = wrapped_full_pathname;
  wrapper_vfs.xDlOpen = wrapped_dl_open;
  wrapper_vfs.xDlError = wrapped_dl_error;
  wrapper_vfs.xDlSym = wrapped_dl_sym;
  wrapper_vfs.xDlClose = wrapped_dl_close;
  wrapper_vfs.xRandomness = wrapped_randomness;
  wrapper_vfs.xSleep = wrapped_sleep;
  wrapper_vfs.xCurrentTime = wrapped_current_time;
  wrapper_vfs.xGetLastError = wrapped_get_last_error;
  wrapper_vfs.xCurrentTimeInt64 = wrapped_current_time_int64;
  sqlite3_vfs_register(&wrapper_vfs, 0);
}

}  // namespace

const char* fault_injection_vfs::register_for(const std::string& fault_file) {
  static std::once_flag once;
  std::call_once(once, install);
  std::lock_guard lock(fault_file_mutex);
  fault_file_path = fault_file;
  return vfs_name;
}

}  // namespace intake::storage
