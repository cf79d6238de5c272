// Whether loading a definition reported a given problem, with every problem shown when it did not.
#pragma once
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bot/engine/load_problem.h"

namespace intake::testing {

inline bool has_problem(const std::vector<engine::load_problem>& problems, const std::string& file, const std::string& place,
                        const std::string& words) {
  for (const auto& problem : problems)
    if (problem.file == file && problem.place == place && problem.what.find(words) != std::string::npos) return true;
  std::string all;
  for (const auto& problem : problems) all += engine::describe(problem) + "\n";
  UNSCOPED_INFO("problems were:\n" << all);
  return false;
}

}  // namespace intake::testing
