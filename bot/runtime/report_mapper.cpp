#include "bot/runtime/report_mapper.h"

#include <set>
#include <stdexcept>

namespace intake::runtime {
namespace {

using nlohmann::json;

std::string required_text(const json& payload, const char* name) {
  auto found = payload.find(name);
  if (found == payload.end() || !found->is_string()) throw std::invalid_argument(std::string("submission lacks the text \"") + name + "\"");
  return found->get<std::string>();
}

// An identity column holds the answer as text, whatever its kind ("" for none or skipped).
std::string as_text(const json& answer) {
  if (answer.is_string()) return answer.get<std::string>();
  if (answer.is_number()) return answer.dump();
  return "";
}

std::string option_name(const engine::form_step& step, const std::string& value) {
  const engine::option* found = step.options ? step.options->find(value) : nullptr;
  return found && !found->name.empty() ? found->name : value;
}

}  // namespace

storage::report_record report_from_event(const json& payload, const engine::bot_definition& definition, const flow_snapshots& versions) {
  if (!payload.is_object()) throw std::invalid_argument("a submission must be a JSON object");
  storage::report_record report;
  report.ticket = required_text(payload, "ticket");
  report.flow_id = required_text(payload, "flow");
  report.form_id = required_text(payload, "form_id");
  report.user_id = required_text(payload, "user_id");
  report.channel = required_text(payload, "channel");
  auto created = payload.find("created_at_ms");
  if (created == payload.end() || !created->is_number_integer()) throw std::invalid_argument("submission lacks \"created_at_ms\"");
  report.created_at_ms = created->get<std::int64_t>();
  auto flow_entry = definition.flows.find(report.flow_id);
  if (flow_entry == definition.flows.end()) throw std::invalid_argument("a submission of the unknown flow \"" + report.flow_id + "\"");
  const engine::flow& form = flow_entry->second;
  auto version = payload.find("flow_version");
  report.flow_version = version != payload.end() && version->is_string() && !version->get<std::string>().empty()
                            ? version->get<std::string>()
                            : versions.version_of(form.id);
  auto answers_entry = payload.find("answers");
  if (answers_entry == payload.end() || !answers_entry->is_object()) throw std::invalid_argument("submission lacks its \"answers\" object");
  const json& answers = *answers_entry;
  const json given_names = payload.contains("names") && payload["names"].is_object() ? payload["names"] : json::object();

  json names = json::object();
  std::set<std::string> searched;
  for (const auto& step : form.steps) {
    auto answer = answers.find(step.id);
    if (answer == answers.end()) continue;
    const json* given = given_names.contains(step.id) ? &given_names[step.id] : nullptr;
    if (step.kind == engine::input_kind::choice && answer->is_string()) {
      const std::string value = answer->get<std::string>();
      const std::string name = given && given->is_string() ? given->get<std::string>() : option_name(step, value);
      names[step.id] = name;
      report.choices.push_back({step.id, value, name});
    } else if (step.kind == engine::input_kind::multi_choice && answer->is_array()) {
      json chosen = json::array();
      for (std::size_t i = 0; i < answer->size(); ++i) {
        if (!(*answer)[i].is_string()) continue;
        const std::string value = (*answer)[i].get<std::string>();
        const bool named = given && given->is_array() && given->size() == answer->size() && (*given)[i].is_string();
        const std::string name = named ? (*given)[i].get<std::string>() : option_name(step, value);
        chosen.push_back(name);
        report.choices.push_back({step.id, value, name});
      }
      names[step.id] = std::move(chosen);
    } else if ((step.kind == engine::input_kind::text || step.kind == engine::input_kind::long_text) && answer->is_string()) {
      report.searchable_texts.push_back(answer->get<std::string>());
      searched.insert(step.id);
    }
  }

  const engine::flow_roles& roles = form.roles;
  auto role_answer = [&](const std::string& step_id) { return step_id.empty() || !answers.contains(step_id) ? std::string() : as_text(answers[step_id]); };
  report.company_name = role_answer(roles.company);
  report.credit_code = role_answer(roles.credit_code);
  report.province = role_answer(roles.province);
  report.city = role_answer(roles.city);
  report.industry_code = role_answer(roles.industry);
  report.industry = names.contains(roles.industry) && names[roles.industry].is_string() ? names[roles.industry].get<std::string>() : report.industry_code;
  report.contact_name = role_answer(roles.contact_name);
  report.contact_phone = role_answer(roles.contact_phone);
  // A search finds the contact, the phone and the code too, whatever kind of step asked them.
  for (const std::string* role : {&roles.contact_name, &roles.contact_phone, &roles.credit_code})
    if (!role->empty() && !searched.count(*role)) report.searchable_texts.push_back(role_answer(*role));
  report.answers_json = answers.dump();
  report.names_json = names.dump();
  return report;
}

}  // namespace intake::runtime
