// The surveys shipped beside the difficulty report (flows/labour_needs.json, flows/financing_needs.json)
// and the report's 营业收入: reached from the menu, their conditional questions, the answers they
// store, their tickets. The conversations themselves, word for word, are golden transcripts
// (tests/engine/golden/labour_needs*.chat, financing_needs*.chat).
#include <catch2/catch.hpp>

#include <fstream>

#include "bot/engine/choice_matcher.h"
#include "bot/engine/match_text.h"
#include "tests/support/engine_chat.h"

using namespace intake;
using engine::conversation_mode;
using nlohmann::json;
using testing::engine_chat;

namespace {

const std::vector<std::string> identity{"测试服装有限公司", "91110000600037341L", "江西", "赣州市南康区", "3"};
const std::vector<std::string> contact{"张三", "13800138000"};

std::string submitted_ticket(const engine_chat& c) {
  REQUIRE(c.submitted.size() == 1);
  return c.submitted.front().payload["ticket"].get<std::string>();
}

}  // namespace

TEST_CASE("The surveys are on the main menu after the services, by number and by words", "[engine][surveys]") {
  const auto& menu = testing::shipped_definition().options("main_menu");
  std::vector<std::string> values;
  for (const auto& opt : menu.options) values.push_back(opt.value);
  CHECK(values == std::vector<std::string>{"report", "progress", "faq", "human", "labour_needs", "financing_needs"});

  for (const auto& [said, flow] : std::vector<std::pair<std::string, std::string>>{
           {"5", "labour_needs"}, {"用工需求登记", "labour_needs"}, {"我要招工", "labour_needs"}, {"招工", "labour_needs"},
           {"缺人手", "labour_needs"}, {"labour needs", "labour_needs"}, {"6", "financing_needs"}, {"融资需求", "financing_needs"},
           {"我要贷款", "financing_needs"}, {"融资", "financing_needs"}, {"need a loan", "financing_needs"}, {"1", "report"}}) {
    INFO(said);
    engine_chat c;
    c.say(said);
    CHECK(c.state.mode == conversation_mode::form);
    CHECK(c.state.flow == flow);
  }
}

TEST_CASE("No policy question of the evaluation set, asked at the menu, opens a survey instead", "[engine][surveys]") {
  // A menu word found inside a message opens its item: words such as 贷款, 融资, 招工 or 用工 would
  // take "贷款到期了能续贷吗" away from the policy answers. The surveys' menu words are chosen so that
  // none of these questions contains one.
  std::ifstream in(testing::source_dir() / "tests" / "faq" / "eval_set.json");
  const json set = json::parse(in);
  const auto& menu = testing::shipped_definition().options("main_menu");
  int questions = 0;
  for (const char* part : {"answerable", "unanswerable"})
    for (const auto& item : set[part]) {
      const std::string question = item["q"];
      ++questions;
      const auto match = engine::choice_matcher::match_one(menu, engine::match_form(question));
      if (match.result != engine::choice_match::outcome::matched) continue;
      INFO(question);
      const std::string& value = match.options.front()->value;
      CHECK(value != "labour_needs");
      CHECK(value != "financing_needs");
    }
  CHECK(questions > 300);
}

TEST_CASE("用工需求登记: point-to-point transport is asked about only when the enterprise wants it", "[engine][surveys]") {
  SECTION("not wanted: no pick-up questions") {
    engine_chat c;
    c.say("用工需求登记");
    c.say_all(identity);
    c.say_all({"30", "1 2", "普工 25 人，电焊工 5 人需持证", "3月15日", "不需要", "1 4"});
    c.say_all(contact);
    REQUIRE(c.state.mode == conversation_mode::summary);
    CHECK_FALSE(c.state.answers.contains("transport_from"));
    c.say("确认");
    const auto ticket = submitted_ticket(c);
    CHECK(ticket.rfind("YG20200301-", 0) == 0);
    const json& payload = c.submitted.front().payload;
    CHECK(payload["flow"] == "labour_needs");
    const json& answers = payload["answers"];
    CHECK(answers["workers_short"] == 30);
    CHECK(answers["positions"] == json::array({"普工", "技术工人"}));
    CHECK(answers["needed_by"] == "2020-03-15");
    CHECK(answers["charter_transport"] == "不需要");
    CHECK(answers["recruitment_help"] == json::array({"发布招聘信息", "职业技能培训"}));
    CHECK(payload["names"]["industry"] == "制造业");
  }
  SECTION("wanted: where from and how many, then the rest") {
    engine_chat c;
    c.say("5");
    c.say_all(identity);
    c.say_all({"30", "普工和司机", "无", "明天"});
    auto asked = c.say("需要");
    CHECK(c.state.step == "transport_from");
    const auto* question = engine_chat::find(asked, "form.question");
    REQUIRE(question);
    CHECK(question->args["total"] == 15);  // 13 questions and the two about the transport
    c.say_all({"四川达州、重庆万州", "四十五人", "没有了"});
    c.say_all(contact);
    REQUIRE(c.state.mode == conversation_mode::summary);
    CHECK(c.state.answers["positions"] == json::array({"普工", "司机"}));
    CHECK(c.state.answers["positions_detail"].is_null());
    CHECK(c.state.answers["needed_by"] == "2020-03-02");
    CHECK(c.state.answers["transport_workers"] == 45);
    CHECK(c.state.answers["recruitment_help"].is_null());
    // Changing the answer to 不需要 drops the pick-up answers.
    c.say("改包车");
    c.say("不需要");
    CHECK(c.state.mode == conversation_mode::summary);
    CHECK_FALSE(c.state.answers.contains("transport_from"));
    CHECK_FALSE(c.state.answers.contains("transport_workers"));
  }
  SECTION("a day before today is refused") {
    engine_chat c;
    c.say("5");
    c.say_all(identity);
    c.say_all({"30", "1", "无"});
    REQUIRE(c.state.step == "needed_by");
    auto refused = c.say("2020年2月20日");  // with its year: 2月20日 alone would be next February
    CHECK(engine_chat::has(refused, "error.date.too_early"));
    CHECK(c.state.step == "needed_by");
  }
}

TEST_CASE("融资需求登记: the loan's due date and amount are asked only when a loan falls due", "[engine][surveys]") {
  SECTION("no loan falls due") {
    engine_chat c;
    c.say("融资需求登记");
    c.say_all(identity);
    c.say_all({"两百万", "发工资", "12", "没有抵押物", "没有", "无"});
    c.say_all(contact);
    REQUIRE(c.state.mode == conversation_mode::summary);
    CHECK(c.state.answers["amount_wan"] == 200);
    CHECK(c.state.answers["purpose"] == "发放工资");
    CHECK(c.state.answers["term_months"] == 12);
    CHECK(c.state.answers["collateral"] == json::array({"无抵押"}));
    CHECK(c.state.answers["loan_due"] == "没有");
    CHECK_FALSE(c.state.answers.contains("loan_due_date"));
    CHECK(c.state.answers["banks"].is_null());
    c.say("确认");
    CHECK(submitted_ticket(c).rfind("RZ20200301-", 0) == 0);
  }
  SECTION("a loan falls due") {
    engine_chat c;
    c.say("6");
    c.say_all(identity);
    c.say_all({"150", "还贷款", "24", "房产和应收账款", "有"});
    CHECK(c.state.step == "loan_due_date");
    c.say_all({"4月10日", "一百万", "赣州银行"});
    c.say_all(contact);
    REQUIRE(c.state.mode == conversation_mode::summary);
    CHECK(c.state.answers["purpose"] == "偿还到期贷款");
    CHECK(c.state.answers["collateral"] == json::array({"房产土地", "应收账款"}));
    CHECK(c.state.answers["loan_due_date"] == "2020-04-10");
    CHECK(c.state.answers["loan_due_amount_wan"] == 100);
    CHECK(c.state.answers["banks"] == "赣州银行");
  }
}

TEST_CASE("The surveys say who the enterprise is and where through their roles", "[engine][surveys]") {
  for (const char* id : {"labour_needs", "financing_needs"}) {
    INFO(id);
    const auto& flow = testing::shipped_definition().flows.at(id);
    CHECK(flow.roles.company == "company_name");
    CHECK(flow.roles.credit_code == "credit_code");
    CHECK(flow.roles.province == "province");
    CHECK(flow.roles.city == "city");
    CHECK(flow.roles.industry == "industry");
    CHECK(flow.roles.contact_name == "contact_name");
    CHECK(flow.roles.contact_phone == "contact_phone");
    CHECK(flow.locales.empty());  // written in every language of the catalog
  }
  CHECK(testing::shipped_definition().flows.at("labour_needs").ticket_prefix == "YG");
  CHECK(testing::shipped_definition().flows.at("financing_needs").ticket_prefix == "RZ");
}

TEST_CASE("营业收入 (2019) is asked after the employees, in 万元, and may be left out by owners who do not know it", "[engine][surveys]") {
  const std::vector<std::string> up_to_revenue{"1", "测试餐饮有限公司", "91110000600037341L", "江西", "南昌市", "8", "10", "5"};
  for (const auto& [said, stored] : std::vector<std::pair<std::string, json>>{
           {"800", 800}, {"八百万", 800}, {"1.2亿", 12000}, {"3000000元", 300}, {"不清楚", nullptr}, {"不知道", nullptr}, {"无", nullptr}}) {
    INFO(said);
    engine_chat c;
    c.say_all(up_to_revenue);
    REQUIRE(c.state.step == "revenue_2019_wan");
    c.say(said);
    CHECK(c.state.step == "resumption_status");
    CHECK(c.state.answers["revenue_2019_wan"] == stored);
  }
  engine_chat c;
  c.say_all(up_to_revenue);
  // Two figures (the year and the amount) are not one answer: asked again rather than guessed.
  auto refused = c.say("2019年大概800万");
  CHECK(engine_chat::has(refused, "error.money.not_a_number"));
  CHECK(c.state.step == "revenue_2019_wan");
}
