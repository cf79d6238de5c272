#include "bot/runtime/report_exporter.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <variant>
#include <xlsxwriter.h>

#include "bot/engine/ticket.h"
#include "bot/runtime/case_life.h"
#include "bot/runtime/masking.h"

namespace intake::runtime {

const char* const missing_credit_code_text = "暂无（企业尚未取得，待补充）";
const char* const difficulty_report_flow = "report";

namespace {

using nlohmann::json;
using nlohmann::ordered_json;

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

// A submission's answers and names, parsed once for all its cells. Corrupt JSON reads as no answers
// rather than failing a whole export.
struct parsed_submission {
  const storage::report_record& record;
  json answers, names;
  explicit parsed_submission(const storage::report_record& r)
      : record(r), answers(json::parse(r.answers_json, nullptr, false)), names(json::parse(r.names_json, nullptr, false)) {
    if (!answers.is_object()) answers = json::object();
    if (!names.is_object()) names = json::object();
  }
};

std::string step_kind(const json& step) { return step.value("kind", "text"); }

// The answer to `step` as a cell, by the step's kind.
cell answer_cell(const parsed_submission& s, const json& step) {
  const std::string id = step.value("id", "");
  const std::string kind = step_kind(step);
  auto answer = s.answers.find(id);
  if (answer == s.answers.end() || answer->is_null()) return std::monostate{};
  const json* name = s.names.contains(id) ? &s.names[id] : nullptr;
  if (kind == "choice" && answer->is_string()) {
    const std::string value = answer->get<std::string>();
    const std::string shown = name && name->is_string() ? name->get<std::string>() : value;
    return shown == value ? cell(value) : cell(value + " " + shown);
  }
  if (kind == "multi_choice" && answer->is_array()) {
    const json& shown = name && name->is_array() ? *name : *answer;
    std::string joined;
    for (const auto& item : shown)
      if (item.is_string()) joined += (joined.empty() ? "" : "、") + item.get<std::string>();
    return joined;
  }
  if (kind == "credit_code" && answer->is_string())
    return answer->get<std::string>().empty() ? cell(std::string(missing_credit_code_text)) : cell(kept_text{answer->get<std::string>()});
  if (kind == "phone" && answer->is_string()) return kept_text{answer->get<std::string>()};
  if (answer->is_number()) return answer->get<double>();
  if (answer->is_string()) return answer->get<std::string>();
  return answer->dump();
}

// A column's header: the step's label, with its unit where it has one.
std::string step_header(const json& step) {
  std::string header = staff_text(step.value("label", json::object()));
  if (header.empty()) header = step.value("id", "");
  const std::string kind = step_kind(step);
  if (kind == "money_wan") header += "(万元)";
  if (kind == "number") {
    const std::string unit = staff_text(step.value("unit", json::object()));
    if (!unit.empty()) header += "(" + unit + ")";
  }
  return header;
}

double step_width(const json& step) {
  const std::string kind = step_kind(step);
  if (kind == "long_text") return 40;
  if (kind == "credit_code") return 21;
  if (kind == "phone") return 15;
  if (kind == "count" || kind == "money_wan" || kind == "number" || kind == "date") return 11;
  if (kind == "multi_choice") return 18;
  return 16;
}

struct report_column {
  std::string header;
  double width;  // in Excel's character widths
  std::function<cell(const parsed_submission&)> value;
};

// The columns of one flow's table: the case, then every step the flow ever had, then the latest note.
std::vector<report_column> columns_for(const std::string& flow_id, const flow_schemas& schemas) {
  using s = parsed_submission;
  std::vector<report_column> columns{
      {"受理编号", 19, [](const s& x) { return cell(x.record.ticket); }},
      {"办理状态", 9, [](const s& x) { return cell(status_chinese(x.record.status)); }},
      {"提交时间", 17, [](const s& x) { return cell(moment{x.record.created_at_ms}); }},
      {"用户", 18, [](const s& x) { return cell(x.record.user_id); }},
      {"渠道", 8, [](const s& x) { return cell(x.record.channel); }},
  };
  for (const auto& step : schemas.columns_of(flow_id))
    columns.push_back({step_header(step), step_width(step), [step](const s& x) { return answer_cell(x, step); }});
  columns.push_back({"最新办理意见", 30, [](const s& x) { return cell(x.record.latest_note); }});
  columns.push_back({"承办部门", 12, [](const s& x) { return cell(x.record.department); }});
  columns.push_back({"经办人", 10, [](const s& x) { return cell(x.record.assignee); }});
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

// Masks the answers that are phones and credit codes (by their steps' kinds in the submission's own
// version, else in the flow's newest), as lists mask the identity columns.
void mask_answers(json& answers, const storage::report_record& r, const flow_schemas& schemas) {
  const json* schema = schemas.find(r.flow_id, r.flow_version);
  const std::vector<json> steps = schema ? schema->value("steps", json::array()).get<std::vector<json>>() : schemas.columns_of(r.flow_id);
  for (const auto& step : steps) {
    const std::string id = step.value("id", ""), kind = step_kind(step);
    if (!answers.contains(id) || !answers[id].is_string()) continue;
    if (kind == "phone") answers[id] = mask_phone(answers[id].get<std::string>());
    if (kind == "credit_code") answers[id] = mask_credit_code(answers[id].get<std::string>());
  }
}

ordered_json answer_json(const json& answers, const std::string& key) {
  auto found = answers.find(key);
  return found == answers.end() ? ordered_json(nullptr) : ordered_json(*found);
}

// The difficulty report's keys, exactly as before flows were generic, so nobody's tooling breaks.
// Answers to steps added to the flow since come under "answers".
const std::vector<std::string>& difficulty_report_answer_keys() {
  static const std::vector<std::string> keys{"employees",       "returned_employees", "resumption_status", "difficulties", "funding_gap_wan",
                                             "labor_gap",       "description",        "help_wanted"};
  return keys;
}

}  // namespace

nlohmann::ordered_json report_to_json(const storage::report_record& r, bool masked, const flow_schemas& schemas) {
  const parsed_submission parsed(r);
  json answers = parsed.answers;
  if (masked) mask_answers(answers, r, schemas);
  ordered_json item;
  item["ticket"] = r.ticket;
  item["status"] = r.status;
  item["created_at"] = engine::format_iso8601_china(r.created_at_ms);
  item["user_id"] = r.user_id;
  item["channel"] = r.channel;
  if (r.flow_id != difficulty_report_flow) item["flow"] = r.flow_id;
  item["company_name"] = r.company_name;
  item["credit_code"] = masked ? mask_credit_code(r.credit_code) : r.credit_code;
  item["province"] = r.province;
  item["city"] = r.city;
  item["industry_code"] = r.industry_code;
  item["industry"] = r.industry;
  if (r.flow_id == difficulty_report_flow) {
    const auto& keys = difficulty_report_answer_keys();
    for (const auto& key : keys) item[key] = answer_json(answers, key);
    item["contact_name"] = r.contact_name;
    item["contact_phone"] = masked ? mask_phone(r.contact_phone) : r.contact_phone;
    item["latest_note"] = r.latest_note;
    item["department"] = r.department;
    item["assignee"] = r.assignee;
    static const std::vector<std::string> identity{"company_name", "credit_code", "province", "city", "industry", "contact_name", "contact_phone"};
    ordered_json more = ordered_json::object();
    for (const auto& [key, value] : answers.items())
      if (std::find(keys.begin(), keys.end(), key) == keys.end() && std::find(identity.begin(), identity.end(), key) == identity.end())
        more[key] = value;
    if (!more.empty()) item["answers"] = std::move(more);
    return item;
  }
  item["contact_name"] = r.contact_name;
  item["contact_phone"] = masked ? mask_phone(r.contact_phone) : r.contact_phone;
  item["flow_version"] = r.flow_version;
  item["answers"] = answers;
  item["names"] = parsed.names;
  item["latest_note"] = r.latest_note;
  item["department"] = r.department;
  item["assignee"] = r.assignee;
  return item;
}

std::vector<std::pair<std::string, std::string>> labelled_fields(const storage::report_record& report, const flow_schemas& schemas) {
  const parsed_submission parsed(report);
  std::vector<std::pair<std::string, std::string>> fields{
      {"受理编号", report.ticket},
      {"表单", schemas.title_of(report.flow_id)},
      {"办理状态", status_chinese(report.status)},
      {"提交时间", engine::format_china_time(report.created_at_ms)},
      {"用户", report.user_id},
      {"渠道", report.channel},
  };
  auto add = [&](const std::string& label, const cell& value) {
    std::string text = plain_text(value);
    fields.emplace_back(label, text.empty() ? "—" : text);
  };
  // Under the labels of the version the owner answered; answers to steps that version does not
  // name (it was never kept) under the flow's newest labels, else their ids.
  const json* schema = schemas.find(report.flow_id, report.flow_version);
  std::vector<json> steps = schema ? schema->value("steps", json::array()).get<std::vector<json>>() : schemas.columns_of(report.flow_id);
  for (const auto& [id, answer] : parsed.answers.items())
    if (std::none_of(steps.begin(), steps.end(), [&](const json& step) { return step.value("id", "") == id; }))
      steps.push_back({{"id", id}, {"kind", answer.is_number() ? "number" : "text"}});
  for (const auto& step : steps) add(step_header(step), answer_cell(parsed, step));
  add("最新办理意见", report.latest_note);
  add("承办部门", report.department);
  add("经办人", report.assignee);
  return fields;
}

report_source source_of(const std::vector<storage::report_record>& reports) {
  return [&reports](const report_visitor& visit) {
    for (const auto& report : reports) visit(report);
  };
}

void write_reports_json(const report_source& reports, const flow_schemas& schemas, std::ostream& out) {
  // The layout ordered_json::dump(2) gives a whole array, one item at a time: each item's lines
  // indented by two more spaces (a JSON string holds no raw line break, so every '\n' is a line's).
  bool first = true;
  out << '[';
  reports([&](const storage::report_record& r) {
    std::string item = report_to_json(r, false, schemas).dump(2);
    std::string indented = first ? "\n  " : ",\n  ";
    first = false;
    for (char c : item) {
      indented += c;
      if (c == '\n') indented += "  ";
    }
    out << indented;
  });
  out << (first ? "]\n" : "\n]\n");
}

void write_reports_csv(const report_source& reports, const std::string& flow_id, const flow_schemas& schemas, std::ostream& out) {
  const auto columns = columns_for(flow_id, schemas);
  out << "\xEF\xBB\xBF";  // the BOM makes Excel read UTF-8
  std::string line;
  auto add_row = [&](auto field_of) {
    line.clear();
    for (const auto& column : columns) {
      if (&column != &columns.front()) line += ',';
      line += field_of(column);
    }
    line += "\r\n";
    out << line;
  };
  add_row([](const report_column& column) { return csv_field(column.header); });
  reports([&](const storage::report_record& r) {
    if (r.flow_id != flow_id) return;
    const parsed_submission parsed(r);
    add_row([&parsed](const report_column& column) { return csv_cell(column.value(parsed)); });
  });
}

namespace {

// A sheet's name: the flow's title without the characters Excel refuses, at most 31 characters,
// and not one taken already.
std::string sheet_name(const std::string& title, std::vector<std::string>& taken) {
  std::string name;
  std::size_t characters = 0;
  for (std::size_t i = 0; i < title.size() && characters < 28;) {
    const unsigned char lead = static_cast<unsigned char>(title[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    const std::string character = title.substr(i, length);
    if (std::string_view("[]:*?/\\'").find(character.front()) == std::string_view::npos || length > 1) name += character;
    i += length;
    ++characters;
  }
  if (name.empty()) name = "表单";
  std::string unique = name;
  for (int n = 2; std::find(taken.begin(), taken.end(), unique) != taken.end(); ++n) unique = name + std::to_string(n);
  taken.push_back(unique);
  return unique;
}

}  // namespace

namespace {

// A sheet being written: rows go out in order, each to the sheet's own temporary file.
struct flow_sheet {
  std::string flow_id;
  lxw_worksheet* sheet;
  std::vector<report_column> columns;
  lxw_row_t next_row = 1;
};

struct workbook_formats {
  lxw_format* header;
  lxw_format* date;
  lxw_format* text;
};

flow_sheet& add_flow_sheet(lxw_workbook* workbook, std::vector<flow_sheet>& sheets, std::vector<std::string>& sheet_names,
                           const std::string& flow_id, const flow_schemas& schemas, const workbook_formats& formats) {
  flow_sheet added{flow_id, workbook_add_worksheet(workbook, sheet_name(schemas.title_of(flow_id), sheet_names).c_str()), columns_for(flow_id, schemas)};
  if (!added.sheet) throw export_file_error("cannot add a sheet for " + flow_id);
  for (std::size_t i = 0; i < added.columns.size(); ++i) {
    const auto column = static_cast<lxw_col_t>(i);
    worksheet_set_column(added.sheet, column, column, added.columns[i].width, nullptr);
    worksheet_write_string(added.sheet, 0, column, added.columns[i].header.c_str(), formats.header);
  }
  sheets.push_back(std::move(added));
  return sheets.back();
}

void write_row(flow_sheet& target, const parsed_submission& parsed, const workbook_formats& formats) {
  for (std::size_t i = 0; i < target.columns.size(); ++i) {
    const auto column = static_cast<lxw_col_t>(i);
    const cell value = target.columns[i].value(parsed);
    // Strings stay strings: codes and phone numbers never become numbers.
    if (auto* text = std::get_if<std::string>(&value))
      worksheet_write_string(target.sheet, target.next_row, column, text->c_str(), nullptr);
    else if (auto* kept = std::get_if<kept_text>(&value))
      worksheet_write_string(target.sheet, target.next_row, column, kept->value.c_str(), formats.text);
    else if (auto* number = std::get_if<double>(&value))
      worksheet_write_number(target.sheet, target.next_row, column, *number, nullptr);
    else if (auto* time = std::get_if<moment>(&value))
      worksheet_write_number(target.sheet, target.next_row, column, excel_serial_date(time->unix_ms), formats.date);
  }
  ++target.next_row;
}

void write_statistics_sheet(lxw_workbook* workbook, const storage::report_statistics& statistics, const workbook_formats& formats) {
  lxw_worksheet* stats = workbook_add_worksheet(workbook, "统计");
  worksheet_set_column(stats, 0, 0, 16, nullptr);
  worksheet_set_column(stats, 1, 1, 24, nullptr);
  lxw_row_t stats_row = 0;
  auto table = [&](const char* title, const std::vector<storage::count_cell>& cells, bool status_names) {
    worksheet_write_string(stats, stats_row++, 0, title, formats.header);
    for (const auto& cell : cells) {
      const std::string by = status_names ? status_chinese(cell.by) : cell.by;
      worksheet_write_string(stats, stats_row, 0, cell.value.c_str(), nullptr);
      worksheet_write_string(stats, stats_row, 1, by.c_str(), nullptr);
      worksheet_write_number(stats, stats_row++, 2, static_cast<double>(cell.count), nullptr);
    }
    ++stats_row;
  };
  table("困难类别 × 省份", statistics.by_province, false);
  table("困难类别 × 行业", statistics.by_industry, false);
  table("困难类别 × 办理状态", statistics.by_status, true);
  table("困难类别 × 周", statistics.by_week, false);
}

// libxlsxwriter's handle, closed (and its temporary files removed) however the export ends.
struct workbook_closer {
  lxw_workbook* workbook;
  ~workbook_closer() {
    if (workbook) workbook_close(workbook);
  }
  lxw_error close() {
    lxw_workbook* closing = std::exchange(workbook, nullptr);
    return workbook_close(closing);
  }
};

}  // namespace

void write_reports_xlsx(const report_source& reports, const flow_schemas& schemas, const storage::report_statistics* statistics,
                        const std::string& path) {
  // The rows wait in temporary files until the workbook is zipped: beside the export, on the disk the
  // staff member chose, rather than in a /tmp that may be memory.
  std::string temporary_directory = std::filesystem::path(path).parent_path().string();
  if (temporary_directory.empty()) temporary_directory = ".";
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = temporary_directory.data();
  workbook_closer workbook{workbook_new_opt(path.c_str(), &options)};
  if (!workbook.workbook) throw export_file_error("cannot create " + path);
  workbook_formats formats{workbook_add_format(workbook.workbook), workbook_add_format(workbook.workbook), workbook_add_format(workbook.workbook)};
  format_set_bold(formats.header);
  format_set_bg_color(formats.header, 0xDDEBF7);
  format_set_num_format(formats.date, "yyyy-mm-dd hh:mm");
  format_set_num_format(formats.text, "@");
  std::vector<std::string> sheet_names{"统计"};
  std::vector<flow_sheet> sheets;
  reports([&](const storage::report_record& r) {
    auto found = std::find_if(sheets.begin(), sheets.end(), [&](const flow_sheet& s) { return s.flow_id == r.flow_id; });
    flow_sheet& target = found != sheets.end() ? *found : add_flow_sheet(workbook.workbook, sheets, sheet_names, r.flow_id, schemas, formats);
    write_row(target, parsed_submission(r), formats);
  });
  // An empty export still has its headers.
  if (sheets.empty()) add_flow_sheet(workbook.workbook, sheets, sheet_names, difficulty_report_flow, schemas, formats);
  for (const auto& written : sheets) {
    worksheet_freeze_panes(written.sheet, 1, 0);
    worksheet_autofilter(written.sheet, 0, 0, written.next_row > 1 ? written.next_row - 1 : 1, static_cast<lxw_col_t>(written.columns.size() - 1));
  }
  if (statistics) write_statistics_sheet(workbook.workbook, *statistics, formats);
  if (workbook.close() != LXW_NO_ERROR) throw export_file_error("cannot write " + path);
}

}  // namespace intake::runtime
