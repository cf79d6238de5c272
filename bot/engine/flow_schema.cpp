#include "bot/engine/flow_schema.h"

namespace intake::engine {
namespace {

using nlohmann::json;

json in_every_locale(const catalog& messages, const std::string& key) {
  json texts = json::object();
  for (const auto& locale : messages.locales())
    if (messages.has(locale, key)) texts[locale] = messages.render(locale, message{key, nullptr});
  return texts;
}

}  // namespace

const char* to_string(input_kind kind) {
  switch (kind) {
    case input_kind::text: return "text";
    case input_kind::long_text: return "long_text";
    case input_kind::credit_code: return "credit_code";
    case input_kind::phone: return "phone";
    case input_kind::count: return "count";
    case input_kind::money_wan: return "money_wan";
    case input_kind::number: return "number";
    case input_kind::date: return "date";
    case input_kind::choice: return "choice";
    case input_kind::multi_choice: return "multi_choice";
  }
  return "text";
}

const std::vector<std::pair<const char*, std::string flow_roles::*>>& flow_roles::members() {
  static const std::vector<std::pair<const char*, std::string flow_roles::*>> all{
      {"company", &flow_roles::company},           {"credit_code", &flow_roles::credit_code},
      {"province", &flow_roles::province},         {"city", &flow_roles::city},
      {"industry", &flow_roles::industry},         {"contact_name", &flow_roles::contact_name},
      {"contact_phone", &flow_roles::contact_phone},
  };
  return all;
}

json flow_schema(const flow& form, const catalog& messages) {
  json roles = json::object();
  for (const auto& [name, member] : flow_roles::members())
    if (!(form.roles.*member).empty()) roles[name] = form.roles.*member;
  json steps = json::array();
  for (const auto& step : form.steps) {
    json item{{"id", step.id}, {"kind", to_string(step.kind)}, {"label", in_every_locale(messages, step.label_key)}, {"optional", step.optional}};
    if (step.kind == input_kind::number) {
      item["unit"] = in_every_locale(messages, step.unit_key);
      item["decimals"] = step.decimals;
    }
    if (step.options) {
      json options = json::array();
      for (const auto& opt : step.options->options)
        options.push_back({{"value", opt.value}, {"name", opt.name}, {"label", in_every_locale(messages, opt.label_key)}});
      item["options"] = std::move(options);
    }
    steps.push_back(std::move(item));
  }
  return {{"flow", form.id},
          {"version", form.version},
          {"title", in_every_locale(messages, form.title_key)},
          {"ticket_prefix", form.ticket_prefix},
          {"roles", std::move(roles)},
          {"steps", std::move(steps)}};
}

}  // namespace intake::engine
