#include "bench/child_server.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace intake::bench {

child_server::child_server(std::string name, const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                           const std::string& log_path)
    : name_(std::move(name)) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");  // later children must not inherit it
  const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) {
    close(out[0]);
    close(out[1]);
    throw std::runtime_error("cannot open " + log_path);
  }
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  // Build the environment before fork: the client's threads may be running, so the child calls only
  // async-signal-safe functions until exec.
  std::vector<std::string> environment;
  for (char** entry = environ; *entry; ++entry) {
    const std::string variable = *entry;
    if (!env.contains(variable.substr(0, variable.find('=')))) environment.push_back(variable);
  }
  for (const auto& [key, value] : env) environment.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (auto& variable : environment) envp.push_back(variable.data());
  envp.push_back(nullptr);
  const std::string exec_failed = "cannot execute " + argv.at(0) + "\n";
  pid_ = fork();
  if (pid_ < 0) {
    close(out[0]);
    close(out[1]);
    close(log);
    throw std::runtime_error("fork failed");
  }
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(log, STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    execve(args[0], args.data(), envp.data());
    if (write(STDERR_FILENO, exec_failed.data(), exec_failed.size()) < 0) _exit(126);
    _exit(127);
  }
  close(out[1]);
  close(log);
  stdout_fd_ = out[0];
  // The first line names the port. Read it byte by byte so nothing after it is consumed; keep the pipe
  // open afterwards, so a later write by the server does not raise SIGPIPE.
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (line.empty() || line.back() != '\n') {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    pollfd ready{stdout_fd_, POLLIN, 0};
    if (left <= 0 || poll(&ready, 1, static_cast<int>(left)) <= 0) break;
    char c = 0;
    const auto got = read(stdout_fd_, &c, 1);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    line += c;
  }
  const auto colon = line.rfind(':');
  if (line.empty() || line.back() != '\n' || colon == std::string::npos) {
    stop();
    std::ifstream log_file(log_path);
    const std::string log_text((std::istreambuf_iterator<char>(log_file)), std::istreambuf_iterator<char>());
    throw std::runtime_error(name_ + " (" + argv[0] + ") did not print its address; its standard error:\n" +
                             (log_text.size() > 2000 ? log_text.substr(log_text.size() - 2000) : log_text));
  }
  port_ = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
}

child_server::~child_server() { stop(); }

bool child_server::alive() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
  exit_note_ = WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status)) : "exited with status " + std::to_string(WEXITSTATUS(status));
  pid_ = 0;
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
  return false;
}

int child_server::stop() {
  if (pid_ <= 0) return 0;
  kill(pid_, SIGTERM);
  int status = 0, result = -1;
  bool reaped = false;
  for (int i = 0; i < 200 && !reaped; ++i) {  // 10 s
    if (waitpid(pid_, &status, WNOHANG) == pid_) reaped = true;
    else std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!reaped) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  } else if (WIFEXITED(status)) {
    result = WEXITSTATUS(status);
  }
  pid_ = 0;
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
  return result;
}

}  // namespace intake::bench
