#include "bot/runtime/staff_desk.h"

#include <map>

#include <algorithm>
#include <cctype>

#include "bot/engine/match_text.h"
#include "bot/engine/ticket.h"
#include "bot/engine/turn.h"
#include "bot/runtime/case_life.h"
#include "bot/text/normalizer.h"
#include "bot/text/search_terms.h"
#include "bot/text/utf8.h"

namespace intake::runtime {
namespace {

using kind = staff_error::kind;

constexpr std::size_t max_filter_bytes = 200;
constexpr std::int64_t day_ms = 24LL * 3600 * 1000;

std::string checked_filter(const std::string& value, const char* name) {
  if (value.size() > max_filter_bytes || !text::is_valid_utf8(value))
    throw staff_error(kind::invalid, std::string(name) + " must be valid UTF-8 of at most 200 bytes");
  return value;
}

std::int64_t day_start(const std::string& day, const char* name) {
  auto start = engine::parse_china_day(day);
  if (!start) throw staff_error(kind::invalid, std::string(name) + ": dates are written YYYY-MM-DD, e.g. 2020-03-01");
  return *start;
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

// What an owner is told of something staff did (engine::notice reads it).
storage::notification_record notice_of(const char* kind, const std::string& ticket, const std::string& status, const std::string& text,
                                       const std::string& actor, std::int64_t now_ms) {
  storage::notification_record notice;
  notice.kind = kind;
  notice.ticket = ticket;
  notice.status = status;
  notice.text = text;
  notice.actor = actor;
  notice.created_at_ms = now_ms;
  return notice;
}

void check_text(const std::string& text, const char* what, std::size_t max_chars, bool required) {
  if (!text::is_valid_utf8(text)) throw staff_error(kind::invalid, std::string(what) + " must be valid UTF-8");
  if (required && blank(text)) throw staff_error(kind::invalid, std::string(what) + " is empty");
  if (text::count_code_points(text) > max_chars)
    throw staff_error(kind::invalid, std::string(what) + " is longer than " + std::to_string(max_chars) + " characters");
}

// A ticket written as a whole (R20200301-7K3QXM, any case), as opposed to a user id.
std::optional<std::string> whole_ticket(const std::string& target) {
  if (target.empty() || target.size() > 17 || !text::is_valid_utf8(target)) return std::nullopt;
  return engine::find_ticket(target);
}

}  // namespace

storage::report_filter staff_desk::filter_from(const report_query& query) {
  storage::report_filter filter;
  if (!query.status.empty()) {
    auto code = status_code_from(checked_filter(query.status, "status"));
    if (!code)
      throw staff_error(kind::invalid, "unknown status \"" + query.status + "\"; use one of " + status_chinese_list() + " (" +
                                           status_codes_list() + ")");
    filter.status = *code;
  }
  filter.province = checked_filter(query.province, "province");
  filter.city = checked_filter(query.city, "city");
  filter.flow_id = checked_filter(query.flow, "flow");
  // The difficulty report's own filter, kept for the clerks who use it: one of its choice answers.
  if (!query.difficulty.empty()) filter.choices.push_back({"difficulties", checked_filter(query.difficulty, "difficulty")});
  for (const auto& [slot, value] : query.answers) {
    if (slot.empty() || value.empty()) throw staff_error(kind::invalid, "an answer filter is written slot=value, e.g. difficulties=资金");
    filter.choices.push_back({checked_filter(slot, "answer"), checked_filter(value, "answer")});
  }
  filter.text = checked_filter(query.search, "search");
  filter.assignee = checked_filter(query.assignee, "assignee");
  filter.department = checked_filter(query.department, "department");
  filter.due = query.due;
  const std::string industry = text::normalizer::instance().for_matching(checked_filter(query.industry, "industry"));
  // One letter is the industry's code (GB/T 4754 sections A–T); anything else a part of its name.
  if (industry.size() == 1 && industry[0] >= 'a' && industry[0] <= 't')
    filter.industry_code = std::string(1, static_cast<char>(industry[0] - 'a' + 'A'));
  else
    filter.industry_name = industry;
  if (!query.from.empty()) filter.from_ms = day_start(query.from, "from");
  if (!query.to.empty()) filter.to_ms = day_start(query.to, "to") + day_ms;
  return filter;
}

std::vector<storage::report_record> staff_desk::list(const report_query& query) { return store_.list_reports(filter_from(query)); }

storage::report_page staff_desk::page(const report_query& query, const storage::report_page_request& request) {
  // Skipped reports are read and filtered one by one: numbered pages stop where that would cost more
  // than a view should.
  constexpr std::size_t numbered_pages_depth = 10000;
  if (request.offset + request.limit > numbered_pages_depth)
    throw staff_error(kind::invalid, "numbered pages reach " + std::to_string(numbered_pages_depth) +
                                         " reports deep; go on with the cursor each page gives (next)");
  return store_.list_reports_page(filter_from(query), request);
}

void staff_desk::each(const report_query& query, const std::function<void(const storage::report_record&)>& visit) {
  store_.for_each_report(filter_from(query), storage::report_order::newest_first, visit);
}

std::vector<storage::flow_count> staff_desk::count_by_flow(const report_query& query) { return store_.count_reports_by_flow(filter_from(query)); }

void staff_desk::export_each(const report_query& query, const std::string& what, const std::string& actor, std::int64_t now_ms,
                             const std::function<void(const storage::report_record&)>& visit) {
  store_.log_access(actor, "export_reports", what, now_ms);
  store_.for_each_report(filter_from(query), storage::report_order::oldest_first, visit);
}

storage::report_record staff_desk::existing_report(const std::string& ticket) {
  auto report = store_.find_report(ticket);
  if (!report) throw staff_error(kind::not_found, "no report has the ticket " + ticket);
  return *report;
}

flow_schemas staff_desk::schemas() { return flow_schemas(store_.flow_versions("")); }

storage::report_statistics staff_desk::statistics(const std::string& flow, const std::string& count_slot, const std::string& by_slot) {
  storage::statistics_query query;
  // What staff always counted: the difficulty report's difficulties.
  query.flow_id = flow.empty() ? "report" : checked_filter(flow, "flow");
  query.count_slot = count_slot.empty() ? (flow.empty() || flow == "report" ? "difficulties" : "") : checked_filter(count_slot, "count");
  if (query.count_slot.empty()) throw staff_error(kind::invalid, "say which choice answer of " + query.flow_id + " to count (count=SLOT)");
  query.by_slot = checked_filter(by_slot, "by");
  return store_.statistics(query);
}

case_file staff_desk::open_case(const std::string& ticket, const std::string& actor, std::int64_t now_ms) {
  case_file file{existing_report(ticket), {}, {}, {}};
  store_.log_access(actor, "show_report", file.report.ticket, now_ms);
  file.history = store_.report_history(file.report.ticket);
  file.transcript = store_.transcript_of(file.report.user_id);
  file.thread = store_.case_thread(file.report.ticket);
  store_.mark_case_read(file.report.ticket, now_ms);
  return file;
}

std::vector<storage::inbox_entry> staff_desk::inbox() { return store_.case_inbox(); }

std::vector<staff_desk::timeliness_row> staff_desk::timeliness(const case_rules& rules) {
  std::map<std::string, timeliness_row> by_department;
  for (const auto& closing : store_.case_closings()) {
    auto& row = by_department[closing.department];
    row.department = closing.department;
    ++row.closed;
    if (rules.answered_in_time(closing.clock_from_ms, closing.closed_at_ms)) ++row.in_time;
  }
  std::vector<timeliness_row> rows;
  for (auto& [name, row] : by_department) rows.push_back(std::move(row));
  return rows;
}

void staff_desk::close_thread(const std::string& ticket, const std::string& actor, std::int64_t now_ms) {
  const auto report = existing_report(ticket);
  store_.add_notification(report.user_id, notice_of(engine::notice::thread_closed, report.ticket, "", "", actor, now_ms));
  store_.mark_case_read(report.ticket, now_ms);
}

namespace {

storage::case_message staff_case_message(const storage::report_record& report, const std::string& text, const std::string& actor,
                                         std::int64_t now_ms) {
  return {0, report.ticket, report.user_id, "staff", actor, text, now_ms, 0};
}

}  // namespace

storage::report_record staff_desk::change_status(const std::string& ticket, const std::string& status, const std::string& note,
                                                 const std::string& actor, std::int64_t now_ms) {
  const auto code = status_code_from(status);
  if (!code)
    throw staff_error(kind::invalid, "unknown status \"" + status + "\"; use one of " + status_chinese_list() + " (" + status_codes_list() + ")");
  check_text(note, "the note", max_note_chars, false);
  const auto report = existing_report(ticket);
  if (auto refusal = refused_move(report.status, *code, blank(note) ? "" : note)) throw staff_error(kind::conflict, *refusal);
  const storage::history_record entry{*code, note, actor, now_ms};
  const auto notice = notice_of(engine::notice::status_changed, report.ticket, *code, note, actor, now_ms);
  std::optional<storage::case_message> on_case;
  if (!blank(note)) on_case = staff_case_message(report, note, actor, now_ms);
  switch (store_.move_report_status(report.ticket, report.status, *code, entry, notice, on_case)) {
    case storage::status_move_outcome::moved: break;
    case storage::status_move_outcome::no_such_ticket: throw staff_error(kind::not_found, "no report has the ticket " + ticket);
    case storage::status_move_outcome::status_changed:
      throw staff_error(kind::conflict, "the report " + report.ticket + " was changed meanwhile; look at it again");
  }
  return existing_report(report.ticket);
}

namespace {

void record_handling(storage::conversation_store& store, const storage::report_record& report, const storage::case_handling& change,
                     const std::string& note, const std::optional<storage::notification_record>& notice, const std::string& actor,
                     std::int64_t now_ms) {
  if (!store.set_case_handling(report.ticket, change, {report.status, note, actor, now_ms}, notice))
    throw staff_error(staff_error::kind::not_found, "no report has the ticket " + report.ticket);
}

}  // namespace

storage::report_record staff_desk::assign(const std::string& ticket, const std::string& assignee, const std::string& actor, std::int64_t now_ms) {
  check_text(assignee, "the assignee", 100, false);
  const auto report = existing_report(ticket);
  const std::string name = blank(assignee) ? "" : assignee;
  const std::string note = name.empty() ? "取消分派（原经办人 " + report.assignee + "）" : "分派给 " + name;
  record_handling(store_, report, {name, std::nullopt}, note, std::nullopt, actor, now_ms);
  return existing_report(report.ticket);
}

storage::report_record staff_desk::route(const std::string& ticket, const std::string& department, const std::string& reason,
                                         const case_rules& rules, const std::string& actor, std::int64_t now_ms) {
  check_text(reason, "the reason", max_note_chars, true);
  if (rules.departments().empty())
    throw staff_error(kind::invalid, "no departments are listed: write them in flows/cases/case_rules.json");
  const auto named = rules.department_named(department);
  if (!named) throw staff_error(kind::invalid, "unknown department \"" + department + "\"; use one of " + rules.department_names());
  const auto report = existing_report(ticket);
  if (report.status == "closed" || report.status == "returned")
    throw staff_error(kind::conflict, report.ticket + " is " + status_chinese(report.status) + ": reopen it before routing it");
  record_handling(store_, report, {std::nullopt, *named}, "转办至" + *named + "：" + reason,
                  notice_of(engine::notice::routed, report.ticket, "", *named, actor, now_ms), actor, now_ms);
  return existing_report(report.ticket);
}

storage::report_record staff_desk::reopen(const std::string& ticket, const std::string& note, const std::string& actor, std::int64_t now_ms) {
  const auto report = existing_report(ticket);
  if (report.status != "closed")
    throw staff_error(kind::conflict, "only a closed report can be reopened; " + report.ticket + " is " + status_chinese(report.status) +
                                          " (" + report.status + ")");
  return change_status(report.ticket, "in_progress", note, actor, now_ms);
}

std::string staff_desk::owner_of(const std::string& target) {
  if (auto ticket = whole_ticket(target)) {
    auto report = store_.find_report(*ticket);
    if (!report) throw staff_error(kind::not_found, "no report has the ticket " + *ticket);
    return report->user_id;
  }
  require_conversation(target, " and no report with that ticket");
  return target;
}

void staff_desk::require_conversation(const std::string& user_id, const char* also) {
  if (user_id.empty() || !text::is_valid_utf8(user_id) || !store_.load_conversation(user_id))
    throw staff_error(kind::not_found, "no conversation with the user \"" + (text::is_valid_utf8(user_id) ? user_id : "?") + "\"" + also);
}

std::string staff_desk::reply(const std::string& target, const std::string& text, const std::string& actor, std::int64_t now_ms) {
  check_text(text, "the reply", max_reply_chars, true);
  const std::string owner = owner_of(target);
  auto notice = notice_of(engine::notice::staff_reply, "", "", text, actor, now_ms);
  std::optional<storage::case_message> on_case;
  if (auto ticket = whole_ticket(target)) {
    const auto report = existing_report(*ticket);
    notice.ticket = report.ticket;
    on_case = staff_case_message(report, text, actor, now_ms);
  }
  store_.add_staff_reply({owner, "out", "staff", text, now_ms, actor, text::search_terms(text)}, notice, on_case);
  return owner;
}

void staff_desk::close_handoff(const std::string& user_id, const std::string& actor, std::int64_t now_ms) {
  require_conversation(user_id);
  if (!store_.close_handoff(user_id, notice_of(engine::notice::handoff_closed, "", "", "", actor, now_ms)))
    throw staff_error(kind::conflict, user_id + " is not waiting for staff (or its handoff was closed already)");
}

int staff_desk::revoke_sessions(const std::string& user_id, const std::string& actor, std::int64_t now_ms) {
  if (!tokens_) throw staff_error(kind::invalid, "no resume tokens are kept here");
  require_conversation(user_id);
  const int revoked = tokens_->revoke_resume_tokens(user_id, now_ms);
  store_.log_access(actor, "revoke_sessions", user_id, now_ms);
  return revoked;
}

namespace {

// The group a question is reviewed under: the unanswered list's, so that deciding on a listed
// question removes it from the list.
std::string reviewed_group(const std::string& question) {
  if (!text::is_valid_utf8(question)) throw staff_error(staff_error::kind::invalid, "the question is not valid UTF-8");
  std::string group = engine::question_group(engine::match_form(question));
  if (group.empty()) throw staff_error(staff_error::kind::invalid, "the question has no words");
  return group;
}

}  // namespace

void staff_desk::attach_question(const std::string& question, const std::string& entry_id, const engine::knowledge_base& faq,
                                 const std::string& actor, std::int64_t now_ms) {
  if (!faq.find(entry_id)) throw staff_error(kind::invalid, "the knowledge base has no entry " + entry_id);
  review_question(question, "attached", entry_id, faq, actor, now_ms);
}

void staff_desk::mark_out_of_scope(const std::string& question, const engine::knowledge_base& faq, const std::string& actor, std::int64_t now_ms) {
  review_question(question, "out_of_scope", "", faq, actor, now_ms);
}

void staff_desk::review_question(const std::string& question, const std::string& decision, const std::string& entry_id,
                                 const engine::knowledge_base& faq, const std::string& actor, std::int64_t now_ms) {
  const std::string group = reviewed_group(question);
  store_.review_question({0, group, std::string(text::truncate_code_points(question, 500)), decision, entry_id, actor, now_ms});
  apply_question_reviews(store_, faq);
}

std::vector<engine::reviewed_question> apply_question_reviews(storage::conversation_store& store, const engine::knowledge_base& faq) {
  std::vector<engine::reviewed_question> reviewed;
  for (const auto& review : store.question_reviews()) reviewed.push_back({review.normalized, review.decision == "attached" ? review.entry_id : ""});
  return faq.learn(reviewed);
}

std::vector<storage::transcript_line> staff_desk::transcript(const std::string& target, const std::string& actor, std::int64_t now_ms) {
  const std::string owner = owner_of(target);
  store_.log_access(actor, "show_transcript", owner, now_ms);
  return store_.transcript_of(owner);
}

storage::transcript_matches staff_desk::search(const std::string& words, std::size_t limit, const std::string& actor, std::int64_t now_ms) {
  if (words.size() > max_filter_bytes || !text::is_valid_utf8(words))
    throw staff_error(kind::invalid, "search words must be valid UTF-8 of at most 200 bytes");
  const std::string query = text::search_query(words);
  if (query.empty()) throw staff_error(kind::invalid, "search needs a word of at least two Chinese characters, or a letter or digit");
  store_.log_access(actor, "search_transcript", words, now_ms);
  return store_.search_transcript(query, limit);
}

std::string cursor_text(const storage::report_cursor& cursor) { return std::to_string(cursor.created_at_ms) + "." + cursor.ticket; }

storage::report_cursor parse_cursor(const std::string& text) {
  const auto dot = text.find('.');
  const auto ticket_character = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; };
  const bool well_formed = dot != std::string::npos && dot >= 1 && dot <= 15 && text.size() - dot - 1 >= 1 && text.size() - dot - 1 <= 64 &&
                           std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(dot), [](char c) { return c >= '0' && c <= '9'; }) &&
                           std::all_of(text.begin() + static_cast<std::ptrdiff_t>(dot) + 1, text.end(), ticket_character);
  if (!well_formed) throw staff_error(staff_error::kind::invalid, "after must be the cursor a page gave (next)");
  return {std::stoll(text.substr(0, dot)), text.substr(dot + 1)};
}

}  // namespace intake::runtime
