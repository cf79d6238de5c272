#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/load_problems.h"
#include "tests/support/test_data.h"

using namespace intake;
using testing::has_problem;
namespace fs = std::filesystem;

namespace {

// A copy of the shipped flows and locales in a temporary directory, to break on purpose.
class data_copy {
 public:
  data_copy() : dir_(fs::temp_directory_path() / ("intake-flows-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::copy(testing::source_dir() / "flows", dir_ / "flows", fs::copy_options::recursive);
    fs::copy(testing::source_dir() / "locales", dir_ / "locales", fs::copy_options::recursive);
  }
  ~data_copy() { fs::remove_all(dir_); }

  nlohmann::json read(const std::string& file) const {
    std::ifstream in(dir_ / file);
    return nlohmann::json::parse(in);
  }
  void write(const std::string& file, const nlohmann::json& document) const { std::ofstream(dir_ / file) << document.dump(1); }
  void write_text(const std::string& file, const std::string& text) const { std::ofstream(dir_ / file) << text; }

  std::vector<engine::load_problem> problems() const {
    std::vector<engine::load_problem> found;
    engine::definition_loader::load(dir_, found);
    return found;
  }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
};


}  // namespace

TEST_CASE("The shipped flows and locales load without a single problem", "[engine][loader]") {
  std::vector<engine::load_problem> problems;
  auto definition = engine::definition_loader::load(testing::source_dir(), problems);
  for (const auto& problem : problems) UNSCOPED_INFO(engine::describe(problem));
  CHECK(problems.empty());
  CHECK(definition->flows.count("report") == 1);
  CHECK(definition->flows.at("report").steps.size() == 16);
  CHECK(definition->options("provinces").options.size() == 34);
  CHECK(definition->options("industries").options.size() == 20);
  CHECK(definition->options("difficulties").options.size() == 11);
}

TEST_CASE("Every problem in a broken flow is reported with its file and place", "[engine][loader]") {
  data_copy data;
  auto flow = data.read("flows/report.json");
  flow["steps"][1]["kind"] = "postcode";
  flow["steps"][4]["options"] = "sectors";
  flow["steps"][6]["max_slot"] = "city";
  flow["steps"][10]["when"]["includes"] = "money";
  flow["steps"][12]["prompt"] = "report.description.ask";
  flow["steps"][13]["id"] = "description";
  data.write("flows/report.json", flow);
  const auto problems = data.problems();
  CHECK(has_problem(problems, "flows/report.json", "/steps/1/kind", "unknown kind \"postcode\""));
  CHECK(has_problem(problems, "flows/report.json", "/steps/4/options", "\"sectors\" does not exist"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/6/max_slot", "earlier step of kind count"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/10/when/includes", "\"money\" is not an option"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/12/prompt", "\"report.description.ask\" is not defined in locales/en.json"));
  // Named in the locale's main file, not in a survey's file of the same locale that sorts before it.
  CHECK(has_problem(problems, "flows/report.json", "/steps/12/prompt", "\"report.description.ask\" is not defined in locales/zh-CN.json"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/13/id", "defined twice"));
  CHECK(problems.size() >= 7);  // the missing message is missing from both locales
}

// Found by fuzz_flow_loader: a field of the wrong type threw nlohmann's type_error out of the loader
// (so `intake flows check` died instead of reporting), and 1e300 was cast to int (undefined behaviour).
TEST_CASE("Numbers and flags of the wrong type or out of range are reported, not thrown", "[engine][loader]") {
  data_copy data;
  auto flow = data.read("flows/report.json");
  flow["steps"][0]["min_length"] = "two";
  flow["steps"][0]["max_length"] = 1e300;
  flow["steps"][2]["optional"] = "yes";
  flow["steps"][3]["list_options"] = nullptr;
  flow["steps"][4]["min"] = -1;
  flow["steps"][4]["max"] = nlohmann::json::array();
  flow["steps"][5]["max"] = 18446744073709551615ULL;
  flow["steps"][6]["min_length"] = 2.5;
  data.write("flows/report.json", flow);
  auto menu = data.read("flows/options/main_menu.json");
  menu["numbered"] = 1;
  data.write("flows/options/main_menu.json", menu);

  std::vector<engine::load_problem> problems;
  REQUIRE_NOTHROW(problems = data.problems());
  CHECK(has_problem(problems, "flows/report.json", "/steps/0/min_length", "whole number from 0 to 2000"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/0/max_length", "whole number from 0 to 2000"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/2/optional", "true or false"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/3/list_options", "true or false"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/4/min", "whole number from 0"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/4/max", "expected a number"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/5/max", "expected a number"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/6/min_length", "whole number"));
  CHECK(has_problem(problems, "flows/options/main_menu.json", "/numbered", "true or false"));
}

// Found by fuzz_flow_loader: nlohmann reports a number beyond a double as out_of_range, which the
// loader did not catch, so `intake flows check` died on it.
TEST_CASE("A number too large for a double is reported as invalid JSON", "[engine][loader]") {
  data_copy data;
  data.write_text("flows/options/yes_no.json", "{\"id\": \"yes_no\", \"numbered\": 1e400, \"options\": []}");
  data.write_text("locales/en.json", "{\"messages\": {\"a\": \"b\"}, \"n\": -55555550.5e3005}");
  std::vector<engine::load_problem> problems;
  REQUIRE_NOTHROW(problems = data.problems());
  CHECK(has_problem(problems, "flows/options/yes_no.json", "", "not valid JSON"));
  CHECK(has_problem(problems, "locales/en.json", "", "not valid JSON"));
}

TEST_CASE("Whole numbers written as 2.0 are accepted", "[engine][loader]") {
  data_copy data;
  auto flow = data.read("flows/report.json");
  flow["steps"][0]["min_length"] = 2.0;
  data.write("flows/report.json", flow);
  CHECK(data.problems().empty());
}

TEST_CASE("Invalid JSON, ambiguous aliases and missing messages are reported", "[engine][loader]") {
  data_copy data;
  data.write_text("flows/options/yes_no.json", "{\"id\": \"yes_no\", \"options\": [");
  auto difficulties = data.read("flows/options/difficulties.json");
  difficulties["options"][1]["aliases"].push_back("招工");  // also an alias of 用工
  data.write("flows/options/difficulties.json", difficulties);
  auto english = data.read("locales/en.json");
  english["messages"].erase("report.city.help");
  english["messages"]["summary.line"] = "{n. {label}";
  data.write("locales/en.json", english);

  const auto problems = data.problems();
  CHECK(has_problem(problems, "flows/options/yes_no.json", "byte 30", "not valid JSON"));
  CHECK(has_problem(problems, "flows/options", "", "\"yes_no\" is required"));
  CHECK(has_problem(problems, "flows/options/difficulties.json", "/options/1/aliases", "would select both"));
  CHECK(has_problem(problems, "locales/en.json", "/messages/report.city.help", "missing"));
  CHECK(has_problem(problems, "locales/en.json", "/messages/summary.line", "does not compile"));
}

TEST_CASE("load_or_throw refuses a broken definition and lists the problems", "[engine][loader]") {
  data_copy data;
  auto commands = data.read("flows/commands.json");
  commands["commands"].erase("menu");
  data.write("flows/commands.json", commands);
  try {
    engine::definition_loader::load_or_throw("/nonexistent");
    FAIL("a missing data directory must not load");
  } catch (const engine::load_error& error) {
    CHECK(std::string(error.what()).find("not found") != std::string::npos);
  }
  CHECK(has_problem(data.problems(), "flows/commands.json", "/commands/menu", "at least one word"));
}

TEST_CASE("Problems in the policy knowledge base are reported with file and place", "[engine][loader]") {
  data_copy data;
  auto document = data.read("flows/faq/gxb14.json");
  document["entries"][3].erase("answer");
  document["entries"][4]["questions"] = nlohmann::json::array();
  document["entries"][5]["id"] = document["entries"][6]["id"];
  document["document"]["scope"] = "mars";
  data.write("flows/faq/gxb14.json", document);
  auto synonyms = data.read("flows/faq/synonyms.json");
  synonyms["typos"]["代款"] = 42;
  data.write("flows/faq/synonyms.json", synonyms);
  const auto problems = data.problems();
  CHECK(has_problem(problems, "flows/faq/gxb14.json", "/entries/3/answer", "required string is missing"));
  CHECK(has_problem(problems, "flows/faq/gxb14.json", "/entries/4/questions", "at least one is required"));
  CHECK(has_problem(problems, "flows/faq/gxb14.json", "/entries/6/id", "is used twice"));
  CHECK(has_problem(problems, "flows/faq/gxb14.json", "/document/scope", "must be \"nationwide\" or \"jiangxi\""));
  CHECK(has_problem(problems, "flows/faq/synonyms.json", "/typos/代款", "expected the corrected word as a string"));
}

TEST_CASE("Problems in the notices' passages and the fillers are reported with file and place", "[engine][loader]") {
  data_copy data;
  auto passages = data.read("flows/faq/passages/jx1.json");
  passages["articles"][2]["sentences"] = nlohmann::json::array({42});
  data.write("flows/faq/passages/jx1.json", passages);
  data.write("flows/faq/passages/unknown.json", nlohmann::json{{"document", "no-such-notice"}, {"articles", nlohmann::json::array()}});
  data.write("flows/faq/passages/flat.json", nlohmann::json{{"document", "fgw175"}, {"articles", "一、推动企业分区分类分批复工复产"}});
  auto synonyms = data.read("flows/faq/synonyms.json");
  synonyms["fillers"].push_back("就");
  data.write("flows/faq/synonyms.json", synonyms);
  const auto problems = data.problems();
  CHECK(has_problem(problems, "flows/faq/passages/jx1.json", "/articles/2/sentences/0", "expected a non-empty string"));
  CHECK(has_problem(problems, "flows/faq/passages/unknown.json", "/document", "no file of flows/faq has the document"));
  CHECK(has_problem(problems, "flows/faq/passages/flat.json", "/articles", "expected an array"));
  CHECK(has_problem(problems, "flows/faq/synonyms.json", "/fillers", "at least two characters"));
}

TEST_CASE("The words that skip an optional question are required in flows/commands.json", "[engine][loader]") {
  data_copy data;
  auto commands = data.read("flows/commands.json");
  commands.erase("skip_words");
  commands["filler_suffixes"].push_back(7);
  data.write("flows/commands.json", commands);
  const auto problems = data.problems();
  CHECK(has_problem(problems, "flows/commands.json", "/skip_words", "at least one word"));
  CHECK(has_problem(problems, "flows/commands.json", "/filler_suffixes/" + std::to_string(commands["filler_suffixes"].size() - 1), "non-empty string"));
}

TEST_CASE("Only a credit code or phone step can take an unavailable answer, with messages in every locale", "[engine][loader]") {
  data_copy data;
  auto flow = data.read("flows/report.json");
  flow["steps"][0]["unavailable"] = flow["steps"][1]["unavailable"];  // company_name, a text step
  flow["steps"][1]["unavailable"]["shown_as"] = "report.credit_code.nowhere";
  flow["steps"][1]["unavailable"].erase("words");
  data.write("flows/report.json", flow);
  const auto problems = data.problems();
  CHECK(has_problem(problems, "flows/report.json", "/steps/0/unavailable", "is not used by a step of kind text"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/1/unavailable/shown_as", "\"report.credit_code.nowhere\" is not defined"));
  CHECK(has_problem(problems, "flows/report.json", "/steps/1/unavailable/words", "missing"));
}
