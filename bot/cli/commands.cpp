#include "bot/cli/commands.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <iostream>
#include <memory>

#include "bot/cli/option_parser.h"
#include "bot/cli/staff_commands.h"
#include "bot/engine/definition_loader.h"
#include "bot/runtime/flow_snapshots.h"
#include "bot/engine/ticket.h"
#include "bot/text/utf8.h"
#include "bot/runtime/case_rules.h"
#include "bot/runtime/data_paths.h"
#include "bot/runtime/staff_desk.h"
#include "bot/runtime/turn_runner.h"
#include "bot/server/http_server.h"
#include "bot/server/staff_api.h"
#include "storage/sqlite_store.h"

namespace intake::cli {
namespace {

constexpr const char* usage_text =
    "usage:\n"
    "  intake chat [--db PATH] [--user ID] [--locale zh-CN|en] [--data-dir DIR] [--resume-after-hours H]\n"
    "  intake reports export --format json|csv|xlsx [--output FILE] [filters as for list] [--db PATH]\n"
    "  intake reports list [--status 待受理|已受理|办理中|已办结|已退回] [--province P] [--city C]\n"
    "                      [--industry 餐饮|H] [--difficulty D] [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
    "                      [--search WORDS] [--flow FLOW] [--answer SLOT=VALUE]… [--assignee NAME]\n"
    "                      [--department 税务] [--due overdue|today] [--db PATH] [--data-dir DIR]\n"
    "  intake reports show TICKET [--transcript] [--db PATH]\n"
    "  intake reports set-status TICKET 已受理|accepted|… --note \"…\" --by NAME [--db PATH]\n"
    "  intake reports reopen TICKET --note \"why\" --by NAME [--db PATH]\n"
    "  intake reports assign TICKET NAME --by NAME [--db PATH]   (who handles it; \"\" for nobody)\n"
    "  intake reports route TICKET 税务 --reason \"…\" --by NAME [--db PATH] [--data-dir DIR]   (转办: flows/cases/case_rules.json)\n"
    "  intake reply USER_OR_TICKET \"text\" --by NAME [--db PATH]\n"
    "  intake handoff list|close USER --by NAME [--db PATH]\n"
    "  intake cases inbox [--db PATH]   (cases whose owner wrote and nobody has read it, longest waiting first)\n"
    "  intake cases close-thread TICKET --by NAME [--db PATH]   (the owner's messages go to the bot again)\n"
    "  intake sessions revoke USER --by NAME [--db PATH]   (signs a web chat visitor out of every device)\n"
    "  intake transcript USER_OR_TICKET [--db PATH]\n"
    "  intake transcript search WORDS… [--db PATH]\n"
    "  intake stats [--flow FLOW --count SLOT [--by SLOT]] [--db PATH]\n"
    "  intake staff hash-token < token.txt   (prints the token_sha256 for the server configuration)\n"
    "  intake flows check [--data-dir DIR]\n"
    "  intake faq ask \"问题\" [--json] [--data-dir DIR]\n"
    "  intake serve [--config FILE] [--listen 127.0.0.1:8080] [--db PATH] [--data-dir DIR]\n"
    "  intake faq unanswered [--db PATH]\n"
    "  intake faq attach \"问题\" ENTRY_ID --by NAME [--db PATH] [--data-dir DIR]   (a new way of asking that entry)\n"
    "  intake faq out-of-scope \"问题\" --by NAME [--db PATH] [--data-dir DIR]\n"
    "\n"
    "  --db defaults to ./intake.db; --data-dir (or $INTAKE_DATA_DIR) holds flows/ and locales/.\n";

// A line longer than this is cut; the engine then answers that the message is too long.
constexpr std::size_t max_line_bytes = 256 * 1024;

bool read_bounded_line(std::istream& in, std::string& line) {
  line.clear();
  bool any = false;
  for (int c = in.get(); c != std::char_traits<char>::eof(); c = in.get()) {
    any = true;
    if (c == '\n') return true;
    if (line.size() < max_line_bytes) line.push_back(static_cast<char>(c));
  }
  return any;
}

std::unique_ptr<engine::bot_definition> load_definition(const option_parser& options, const char* argv0, std::ostream& err) {
  const auto data_dir = runtime::find_data_dir(options.get("data-dir"), argv0);
  std::vector<engine::load_problem> problems;
  auto definition = engine::definition_loader::load(data_dir, problems);
  if (problems.empty()) return definition;
  err << "intake: the flows or locales in " << data_dir.string() << " have " << problems.size() << " problem(s):\n";
  for (const auto& problem : problems) err << "  " << engine::describe(problem) << '\n';
  err << "intake: refusing to start; run `intake flows check` after fixing them.\n";
  return nullptr;
}

std::string default_user() {
  const char* user = std::getenv("USER");
  return std::string("terminal:") + (user && *user ? user : "local");
}

int chat(const std::vector<std::string>& args, const char* argv0, std::istream& in, std::ostream& out, std::ostream& err) {
  option_parser options({"db", "user", "locale", "data-dir", "resume-after-hours"});
  options.parse(args, 1);
  auto definition = load_definition(options, argv0, err);
  if (!definition) return 1;
  if (auto hours = options.get("resume-after-hours")) {
    try {
      definition->settings.resume_after_ms = static_cast<std::int64_t>(std::stod(*hours) * 3600 * 1000);
    } catch (const std::exception&) {
      throw usage_error("--resume-after-hours needs a number of hours");
    }
  }
  const std::string user = options.get_or("user", default_user());
  if (!text::is_printable_identifier(user, 128)) throw usage_error("--user must be 1 to 128 bytes with no control characters");
  auto locale = options.get("locale");
  if (locale && !definition->messages.has_locale(*locale)) throw usage_error("--locale must be one of zh-CN, en");

  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::apply_question_reviews(store, *definition->faq);  // what staff decided on unanswered questions
  runtime::turn_runner runner(*definition, store, runtime::turn_runner::system_now_ms);
  runner.flow_versions().publish(store, runtime::turn_runner::system_now_ms());
  const bool interactive = isatty(STDIN_FILENO) != 0;

  engine::inbound start{engine::inbound::kind::session_start, user, "terminal", ""};
  out << runner.handle(start, locale).text << "\n\n";
  if (interactive) out << "> " << std::flush;

  std::string line;
  while (read_bounded_line(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    engine::inbound message{engine::inbound::kind::text, start.user_id, "terminal", line};
    out << runner.handle(message).text << "\n\n";
    if (interactive) out << "> ";
    out << std::flush;
  }
  return 0;
}

int flows(const std::vector<std::string>& args, const char* argv0, std::ostream& out, std::ostream& err) {
  if (args.size() < 2 || args[1] != "check") throw usage_error("flows needs a subcommand: check");
  option_parser options({"data-dir"});
  options.parse(args, 2);
  const auto data_dir = runtime::find_data_dir(options.get("data-dir"), argv0);
  std::vector<engine::load_problem> problems;
  auto definition = engine::definition_loader::load(data_dir, problems);
  const auto rules = runtime::case_rules::load(data_dir, problems);
  for (const auto& problem : problems) err << engine::describe(problem) << '\n';
  if (!problems.empty()) {
    err << problems.size() << " problem(s) in " << data_dir.string() << '\n';
    return 1;
  }
  std::size_t steps = 0;
  for (const auto& [id, flow] : definition->flows) steps += flow.steps.size();
  out << "ok: " << definition->flows.size() << " flow(s) with " << steps << " steps, " << definition->option_sets.size()
      << " option sets, " << definition->faq->entries().size() << " policy entries, " << definition->messages.locales().size()
      << " locales, " << rules.departments().size() << " department(s) in " << data_dir.string() << '\n';
  return 0;
}

std::string source_line(const engine::faq_entry& entry) {
  const auto& doc = *entry.document;
  std::string line = doc.title;
  if (!doc.doc_number.empty()) line += "（" + doc.doc_number + "）";
  line += entry.article;
  if (doc.scope == "jiangxi") line += "（仅适用于江西省）";
  return line;
}

// faq attach QUESTION ENTRY_ID / faq out-of-scope QUESTION: a staff decision on an unanswered question.
int review_question(const std::vector<std::string>& args, const char* argv0, std::ostream& out, std::ostream& err) {
  const bool attach = args[1] == "attach";
  option_parser options({"db", "data-dir", "by"}, attach ? 2 : 1);
  options.parse(args, 2);
  if (options.positionals().size() != (attach ? 2u : 1u))
    throw usage_error(attach ? "faq attach needs the question in quotes and the entry id" : "faq out-of-scope needs the question in quotes");
  const auto by = options.get("by");
  if (!by || by->empty() || !text::is_valid_utf8(*by)) throw usage_error("--by NAME says who decided; it is kept with the decision");
  auto definition = load_definition(options, argv0, err);
  if (!definition) return 1;
  storage::sqlite_store store(options.get_or("db", "intake.db"));
  runtime::staff_desk desk(store);
  const std::string& question = options.positionals()[0];
  const std::int64_t now = runtime::turn_runner::system_now_ms();
  if (attach) {
    desk.attach_question(question, options.positionals()[1], *definition->faq, *by, now);
    out << "attached to " << options.positionals()[1] << ": the bot answers it with that entry from now on\n";
  } else {
    desk.mark_out_of_scope(question, *definition->faq, *by, now);
    out << "marked out of scope: the bot declines it and no longer lists it as unanswered\n";
  }
  return 0;
}

int faq(const std::vector<std::string>& args, const char* argv0, std::ostream& out, std::ostream& err) {
  if (args.size() >= 2 && (args[1] == "attach" || args[1] == "out-of-scope")) return review_question(args, argv0, out, err);
  if (args.size() < 2 || (args[1] != "ask" && args[1] != "unanswered"))
    throw usage_error("faq needs a subcommand: ask, unanswered, attach or out-of-scope");
  if (args[1] == "unanswered") {
    option_parser options({"db"});
    options.parse(args, 2);
    storage::sqlite_store store(options.get_or("db", "intake.db"));
    const auto questions = store.unanswered_questions();
    return printed_for_terminal(out, [&](std::ostream& safe) {
      if (questions.empty()) safe << "no unanswered questions\n";
      for (const auto& q : questions)
        safe << q.times << "\t" << engine::format_china_time(q.last_asked_ms) << "\t" << q.question << '\n';
      return 0;
    });
  }
  option_parser options({"data-dir", "json"}, 1);
  std::vector<std::string> rest(args.begin(), args.end());
  // --json takes no value; turn it into --json=1 for the parser.
  for (auto& arg : rest)
    if (arg == "--json") arg = "--json=1";
  options.parse(rest, 2);
  if (options.positionals().size() != 1) throw usage_error("faq ask needs one question in quotes");
  auto definition = load_definition(options, argv0, err);
  if (!definition) return 1;
  const std::string& question = options.positionals().front();
  if (!text::is_valid_utf8(question)) throw usage_error("the question is not valid UTF-8");
  const auto result = definition->faq->lookup(question);
  const engine::faq_entry* best = result.outcome == engine::faq_result::decision::answered ? result.candidates.front().entry : nullptr;
  if (options.get("json")) {
    nlohmann::ordered_json document;
    document["decision"] = engine::to_string(result.outcome);
    document["answer"] = best ? nlohmann::ordered_json(best->answer) : nlohmann::ordered_json(nullptr);
    document["source"] = best ? nlohmann::ordered_json(source_line(*best)) : nlohmann::ordered_json(nullptr);
    document["entry_id"] = best ? nlohmann::ordered_json(best->id) : nlohmann::ordered_json(nullptr);
    document["candidates"] = nlohmann::ordered_json::array();
    for (const auto& candidate : result.candidates)
      document["candidates"].push_back({{"entry_id", candidate.entry->id},
                                        {"question", candidate.entry->questions.front()},
                                        {"score", std::round(candidate.score * 1000) / 1000},
                                        {"coverage", std::round(candidate.coverage * 1000) / 1000}});
    out << document.dump(2) << '\n';
    return 0;
  }
  out << "decision: " << engine::to_string(result.outcome);
  if (result.asks_for_specifics) out << " (asks for a figure, date or procedure the notices do not give)";
  out << '\n';
  if (best) out << "answer: " << best->answer << "\nsource: " << source_line(*best) << '\n';
  out << "candidates:\n";
  for (const auto& candidate : result.candidates) {
    char scores[64];
    std::snprintf(scores, sizeof scores, "%8.3f  coverage %.2f  ", candidate.score, candidate.coverage);
    out << "  " << scores << candidate.entry->id << "  " << candidate.entry->questions.front() << '\n';
  }
  return 0;
}

int serve(const std::vector<std::string>& args, const char* argv0, std::ostream& out, std::ostream& err) {
  option_parser options({"config", "listen", "db", "data-dir"});
  options.parse(args, 1);
  server::server_config config;
  try {
    config = server::load_server_config({options.get("config"), options.get("listen"), options.get("db"), options.get("data-dir")});
  } catch (const std::runtime_error& error) {
    throw usage_error(error.what());
  }
  option_parser data_options({"data-dir"});
  if (config.data_dir) data_options.parse({"serve", "--data-dir", *config.data_dir}, 1);
  auto definition = load_definition(data_options, argv0, err);
  if (!definition) return 1;
  definition->settings.resume_after_ms = static_cast<std::int64_t>(config.resume_after_hours * 3600 * 1000);
  storage::sqlite_store store(config.db_path);
  // Staff read every submission under its own flow version's labels: keep the versions loaded now.
  runtime::flow_snapshots(*definition).publish(store, runtime::turn_runner::system_now_ms());
  const auto rules = runtime::case_rules::load_or_throw(runtime::find_data_dir(data_options.get("data-dir"), argv0));
  server::http_server http(config, *definition, rules, store, store);
  http.run([&out](const std::string& address, unsigned short port) {
    // Tests and scripts read this line to find an ephemeral port.
    out << "intake: listening on " << address << ':' << port << std::endl;
  });
  out << "intake: stopped" << std::endl;
  return 0;
}

}  // namespace

int run(const std::vector<std::string>& args, const char* argv0, std::istream& in, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "--help" || args[0] == "help" || args[0] == "-h") {
    (args.empty() ? err : out) << usage_text;
    return args.empty() ? 2 : 0;
  }
  try {
    if (args[0] == "chat") return chat(args, argv0, in, out, err);
    if (args[0] == "reports") return reports_staff(args, argv0, out, err);
    if (args[0] == "reply") return reply(args, out);
    if (args[0] == "handoff") return handoff(args, out);
    if (args[0] == "cases") return cases(args, out);
    if (args[0] == "sessions") return sessions(args, out);
    if (args[0] == "transcript") return transcript(args, out);
    if (args[0] == "stats") return stats(args, argv0, out);
    if (args[0] == "flows") return flows(args, argv0, out, err);
    if (args[0] == "faq") return faq(args, argv0, out, err);
    if (args[0] == "serve") return serve(args, argv0, out, err);
    if (args[0] == "staff") {
      if (args.size() != 2 || args[1] != "hash-token") throw usage_error("staff needs a subcommand: hash-token");
      std::string token;
      std::getline(in, token);
      if (token.size() < 16) throw usage_error("a staff token should be at least 16 characters; read from standard input");
      out << server::staff_api::hash_token(token) << '\n';
      return 0;
    }
    throw usage_error("unknown command \"" + args[0] + "\"");
  } catch (const usage_error& error) {
    err << "intake: " << error.what() << "\n" << usage_text;
    return 2;
  } catch (const runtime::staff_error& error) {
    err << "intake: " << error.what() << '\n';
    return error.what_kind() == runtime::staff_error::kind::invalid ? 2 : 1;
  } catch (const storage::storage_error& error) {
    err << "intake: storage: " << error.what() << '\n';
    return 1;
  } catch (const engine::load_error& error) {
    for (const auto& problem : error.problems()) err << engine::describe(problem) << '\n';
    err << "intake: fix the data files above (intake flows check lists every problem)\n";
    return 1;
  }
}

}  // namespace intake::cli
