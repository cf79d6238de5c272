// End-to-end: the staff commands as a clerk uses them, on the real binary and a real SQLite file.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>

#include "tests/support/lagging_index.h"
#include "tests/support/process.h"

using namespace intake::testing;

namespace {

// A report written in Traditional characters, as some owners type.
const std::vector<std::string> traditional_report{
    "反映困难", "南康區好味餐館", "91360100MA35G2XX05", "江西", "贛州市南康區", "餐饮", "十二人", "8", "不清楚", "部分复工", "资金",
    "三十万", "疫情期間客流減少，房租壓力大", "无", "劉小明", "13907971234", "确认"};

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

// The one report's ticket, from `reports list`.
std::string only_ticket(const scratch_dir& dir) {
  auto listed = run_intake({"reports", "list", "--db", "bot.db"}, "", dir);
  REQUIRE(listed.out.rfind("1 report(s)\n", 0) == 0);
  return listed.out.substr(listed.out.find('\n') + 1, 16);
}

std::string listed_count(const scratch_dir& dir, std::vector<std::string> filter) {
  std::vector<std::string> args{"reports", "list", "--db", "bot.db"};
  args.insert(args.end(), filter.begin(), filter.end());
  auto listed = run_intake(args, "", dir);
  return listed.exit_code == 0 ? listed.out.substr(0, listed.out.find('\n')) : "exit " + std::to_string(listed.exit_code);
}

}  // namespace

TEST_CASE("A reply, a handoff closing or a transcript for nobody is an error that says what was not found", "[e2e][staff]") {
  scratch_dir dir("e2e-staff-targets");
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, lines(traditional_report), dir).exit_code == 0);
  const std::string ticket = only_ticket(dir);

  auto nobody = run_intake({"reply", "ws:nobody", "您好", "--by", "王", "--db", "bot.db"}, "", dir);
  CHECK(nobody.exit_code == 1);
  CHECK(nobody.err.find("ws:nobody") != std::string::npos);
  CHECK(nobody.out.empty());
  auto unknown_ticket = run_intake({"reply", "R20200101-ZZZZZZ", "您好", "--by", "王", "--db", "bot.db"}, "", dir);
  CHECK(unknown_ticket.exit_code == 1);
  CHECK(unknown_ticket.err.find("R20200101-ZZZZZZ") != std::string::npos);
  CHECK(run_intake({"reply", "ws:shop-1", "   ", "--by", "王", "--db", "bot.db"}, "", dir).exit_code == 2);

  // A reply to a ticket goes to the report's owner.
  auto to_ticket = run_intake({"reply", ticket, "请把租赁合同发给我们", "--by", "王科长", "--db", "bot.db"}, "", dir);
  CHECK(to_ticket.exit_code == 0);
  CHECK(to_ticket.out.find("ws:shop-1") != std::string::npos);
  auto owner = run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, "", dir);
  CHECK(owner.out.find("工作人员王科长回复您：请把租赁合同发给我们") != std::string::npos);

  auto not_waiting = run_intake({"handoff", "close", "ws:shop-1", "--by", "王", "--db", "bot.db"}, "", dir);
  CHECK(not_waiting.exit_code == 1);
  CHECK(not_waiting.err.find("not waiting") != std::string::npos);
  CHECK(run_intake({"handoff", "close", "ws:nobody", "--by", "王", "--db", "bot.db"}, "", dir).exit_code == 1);
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-2"}, "人工\n", dir).exit_code == 0);
  CHECK(run_intake({"handoff", "close", "ws:shop-2", "--by", "王", "--db", "bot.db"}, "", dir).exit_code == 0);
  CHECK(run_intake({"handoff", "close", "ws:shop-2", "--by", "王", "--db", "bot.db"}, "", dir).exit_code == 1);  // closed already

  auto no_transcript = run_intake({"transcript", "ws:nobody", "--db", "bot.db"}, "", dir);
  CHECK(no_transcript.exit_code == 1);
  CHECK(no_transcript.err.find("ws:nobody") != std::string::npos);
  CHECK(run_intake({"transcript", "ws:shop-2", "--db", "bot.db"}, "", dir).out.find("人工") != std::string::npos);
}

TEST_CASE("Exports honour --output for every format and keep personal data off the terminal", "[e2e][staff]") {
  scratch_dir dir("e2e-staff-export");
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, lines(traditional_report), dir).exit_code == 0);
  for (const std::string format : {"json", "csv", "xlsx"}) {
    const std::string file = "reports." + format;
    auto written = run_intake({"reports", "export", "--format", format, "--output", file, "--db", "bot.db"}, "", dir);
    INFO(format);
    CHECK(written.exit_code == 0);
    CHECK(written.out == "wrote 1 report(s) to " + file + "\n");
    CHECK(written.out.find("13907971234") == std::string::npos);
    struct stat info {};
    REQUIRE(::stat(dir.file(file).c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);  // phones and codes: for the one who exported them
    if (format != "xlsx") CHECK(slurp(dir.file(file)).find("13907971234") != std::string::npos);
  }
  CHECK(nlohmann::json::parse(slurp(dir.file("reports.json")))[0]["city"] == "贛州市南康區");  // the owner's own words
}

TEST_CASE("On a terminal an export shows how far it has come and a pipe gets nothing but the export", "[e2e][staff][export]") {
  scratch_dir dir("e2e-staff-export-progress");
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, lines(traditional_report), dir).exit_code == 0);
  // `script` (util-linux) runs the command on a pseudo-terminal, as a clerk's shell would.
  const std::string command = "cd " + quote(dir.path().string()) + " && timeout 60 script -qec " +
                              quote(quote(INTAKE_BINARY) + " reports export --format csv --output r.csv --db bot.db") + " /dev/null < /dev/null > " +
                              quote(dir.file("terminal.txt"));
  REQUIRE(std::system(command.c_str()) == 0);
  const std::string terminal = slurp(dir.file("terminal.txt"));
  CHECK(terminal.find("exporting: 1 of 1 report(s)") != std::string::npos);
  CHECK(terminal.find("wrote 1 report(s) to r.csv") != std::string::npos);
  auto piped = run_intake({"reports", "export", "--format", "csv", "--output", "p.csv", "--db", "bot.db"}, "", dir);
  CHECK(piped.exit_code == 0);
  CHECK(piped.err.empty());
  CHECK(slurp(dir.file("p.csv")) == slurp(dir.file("r.csv")));
}

TEST_CASE("Filters take what a clerk types: simplified for traditional, Chinese status names, industry by name or letter",
          "[e2e][staff]") {
  scratch_dir dir("e2e-staff-filters");
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, lines(traditional_report), dir).exit_code == 0);
  CHECK(listed_count(dir, {"--city", "赣州"}) == "1 report(s)");
  CHECK(listed_count(dir, {"--city", "贛州"}) == "1 report(s)");
  CHECK(listed_count(dir, {"--search", "南康區"}) == "1 report(s)");
  CHECK(listed_count(dir, {"--search", "南康区"}) == "1 report(s)");
  CHECK(listed_count(dir, {"--search", "刘小明"}) == "1 report(s)");  // the contact, in Simplified
  CHECK(listed_count(dir, {"--search", "13907971234"}) == "1 report(s)");
  CHECK(listed_count(dir, {"--search", "房租压力"}) == "1 report(s)");
  CHECK(listed_count(dir, {"--search", "火锅"}) == "0 report(s)");
  CHECK(listed_count(dir, {"--status", "待受理"}) == "1 report(s)");
  CHECK(listed_count(dir, {"--status", "new"}) == "1 report(s)");
  CHECK(listed_count(dir, {"--status", "办理中"}) == "0 report(s)");
  CHECK(listed_count(dir, {"--status", "辦理中"}) == "0 report(s)");
  CHECK(listed_count(dir, {"--status", "在办"}) == "exit 2");
  CHECK(listed_count(dir, {"--industry", "餐饮"}) == "1 report(s)");
  CHECK(listed_count(dir, {"--industry", "H"}) == "1 report(s)");
  CHECK(listed_count(dir, {"--industry", "h"}) == "1 report(s)");
  CHECK(listed_count(dir, {"--industry", "制造"}) == "0 report(s)");
  CHECK(listed_count(dir, {"--industry", "C"}) == "0 report(s)");
  auto listed = run_intake({"reports", "list", "--db", "bot.db"}, "", dir);
  CHECK(listed.out.find("\t待受理\t") != std::string::npos);
  CHECK(listed.out.find("139****1234") != std::string::npos);
  CHECK(listed.out.find("13907971234") == std::string::npos);
  auto unknown = run_intake({"reports", "list", "--status", "在办", "--db", "bot.db"}, "", dir);
  CHECK(unknown.err.find("待受理、已受理、办理中、已办结、已退回") != std::string::npos);
}

TEST_CASE("A case closed by mistake is reopened with a note, kept in the history, and the owner is told", "[e2e][staff]") {
  scratch_dir dir("e2e-staff-reopen");
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, lines(traditional_report), dir).exit_code == 0);
  const std::string ticket = only_ticket(dir);
  auto set = [&](const std::string& status, const std::string& note) {
    return run_intake({"reports", "set-status", ticket, status, "--note", note, "--by", "王", "--db", "bot.db"}, "", dir).exit_code;
  };
  CHECK(set("已受理", "已受理") == 0);
  CHECK(set("已办结", "已协调银行") == 0);
  CHECK(run_intake({"reports", "reopen", ticket, "--by", "王", "--db", "bot.db"}, "", dir).exit_code == 1);  // why?
  auto reopened = run_intake({"reports", "reopen", ticket, "--note", "误点办结，继续办理", "--by", "李", "--db", "bot.db"}, "", dir);
  CHECK(reopened.exit_code == 0);
  CHECK(reopened.out.find("办理中") != std::string::npos);
  CHECK(run_intake({"reports", "reopen", ticket, "--note", "再次", "--by", "李", "--db", "bot.db"}, "", dir).exit_code == 1);  // not closed
  CHECK(set("已办结", "已续贷") == 0);
  CHECK(set("办理中", "") == 1);  // reopening by status needs a note too
  CHECK(set("办理中", "企业反映仍未到账") == 0);

  auto shown = run_intake({"reports", "show", ticket, "--db", "bot.db"}, "", dir);
  CHECK(shown.out.find("已办结  王  已协调银行") != std::string::npos);
  CHECK(shown.out.find("办理中  李  误点办结，继续办理") != std::string::npos);
  CHECK(shown.out.find("办理中  王  企业反映仍未到账") != std::string::npos);
  auto owner = run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, "", dir);
  CHECK(owner.out.find("误点办结，继续办理") != std::string::npos);
}

TEST_CASE("reports show prints one readable case: labelled answers, the history, the end of the conversation", "[e2e][staff]") {
  scratch_dir dir("e2e-staff-show");
  std::vector<std::string> many = traditional_report;
  for (int i = 0; i < 12; ++i) many.insert(many.end(), {"2", "菜单"});  // progress queries: long bot replies
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, lines(many), dir).exit_code == 0);
  const std::string ticket = only_ticket(dir);
  REQUIRE(run_intake({"reports", "set-status", ticket, "accepted", "--note", "已受理", "--by", "王", "--db", "bot.db"}, "", dir).exit_code == 0);

  auto shown = run_intake({"reports", "show", ticket, "--db", "bot.db"}, "", dir);
  REQUIRE(shown.exit_code == 0);
  for (const std::string labelled : {"受理编号", "办理状态          已受理", "企业名称          南康區好味餐館", "所在市县          贛州市南康區",
                                     "统一社会信用代码  91360100MA35G2XX05", "联系电话          13907971234", "资金缺口(万元)    30\n",
                                     "最新办理意见      已受理"})
    CHECK(shown.out.find(labelled) != std::string::npos);
  CHECK(shown.out.find("\n办理记录:\n") != std::string::npos);
  CHECK(shown.out.find("待受理  system") != std::string::npos);
  CHECK(shown.out.find("对话记录（最近 20 条，共 ") != std::string::npos);
  // Twenty lines of the conversation, the long ones cut to their first lines.
  CHECK(count(shown.out, "  terminal  ") == 20);
  CHECK(shown.out.size() < 6000);
  auto whole = run_intake({"reports", "show", ticket, "--transcript", "--db", "bot.db"}, "", dir);
  CHECK(count(whole.out, "  terminal  ") > 40);
  CHECK(whole.out.find("--transcript 显示全部") == std::string::npos);
  CHECK(run_intake({"reports", "show", "R20200101-ZZZZZZ", "--db", "bot.db"}, "", dir).exit_code == 1);
}

TEST_CASE("CSV and xlsx show statuses in Chinese and the latest note, and the workbook is ready for Excel", "[e2e][staff]") {
  scratch_dir dir("e2e-staff-xlsx");
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, lines(traditional_report), dir).exit_code == 0);
  const std::string ticket = only_ticket(dir);
  REQUIRE(run_intake({"reports", "set-status", ticket, "已受理", "--note", "已转金融办", "--by", "王", "--db", "bot.db"}, "", dir).exit_code == 0);
  auto csv = run_intake({"reports", "export", "--format", "csv", "--db", "bot.db"}, "", dir);
  CHECK(csv.out.find(",最新办理意见,承办部门,经办人\r\n") != std::string::npos);
  CHECK(csv.out.find(ticket + ",已受理,") != std::string::npos);
  CHECK(csv.out.find(",已转金融办,,\r\n") != std::string::npos);
  auto json = nlohmann::json::parse(run_intake({"reports", "export", "--db", "bot.db"}, "", dir).out);
  CHECK(json[0]["status"] == "accepted");  // programs keep the codes
  CHECK(json[0]["latest_note"] == "已转金融办");

  REQUIRE(run_intake({"reports", "export", "--format", "xlsx", "--output", "r.xlsx", "--db", "bot.db"}, "", dir).exit_code == 0);
  const std::string script =
      "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); "
      "[print(z.read(n).decode()) for n in ('xl/worksheets/sheet1.xml','xl/styles.xml')]";
  const std::string command = "python3 -c " + quote(script) + " " + quote(dir.file("r.xlsx")) + " > " + quote(dir.file("xlsx.txt"));
  REQUIRE(std::system(command.c_str()) == 0);
  const std::string contents = slurp(dir.file("xlsx.txt"));
  CHECK(contents.find("state=\"frozen\"") != std::string::npos);     // the header row stays in view
  CHECK(contents.find("<autoFilter ref=\"A1:") != std::string::npos);  // filter buttons
  CHECK(contents.find("<col ") != std::string::npos);                // column widths
  CHECK(contents.find("formatCode=\"yyyy-mm-dd hh:mm\"") != std::string::npos);
  CHECK(contents.find("<t>已受理</t>") != std::string::npos);
  CHECK(contents.find("<t>最新办理意见</t>") != std::string::npos);
  CHECK(contents.find("<t>已转金融办</t>") != std::string::npos);
  // 提交时间 is a number (an Excel date) in the second row's column C, not text.
  CHECK(contents.find("<c r=\"C2\" s=\"") != std::string::npos);
  CHECK(contents.find("<c r=\"C2\" t=\"inlineStr\"") == std::string::npos);
}

TEST_CASE("Owners' text cannot drive a staff terminal, and user ids with control characters are refused", "[e2e][staff][security]") {
  scratch_dir dir("e2e-staff-terminal");
  std::vector<std::string> hostile = traditional_report;
  hostile[1] = "好味\x1b]8;;http://evil.example\x07点我\x1b]8;;\x07餐馆";  // an OSC 8 link in the company name
  hostile[12] = "客流减少\x1b[2J\x1b[H房租\r压力大";                      // clear screen, cursor home, carriage return
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, lines(hostile), dir).exit_code == 0);
  const std::string ticket = only_ticket(dir);
  for (const auto& args : std::vector<std::vector<std::string>>{{"reports", "list"},
                                                                {"reports", "show", ticket},
                                                                {"transcript", "ws:shop-1"},
                                                                {"transcript", "search", "房租"}}) {
    std::vector<std::string> with_db = args;
    with_db.insert(with_db.end(), {"--db", "bot.db"});
    auto printed = run_intake(with_db, "", dir);
    INFO(args[0] << " " << args[1]);
    CHECK(printed.exit_code == 0);
    CHECK(printed.out.find('\x1b') == std::string::npos);
    CHECK(printed.out.find('\x07') == std::string::npos);
    CHECK(printed.out.find('\r') == std::string::npos);
  }
  // What the owner sent is shown, made visible.
  CHECK(run_intake({"transcript", "ws:shop-1", "--db", "bot.db"}, "", dir).out.find("好味\\x1B]8;;http://evil.example\\x07点我") !=
        std::string::npos);
  auto refused = run_intake({"chat", "--db", "bot.db", "--user", "ws:a\x1b[31mb"}, "", dir);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("control characters") != std::string::npos);
}

TEST_CASE("CSV cells that begin like a formula are written as text", "[e2e][staff][security]") {
  scratch_dir dir("e2e-staff-csv-injection");
  std::vector<std::string> hostile = traditional_report;
  hostile[1] = "=HYPERLINK(\"http://evil.example\",\"点我\")";
  hostile[12] = "+cmd|' /C calc'!A0 房租太高";
  hostile[13] = "@SUM(1+1)*cmd|' /C calc'!A0";
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, lines(hostile), dir).exit_code == 0);
  const std::string csv = run_intake({"reports", "export", "--format", "csv", "--db", "bot.db"}, "", dir).out;
  CHECK(csv.find(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点我\"\")\",") != std::string::npos);
  CHECK(csv.find(",'+cmd|' /C calc'!A0 房租太高,") != std::string::npos);
  CHECK(csv.find(",'@SUM(1+1)*cmd|' /C calc'!A0,") != std::string::npos);
  CHECK(csv.find(",=HYPERLINK") == std::string::npos);
  CHECK(csv.find(",\"=HYPERLINK") == std::string::npos);
}

TEST_CASE("Every view of unmasked personal data from the CLI is in the access log, with who and what", "[e2e][staff][security]") {
  scratch_dir dir("e2e-staff-access-log");
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, lines(traditional_report), dir).exit_code == 0);
  const std::string ticket = only_ticket(dir);
  REQUIRE(run_intake({"transcript", "ws:shop-1", "--by", "王科长", "--db", "bot.db"}, "", dir).exit_code == 0);
  REQUIRE(run_intake({"transcript", "search", "房租", "--db", "bot.db"}, "", dir).exit_code == 0);
  REQUIRE(run_intake({"reports", "show", ticket, "--by", "李", "--db", "bot.db"}, "", dir).exit_code == 0);
  REQUIRE(run_intake({"reports", "export", "--format", "csv", "--output", "r.csv", "--by", "李", "--db", "bot.db"}, "", dir).exit_code == 0);
  REQUIRE(run_intake({"reports", "export", "--db", "bot.db"}, "", dir).exit_code == 0);
  SQLite::Database raw(dir.file("bot.db"));
  SQLite::Statement rows(raw, "SELECT actor, action, target FROM access_log ORDER BY id");
  std::vector<std::string> logged;
  while (rows.executeStep())
    logged.push_back(rows.getColumn(0).getString() + " " + rows.getColumn(1).getString() + " " + rows.getColumn(2).getString());
  const char* login = std::getenv("USER");
  const std::string os_user = std::string("cli:") + (login && *login ? login : "unknown");
  CHECK(logged == std::vector<std::string>{"王科长 show_transcript ws:shop-1", os_user + " search_transcript 房租", "李 show_report " + ticket,
                                           "李 export_reports csv 1 report(s)", os_user + " export_reports json 1 report(s)"});
}

TEST_CASE("A report without a credit code is marked for staff as lacking one", "[e2e][staff]") {
  scratch_dir dir("e2e-staff-no-code");
  std::vector<std::string> without_code = traditional_report;
  without_code[2] = "暂无";
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:shop-1"}, lines(without_code), dir).exit_code == 0);
  const std::string ticket = only_ticket(dir);
  CHECK(run_intake({"reports", "list", "--db", "bot.db"}, "", dir).out.find("\t暂无代码\t") != std::string::npos);
  CHECK(run_intake({"reports", "show", ticket, "--db", "bot.db"}, "", dir).out.find("统一社会信用代码  暂无（企业尚未取得，待补充）") !=
        std::string::npos);
  CHECK(run_intake({"reports", "export", "--format", "csv", "--db", "bot.db"}, "", dir).out.find(",暂无（企业尚未取得，待补充）,") !=
        std::string::npos);
  CHECK(nlohmann::json::parse(run_intake({"reports", "export", "--db", "bot.db"}, "", dir).out)[0]["credit_code"] == "");
}

TEST_CASE("transcript search on a database whose index is being rebuilt prints what it found and how far the index reaches",
          "[e2e][staff][transcript-index]") {
  scratch_dir dir("e2e-staff-index-rebuild");
  lagging_index lagging(dir.file("bot.db"));
  // The CLI's own index thread cannot take the index file meanwhile: it gives up after the busy
  // timeout (5 s), so the command takes that long to exit, but its answer does not wait.
  const auto searched = run_intake({"transcript", "search", "贷款延期", "--db", "bot.db"}, "", dir);
  REQUIRE(searched.exit_code == 0);
  CHECK(searched.out.rfind("50 line(s) (the most recent 50)\n索引重建中（16%，已索引 1000 / 6000 行）：结果只来自已索引的部分，稍后再搜可得全部", 0) == 0);
  CHECK(count(searched.out, "申请贷款延期") == 50);
  lagging.release();
  // Nothing holds the index back now: the index thread of the next command catches it up (its
  // search itself indexes no more than a short tail), and a search after that finds everything.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  process_result found;
  do {
    found = run_intake({"transcript", "search", "房租减免", "--db", "bot.db"}, "", dir);
  } while (found.out.rfind("50 line(s)", 0) != 0 && std::chrono::steady_clock::now() < deadline);
  CHECK(found.out.rfind("50 line(s) (the most recent 50)\n", 0) == 0);
  CHECK(found.out.find("索引重建中") == std::string::npos);
}

TEST_CASE("Staff attach an unanswered question to an entry or mark it out of scope, and the bot answers accordingly", "[e2e][staff][faq]") {
  scratch_dir dir("e2e-faq-review");
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "owner-1"}, lines({"3", "怎么注册一家公司", "明天会下雨吗"}), dir).exit_code == 0);
  const auto listed = run_intake({"faq", "unanswered", "--db", "bot.db"}, "", dir);
  CHECK(listed.out.find("怎么注册一家公司") != std::string::npos);
  CHECK(listed.out.find("明天会下雨吗") != std::string::npos);

  auto unknown = run_intake({"faq", "attach", "怎么注册一家公司", "no-such-entry", "--by", "王", "--db", "bot.db"}, "", dir);
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no entry no-such-entry") != std::string::npos);
  CHECK(run_intake({"faq", "attach", "怎么注册一家公司？", "jx1-17-free-cloud", "--db", "bot.db"}, "", dir).exit_code == 2);  // --by
  REQUIRE(run_intake({"faq", "attach", "怎么注册一家公司？", "jx1-17-free-cloud", "--by", "王", "--db", "bot.db"}, "", dir).exit_code == 0);
  REQUIRE(run_intake({"faq", "out-of-scope", "明天会下雨吗", "--by", "王", "--db", "bot.db"}, "", dir).exit_code == 0);
  CHECK(run_intake({"faq", "unanswered", "--db", "bot.db"}, "", dir).out == "no unanswered questions\n");

  const auto asked_again = run_intake({"chat", "--db", "bot.db", "--user", "owner-2"}, lines({"3", "怎么注册一家公司", "明天会下雨吗"}), dir);
  CHECK(asked_again.out.find("第十七条") != std::string::npos);  // the attached entry's source
  CHECK(asked_again.out.find("没有找到能回答这个问题的内容") != std::string::npos);
  CHECK(run_intake({"faq", "unanswered", "--db", "bot.db"}, "", dir).out == "no unanswered questions\n");
  SQLite::Database raw(dir.file("bot.db"));
  CHECK(raw.execAndGet("SELECT actor || ' ' || decision FROM faq_reviews WHERE entry_id = 'jx1-17-free-cloud'").getString() == "王 attached");
}
