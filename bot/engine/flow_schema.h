// What staff tools need to read a submission made with one version of a flow, without the flows
// directory and whatever the flow is now: its title, the ids, kinds and labels of its steps, the
// names of its options and which steps say who the enterprise is, in every locale of the catalog.
// The runtime keeps one per version in storage (flow_versions). Pure; thread-safe.
//
// {"flow": "report", "version": "…", "title": {"zh-CN": …, "en": …}, "ticket_prefix": "R",
//  "roles": {"company": "company_name", …},
//  "steps": [{"id": …, "kind": "number", "label": {locale: text}, "unit": {locale: text},
//             "optional": false, "options": [{"value": "H", "name": "住宿和餐饮业", "label": {…}}]}]}
#pragma once
#include <nlohmann/json.hpp>

#include "bot/engine/bot_definition.h"

namespace intake::engine {

const char* to_string(input_kind kind);

nlohmann::json flow_schema(const flow& form, const catalog& messages);

}  // namespace intake::engine
