// Exports reports for staff and for checking: JSON (fixed keys) and CSV for Excel (UTF-8 with BOM,
// Chinese headers, codes and phone numbers kept as text). Pure; thread-safe; never throws.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "storage/records.h"

namespace intake::runtime {

// One report with the export's keys; `masked` hides the middle of the phone and credit code.
nlohmann::ordered_json report_to_json(const storage::report_record& report, bool masked);

std::string export_reports_json(const std::vector<storage::report_record>& reports);
std::string export_reports_csv(const std::vector<storage::report_record>& reports);

// Writes an Excel workbook: a sheet of reports with Chinese headers (codes and phones as text) and a
// sheet of statistics. Throws std::runtime_error when the file cannot be written.
void export_reports_xlsx(const std::vector<storage::report_record>& reports, const storage::report_statistics& statistics,
                         const std::string& path);

}  // namespace intake::runtime
