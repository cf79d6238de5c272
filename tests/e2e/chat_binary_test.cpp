// End-to-end: the real `intake` binary, a real SQLite file, conversations piped through stdin.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/support/process.h"
#include "tests/support/test_data.h"

using namespace intake::testing;

namespace {

const std::vector<std::string> first_half{"反映困难", "赣州红星服装有限公司", "９１３６０１００ｍａ３５ｇ２ｘｘ０５", "赣", "赣州市南康区",
                                          "做衣服的", "三十五人"};
const std::vector<std::string> second_half{"约20", "八百万", "部分复工", "1、2、5", "五十万", "十五个", "原材料供应商在湖北，目前无法发货。",
                                           "希望协调物流", "张先生", "+86 138-0013-8000", "确认", "确认"};

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("A whole conversation piped into intake chat ends up in the JSON and CSV exports", "[e2e]") {
  scratch_dir dir("e2e-chat");
  std::vector<std::string> all = first_half;
  all.insert(all.end(), second_half.begin(), second_half.end());
  auto chat = run_intake({"chat", "--db", "bot.db", "--user", "owner-1"}, lines(all), dir);
  REQUIRE(chat.exit_code == 0);
  CHECK(chat.err.empty());
  // One reply block per input line plus the greeting, each followed by a blank line.
  CHECK(count(chat.out, "\n\n") == all.size() + 1);
  CHECK(chat.out.find("提交成功") != std::string::npos);
  CHECK(chat.out.find("无需重复确认") != std::string::npos);

  auto json_export = run_intake({"reports", "export", "--format", "json", "--db", "bot.db"}, "", dir);
  REQUIRE(json_export.exit_code == 0);
  const auto reports = nlohmann::json::parse(json_export.out);
  REQUIRE(reports.size() == 1);
  const auto& r = reports[0];
  CHECK(r["user_id"] == "owner-1");
  CHECK(r["channel"] == "terminal");
  CHECK(r["status"] == "new");
  CHECK(r["credit_code"] == "91360100MA35G2XX05");
  CHECK(r["province"] == "江西省");
  CHECK(r["industry_code"] == "C");
  CHECK(r["industry"] == "制造业");
  CHECK(r["employees"] == 35);
  CHECK(r["returned_employees"] == 20);
  CHECK(r["difficulties"] == nlohmann::json::array({"用工", "资金", "物流运输"}));
  CHECK(r["funding_gap_wan"] == 50);
  CHECK(r["labor_gap"] == 15);
  CHECK(r["help_wanted"] == "希望协调物流");
  CHECK(r["contact_phone"] == "13800138000");
  CHECK(chat.out.find(r["ticket"].get<std::string>()) != std::string::npos);

  auto csv_export = run_intake({"reports", "export", "--format", "csv", "--db", "bot.db"}, "", dir);
  REQUIRE(csv_export.exit_code == 0);
  CHECK(csv_export.out.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(count(csv_export.out, "\r\n") == 2);
}

TEST_CASE("An owner without a credit code says so, and the stored and exported report has an empty one", "[e2e]") {
  scratch_dir dir("e2e-no-credit-code");
  std::vector<std::string> all = first_half;
  all[2] = "还没有，营业执照在办理中";
  all.insert(all.end(), second_half.begin(), second_half.end());
  auto chat = run_intake({"chat", "--db", "bot.db", "--user", "owner-10"}, lines(all), dir);
  REQUIRE(chat.exit_code == 0);
  CHECK(chat.err.empty());
  CHECK(chat.out.find("统一社会信用代码可以以后补充") != std::string::npos);
  CHECK(chat.out.find("2. 统一社会信用代码：暂无（待补充）\n") != std::string::npos);
  CHECK(chat.out.find("提交成功") != std::string::npos);
  const auto reports = nlohmann::json::parse(run_intake({"reports", "export", "--format", "json", "--db", "bot.db"}, "", dir).out);
  REQUIRE(reports.size() == 1);
  CHECK(reports[0]["credit_code"] == "");
  CHECK(reports[0]["company_name"] == "赣州红星服装有限公司");
}

TEST_CASE("Owners' phrasings work through the binary: ranges confirmed, emoji, skip words, 取消 at the menu", "[e2e]") {
  scratch_dir dir("e2e-phrasings");
  const std::vector<std::string> all{"反映困难", "赣州红星服装有限公司", "菜单", "取消", "否", "1", "继续", "暂无", "赣", "赣州市南康区", "做衣服的",
                                     "现在大概三四十个人", "是", "😭", "二十多个", "👍", "不知道", "部分复工", "1 2", "大概二三十万", "否", "30",
                                     "缺10个车工", "订单有，但工人回不来。", "不用了，谢谢", "张先生", "13800138000", "确认"};
  auto chat = run_intake({"chat", "--db", "bot.db", "--user", "owner-11"}, lines(all), dir);
  REQUIRE(chat.exit_code == 0);
  CHECK(chat.err.empty());
  CHECK(count(chat.out, "\n\n") == all.size() + 1);
  CHECK(chat.out.find("确定要删除它吗") != std::string::npos);
  CHECK(chat.out.find("按 35 人记录，可以吗？") != std::string::npos);
  CHECK(chat.out.find("按 25 万元记录，可以吗？") != std::string::npos);
  CHECK(chat.out.find("没有收到内容") == std::string::npos);  // 😭 is an answer that cannot be used, not nothing
  CHECK(chat.out.find("提交成功") != std::string::npos);
  const auto reports = nlohmann::json::parse(run_intake({"reports", "export", "--format", "json", "--db", "bot.db"}, "", dir).out);
  REQUIRE(reports.size() == 1);
  const auto& r = reports[0];
  CHECK(r["company_name"] == "赣州红星服装有限公司");
  CHECK(r["credit_code"] == "");
  CHECK(r["employees"] == 35);
  CHECK(r["returned_employees"] == 20);
  CHECK(r["funding_gap_wan"] == 30);
  CHECK(r["labor_gap"] == 10);
  CHECK(r["help_wanted"].is_null());
}

TEST_CASE("Killing the chat mid-form and starting again resumes at the same question", "[e2e]") {
  scratch_dir dir("e2e-restart");
  auto first = run_intake({"chat", "--db", "bot.db", "--user", "owner-2"}, lines(first_half), dir);
  REQUIRE(first.exit_code == 0);
  // Simulate a crash: the process is killed while waiting for the next line.
  const std::string command = "cd " + quote(dir.path().string()) + " && (timeout 3 sleep 30 | timeout -s KILL 2 " + quote(INTAKE_BINARY) +
                              " chat --db bot.db --user owner-2 > killed.out 2>&1) 2>/dev/null; true";
  REQUIRE(std::system(command.c_str()) == 0);
  CHECK(slurp(dir.file("killed.out")).find("目前已返岗的有多少人") != std::string::npos);

  auto second = run_intake({"chat", "--db", "bot.db", "--user", "owner-2"}, lines(second_half), dir);
  REQUIRE(second.exit_code == 0);
  CHECK(second.out.rfind("欢迎回来！我们接着上次的地方继续。\n（7/14）目前已返岗的有多少人？", 0) == 0);
  CHECK(second.out.find("6. 从业人员数：35 人") != std::string::npos);
  CHECK(second.out.find("1. 企业名称：赣州红星服装有限公司") != std::string::npos);
  auto exported = nlohmann::json::parse(run_intake({"reports", "export", "--db", "bot.db"}, "", dir).out);
  CHECK(exported.size() == 1);
}

TEST_CASE("Invalid UTF-8, empty lines, 100 KB lines and control characters get polite replies", "[e2e]") {
  scratch_dir dir("e2e-hostile");
  std::string input = "1\n\n\xff\xfe\xfd\n" + std::string(100 * 1024, 'x') + "\n\x01\x02\x03\n\r\n" + std::string(300 * 1024, '\xe4') +
                      "\n测试公司\n";
  auto chat = run_intake({"chat", "--db", "bot.db", "--user", "owner-3"}, input, dir);
  REQUIRE(chat.exit_code == 0);
  CHECK(chat.err.empty());
  CHECK(count(chat.out, "没有收到内容") == 3);
  CHECK(chat.out.find("无法识别的字符") != std::string::npos);
  CHECK(chat.out.find("消息太长了") != std::string::npos);
  CHECK(chat.out.find("（2/14）") != std::string::npos);
}

TEST_CASE("English from the command line, and help from the bot, work in the binary", "[e2e]") {
  scratch_dir dir("e2e-english");
  auto chat = run_intake({"chat", "--db", "bot.db", "--locale", "en", "--user", "owner-4"}, "1\nhelp\n中文\n", dir);
  REQUIRE(chat.exit_code == 0);
  CHECK(chat.out.rfind("Hello! This is the service", 0) == 0);
  CHECK(chat.out.find("Please give the full registered name") != std::string::npos);
  CHECK(chat.out.find("已切换为中文。") != std::string::npos);
}

TEST_CASE("flows check accepts the shipped data and names file and place of every problem", "[e2e]") {
  scratch_dir dir("e2e-flows");
  auto ok = run_intake({"flows", "check", "--data-dir", source_dir().string()}, "", dir);
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.rfind("ok: ", 0) == 0);

  std::filesystem::create_directories(dir.path() / "data");
  std::filesystem::copy(source_dir() / "flows", dir.path() / "data" / "flows", std::filesystem::copy_options::recursive);
  std::filesystem::copy(source_dir() / "locales", dir.path() / "data" / "locales", std::filesystem::copy_options::recursive);
  std::string flow = slurp(dir.file("data/flows/report.json"));
  flow.replace(flow.find("\"kind\": \"phone\""), 15, "\"kind\": \"fax\"");
  std::ofstream(dir.file("data/flows/report.json")) << flow;
  auto broken = run_intake({"flows", "check", "--data-dir", dir.file("data")}, "", dir);
  CHECK(broken.exit_code == 1);
  CHECK(broken.err.find("flows/report.json: /steps/15/kind: unknown kind \"fax\"") != std::string::npos);

  auto refused = run_intake({"chat", "--db", "bot.db", "--data-dir", dir.file("data")}, "1\n", dir);
  CHECK(refused.exit_code == 1);
  CHECK(refused.out.empty());
  CHECK(refused.err.find("refusing to start") != std::string::npos);
}

TEST_CASE("Bad command lines get usage and exit code 2", "[e2e]") {
  scratch_dir dir("e2e-usage");
  CHECK(run_intake({}, "", dir).exit_code == 2);
  CHECK(run_intake({"frobnicate"}, "", dir).exit_code == 2);
  auto bad_flag = run_intake({"chat", "--colour", "red"}, "", dir);
  CHECK(bad_flag.exit_code == 2);
  CHECK(bad_flag.err.find("unknown option --colour") != std::string::npos);
  CHECK(run_intake({"reports", "export", "--format", "xml"}, "", dir).exit_code == 2);
  CHECK(run_intake({"chat", "--locale", "fr"}, "", dir).exit_code == 2);
  CHECK(run_intake({"--help"}, "", dir).exit_code == 0);
}

TEST_CASE("faq ask answers with its decision, source and candidates, also as JSON", "[e2e][faq]") {
  scratch_dir dir("e2e-faq");
  auto text = run_intake({"faq", "ask", "代款到期还不上怎么办"}, "", dir);
  REQUIRE(text.exit_code == 0);
  CHECK(text.out.rfind("decision: answered\nanswer: ", 0) == 0);
  CHECK(text.out.find("source: 《工业和信息化部") != std::string::npos);
  CHECK(text.out.find("gxb14-08-loan-extension") != std::string::npos);

  auto json = run_intake({"faq", "ask", "社保能不能缓缴", "--json"}, "", dir);
  REQUIRE(json.exit_code == 0);
  const auto document = nlohmann::json::parse(json.out);
  CHECK(document["decision"] == "answered");
  CHECK(document["entry_id"] == "gxb14-06-social-insurance");
  CHECK(document["source"].get<std::string>().find("（工信明电〔2020〕14号）第六条") != std::string::npos);
  REQUIRE(document["candidates"].is_array());
  CHECK(document["candidates"][0]["entry_id"] == "gxb14-06-social-insurance");
  CHECK(document["candidates"][0].contains("question"));
  CHECK(document["candidates"][0]["score"].is_number());

  auto declined = nlohmann::json::parse(run_intake({"faq", "ask", "--json", "怎么注册一家公司"}, "", dir).out);
  CHECK(declined["decision"] == "declined");
  CHECK(declined["answer"].is_null());
}

TEST_CASE("Questions declined in the chat are listed by faq unanswered, most frequent first", "[e2e][faq]") {
  scratch_dir dir("e2e-unanswered");
  auto chat = run_intake({"chat", "--db", "bot.db", "--user", "owner-5"}, "3\n怎么注册一家公司\n今天天气怎么样\n怎么注册一家公司？\n", dir);
  REQUIRE(chat.exit_code == 0);
  auto listed = run_intake({"faq", "unanswered", "--db", "bot.db"}, "", dir);
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.out.rfind("2\t", 0) == 0);
  CHECK(listed.out.find("怎么注册一家公司？\n") != std::string::npos);
  CHECK(listed.out.find("1\t") != std::string::npos);
}

TEST_CASE("Staff move a report on, reply, and search transcripts, and the owner sees it in the chat", "[e2e][staff]") {
  scratch_dir dir("e2e-staff");
  std::vector<std::string> all = first_half;
  all.insert(all.end(), second_half.begin(), second_half.end());
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "owner-6"}, lines(all), dir).exit_code == 0);
  auto listed = run_intake({"reports", "list", "--db", "bot.db", "--province", "江西省", "--difficulty", "资金"}, "", dir);
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.out.rfind("1 report(s)\n", 0) == 0);
  CHECK(listed.out.find("138****8000") != std::string::npos);
  CHECK(listed.out.find("13800138000") == std::string::npos);
  const std::string ticket = listed.out.substr(listed.out.find('\n') + 1, 16);

  CHECK(run_intake({"reports", "set-status", ticket, "closed", "--by", "王", "--db", "bot.db"}, "", dir).exit_code == 1);
  CHECK(run_intake({"reports", "set-status", ticket, "accepted", "--db", "bot.db"}, "", dir).exit_code == 2);  // who?
  CHECK(run_intake({"reports", "set-status", ticket, "accepted", "--note", "已受理，三天内联系您", "--by", "王", "--db", "bot.db"}, "", dir).exit_code == 0);
  CHECK(run_intake({"reply", "owner-6", "您好，物流问题已转交交通部门", "--by", "王科长", "--db", "bot.db"}, "", dir).exit_code == 0);

  auto chat = run_intake({"chat", "--db", "bot.db", "--user", "owner-6"}, "2\n我的\n", dir);
  CHECK(chat.out.find("办理状态更新为：已受理") != std::string::npos);
  CHECK(chat.out.find("工作人员说明：已受理，三天内联系您") != std::string::npos);
  CHECK(chat.out.find("工作人员王科长回复您：您好，物流问题已转交交通部门") != std::string::npos);
  CHECK(chat.out.find("：已受理\n工作人员说明：已受理，三天内联系您\n可以继续输入") != std::string::npos);  // progress shows the note
  auto again = run_intake({"chat", "--db", "bot.db", "--user", "owner-6"}, "", dir);
  CHECK(again.out.find("办理状态更新为") == std::string::npos);  // told once

  auto shown = run_intake({"reports", "show", ticket, "--db", "bot.db"}, "", dir);
  CHECK(shown.out.find("13800138000") != std::string::npos);
  CHECK(shown.out.find("已受理  王  已受理，三天内联系您") != std::string::npos);
  CHECK(shown.out.find("[staff 王科长]") != std::string::npos);

  auto found = run_intake({"transcript", "search", "物流", "--db", "bot.db"}, "", dir);
  REQUIRE(found.exit_code == 0);
  CHECK(found.out.find("物流问题已转交") != std::string::npos);
  CHECK(run_intake({"transcript", "search", "火箭", "--db", "bot.db"}, "", dir).out.rfind("0 line(s)", 0) == 0);
  auto by_ticket = run_intake({"transcript", ticket, "--db", "bot.db"}, "", dir);
  CHECK(by_ticket.out.find("赣州红星服装有限公司") != std::string::npos);

  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "owner-7"}, "人工\n", dir).exit_code == 0);
  auto waiting = run_intake({"handoff", "list", "--db", "bot.db"}, "", dir);
  CHECK(waiting.out.rfind("1 conversation(s) waiting for staff\nowner-7\t", 0) == 0);
}

TEST_CASE("intake stats prints the cross-tabulations, the case-life medians and the unanswered questions", "[e2e][staff]") {
  scratch_dir dir("e2e-stats");
  std::vector<std::string> all = first_half;
  all.insert(all.end(), second_half.begin(), second_half.end());
  all.insert(all.end(), {"菜单", "3", "怎么注册一家公司"});
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "owner-8"}, lines(all), dir).exit_code == 0);
  auto stats = run_intake({"stats", "--db", "bot.db"}, "", dir);
  REQUIRE(stats.exit_code == 0);
  CHECK(stats.out.find("Reports by difficulty × province:\n") == 0);
  CHECK(stats.out.find("  资金\t江西省\t1\n") != std::string::npos);
  CHECK(stats.out.find("  用工\tC 制造业\t1\n") != std::string::npos);
  CHECK(stats.out.find("  物流运输\t待受理\t1\n") != std::string::npos);
  CHECK(stats.out.find("Median time from submission to acceptance: —") != std::string::npos);
  CHECK(stats.out.find("  1\t怎么注册一家公司\n") != std::string::npos);
}

TEST_CASE("Exports take the list filters, and the xlsx export opens with its two sheets and Chinese headers", "[e2e][staff]") {
  scratch_dir dir("e2e-xlsx");
  std::vector<std::string> all = first_half;
  all.insert(all.end(), second_half.begin(), second_half.end());
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "owner-9"}, lines(all), dir).exit_code == 0);
  CHECK(nlohmann::json::parse(run_intake({"reports", "export", "--db", "bot.db", "--province", "湖南省"}, "", dir).out).empty());
  CHECK(nlohmann::json::parse(run_intake({"reports", "export", "--db", "bot.db", "--difficulty", "用工"}, "", dir).out).size() == 1);
  CHECK(run_intake({"reports", "export", "--format", "xlsx", "--db", "bot.db"}, "", dir).exit_code == 2);  // needs --output
  auto written = run_intake({"reports", "export", "--format", "xlsx", "--output", "reports.xlsx", "--db", "bot.db"}, "", dir);
  REQUIRE(written.exit_code == 0);
  const std::string workbook = slurp(dir.file("reports.xlsx"));
  REQUIRE(workbook.rfind("PK\x03\x04", 0) == 0);
  // Read it back as a zip the way a spreadsheet program would, with Python's standard library.
  const std::string script = "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); "
                             "[print(z.read(n).decode()) for n in z.namelist() if n == 'xl/workbook.xml' or n.startswith('xl/worksheets/')]";
  const std::string command = "python3 -c " + quote(script) + " " + quote(dir.file("reports.xlsx")) + " > " + quote(dir.file("xlsx.txt"));
  REQUIRE(std::system(command.c_str()) == 0);
  const std::string contents = slurp(dir.file("xlsx.txt"));
  CHECK(contents.find("name=\"反映困难诉求\"") != std::string::npos);  // a sheet per flow, named by its title
  CHECK(contents.find("name=\"统计\"") != std::string::npos);
  CHECK(contents.find("统一社会信用代码") != std::string::npos);
  CHECK(contents.find("91360100MA35G2XX05") != std::string::npos);
  CHECK(contents.find("13800138000") != std::string::npos);  // a string, not a number
  CHECK(contents.find("困难类别 × 省份") != std::string::npos);
}
