#include "bot/runtime/report_export_job.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "bot/runtime/report_exporter.h"

namespace intake::runtime {
namespace {

// Created with no permission for group or others, whatever the umask, and narrowed when it existed.
void create_owner_only_file(const std::string& path) {
  const int descriptor = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (descriptor < 0) throw export_file_error("cannot write " + path + ": " + std::strerror(errno));
  const bool narrowed = ::fchmod(descriptor, 0600) == 0;
  ::close(descriptor);
  if (!narrowed) throw export_file_error("cannot make " + path + " private: " + std::strerror(errno));
}

}  // namespace

std::optional<export_format> export_format_named(std::string_view name) {
  if (name == "json") return export_format::json;
  if (name == "csv") return export_format::csv;
  if (name == "xlsx") return export_format::xlsx;
  return std::nullopt;
}

const char* export_format_name(export_format format) {
  switch (format) {
    case export_format::json: return "json";
    case export_format::csv: return "csv";
    case export_format::xlsx: break;
  }
  return "xlsx";
}

report_export_job::report_export_job(staff_desk& desk, report_query query, export_format format)
    : desk_(desk), query_(std::move(query)), format_(format), flows_(desk_.count_by_flow(query_)) {
  for (const auto& flow : flows_) reports_ += flow.reports;
  if (format_ == export_format::csv && flows_.size() > 1) {
    std::string names;
    for (const auto& flow : flows_) names += (names.empty() ? "" : ", ") + flow.flow_id;
    throw staff_error(staff_error::kind::invalid, "the reports are of " + std::to_string(flows_.size()) + " flows (" + names +
                                                      "); a CSV holds one: choose a flow (" + flows_.front().flow_id +
                                                      ") or export xlsx, a sheet per flow");
  }
}

report_source report_export_job::source(const std::string& actor, std::int64_t now_ms, const progress_callback& progress) {
  return [this, &actor, now_ms, &progress](const report_visitor& visit) {
    std::int64_t written = 0;
    const std::string what = std::string(export_format_name(format_)) + " " + std::to_string(reports_) + " report(s)";
    desk_.export_each(query_, what, actor, now_ms, [&](const storage::report_record& report) {
      visit(report);
      if (++written % progress_step == 0 && progress) progress(written);
    });
    if (progress) progress(written);
  };
}

void report_export_job::write(std::ostream& out, const std::string& actor, std::int64_t now_ms, const progress_callback& progress) {
  const auto schemas = desk_.schemas();
  const report_source reports = source(actor, now_ms, progress);
  switch (format_) {
    case export_format::json: write_reports_json(reports, schemas, out); break;
    case export_format::csv:
      // An empty export is the difficulty report's table with no rows.
      write_reports_csv(reports, !query_.flow.empty() ? query_.flow : flows_.empty() ? difficulty_report_flow : flows_.front().flow_id, schemas, out);
      break;
    case export_format::xlsx: throw std::logic_error("an xlsx export is written to a file");
  }
  out.flush();
}

void report_export_job::write_file(const std::string& path, const std::string& actor, std::int64_t now_ms, const progress_callback& progress) {
  create_owner_only_file(path);
  if (format_ != export_format::xlsx) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw export_file_error("cannot write " + path);
    write(file, actor, now_ms, progress);
    file.close();
    if (!file) throw export_file_error("cannot write " + path);
    return;
  }
  // The difficulty report's statistics go with its reports (and with an empty export, as before).
  const bool difficulty_reports = !query_.flow.empty() ? query_.flow == difficulty_report_flow
                                                       : flows_.empty() || flows_.front().flow_id == difficulty_report_flow;
  const auto statistics = difficulty_reports ? std::optional(desk_.statistics()) : std::nullopt;
  const auto schemas = desk_.schemas();
  write_reports_xlsx(source(actor, now_ms, progress), schemas, statistics ? &*statistics : nullptr, path);
  // libxlsxwriter truncated the file created above, which keeps its mode; this makes sure.
  if (::chmod(path.c_str(), 0600) != 0) throw export_file_error("cannot make " + path + " private: " + std::strerror(errno));
}

}  // namespace intake::runtime
