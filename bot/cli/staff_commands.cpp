#include "bot/cli/staff_commands.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ostream>

#include "bot/cli/option_parser.h"
#include "bot/engine/ticket.h"
#include "bot/runtime/masking.h"
#include "bot/runtime/turn_runner.h"
#include "bot/text/search_terms.h"
#include "bot/text/utf8.h"
#include "storage/sqlite_store.h"
#include "storage/statistics_median.h"

namespace intake::cli {
namespace {

constexpr std::size_t max_reply_chars = 2000;
constexpr std::size_t search_limit = 50;

const std::vector<std::string> statuses{"new", "accepted", "in_progress", "closed", "returned"};

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "" : separator) + item;
  return joined;
}

std::int64_t parse_day(const std::string& day) {
  auto start = engine::parse_china_day(day);
  if (!start) throw usage_error("dates are written YYYY-MM-DD, e.g. 2020-03-01");
  return *start;
}

void print_line(std::ostream& out, const storage::transcript_line& line) {
  out << engine::format_china_time(line.at_ms) << "  " << line.channel << "  " << (line.direction == "in" ? "owner" : "bot  ");
  if (!line.actor.empty()) out << " [staff " << line.actor << "]";
  out << "  " << line.user_id << "\n    ";
  for (char c : line.text) {
    out << c;
    if (c == '\n') out << "    ";
  }
  out << '\n';
}

}  // namespace

const std::set<std::string> report_filter_flags{"status", "province", "city", "industry", "difficulty", "from", "to", "search"};

storage::report_filter report_filter_from(const option_parser& options) {
  storage::report_filter filter;
  filter.status = options.get_or("status", "");
  if (!filter.status.empty() && std::find(statuses.begin(), statuses.end(), filter.status) == statuses.end())
    throw usage_error("--status must be one of " + join(statuses, ", "));
  filter.province = options.get_or("province", "");
  filter.city = options.get_or("city", "");
  filter.industry = options.get_or("industry", "");
  filter.difficulty = options.get_or("difficulty", "");
  filter.text = options.get_or("search", "");
  if (auto from = options.get("from")) filter.from_ms = parse_day(*from);
  if (auto to = options.get("to")) filter.to_ms = parse_day(*to) + 24LL * 3600 * 1000;
  return filter;
}

namespace {

int list(const std::vector<std::string>& args, std::ostream& out) {
  std::set<std::string> flags = report_filter_flags;
  flags.insert("db");
  option_parser options(flags);
  options.parse(args, 2);
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  const auto reports = store.list_reports(report_filter_from(options));
  out << reports.size() << " report(s)\n";
  for (const auto& r : reports)
    out << r.ticket << '\t' << r.status << '\t' << engine::format_china_time(r.created_at_ms) << '\t' << r.province << r.city << '\t'
        << r.industry_code << '\t' << join(r.difficulties, "、") << '\t' << r.company_name << '\t'
        << runtime::mask_credit_code(r.credit_code) << '\t' << r.contact_name << ' ' << runtime::mask_phone(r.contact_phone) << '\n';
  return 0;
}

int show(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  option_parser options({"db"}, 1);
  options.parse(args, 2);
  if (options.positionals().size() != 1) throw usage_error("reports show needs a ticket");
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  const auto report = store.find_report(options.positionals().front());
  if (!report) {
    err << "intake: no report has the ticket " << options.positionals().front() << '\n';
    return 1;
  }
  const auto& r = *report;
  // The full phone number and credit code are on this page, so who looked is recorded.
  const char* user = std::getenv("USER");
  store.log_access(std::string("cli:") + (user && *user ? user : "unknown"), "show_report", r.ticket, runtime::turn_runner::system_now_ms());
  out << "受理编号 " << r.ticket << "  状态 " << r.status << "  提交 " << engine::format_china_time(r.created_at_ms) << "  渠道 " << r.channel
      << "  用户 " << r.user_id << '\n'
      << "企业名称 " << r.company_name << "\n统一社会信用代码 " << r.credit_code << "\n地区 " << r.province << ' ' << r.city << "\n行业 "
      << r.industry_code << ' ' << r.industry << "\n从业人员 " << r.employees << "，已返岗 " << r.returned_employees << "\n复工情况 "
      << r.resumption_status << "\n困难类别 " << join(r.difficulties, "、") << '\n';
  if (r.funding_gap_wan) out << "资金缺口 " << *r.funding_gap_wan << " 万元\n";
  if (r.labor_gap) out << "用工缺口 " << *r.labor_gap << " 人\n";
  out << "困难描述 " << r.description << "\n希望得到的帮助 " << r.help_wanted.value_or("无") << "\n联系人 " << r.contact_name << ' '
      << r.contact_phone << "\n\n办理记录:\n";
  for (const auto& h : store.report_history(r.ticket))
    out << "  " << engine::format_china_time(h.at_ms) << "  " << h.status << "  " << h.actor << (h.note.empty() ? "" : "  " + h.note) << '\n';
  out << "\n对话记录:\n";
  for (const auto& line : store.transcript_of(r.user_id)) print_line(out, line);
  return 0;
}

int set_status(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  option_parser options({"db", "note", "by"}, 2);
  options.parse(args, 2);
  if (options.positionals().size() != 2) throw usage_error("reports set-status needs a ticket and a status");
  const std::string& ticket = options.positionals()[0];
  const std::string& status = options.positionals()[1];
  if (std::find(statuses.begin(), statuses.end(), status) == statuses.end()) throw usage_error("the status must be one of " + join(statuses, ", "));
  const auto by = options.get("by");
  if (!by || by->empty()) throw usage_error("--by NAME says who made the change; it is kept in the history");
  const std::string note = options.get_or("note", "");
  if (!text::is_valid_utf8(note) || !text::is_valid_utf8(*by)) throw usage_error("--note and --by must be valid UTF-8");
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  try {
    const auto report = store.set_report_status(ticket, status, note, *by, runtime::turn_runner::system_now_ms());
    out << report.ticket << " is now " << report.status << "; the owner will be told\n";
    return 0;
  } catch (const storage::status_change_error& error) {
    err << "intake: " << error.what() << '\n';
    return 1;
  }
}

std::string median_text(const std::vector<std::int64_t>& values) {
  const auto median = storage::median_ms(values);
  if (!median) return "—";
  char text[64];
  std::snprintf(text, sizeof text, "%.1f h (%zu report(s))", *median / 3600000.0, values.size());
  return text;
}

void print_cells(std::ostream& out, const char* title, const std::vector<storage::count_cell>& cells) {
  out << title << '\n';
  if (cells.empty()) out << "  (none)\n";
  for (const auto& cell : cells) out << "  " << cell.difficulty << '\t' << cell.by << '\t' << cell.count << '\n';
}

}  // namespace

int stats(const std::vector<std::string>& args, std::ostream& out) {
  option_parser options({"db"});
  options.parse(args, 1);
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  const auto statistics = store.statistics();
  print_cells(out, "Reports by difficulty × province:", statistics.by_province);
  print_cells(out, "Reports by difficulty × industry:", statistics.by_industry);
  print_cells(out, "Reports by difficulty × status:", statistics.by_status);
  print_cells(out, "Reports by difficulty × week:", statistics.by_week);
  out << "Median time from submission to acceptance: " << median_text(statistics.ms_to_acceptance) << '\n';
  out << "Median time from submission to closing: " << median_text(statistics.ms_to_closing) << '\n';
  const auto unanswered = store.unanswered_questions();
  out << "Unanswered policy questions (" << unanswered.size() << "):\n";
  for (const auto& q : unanswered) out << "  " << q.times << '\t' << q.question << '\n';
  return 0;
}

int reports_staff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args[1] == "list") return list(args, out);
  if (args[1] == "show") return show(args, out, err);
  if (args[1] == "set-status") return set_status(args, out, err);
  throw usage_error("reports needs a subcommand: list, show, set-status or export");
}

int reply(const std::vector<std::string>& args, std::ostream& out) {
  option_parser options({"db", "by"}, 2);
  options.parse(args, 1);
  if (options.positionals().size() != 2) throw usage_error("reply needs a user and the text in quotes");
  const auto by = options.get("by");
  if (!by || by->empty()) throw usage_error("--by NAME says who replies; the owner and the transcript see it");
  const std::string& user = options.positionals()[0];
  const std::string& text = options.positionals()[1];
  if (!text::is_valid_utf8(text) || text.empty() || text::count_code_points(text) > max_reply_chars)
    throw usage_error("the reply must be valid UTF-8, 1 to 2000 characters");
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  store.add_staff_reply({user, "out", "staff", text, runtime::turn_runner::system_now_ms(), *by, text::search_terms(text)});
  out << "reply recorded for " << user << "; it reaches them with their next message\n";
  return 0;
}

int handoff(const std::vector<std::string>& args, std::ostream& out) {
  if (args.size() < 2 || (args[1] != "list" && args[1] != "close")) throw usage_error("handoff needs a subcommand: list or close");
  option_parser options({"db", "by"}, args[1] == "close" ? 1 : 0);
  options.parse(args, 2);
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  const std::int64_t now = runtime::turn_runner::system_now_ms();
  if (args[1] == "close") {
    const auto by = options.get("by");
    if (options.positionals().size() != 1 || !by) throw usage_error("handoff close needs a user and --by NAME");
    store.close_handoff(options.positionals().front(), *by, now);
    out << "handoff of " << options.positionals().front() << " closed; the owner is back with the bot\n";
    return 0;
  }
  const auto waiting = store.waiting_for_staff();
  out << waiting.size() << " conversation(s) waiting for staff\n";
  for (const auto& w : waiting)
    out << w.user_id << "\twaiting " << (now - w.since_ms) / 60000 << " min\tsince " << engine::format_china_time(w.since_ms) << '\n';
  return 0;
}

int transcript(const std::vector<std::string>& args, std::ostream& out) {
  if (args.size() >= 2 && args[1] == "search") {
    option_parser options({"db"}, 32);
    options.parse(args, 2);
    const std::string words = join(options.positionals(), " ");
    if (!text::is_valid_utf8(words)) throw usage_error("search words must be valid UTF-8");
    const std::string query = text::search_query(words);
    if (query.empty()) throw usage_error("search needs a word of at least two Chinese characters, or a letter or digit");
    storage::sqlite_store store(options.get_or("db", "intake.db"));
    const auto lines = store.search_transcript(query, search_limit);
    out << lines.size() << " line(s)" << (lines.size() == search_limit ? " (the most recent 50)" : "") << '\n';
    for (const auto& line : lines) print_line(out, line);
    return 0;
  }
  option_parser options({"db"}, 1);
  options.parse(args, 1);
  if (options.positionals().size() != 1) throw usage_error("transcript needs a user or a ticket, or: transcript search WORDS");
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  std::string user = options.positionals().front();
  if (auto ticket = engine::find_ticket(user); ticket && user.size() <= 17)
    if (auto report = store.find_report(*ticket)) user = report->user_id;
  for (const auto& line : store.transcript_of(user)) print_line(out, line);
  return 0;
}

}  // namespace intake::cli
