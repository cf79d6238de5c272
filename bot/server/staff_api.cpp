#include "bot/server/staff_api.h"

#include "bot/runtime/masking.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "bot/channels/hex_digest.h"
#include "bot/channels/wechat_signature.h"
#include "bot/engine/ticket.h"
#include "bot/runtime/report_export_job.h"
#include "bot/runtime/report_exporter.h"
#include "bot/runtime/staff_desk.h"
#include "bot/runtime/turn_runner.h"
#include "bot/text/search_terms.h"
#include "bot/text/utf8.h"
#include "storage/statistics_median.h"

namespace intake::server {
namespace {

namespace http = boost::beast::http;
using nlohmann::ordered_json;

constexpr std::size_t default_page_size = 50;
constexpr std::size_t max_page_size = 200;
constexpr std::size_t search_limit = 100;

http_response json_response(const http_request& request, http::status status, const ordered_json& body) {
  http_response response{status, request.version()};
  response.set(http::field::content_type, "application/json; charset=utf-8");
  response.keep_alive(request.keep_alive());
  // Replaced rather than thrown: an error message may quote what a client sent.
  response.body() = body.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
  response.prepare_payload();
  return response;
}

http_response error_response(const http_request& request, http::status status, const std::string& message) {
  return json_response(request, status, {{"error", message}});
}

ordered_json line_json(const storage::transcript_line& line) {
  return {{"user_id", line.user_id}, {"direction", line.direction}, {"channel", line.channel}, {"actor", line.actor},
          {"at", engine::format_iso8601_china(line.at_ms)}, {"text", line.text}};
}

std::size_t number_param(const request_target& target, const char* name, std::size_t fallback, std::size_t max) {
  const std::string value = target.get(name);
  if (value.empty()) return fallback;
  if (value.size() > 6 || value.find_first_not_of("0123456789") != std::string::npos) throw std::invalid_argument(std::string(name) + " must be a number");
  return std::clamp<std::size_t>(std::stoul(value), 1, max);
}

// The list's filters, as `reports list` takes them.
runtime::report_query query_of(const request_target& target) {
  runtime::report_query query;
  query.status = target.get("status");
  query.province = target.get("province");
  query.city = target.get("city");
  query.industry = target.get("industry");
  query.difficulty = target.get("difficulty");
  query.search = target.get("search");
  query.flow = target.get("flow");
  query.from = target.get("from");
  query.to = target.get("to");
  query.assignee = target.get("assignee");
  query.department = target.get("department");
  // answer.SLOT=VALUE: a choice answer of that value (or a name containing it).
  constexpr std::string_view answer_prefix = "answer.";
  for (const auto& [name, value] : target.query)
    if (name.size() > answer_prefix.size() && name.compare(0, answer_prefix.size(), answer_prefix) == 0)
      query.answers.emplace_back(name.substr(answer_prefix.size()), value);
  return query;
}

const char* content_type_of(runtime::export_format format) {
  switch (format) {
    case runtime::export_format::json: return "application/json; charset=utf-8";
    case runtime::export_format::csv: return "text/csv; charset=utf-8";
    case runtime::export_format::xlsx: break;
  }
  return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

// A file in the temporary directory (TMPDIR) that only this process's user can read, removed when
// the export is over: as soon as it is open for sending, or when writing it fails.
class spool_file {
 public:
  explicit spool_file(const std::string& extension) {
    std::string pattern = (std::filesystem::temp_directory_path() / "intake-export-XXXXXX").string() + extension;
    const int descriptor = ::mkstemps(pattern.data(), static_cast<int>(extension.size()));
    if (descriptor < 0) throw runtime::export_file_error(std::string("cannot create a temporary file for the export: ") + std::strerror(errno));
    ::close(descriptor);
    path_ = pattern;
  }
  ~spool_file() { std::filesystem::remove(path_, ignored_); }
  spool_file(const spool_file&) = delete;
  spool_file& operator=(const spool_file&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::error_code ignored_;
};

}  // namespace

staff_response staff_api::export_download(const http_request& request, const request_target& target, runtime::staff_desk& desk,
                                          const std::string& actor) {
  const auto format = runtime::export_format_named(target.get("format").empty() ? "json" : target.get("format"));
  if (!format) throw std::invalid_argument("format must be json, csv or xlsx");
  struct running_export {
    std::atomic<int>& running;
    const bool admitted;
    explicit running_export(std::atomic<int>& count) : running(count), admitted(++count <= max_exports_at_once) {}
    ~running_export() { --running; }
  } slot(exports_running_);
  if (!slot.admitted) {
    auto response = error_response(request, http::status::too_many_requests, "other exports are being written; try again in a minute");
    response.set(http::field::retry_after, "30");
    return response;
  }
  runtime::report_export_job job(desk, query_with_due(target, runtime::turn_runner::system_now_ms()), *format);
  const std::string extension = std::string(".") + runtime::export_format_name(*format);
  spool_file spool(extension);
  job.write_file(spool.path(), actor, runtime::turn_runner::system_now_ms());
  file_response response{http::status::ok, request.version()};
  boost::beast::error_code error;
  response.body().open(spool.path().c_str(), boost::beast::file_mode::scan, error);
  if (error) throw runtime::export_file_error("cannot read the export back: " + error.message());
  response.set(http::field::content_type, content_type_of(*format));
  // reports-20200301-0905.csv: when it was made, in the China time staff work in.
  std::string digits;
  for (char c : engine::format_china_time(runtime::turn_runner::system_now_ms()))
    if (c >= '0' && c <= '9') digits += c;
  response.set(http::field::content_disposition,
               "attachment; filename=\"reports-" + digits.substr(0, 8) + "-" + digits.substr(8) + extension + "\"");
  // Phones and credit codes whole: no cache keeps a copy.
  response.set(http::field::cache_control, "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Report-Count", std::to_string(job.reports()));
  response.keep_alive(request.keep_alive());
  response.prepare_payload();
  return response;
}

std::string staff_api::hash_token(const std::string& token) { return channels::sha256_hex(token); }

std::optional<std::string> staff_api::authenticate(const http_request& request) const {
  const auto header = request[http::field::authorization];
  constexpr std::string_view scheme = "Bearer ";
  if (header.size() <= scheme.size() || header.substr(0, scheme.size()) != scheme) return std::nullopt;
  const std::string hashed = hash_token(std::string(header.substr(scheme.size())));
  std::optional<std::string> who;
  // Every configured member is compared, so the time taken does not tell which one matched.
  for (const auto& member : config_.staff)
    if (channels::constant_time_equal(hashed, member.token_sha256)) who = member.name;
  return who;
}

std::variant<std::string, http_response> staff_api::admit(const http_request& request, const request_target& target,
                                                          const boost::asio::ip::address& client) {
  const auto now = login_throttle::clock_type::now();
  if (const auto wait = failed_logins_.wait_before_trying(client, now)) {
    metrics_.rejected("api_login_throttled");
    auto response = error_response(request, http::status::too_many_requests, "too many failed logins; try again later");
    response.set(http::field::retry_after, std::to_string(wait->count()));
    return response;
  }
  auto actor = authenticate(request);
  if (!actor) {
    metrics_.rejected("api_unauthorized");
    if (failed_logins_.failed(client, now))
      log_.note("api logins throttled", "an address failed authentication " + std::to_string(login_throttle::default_max_failures) +
                                            " times in a minute: " + client.to_string());
    auto response = error_response(request, http::status::unauthorized, "unauthorized");
    response.set(http::field::www_authenticate, "Bearer");
    return response;
  }
  // Filters end up in JSON answers and error messages, which must be valid UTF-8. (The path was
  // checked before it was routed here.)
  for (const auto& [name, value] : target.query)
    if (!text::is_valid_utf8(name) || !text::is_valid_utf8(value))
      return error_response(request, http::status::bad_request, "the query is not valid UTF-8");
  return *actor;
}

staff_response staff_api::handle(const http_request& request, const request_target& target, const boost::asio::ip::address& client) {
  auto admitted = admit(request, target, client);
  if (auto* refusal = std::get_if<http_response>(&admitted)) return std::move(*refusal);
  try {
    return route(request, target, std::get<std::string>(admitted));
  } catch (const std::invalid_argument& error) {
    return error_response(request, http::status::bad_request, error.what());
  } catch (const runtime::staff_error& error) {
    switch (error.what_kind()) {
      case runtime::staff_error::kind::invalid: return error_response(request, http::status::bad_request, error.what());
      case runtime::staff_error::kind::not_found: return error_response(request, http::status::not_found, error.what());
      case runtime::staff_error::kind::conflict: break;
    }
    return error_response(request, http::status::conflict, error.what());
  } catch (const storage::storage_error&) {
    return error_response(request, http::status::service_unavailable, "storage unavailable");
  } catch (const runtime::export_file_error& error) {
    log_.note("export failed", error.what());
    return error_response(request, http::status::service_unavailable, "the export could not be written; try again later");
  } catch (const nlohmann::json::exception&) {
    return error_response(request, http::status::bad_request, "the body must be a JSON object with the documented fields");
  }
}

namespace {

// One row per department and month: how many cases were rated each way (their latest rating).
ordered_json satisfaction_json(const std::vector<storage::satisfaction_cell>& cells) {
  ordered_json rows = ordered_json::array();
  for (const auto& cell : cells) {
    if (rows.empty() || rows.back()["department"] != cell.department || rows.back()["month"] != cell.month)
      rows.push_back({{"department", cell.department}, {"month", cell.month}, {"satisfied", 0}, {"basically_satisfied", 0}, {"unsatisfied", 0}});
    rows.back()[cell.rating] = cell.count;
  }
  return rows;
}

}  // namespace

runtime::report_query staff_api::query_with_due(const request_target& target, std::int64_t now_ms) const {
  runtime::report_query query = query_of(target);
  if (const std::string due = target.get("due"); !due.empty()) {
    const auto windows = rules_.due_filter(due, now_ms);
    if (!windows) throw runtime::staff_error(runtime::staff_error::kind::invalid, "due is overdue or today");
    query.due = *windows;
  }
  return query;
}

ordered_json staff_api::with_due(ordered_json item, const storage::report_record& report, std::int64_t now_ms) const {
  const auto due = rules_.due_ms(report.status, report.clock_from_ms);
  item["due"] = due ? ordered_json(engine::format_iso8601_china(*due)) : ordered_json(nullptr);
  item["overdue"] = due && *due <= now_ms;
  return item;
}

staff_response staff_api::route(const http_request& request, const request_target& target, const std::string& actor) {
  // Split before decoding, so that a user id with "/" (written %2F) is one segment.
  const auto& parts = target.segments;  // "api", …
  const bool get = request.method() == http::verb::get, post = request.method() == http::verb::post;
  const std::int64_t now = runtime::turn_runner::system_now_ms();

  runtime::staff_desk desk(store_, &tokens_);

  if (parts.size() == 3 && parts[1] == "reports" && parts[2] == "export" && get) return export_download(request, target, desk, actor);
  if (parts.size() == 2 && parts[1] == "reports" && get) {
    const std::size_t page = number_param(target, "page", 1, 100000);
    const std::size_t per_page = number_param(target, "per_page", default_page_size, max_page_size);
    // Pages go on by the cursor the previous one gave (after=…), or by number (page=…) within the
    // first 10,000 reports (staff_desk::page).
    storage::report_page_request wanted;
    wanted.limit = per_page;
    if (const std::string after = target.get("after"); !after.empty())
      wanted.after = runtime::parse_cursor(after);
    else
      wanted.offset = (page - 1) * per_page;
    const auto found = desk.page(query_with_due(target, now), wanted);
    const auto schemas = desk.schemas();
    ordered_json items = ordered_json::array();
    for (const auto& report : found.reports) items.push_back(with_due(runtime::report_to_json(report, true, schemas), report, now));
    ordered_json body{{"total", found.total}, {"total_exact", !found.total_is_at_least}};
    if (!wanted.after) body["page"] = page;
    body["per_page"] = per_page;
    body["next"] = found.next ? ordered_json(runtime::cursor_text(*found.next)) : ordered_json(nullptr);
    body["reports"] = items;
    return json_response(request, http::status::ok, body);
  }
  if (parts.size() == 3 && parts[1] == "reports" && get) {
    const auto file = desk.open_case(parts[2], actor, now);
    ordered_json history = ordered_json::array();
    for (const auto& h : file.history)
      history.push_back({{"status", h.status}, {"note", h.note}, {"by", h.actor}, {"at", engine::format_iso8601_china(h.at_ms)}});
    ordered_json lines = ordered_json::array();
    for (const auto& line : file.transcript) lines.push_back(line_json(line));
    const auto schemas = desk.schemas();
    // Every answer under its label in the submission's own version, as `reports show` prints them.
    ordered_json fields = ordered_json::array();
    for (const auto& [label, value] : runtime::labelled_fields(file.report, schemas)) fields.push_back({{"label", label}, {"value", value}});
    ordered_json thread = ordered_json::array();
    for (const auto& message : file.thread)
      thread.push_back({{"author", message.author}, {"by", message.actor}, {"text", message.text}, {"at", engine::format_iso8601_china(message.at_ms)}});
    return json_response(request, http::status::ok,
                         {{"report", with_due(runtime::report_to_json(file.report, false, schemas), file.report, now)},
                          {"fields", fields},
                          {"history", history},
                          {"thread", thread},
                          {"transcript", lines}});
  }
  if (parts.size() == 4 && parts[1] == "reports" && parts[3] == "assign" && post) {
    const auto body = nlohmann::json::parse(request.body());
    const auto report = desk.assign(parts[2], body.at("assignee").get<std::string>(), actor, now);
    return json_response(request, http::status::ok, {{"ticket", report.ticket}, {"assignee", report.assignee}});
  }
  if (parts.size() == 4 && parts[1] == "reports" && parts[3] == "route" && post) {
    const auto body = nlohmann::json::parse(request.body());
    const auto report = desk.route(parts[2], body.at("department").get<std::string>(), body.value("reason", ""), rules_, actor, now);
    return json_response(request, http::status::ok, {{"ticket", report.ticket}, {"department", report.department}});
  }
  if (parts.size() == 3 && parts[1] == "stats" && parts[2] == "timeliness" && get) {
    ordered_json rows = ordered_json::array();
    for (const auto& row : desk.timeliness(rules_))
      rows.push_back({{"department", row.department},
                      {"closed", row.closed},
                      {"in_time", row.in_time},
                      {"share_in_time", row.closed ? ordered_json(static_cast<double>(row.in_time) / static_cast<double>(row.closed)) : ordered_json(nullptr)}});
    return json_response(request, http::status::ok,
                         {{"accept_working_days", rules_.accept_working_days()}, {"answer_working_days", rules_.answer_working_days()}, {"departments", rows}});
  }
  if (parts.size() == 2 && parts[1] == "departments" && get) {
    ordered_json names = ordered_json::array();
    for (const auto& entry : rules_.departments()) names.push_back(entry.name);
    return json_response(request, http::status::ok, {{"departments", names}});
  }
  if (parts.size() == 4 && parts[1] == "reports" && parts[3] == "close-thread" && post) {
    desk.close_thread(parts[2], actor, now);
    return json_response(request, http::status::ok, {{"ticket", parts[2]}, {"closed_by", actor}});
  }
  if (parts.size() == 3 && parts[1] == "cases" && parts[2] == "inbox" && get) {
    ordered_json cases = ordered_json::array();
    for (const auto& entry : desk.inbox())
      cases.push_back({{"ticket", entry.ticket},
                       {"user_id", entry.user_id},
                       {"flow", entry.flow_id},
                       {"status", entry.status},
                       {"company_name", entry.company_name},
                       {"unread", entry.unread},
                       {"oldest_unread", engine::format_iso8601_china(entry.oldest_unread_ms)},
                       {"waiting_minutes", (now - entry.oldest_unread_ms) / 60000},
                       {"latest_text", runtime::mask_in_text(entry.latest_text)}});
    return json_response(request, http::status::ok, {{"cases", cases}});
  }
  if (parts.size() == 4 && parts[1] == "reports" && (parts[3] == "status" || parts[3] == "reopen") && post) {
    const auto body = nlohmann::json::parse(request.body());
    const std::string note = body.value("note", "");
    const auto report = parts[3] == "reopen" ? desk.reopen(parts[2], note, actor, now)
                                             : desk.change_status(parts[2], body.at("status").get<std::string>(), note, actor, now);
    return json_response(request, http::status::ok, {{"ticket", report.ticket}, {"status", report.status}});
  }
  if (parts.size() == 2 && parts[1] == "replies" && post) {
    const auto body = nlohmann::json::parse(request.body());
    // To a conversation ("user") or to the owner of a report ("ticket").
    const std::string target_id = body.contains("ticket") ? body.at("ticket").get<std::string>() : body.at("user").get<std::string>();
    const std::string user = desk.reply(target_id, body.at("text").get<std::string>(), actor, now);
    return json_response(request, http::status::ok, {{"user", user}, {"by", actor}});
  }
  if (parts.size() == 3 && parts[1] == "transcripts" && get) {
    ordered_json lines = ordered_json::array();
    for (const auto& line : desk.transcript(parts[2], actor, now)) lines.push_back(line_json(line));
    return json_response(request, http::status::ok, {{"user_id", parts[2]}, {"transcript", lines}});
  }
  if (parts.size() == 2 && parts[1] == "search" && get) {
    const std::string words = target.get("q");
    const auto found = desk.search(words, search_limit, actor, now);
    ordered_json lines = ordered_json::array();
    for (const auto& line : found.lines) lines.push_back(line_json(line));
    // Still 200 while a lost index is rebuilt: the lines found are right, only maybe not all of them.
    const ordered_json index{{"complete", found.index.complete()},
                             {"indexed_lines", found.index.indexed_lines},
                             {"total_lines", found.index.total_lines},
                             {"percent", found.index.percent()}};
    return json_response(request, http::status::ok, {{"q", words}, {"lines", lines}, {"index", index}});
  }
  if (parts.size() == 2 && parts[1] == "stats" && get) {
    const std::string count = target.get("count"), by = target.get("by");
    const auto stats = desk.statistics(target.get("flow"), count, by);
    // Without count=SLOT, the difficulty report's difficulties under the key they always had.
    const char* value_key = count.empty() ? "difficulty" : "value";
    auto cells = [value_key](const std::vector<storage::count_cell>& found) {
      ordered_json array = ordered_json::array();
      for (const auto& cell : found) array.push_back({{value_key, cell.value}, {"by", cell.by}, {"count", cell.count}});
      return array;
    };
    auto median_hours = [](const std::vector<std::int64_t>& values) -> ordered_json {
      const auto median = storage::median_ms(values);
      return median ? ordered_json(*median / 3600000.0) : ordered_json(nullptr);
    };
    ordered_json unanswered = ordered_json::array();
    for (const auto& q : store_.unanswered_questions()) unanswered.push_back({{"question", q.question}, {"times", q.times}});
    ordered_json body{{"by_province", cells(stats.by_province)}, {"by_industry", cells(stats.by_industry)},
                      {"by_status", cells(stats.by_status)},     {"by_week", cells(stats.by_week)},
                      {"median_hours_to_acceptance", median_hours(stats.ms_to_acceptance)},
                      {"median_hours_to_closing", median_hours(stats.ms_to_closing)}, {"unanswered_questions", unanswered},
                      // Counted behind the commits: submissions this recent are not in the counts yet.
                      {"reports_not_counted", stats.reports_not_counted}};
    if (!by.empty()) body["by_answer"] = cells(stats.by_answer);
    body["satisfaction"] = satisfaction_json(desk.satisfaction());
    return json_response(request, http::status::ok, body);
  }
  if (parts.size() == 3 && parts[1] == "faq" && parts[2] == "unanswered" && get) {
    ordered_json questions = ordered_json::array();
    for (const auto& q : store_.unanswered_questions())
      questions.push_back({{"question", q.question}, {"times", q.times}, {"last_asked", engine::format_iso8601_china(q.last_asked_ms)}});
    return json_response(request, http::status::ok, {{"unanswered", questions}});
  }
  if (parts.size() == 3 && parts[1] == "faq" && (parts[2] == "attach" || parts[2] == "out-of-scope") && post) {
    if (!faq_) return error_response(request, http::status::not_found, "no knowledge base is loaded");
    const auto body = nlohmann::json::parse(request.body());
    const std::string question = body.at("question").get<std::string>();
    if (parts[2] == "attach") {
      const std::string entry = body.at("entry_id").get<std::string>();
      desk.attach_question(question, entry, *faq_, actor, now);
      return json_response(request, http::status::ok, {{"question", question}, {"decision", "attached"}, {"entry_id", entry}, {"by", actor}});
    }
    desk.mark_out_of_scope(question, *faq_, actor, now);
    return json_response(request, http::status::ok, {{"question", question}, {"decision", "out_of_scope"}, {"by", actor}});
  }
  if (parts.size() == 2 && parts[1] == "handoffs" && get) {
    ordered_json waiting = ordered_json::array();
    for (const auto& w : store_.waiting_for_staff())
      waiting.push_back({{"user_id", w.user_id}, {"since", engine::format_iso8601_china(w.since_ms)}, {"waiting_minutes", (now - w.since_ms) / 60000}});
    return json_response(request, http::status::ok, {{"waiting", waiting}});
  }
  if (parts.size() == 4 && parts[1] == "sessions" && parts[3] == "revoke" && post) {
    const int revoked = desk.revoke_sessions(parts[2], actor, now);
    return json_response(request, http::status::ok, {{"user_id", parts[2]}, {"revoked", revoked}});
  }
  if (parts.size() == 4 && parts[1] == "handoffs" && parts[3] == "close" && post) {
    desk.close_handoff(parts[2], actor, now);
    return json_response(request, http::status::ok, {{"user_id", parts[2]}, {"closed_by", actor}});
  }
  return error_response(request, http::status::not_found, "no such API route");
}

}  // namespace intake::server
