// Starts the real `intake serve` on 127.0.0.1 with an ephemeral port for end-to-end tests, reads the
// port from its first line, and stops it (SIGTERM, then SIGKILL) when the test is done.
#pragma once
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace intake::testing {

// What a test may change about how the server is started.
struct server_launch {
  std::string stderr_path;  // the server's standard error goes to this file (else the test's)
  rlim_t open_files = 0;    // RLIMIT_NOFILE (soft and hard, as `ulimit -n` sets it) when > 0
};

class server_process {
 public:
  server_process(const std::string& db_path, const std::map<std::string, std::string>& env = {}, const std::string& config_file = "",
                 const server_launch& launch = {}) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork");
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      // Every test server accepts the hellos of signed_hello.h, unless the test says otherwise.
      setenv("INTAKE_WS_IDENTITY_SECRET", "test-identity-secret-0123456789abcdef-0123456789", 1);
      for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
      if (!launch.stderr_path.empty()) {
        const int err = open(launch.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (err < 0 || dup2(err, STDERR_FILENO) < 0) _exit(126);
      }
      if (launch.open_files > 0) {
        const rlimit limit{launch.open_files, launch.open_files};
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) _exit(125);
      }
      if (config_file.empty())
        execl(INTAKE_BINARY, INTAKE_BINARY, "serve", "--listen", "127.0.0.1:0", "--db", db_path.c_str(), static_cast<char*>(nullptr));
      else
        execl(INTAKE_BINARY, INTAKE_BINARY, "serve", "--config", config_file.c_str(), "--listen", "127.0.0.1:0", "--db", db_path.c_str(),
              static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    stdout_ = fdopen(out[0], "r");
    char line[256] = {};
    // Bounded: the server prints its address before serving, or the test fails here.
    alarm(20);
    if (!fgets(line, sizeof line, stdout_)) {
      alarm(0);
      stop();
      throw std::runtime_error("intake serve did not start");
    }
    alarm(0);
    const std::string text = line;
    const auto colon = text.rfind(':');
    port_ = static_cast<unsigned short>(std::stoi(text.substr(colon + 1)));
  }
  ~server_process() { stop(); }

  unsigned short port() const { return port_; }
  pid_t pid() const { return pid_; }

  // SIGTERM and wait (bounded); returns the exit status, or -1 if it had to be killed.
  int stop() {
    if (pid_ <= 0) return 0;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        if (stdout_) fclose(stdout_);
        stdout_ = nullptr;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      usleep(50 * 1000);
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = 0;
    if (stdout_) fclose(stdout_);
    stdout_ = nullptr;
    return -1;
  }

 private:
  pid_t pid_ = 0;
  FILE* stdout_ = nullptr;
  unsigned short port_ = 0;
};

}  // namespace intake::testing
