#include "bot/runtime/report_exporter.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <xlsxwriter.h>

#include "bot/engine/ticket.h"
#include "bot/runtime/masking.h"

namespace intake::runtime {
namespace {

using nlohmann::ordered_json;

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

// Excel turns 13800138000 into 1.38E+10 and drops leading zeros; a ="…" formula keeps the text.
std::string csv_text(const std::string& value) { return csv_field("=\"" + value + "\""); }

std::string format_number(double value) {
  std::ostringstream out;
  out.precision(12);
  out << value;
  return out.str();
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) joined += separator;
    joined += item;
  }
  return joined;
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
  return item;
}

std::string export_reports_json(const std::vector<storage::report_record>& reports) {
  ordered_json array = ordered_json::array();
  for (const auto& r : reports) array.push_back(report_to_json(r, false));
  return array.dump(2) + "\n";
}

static const std::vector<std::string> chinese_headers{"受理编号", "办理状态", "提交时间", "用户", "渠道", "企业名称", "统一社会信用代码",
                                               "省份", "市县", "行业代码", "行业", "从业人员数", "已返岗人数", "复工情况", "困难类别",
                                               "资金缺口(万元)", "用工缺口(人)", "困难描述", "希望得到的帮助", "联系人", "联系电话"};

std::string export_reports_csv(const std::vector<storage::report_record>& reports) {
  std::string csv = "\xEF\xBB\xBF";  // the BOM makes Excel read UTF-8
  csv += join(chinese_headers, ",") + "\r\n";
  for (const auto& r : reports) {
    std::vector<std::string> row{
        csv_field(r.ticket),
        csv_field(r.status),
        csv_field(engine::format_iso8601_china(r.created_at_ms)),
        csv_field(r.user_id),
        csv_field(r.channel),
        csv_field(r.company_name),
        csv_text(r.credit_code),
        csv_field(r.province),
        csv_field(r.city),
        csv_field(r.industry_code),
        csv_field(r.industry),
        std::to_string(r.employees),
        std::to_string(r.returned_employees),
        csv_field(r.resumption_status),
        csv_field(join(r.difficulties, "、")),
        r.funding_gap_wan ? format_number(*r.funding_gap_wan) : "",
        r.labor_gap ? std::to_string(*r.labor_gap) : "",
        csv_field(r.description),
        csv_field(r.help_wanted.value_or("")),
        csv_field(r.contact_name),
        csv_text(r.contact_phone),
    };
    csv += join(row, ",") + "\r\n";
  }
  return csv;
}

void export_reports_xlsx(const std::vector<storage::report_record>& reports, const storage::report_statistics& statistics,
                         const std::string& path) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (!workbook) throw std::runtime_error("cannot create " + path);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "诉求");
  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);
  for (std::size_t column = 0; column < chinese_headers.size(); ++column)
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(column), chinese_headers[column].c_str(), header);
  lxw_row_t row = 1;
  for (const auto& r : reports) {
    lxw_col_t column = 0;
    // Strings stay strings: codes and phone numbers never become numbers.
    auto text = [&](const std::string& value) { worksheet_write_string(sheet, row, column++, value.c_str(), nullptr); };
    auto number = [&](double value) { worksheet_write_number(sheet, row, column++, value, nullptr); };
    text(r.ticket);
    text(r.status);
    text(engine::format_iso8601_china(r.created_at_ms));
    text(r.user_id);
    text(r.channel);
    text(r.company_name);
    text(r.credit_code);
    text(r.province);
    text(r.city);
    text(r.industry_code);
    text(r.industry);
    number(static_cast<double>(r.employees));
    number(static_cast<double>(r.returned_employees));
    text(r.resumption_status);
    text(join(r.difficulties, "、"));
    if (r.funding_gap_wan) number(*r.funding_gap_wan); else ++column;
    if (r.labor_gap) number(static_cast<double>(*r.labor_gap)); else ++column;
    text(r.description);
    text(r.help_wanted.value_or(""));
    text(r.contact_name);
    text(r.contact_phone);
    ++row;
  }
  lxw_worksheet* stats = workbook_add_worksheet(workbook, "统计");
  lxw_row_t stats_row = 0;
  auto table = [&](const char* title, const std::vector<storage::count_cell>& cells) {
    worksheet_write_string(stats, stats_row++, 0, title, header);
    for (const auto& cell : cells) {
      worksheet_write_string(stats, stats_row, 0, cell.difficulty.c_str(), nullptr);
      worksheet_write_string(stats, stats_row, 1, cell.by.c_str(), nullptr);
      worksheet_write_number(stats, stats_row++, 2, static_cast<double>(cell.count), nullptr);
    }
    ++stats_row;
  };
  table("困难类别 × 省份", statistics.by_province);
  table("困难类别 × 行业", statistics.by_industry);
  table("困难类别 × 办理状态", statistics.by_status);
  table("困难类别 × 周", statistics.by_week);
  if (workbook_close(workbook) != LXW_NO_ERROR) throw std::runtime_error("cannot write " + path);
}

}  // namespace intake::runtime
