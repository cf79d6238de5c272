// Reports as staff read them outside the bot: JSON (fixed keys, status codes, for programs), and CSV
// and xlsx for Excel (Chinese headers and status names, UTF-8 with BOM, codes and phone numbers kept
// as text, the submission time as an Excel date in the workbook), and the labelled fields of one
// report for `reports show`. One table of columns serves them all. Pure except the xlsx writer;
// thread-safe; never throws except as stated.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "storage/records.h"

namespace intake::runtime {

// What staff see for a report without a credit code (the owner had none yet).
extern const char* const missing_credit_code_text;

// One report with the export's keys; `masked` hides the middle of the phone and credit code.
nlohmann::ordered_json report_to_json(const storage::report_record& report, bool masked);

// Every field of a report with its Chinese label, as staff read it (status in Chinese, the time in
// China time, the phone and code whole).
std::vector<std::pair<std::string, std::string>> labelled_fields(const storage::report_record& report);

std::string export_reports_json(const std::vector<storage::report_record>& reports);
std::string export_reports_csv(const std::vector<storage::report_record>& reports);

// Writes an Excel workbook: a sheet of reports (frozen header row with filter buttons, column widths,
// the submission time as a date, codes and phones as text) and a sheet of statistics. Throws
// std::runtime_error when the file cannot be written.
void export_reports_xlsx(const std::vector<storage::report_record>& reports, const storage::report_statistics& statistics,
                         const std::string& path);

}  // namespace intake::runtime
