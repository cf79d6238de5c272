// Runs the real intake binary for end-to-end tests: standard input from a string, output captured,
// bounded by a timeout so a hung process fails the test instead of the run.
#pragma once
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <sys/wait.h>
#include <unistd.h>

namespace intake::testing {

struct process_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class scratch_dir {
 public:
  explicit scratch_dir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("intake-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~scratch_dir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Lines for a piped chat: each item and a newline.
inline std::string lines(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += item + "\n";
  return text;
}

inline std::string quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// `args` are passed to intake after shell quoting; runs in `work_dir`.
inline process_result run_intake(const std::vector<std::string>& args, const std::string& input, const scratch_dir& work_dir,
                                 int timeout_seconds = 60) {
  const std::string in = work_dir.file("stdin"), out = work_dir.file("stdout"), err = work_dir.file("stderr");
  std::ofstream(in, std::ios::binary) << input;
  // Built by appending: `" " + std::string` trips GCC 12's false -Wrestrict (bug 105651) at -O2.
  std::string command = "cd ";
  command.append(quote(work_dir.path().string())).append(" && timeout ").append(std::to_string(timeout_seconds));
  command.append(" ").append(quote(INTAKE_BINARY));
  for (const auto& arg : args) command.append(" ").append(quote(arg));
  command.append(" < ").append(quote(in)).append(" > ").append(quote(out)).append(" 2> ").append(quote(err));
  const int status = std::system(command.c_str());
  process_result result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(out);
  result.err = slurp(err);
  return result;
}

}  // namespace intake::testing
