// A returned report is corrected by its owner and submitted again as the same case (issue 24 part 4).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "bot/runtime/staff_desk.h"
#include "bot/runtime/turn_runner.h"
#include "storage/sqlite_store.h"
#include "bot/engine/load_problem.h"
#include "bot/runtime/case_rules.h"
#include "tests/support/test_data.h"

using namespace intake;

namespace {

const std::vector<std::string> report_answers{"1", "南昌小吃店", "91110000600037341L", "赣", "南昌市东湖区", "做餐饮的", "一千二", "两百", "八百万",
                                              "3", "资金，房租", "1200000元", "店面租金太高，客流只有平时的两成", "无", "李红", "0791 86123456", "确认"};

struct owner_and_staff {
  std::int64_t now = testing::test_epoch_ms;
  storage::sqlite_store store{":memory:"};
  runtime::turn_runner runner{testing::shipped_definition(), store, [this] { return now += 1000; }};
  runtime::staff_desk desk{store};

  std::string say(const std::string& text) { return runner.handle({engine::inbound::kind::text, "owner", "websocket", text}).text; }

  std::string submitted_ticket() {
    std::string last;
    for (const auto& answer : report_answers) last = say(answer);
    REQUIRE(last.find("提交成功") != std::string::npos);
    return store.all_reports().front().ticket;
  }
};

}  // namespace

TEST_CASE("A returned report is corrected from the owner's answers and kept as the same case", "[runtime][resubmission]") {
  owner_and_staff t;
  const std::string ticket = t.submitted_ticket();
  t.desk.change_status(ticket, "已退回", "联系电话打不通，请核实后重新提交", "王科长", t.now += 1000);

  // The owner hears why, and how to correct it, with their next message.
  const std::string told = t.say("你好");
  CHECK(told.find("联系电话打不通，请核实后重新提交") != std::string::npos);
  CHECK(told.find("回复“修改”") != std::string::npos);

  const std::string opened = t.say("修改");
  CHECK(opened.find("退回原因：联系电话打不通，请核实后重新提交") != std::string::npos);
  CHECK(opened.find("请核对您填写的信息") != std::string::npos);  // every answer carried over: the summary
  CHECK(opened.find("南昌小吃店") != std::string::npos);
  CHECK(t.say("改电话").find("联系电话") != std::string::npos);
  t.say("13800138000");
  const std::string done = t.say("确认");
  CHECK(done.find("已重新提交！受理编号仍是 " + ticket) != std::string::npos);

  const auto reports = t.store.all_reports();
  REQUIRE(reports.size() == 1);  // one case, not a second
  CHECK(reports[0].ticket == ticket);
  CHECK(reports[0].status == "new");
  CHECK(reports[0].contact_phone == "13800138000");
  CHECK(nlohmann::json::parse(reports[0].answers_json)["contact_phone"] == "13800138000");
  const auto history = t.store.report_history(ticket);
  REQUIRE(history.size() == 3);
  CHECK(history[0].status == "new");
  CHECK(history[1].status == "returned");
  CHECK(history[2].status == "new");
  CHECK(history[2].note == "企业已按退回意见修改并重新提交");
  CHECK(history[2].actor == "企业");
  // The case keeps the day it came in, and its time limits start again from the resubmission.
  CHECK(reports[0].created_at_ms < reports[0].clock_from_ms);
  CHECK(reports[0].clock_from_ms == history[2].at_ms);
  // The list finds it by its new answers: the filters' columns were written again.
  runtime::report_query by_phone;
  by_phone.search = "13800138000";
  CHECK(t.desk.list(by_phone).size() == 1);

  // Nothing is returned any more: 修改 is no longer a request to correct.
  CHECK(t.say("修改").find("退回原因") == std::string::npos);
  // Staff can accept it as any new case.
  CHECK(t.desk.change_status(ticket, "已受理", "", "王科长", t.now += 1000).status == "accepted");
}

TEST_CASE("A correction of a report staff moved meanwhile becomes a new report", "[runtime][resubmission]") {
  owner_and_staff t;
  const std::string ticket = t.submitted_ticket();
  t.desk.change_status(ticket, "returned", "请补充营业收入", "王科长", t.now += 1000);
  t.say("修改");
  // While the owner corrects, the case is moved on (say the return was a mistake: closed, reopened).
  REQUIRE(t.store.move_report_status(ticket, "returned", "accepted", {"accepted", "误退回", "王科长", t.now += 1000},
                                     {0, "status", ticket, "accepted", "误退回", "王科长", t.now}) == storage::status_move_outcome::moved);
  const std::string done = t.say("确认");
  CHECK(done.find("提交成功") != std::string::npos);
  const auto reports = t.store.all_reports();
  REQUIRE(reports.size() == 2);
  CHECK(t.store.find_report(ticket)->status == "accepted");
}

TEST_CASE("Routing, assignment, closing and the owner's rating go into the case, its history and the statistics", "[runtime][rating]") {
  owner_and_staff t;
  const std::string ticket = t.submitted_ticket();
  std::vector<engine::load_problem> problems;
  const auto rules = runtime::case_rules::load(testing::source_dir(), problems);
  REQUIRE(problems.empty());
  t.desk.change_status(ticket, "已受理", "", "王科长", t.now += 1000);
  CHECK(t.desk.route(ticket, "税务局", "涉及税费缓缴", rules, "王科长", t.now += 1000).department == "税务");
  CHECK_THROWS_AS(t.desk.route(ticket, "教育局", "x", rules, "王科长", t.now += 1000), runtime::staff_error);
  CHECK_THROWS_AS(t.desk.route(ticket, "税务", "", rules, "王科长", t.now += 1000), runtime::staff_error);  // a reason is needed
  CHECK(t.desk.assign(ticket, "李四", "王科长", t.now += 1000).assignee == "李四");
  runtime::report_query by_department;
  by_department.department = "税务";
  by_department.assignee = "李四";
  CHECK(t.desk.list(by_department).size() == 1);
  by_department.assignee = "张三";
  CHECK(t.desk.list(by_department).empty());

  // The owner is told and sees the department; the internal notes are not shown as staff's words.
  const std::string told = t.say("2");
  CHECK(told.find("已转交税务部门办理") != std::string::npos);
  const std::string progress = t.say(ticket);
  CHECK(progress.find("承办部门：税务") != std::string::npos);
  CHECK(progress.find("分派给") == std::string::npos);
  CHECK(progress.find("涉及税费缓缴") == std::string::npos);
  t.say("菜单");

  t.desk.change_status(ticket, "已办结", "已协调办理缓缴", "王科长", t.now += 1000);
  CHECK(t.say("你好").find("请您对本次办理进行评价") != std::string::npos);
  CHECK(t.say("不满意，还是要交滞纳金").find("需要我们重新办理") != std::string::npos);
  CHECK(t.say("是").find("已为您申请重新办理") != std::string::npos);

  const auto report = *t.store.find_report(ticket);
  CHECK(report.status == "in_progress");
  const auto history = t.store.report_history(ticket);
  CHECK(history.back().status == "in_progress");
  CHECK(history.back().note == "企业对办理结果不满意，申请重新办理");
  // Staff see the unhappy rating in the case's thread and their inbox.
  const auto inbox = t.desk.inbox();
  REQUIRE(inbox.size() == 1);
  CHECK(inbox[0].latest_text == "【评价】不满意：不满意，还是要交滞纳金");
  const auto satisfaction = t.desk.satisfaction();
  REQUIRE(satisfaction.size() == 1);
  CHECK(satisfaction[0].department == "税务");
  CHECK(satisfaction[0].month == "2020-03");
  CHECK(satisfaction[0].rating == "unsatisfied");
  CHECK(satisfaction[0].count == 1);

  // Closed again and rated again: the latest rating counts.
  t.desk.change_status(ticket, "已办结", "已免除滞纳金", "王科长", t.now += 1000);
  t.say("你好");
  t.say("满意");
  const auto again = t.desk.satisfaction();
  REQUIRE(again.size() == 1);
  CHECK(again[0].rating == "satisfied");
}
