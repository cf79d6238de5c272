#include "bot/runtime/flow_snapshots.h"

#include <cstdio>
#include <stdexcept>

#include "bot/engine/flow_schema.h"

namespace intake::runtime {
namespace {

// FNV-1a, 64 bits, as 16 hex digits: the same text gives the same version in every build and on
// every machine, which std::hash does not promise. Only tells versions apart; nothing secret.
std::string digest_hex(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

}  // namespace

flow_snapshots::flow_snapshots(const engine::bot_definition& definition) {
  for (const auto& [id, form] : definition.flows) {
    nlohmann::json schema = engine::flow_schema(form, definition.messages);
    std::string version = form.version.empty() ? digest_hex(schema.dump()) : form.version;
    schema["version"] = version;
    by_flow_[id] = {std::move(version), schema.dump()};
  }
}

const std::string& flow_snapshots::version_of(const std::string& flow_id) const {
  auto found = by_flow_.find(flow_id);
  if (found == by_flow_.end()) throw std::invalid_argument("no flow \"" + flow_id + "\" is loaded");
  return found->second.version;
}

void flow_snapshots::publish(storage::conversation_store& store, std::int64_t now_ms) const {
  for (const auto& [id, kept] : by_flow_) store.save_flow_version({id, kept.version, kept.schema_json, now_ms});
}

}  // namespace intake::runtime
