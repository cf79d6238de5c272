// Turns the engine's "report_submitted" event into a storage row. Throws std::invalid_argument
// when the payload lacks a field the report needs (flows check guards against that).
#pragma once
#include <nlohmann/json.hpp>

#include "storage/records.h"

namespace intake::runtime {

storage::report_record report_from_event(const nlohmann::json& payload);

}  // namespace intake::runtime
