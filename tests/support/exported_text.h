// An export of reports held in a list, as the text a file would hold: for tests that read what an
// export says rather than how it is written.
#pragma once
#include <sstream>
#include <string>
#include <vector>

#include "bot/runtime/report_exporter.h"

namespace intake::testing {

inline std::string exported_json(const std::vector<storage::report_record>& reports, const runtime::flow_schemas& schemas) {
  std::ostringstream out;
  runtime::write_reports_json(runtime::source_of(reports), schemas, out);
  return out.str();
}

inline std::string exported_csv(const std::vector<storage::report_record>& reports, const std::string& flow_id,
                                const runtime::flow_schemas& schemas) {
  std::ostringstream out;
  runtime::write_reports_csv(runtime::source_of(reports), flow_id, schemas, out);
  return out.str();
}

}  // namespace intake::testing
