// One export of the reports a list's filters keep, as staff ask for it from the CLI or the API:
// checked and counted before anything is written, then written one report at a time, oldest first,
// in constant memory whatever the size, to a stream or to a file only its owner can read. The export
// is written to the access log before the first report (it carries phones and credit codes whole).
// Not thread-safe: one job per export.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "bot/runtime/report_exporter.h"
#include "bot/runtime/staff_desk.h"

namespace intake::runtime {

enum class export_format { json, csv, xlsx };

// "json", "csv", "xlsx"; nullopt for anything else.
std::optional<export_format> export_format_named(std::string_view name);
const char* export_format_name(export_format format);

class report_export_job {
 public:
  // Called with the number of reports written so far, every `progress_step` of them and at the end.
  using progress_callback = std::function<void(std::int64_t written)>;
  static constexpr std::int64_t progress_step = 1000;

  // Counts what the export will hold. Throws staff_error (invalid) for a CSV of reports of several
  // flows, naming them: a CSV file is one table.
  report_export_job(staff_desk& desk, report_query query, export_format format);

  std::int64_t reports() const { return reports_; }
  export_format format() const { return format_; }

  // JSON or CSV to `out` (an xlsx workbook is a file: write_file).
  void write(std::ostream& out, const std::string& actor, std::int64_t now_ms, const progress_callback& progress = {});
  // Any format to `path`, created (or truncated) readable by its owner only. Throws
  // export_file_error when the file cannot be written.
  void write_file(const std::string& path, const std::string& actor, std::int64_t now_ms, const progress_callback& progress = {});

 private:
  // Hands the reports over oldest first, counting them for `progress`; logs the export first. Refers
  // to `actor` and `progress`, which must outlive it.
  report_source source(const std::string& actor, std::int64_t now_ms, const progress_callback& progress);

  staff_desk& desk_;
  report_query query_;
  export_format format_;
  std::vector<storage::flow_count> flows_;
  std::int64_t reports_ = 0;
};

}  // namespace intake::runtime
