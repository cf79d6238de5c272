// Issue 22: a questionnaire an operator writes as JSON and locale text runs from the menu with no C++
// (the survey of tests/data/extra_survey), and flows check refuses what would not run.
#include <catch2/catch.hpp>

#include <fstream>

#include "bot/engine/flow_schema.h"
#include "bot/engine/validators/date_validator.h"
#include "tests/support/engine_chat.h"
#include "tests/support/load_problems.h"
#include "tests/support/extra_survey.h"

using namespace intake;
using testing::has_problem;
using engine::conversation_mode;
using testing::engine_chat;
using nlohmann::json;

namespace {

const testing::data_dir_with_extra_survey& survey_data() {
  static const testing::data_dir_with_extra_survey data;
  return data;
}

const engine::bot_definition& survey_definition() {
  static const auto definition = survey_data().load();
  return *definition;
}

std::vector<engine::load_problem> problems_with(const std::function<void(json&)>& edit, const std::string& file = "flows/supplies.json") {
  const testing::data_dir_with_extra_survey data;
  const auto path = data.path() / file;
  json document = json::parse(std::ifstream(path));
  edit(document);
  std::ofstream(path) << document.dump(1);
  std::vector<engine::load_problem> problems;
  engine::definition_loader::load(data.path(), problems);
  return problems;
}


}  // namespace

TEST_CASE("An operator's survey loads and takes its place on the main menu by its order", "[engine][forms]") {
  const auto& definition = survey_definition();
  REQUIRE(definition.flows.count("supplies") == 1);
  const auto& menu = definition.options("main_menu").options;
  std::vector<std::string> values;
  for (const auto& opt : menu) values.push_back(opt.value);
  // main_menu.json's options are 10, 20, 30, 40 by position; the survey's order is 15, the shipped
  // surveys' after the services.
  CHECK(values == std::vector<std::string>{"report", "supplies", "progress", "faq", "human", "labour_needs", "financing_needs"});
  const auto& form = definition.flows.at("supplies");
  CHECK(form.ticket_prefix == "WZ");
  CHECK(form.roles.company == "company_name");
  CHECK(form.roles.credit_code.empty());
  CHECK(form.version.size() == 16);
  CHECK(form.version != definition.flows.at("report").version);
}

TEST_CASE("The survey is asked from the menu, by number or by its words, and submitted with its version and names", "[engine][forms]") {
  for (const char* choice : {"2", "防疫物资", "登记防疫物资需求"}) {
    INFO(choice);
    engine_chat c(survey_definition());
    c.say("你好");
    auto reply = c.say(choice);
    CHECK(engine_chat::has(reply, "supplies.intro"));
    CHECK(c.state.flow == "supplies");
    CHECK(c.state.step == "company_name");
  }
  engine_chat c(survey_definition());
  c.say_all({"你好", "2", "赣州市南康家具有限公司", "江西"});
  REQUIRE(c.state.step == "kinds");
  c.say("1 3");
  REQUIRE(c.state.step == "masks_per_day");  // asked only because masks were chosen
  auto reply = c.say("大概五百只");
  CHECK(c.state.answers["masks_per_day"] == 500);
  CHECK(c.state.step == "needed_by");
  reply = c.say("去年");
  CHECK(engine_chat::has(reply, "error.date.not_a_date"));
  reply = c.say("2020-02-01");  // before today (2020-03-01) and days_before is 0
  CHECK(engine_chat::has(reply, "error.date.too_early"));
  c.say("3月10日");
  CHECK(c.state.answers["needed_by"] == "2020-03-10");
  c.say("无");
  CHECK(c.state.answers["details"].is_null());
  reply = c.say("13800138000");
  REQUIRE(c.state.mode == conversation_mode::summary);
  const std::string summary = c.text(reply);
  CHECK(summary.find("每日口罩需求：500 只/天") != std::string::npos);
  CHECK(summary.find("需要日期：2020-03-10") != std::string::npos);
  reply = c.say("确认");
  CHECK(engine_chat::has(reply, "supplies.submitted"));
  REQUIRE(c.submitted.size() == 1);
  const json& payload = c.submitted.front().payload;
  CHECK(payload["flow"] == "supplies");
  CHECK(payload["flow_version"] == survey_definition().flows.at("supplies").version);
  CHECK(payload["ticket"].get<std::string>().rfind("WZ20200301-", 0) == 0);
  CHECK(payload["answers"]["kinds"] == json::array({"masks", "thermometers"}));
  CHECK(payload["names"]["kinds"] == json::array({"口罩", "测温枪"}));
  CHECK(payload["names"]["province"] == "江西省");
  // The ticket with its prefix is found in a progress query.
  const std::string ticket = payload["ticket"];
  reply = c.say("查询进度");
  reply = c.say(ticket);
  CHECK(engine_chat::has(reply, "progress.item"));
}

TEST_CASE("A number step reads figures as owners say them and keeps its limits", "[engine][forms]") {
  engine_chat c(survey_definition());
  c.say_all({"2", "赣州市南康家具有限公司", "江西", "口罩"});
  REQUIRE(c.state.step == "masks_per_day");
  CHECK(engine_chat::has(c.say("很多"), "error.number.not_a_number"));
  CHECK(engine_chat::has(c.say("0"), "error.number.too_small"));
  auto reply = c.say("三四百");  // a range is confirmed as its middle
  CHECK(c.state.mode == conversation_mode::confirm_estimate);
  c.say("是");
  CHECK(c.state.answers["masks_per_day"] == 350);
}

TEST_CASE("Dates are read in the ways owners write them", "[engine][forms]") {
  const std::int64_t today = testing::test_epoch_ms;  // 2020-03-01 China time
  auto date = [&](const char* text) {
    auto result = engine::validate_date(text, today, 36500, 36500);
    return result.ok() ? result.value().get<std::string>() : std::string("rejected: ") + result.error().key;
  };
  CHECK(date("2020-03-10") == "2020-03-10");
  CHECK(date("2020/3/10") == "2020-03-10");
  CHECK(date("2020.3.10") == "2020-03-10");
  CHECK(date("2020年3月10日") == "2020-03-10");
  CHECK(date("3月10号") == "2020-03-10");
  CHECK(date("三月十日") == "2020-03-10");
  CHECK(date("二〇二〇年三月十日") == "2020-03-10");
  CHECK(date("大概3月10日左右") == "2020-03-10");
  CHECK(date("明天") == "2020-03-02");
  CHECK(date("today") == "2020-03-01");
  CHECK(date("2月30日") == "rejected: error.date.not_a_date");
  CHECK(date("下周") == "rejected: error.date.not_a_date");
  CHECK(date("2020") == "rejected: error.date.not_a_date");
  CHECK(date("3月10日和3月12日") == "rejected: error.date.not_a_date");
  auto limited = engine::validate_date("2021-03-02", today, 0, 365);
  REQUIRE_FALSE(limited.ok());
  CHECK(limited.error().key == "error.date.too_late");
  CHECK(limited.error().args["latest"] == "2021-03-01");
}

TEST_CASE("A draft begun under an older version of its flow keeps what still fits", "[engine][forms]") {
  testing::data_dir_with_extra_survey data;
  auto before = data.load();
  engine_chat c(*before);
  c.say_all({"2", "赣州市南康家具有限公司", "江西", "1 2"});
  REQUIRE(c.state.step == "masks_per_day");
  const std::string old_version = c.state.flow_version;

  // The operator drops 消毒液 from the options and rewords a label: a new version.
  const auto options_path = data.path() / "flows" / "options" / "supply_kinds.json";
  json options = json::parse(std::ifstream(options_path));
  options["options"].erase(1);
  std::ofstream(options_path) << options.dump(1);
  auto after = data.load();
  REQUIRE(after->flows.at("supplies").version != old_version);

  engine::dialogue_engine engine(*after);
  auto result = engine.step(c.state, {engine::inbound::kind::text, "owner", "terminal", "500"}, {c.now, {}, {}});
  CHECK(engine_chat::has(result, "form.flow_changed_answers_dropped"));
  CHECK(result.state.flow_version == after->flows.at("supplies").version);
  CHECK(result.state.answers["company_name"] == "赣州市南康家具有限公司");
  CHECK_FALSE(result.state.answers.contains("kinds"));  // held an option that is gone: asked again
  CHECK(result.state.step == "kinds");
}

TEST_CASE("An owner in English is asked a form written in Chinese only in Chinese, and told so", "[engine][forms]") {
  testing::data_dir_with_extra_survey data;
  {
    const auto path = data.path() / "flows" / "supplies.json";
    json flow = json::parse(std::ifstream(path));
    flow["locales"] = json::array({"zh-CN"});
    std::ofstream(path) << flow.dump(1);
    std::filesystem::remove(data.path() / "locales" / "supplies.en.json");
    // The menu label and title are still needed in English: the menu is shown in every language.
    std::ofstream(data.path() / "locales" / "supplies.en.json")
        << R"({"locale": "en", "messages": {"supplies.menu": "Report epidemic supplies needed", "supplies.title": "Epidemic supplies"}})";
  }
  auto definition = data.load();
  engine_chat c(*definition, "en");
  auto reply = c.say("2");
  CHECK(engine_chat::has(reply, "form.locale_switched"));
  CHECK(c.state.locale == "zh-CN");
  reply = c.say("english");
  CHECK(engine_chat::has(reply, "locale.not_in_form"));
  CHECK(c.state.locale == "zh-CN");
}

TEST_CASE("flows check refuses options that lead nowhere, unreachable flows and keys that would be ignored", "[engine][forms][loader]") {
  auto problems = problems_with([](json& flow) { flow.erase("menu"); });
  CHECK(has_problem(problems, "flows/supplies.json", "", "cannot be reached"));

  problems = problems_with([](json& menu) { menu["options"].push_back({{"value", "nowhere"}, {"label", "menu.report"}}); },
                           "flows/options/main_menu.json");
  CHECK(has_problem(problems, "flows/options/main_menu.json", "/options/4/value", "leads nowhere"));

  problems = problems_with([](json& flow) {
    flow["steps"][0]["max_lenght"] = 10;        // a typo
    flow["steps"][0]["options"] = "provinces";  // options on a text step
    flow["steps"][4]["unit"] = "supplies.masks_per_day.unit";  // a unit on a date
    flow["colour"] = "red";
  });
  CHECK(has_problem(problems, "flows/supplies.json", "/steps/0/max_lenght", "not used by a step of kind text"));
  CHECK(has_problem(problems, "flows/supplies.json", "/steps/0/options", "not used by a step of kind text"));
  CHECK(has_problem(problems, "flows/supplies.json", "/steps/4/unit", "not used by a step of kind date"));
  CHECK(has_problem(problems, "flows/supplies.json", "/colour", "not used in a flow"));

  problems = problems_with([](json& flow) {
    flow["ticket_prefix"] = "wz1";
    flow["roles"]["credit_code"] = "company_name";  // a text step cannot hold a checked code
    flow["roles"]["city"] = "no_such_step";
    flow["roles"]["boss"] = "company_name";
    flow["steps"][3].erase("unit");
  });
  CHECK(has_problem(problems, "flows/supplies.json", "/ticket_prefix", "capital letters"));
  CHECK(has_problem(problems, "flows/supplies.json", "/roles/credit_code", "cannot hold the credit_code"));
  CHECK(has_problem(problems, "flows/supplies.json", "/roles/city", "not a step of this flow"));
  CHECK(has_problem(problems, "flows/supplies.json", "/roles/boss", "not used as a role"));
  CHECK(has_problem(problems, "flows/supplies.json", "/steps/3/unit", "required string is missing"));

  problems = problems_with([](json& flow) { flow["menu"]["aliases"].push_back("反映困难"); });  // the report's word
  CHECK(has_problem(problems, "flows/options/main_menu.json", "/options/1/aliases", "would select both \"report\" and \"supplies\""));

  // A message missing in English is refused unless the flow says it is written in Chinese only.
  problems = problems_with([](json& locale) { locale["messages"].erase("supplies.kinds.help"); }, "locales/supplies.en.json");
  CHECK(has_problem(problems, "flows/supplies.json", "/steps/2/help", "not defined in locales/"));
}

TEST_CASE("flow_schema keeps what staff need to read a submission of one version", "[engine][forms]") {
  const auto& definition = survey_definition();
  const json schema = engine::flow_schema(definition.flows.at("supplies"), definition.messages);
  CHECK(schema["flow"] == "supplies");
  CHECK(schema["title"]["zh-CN"] == "防疫物资需求登记");
  CHECK(schema["roles"]["company"] == "company_name");
  REQUIRE(schema["steps"].size() == 7);
  CHECK(schema["steps"][2]["kind"] == "multi_choice");
  CHECK(schema["steps"][2]["options"][0]["name"] == "口罩");
  CHECK(schema["steps"][3]["unit"]["zh-CN"] == "只/天");
  CHECK(schema["steps"][4]["label"]["zh-CN"] == "需要日期");
}

TEST_CASE("A date without a year is the one within the step limits and a number may carry the step unit", "[engine][forms]") {
  const std::int64_t december = testing::test_epoch_ms + 280LL * 24 * 3600 * 1000;  // 2020-12-06
  auto march = engine::validate_date("3月10日", december, 0, 365);
  REQUIRE(march.ok());
  CHECK(march.value() == "2021-03-10");  // a deadline said in December: next March
  auto past = engine::validate_date("3月10日", december, 365, 0);
  REQUIRE(past.ok());
  CHECK(past.value() == "2020-03-10");

  engine_chat c(survey_definition());
  c.say_all({"2", "赣州市南康家具有限公司", "江西", "口罩"});
  REQUIRE(c.state.step == "masks_per_day");
  c.say("800只/天");
  CHECK(c.state.answers["masks_per_day"] == 800);
}

TEST_CASE("A draft parked at the resume question is carried over to a new version before it goes on", "[engine][forms]") {
  testing::data_dir_with_extra_survey data;
  auto before = data.load();
  engine_chat c(*before);
  c.say_all({"2", "赣州市南康家具有限公司", "江西", "2"});
  REQUIRE(c.state.answers["kinds"] == json::array({"disinfectant"}));
  c.now += 3LL * 24 * 3600 * 1000;  // a long pause: the owner is asked whether to go on
  engine::dialogue_engine paused(*before);
  auto asked = paused.step(c.state, {engine::inbound::kind::text, "owner", "terminal", "你好"}, {c.now, {}, {}});
  REQUIRE(asked.state.mode == conversation_mode::resume_prompt);

  const auto options_path = data.path() / "flows" / "options" / "supply_kinds.json";
  json options = json::parse(std::ifstream(options_path));
  options["options"].erase(1);  // 消毒液 is no longer an option
  std::ofstream(options_path) << options.dump(1);
  auto after = data.load();
  engine::dialogue_engine engine(*after);
  auto result = engine.step(asked.state, {engine::inbound::kind::text, "owner", "terminal", "继续"}, {c.now + 1000, {}, {}});
  CHECK(engine_chat::has(result, "form.flow_changed_answers_dropped"));
  CHECK_FALSE(result.state.answers.contains("kinds"));
  CHECK(result.state.step == "kinds");
}
