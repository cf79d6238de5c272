#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "storage/embedded_migrations.h"
#include "storage/migrator.h"
#include "storage/sqlite_store.h"
#include "tests/support/staff_writes.h"
#include "tests/support/temp_db.h"
#include "tests/support/transcript_fixtures.h"

#include <nlohmann/json.hpp>

using namespace intake::storage;
using namespace intake::testing;
namespace fs = std::filesystem;

namespace {

report_record sample_report(const std::string& ticket, const std::string& form_id, std::int64_t at) {
  report_record r;
  r.ticket = ticket;
  r.form_id = form_id;
  r.user_id = "u1";
  r.channel = "terminal";
  r.created_at_ms = at;
  r.company_name = "赣州红星服装有限公司";
  r.credit_code = "91360100MA35G2XX05";
  r.province = "江西省";
  r.city = "赣州市南康区";
  r.industry_code = "C";
  r.industry = "制造业";
  r.contact_name = "张先生";
  r.contact_phone = "13800138000";
  r.flow_id = "report";
  r.flow_version = "v1";
  r.answers_json = R"({"employees":35,"difficulties":["用工","资金"],"funding_gap_wan":50.0,"labor_gap":15,"help_wanted":null})";
  r.names_json = R"({"difficulties":["用工","资金"]})";
  r.choices = {{"difficulties", "用工", "用工"}, {"difficulties", "资金", "资金"}};
  r.searchable_texts = {r.company_name, "原材料供应商在湖北，无法发货", r.contact_name, r.contact_phone, r.credit_code};
  return r;
}

turn_record turn_with(const std::string& state, std::int64_t at) {
  turn_record turn;
  turn.user_id = "u1";
  turn.channel = "terminal";
  turn.state_json = state;
  turn.now_ms = at;
  turn.lines = {{"u1", "in", "terminal", "你好", at, "", "你好"}, {"u1", "out", "terminal", "您好！", at, "", "您好"}};
  return turn;
}

// A turn whose policy question was declined, as the engine records it.
void ask(sqlite_store& store, const std::string& question, const std::string& normalized, std::int64_t at) {
  auto turn = turn_with("{}", at);
  turn.events.push_back({"faq_unanswered", nlohmann::json{{"question", question}, {"normalized", normalized}}.dump()});
  store.commit_turn(turn);
}

}  // namespace

TEST_CASE("A new database gets every migration and reports its version", "[storage]") {
  sqlite_store store(":memory:");
  CHECK(store.schema_version() == migrator::latest_version());
  CHECK(migrator::latest_version() >= 1);
  CHECK(store.integrity_check() == "ok");
}

TEST_CASE("A turn's state, transcript, report and events are stored together", "[storage]") {
  sqlite_store store(":memory:");
  CHECK_FALSE(store.load_conversation("u1"));
  auto turn = turn_with("{\"step\":1}", 1000);
  turn.reports.push_back(sample_report("R20200301-AAAAAA", "form-1", 1000));
  turn.events.push_back({"report_submitted", "{}"});
  store.commit_turn(turn);

  auto loaded = store.load_conversation("u1");
  REQUIRE(loaded);
  CHECK(loaded->state_json == "{\"step\":1}");
  CHECK(loaded->updated_at_ms == 1000);
  auto lines = store.transcript_of("u1");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].direction == "in");
  CHECK(lines[0].text == "你好");
  CHECK(lines[1].direction == "out");
  auto reports = store.reports_of_user("u1");
  REQUIRE(reports.size() == 1);
  const auto& r = reports[0];
  CHECK(r.status == "new");
  // What a turn reads of its reports: not the answers, which it never looks at.
  CHECK(r.flow_id == "report");
  const auto inputs = store.load_turn_inputs("u1", "");
  REQUIRE(inputs.reports.size() == 1);
  CHECK(inputs.reports[0].answers_json == "{}");
  CHECK(inputs.reports[0].company_name == "赣州红星服装有限公司");
  const auto whole = store.find_report("R20200301-AAAAAA");
  REQUIRE(whole);
  CHECK(whole->answers_json == R"({"employees":35,"difficulties":["用工","资金"],"funding_gap_wan":50.0,"labor_gap":15,"help_wanted":null})");
  CHECK(whole->names_json == R"({"difficulties":["用工","资金"]})");
  CHECK(whole->flow_version == "v1");
  CHECK(store.find_report("R20200301-AAAAAA"));
  CHECK_FALSE(store.find_report("R20200301-BBBBBB"));
}

TEST_CASE("The same form submitted twice is stored once", "[storage]") {
  sqlite_store store(":memory:");
  auto turn = turn_with("{}", 1000);
  turn.reports.push_back(sample_report("R20200301-AAAAAA", "form-1", 1000));
  store.commit_turn(turn);
  auto retry = turn_with("{}", 2000);
  retry.reports.push_back(sample_report("R20200301-CCCCCC", "form-1", 2000));
  store.commit_turn(retry);
  CHECK(store.all_reports().size() == 1);
  auto another = turn_with("{}", 3000);
  another.reports.push_back(sample_report("R20200301-DDDDDD", "form-2", 3000));
  store.commit_turn(another);
  auto mine = store.reports_of_user("u1");
  REQUIRE(mine.size() == 2);
  CHECK(mine[0].ticket == "R20200301-DDDDDD");  // newest first
  CHECK(store.all_reports()[0].ticket == "R20200301-AAAAAA");  // oldest first
}

TEST_CASE("A turn that fails half-way leaves nothing behind", "[storage]") {
  sqlite_store store(":memory:");
  store.commit_turn(turn_with("{\"before\":true}", 1000));
  auto turn = turn_with("{\"after\":true}", 2000);
  auto bad = sample_report("R20200301-AAAAAA", "form-1", 2000);
  bad.answers_json = "{not json";  // violates a CHECK constraint after the state and transcript were written
  turn.reports.push_back(bad);
  CHECK_THROWS_AS(store.commit_turn(turn), storage_error);
  CHECK(store.load_conversation("u1")->state_json == "{\"before\":true}");
  CHECK(store.transcript_of("u1").size() == 2);
  CHECK(store.all_reports().empty());
}

TEST_CASE("A file database keeps everything across reopening", "[storage]") {
  intake::testing::temp_db db("store");
  {
    sqlite_store store(db.path.string());
    auto turn = turn_with("{\"step\":\"city\"}", 1000);
    turn.reports.push_back(sample_report("R20200301-AAAAAA", "form-1", 1000));
    store.commit_turn(turn);
  }
  sqlite_store reopened(db.path.string());
  CHECK(reopened.load_conversation("u1")->state_json == "{\"step\":\"city\"}");
  CHECK(reopened.all_reports().size() == 1);
  CHECK(reopened.schema_version() == migrator::latest_version());
  CHECK(reopened.integrity_check() == "ok");
}

TEST_CASE("A database from a newer program is refused", "[storage]") {
  intake::testing::temp_db db("store");
  {
    SQLite::Database raw(db.path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("PRAGMA user_version = 999");
  }
  CHECK_THROWS_AS(sqlite_store(db.path.string()), storage_error);
}

TEST_CASE("An unopenable path is a storage error, not a crash", "[storage]") {
  CHECK_THROWS_AS(sqlite_store("/nonexistent-dir/sub/intake.db"), storage_error);
}

TEST_CASE("Unanswered questions are listed most frequent first, with their latest wording", "[storage]") {
  sqlite_store store(":memory:");
  ask(store, "怎么注册公司", "怎么注册公司", 1000);
  ask(store, "天气怎么样", "天气怎么样", 2000);
  ask(store, "怎么注册公司？", "怎么注册公司", 3000);
  const auto questions = store.unanswered_questions();
  REQUIRE(questions.size() == 2);
  CHECK(questions[0].question == "怎么注册公司？");
  CHECK(questions[0].times == 2);
  CHECK(questions[0].last_asked_ms == 3000);
  CHECK(questions[1].question == "天气怎么样");
}

TEST_CASE("A reviewed question leaves the unanswered list and the latest decision on it stands", "[storage][faq]") {
  sqlite_store store(":memory:");
  ask(store, "怎么注册公司", "怎么注册公司", 1000);
  ask(store, "天气怎么样", "天气怎么样", 2000);
  CHECK(store.newest_question_review_id() == 0);
  store.review_question({0, "天气怎么样", "天气怎么样？", "out_of_scope", "", "王", 3000});
  const auto listed = store.unanswered_questions();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].normalized == "怎么注册公司");
  const std::int64_t first = store.newest_question_review_id();
  CHECK(first > 0);
  store.review_question({0, "天气怎么样", "天气怎么样", "attached", "fgw175-01", "李", 4000});
  CHECK(store.newest_question_review_id() > first);  // a changed decision is new
  const auto reviews = store.question_reviews();
  REQUIRE(reviews.size() == 1);
  CHECK(reviews[0].decision == "attached");
  CHECK(reviews[0].entry_id == "fgw175-01");
  CHECK(reviews[0].actor == "李");
  CHECK_THROWS_AS(store.review_question({0, "x", "x", "maybe", "", "王", 5000}), storage_error);  // the schema refuses it
  CHECK_THROWS_AS(store.review_question({0, "y", "y", "attached", "", "王", 5000}), storage_error);  // attached to nothing
}

TEST_CASE("Turns committed together are each kept whole, and a bad one costs the others nothing", "[storage][group-commit]") {
  sqlite_store store(":memory:");
  auto first = turn_with("{\"n\":1}", 1000);
  auto bad = turn_with("{\"n\":2}", 1000);
  bad.user_id = "u2";
  auto broken = sample_report("R20200301-AAAAAA", "form-1", 1000);
  broken.answers_json = "{not json";  // violates a CHECK constraint after the state and transcript were written
  bad.reports.push_back(broken);
  auto third = turn_with("{\"n\":3}", 1000);
  third.user_id = "u3";
  third.reports.push_back(sample_report("R20200301-BBBBBB", "form-3", 1000));

  const auto kept = store.commit_turns({&first, &bad, &third});
  CHECK(kept == std::vector<commit_outcome>{commit_outcome::kept, commit_outcome::failed, commit_outcome::kept});
  CHECK(store.load_conversation("u1")->state_json == "{\"n\":1}");
  CHECK_FALSE(store.load_conversation("u2"));
  CHECK(store.transcript_of("u2").empty());
  CHECK(store.load_conversation("u3")->state_json == "{\"n\":3}");
  REQUIRE(store.all_reports().size() == 1);
  CHECK(store.all_reports()[0].ticket == "R20200301-BBBBBB");
}

TEST_CASE("A turn's inputs come from one read: delivery, state, reports, notifications", "[storage]") {
  intake::testing::temp_db db("inputs");
  sqlite_store store(db.path.string());
  auto empty = store.load_turn_inputs("u1", "wechat:1");
  CHECK_FALSE(empty.previous_reply);
  CHECK_FALSE(empty.conversation);
  CHECK(empty.reports.empty());

  auto turn = turn_with("{\"step\":1}", 1000);
  turn.reports.push_back(sample_report("R20200301-AAAAAA", "form-1", 1000));
  turn.delivery_key = "wechat:1";
  turn.delivery_reply = "您好！";
  store.commit_turn(turn);
  move_status(store, "R20200301-AAAAAA", "new", "accepted", "已受理", "王科长", 2000);

  // Read on a separate connection, after the writer committed: it sees everything.
  auto inputs = store.load_turn_inputs("u1", "");
  REQUIRE(inputs.conversation);
  CHECK(inputs.conversation->state_json == "{\"step\":1}");
  REQUIRE(inputs.reports.size() == 1);
  CHECK(inputs.reports[0].status == "accepted");
  CHECK(inputs.reports[0].latest_note == "已受理");
  REQUIRE(inputs.notifications.size() == 1);
  CHECK(inputs.notifications[0].ticket == "R20200301-AAAAAA");
  auto again = store.load_turn_inputs("u1", "wechat:1");
  REQUIRE(again.previous_reply);
  CHECK(*again.previous_reply == "您好！");

  // A later commit is visible to the next read on the same (pooled) reader.
  store.commit_turn(turn_with("{\"step\":2}", 3000));
  CHECK(store.load_turn_inputs("u1", "").conversation->state_json == "{\"step\":2}");
}

TEST_CASE("While the fault file exists writes fail like a full disk, reads go on, and writes recover after", "[storage][faults]") {
  intake::testing::temp_db db("fault");
  const fs::path fault_file = db.path.string() + ".fault";
  fs::remove(fault_file);
  ::setenv("INTAKE_STORAGE_FAULT_FILE", fault_file.c_str(), 1);
  sqlite_store store(db.path.string());
  ::unsetenv("INTAKE_STORAGE_FAULT_FILE");
  store.commit_turn(turn_with("{\"step\":1}", 1000));

  { std::ofstream(fault_file) << "full"; }
  CHECK_THROWS_AS(store.commit_turn(turn_with("{\"step\":2}", 2000)), storage_error);
  CHECK_THROWS_AS(store.check_writable(), storage_error);
  CHECK(store.load_conversation("u1")->state_json == "{\"step\":1}");
  CHECK(store.load_turn_inputs("u1", "").conversation->state_json == "{\"step\":1}");

  fs::remove(fault_file);
  store.commit_turn(turn_with("{\"step\":3}", 3000));
  CHECK(store.load_turn_inputs("u1", "").conversation->state_json == "{\"step\":3}");
  CHECK(store.transcript_of("u1").size() == 4);
  CHECK(store.integrity_check() == "ok");
}

TEST_CASE("A turn is kept only on the revision it read, and a stale one writes nothing", "[storage][revision]") {
  sqlite_store store(":memory:");
  auto first = turn_with("{\"step\":1}", 1000);
  first.based_on_revision = no_conversation_revision;
  CHECK(store.commit_turn(first) == commit_outcome::kept);
  CHECK(store.load_conversation("u1")->revision == 0);
  // A second "first" turn of the same owner (say, from another process) read no conversation: stale.
  CHECK(store.commit_turn(first) == commit_outcome::stale);
  CHECK(store.transcript_of("u1").size() == 2);

  auto second = turn_with("{\"step\":2}", 2000);
  second.based_on_revision = 0;
  second.reports.push_back(sample_report("R20200301-AAAAAA", "form-1", 2000));
  CHECK(store.commit_turn(second) == commit_outcome::kept);
  CHECK(store.load_conversation("u1")->revision == 1);
  auto late = turn_with("{\"step\":9}", 3000);
  late.based_on_revision = 0;  // read before `second` was kept
  late.events.push_back({"note", "{}"});
  CHECK(store.commit_turn(late) == commit_outcome::stale);
  CHECK(store.load_conversation("u1")->state_json == "{\"step\":2}");
  CHECK(store.transcript_of("u1").size() == 4);

  // Staff changes what the owner's next turn reads: the revision moves, each time.
  move_status(store, "R20200301-AAAAAA", "new", "accepted", "", "王科长", 3000);
  CHECK(store.load_conversation("u1")->revision == 2);
  staff_reply(store, {"u1", "out", "staff", "请补充材料", 3100, "王科长", ""});
  CHECK(store.load_conversation("u1")->revision == 3);
  // Closing a handoff the owner never asked for writes nothing, so the revision stays.
  CHECK_FALSE(close_handoff(store, "u1", "王科长", 3200));
  CHECK(store.load_conversation("u1")->revision == 3);
  auto before_staff = turn_with("{\"step\":3}", 3300);
  before_staff.based_on_revision = 1;
  CHECK(store.commit_turn(before_staff) == commit_outcome::stale);
  before_staff.based_on_revision = 3;
  CHECK(store.commit_turn(before_staff) == commit_outcome::kept);
}

TEST_CASE("A delivery already answered makes a turn stale, in a group with others that are kept", "[storage][revision]") {
  sqlite_store store(":memory:");
  auto answered = turn_with("{\"step\":1}", 1000);
  answered.delivery_key = "wechat:42";
  answered.delivery_reply = "您好！";
  CHECK(store.commit_turn(answered) == commit_outcome::kept);
  auto retry = turn_with("{\"step\":2}", 2000);
  retry.delivery_key = "wechat:42";
  auto other = turn_with("{\"step\":1}", 2000);
  other.user_id = "u2";
  for (auto& line : other.lines) line.user_id = "u2";
  other.based_on_revision = no_conversation_revision;
  CHECK(store.commit_turns({&retry, &other}) == std::vector<commit_outcome>{commit_outcome::stale, commit_outcome::kept});
  CHECK(store.load_conversation("u1")->state_json == "{\"step\":1}");
  CHECK(store.transcript_of("u1").size() == 2);
  CHECK(store.load_conversation("u2"));
}

TEST_CASE("An owner's transcript reads whole while its index is built in batches behind the turns", "[storage][owner-index]") {
  intake::testing::temp_db file("owner-index");
  const std::vector<std::string> owners{"ws:甲", "ws:乙", "wechat:丙"};
  int turns = 0;
  {
    sqlite_store store(file.path.string());
    // Three owners taking turns by groups, for more lines than one batch (1,024), then a few more
    // that stay in the unindexed tail.
    for (; turns < 400; ++turns) {
      std::vector<turn_record> group;
      for (const auto& owner : owners) group.push_back(turn_of(owner, turns, 1000 + turns));
      std::vector<const turn_record*> records;
      for (const auto& turn : group) records.push_back(&turn);
      // The group commit leaves the indexes to catch_up_indexes(), which the group committer calls
      // once the group's replies are out; a batch is then built on the index's own thread.
      const std::int64_t before = indexed_through(file.path.string());
      store.commit_turns(records);
      store.build_due_index_batch();
      CHECK(indexed_through(file.path.string()) == before);
      store.catch_up_indexes();
      store.build_due_index_batch();
      if (turns == 0) CHECK(indexed_through(file.path.string()) == 0);  // one turn is no batch
    }
    const std::int64_t mark = indexed_through(file.path.string());
    CHECK(mark >= 1024);
    CHECK(mark < 2400);  // the last lines are still in the tail
    for (const auto& owner : owners) expect_whole_transcript(store, owner, turns);
    CHECK(store.transcript_of("ws:nobody").empty());
    CHECK(store.integrity_check() == "ok");
  }
  // Reopened (as after a crash: the mark and the index were committed together), reads stay whole
  // and indexing carries on from the mark.
  sqlite_store store(file.path.string());
  for (const auto& owner : owners) expect_whole_transcript(store, owner, turns);
  for (int more = 0; more < 400; ++more, ++turns) {
    for (const auto& owner : owners) store.commit_turn(turn_of(owner, turns, 5000 + turns));
  }
  store.build_due_index_batch();
  for (const auto& owner : owners) expect_whole_transcript(store, owner, turns);
  auto database = with_index(file.path.string());
  SQLite::Database& raw = *database;
  const std::int64_t mark = raw.execAndGet("SELECT indexed_through FROM idx.transcript_index_state").getInt64();
  CHECK(mark >= 3 * 1024);
  CHECK(raw.execAndGet("SELECT count(*) FROM idx.transcript_by_owner").getInt64() == mark);  // ids 1..mark, each once
  CHECK(raw.execAndGet("SELECT count(*) FROM idx.transcript_by_owner b JOIN idx.owners o ON o.id = b.owner "
                       "JOIN main.transcript t ON t.id = b.id AND t.user_id = o.user_id")
            .getInt64() == mark);
}

TEST_CASE("A database of schema 6 keeps its transcripts readable after the owner index moves out of the turn", "[storage][owner-index]") {
  intake::testing::temp_db file("owner-index-migration");
  {
    auto database = database_at_schema(file.path.string(), 6);
    SQLite::Database& raw = *database;
    for (int n = 0; n < 5; ++n)
      for (const std::string user : {"u1", "u2"})
        raw.exec("INSERT INTO transcript (user_id, direction, channel, text, at_ms) VALUES ('" + user + "', 'in', 'terminal', '" + user +
                 " 说 " + std::to_string(n) + "', 1), ('" + user + "', 'out', 'terminal', '答 " + std::to_string(n) + "', 1)");
  }
  sqlite_store store(file.path.string());
  CHECK(store.schema_version() == migrator::latest_version());
  expect_whole_transcript(store, "u1", 5);
  expect_whole_transcript(store, "u2", 5);
  CHECK(indexed_through(file.path.string()) == 20);
  store.commit_turn(turn_of("u1", 5, 2));  // into the tail
  expect_whole_transcript(store, "u1", 6);
  CHECK(store.integrity_check() == "ok");
}

TEST_CASE("A database of schema 8 keeps its conversations and transcripts when they move to arrival order", "[storage][arrival]") {
  intake::testing::temp_db file("arrival-migration");
  {
    auto database = database_at_schema(file.path.string(), 8);
    SQLite::Database& raw = *database;
    raw.exec("INSERT INTO conversations (user_id, channel, state, updated_at_ms, revision) VALUES "
             "('wechat:zz', 'wechat', '{\"step\":\"c\"}', 3000, 4), ('ws:aa', 'websocket', '{\"step\":\"a\"}', 1000, 0), "
             "('ws:mm', 'websocket', '{\"step\":\"m\"}', 2000, 7)");
    // ws:mm spoke first, then wechat:zz, then ws:aa; the first four lines are indexed, the rest is the tail.
    for (int n = 0; n < 3; ++n)
      for (const std::string user : {"ws:mm", "wechat:zz", "ws:aa"})
        raw.exec("INSERT INTO transcript (user_id, direction, channel, text, at_ms) VALUES ('" + user + "', 'in', 'websocket', '" + user +
                 " 说 " + std::to_string(n) + "', 1), ('" + user + "', 'out', 'websocket', '答 " + std::to_string(n) + "', 1)");
    raw.exec("INSERT INTO transcript_by_owner (user_id, id) SELECT user_id, id FROM transcript WHERE id <= 4");
    raw.exec("UPDATE transcript_index_state SET indexed_through = 4");
  }
  sqlite_store store(file.path.string());
  CHECK(store.schema_version() == migrator::latest_version());
  const auto zz = store.load_conversation("wechat:zz");
  REQUIRE(zz);
  CHECK(zz->state_json == "{\"step\":\"c\"}");
  CHECK(zz->updated_at_ms == 3000);
  CHECK(zz->revision == 4);
  REQUIRE(store.load_conversation("ws:mm"));
  CHECK(store.load_conversation("ws:mm")->revision == 7);
  for (const std::string user : {"ws:mm", "wechat:zz", "ws:aa"}) expect_whole_transcript(store, user, 3);

  auto arrival_order = [&](const std::string& table) {
    auto raw = with_index(file.path.string());
    SQLite::Statement rows(*raw, "SELECT user_id FROM " + table + " ORDER BY id");
    std::vector<std::string> users;
    while (rows.executeStep()) users.push_back(rows.getColumn(0).getString());
    return users;
  };
  // Existing conversations in the order they were last written; owners in the order of their first line.
  CHECK(arrival_order("conversations") == std::vector<std::string>{"ws:aa", "ws:mm", "wechat:zz"});
  CHECK(arrival_order("owners") == std::vector<std::string>{"ws:mm", "wechat:zz", "ws:aa"});

  // A turn rewrites its conversation where it is; a new owner's conversation goes to the end.
  turn_record again = turn_of("ws:aa", 3, 4000);
  again.based_on_revision = 0;
  CHECK(store.commit_turn(again) == commit_outcome::kept);
  CHECK(store.load_conversation("ws:aa")->revision == 1);
  turn_record newcomer = turn_of("ws:new", 0, 5000);
  newcomer.based_on_revision = no_conversation_revision;
  CHECK(store.commit_turn(newcomer) == commit_outcome::kept);
  CHECK(arrival_order("conversations") == std::vector<std::string>{"ws:aa", "ws:mm", "wechat:zz", "ws:new"});
  // Past a batch, the newcomer is numbered after the others and its lines are indexed under its number.
  // Two newcomers in one batch are numbered in the order they first spoke, not by user id.
  for (int n = 1; n < 600; ++n) {
    store.commit_turn(turn_of("ws:new", n, 5000 + n));
    if (n >= 300) store.commit_turn(turn_of("wechat:later", n - 300, 6000 + n));
  }
  store.build_due_index_batch();
  CHECK(indexed_through(file.path.string()) >= 1024);
  CHECK(arrival_order("owners") == std::vector<std::string>{"ws:mm", "wechat:zz", "ws:aa", "ws:new", "wechat:later"});
  expect_whole_transcript(store, "ws:new", 600);
  expect_whole_transcript(store, "wechat:later", 300);
  expect_whole_transcript(store, "ws:mm", 3);
  CHECK(store.integrity_check() == "ok");
}

TEST_CASE("Search finds a line the moment it is kept, indexed in a batch or not, and lines another process wrote",
          "[storage][owner-index]") {
  intake::testing::temp_db file("terms-behind");
  sqlite_store store(file.path.string());
  auto search = [&](const std::string& word) { return store.search_transcript("\"" + word + "\"", 10).lines; };
  turn_record first = turn_of("ws:甲", 0, 1000);
  first.lines[0].search_terms = "贷款 延期";
  store.commit_turn(first);
  REQUIRE(search("贷款").size() == 1);  // in the tail: the search indexed it first
  CHECK(search("贷款")[0].user_id == "ws:甲");
  CHECK(search("答").empty());  // the bot's line has no terms
  for (int n = 1; n < 700; ++n) store.commit_turn(turn_of("ws:乙", n, 1000 + n));  // past a batch
  turn_record late = turn_of("ws:丙", 0, 9000);
  late.lines[0].search_terms = "社保 缓缴";
  store.commit_turn(late);
  CHECK(search("贷款").size() == 1);
  CHECK(search("缓缴").size() == 1);
  // A staff reply written through another connection, as the CLI does from its own process.
  {
    sqlite_store other(file.path.string());
    staff_reply(other, {"ws:甲", "out", "staff", "已转交银行", 9500, "王科长", "已转交 银行"});
  }
  const auto found = search("银行");
  REQUIRE(found.size() == 1);
  CHECK(found[0].actor == "王科长");
  CHECK(store.integrity_check() == "ok");
  SQLite::Database raw(file.path.string(), SQLite::OPEN_READONLY);
  // Terms are kept for the lines that have them (owners' and staff lines), not for the bot's.
  CHECK(raw.execAndGet("SELECT count(*) FROM transcript WHERE search_terms IS NOT NULL").getInt64() == 702);
  CHECK(raw.execAndGet("SELECT count(*) FROM transcript WHERE actor = '' AND direction = 'out' AND search_terms IS NOT NULL").getInt64() == 0);
}
