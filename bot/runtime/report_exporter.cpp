#include "bot/runtime/report_exporter.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <variant>
#include <xlsxwriter.h>

#include "bot/engine/ticket.h"
#include "bot/runtime/case_life.h"
#include "bot/runtime/masking.h"

namespace intake::runtime {

const char* const missing_credit_code_text = "暂无（企业尚未取得，待补充）";

namespace {

using nlohmann::ordered_json;

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) joined += separator;
    joined += item;
  }
  return joined;
}

std::string format_number(double value) {
  std::ostringstream out;
  out.precision(12);
  out << value;
  return out.str();
}

// What a cell holds. `kept_text` is text Excel must not read as a number (codes, phones); `moment`
// a time in Unix milliseconds.
struct kept_text {
  std::string value;
};
struct moment {
  std::int64_t unix_ms;
};
using cell = std::variant<std::monostate, std::string, kept_text, double, moment>;

struct report_column {
  const char* header;
  double width;  // in Excel's character widths
  std::function<cell(const storage::report_record&)> value;
};

cell optional_number(bool present, double value) { return present ? cell(value) : cell(std::monostate{}); }

const std::vector<report_column>& report_columns() {
  using r = storage::report_record;
  static const std::vector<report_column> columns{
      {"受理编号", 19, [](const r& x) { return cell(x.ticket); }},
      {"办理状态", 9, [](const r& x) { return cell(status_chinese(x.status)); }},
      {"提交时间", 17, [](const r& x) { return cell(moment{x.created_at_ms}); }},
      {"用户", 18, [](const r& x) { return cell(x.user_id); }},
      {"渠道", 8, [](const r& x) { return cell(x.channel); }},
      {"企业名称", 24, [](const r& x) { return cell(x.company_name); }},
      {"统一社会信用代码", 21,
       [](const r& x) { return x.credit_code.empty() ? cell(std::string(missing_credit_code_text)) : cell(kept_text{x.credit_code}); }},
      {"省份", 10, [](const r& x) { return cell(x.province); }},
      {"市县", 14, [](const r& x) { return cell(x.city); }},
      {"行业代码", 8, [](const r& x) { return cell(x.industry_code); }},
      {"行业", 20, [](const r& x) { return cell(x.industry); }},
      {"从业人员数", 10, [](const r& x) { return cell(static_cast<double>(x.employees)); }},
      {"已返岗人数", 10, [](const r& x) { return cell(static_cast<double>(x.returned_employees)); }},
      {"复工情况", 10, [](const r& x) { return cell(x.resumption_status); }},
      {"困难类别", 18, [](const r& x) { return cell(join(x.difficulties, "、")); }},
      {"资金缺口(万元)", 13, [](const r& x) { return optional_number(x.funding_gap_wan.has_value(), x.funding_gap_wan.value_or(0)); }},
      {"用工缺口(人)", 11,
       [](const r& x) { return optional_number(x.labor_gap.has_value(), static_cast<double>(x.labor_gap.value_or(0))); }},
      {"困难描述", 40, [](const r& x) { return cell(x.description); }},
      {"希望得到的帮助", 30, [](const r& x) { return cell(x.help_wanted.value_or("")); }},
      {"联系人", 10, [](const r& x) { return cell(x.contact_name); }},
      {"联系电话", 15, [](const r& x) { return cell(kept_text{x.contact_phone}); }},
      {"最新办理意见", 30, [](const r& x) { return cell(x.latest_note); }},
  };
  return columns;
}

// How a cell reads as text: in a CSV field and in `reports show`.
std::string plain_text(const cell& value) {
  if (auto* text = std::get_if<std::string>(&value)) return *text;
  if (auto* text = std::get_if<kept_text>(&value)) return text->value;
  if (auto* number = std::get_if<double>(&value)) return format_number(*number);
  if (auto* time = std::get_if<moment>(&value)) return engine::format_china_time(time->unix_ms);
  return "";
}

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string csv_cell(const cell& value) {
  // Excel turns 13800138000 into 1.38E+10 and drops leading zeros; a ="…" formula keeps the text.
  if (auto* text = std::get_if<kept_text>(&value)) return csv_field("=\"" + text->value + "\"");
  // An owner's words that begin like a formula (=HYPERLINK(…), +cmd|…, @SUM …) would run as one when
  // the file is opened: a leading ' makes Excel show them as text (OWASP, CSV injection).
  if (auto* text = std::get_if<std::string>(&value); text && !text->empty() && std::string_view("=+-@\t\r").find(text->front()) != std::string_view::npos)
    return csv_field("'" + *text);
  return csv_field(plain_text(value));
}

// Excel counts days from 1899-12-30; the time is shown as China time, the zone staff work in.
double excel_serial_date(std::int64_t unix_ms) {
  constexpr double days_1899_to_1970 = 25569.0;
  constexpr std::int64_t china_offset_ms = 8LL * 3600 * 1000;
  return days_1899_to_1970 + static_cast<double>(unix_ms + china_offset_ms) / 86400000.0;
}

}  // namespace

nlohmann::ordered_json report_to_json(const storage::report_record& r, bool masked) {
  ordered_json item;
  item["ticket"] = r.ticket;
  item["status"] = r.status;
  item["created_at"] = engine::format_iso8601_china(r.created_at_ms);
  item["user_id"] = r.user_id;
  item["channel"] = r.channel;
  item["company_name"] = r.company_name;
  item["credit_code"] = masked ? mask_credit_code(r.credit_code) : r.credit_code;
  item["province"] = r.province;
  item["city"] = r.city;
  item["industry_code"] = r.industry_code;
  item["industry"] = r.industry;
  item["employees"] = r.employees;
  item["returned_employees"] = r.returned_employees;
  item["resumption_status"] = r.resumption_status;
  item["difficulties"] = r.difficulties;
  item["funding_gap_wan"] = r.funding_gap_wan ? ordered_json(*r.funding_gap_wan) : ordered_json(nullptr);
  item["labor_gap"] = r.labor_gap ? ordered_json(*r.labor_gap) : ordered_json(nullptr);
  item["description"] = r.description;
  item["help_wanted"] = r.help_wanted ? ordered_json(*r.help_wanted) : ordered_json(nullptr);
  item["contact_name"] = r.contact_name;
  item["contact_phone"] = masked ? mask_phone(r.contact_phone) : r.contact_phone;
  item["latest_note"] = r.latest_note;
  return item;
}

std::vector<std::pair<std::string, std::string>> labelled_fields(const storage::report_record& report) {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& column : report_columns()) {
    std::string value = plain_text(column.value(report));
    fields.emplace_back(column.header, value.empty() ? "—" : value);
  }
  return fields;
}

std::string export_reports_json(const std::vector<storage::report_record>& reports) {
  ordered_json array = ordered_json::array();
  for (const auto& r : reports) array.push_back(report_to_json(r, false));
  return array.dump(2) + "\n";
}

std::string export_reports_csv(const std::vector<storage::report_record>& reports) {
  std::string csv = "\xEF\xBB\xBF";  // the BOM makes Excel read UTF-8
  auto add_row = [&](auto field_of) {
    bool first = true;
    for (const auto& column : report_columns()) {
      if (!first) csv += ',';
      first = false;
      csv += field_of(column);
    }
    csv += "\r\n";
  };
  add_row([](const report_column& column) { return csv_field(column.header); });
  for (const auto& r : reports) add_row([&r](const report_column& column) { return csv_cell(column.value(r)); });
  return csv;
}

void export_reports_xlsx(const std::vector<storage::report_record>& reports, const storage::report_statistics& statistics,
                         const std::string& path) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (!workbook) throw std::runtime_error("cannot create " + path);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "诉求");
  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "yyyy-mm-dd hh:mm");
  lxw_format* text_format = workbook_add_format(workbook);
  format_set_num_format(text_format, "@");
  const auto& columns = report_columns();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto column = static_cast<lxw_col_t>(i);
    worksheet_set_column(sheet, column, column, columns[i].width, nullptr);
    worksheet_write_string(sheet, 0, column, columns[i].header, header);
  }
  lxw_row_t row = 1;
  for (const auto& r : reports) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const auto column = static_cast<lxw_col_t>(i);
      const cell value = columns[i].value(r);
      // Strings stay strings: codes and phone numbers never become numbers.
      if (auto* text = std::get_if<std::string>(&value))
        worksheet_write_string(sheet, row, column, text->c_str(), nullptr);
      else if (auto* kept = std::get_if<kept_text>(&value))
        worksheet_write_string(sheet, row, column, kept->value.c_str(), text_format);
      else if (auto* number = std::get_if<double>(&value))
        worksheet_write_number(sheet, row, column, *number, nullptr);
      else if (auto* time = std::get_if<moment>(&value))
        worksheet_write_number(sheet, row, column, excel_serial_date(time->unix_ms), date);
    }
    ++row;
  }
  worksheet_freeze_panes(sheet, 1, 0);
  worksheet_autofilter(sheet, 0, 0, row > 1 ? row - 1 : 1, static_cast<lxw_col_t>(columns.size() - 1));

  lxw_worksheet* stats = workbook_add_worksheet(workbook, "统计");
  worksheet_set_column(stats, 0, 0, 16, nullptr);
  worksheet_set_column(stats, 1, 1, 24, nullptr);
  lxw_row_t stats_row = 0;
  auto table = [&](const char* title, const std::vector<storage::count_cell>& cells, bool status_names) {
    worksheet_write_string(stats, stats_row++, 0, title, header);
    for (const auto& cell : cells) {
      const std::string by = status_names ? status_chinese(cell.by) : cell.by;
      worksheet_write_string(stats, stats_row, 0, cell.difficulty.c_str(), nullptr);
      worksheet_write_string(stats, stats_row, 1, by.c_str(), nullptr);
      worksheet_write_number(stats, stats_row++, 2, static_cast<double>(cell.count), nullptr);
    }
    ++stats_row;
  };
  table("困难类别 × 省份", statistics.by_province, false);
  table("困难类别 × 行业", statistics.by_industry, false);
  table("困难类别 × 办理状态", statistics.by_status, true);
  table("困难类别 × 周", statistics.by_week, false);
  if (workbook_close(workbook) != LXW_NO_ERROR) throw std::runtime_error("cannot write " + path);
}

}  // namespace intake::runtime
