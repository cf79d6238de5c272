// Issue 22, done when: an operator adds a survey by writing JSON and locale text only (the survey of
// tests/data/extra_survey, never shipped), and on the real binary it is checked, asked, stored,
// listed, filtered, counted, shown and exported.
#include <catch2/catch.hpp>

#include "tests/support/extra_survey.h"
#include "tests/support/process.h"

using namespace intake::testing;

namespace {

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("An operator's survey written as data is asked, stored, listed, filtered, counted, shown and exported", "[e2e][forms]") {
  const data_dir_with_extra_survey data;
  const std::string data_dir = data.path().string();
  scratch_dir dir("e2e-operator-survey");

  auto check = run_intake({"flows", "check", "--data-dir", data_dir}, "", dir);
  REQUIRE(check.exit_code == 0);
  CHECK(check.out.rfind("ok: ", 0) == 0);

  // Two enterprises answer the survey; one also files a difficulty report.
  auto first = run_intake({"chat", "--db", "bot.db", "--user", "ws:supplies-1", "--data-dir", data_dir},
                          lines({"防疫物资", "南康家具有限公司", "江西", "1 3", "五百", "明天", "无", "13800138000", "确认"}), dir);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("已登记！编号 WZ") != std::string::npos);
  auto second = run_intake({"chat", "--db", "bot.db", "--user", "ws:supplies-2", "--data-dir", data_dir},
                           lines({"2", "吉安电子厂", "江西", "消毒液", "后天", "急需", "0796-8221234", "确认"}), dir);
  REQUIRE(second.exit_code == 0);
  CHECK(second.out.find("已登记！编号 WZ") != std::string::npos);
  CHECK(second.out.find("每日口罩需求") == std::string::npos);  // not asked without masks

  auto listed = run_intake({"reports", "list", "--db", "bot.db", "--flow", "supplies"}, "", dir);
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.out.rfind("2 report(s)\n", 0) == 0);
  CHECK(listed.out.find("13800138000") == std::string::npos);  // masked in lists
  auto masks = run_intake({"reports", "list", "--db", "bot.db", "--answer", "kinds=masks"}, "", dir);
  CHECK(masks.out.rfind("1 report(s)\n", 0) == 0);
  CHECK(masks.out.find("南康家具") != std::string::npos);
  auto disinfectant = run_intake({"reports", "list", "--db", "bot.db", "--flow", "supplies", "--answer", "kinds=消毒液"}, "", dir);
  CHECK(disinfectant.out.rfind("1 report(s)\n", 0) == 0);
  CHECK(disinfectant.out.find("吉安电子厂") != std::string::npos);

  auto stats = run_intake({"stats", "--db", "bot.db", "--flow", "supplies", "--count", "kinds", "--by", "province"}, "", dir);
  REQUIRE(stats.exit_code == 0);
  CHECK(stats.out.find("口罩") != std::string::npos);
  CHECK(stats.out.find("消毒液") != std::string::npos);
  CHECK(stats.out.find("江西省") != std::string::npos);

  const std::string ticket = masks.out.substr(masks.out.find('\n') + 1, 17);
  REQUIRE(ticket.rfind("WZ", 0) == 0);
  auto shown = run_intake({"reports", "show", ticket, "--db", "bot.db"}, "", dir);
  REQUIRE(shown.exit_code == 0);
  CHECK(shown.out.find("每日口罩需求") != std::string::npos);
  CHECK(shown.out.find("500") != std::string::npos);
  CHECK(shown.out.find("所需物资") != std::string::npos);

  auto csv = run_intake({"reports", "export", "--db", "bot.db", "--format", "csv", "--flow", "supplies", "--output", "supplies.csv"}, "", dir);
  REQUIRE(csv.exit_code == 0);
  const std::string table = slurp(dir.file("supplies.csv"));
  CHECK(table.find("企业名称") != std::string::npos);
  CHECK(table.find("需要日期") != std::string::npos);
  CHECK(count(table, "\r\n") == 3);  // the header and two rows
  auto json = run_intake({"reports", "export", "--db", "bot.db", "--format", "json", "--flow", "supplies", "--output", "supplies.json"}, "", dir);
  REQUIRE(json.exit_code == 0);
  const auto exported = nlohmann::json::parse(slurp(dir.file("supplies.json")));
  REQUIRE(exported.size() == 2);
  CHECK(exported[0]["flow"] == "supplies");
  auto xlsx = run_intake({"reports", "export", "--db", "bot.db", "--format", "xlsx", "--output", "all.xlsx"}, "", dir);
  REQUIRE(xlsx.exit_code == 0);
  CHECK(slurp(dir.file("all.xlsx")).rfind("PK", 0) == 0);

  // Without --flow a CSV cannot hold both kinds of form once a difficulty report is there too.
  REQUIRE(run_intake({"chat", "--db", "bot.db", "--user", "ws:report-1", "--data-dir", data_dir},
                     lines({"反映困难", "测试餐饮有限公司", "91110000600037341L", "江西", "南昌市", "餐饮", "8", "5", "不清楚", "部分复工", "资金", "20",
                            "店里没有客人", "无", "张三", "13800138000", "确认"}),
                     dir)
              .exit_code == 0);
  auto ambiguous = run_intake({"reports", "export", "--db", "bot.db", "--format", "csv", "--output", "x.csv"}, "", dir);
  CHECK(ambiguous.exit_code == 2);
  CHECK(ambiguous.err.find("supplies") != std::string::npos);
}
