#include "storage/fault_injection_vfs.h"

#include <sqlite3.h>
#include <unistd.h>

#include <fstream>
#include <mutex>

#include "storage/vfs_shim.h"

namespace intake::storage {
namespace {

constexpr const char* vfs_name = "intake-fault-injection";

sqlite3_vfs fault_vfs;
sqlite3_io_methods fault_methods;
std::mutex fault_file_mutex;
std::string fault_file_path;

bool faulted() {
  std::lock_guard lock(fault_file_mutex);
  return ::access(fault_file_path.c_str(), F_OK) == 0;
}

bool only_writes_fail() {
  std::lock_guard lock(fault_file_mutex);
  std::ifstream in(fault_file_path);
  std::string kind;
  return in >> kind && kind == "writes";
}

int faulty_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  if (faulted()) return SQLITE_FULL;
  return real_file(file)->pMethods->xWrite(real_file(file), buffer, amount, offset);
}
int faulty_truncate(sqlite3_file* file, sqlite3_int64 size) {
  if (faulted() && !only_writes_fail()) return SQLITE_FULL;
  return real_file(file)->pMethods->xTruncate(real_file(file), size);
}
int faulty_sync(sqlite3_file* file, int flags) {
  if (faulted() && !only_writes_fail()) return SQLITE_IOERR_FSYNC;
  return real_file(file)->pMethods->xSync(real_file(file), flags);
}
int faulty_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  return open_shim_file(vfs, name, file, sizeof(shim_file), flags, out_flags, &fault_methods);
}
int faulty_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  if (faulted()) return SQLITE_IOERR_DELETE;
  return base_vfs_of(vfs)->xDelete(base_vfs_of(vfs), name, sync_dir);
}

void install() {
  fault_methods = pass_through_methods();
  fault_methods.xWrite = faulty_write;
  fault_methods.xTruncate = faulty_truncate;
  fault_methods.xSync = faulty_sync;
  fault_vfs = pass_through_vfs(sqlite3_vfs_find(nullptr), vfs_name, sizeof(shim_file));
  fault_vfs.xOpen = faulty_open;
  fault_vfs.xDelete = faulty_delete;
  sqlite3_vfs_register(&fault_vfs, 0);
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
