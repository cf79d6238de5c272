// A server the load benchmark starts itself (intake serve or the echo server): fork/exec with the
// given arguments and extra environment, standard error to a log file, and the port read from the
// first line of standard output ("… listening on 127.0.0.1:PORT"). stop() sends SIGTERM and waits
// (bounded), then SIGKILL. Not copyable; the destructor stops the process.
#pragma once
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

#include "bench/process_stats.h"

namespace intake::bench {

class child_server {
 public:
  // Throws std::runtime_error when the process does not print its address within 30 s.
  child_server(std::string name, const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
               const std::string& log_path);
  ~child_server();
  child_server(const child_server&) = delete;
  child_server& operator=(const child_server&) = delete;

  const std::string& name() const { return name_; }
  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }
  process_sample sample() const { return sample_process(pid_); }

  // False once the process has exited (then `exit_note()` says how).
  bool alive();
  const std::string& exit_note() const { return exit_note_; }

  // Returns the exit status, or -1 when it had to be killed or died of a signal.
  int stop();

 private:
  std::string name_;
  pid_t pid_ = 0;
  int stdout_fd_ = -1;
  unsigned short port_ = 0;
  std::string exit_note_;
};

}  // namespace intake::bench
