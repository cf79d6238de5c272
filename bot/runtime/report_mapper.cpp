#include "bot/runtime/report_mapper.h"

#include <stdexcept>

namespace intake::runtime {
namespace {

using nlohmann::json;

const json& field(const json& answers, const char* name) {
  if (!answers.contains(name)) throw std::invalid_argument(std::string("report lacks the answer \"") + name + "\"");
  return answers[name];
}

}  // namespace

storage::report_record report_from_event(const json& payload) {
  const json& answers = payload.at("answers");
  const json& names = payload.value("names", json::object());
  storage::report_record report;
  report.ticket = payload.at("ticket").get<std::string>();
  report.form_id = payload.at("form_id").get<std::string>();
  report.user_id = payload.at("user_id").get<std::string>();
  report.channel = payload.at("channel").get<std::string>();
  report.created_at_ms = payload.at("created_at_ms").get<std::int64_t>();
  report.company_name = field(answers, "company_name").get<std::string>();
  report.credit_code = field(answers, "credit_code").get<std::string>();
  report.province = field(answers, "province").get<std::string>();
  report.city = field(answers, "city").get<std::string>();
  report.industry_code = field(answers, "industry").get<std::string>();
  report.industry = names.value("industry", report.industry_code);
  report.employees = field(answers, "employees").get<std::int64_t>();
  report.returned_employees = field(answers, "returned_employees").get<std::int64_t>();
  report.resumption_status = field(answers, "resumption_status").get<std::string>();
  report.difficulties = field(answers, "difficulties").get<std::vector<std::string>>();
  if (answers.contains("funding_gap_wan") && answers["funding_gap_wan"].is_number())
    report.funding_gap_wan = answers["funding_gap_wan"].get<double>();
  if (answers.contains("labor_gap") && answers["labor_gap"].is_number()) report.labor_gap = answers["labor_gap"].get<std::int64_t>();
  report.description = field(answers, "description").get<std::string>();
  if (answers.contains("help_wanted") && answers["help_wanted"].is_string()) report.help_wanted = answers["help_wanted"].get<std::string>();
  report.contact_name = field(answers, "contact_name").get<std::string>();
  report.contact_phone = field(answers, "contact_phone").get<std::string>();
  return report;
}

}  // namespace intake::runtime
