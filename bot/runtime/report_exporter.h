// Exports reports for staff and for checking: JSON (fixed keys) and CSV for Excel (UTF-8 with BOM,
// Chinese headers, codes and phone numbers kept as text). Pure; thread-safe; never throws.
#pragma once
#include <string>
#include <vector>

#include "storage/records.h"

namespace intake::runtime {

std::string export_reports_json(const std::vector<storage::report_record>& reports);
std::string export_reports_csv(const std::vector<storage::report_record>& reports);

}  // namespace intake::runtime
