// Turns the engine's "report_submitted" event into a storage row, for a submission of any flow: the
// answers as they are (typed JSON), the names of the options chosen, each option chosen as a row
// for filters and statistics, the texts a search looks in, and the columns every staff list needs
// copied from the steps the flow names for them (flow_roles; "" for a role the flow does not name).
// Pure; thread-safe. Throws std::invalid_argument when the payload is malformed (a field missing or
// of the wrong type, a flow the definition lacks); an answer a flow does not have is never an error.
#pragma once
#include <nlohmann/json.hpp>

#include "bot/engine/bot_definition.h"
#include "bot/runtime/flow_snapshots.h"
#include "storage/records.h"

namespace intake::runtime {

storage::report_record report_from_event(const nlohmann::json& payload, const engine::bot_definition& definition,
                                         const flow_snapshots& versions);

}  // namespace intake::runtime
