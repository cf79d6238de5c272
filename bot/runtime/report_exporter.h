// Submissions as staff read them outside the bot, whatever their flow, labelled from the snapshot of
// the flow version each was made with (flow_schemas.h): JSON (for programs: the difficulty report
// keeps its fixed keys; other flows give the common keys, "flow" and "answers"), CSV of one flow and
// an xlsx workbook with a sheet per flow for Excel (Chinese headers from the definition, status
// names, UTF-8 with BOM, codes and phone numbers kept as text, the submission time as an Excel date
// in the workbook), each written one submission at a time; and the labelled fields of one
// submission for `reports show`.
// Thread-safe; never throws except as stated (and what the source or the stream throws).
#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "bot/runtime/flow_schemas.h"
#include "storage/records.h"

namespace intake::runtime {

// An export's file could not be created or written (a wrong directory, a full disk).
class export_file_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

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

// Hands each report to the visitor in turn, never holding them together: a store's query (exports
// of any size, in constant memory) or, in tests, a list.
using report_visitor = std::function<void(const storage::report_record&)>;
using report_source = std::function<void(const report_visitor&)>;
report_source source_of(const std::vector<storage::report_record>& reports);

// A JSON array of report_to_json items, unmasked, two-space indented, one report written at a time.
void write_reports_json(const report_source& reports, const flow_schemas& schemas, std::ostream& out);
// Submissions of one flow (`flow_id`; others are left out): its columns from the definition.
void write_reports_csv(const report_source& reports, const std::string& flow_id, const flow_schemas& schemas, std::ostream& out);

// Writes an Excel workbook: a sheet per flow, in the order the flows first appear (frozen header row
// with filter buttons, column widths, the submission time as a date, codes and phones as text) and,
// when given, a sheet of the difficulty report's statistics. Rows go to temporary files beside `path`
// as they are written (libxlsxwriter's constant memory mode), so memory does not grow with the
// reports. Throws export_file_error when the file cannot be written.
void write_reports_xlsx(const report_source& reports, const flow_schemas& schemas, const storage::report_statistics* statistics,
                        const std::string& path);

}  // namespace intake::runtime
