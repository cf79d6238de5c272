// Case deadlines in working days over the holiday calendar, the lists' due filter and the share of
// cases answered in time (issue 24 part 3).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "bot/engine/ticket.h"
#include "bot/runtime/case_rules.h"
#include "bot/runtime/staff_desk.h"
#include "storage/sqlite_store.h"
#include "tests/support/report_submission.h"
#include "tests/support/test_data.h"

using namespace intake;
using runtime::working_calendar;

namespace {

std::int64_t at(const char* day, int hour = 10) { return *engine::parse_china_day(day) + hour * 3600LL * 1000; }

runtime::case_rules shipped_rules() {
  std::vector<engine::load_problem> problems;
  auto rules = runtime::case_rules::load(testing::source_dir(), problems);
  REQUIRE(problems.empty());
  return rules;
}

storage::report_record report_at(const std::string& ticket, std::int64_t created_at_ms, const std::string& department = "") {
  storage::report_record r;
  r.ticket = r.form_id = ticket;
  r.user_id = "owner-" + ticket;
  r.flow_id = "report";
  r.flow_version = "v1";
  r.created_at_ms = created_at_ms;
  r.department = department;
  return r;
}

}  // namespace

TEST_CASE("Working days skip weekends and holidays and count 调休 weekend workdays", "[runtime][deadlines]") {
  const auto rules = shipped_rules();
  const auto& calendar = rules.calendar();
  // Friday 2020-03-06: one working day is Monday, to its end.
  CHECK(calendar.due_ms(at("2020-03-06"), 1) == *engine::parse_china_day("2020-03-10"));
  // Five working days from Monday 2020-03-02: Tuesday … Monday 2020-03-09.
  CHECK(calendar.due_ms(at("2020-03-02"), 5) == *engine::parse_china_day("2020-03-10"));
  // Submitted on the eve of the extended Spring Festival: the holiday ran to 2 February (no workday on the 1st).
  CHECK(calendar.due_ms(at("2020-01-23"), 1) == *engine::parse_china_day("2020-02-04"));
  // Sunday 2020-04-26 was a workday (调休): a case of Saturday the 25th is due by its end.
  CHECK(calendar.due_ms(at("2020-04-25"), 1) == *engine::parse_china_day("2020-04-27"));
  // Labour day: 30 April + 1 working day skips 1–5 May and lands on Wednesday the 6th.
  CHECK(calendar.due_ms(at("2020-04-30"), 1) == *engine::parse_china_day("2020-05-07"));
  CHECK(working_calendar::day_of(*engine::parse_china_day("2020-03-01")) + 1 ==
        working_calendar::day_of(*engine::parse_china_day("2020-03-01") + 24 * 3600 * 1000));
}

TEST_CASE("The arrival window of a due range holds exactly the cases due in it", "[runtime][deadlines]") {
  const auto rules = shipped_rules();
  const auto& calendar = rules.calendar();
  for (const int days : {1, 5}) {
    const std::int64_t from = *engine::parse_china_day("2020-05-06"), to = *engine::parse_china_day("2020-05-07");
    const auto [first, last] = calendar.arrivals_due_between(from, to, days);
    for (std::int64_t day = working_calendar::day_of(at("2020-04-01")); day < working_calendar::day_of(at("2020-05-20")); ++day) {
      const std::int64_t arrival = working_calendar::start_of(day) + 3600 * 1000;
      const std::int64_t due = calendar.due_ms(arrival, days);
      INFO("days " << days << ", arrival " << engine::format_china_time(arrival));
      CHECK((due >= from && due < to) == (arrival >= first && arrival < last));
    }
  }
}

TEST_CASE("Lists keep what is overdue or due today and stats count what was answered in time", "[runtime][deadlines]") {
  const auto rules = shipped_rules();
  storage::sqlite_store store(":memory:");
  runtime::staff_desk desk(store);
  // Now: Wednesday 2020-03-11, 15:00.
  const std::int64_t now = at("2020-03-11", 15);
  REQUIRE(testing::submit_report(store, report_at("R20200309-AAAAAA", at("2020-03-09"))) == storage::commit_outcome::kept);  // new: due 03-10, overdue
  REQUIRE(testing::submit_report(store, report_at("R20200310-BBBBBB", at("2020-03-10"))) == storage::commit_outcome::kept);  // new: due end of 03-11, today
  REQUIRE(testing::submit_report(store, report_at("R20200311-CCCCCC", at("2020-03-11"))) == storage::commit_outcome::kept);  // new: due 03-12
  REQUIRE(testing::submit_report(store, report_at("R20200302-DDDDDD", at("2020-03-02"), "")) == storage::commit_outcome::kept);
  desk.change_status("R20200302-DDDDDD", "accepted", "", "王", at("2020-03-02", 11));  // open: answer due end of 03-09, overdue
  REQUIRE(testing::submit_report(store, report_at("R20200304-EEEEEE", at("2020-03-04"))) == storage::commit_outcome::kept);
  desk.change_status("R20200304-EEEEEE", "accepted", "", "王", at("2020-03-04", 11));  // answer due end of 03-11: today

  auto tickets = [&](const char* which) {
    runtime::report_query query;
    query.due = *rules.due_filter(which, now);
    std::vector<std::string> found;
    for (const auto& r : desk.list(query)) found.push_back(r.ticket);
    std::sort(found.begin(), found.end());
    return found;
  };
  CHECK(tickets("overdue") == std::vector<std::string>{"R20200302-DDDDDD", "R20200309-AAAAAA"});
  CHECK(tickets("today") == std::vector<std::string>{"R20200304-EEEEEE", "R20200310-BBBBBB"});
  CHECK_FALSE(rules.due_filter("soon", now));
  CHECK(rules.due_ms("closed", at("2020-03-02")) == std::nullopt);

  // Closed within five working days, or not; by department.
  desk.change_status("R20200304-EEEEEE", "closed", "已办结", "王", at("2020-03-10"));     // in time
  desk.change_status("R20200302-DDDDDD", "closed", "已办结", "王", at("2020-03-12"));     // late
  const auto rows = desk.timeliness(rules);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].department == "");
  CHECK(rows[0].closed == 2);
  CHECK(rows[0].in_time == 1);
}

TEST_CASE("A calendar or time limit the operator got wrong is refused naming file and place", "[runtime][deadlines]") {
  const auto dir = std::filesystem::temp_directory_path() / ("intake-case-rules-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "flows" / "cases");
  std::ofstream(dir / "flows" / "cases" / "case_rules.json") << R"({"departments": [{"name": "税务"}, {"name": "稅務"}], "time_limits": {"accept_working_days": 0}})";
  std::ofstream(dir / "flows" / "cases" / "calendar.json") << R"({"holidays": ["2020-02-30"], "workdays": []})";
  std::vector<engine::load_problem> problems;
  runtime::case_rules::load(dir, problems);
  std::filesystem::remove_all(dir);
  std::vector<std::string> places;
  for (const auto& problem : problems) places.push_back(problem.file + " " + problem.place);
  CHECK(std::find(places.begin(), places.end(), "flows/cases/case_rules.json /departments/1") != places.end());  // 稅務 is 税务 folded
  CHECK(std::find(places.begin(), places.end(), "flows/cases/case_rules.json /time_limits/accept_working_days") != places.end());
  CHECK(std::find(places.begin(), places.end(), "flows/cases/calendar.json /holidays/0") != places.end());
}
