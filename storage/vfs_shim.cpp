#include "storage/vfs_shim.h"

namespace intake::storage {
namespace {

int pass_close(sqlite3_file* file) {
  sqlite3_file* real = real_file(file);
  return real->pMethods ? real->pMethods->xClose(real) : SQLITE_OK;
}
int pass_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  return real_file(file)->pMethods->xRead(real_file(file), buffer, amount, offset);
}
int pass_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  return real_file(file)->pMethods->xWrite(real_file(file), buffer, amount, offset);
}
int pass_truncate(sqlite3_file* file, sqlite3_int64 size) { return real_file(file)->pMethods->xTruncate(real_file(file), size); }
int pass_sync(sqlite3_file* file, int flags) { return real_file(file)->pMethods->xSync(real_file(file), flags); }
int pass_file_size(sqlite3_file* file, sqlite3_int64* size) { return real_file(file)->pMethods->xFileSize(real_file(file), size); }
int pass_lock(sqlite3_file* file, int level) { return real_file(file)->pMethods->xLock(real_file(file), level); }
int pass_unlock(sqlite3_file* file, int level) { return real_file(file)->pMethods->xUnlock(real_file(file), level); }
int pass_check_reserved_lock(sqlite3_file* file, int* out) {
  return real_file(file)->pMethods->xCheckReservedLock(real_file(file), out);
}
int pass_file_control(sqlite3_file* file, int op, void* arg) { return real_file(file)->pMethods->xFileControl(real_file(file), op, arg); }
int pass_sector_size(sqlite3_file* file) { return real_file(file)->pMethods->xSectorSize(real_file(file)); }
int pass_device_characteristics(sqlite3_file* file) { return real_file(file)->pMethods->xDeviceCharacteristics(real_file(file)); }
int pass_shm_map(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return real_file(file)->pMethods->xShmMap(real_file(file), region, size, extend, out);
}
int pass_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  return real_file(file)->pMethods->xShmLock(real_file(file), offset, n, flags);
}
void pass_shm_barrier(sqlite3_file* file) { real_file(file)->pMethods->xShmBarrier(real_file(file)); }
int pass_shm_unmap(sqlite3_file* file, int delete_flag) { return real_file(file)->pMethods->xShmUnmap(real_file(file), delete_flag); }
int decline_fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
  *out = nullptr;
  return SQLITE_OK;
}
int decline_unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

int pass_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) { return base_vfs_of(vfs)->xDelete(base_vfs_of(vfs), name, sync_dir); }
int pass_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return base_vfs_of(vfs)->xAccess(base_vfs_of(vfs), name, flags, out);
}
int pass_full_pathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return base_vfs_of(vfs)->xFullPathname(base_vfs_of(vfs), name, size, out);
}
void* pass_dl_open(sqlite3_vfs* vfs, const char* name) { return base_vfs_of(vfs)->xDlOpen(base_vfs_of(vfs), name); }
void pass_dl_error(sqlite3_vfs* vfs, int size, char* out) { base_vfs_of(vfs)->xDlError(base_vfs_of(vfs), size, out); }
void (*pass_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return base_vfs_of(vfs)->xDlSym(base_vfs_of(vfs), handle, symbol);
}
void pass_dl_close(sqlite3_vfs* vfs, void* handle) { base_vfs_of(vfs)->xDlClose(base_vfs_of(vfs), handle); }
int pass_randomness(sqlite3_vfs* vfs, int size, char* out) { return base_vfs_of(vfs)->xRandomness(base_vfs_of(vfs), size, out); }
int pass_sleep(sqlite3_vfs* vfs, int microseconds) { return base_vfs_of(vfs)->xSleep(base_vfs_of(vfs), microseconds); }
int pass_current_time(sqlite3_vfs* vfs, double* out) { return base_vfs_of(vfs)->xCurrentTime(base_vfs_of(vfs), out); }
int pass_get_last_error(sqlite3_vfs* vfs, int size, char* out) { return base_vfs_of(vfs)->xGetLastError(base_vfs_of(vfs), size, out); }
int pass_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return base_vfs_of(vfs)->xCurrentTimeInt64(base_vfs_of(vfs), out);
}

}  // namespace

sqlite3_io_methods pass_through_methods() {
  sqlite3_io_methods methods{};
  methods.iVersion = 3;
  methods.xClose = pass_close;
  methods.xRead = pass_read;
  methods.xWrite = pass_write;
  methods.xTruncate = pass_truncate;
  methods.xSync = pass_sync;
  methods.xFileSize = pass_file_size;
  methods.xLock = pass_lock;
  methods.xUnlock = pass_unlock;
  methods.xCheckReservedLock = pass_check_reserved_lock;
  methods.xFileControl = pass_file_control;
  methods.xSectorSize = pass_sector_size;
  methods.xDeviceCharacteristics = pass_device_characteristics;
  methods.xShmMap = pass_shm_map;
  methods.xShmLock = pass_shm_lock;
  methods.xShmBarrier = pass_shm_barrier;
  methods.xShmUnmap = pass_shm_unmap;
  methods.xFetch = decline_fetch;
  methods.xUnfetch = decline_unfetch;
  return methods;
}

sqlite3_vfs pass_through_vfs(sqlite3_vfs* base, const char* name, std::size_t file_size) {
  sqlite3_vfs vfs{};
  vfs.iVersion = 2;
  vfs.szOsFile = static_cast<int>(file_size) + base->szOsFile;
  vfs.mxPathname = base->mxPathname;
  vfs.zName = name;
  vfs.pAppData = base;
  vfs.xDelete = pass_delete;
  vfs.xAccess = pass_access;
  vfs.xFullPathname = pass_full_pathname;
  vfs.xDlOpen = pass_dl_open;
  vfs.xDlError = pass_dl_error;
  vfs.xDlSym = pass_dl_sym;
  vfs.xDlClose = pass_dl_close;
  vfs.xRandomness = pass_randomness;
  vfs.xSleep = pass_sleep;
  vfs.xCurrentTime = pass_current_time;
  vfs.xGetLastError = pass_get_last_error;
  vfs.xCurrentTimeInt64 = pass_current_time_int64;
  return vfs;
}

int open_shim_file(sqlite3_vfs* shim, sqlite3_filename name, sqlite3_file* file, std::size_t file_size, int flags, int* out_flags,
                   const sqlite3_io_methods* methods) {
  auto* shim_part = reinterpret_cast<shim_file*>(file);
  shim_part->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + file_size);
  shim_part->real->pMethods = nullptr;
  const int result = base_vfs_of(shim)->xOpen(base_vfs_of(shim), name, shim_part->real, flags, out_flags);
  shim_part->base.pMethods = shim_part->real->pMethods ? methods : nullptr;
  return result;
}

}  // namespace intake::storage
