#include "bot/engine/load_problem.h"

namespace intake::engine {
namespace {

std::string join(const std::vector<load_problem>& problems) {
  std::string text;
  for (const auto& problem : problems) {
    if (!text.empty()) text += '\n';
    text += describe(problem);
  }
  return text;
}

}  // namespace

std::string describe(const load_problem& problem) {
  std::string text = problem.file;
  if (!problem.place.empty()) text += ": " + problem.place;
  return text + ": " + problem.what;
}

load_error::load_error(std::vector<load_problem> problems) : std::runtime_error(join(problems)), problems_(std::move(problems)) {}

}  // namespace intake::engine
