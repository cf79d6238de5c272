// A problem found while loading flows or locales: which file, where in it (a JSON pointer such as
// /steps/4/options) and what to fix. Loading collects every problem before giving up, so an
// operator fixes them all in one go.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace intake::engine {

struct load_problem {
  std::string file;
  std::string place;
  std::string what;
};

std::string describe(const load_problem& problem);

// Thrown when a definition cannot be used; what() lists every problem, one per line.
class load_error : public std::runtime_error {
 public:
  explicit load_error(std::vector<load_problem> problems);
  const std::vector<load_problem>& problems() const { return problems_; }

 private:
  std::vector<load_problem> problems_;
};

}  // namespace intake::engine
