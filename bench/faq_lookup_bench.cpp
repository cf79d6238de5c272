// Times one policy-question lookup over the whole knowledge base: every question of the evaluation
// set, many rounds, after a warm-up. Prints the median, p99 and max in microseconds. Run with
// `./dev bench` (a Release build); the target for issue 3 is a median under 50 µs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "bot/engine/faq/knowledge_base.h"

int main(int argc, char** argv) {
  const std::string source = argc > 1 ? argv[1] : INTAKE_SOURCE_DIR;
  std::vector<intake::engine::load_problem> problems;
  auto base = intake::engine::knowledge_base::load(source + "/flows/faq", problems);
  if (!problems.empty()) {
    for (const auto& problem : problems) std::fprintf(stderr, "%s\n", intake::engine::describe(problem).c_str());
    return 1;
  }
  std::ifstream in(source + "/tests/faq/eval_set.json");
  const auto set = nlohmann::json::parse(in);
  std::vector<std::string> questions;
  for (const char* group : {"answerable", "unanswerable"})
    for (const auto& item : set[group]) questions.push_back(item["q"].get<std::string>());

  for (const auto& q : questions) base->lookup(q);  // warm-up: ICU data, allocator
  constexpr int rounds = 20;
  std::vector<double> micros;
  micros.reserve(questions.size() * rounds);
  std::size_t answered = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const auto& q : questions) {
      const auto start = std::chrono::steady_clock::now();
      const auto result = base->lookup(q);
      const auto end = std::chrono::steady_clock::now();
      answered += result.outcome == intake::engine::faq_result::decision::answered;
      micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    }
  }
  std::sort(micros.begin(), micros.end());
  auto at = [&](double q) { return micros[static_cast<std::size_t>(q * static_cast<double>(micros.size() - 1))]; };
  std::printf("faq lookup: %zu entries, %zu questions x %d rounds = %zu lookups (%zu answered)\n", base->entries().size(),
              questions.size(), rounds, micros.size(), answered);
  std::printf("faq lookup: median %.1f us, p99 %.1f us, max %.1f us\n", at(0.5), at(0.99), micros.back());
  return 0;
}
