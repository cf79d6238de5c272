// Scores the policy answers on the two question sets of tests/faq/sets (see its README): the tuning
// set, written by one helper, and the held-out test set, written by another; neither writer saw the
// knowledge base or the other set. Prints both sets' figures, by style. A question is answered right
// when the first entry the owner is shown (the answer, or the first suggestion) comes from the seed
// and article it names; a question about the news report (seed 001) names a passage, which the
// entry's answer must restate (half of its character pairs). A near-miss ("none") is right when it is
// declined.
//
// Only the tuning set's misses may be listed (INTAKE_FAQ_VERBOSE=1): the test set is decided on by its
// score alone, so its questions are never printed.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "bot/engine/faq/knowledge_base.h"
#include "tests/support/test_data.h"

using namespace intake;
using engine::faq_result;

namespace {

// The shipped knowledge base, loaded (and checked) with the rest of the definition.
const engine::knowledge_base& shipped_knowledge_base() { return *testing::shipped_definition().faq; }

nlohmann::json question_set(const char* name) {
  std::ifstream in(testing::source_dir() / "tests" / "faq" / "sets" / name);
  return nlohmann::json::parse(in);
}

// The notices (docs/seeds, by number) as the knowledge base names their documents.
const std::map<std::string, std::string>& document_of_seed() {
  static const std::map<std::string, std::string> documents{{"000", "fgw175"}, {"001", "mzb"}, {"002", "gxb14"}, {"004", "jx1"}};
  return documents;
}

// Pairs of neighbouring characters (code points, in valid UTF-8) of a text.
std::set<std::string> character_pairs(const std::string& text) {
  std::vector<std::string> characters;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    characters.push_back(text.substr(i, length));
    i += length;
  }
  std::set<std::string> pairs;
  for (std::size_t i = 0; i + 1 < characters.size(); ++i) pairs.insert(characters[i] + characters[i + 1]);
  return pairs;
}

bool restates(const std::string& answer, const std::string& passage) {
  const auto wanted = character_pairs(passage), present = character_pairs(answer);
  if (wanted.empty()) return false;
  std::size_t found = 0;
  for (const auto& pair : wanted) found += present.count(pair);
  return 2 * found >= wanted.size();
}

bool answers(const engine::faq_entry& entry, const nlohmann::json& expected) {
  const auto document = document_of_seed().find(expected.value("seed", ""));
  if (document == document_of_seed().end() || !entry.document || entry.document->id != document->second) return false;
  if (expected.contains("article")) return entry.article == expected["article"].get<std::string>();
  return restates(entry.answer, expected.value("passage", ""));
}

struct tally {
  int right = 0, total = 0;
  void add(bool was_right) {
    right += was_right;
    ++total;
  }
  double share() const { return total ? static_cast<double>(right) / total : 1.0; }
};

struct set_figures {
  tally top1, within_three, declined, wrongly_answered;
  std::map<std::string, tally> by_style;
};

set_figures score(const nlohmann::json& set, bool list_misses) {
  const auto& base = shipped_knowledge_base();
  set_figures figures;
  for (const auto& item : set["questions"]) {
    const std::string question = item["q"], style = item["style"];
    const auto& expected = item["expect"];
    const auto result = base.lookup(question);
    std::vector<const engine::faq_entry*> shown;
    if (result.outcome == faq_result::decision::answered && !result.candidates.empty()) shown.push_back(result.candidates.front().entry);
    if (result.outcome == faq_result::decision::suggested)
      for (std::size_t i = 0; i < result.candidates.size() && i < engine::knowledge_base::max_suggestions; ++i)
        shown.push_back(result.candidates[i].entry);
    bool right = false;
    if (expected.is_string()) {  // "none": the notices do not answer it
      right = result.outcome == faq_result::decision::declined;
      figures.declined.add(right);
    } else {
      right = !shown.empty() && answers(*shown.front(), expected);
      figures.top1.add(right);
      bool within = false;
      for (const auto* entry : shown) within = within || answers(*entry, expected);
      figures.within_three.add(within);
      figures.wrongly_answered.add(result.outcome == faq_result::decision::answered && !right);
    }
    figures.by_style[style].add(right);
    // One line of figures per question, for fitting the thresholds in knowledge_base.cpp (tuning set only).
    if (list_misses && std::getenv("INTAKE_FAQ_DUMP") && !result.candidates.empty())
      std::printf("DUMP %s %d %.4f %.4f %d\n", expected.is_string() ? "U" : "A",
                  expected.is_string() ? 0 : static_cast<int>(answers(*result.candidates.front().entry, expected)),
                  result.candidates.front().coverage,
                  result.candidates.size() > 1 ? result.candidates[0].score / result.candidates[1].score : 9.0, result.asks_for_specifics ? 1 : 0);
    if (list_misses && !right)
      std::printf("MISS %-9s %-11s %s | want %s | got %s cov=%.2f ratio=%.2f%s\n", engine::to_string(result.outcome), style.c_str(),
                  question.c_str(), expected.dump().c_str(), result.candidates.empty() ? "-" : result.candidates.front().entry->id.c_str(),
                  result.candidates.empty() ? 0.0 : result.candidates.front().coverage,
                  result.candidates.size() > 1 ? result.candidates[0].score / result.candidates[1].score : 9.0,
                  result.asks_for_specifics ? " asks-for-specifics" : "");
  }
  return figures;
}

void print(const char* name, const set_figures& figures) {
  std::printf("%s set: top-1 right %.0f%% (%d/%d), right within the suggestions %.0f%%, near-misses declined %.0f%% (%d/%d), "
              "answered wrongly %d\n",
              name, 100 * figures.top1.share(), figures.top1.right, figures.top1.total, 100 * figures.within_three.share(),
              100 * figures.declined.share(), figures.declined.right, figures.declined.total, figures.wrongly_answered.right);
  std::printf("  by style:");
  for (const auto& [style, counted] : figures.by_style) std::printf(" %s %d/%d", style.c_str(), counted.right, counted.total);
  std::printf("\n");
}

}  // namespace

TEST_CASE("The policy answers are scored on a tuning set and on a held-out test set, by style", "[faq][evaluation]") {
  const auto tuning = score(question_set("tuning_set.json"), std::getenv("INTAKE_FAQ_VERBOSE") != nullptr);
  const auto test = score(question_set("test_set.json"), false);
  print("tuning", tuning);
  print("test", test);
  // Floors a question or two under the figures of 2026-12-07 (test set: top-1 77 of 105, within the
  // suggestions 83, 12 of 15 near-misses declined), so that a change that loses ground fails. The
  // issue's aim (top-1 90 %, within three 97 %, near-misses declined 95 %, every style 80 %) is not
  // reached yet.
  CHECK(test.top1.right >= 75);
  CHECK(test.within_three.right >= 81);
  CHECK(test.declined.right >= 11);
  CHECK(tuning.top1.right >= 90);
  CHECK(tuning.declined.right >= 10);
}
