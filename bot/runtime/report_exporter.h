// Submissions as staff read them outside the bot, whatever their flow, labelled from the snapshot of
// the flow version each was made with (flow_schemas.h): JSON (for programs: the difficulty report
// keeps its fixed keys; other flows give the common keys, "flow" and "answers"), CSV of one flow and
// an xlsx workbook with a sheet per flow for Excel (Chinese headers from the definition, status
// names, UTF-8 with BOM, codes and phone numbers kept as text, the submission time as an Excel date
// in the workbook), and the labelled fields of one submission for `reports show`.
// Pure except the xlsx writer; thread-safe; never throws except as stated.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "bot/runtime/flow_schemas.h"
#include "storage/records.h"

namespace intake::runtime {

// What staff see for a report without a credit code (the owner had none yet).
extern const char* const missing_credit_code_text;

// The flow whose JSON keeps the keys it had before flows were generic.
extern const char* const difficulty_report_flow;

// One submission with the export's keys; `masked` hides the middle of phones and credit codes,
// in the answers too.
nlohmann::ordered_json report_to_json(const storage::report_record& report, bool masked, const flow_schemas& schemas);

// Every field of a submission with its Chinese label, as staff read it (status in Chinese, the time
// in China time, the phone and code whole), under the labels of the submission's own version.
std::vector<std::pair<std::string, std::string>> labelled_fields(const storage::report_record& report, const flow_schemas& schemas);

// The flows among `reports`, in the order they first appear.
std::vector<std::string> flows_among(const std::vector<storage::report_record>& reports);

std::string export_reports_json(const std::vector<storage::report_record>& reports, const flow_schemas& schemas);
// Submissions of one flow (`flow_id`; others are left out): its columns from the definition.
std::string export_reports_csv(const std::vector<storage::report_record>& reports, const std::string& flow_id, const flow_schemas& schemas);

// Writes an Excel workbook: a sheet per flow (frozen header row with filter buttons, column widths,
// the submission time as a date, codes and phones as text) and, when given, a sheet of the difficulty
// report's statistics. Throws std::runtime_error when the file cannot be written.
void export_reports_xlsx(const std::vector<storage::report_record>& reports, const flow_schemas& schemas,
                         const storage::report_statistics* statistics, const std::string& path);

}  // namespace intake::runtime
