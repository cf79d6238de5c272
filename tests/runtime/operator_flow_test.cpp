// A flow an operator wrote (用工需求登记), defined only here and shipped nowhere, goes through
// everything staff do with submissions: stored, listed, filtered on a choice answer, counted by
// one, shown with its labels and exported, beside difficulty reports.
#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "bot/runtime/flow_snapshots.h"
#include "bot/runtime/report_exporter.h"
#include "bot/runtime/report_mapper.h"
#include "bot/runtime/staff_desk.h"
#include "storage/sqlite_store.h"
#include "tests/support/exported_text.h"
#include "tests/support/report_submission.h"

using namespace intake;
using nlohmann::json;

namespace {

// The definition an operator's files would load to: a labour-needs flow with no credit code and no
// industry, a multiple choice of skills and a yes/no choice.
struct labour_definition {
  engine::bot_definition definition;
  labour_definition() {
    std::vector<engine::load_problem> problems;
    definition.messages = engine::catalog::from_patterns(
        {{"zh-CN",
          {{"labour.title", "用工需求登记"}, {"labour.company", "企业名称"}, {"labour.skills", "紧缺工种"}, {"labour.workers", "缺工人数"},
           {"labour.charter", "是否包车接员工"}, {"labour.phone", "联系电话"}, {"skill.welder", "焊工"}, {"skill.sewer", "缝纫工"},
           {"yes", "是"}, {"no", "否"}}}},
        problems);
    REQUIRE(problems.empty());
    auto& skills = definition.option_sets["skills"];
    skills.id = "skills";
    skills.options = {{"welder", "焊工", "skill.welder", {}, {}, {}}, {"sewer", "缝纫工", "skill.sewer", {}, {}, {}}};
    auto& yes_no = definition.option_sets["yes_no"];
    yes_no.id = "yes_no";
    yes_no.options = {{"yes", "是", "yes", {}, {}, {}}, {"no", "否", "no", {}, {}, {}}};
    engine::flow& labour = definition.flows["labour"];
    labour.id = "labour";
    labour.title_key = "labour.title";
    labour.ticket_prefix = "L";
    labour.roles.company = "company";
    labour.roles.contact_phone = "phone";
    auto step = [&](const char* id, engine::input_kind kind, const char* label, const engine::option_set* options = nullptr) {
      engine::form_step s;
      s.id = id;
      s.kind = kind;
      s.label_key = label;
      s.options = options;
      labour.steps.push_back(s);
    };
    step("company", engine::input_kind::text, "labour.company");
    step("skills", engine::input_kind::multi_choice, "labour.skills", &skills);
    step("workers", engine::input_kind::count, "labour.workers");
    step("charter", engine::input_kind::choice, "labour.charter", &yes_no);
    step("phone", engine::input_kind::phone, "labour.phone");
  }
};

json labour_payload(const std::string& ticket, const std::string& user, json skills, int workers, const std::string& charter, std::int64_t at) {
  return {{"ticket", ticket},   {"flow", "labour"},
          {"form_id", ticket},  {"user_id", user},
          {"channel", "terminal"}, {"created_at_ms", at},
          {"answers", {{"company", "赣州" + user + "电子厂"}, {"skills", skills}, {"workers", workers}, {"charter", charter}, {"phone", "13800138000"}}}};
}

void submit(storage::sqlite_store& store, const storage::report_record& report) {
  REQUIRE(intake::testing::submit_report(store, report) == storage::commit_outcome::kept);
}

}  // namespace

TEST_CASE("An operator's flow written only in test data is stored, listed, filtered, counted, shown and exported", "[runtime][flows]") {
  labour_definition labour;
  const runtime::flow_snapshots versions(labour.definition);
  storage::sqlite_store store(":memory:");
  versions.publish(store, 1000);
  submit(store, runtime::report_from_event(labour_payload("L20200301-AAAAAA", "u1", {"welder", "sewer"}, 30, "yes", 1000), labour.definition, versions));
  submit(store, runtime::report_from_event(labour_payload("L20200301-BBBBBB", "u2", {"sewer"}, 12, "no", 2000), labour.definition, versions));

  runtime::staff_desk desk(store);
  runtime::report_query by_flow;
  by_flow.flow = "labour";
  const auto listed = desk.list(by_flow);
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].company_name == "赣州u2电子厂");
  CHECK(listed[0].credit_code.empty());  // the flow asks none
  CHECK(listed[0].contact_phone == "13800138000");

  runtime::report_query welders = by_flow;
  welders.answers = {{"skills", "焊工"}};  // by the option's name
  REQUIRE(desk.list(welders).size() == 1);
  runtime::report_query chartering = by_flow;
  chartering.answers = {{"charter", "yes"}};  // by its value
  REQUIRE(desk.list(chartering).size() == 1);
  CHECK(desk.list(chartering)[0].ticket == "L20200301-AAAAAA");

  const auto stats = desk.statistics("labour", "skills", "charter");
  auto count_of = [](const std::vector<storage::count_cell>& cells, const std::string& value, const std::string& by) {
    for (const auto& cell : cells)
      if (cell.value == value && cell.by == by) return cell.count;
    return std::int64_t{0};
  };
  CHECK(count_of(stats.by_answer, "缝纫工", "是") == 1);
  CHECK(count_of(stats.by_answer, "缝纫工", "否") == 1);
  CHECK(count_of(stats.by_answer, "焊工", "是") == 1);
  CHECK(count_of(stats.by_status, "缝纫工", "new") == 2);
  CHECK_THROWS_AS(desk.statistics("labour"), runtime::staff_error);  // nothing to count is named

  const auto schemas = desk.schemas();
  const auto fields = runtime::labelled_fields(*store.find_report("L20200301-AAAAAA"), schemas);
  auto field = [&](const std::string& label) {
    for (const auto& [l, v] : fields)
      if (l == label) return v;
    return std::string("(missing)");
  };
  CHECK(field("表单") == "用工需求登记");
  CHECK(field("紧缺工种") == "焊工、缝纫工");
  CHECK(field("缺工人数") == "30");
  CHECK(field("是否包车接员工") == "yes 是");
  CHECK(field("联系电话") == "13800138000");

  const auto exported = json::parse(testing::exported_json(desk.list(by_flow), schemas));
  CHECK(exported[0]["flow"] == "labour");
  CHECK(exported[0]["answers"]["workers"] == 12);
  CHECK(exported[0]["company_name"] == "赣州u2电子厂");
  CHECK(runtime::report_to_json(listed[0], true, schemas)["answers"]["phone"] == "138****8000");

  const std::string csv = testing::exported_csv(desk.list(by_flow), "labour", schemas);
  CHECK(csv.rfind("\xEF\xBB\xBF受理编号,办理状态,提交时间,用户,渠道,企业名称,紧缺工种,缺工人数,是否包车接员工,联系电话,最新办理意见,承办部门,经办人\r\n", 0) == 0);
  CHECK(csv.find("\"=\"\"13800138000\"\"\"") != std::string::npos);

  // Beside difficulty reports: a sheet each.
  storage::report_record other;
  other.ticket = "R20200301-CCCCCC";
  other.flow_id = "report";
  other.flow_version = "legacy-012";
  other.form_id = "f3";
  other.user_id = "u3";
  other.channel = "terminal";
  other.created_at_ms = 3000;
  submit(store, other);
  const auto everything = desk.list({});
  CHECK(desk.count_by_flow({}).size() == 2);
  const auto path = std::filesystem::temp_directory_path() / ("intake-operator-flow-" + std::to_string(::getpid()) + ".xlsx");
  runtime::write_reports_xlsx(runtime::source_of(everything), desk.schemas(), nullptr, path.string());
  CHECK(std::filesystem::file_size(path) > 0);
  std::filesystem::remove(path);
}
