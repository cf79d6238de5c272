#include "bot/runtime/flow_schemas.h"

#include <set>

namespace intake::runtime {

std::string staff_text(const nlohmann::json& texts) {
  if (!texts.is_object() || texts.empty()) return "";
  for (const char* locale : {"zh-CN", "en"})
    if (texts.contains(locale) && texts[locale].is_string()) return texts[locale].get<std::string>();
  return texts.begin()->is_string() ? texts.begin()->get<std::string>() : "";
}

flow_schemas::flow_schemas(const std::vector<storage::flow_version_record>& kept) {
  std::map<std::string, std::vector<const nlohmann::json*>> versions_of;  // oldest first
  for (const auto& record : kept) {
    auto& schema = by_version_[{record.flow_id, record.version}] = nlohmann::json::parse(record.schema_json);
    versions_of[record.flow_id].push_back(&schema);
  }
  for (const auto& [flow_id, versions] : versions_of) {
    titles_[flow_id] = staff_text(versions.back()->value("title", nlohmann::json::object()));
    std::vector<nlohmann::json>& columns = columns_[flow_id];
    std::set<std::string> seen;
    // Newest first: its steps in its order, then what older versions had besides.
    for (auto version = versions.rbegin(); version != versions.rend(); ++version)
      for (const auto& step : (*version)->value("steps", nlohmann::json::array()))
        if (step.contains("id") && seen.insert(step["id"].get<std::string>()).second) columns.push_back(step);
  }
}

const nlohmann::json* flow_schemas::find(const std::string& flow_id, const std::string& version) const {
  auto found = by_version_.find({flow_id, version});
  return found == by_version_.end() ? nullptr : &found->second;
}

const std::vector<nlohmann::json>& flow_schemas::columns_of(const std::string& flow_id) const {
  static const std::vector<nlohmann::json> none;
  auto found = columns_.find(flow_id);
  return found == columns_.end() ? none : found->second;
}

std::string flow_schemas::title_of(const std::string& flow_id) const {
  auto found = titles_.find(flow_id);
  return found == titles_.end() || found->second.empty() ? flow_id : found->second;
}

}  // namespace intake::runtime
