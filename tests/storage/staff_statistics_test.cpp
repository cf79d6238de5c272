// Statistics from the counts kept behind the commits (storage/staff_aggregates.h) against the
// joins over every submission they replace (issue 27): the same cells, in the same order, and the
// same durations, whatever happened between two counts.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "storage/sqlite_store.h"
#include "storage/transcript_index.h"
#include "tests/support/report_submission.h"
#include "tests/support/staff_writes.h"
#include "tests/support/temp_db.h"

using namespace intake::storage;
using intake::testing::move_status;

namespace {

const char* const provinces[] = {"江西省", "湖南省", "广东省"};
const char* const difficulties[] = {"资金", "用工", "房租", "物流运输"};
const char* const sizes[] = {"小型", "微型"};

// Submission `n` of a flow, with choices at three slots (one of them multiple) that vary with n.
report_record submission(const std::string& flow, int n, std::int64_t at) {
  report_record r;
  char ticket[32];
  std::snprintf(ticket, sizeof ticket, "%s-%04d", flow == "report" ? "R" : "YG", n);
  r.ticket = r.form_id = ticket;
  r.user_id = "owner-" + std::to_string(n);
  r.channel = "terminal";
  r.created_at_ms = at;
  r.flow_id = flow;
  r.flow_version = "v1";
  r.province = provinces[n % 3];
  r.industry_code = n % 2 ? "C" : "H";
  r.industry = n % 2 ? "制造业" : "住宿和餐饮业";
  r.choices.push_back({"province", r.province, r.province});
  r.choices.push_back({"size", sizes[n % 2], sizes[n % 2]});
  for (int d = 0; d < 4; ++d)
    if ((n >> d) & 1 || d == n % 4) r.choices.push_back({"difficulties", difficulties[d], difficulties[d]});
  return r;
}

void submit(sqlite_store& store, const report_record& r) { REQUIRE(intake::testing::submit_report(store, r) == commit_outcome::kept); }

void ask(sqlite_store& store, const std::string& question, const std::string& normalized, std::int64_t at) {
  turn_record turn;
  turn.user_id = "asker";
  turn.channel = "terminal";
  turn.state_json = "{}";
  turn.now_ms = at;
  turn.events.push_back({"faq_unanswered", nlohmann::json{{"question", question}, {"normalized", normalized}}.dump()});
  store.commit_turn(turn);
}

// The statistics as they were computed before issue 27: joins over every submission, read here from
// the database file itself.
report_statistics by_joins(const std::string& path, const statistics_query& wanted) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  auto cells = [&](const std::string& by, const std::string& joined = "") {
    SQLite::Statement query(db, "SELECT d.name, " + by + " AS k, count(*) FROM report_choices d JOIN reports r ON r.ticket = d.ticket " + joined +
                                    " WHERE d.flow_id = ?1 AND d.slot = ?2 GROUP BY d.name, k ORDER BY count(*) DESC, d.name, k");
    query.bind(1, wanted.flow_id);
    query.bind(2, wanted.count_slot);
    if (!joined.empty()) query.bind(3, wanted.by_slot);
    std::vector<count_cell> found;
    while (query.executeStep()) found.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getInt64()});
    return found;
  };
  report_statistics stats;
  stats.by_province = cells("r.province");
  stats.by_industry = cells("r.industry_code || ' ' || r.industry");
  stats.by_status = cells("r.status");
  stats.by_week = cells("strftime('%Y-W%W', r.created_at_ms / 1000 + 8 * 3600, 'unixepoch')");
  if (!wanted.by_slot.empty()) stats.by_answer = cells("b.name", "JOIN report_choices b ON b.ticket = d.ticket AND b.slot = ?3");
  auto durations = [&](const char* status) {
    SQLite::Statement query(db, std::string("SELECT min(h.at_ms) - r.created_at_ms FROM reports r JOIN report_history h ON h.ticket = r.ticket "
                                            "AND h.status = '") + status + "' WHERE r.flow_id = ? GROUP BY r.ticket");
    query.bind(1, wanted.flow_id);
    std::vector<std::int64_t> found;
    while (query.executeStep()) found.push_back(query.getColumn(0).getInt64());
    std::sort(found.begin(), found.end());
    return found;
  };
  stats.ms_to_acceptance = durations("accepted");
  stats.ms_to_closing = durations("closed");
  return stats;
}

std::vector<std::string> texts(const std::vector<count_cell>& cells) {
  std::vector<std::string> out;
  for (const auto& c : cells) out.push_back(c.value + "|" + c.by + "|" + std::to_string(c.count));
  return out;
}

void check_same(sqlite_store& store, const std::string& path) {
  const statistics_query queries[] = {{"report", "difficulties", ""},        {"report", "difficulties", "size"}, {"report", "size", "difficulties"},
                                      {"report", "province", "difficulties"}, {"needs", "difficulties", "size"},  {"report", "nothing", ""},
                                      {"none", "difficulties", ""}};
  for (const auto& query : queries) {
    CAPTURE(query.flow_id, query.count_slot, query.by_slot);
    auto kept = store.statistics(query);
    const auto joined = by_joins(path, query);
    CHECK(kept.reports_not_counted == 0);
    CHECK(texts(kept.by_province) == texts(joined.by_province));
    CHECK(texts(kept.by_industry) == texts(joined.by_industry));
    CHECK(texts(kept.by_status) == texts(joined.by_status));
    CHECK(texts(kept.by_week) == texts(joined.by_week));
    CHECK(texts(kept.by_answer) == texts(joined.by_answer));
    std::sort(kept.ms_to_acceptance.begin(), kept.ms_to_acceptance.end());
    std::sort(kept.ms_to_closing.begin(), kept.ms_to_closing.end());
    CHECK(kept.ms_to_acceptance == joined.ms_to_acceptance);
    CHECK(kept.ms_to_closing == joined.ms_to_closing);
  }
}

constexpr std::int64_t day = 86'400'000;
constexpr std::int64_t march_1 = 1'583'020'800'000;  // 2020-03-01 08:00 China time

}  // namespace

TEST_CASE("Statistics from the kept counts equal the joins over every submission as reports arrive and move", "[storage][statistics]") {
  intake::testing::temp_db file("staff-statistics");
  sqlite_store store(file.path.string());
  for (int n = 0; n < 30; ++n) submit(store, submission(n % 5 ? "report" : "needs", n, march_1 + n * day / 3));
  check_same(store, file.path.string());

  // Moves of counted submissions, a reopening, and moves of submissions not counted yet.
  move_status(store, "R-0001", "new", "accepted", "", "王", march_1 + 2 * day);
  move_status(store, "R-0002", "new", "accepted", "", "王", march_1 + 3 * day);
  move_status(store, "R-0001", "accepted", "closed", "已解决", "王", march_1 + 4 * day);
  move_status(store, "R-0001", "closed", "in_progress", "重新办理", "李", march_1 + 5 * day);
  move_status(store, "R-0001", "in_progress", "closed", "", "李", march_1 + 6 * day);
  for (int n = 30; n < 40; ++n) submit(store, submission("report", n, march_1 + n * day / 3));
  move_status(store, "R-0031", "new", "accepted", "", "王", march_1 + 20 * day);
  move_status(store, "R-0032", "new", "closed", "", "王", march_1 + 21 * day);
  check_same(store, file.path.string());

  // Moves both ways between two counts.
  move_status(store, "R-0002", "accepted", "closed", "", "王", march_1 + 22 * day);
  move_status(store, "R-0002", "closed", "accepted", "", "王", march_1 + 23 * day);
  move_status(store, "R-0003", "new", "accepted", "", "王", march_1 + 23 * day);
  check_same(store, file.path.string());
}

TEST_CASE("A statistics view counts a bounded number of new submissions itself and says how many it left", "[storage][statistics]") {
  sqlite_store store(":memory:");
  for (int n = 0; n < 5; ++n) submit(store, submission("report", n + 1, march_1 + n));
  // Counted one at a time: what is left is said, and nothing is counted twice.
  CHECK(store.catch_up_statistics(1) == 4);
  CHECK(store.catch_up_statistics(2) == 2);
  const auto stats = store.statistics({"report", "size", ""});
  CHECK(stats.reports_not_counted == 0);
  std::int64_t total = 0;
  for (const auto& cell : stats.by_status) total += cell.count;
  CHECK(total == 5);
}

TEST_CASE("Unanswered questions are counted as they arrive and survive the loss of the index file", "[storage][statistics]") {
  intake::testing::temp_db file("staff-unanswered");
  {
    sqlite_store store(file.path.string());
    ask(store, "怎么注册公司", "怎么注册公司", 1000);
    ask(store, "天气怎么样", "天气怎么样", 2000);
    CHECK(store.unanswered_questions().size() == 2);  // counted up to here
    ask(store, "怎么注册公司？", "怎么注册公司", 3000);
    submit(store, submission("report", 7, march_1));
    move_status(store, "R-0007", "new", "accepted", "", "王", march_1 + day);
    const auto questions = store.unanswered_questions();
    REQUIRE(questions.size() == 2);
    CHECK(questions[0].question == "怎么注册公司？");
    CHECK(questions[0].times == 2);
    CHECK(questions[0].last_asked_ms == 3000);
  }
  // The index file lost: the counts are made again from the main file.
  std::filesystem::remove(transcript_index::path_for(file.path.string()));
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(transcript_index::path_for(file.path.string()) + suffix);
  sqlite_store store(file.path.string());
  const auto questions = store.unanswered_questions();
  REQUIRE(questions.size() == 2);
  CHECK(questions[0].times == 2);
  check_same(store, file.path.string());
}
