// The version and the staff-facing schema (engine/flow_schema.h) of every flow of a definition,
// computed once when the definition is loaded: a schema renders every label in every locale, which
// no turn should pay for. Submissions name the version they were made with; publish() keeps each
// version's schema in storage, so that staff read a submission under its own version's labels
// however the flow changes later.
// Immutable after construction, so thread-safe. Throws as stated.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "bot/engine/bot_definition.h"
#include "storage/conversation_store.h"

namespace intake::runtime {

class flow_snapshots {
 public:
  explicit flow_snapshots(const engine::bot_definition& definition);

  // The flow's version: the loader's digest, or, from a loader that fills none, a digest of the
  // flow's schema. Throws std::invalid_argument for a flow the definition lacks.
  const std::string& version_of(const std::string& flow_id) const;

  // Keeps the schema of every flow's current version in `store`, where it is not kept yet (an
  // earlier start with the same flows kept it). Throws storage_error.
  void publish(storage::conversation_store& store, std::int64_t now_ms) const;

 private:
  struct snapshot {
    std::string version;
    std::string schema_json;
  };
  std::map<std::string, snapshot> by_flow_;
};

}  // namespace intake::runtime
