// Migration 012 (generic submissions) on a database the release before it made through its real
// interfaces (tests/storage/data/README.md): every report, answer, history row, notification and
// waiting conversation is found afterwards.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "storage/sqlite_store.h"
#include "tests/support/process.h"

using namespace intake::storage;
using intake::testing::scratch_dir;
using nlohmann::json;

namespace {


// Every row of a query as text columns by name (NULL as the literal "NULL").
std::vector<std::map<std::string, std::string>> rows_of(SQLite::Database& db, const std::string& sql) {
  SQLite::Statement query(db, sql);
  std::vector<std::map<std::string, std::string>> rows;
  while (query.executeStep()) {
    std::map<std::string, std::string> columns;
    for (int i = 0; i < query.getColumnCount(); ++i) {
      auto column = query.getColumn(i);
      columns[query.getColumnName(i)] = column.isNull() ? "NULL" : column.getString();
    }
    rows.push_back(std::move(columns));
  }
  return rows;
}

// The release's database, loaded from its dump into a fresh file.
void load_release_database(const std::string& path) {
  std::ifstream dump(std::string(INTAKE_SOURCE_DIR) + "/tests/storage/data/release_before_012.sql");
  REQUIRE(dump);
  std::stringstream sql;
  sql << dump.rdbuf();
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec(sql.str());
  REQUIRE(db.execAndGet("PRAGMA user_version").getInt() == 11);
}

}  // namespace

TEST_CASE("A database of the release before migration 012 keeps every report, answer, history row and notification", "[storage][migration]") {
  scratch_dir dir("migration-012");
  const std::string path = dir.file("release.db");
  load_release_database(path);
  std::vector<std::map<std::string, std::string>> old_reports, old_history, old_notifications, old_lines;
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    old_reports = rows_of(db, "SELECT * FROM reports ORDER BY ticket");
    old_history = rows_of(db, "SELECT * FROM report_history ORDER BY id");
    old_notifications = rows_of(db, "SELECT * FROM notifications ORDER BY id");
    old_lines = rows_of(db, "SELECT id, user_id, text FROM transcript ORDER BY id");
  }
  REQUIRE(old_reports.size() == 4);
  REQUIRE(old_history.size() == 11);
  REQUIRE(old_notifications.size() == 10);

  sqlite_store store(path);
  CHECK(store.schema_version() >= 12);
  CHECK(store.integrity_check() == "ok");

  for (const auto& old : old_reports) {
    const auto found = store.find_report(old.at("ticket"));
    REQUIRE(found);
    const report_record& r = *found;
    CHECK(r.flow_id == "report");
    CHECK(r.flow_version == "legacy-012");
    CHECK(r.form_id == old.at("form_id"));
    CHECK(r.user_id == old.at("user_id"));
    CHECK(r.channel == old.at("channel"));
    CHECK(r.status == old.at("status"));
    CHECK(std::to_string(r.created_at_ms) == old.at("created_at_ms"));
    for (const auto& [column, value] : std::map<std::string, std::string>{{"company_name", r.company_name}, {"credit_code", r.credit_code},
                                                                          {"province", r.province},         {"city", r.city},
                                                                          {"industry_code", r.industry_code}, {"industry", r.industry},
                                                                          {"contact_name", r.contact_name}, {"contact_phone", r.contact_phone}})
      CHECK(value == old.at(column));
    const json answers = json::parse(r.answers_json), names = json::parse(r.names_json);
    INFO(r.ticket << " " << r.answers_json);
    for (const char* text : {"company_name", "credit_code", "province", "city", "resumption_status", "description", "contact_name", "contact_phone"})
      CHECK(answers.at(text) == old.at(text));
    CHECK(answers.at("industry") == old.at("industry_code"));
    CHECK(names.at("industry") == old.at("industry"));
    CHECK(std::to_string(answers.at("employees").get<std::int64_t>()) == old.at("employees"));
    CHECK(std::to_string(answers.at("returned_employees").get<std::int64_t>()) == old.at("returned_employees"));
    CHECK(answers.at("difficulties") == json::parse(old.at("difficulties")));
    CHECK(names.at("difficulties") == json::parse(old.at("difficulties")));
    // Skipped: null. Not asked (the condition did not hold): absent.
    if (old.at("help_wanted") == "NULL") CHECK(answers.at("help_wanted").is_null());
    else CHECK(answers.at("help_wanted") == old.at("help_wanted"));
    if (old.at("funding_gap_wan") == "NULL") CHECK_FALSE(answers.contains("funding_gap_wan"));
    else CHECK(answers.at("funding_gap_wan").get<double>() == Approx(std::stod(old.at("funding_gap_wan"))));
    if (old.at("labor_gap") == "NULL") CHECK_FALSE(answers.contains("labor_gap"));
    else CHECK(std::to_string(answers.at("labor_gap").get<std::int64_t>()) == old.at("labor_gap"));
  }

  SQLite::Database db(path, SQLite::OPEN_READONLY);
  // Later migrations add columns (017: kind); what was there is kept.
  CHECK(rows_of(db, "SELECT id, ticket, status, note, actor, at_ms FROM report_history ORDER BY id") == old_history);
  CHECK(rows_of(db, "SELECT * FROM notifications ORDER BY id") == old_notifications);
  CHECK(rows_of(db, "SELECT id, user_id, text FROM transcript ORDER BY id") == old_lines);
  CHECK(rows_of(db, "PRAGMA foreign_key_check").empty());
  // owner-e's handoff was closed and the closing is still on its way (013): no longer waiting, while
  // its state still says so, for the owner's next turn to tell them.
  CHECK(db.execAndGet("SELECT handoff_since_ms FROM conversations WHERE user_id = 'owner-e'").getInt64() == 0);
  CHECK(db.execAndGet("SELECT json_extract(state, '$.handoff_since_ms') FROM conversations WHERE user_id = 'owner-e'").getInt64() > 0);

  // What staff and owners read of it.
  CHECK(store.pending_notifications("owner-a").size() == 5);
  CHECK(store.pending_notifications("owner-c").size() == 1);
  CHECK(store.pending_notifications("owner-e").size() == 1);
  const auto waiting = store.waiting_for_staff();
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0].user_id == "owner-d");
  CHECK(waiting[0].since_ms > 0);
  const auto histories = store.report_history(store.reports_of_user("owner-a").front().ticket);
  CHECK(histories.size() == 5);
  CHECK(store.reports_of_user("owner-a").front().latest_note == "误点办结，继续办理");

  // The snapshot the old reports are read under.
  const auto versions = store.flow_versions("report");
  REQUIRE(versions.size() == 1);
  const json schema = json::parse(versions[0].schema_json);
  CHECK(schema["version"] == "legacy-012");
  CHECK(schema["steps"].size() == 15);
  CHECK(schema["steps"][9]["id"] == "funding_gap_wan");
  CHECK(schema["steps"][9]["label"]["zh-CN"] == "资金缺口");
  CHECK(schema["roles"]["company"] == "company_name");

  // Filters and statistics on the choices the migration wrote.
  auto owners = [&](const report_filter& filter) {
    std::multiset<std::string> found;
    for (const auto& r : store.list_reports(filter)) found.insert(r.user_id);
    return found;
  };
  report_filter funding;
  funding.choices = {{"difficulties", "资金"}};
  CHECK(owners(funding) == std::multiset<std::string>{"owner-a", "owner-c"});
  report_filter catering;
  catering.choices = {{"industry", "H"}};
  CHECK(owners(catering) == std::multiset<std::string>{"owner-b"});
  report_filter nankang;
  nankang.text = "南康区";
  CHECK(owners(nankang) == std::multiset<std::string>{"owner-a", "owner-c"});
  const auto stats = store.statistics({"report", "difficulties", "resumption_status"});
  std::int64_t counted = 0;
  for (const auto& cell : stats.by_status) counted += cell.count;
  CHECK(counted == 3 + 1 + 1 + 2);  // 用工 资金 物流运输; 房租; 资金; 能源 房租
  CHECK(stats.by_answer.size() == 6);
  CHECK(stats.ms_to_acceptance.size() == 3);
}
