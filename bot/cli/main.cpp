// intake: the command line. Subcommands: chat, reports export, flows check.
#include <iostream>
#include <string>
#include <vector>

#include "bot/cli/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return intake::cli::run(args, argv[0], std::cin, std::cout, std::cerr);
}
