// Entry points of the subcommands. Each returns the process exit code.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace intake::cli {

int run(const std::vector<std::string>& args, const char* argv0, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace intake::cli
