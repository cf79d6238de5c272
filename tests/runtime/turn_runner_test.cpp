#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "bot/engine/ticket.h"
#include "bot/runtime/flow_schemas.h"
#include "bot/runtime/report_exporter.h"
#include "bot/runtime/staff_desk.h"
#include "bot/runtime/turn_runner.h"
#include "bot/text/search_terms.h"
#include "storage/sqlite_store.h"
#include "tests/support/exported_text.h"
#include "tests/support/failing_store.h"
#include "tests/support/temp_db.h"
#include "tests/support/test_data.h"

using namespace intake;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> answers{"1", "南昌小吃店", "91110000600037341L", "赣", "南昌市东湖区", "做餐饮的", "一千二", "两百", "八百万",
                                       "3", "资金，房租", "1200000元", "店面租金太高，客流只有平时的两成", "无", "李红", "0791 86123456"};

struct fixture {
  std::int64_t now = testing::test_epoch_ms;
  runtime::turn_runner::clock clock = [this] { return now += 1000; };

  runtime::rendered_reply send(runtime::turn_runner& runner, const std::string& text, const std::string& user = "u1") {
    return runner.handle({engine::inbound::kind::text, user, "terminal", text});
  }
};

// A store on which every turn is found stale, as when staff keep changing the conversation.
class always_stale_store final : public testing::failing_store {
 public:
  int commits = 0;
  storage::commit_outcome commit_turn(const storage::turn_record&) override {
    ++commits;
    return storage::commit_outcome::stale;
  }
};

}  // namespace

TEST_CASE("A whole report goes through the runner into storage with its transcript", "[runtime]") {
  fixture f;
  storage::sqlite_store store(":memory:");
  runtime::turn_runner runner(testing::shipped_definition(), store, f.clock);
  for (const auto& answer : answers) REQUIRE(f.send(runner, answer).committed);
  auto done = f.send(runner, "确认");
  CHECK(done.text.find("提交成功") != std::string::npos);
  f.send(runner, "确认");
  const auto reports = store.all_reports();
  REQUIRE(reports.size() == 1);
  const auto& r = reports[0];
  CHECK(r.industry_code == "H");
  CHECK(r.industry == "住宿和餐饮业");
  CHECK(r.province == "江西省");
  const auto stored = nlohmann::json::parse(r.answers_json);
  CHECK(stored["employees"] == 1200);
  CHECK(stored["returned_employees"] == 200);
  CHECK(stored["resumption_status"] == "未复工");
  CHECK(stored["difficulties"] == nlohmann::json{"资金", "房租"});
  CHECK(stored["funding_gap_wan"] == 120);
  CHECK_FALSE(stored.contains("labor_gap"));
  CHECK(stored["help_wanted"].is_null());
  CHECK(r.contact_phone == "0791-86123456");
  CHECK(done.text.find(r.ticket) != std::string::npos);
  const auto lines = store.transcript_of("u1");
  CHECK(lines.size() == 2 * (answers.size() + 2));
  CHECK(lines.front().text == "1");
  CHECK(lines.front().channel == "terminal");
  CHECK(lines.back().direction == "out");
}

TEST_CASE("A restarted process resumes at the same question with every answer kept", "[runtime]") {
  fixture f;
  testing::temp_db db("runner");
  {
    storage::sqlite_store store(db.path.string());
    runtime::turn_runner runner(testing::shipped_definition(), store, f.clock);
    for (std::size_t i = 0; i < 7; ++i) f.send(runner, answers[i]);
  }
  storage::sqlite_store store(db.path.string());
  runtime::turn_runner runner(testing::shipped_definition(), store, f.clock);
  auto welcome = runner.handle({engine::inbound::kind::session_start, "u1", "terminal", ""});
  CHECK(welcome.text.find("欢迎回来") != std::string::npos);
  CHECK(welcome.text.find("目前已返岗的有多少人") != std::string::npos);
  runtime::rendered_reply summary;
  for (std::size_t i = 7; i < answers.size(); ++i) summary = f.send(runner, answers[i]);
  CHECK(summary.text.find("请核对您填写的信息") != std::string::npos);
  CHECK(summary.text.find("南昌小吃店") != std::string::npos);
  f.send(runner, "确认");
  CHECK(store.all_reports().size() == 1);
}

TEST_CASE("When storage fails the owner gets a polite reply and the turn is not kept", "[runtime]") {
  fixture f;
  testing::failing_store store;
  runtime::turn_runner runner(testing::shipped_definition(), store, f.clock);
  auto reply = f.send(runner, "1");
  CHECK_FALSE(reply.committed);
  CHECK(reply.text == "抱歉，系统暂时无法保存您的消息，请稍后再发一次。您之前填写的内容不会丢失。");
  CHECK(reply.text.find("disk") == std::string::npos);
}

TEST_CASE("A turn found stale is prepared again, at most max_attempts times, then the owner is told to send it again", "[runtime]") {
  fixture f;
  always_stale_store store;
  runtime::turn_runner runner(testing::shipped_definition(), store, f.clock);
  auto reply = f.send(runner, "1");
  CHECK(store.commits == runtime::turn_runner::max_attempts);
  CHECK_FALSE(reply.committed);
  CHECK(reply.text == runner.failure_reply("zh-CN").text);

  // The same policy as the server's dispatcher sees it, outcome by outcome.
  using fate = runtime::turn_runner::turn_fate;
  const engine::inbound in{engine::inbound::kind::text, "u2", "terminal", "1"};
  CHECK(runner.settle(in, std::nullopt, storage::commit_outcome::kept, 0) == fate::kept);
  CHECK(runner.settle(in, std::nullopt, storage::commit_outcome::failed, 0) == fate::lost);
  for (int attempt = 0; attempt + 1 < runtime::turn_runner::max_attempts; ++attempt)
    CHECK(runner.settle(in, std::nullopt, storage::commit_outcome::stale, attempt) == fate::prepare_again);
  CHECK(runner.settle(in, std::nullopt, storage::commit_outcome::stale, runtime::turn_runner::max_attempts - 1) == fate::lost);
}

TEST_CASE("The chosen locale applies to the conversation and is remembered", "[runtime]") {
  fixture f;
  storage::sqlite_store store(":memory:");
  runtime::turn_runner runner(testing::shipped_definition(), store, f.clock);
  auto hello = runner.handle({engine::inbound::kind::session_start, "u2", "terminal", ""}, std::string("en"));
  CHECK(hello.text.find("Hello!") == 0);
  CHECK(hello.choices.size() == 6);  // the report, the three services and the two surveys
  CHECK(hello.choices[0].reply == "1");
  auto next = f.send(runner, "1", "u2");
  CHECK(next.text.find("What is the name of your business") != std::string::npos);
}

TEST_CASE("Exports have exactly the documented JSON keys and an Excel-friendly CSV", "[runtime]") {
  fixture f;
  storage::sqlite_store store(":memory:");
  runtime::turn_runner runner(testing::shipped_definition(), store, f.clock);
  for (const auto& answer : answers) f.send(runner, answer);
  f.send(runner, "确认");
  runner.flow_versions().publish(store, f.now);
  const runtime::flow_schemas schemas(store.flow_versions(""));
  const auto json = nlohmann::ordered_json::parse(testing::exported_json(store.all_reports(), schemas));
  REQUIRE(json.size() == 1);
  std::vector<std::string> keys;
  for (const auto& item : json[0].items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"ticket", "status", "created_at", "user_id", "channel", "company_name", "credit_code",
                                         "province", "city", "industry_code", "industry", "employees", "returned_employees",
                                         "resumption_status", "difficulties", "funding_gap_wan", "labor_gap", "description",
                                         "help_wanted", "contact_name", "contact_phone", "latest_note", "department", "assignee",
                                         "answers"});
  // Steps added to the report since these keys were fixed (营业收入) come under "answers".
  CHECK(json[0]["answers"].contains("revenue_2019_wan"));
  CHECK(json[0]["created_at"].get<std::string>().ends_with("+08:00"));
  CHECK(json[0]["labor_gap"].is_null());
  CHECK(json[0]["help_wanted"].is_null());
  CHECK(json[0]["funding_gap_wan"] == 120);

  const std::string csv = testing::exported_csv(store.all_reports(), "report", schemas);
  CHECK(csv.rfind("\xEF\xBB\xBF受理编号,办理状态,", 0) == 0);
  CHECK(csv.find("\"=\"\"0791-86123456\"\"\"") != std::string::npos);
  CHECK(csv.find("\"=\"\"91110000600037341L\"\"\"") != std::string::npos);
  CHECK(csv.find("资金、房租") != std::string::npos);
  CHECK(csv.find("\"店面租金太高，客流只有平时的两成\"") == std::string::npos);  // no comma, so no quotes needed
}

TEST_CASE("Transcript search finds what the owner wrote, not the bot's own templates", "[runtime]") {
  fixture f;
  storage::sqlite_store store(":memory:");
  runtime::turn_runner runner(testing::shipped_definition(), store, f.clock);
  for (std::size_t i = 0; i < 3; ++i) f.send(runner, answers[i]);
  const auto found = store.search_transcript(text::search_query("小吃店"), 10).lines;
  REQUIRE(found.size() == 1);
  CHECK(found[0].direction == "in");
  CHECK(found[0].text == "南昌小吃店");
  CHECK(store.search_transcript(text::search_query("统一社会信用代码"), 10).lines.empty());  // only in the bot's question
}

TEST_CASE("A state written by someone else is read, not the runner's remembered copy", "[runtime][cache]") {
  fixture f;
  storage::sqlite_store store(":memory:");
  runtime::turn_runner runner(testing::shipped_definition(), store, f.clock);
  f.send(runner, "1");
  CHECK(f.send(runner, "南昌小吃店").text.find("统一社会信用代码") != std::string::npos);
  // Another process moves the conversation back to the menu.
  auto stored = nlohmann::json::parse(store.load_conversation("u1")->state_json);
  stored["mode"] = "menu";
  storage::turn_record rewrite;
  rewrite.user_id = "u1";
  rewrite.channel = "terminal";
  rewrite.state_json = stored.dump();
  store.commit_turn(rewrite);
  CHECK(f.send(runner, "2").text.find("统一社会信用代码") == std::string::npos);  // menu item 2, not an answer
}

TEST_CASE("A staff change reaches the owner's next turn although the runner keeps the conversation in memory", "[runtime][cache]") {
  fixture f;
  storage::sqlite_store store(":memory:");
  runtime::turn_runner runner(testing::shipped_definition(), store, f.clock);
  for (const auto& answer : answers) f.send(runner, answer);
  REQUIRE(f.send(runner, "确认").text.find("提交成功") != std::string::npos);
  const std::string ticket = store.all_reports().at(0).ticket;
  runtime::staff_desk(store).change_status(ticket, "accepted", "已转交财政局", "王科长", f.now + 1);
  const auto next = f.send(runner, "你好");
  CHECK(next.committed);
  CHECK(next.text.find(ticket) != std::string::npos);
  CHECK(next.text.find("已转交财政局") != std::string::npos);
  CHECK(store.pending_notifications("u1").empty());
}

TEST_CASE("Closing a handoff ends the wait at once and the owner's next turn tells them without waiting again", "[runtime][cache]") {
  fixture f;
  storage::sqlite_store store(":memory:");
  runtime::turn_runner runner(testing::shipped_definition(), store, f.clock);
  runtime::staff_desk desk(store);
  REQUIRE(f.send(runner, "人工").committed);
  REQUIRE(store.waiting_for_staff().size() == 1);
  // A turn read before staff close the handoff, still saying that the owner waits.
  auto early = runner.prepare({engine::inbound::kind::text, "u1", "terminal", "还在吗"});
  REQUIRE(early.record);
  CHECK(early.record->handoff_since_ms > 0);

  desk.close_handoff("u1", "王科长", f.now + 1);
  CHECK(store.waiting_for_staff().empty());
  CHECK_THROWS_AS(desk.close_handoff("u1", "王科长", f.now + 2), runtime::staff_error);  // already closed
  // Kept, it would make the owner wait again and swallow the closing: it is stale instead.
  CHECK(store.commit_turn(*early.record) == storage::commit_outcome::stale);
  CHECK(store.waiting_for_staff().empty());

  const auto next = f.send(runner, "还在吗");
  CHECK(next.committed);
  CHECK(next.text.find("工作人员已结束人工服务") != std::string::npos);
  CHECK(store.pending_notifications("u1").empty());
  CHECK(store.waiting_for_staff().empty());
  CHECK(f.send(runner, "你好").text.find("工作人员已结束人工服务") == std::string::npos);
}

TEST_CASE("Two processes taking turns of one conversation lose no answer", "[runtime][cache]") {
  fixture f;
  testing::temp_db db("two-runners");
  storage::sqlite_store store_a(db.path.string());
  storage::sqlite_store store_b(db.path.string());
  runtime::turn_runner runner_a(testing::shipped_definition(), store_a, f.clock);
  runtime::turn_runner runner_b(testing::shipped_definition(), store_b, f.clock);
  // Each runner remembers the conversation as it left it; the other one moves it on meanwhile.
  for (std::size_t i = 0; i < answers.size(); ++i) REQUIRE(f.send(i % 2 ? runner_b : runner_a, answers[i]).committed);
  const auto summary = f.send(runner_a, "确认");
  CHECK(summary.text.find("提交成功") != std::string::npos);
  const auto reports = store_a.all_reports();
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].company_name == "南昌小吃店");
  CHECK(reports[0].contact_phone == "0791-86123456");
  CHECK(store_b.transcript_of("u1").size() == 2 * (answers.size() + 1));
}

TEST_CASE("A ticket another report already holds is not given twice: the confirmation draws another", "[runtime][ticket]") {
  testing::temp_db file("ticket-taken");
  fixture f;
  storage::sqlite_store store(file.path.string());
  runtime::turn_runner runner(testing::shipped_definition(), store, f.clock);
  for (const auto& answer : answers) REQUIRE(f.send(runner, answer).committed);
  // The ticket the confirmation would draw (the clock moves on a second per turn), given to
  // another owner's report first: as when two owners' tickets collide (30 bits a day).
  const std::string form_id = nlohmann::json::parse(store.load_conversation("u1")->state_json).at("form_id").get<std::string>();
  const std::string first_draw = engine::make_ticket("u1", form_id, f.now + 1000);
  const std::string second_draw = engine::make_ticket("u1", form_id, f.now + 2000, 1);
  REQUIRE(first_draw != second_draw);
  {
    SQLite::Database raw(file.path.string(), SQLite::OPEN_READWRITE);
    SQLite::Statement insert(raw, "INSERT INTO reports (ticket, flow_id, flow_version, form_id, user_id, channel, created_at_ms, company_name) "
                                  "VALUES (?, 'report', 'v1', 'other-form', 'u9', 'terminal', 1, '别家')");
    insert.bind(1, first_draw);
    insert.exec();
  }
  const auto done = f.send(runner, "确认");
  CHECK(done.committed);
  CHECK(done.text.find("提交成功") != std::string::npos);
  CHECK(done.text.find(second_draw) != std::string::npos);
  CHECK(done.text.find(first_draw) == std::string::npos);
  const auto mine = store.reports_of_user("u1");
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].ticket == second_draw);
  REQUIRE(store.find_report(first_draw));
  CHECK(store.find_report(first_draw)->user_id == "u9");  // the other owner's report is untouched
  // Confirming again keeps the report and its ticket.
  f.send(runner, "确认");
  CHECK(store.reports_of_user("u1").size() == 1);
  CHECK(store.reports_of_user("u1")[0].ticket == second_draw);
}
