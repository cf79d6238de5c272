// What the load benchmark reads about a server process (or itself) from /proc: resident memory now,
// its peak (VmHWM) and the CPU time used so far. Linux only. Free functions; thread-safe.
#pragma once
#include <sys/types.h>

namespace intake::bench {

struct process_sample {
  long rss_kb = 0;          // VmRSS
  long peak_rss_kb = 0;     // VmHWM: the most the process has held resident since it started
  double cpu_seconds = 0;   // utime + stime
  bool ok = false;          // false when the process is gone
};

// Reads /proc/PID/status and /proc/PID/stat.
process_sample sample_process(pid_t pid);

// CPU time (user + system) of this process so far, all threads.
double own_cpu_seconds();

// Raises the soft limit on open files to the hard limit (children inherit it); returns the new limit.
long raise_open_file_limit();

}  // namespace intake::bench
