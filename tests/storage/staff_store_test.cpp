#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <SQLiteCpp/Database.h>
#include <sys/stat.h>

#include "storage/sqlite_store.h"
#include "tests/support/staff_writes.h"
#include "tests/support/temp_db.h"

#include <algorithm>
#include <cstdio>

using namespace intake::storage;
using intake::testing::close_handoff;
using intake::testing::move_status;
using intake::testing::staff_reply;

namespace {

report_record report(const std::string& ticket, const std::string& user, const std::string& province, std::vector<std::string> difficulties,
                     std::int64_t at) {
  report_record r;
  r.ticket = ticket;
  r.form_id = ticket;
  r.user_id = user;
  r.channel = "terminal";
  r.created_at_ms = at;
  r.company_name = "测试公司" + ticket;
  r.credit_code = "91110000600037341L";
  r.province = province;
  r.city = "南昌市";
  r.industry_code = "C";
  r.industry = "制造业";
  r.contact_name = "张三";
  r.contact_phone = "13800138000";
  r.flow_id = "report";
  r.flow_version = "v1";
  r.answers_json = nlohmann::json{{"difficulties", difficulties}, {"description", "原材料进不来"}}.dump();
  for (const auto& difficulty : difficulties) r.choices.push_back({"difficulties", difficulty, difficulty});
  return r;
}

// As the runtime's mapper would: the texts a search looks in, taken when the report is submitted.
void submit(sqlite_store& store, report_record r, const std::string& state = "{}") {
  r.searchable_texts = {r.company_name, r.city, "原材料进不来", r.contact_name, r.contact_phone, r.credit_code};
  turn_record turn;
  turn.user_id = r.user_id;
  turn.channel = "terminal";
  turn.state_json = state;
  turn.now_ms = r.created_at_ms;
  turn.reports.push_back(r);
  store.commit_turn(turn);
}

}  // namespace

TEST_CASE("A report moves only from the status staff saw, with every change kept, and the owner is notified of each", "[storage][staff]") {
  sqlite_store store(":memory:");
  submit(store, report("R1", "u1", "江西省", {"资金"}, 1000));
  CHECK(move_status(store, "R9", "new", "accepted", "", "王", 2000) == status_move_outcome::no_such_ticket);
  // Someone else moved it meanwhile: nothing is written.
  CHECK(move_status(store, "R1", "accepted", "in_progress", "", "王", 2000) == status_move_outcome::status_changed);
  CHECK(move_status(store, "R1", "new", "accepted", "已受理", "王", 2000) == status_move_outcome::moved);
  CHECK(move_status(store, "R1", "accepted", "in_progress", "已联系银行", "李", 3000) == status_move_outcome::moved);
  CHECK(move_status(store, "R1", "in_progress", "closed", "已续贷", "李", 4000) == status_move_outcome::moved);
  CHECK(store.find_report("R1")->status == "closed");
  const auto history = store.report_history("R1");
  REQUIRE(history.size() == 4);
  CHECK(history[0].status == "new");
  CHECK(history[2].actor == "李");
  CHECK(history[2].note == "已联系银行");
  CHECK(store.find_report("R1")->latest_note == "已续贷");
  const auto notices = store.pending_notifications("u1");
  REQUIRE(notices.size() == 3);
  CHECK(notices[0].status == "accepted");
  CHECK(notices[2].text == "已续贷");

  turn_record delivered;
  delivered.user_id = "u1";
  delivered.channel = "terminal";
  delivered.state_json = "{}";
  delivered.now_ms = 6000;
  delivered.delivered_notifications = {notices[0].id, notices[1].id};
  store.commit_turn(delivered);
  REQUIRE(store.pending_notifications("u1").size() == 1);
}

TEST_CASE("Reports are listed by status, province, city, industry, difficulty, dates and words", "[storage][staff]") {
  sqlite_store store(":memory:");
  submit(store, report("R1", "u1", "江西省", {"资金", "房租"}, 1000));
  submit(store, report("R2", "u2", "湖南省", {"用工"}, 2000));
  submit(store, report("R3", "u3", "江西省", {"用工", "资金"}, 3000));
  move_status(store, "R3", "new", "accepted", "", "王", 4000);
  auto with = [](auto set) {
    report_filter filter;
    set(filter);
    return filter;
  };
  auto tickets = [&](const report_filter& filter) {
    std::vector<std::string> found;
    for (const auto& r : store.list_reports(filter)) found.push_back(r.ticket);
    return found;
  };
  CHECK(tickets({}) == std::vector<std::string>{"R3", "R2", "R1"});
  CHECK(tickets(with([](report_filter& f) { f.province = "江西省"; })) == std::vector<std::string>{"R3", "R1"});
  CHECK(tickets(with([](report_filter& f) { f.choices = {{"difficulties", "资金"}}; })) == std::vector<std::string>{"R3", "R1"});
  CHECK(tickets(with([](report_filter& f) { f.status = "accepted"; })) == std::vector<std::string>{"R3"});
  CHECK(tickets(with([](report_filter& f) { f.city = "南昌"; })).size() == 3);
  CHECK(tickets(with([](report_filter& f) { f.text = "测试公司R2"; })) == std::vector<std::string>{"R2"});
  CHECK(tickets(with([](report_filter& f) {
          f.from_ms = 1500;
          f.to_ms = 3000;
        })) == std::vector<std::string>{"R2"});
}

TEST_CASE("Filters compare folded text: Traditional, full-width and case do not hide a report", "[storage][staff]") {
  sqlite_store store(":memory:");
  auto traditional = report("R1", "u1", "江西省", {"资金"}, 1000);
  traditional.city = "贛州市南康區";
  traditional.company_name = "南康區傢俱廠ＡＢＣ";
  traditional.contact_name = "劉德華";
  traditional.contact_phone = "13907971234";
  submit(store, traditional);
  auto other = report("R2", "u2", "湖南省", {"税费社保"}, 2000);
  other.industry_code = "H";
  other.industry = "住宿和餐饮业";
  submit(store, other);
  auto tickets = [&](auto set) {
    report_filter filter;
    set(filter);
    std::vector<std::string> found;
    for (const auto& r : store.list_reports(filter)) found.push_back(r.ticket);
    return found;
  };
  using found = std::vector<std::string>;
  CHECK(tickets([](report_filter& f) { f.city = "赣州"; }) == found{"R1"});
  CHECK(tickets([](report_filter& f) { f.city = "南康區"; }) == found{"R1"});
  CHECK(tickets([](report_filter& f) { f.province = "江西"; }) == found{"R1"});
  CHECK(tickets([](report_filter& f) { f.text = "南康区家具厂abc"; }) == found{"R1"});  // 傢俱 is 家具 in Simplified
  CHECK(tickets([](report_filter& f) { f.text = "刘德华"; }) == found{"R1"});
  CHECK(tickets([](report_filter& f) { f.text = "０７９７"; }) == found{"R1"});
  CHECK(tickets([](report_filter& f) { f.text = "600037"; }).size() == 2);  // the credit code
  CHECK(tickets([](report_filter& f) { f.industry_name = "餐饮"; }) == found{"R2"});
  CHECK(tickets([](report_filter& f) { f.industry_code = "H"; }) == found{"R2"});
  CHECK(tickets([](report_filter& f) { f.choices = {{"difficulties", "社保"}}; }) == found{"R2"});
  // The owner's own words are what is shown.
  CHECK(store.find_report("R1")->city == "贛州市南康區");
}

TEST_CASE("Staff replies go into the transcript under the staff member's name and to the owner", "[storage][staff]") {
  sqlite_store store(":memory:");
  staff_reply(store, {"u1", "out", "staff", "您好，银行下周联系您", 5000, "王科长", "您好 好银 银行 行下 下周 周联 联系 系您"});
  const auto lines = store.transcript_of("u1");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].actor == "王科长");
  CHECK(lines[0].channel == "staff");
  const auto notices = store.pending_notifications("u1");
  REQUIRE(notices.size() == 1);
  CHECK(notices[0].kind == "staff_reply");
  CHECK(notices[0].actor == "王科长");
  CHECK(store.search_transcript("\"银行\"", 10).lines.size() == 1);
}

TEST_CASE("Conversations waiting for staff are listed longest waiting first until staff close them", "[storage][staff]") {
  sqlite_store store(":memory:");
  for (const auto& [user, since] : std::vector<std::pair<std::string, int>>{{"late", 9000}, {"early", 1000}, {"none", 0}}) {
    turn_record turn;
    turn.user_id = user;
    turn.channel = "terminal";
    turn.state_json = "{}";
    turn.handoff_since_ms = since;
    turn.now_ms = 10000;
    store.commit_turn(turn);
  }
  auto waiting = store.waiting_for_staff();
  REQUIRE(waiting.size() == 2);
  CHECK(waiting[0].user_id == "early");
  CHECK(waiting[0].since_ms == 1000);
  const auto revision = store.load_conversation("early")->revision;
  CHECK(close_handoff(store, "early", "王", 11000));
  CHECK(store.load_conversation("early")->revision == revision + 1);  // the owner's next turn reads it
  waiting = store.waiting_for_staff();
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0].user_id == "late");
  // Closing again before the owner has been told, or a conversation that never asked, writes nothing.
  CHECK_FALSE(close_handoff(store, "early", "王", 11500));
  CHECK_FALSE(close_handoff(store, "none", "王", 11500));
  CHECK_FALSE(close_handoff(store, "nobody", "王", 11500));
  const auto closing = store.pending_notifications("early");
  REQUIRE(closing.size() == 1);
  CHECK(closing[0].kind == "handoff_closed");
  CHECK(closing[0].actor == "王");
  CHECK(closing[0].ticket.empty());
  CHECK(store.pending_notifications("none").empty());
  // The state is the engine's and stays as the owner's last turn left it (their next turn reads the
  // closing from the notification).
  CHECK(store.load_conversation("early")->state_json == "{}");
}

TEST_CASE("Statistics cross difficulties with province, industry, status and week, and time the case life", "[storage][staff]") {
  sqlite_store store(":memory:");
  const std::int64_t monday = 1582473600000LL;  // 2020-02-24 00:00 China time (2020-02-23 16:00 UTC)
  submit(store, report("R1", "u1", "江西省", {"资金", "房租"}, monday));
  submit(store, report("R2", "u2", "湖南省", {"资金"}, monday + 3600000));
  submit(store, report("R3", "u3", "江西省", {"用工"}, monday + 7LL * 24 * 3600000));
  move_status(store, "R1", "new", "accepted", "", "王", monday + 2 * 3600000);
  move_status(store, "R2", "new", "accepted", "", "王", monday + 5 * 3600000);
  move_status(store, "R1", "accepted", "closed", "办结", "王", monday + 10 * 3600000);
  const auto stats = store.statistics({"report", "difficulties", ""});
  auto count_of = [](const std::vector<count_cell>& cells, const std::string& difficulty, const std::string& by) {
    for (const auto& cell : cells)
      if (cell.value == difficulty && cell.by == by) return cell.count;
    return std::int64_t{0};
  };
  CHECK(stats.by_province.size() == 4);  // 资金×江西, 资金×湖南, 房租×江西, 用工×江西
  CHECK(count_of(stats.by_province, "资金", "湖南省") == 1);
  CHECK(count_of(stats.by_industry, "资金", "C 制造业") == 2);
  CHECK(count_of(stats.by_status, "资金", "accepted") == 1);
  CHECK(count_of(stats.by_week, "用工", "2020-W09") == 1);
  bool found_week = false;
  for (const auto& cell : stats.by_week) found_week = found_week || (cell.by == "2020-W08" && cell.value == "资金" && cell.count == 2);
  CHECK(found_week);
  CHECK(stats.by_status.size() == 4);
  std::vector<std::int64_t> acceptance = stats.ms_to_acceptance;
  std::sort(acceptance.begin(), acceptance.end());
  CHECK(acceptance == std::vector<std::int64_t>{2 * 3600000, 4 * 3600000});
  CHECK(stats.ms_to_closing == std::vector<std::int64_t>{10 * 3600000});
}

TEST_CASE("The database and its index are created readable by their owner only, whatever the umask", "[storage][security]") {
  intake::testing::temp_db db("private-files");
  const mode_t previous = ::umask(022);
  {
    sqlite_store store(db.path.string());
    submit(store, report("R1", "u1", "江西省", {"资金"}, 1000));
    for (const std::string& file : {db.path.string(), db.path.string() + "-wal", db.path.string() + "-shm",
                                   intake::storage::index_file_for(db.path.string())}) {
      struct stat info {};
      INFO(file);
      REQUIRE(::stat(file.c_str(), &info) == 0);
      CHECK((info.st_mode & 0777) == 0600);
    }
  }
  ::umask(previous);
}

TEST_CASE("Pages walked by cursor give the whole list in order and do not shift when reports arrive", "[storage][staff][paging]") {
  sqlite_store store(":memory:");
  // Twelve reports, some at the same moment: their tickets order them.
  for (int i = 1; i <= 12; ++i) {
    char ticket[8], user[8];
    std::snprintf(ticket, sizeof ticket, "R%02d", i);
    std::snprintf(user, sizeof user, "u%d", i);
    submit(store, report(ticket, user, i % 2 ? "江西省" : "湖南省", {i % 3 ? "资金" : "用工"}, 1000 * ((i + 1) / 2)));
  }
  auto walk = [&](const report_filter& filter, std::size_t per_page, bool add_one_midway) {
    std::vector<std::string> walked;
    report_page_request request;
    request.limit = per_page;
    for (int pages = 0; pages < 20; ++pages) {
      const auto page = store.list_reports_page(filter, request);
      CHECK(page.reports.size() <= per_page);
      for (const auto& r : page.reports) walked.push_back(r.ticket);
      if (add_one_midway && pages == 0) submit(store, report("R99", "u99", "江西省", {"资金"}, 99000));
      if (!page.next) break;
      CHECK(page.reports.size() == per_page);
      request.after = page.next;
    }
    return walked;
  };
  std::vector<std::string> whole;
  for (const auto& r : store.list_reports({})) whole.push_back(r.ticket);
  REQUIRE(whole.size() == 12);
  CHECK(whole.front() == "R12");  // R11 and R12 share a moment; the later ticket first
  for (std::size_t per_page : {1, 5, 12, 50}) {
    CAPTURE(per_page);
    CHECK(walk({}, per_page, false) == whole);
  }
  report_filter jiangxi;
  jiangxi.province = "江西";
  std::vector<std::string> whole_jiangxi;
  for (const auto& r : store.list_reports(jiangxi)) whole_jiangxi.push_back(r.ticket);
  CHECK(walk(jiangxi, 4, false) == whole_jiangxi);
  // A report that arrives while staff page is not pushed into the pages after the first.
  CHECK(walk({}, 5, true) == whole);

  const auto first = store.list_reports_page({}, {});
  CHECK(first.total == 13);
  CHECK_FALSE(first.total_is_at_least);
  CHECK(store.list_reports_page(jiangxi, {}).total == 7);
  report_page_request numbered;
  numbered.limit = 5;
  numbered.offset = 5;
  const auto second = store.list_reports_page({}, numbered);
  REQUIRE(second.reports.size() == 5);
  CHECK(second.reports.front().ticket == "R08");
}

TEST_CASE("Every report is visited one at a time in the list's order", "[storage][staff][paging]") {
  sqlite_store store(":memory:");
  submit(store, report("R1", "u1", "江西省", {"资金"}, 1000));
  submit(store, report("R2", "u2", "湖南省", {"用工"}, 2000));
  submit(store, report("R3", "u3", "江西省", {"资金"}, 3000));
  std::vector<std::string> visited;
  report_filter filter;
  filter.choices = {{"difficulties", "资金"}};
  store.for_each_report(filter, report_order::newest_first, [&](const report_record& r) { visited.push_back(r.ticket + ":" + r.answers_json.substr(0, 1)); });
  CHECK(visited == std::vector<std::string>{"R3:{", "R1:{"});
  visited.clear();
  store.for_each_report(filter, report_order::oldest_first, [&](const report_record& r) { visited.push_back(r.ticket); });
  CHECK(visited == std::vector<std::string>{"R1", "R3"});
}

TEST_CASE("An export's plan counts the reports of each flow the filter keeps in the order the flows first came in", "[storage][staff][export]") {
  sqlite_store store(":memory:");
  auto of_flow = [](report_record r, const std::string& flow) {
    r.flow_id = flow;
    return r;
  };
  submit(store, of_flow(report("YG1", "u1", "江西省", {}, 1000), "labour_needs"));
  submit(store, report("R2", "u2", "江西省", {"资金"}, 2000));
  submit(store, of_flow(report("YG3", "u3", "湖南省", {}, 3000), "labour_needs"));
  submit(store, report("R4", "u4", "江西省", {"用工"}, 4000));
  const auto flows = store.count_reports_by_flow({});
  REQUIRE(flows.size() == 2);
  CHECK(flows[0].flow_id == "labour_needs");
  CHECK(flows[0].reports == 2);
  CHECK(flows[1].flow_id == "report");
  CHECK(flows[1].reports == 2);
  report_filter jiangxi;
  jiangxi.province = "江西";
  jiangxi.from_ms = 1500;
  const auto kept = store.count_reports_by_flow(jiangxi);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].flow_id == "report");
  CHECK(kept[0].reports == 2);
  report_filter nothing;
  nothing.province = "西藏";
  CHECK(store.count_reports_by_flow(nothing).empty());
}
