#include "bot/cli/staff_commands.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <functional>
#include <sstream>
#include <optional>
#include <ostream>
#include <set>

#include <nlohmann/json.hpp>

#include "bot/cli/option_parser.h"
#include "bot/engine/ticket.h"
#include "bot/runtime/case_life.h"
#include "bot/runtime/case_rules.h"
#include "bot/runtime/data_paths.h"
#include "bot/runtime/masking.h"
#include "bot/runtime/report_export_job.h"
#include "bot/runtime/report_exporter.h"
#include "bot/runtime/staff_desk.h"
#include "bot/runtime/turn_runner.h"
#include "bot/runtime/working_calendar.h"
#include "bot/text/search_terms.h"
#include "bot/text/utf8.h"
#include "storage/sqlite_store.h"
#include "storage/statistics_median.h"

namespace intake::cli {
namespace {

constexpr std::size_t search_limit = 50;
// `reports show` prints the end of the conversation; --transcript prints all of it.
constexpr std::size_t recent_transcript_lines = 20;
// In that short view, a long bot message (a summary, a menu) shows its first lines only.
constexpr std::size_t short_view_message_lines = 2;

const std::set<std::string> report_filter_flags{"status", "province", "city", "industry", "difficulty", "from", "to",
                                                "search", "flow", "answer", "assignee", "department"};

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string joined;
  for (const auto& item : items) joined += (joined.empty() ? "" : separator) + item;
  return joined;
}

runtime::report_query report_query_from(const option_parser& options) {
  runtime::report_query query;
  query.status = options.get_or("status", "");
  query.province = options.get_or("province", "");
  query.city = options.get_or("city", "");
  query.industry = options.get_or("industry", "");
  query.difficulty = options.get_or("difficulty", "");
  query.search = options.get_or("search", "");
  query.flow = options.get_or("flow", "");
  for (const auto& answer : options.get_all("answer")) {
    const auto equals = answer.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == answer.size())
      throw usage_error("--answer is written SLOT=VALUE, e.g. --answer difficulties=资金");
    query.answers.emplace_back(answer.substr(0, equals), answer.substr(equals + 1));
  }
  query.from = options.get_or("from", "");
  query.to = options.get_or("to", "");
  query.assignee = options.get_or("assignee", "");
  query.department = options.get_or("department", "");
  return query;
}

// Flags that take no value (--transcript) become --name=1 for the parser.
std::vector<std::string> with_switches(std::vector<std::string> args, const std::set<std::string>& switches) {
  for (auto& arg : args)
    if (arg.rfind("--", 0) == 0 && switches.count(arg.substr(2))) arg += "=1";
  return args;
}

// Who looked, for the access log: the staff member named with --by, else the login.
std::string cli_actor(const option_parser& options) {
  if (auto by = options.get("by"); by && !by->empty()) return *by;
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user && *user ? user : "unknown");
}

std::string required_actor(const option_parser& options, const char* why) {
  const auto by = options.get("by");
  if (!by || by->empty()) throw usage_error(std::string("--by NAME says who ") + why);
  if (!text::is_valid_utf8(*by)) throw usage_error("--by must be valid UTF-8");
  return *by;
}

void print_line(std::ostream& out, const storage::transcript_line& line, std::size_t max_message_lines) {
  out << engine::format_china_time(line.at_ms) << "  " << line.channel << "  " << (line.direction == "in" ? "owner" : "bot  ");
  if (!line.actor.empty()) out << " [staff " << line.actor << "]";
  out << "  " << line.user_id << "\n    ";
  std::size_t lines = 1;
  for (std::size_t i = 0; i < line.text.size(); ++i) {
    const char c = line.text[i];
    if (c == '\n' && lines == max_message_lines) {
      std::size_t rest = 1;
      for (std::size_t j = i + 1; j < line.text.size(); ++j) rest += line.text[j] == '\n';
      out << "\n    …（另有 " << rest << " 行）";
      break;
    }
    out << c;
    if (c == '\n') {
      out << "    ";
      ++lines;
    }
  }
  out << '\n';
}

// Columns a label takes on a terminal: Chinese characters take two, ASCII one.
std::size_t terminal_width(const std::string& label) {
  std::size_t width = 0;
  for (unsigned char c : label)
    if (c < 0x80) ++width;
    else if (c >= 0xC0) width += 2;  // the lead byte of a character outside ASCII
  return width;
}

// The widest label, 统一社会信用代码, and two spaces.
constexpr std::size_t label_columns = 18;

// The names chosen in a submission's multiple-choice answers (the difficulty report's difficulties),
// which tell a clerk what a case is about.
std::string multiple_choices(const storage::report_record& r) {
  std::vector<std::string> chosen;
  const auto names = nlohmann::json::parse(r.names_json, nullptr, false);
  if (names.is_object())
    for (const auto& [slot, value] : names.items())
      if (value.is_array())
        for (const auto& name : value)
          if (name.is_string()) chosen.push_back(name.get<std::string>());
  return join(chosen, "、");
}

std::string shown_credit_code(const std::string& code) { return code.empty() ? "暂无代码" : runtime::mask_credit_code(code); }

// "逾期" past its time limit, "今日到期" due by the end of today, else nothing (case_rules.h).
std::string due_mark(const runtime::case_rules& rules, const storage::report_record& r, std::int64_t now_ms) {
  const auto due = rules.due_ms(r.status, r.clock_from_ms);
  if (!due) return "";
  if (*due <= now_ms) return "逾期";
  if (*due <= runtime::working_calendar::end_of_day(now_ms)) return "今日到期";
  return "";
}

int list(const std::vector<std::string>& args, const char* argv0, std::ostream& out) {
  std::set<std::string> flags = report_filter_flags;
  flags.insert("db");
  flags.insert("due");
  flags.insert("data-dir");
  option_parser options(flags);
  options.parse(args, 2);
  const auto rules = runtime::case_rules::load_or_throw(runtime::find_data_dir(options.get("data-dir"), argv0));
  const std::int64_t now = runtime::turn_runner::system_now_ms();
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::staff_desk desk(store);
  auto query = report_query_from(options);
  if (const auto due = options.get("due")) {
    const auto windows = rules.due_filter(*due, now);
    if (!windows) throw usage_error("--due is overdue or today");
    query.due = *windows;
  }
  // Counted first (up to a bound) and then written as they are read: a province's list is never held whole.
  storage::report_page_request first;
  first.limit = 1;
  const auto counted = desk.page(query, first);
  out << (counted.total_is_at_least ? "more than " : "") << counted.total << " report(s)\n";
  desk.each(query, [&](const storage::report_record& r) {
    out << r.ticket << '\t' << runtime::status_chinese(r.status) << '\t' << engine::format_china_time(r.created_at_ms) << '\t' << r.province
        << r.city << '\t' << r.industry_code << '\t' << multiple_choices(r) << '\t' << r.company_name << '\t'
        << shown_credit_code(r.credit_code) << '\t' << r.contact_name << ' ' << runtime::mask_phone(r.contact_phone) << '\t' << r.flow_id << '\t'
        << r.department << '\t' << r.assignee << '\t' << due_mark(rules, r, now) << '\n';
  });
  return 0;
}

int show(const std::vector<std::string>& args, std::ostream& out) {
  option_parser options({"db", "by", "transcript"}, 1);
  options.parse(with_switches(args, {"transcript"}), 2);
  if (options.positionals().size() != 1) throw usage_error("reports show needs a ticket");
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::staff_desk desk(store);
  // The full phone number and credit code are on this page, so who looked is recorded.
  const auto file = desk.open_case(options.positionals().front(), cli_actor(options), runtime::turn_runner::system_now_ms());
  for (const auto& [label, value] : runtime::labelled_fields(file.report, desk.schemas())) {
    out << label;
    for (std::size_t width = terminal_width(label); width < label_columns; ++width) out << ' ';
    out << value << '\n';
  }
  out << "\n办理记录:\n";
  for (const auto& h : file.history)
    out << "  " << engine::format_china_time(h.at_ms) << "  " << runtime::status_chinese(h.status) << "  " << h.actor
        << (h.note.empty() ? "" : "  " + h.note) << '\n';
  if (!file.thread.empty()) {
    out << "\n往来消息（共 " << file.thread.size() << " 条）:\n";
    for (const auto& message : file.thread)
      out << "  " << engine::format_china_time(message.at_ms) << "  " << (message.author == "owner" ? "企业" : "工作人员 " + message.actor) << "  "
          << message.text << '\n';
  }
  const bool whole = options.get("transcript").has_value();
  const std::size_t total = file.transcript.size();
  const std::size_t first = whole || total <= recent_transcript_lines ? 0 : total - recent_transcript_lines;
  if (first == 0)
    out << "\n对话记录（共 " << total << " 条）:\n";
  else
    out << "\n对话记录（最近 " << recent_transcript_lines << " 条，共 " << total << " 条；--transcript 显示全部）:\n";
  for (std::size_t i = first; i < total; ++i) print_line(out, file.transcript[i], whole ? SIZE_MAX : short_view_message_lines);
  return 0;
}

int set_status(const std::vector<std::string>& args, std::ostream& out) {
  option_parser options({"db", "note", "by"}, 2);
  options.parse(args, 2);
  if (options.positionals().size() != 2) throw usage_error("reports set-status needs a ticket and a status");
  const std::string by = required_actor(options, "made the change; it is kept in the history");
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::staff_desk desk(store);
  const auto report = desk.change_status(options.positionals()[0], options.positionals()[1], options.get_or("note", ""), by,
                                         runtime::turn_runner::system_now_ms());
  out << report.ticket << " is now " << runtime::status_chinese(report.status) << " (" << report.status << "); the owner will be told\n";
  return 0;
}

int assign(const std::vector<std::string>& args, std::ostream& out) {
  option_parser options({"db", "by"}, 2);
  options.parse(args, 2);
  if (options.positionals().size() != 2) throw usage_error("reports assign needs a ticket and the staff member's name (\"\" to unassign)");
  const std::string by = required_actor(options, "made the assignment; it is kept in the history");
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::staff_desk desk(store);
  const auto report = desk.assign(options.positionals()[0], options.positionals()[1], by, runtime::turn_runner::system_now_ms());
  out << report.ticket << (report.assignee.empty() ? std::string(" is assigned to nobody now") : " is handled by " + report.assignee) << '\n';
  return 0;
}

int route(const std::vector<std::string>& args, const char* argv0, std::ostream& out) {
  option_parser options({"db", "by", "reason", "data-dir"}, 2);
  options.parse(args, 2);
  if (options.positionals().size() != 2) throw usage_error("reports route needs a ticket and a department, with --reason \"…\" and --by NAME");
  const std::string by = required_actor(options, "routed the case; it is kept in the history");
  const auto rules = runtime::case_rules::load_or_throw(runtime::find_data_dir(options.get("data-dir"), argv0));
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::staff_desk desk(store);
  const auto report = desk.route(options.positionals()[0], options.positionals()[1], options.get_or("reason", ""), rules, by,
                                 runtime::turn_runner::system_now_ms());
  out << report.ticket << " routed to " << report.department << "; the owner will be told\n";
  return 0;
}

int reopen(const std::vector<std::string>& args, std::ostream& out) {
  option_parser options({"db", "note", "by"}, 1);
  options.parse(args, 2);
  if (options.positionals().size() != 1) throw usage_error("reports reopen needs a ticket");
  const std::string by = required_actor(options, "reopened the case; it is kept in the history");
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::staff_desk desk(store);
  const auto report = desk.reopen(options.positionals()[0], options.get_or("note", ""), by, runtime::turn_runner::system_now_ms());
  out << report.ticket << " is reopened: " << runtime::status_chinese(report.status) << " (" << report.status << "); the owner will be told\n";
  return 0;
}

int export_reports(const std::vector<std::string>& args, std::ostream& out) {
  std::set<std::string> flags = report_filter_flags;
  flags.insert({"db", "format", "output", "by"});
  option_parser options(flags);
  options.parse(args, 2);
  const auto format = runtime::export_format_named(options.get_or("format", "json"));
  if (!format) throw usage_error("--format must be json, csv or xlsx");
  const auto output = options.get("output");
  if (output && output->empty()) throw usage_error("--output needs a file name");
  if (*format == runtime::export_format::xlsx && !output) throw usage_error("--format xlsx writes a file: add --output FILE.xlsx");
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::staff_desk desk(store);
  runtime::report_export_job job(desk, report_query_from(options), *format);
  // On a terminal, how far a long export has come; a pipe or a file gets nothing extra.
  runtime::report_export_job::progress_callback progress;
  if (::isatty(STDERR_FILENO) == 1)
    progress = [total = job.reports()](std::int64_t written) {
      std::cerr << "\rexporting: " << written << " of " << total << " report(s)   " << (written == total ? "\n" : "") << std::flush;
    };
  const std::string actor = cli_actor(options);
  const std::int64_t now = runtime::turn_runner::system_now_ms();
  if (!output) {
    job.write(out, actor, now, progress);
    return 0;
  }
  try {
    job.write_file(*output, actor, now, progress);
  } catch (const runtime::export_file_error& error) {
    throw usage_error(error.what());
  }
  out << "wrote " << job.reports() << " report(s) to " << *output << '\n';
  return 0;
}

std::string median_text(const std::vector<std::int64_t>& values) {
  const auto median = storage::median_ms(values);
  if (!median) return "—";
  char text[64];
  std::snprintf(text, sizeof text, "%.1f h (%zu report(s))", *median / 3600000.0, values.size());
  return text;
}

void print_cells(std::ostream& out, const std::string& title, const std::vector<storage::count_cell>& cells, bool status_names = false) {
  out << title << '\n';
  if (cells.empty()) out << "  (none)\n";
  for (const auto& cell : cells)
    out << "  " << cell.value << '\t' << (status_names ? runtime::status_chinese(cell.by) : cell.by) << '\t' << cell.count << '\n';
}

}  // namespace

namespace {

int stats_command(const std::vector<std::string>& args, const char* argv0, std::ostream& out) {
  option_parser options({"db", "flow", "count", "by", "data-dir"});
  options.parse(args, 1);
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::staff_desk desk(store);
  const std::string flow = options.get_or("flow", ""), by = options.get_or("by", "");
  // A run of the command counts whatever the server has not counted yet (the first after a large
  // import may take a while: shown on a terminal).
  const bool on_terminal = ::isatty(STDERR_FILENO) == 1;
  for (std::int64_t left = store.catch_up_statistics(storage::staff_aggregates::batch_reports); left > 0;
       left = store.catch_up_statistics(storage::staff_aggregates::batch_reports))
    if (on_terminal) std::cerr << "\rcounting submissions: " << left << " to go   " << std::flush;
  if (on_terminal) std::cerr << "\r                                        \r" << std::flush;
  const auto statistics = desk.statistics(flow, options.get_or("count", ""), by);
  // Without --count, what staff always read: the difficulty report's difficulties.
  const std::string counted = options.get("count") ? "Reports by " + *options.get("count") : "Reports by difficulty";
  if (by.empty()) {
    print_cells(out, counted + " × province:", statistics.by_province);
    print_cells(out, counted + " × industry:", statistics.by_industry);
    print_cells(out, counted + " × status:", statistics.by_status, true);
    print_cells(out, counted + " × week:", statistics.by_week);
  } else {  // the breakdown asked for, and the statuses every count is read against
    print_cells(out, counted + " × " + by + ":", statistics.by_answer);
    print_cells(out, counted + " × status:", statistics.by_status, true);
  }
  out << "Median time from submission to acceptance: " << median_text(statistics.ms_to_acceptance) << '\n';
  out << "Median time from submission to closing: " << median_text(statistics.ms_to_closing) << '\n';
  const auto rules = runtime::case_rules::load_or_throw(runtime::find_data_dir(options.get("data-dir"), argv0));
  out << "Answered in time (closed within " << rules.answer_working_days() << " working day(s)) × department:\n";
  for (const auto& row : desk.timeliness(rules))
    out << "  " << (row.department.empty() ? "（未转办）" : row.department) << '\t' << row.in_time << " of " << row.closed << '\t'
        << (row.closed ? row.in_time * 100 / row.closed : 0) << "%\n";
  const auto satisfaction = desk.satisfaction();
  out << "Satisfaction (回访, each case's latest rating) × department × month:\n";
  for (const auto& cell : satisfaction)
    out << "  " << (cell.department.empty() ? "（未转办）" : cell.department) << '\t' << cell.month << '\t' << runtime::rating_chinese(cell.rating)
        << '\t' << cell.count << '\n';
  const auto unanswered = store.unanswered_questions();
  out << "Unanswered policy questions (" << unanswered.size() << "):\n";
  for (const auto& q : unanswered) out << "  " << q.times << '\t' << q.question << '\n';
  return 0;
}

int reply_command(const std::vector<std::string>& args, std::ostream& out) {
  option_parser options({"db", "by"}, 2);
  options.parse(args, 1);
  if (options.positionals().size() != 2) throw usage_error("reply needs a user or a ticket, and the text in quotes");
  const std::string by = required_actor(options, "replies; the owner and the transcript see it");
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::staff_desk desk(store);
  const std::string owner = desk.reply(options.positionals()[0], options.positionals()[1], by, runtime::turn_runner::system_now_ms());
  out << "reply recorded for " << owner << "; a connected owner gets it at once, any other with their next message\n";
  return 0;
}

int handoff_command(const std::vector<std::string>& args, std::ostream& out) {
  if (args.size() < 2 || (args[1] != "list" && args[1] != "close")) throw usage_error("handoff needs a subcommand: list or close");
  option_parser options({"db", "by"}, args[1] == "close" ? 1 : 0);
  options.parse(args, 2);
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  const std::int64_t now = runtime::turn_runner::system_now_ms();
  if (args[1] == "close") {
    if (options.positionals().size() != 1) throw usage_error("handoff close needs a user and --by NAME");
    const std::string by = required_actor(options, "closed the handoff");
    runtime::staff_desk desk(store);
    desk.close_handoff(options.positionals().front(), by, now);
    out << "handoff of " << options.positionals().front() << " closed; the owner is back with the bot\n";
    return 0;
  }
  const auto waiting = store.waiting_for_staff();
  out << waiting.size() << " conversation(s) waiting for staff\n";
  for (const auto& w : waiting)
    out << w.user_id << "\twaiting " << (now - w.since_ms) / 60000 << " min\tsince " << engine::format_china_time(w.since_ms) << '\n';
  return 0;
}

int cases_command(const std::vector<std::string>& args, std::ostream& out) {
  if (args.size() < 2 || (args[1] != "inbox" && args[1] != "close-thread")) throw usage_error("cases needs a subcommand: inbox or close-thread");
  option_parser options({"db", "by"}, args[1] == "close-thread" ? 1 : 0);
  options.parse(args, 2);
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::staff_desk desk(store);
  const std::int64_t now = runtime::turn_runner::system_now_ms();
  if (args[1] == "close-thread") {
    if (options.positionals().size() != 1) throw usage_error("cases close-thread needs a ticket and --by NAME");
    const std::string by = required_actor(options, "closed the thread");
    desk.close_thread(options.positionals().front(), by, now);
    out << options.positionals().front() << ": thread closed; the owner's next messages go to the bot\n";
    return 0;
  }
  const auto inbox = desk.inbox();
  out << inbox.size() << " case(s) with unread messages from owners\n";
  for (const auto& entry : inbox)
    out << entry.ticket << '\t' << entry.unread << " unread\twaiting " << (now - entry.oldest_unread_ms) / 60000 << " min\t"
        << runtime::status_chinese(entry.status) << '\t' << entry.company_name << '\t'
        << runtime::mask_in_text(text::truncate_code_points(entry.latest_text, 60)) << '\n';
  return 0;
}

int transcript_command(const std::vector<std::string>& args, std::ostream& out) {
  const bool search = args.size() >= 2 && args[1] == "search";
  option_parser options({"db", "by"}, search ? 32 : 1);
  options.parse(args, search ? 2 : 1);
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::staff_desk desk(store);
  const std::int64_t now = runtime::turn_runner::system_now_ms();
  if (search) {
    const auto found = desk.search(join(options.positionals(), " "), search_limit, cli_actor(options), now);
    out << found.lines.size() << " line(s)" << (found.lines.size() == search_limit ? " (the most recent 50)" : "") << '\n';
    if (!found.index.complete())
      out << "索引重建中（" << found.index.percent() << "%，已索引 " << found.index.indexed_lines << " / " << found.index.total_lines
          << " 行）：结果只来自已索引的部分，稍后再搜可得全部 / the search index is being rebuilt: results come from the indexed lines only\n";
    for (const auto& line : found.lines) print_line(out, line, SIZE_MAX);
    return 0;
  }
  if (options.positionals().size() != 1) throw usage_error("transcript needs a user or a ticket, or: transcript search WORDS");
  for (const auto& line : desk.transcript(options.positionals().front(), cli_actor(options), now)) print_line(out, line, SIZE_MAX);
  return 0;
}

}  // namespace

int printed_for_terminal(std::ostream& out, const std::function<int(std::ostream&)>& command) {
  std::ostringstream captured;
  const int code = command(captured);
  out << text::escape_for_terminal(captured.str());
  return code;
}

int reports_staff(const std::vector<std::string>& args, const char* argv0, std::ostream& out, std::ostream&) {
  const std::string sub = args.size() >= 2 ? args[1] : "";
  // An export is data for a file or a program, written as it is (JSON escapes control characters;
  // the CSV quotes them); everything else is read on a terminal.
  if (sub == "export") return export_reports(args, out);
  return printed_for_terminal(out, [&](std::ostream& safe) {
    if (sub == "list") return list(args, argv0, safe);
    if (sub == "show") return show(args, safe);
    if (sub == "set-status") return set_status(args, safe);
    if (sub == "reopen") return reopen(args, safe);
    if (sub == "assign") return assign(args, safe);
    if (sub == "route") return route(args, argv0, safe);
    throw usage_error("reports needs a subcommand: list, show, set-status, assign, route, reopen or export");
  });
}

int reply(const std::vector<std::string>& args, std::ostream& out) {
  return printed_for_terminal(out, [&](std::ostream& safe) { return reply_command(args, safe); });
}

int sessions(const std::vector<std::string>& args, std::ostream& out) {
  return printed_for_terminal(out, [&](std::ostream& safe) {
    if (args.size() < 2 || args[1] != "revoke") throw usage_error("sessions needs a subcommand: revoke");
    option_parser options({"db", "by"}, 1);
    options.parse(args, 2);
    if (options.positionals().size() != 1) throw usage_error("sessions revoke needs a user");
    const std::string by = required_actor(options, "signed the owner out; it is kept in the access log");
    storage::sqlite_store store(options.get_or("db", "intake.db"));
    runtime::staff_desk desk(store, &store);
    const int revoked = desk.revoke_sessions(options.positionals().front(), by, runtime::turn_runner::system_now_ms());
    safe << options.positionals().front() << ": " << revoked << " resume token(s) revoked; that device must start a new conversation\n";
    return 0;
  });
}

int handoff(const std::vector<std::string>& args, std::ostream& out) {
  return printed_for_terminal(out, [&](std::ostream& safe) { return handoff_command(args, safe); });
}

int cases(const std::vector<std::string>& args, std::ostream& out) {
  return printed_for_terminal(out, [&](std::ostream& safe) { return cases_command(args, safe); });
}

int transcript(const std::vector<std::string>& args, std::ostream& out) {
  return printed_for_terminal(out, [&](std::ostream& safe) { return transcript_command(args, safe); });
}

int stats(const std::vector<std::string>& args, const char* argv0, std::ostream& out) {
  return printed_for_terminal(out, [&](std::ostream& safe) { return stats_command(args, argv0, safe); });
}

}  // namespace intake::cli
