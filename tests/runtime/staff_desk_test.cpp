#include <catch2/catch.hpp>

#include <functional>

#include "bot/runtime/case_life.h"
#include "bot/runtime/staff_desk.h"
#include "storage/sqlite_store.h"

using namespace intake;
using runtime::staff_error;

namespace {

storage::report_record sample_report(const std::string& ticket, const std::string& user) {
  storage::report_record r;
  r.ticket = ticket;
  r.form_id = ticket;
  r.user_id = user;
  r.channel = "terminal";
  r.created_at_ms = 1000;
  r.company_name = "测试公司";
  r.province = "江西省";
  r.city = "南昌市";
  r.industry_code = "H";
  r.industry = "住宿和餐饮业";
  r.flow_id = "report";
  r.flow_version = "v1";
  r.answers_json = R"({"difficulties":["资金"],"description":"资金周转困难"})";
  r.choices = {{"difficulties", "资金", "资金"}};
  r.contact_name = "张三";
  r.contact_phone = "13800138000";
  return r;
}

void submit(storage::sqlite_store& store, const storage::report_record& r, const std::string& state = "{}") {
  storage::turn_record turn;
  turn.user_id = r.user_id;
  turn.channel = "terminal";
  turn.state_json = state;
  turn.now_ms = r.created_at_ms;
  turn.reports.push_back(r);
  store.commit_turn(turn);
}

staff_error::kind kind_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const staff_error& error) {
    return error.what_kind();
  }
  FAIL("no staff_error");
  return staff_error::kind::invalid;
}

}  // namespace

TEST_CASE("The case life allows the documented moves and no others", "[runtime][staff]") {
  using runtime::refused_move;
  const std::vector<std::string> statuses{"new", "accepted", "in_progress", "closed", "returned"};
  std::vector<std::string> allowed;
  for (const auto& from : statuses)
    for (const auto& to : statuses)
      if (!refused_move(from, to, "a note")) allowed.push_back(from + ">" + to);
  CHECK(allowed == std::vector<std::string>{"new>accepted", "new>returned", "accepted>in_progress", "accepted>closed", "accepted>returned",
                                            "in_progress>closed", "in_progress>returned", "closed>in_progress"});
  CHECK(refused_move("new", "returned", ""));          // a reason is needed
  CHECK(refused_move("closed", "in_progress", ""));    // so is one for reopening
  CHECK_FALSE(refused_move("accepted", "in_progress", ""));
}

TEST_CASE("Statuses are read as codes, Chinese names in either script, or English names", "[runtime][staff]") {
  using runtime::status_code_from;
  CHECK(status_code_from("in_progress") == "in_progress");
  CHECK(status_code_from("办理中") == "in_progress");
  CHECK(status_code_from("辦理中") == "in_progress");
  CHECK(status_code_from(" 已受理 ") == "accepted");
  CHECK(status_code_from("In Progress") == "in_progress");
  CHECK(status_code_from("ＮＥＷ") == "new");
  CHECK_FALSE(status_code_from("在办"));
  CHECK_FALSE(status_code_from(""));
  CHECK_FALSE(status_code_from("\xff"));
  CHECK(runtime::status_chinese("returned") == "已退回");
}

TEST_CASE("Filters are read as a clerk types them, and a wrong one is refused rather than matching nothing", "[runtime][staff]") {
  using runtime::staff_desk;
  runtime::report_query query;
  query.industry = "H";
  CHECK(staff_desk::filter_from(query).industry_code == "H");
  query.industry = "ｈ";
  CHECK(staff_desk::filter_from(query).industry_code == "H");
  query.industry = "餐飲";
  CHECK(staff_desk::filter_from(query).industry_name == "餐饮");
  CHECK(staff_desk::filter_from(query).industry_code.empty());
  query = {};
  query.status = "已退回";
  CHECK(staff_desk::filter_from(query).status == "returned");
  query.status = "bogus";
  CHECK(kind_of([&] { staff_desk::filter_from(query); }) == staff_error::kind::invalid);
  query = {};
  query.from = "2020-03-01";
  query.to = "2020-03-01";
  const auto day = staff_desk::filter_from(query);
  CHECK(day.to_ms - day.from_ms == 24LL * 3600 * 1000);  // both days included
  query.to = "3/1";
  CHECK(kind_of([&] { staff_desk::filter_from(query); }) == staff_error::kind::invalid);
  query = {};
  query.search = std::string(300, 'a');
  CHECK(kind_of([&] { staff_desk::filter_from(query); }) == staff_error::kind::invalid);
}

TEST_CASE("The desk refuses targets that do not exist and moves that are not allowed", "[runtime][staff]") {
  storage::sqlite_store store(":memory:");
  submit(store, sample_report("R20200301-AAAAAA", "ws:owner"));
  runtime::staff_desk desk(store);
  CHECK(kind_of([&] { desk.reply("ws:nobody", "您好", "王", 2000); }) == staff_error::kind::not_found);
  CHECK(kind_of([&] { desk.reply("R20200301-ZZZZZZ", "您好", "王", 2000); }) == staff_error::kind::not_found);
  CHECK(kind_of([&] { desk.reply("ws:owner", "", "王", 2000); }) == staff_error::kind::invalid);
  CHECK(kind_of([&] { desk.reply("ws:owner", std::string(2001 * 3, 'a'), "王", 2000); }) == staff_error::kind::invalid);
  CHECK(desk.reply("r20200301-aaaaaa", "请补充材料", "王", 2000) == "ws:owner");  // a ticket in any case reaches its owner
  CHECK(store.pending_notifications("ws:owner").size() == 1);
  CHECK(store.transcript_of("ws:nobody").empty());

  CHECK(kind_of([&] { desk.close_handoff("ws:nobody", "王", 2000); }) == staff_error::kind::not_found);
  CHECK(kind_of([&] { desk.close_handoff("ws:owner", "王", 2000); }) == staff_error::kind::conflict);
  CHECK(kind_of([&] { desk.transcript("ws:nobody", "王", 2000); }) == staff_error::kind::not_found);

  CHECK(kind_of([&] { desk.change_status("R20200301-AAAAAA", "已办结", "", "王", 3000); }) == staff_error::kind::conflict);
  CHECK(kind_of([&] { desk.change_status("R20200301-AAAAAA", "done", "", "王", 3000); }) == staff_error::kind::invalid);
  CHECK(kind_of([&] { desk.change_status("R20200301-ZZZZZZ", "accepted", "", "王", 3000); }) == staff_error::kind::not_found);
  CHECK(kind_of([&] { desk.change_status("R20200301-AAAAAA", "returned", "  ", "王", 3000); }) == staff_error::kind::conflict);
  CHECK(desk.change_status("R20200301-AAAAAA", "已受理", "", "王", 3000).status == "accepted");
  CHECK(kind_of([&] { desk.reopen("R20200301-AAAAAA", "误操作", "王", 4000); }) == staff_error::kind::conflict);  // not closed
  CHECK(desk.change_status("R20200301-AAAAAA", "closed", "办结", "王", 4000).status == "closed");
  const auto reopened = desk.reopen("R20200301-AAAAAA", "误点办结", "李", 5000);
  CHECK(reopened.status == "in_progress");
  CHECK(reopened.latest_note == "误点办结");
  CHECK(store.report_history("R20200301-AAAAAA").back().actor == "李");

  const auto file = desk.open_case("R20200301-AAAAAA", "王", 6000);
  CHECK(file.history.size() == 4);
  CHECK(kind_of([&] { desk.open_case("R20200301-ZZZZZZ", "王", 6000); }) == staff_error::kind::not_found);
}
