#include "bot/engine/dialogue_engine.h"

#include <algorithm>

#include "bot/engine/choice_matcher.h"
#include "bot/engine/match_text.h"
#include "bot/engine/ticket.h"
#include "bot/engine/validators/credit_code_validator.h"
#include "bot/engine/validators/date_validator.h"
#include "bot/engine/validators/phone_validator.h"
#include "bot/engine/validators/quantity_validator.h"
#include "bot/text/normalizer.h"
#include "bot/text/chinese_number.h"
#include "bot/text/utf8.h"

namespace intake::engine {
namespace {

using nlohmann::json;
using mode = conversation_mode;

// A confirmation this soon after a submission is taken as a repeat of it.
constexpr std::int64_t recent_submission_ms = 30LL * 60 * 1000;

// One turn in progress: the state being changed and the replies gathered so far.
class turn {
 public:
  turn(const bot_definition& definition, conversation_state state, const inbound& in, const turn_context& context)
      : def_(definition), in_(in), ctx_(context) {
    result_.state = std::move(state);
  }

  turn_result run() {
    // Only a thread open before this turn takes its message: one opened by the notices delivered now
    // was not yet seen when the owner wrote.
    thread_before_ = state().case_ticket;
    const std::int64_t previous = state().last_active_ms;
    const bool paused = previous > 0 && ctx_.now_ms - previous > def_.settings.resume_after_ms;
    if (!def_.messages.has_locale(state().locale)) state().locale = catalog::default_locale;
    deliver_notices();
    if (in_.type == inbound::kind::notify) {
      ask_pending_rating();
      return std::move(result_);  // the owner said nothing: no other prompt, no activity
    }
    if (in_.type == inbound::kind::session_start)
      start_session(paused);
    else
      handle_text(paused, previous == 0);
    ask_pending_rating();
    // A proposed figure lives only as long as its question (also while 取消 asks about the draft).
    const bool estimate_asked = state().mode == mode::confirm_estimate ||
                                (state().mode == mode::confirm_cancel && state().return_mode == mode::confirm_estimate);
    if (!estimate_asked) state().pending_answer = nullptr;
    state().last_active_ms = ctx_.now_ms;
    return std::move(result_);
  }

 private:
  conversation_state& state() { return result_.state; }
  const conversation_state& state_view() const { return result_.state; }
  void say(std::string key, json args = nullptr) { result_.messages.push_back({std::move(key), std::move(args)}); }
  void offer(std::string reply, message label) { result_.choices.push_back({std::move(reply), std::move(label)}); }

  bool in_draft_mode() {
    const mode m = state().mode;
    return (m == mode::form || m == mode::summary || m == mode::confirm_cancel || m == mode::confirm_estimate) && !state().flow.empty();
  }

  const flow* current_flow() {
    auto found = def_.flows.find(state().flow);
    return found == def_.flows.end() ? nullptr : &found->second;
  }

  // The title of the form the draft belongs to, for the messages about a draft (用工需求登记, not always 反映困难诉求).
  json draft_title() {
    const flow* form = current_flow();
    return form ? nested(form->title_key) : json("");
  }

  const form_step* current_step() {
    const flow* f = current_flow();
    return f ? f->find(state().step) : nullptr;
  }

  // --- Staff -----------------------------------------------------------------------------------

  // What staff did since the last turn comes first in the reply.
  void deliver_notices() {
    if (ctx_.notices.empty()) return;
    json ids = json::array();
    const std::string thread_was = state().case_ticket;
    for (const auto& item : ctx_.notices) {
      ids.push_back(item.id);
      if (item.kind == notice::status_changed) {
        say("notify.status", args("ticket", item.ticket, "status", nested("status." + item.status)));
        if (!item.text.empty()) say("notify.note", args("note", item.text));
        // Staff who explain a move, or return a report, expect an answer; a closed case has none to give.
        if (item.status == "closed") {
          if (state().case_ticket == item.ticket) state().case_ticket.clear();
          state().rating_ticket = item.ticket;  // asked once the owner is free (ask_pending_rating)
        } else if (!item.text.empty() || item.status == "returned") {
          open_case_thread(item.ticket);
        }
        if (item.status == "returned" && correctable(item.ticket)) say("case.resubmit_offer");
      } else if (item.kind == notice::staff_reply) {
        say("notify.staff_reply", args("actor", item.actor, "text", item.text));
        if (!item.ticket.empty()) open_case_thread(item.ticket);
      } else if (item.kind == notice::handoff_closed && state().handoff_since_ms) {
        state().handoff_since_ms = 0;
        say("notify.handoff_closed");
      } else if (item.kind == notice::routed) {
        say("notify.routed", args("ticket", item.ticket, "department", item.text));
      } else if (item.kind == notice::thread_closed && state().case_ticket == item.ticket && !item.ticket.empty()) {
        state().case_ticket.clear();
        say("case.thread_closed", args("ticket", item.ticket));
      }
    }
    result_.events.push_back({"notices_delivered", {{"ids", ids}}});
    if (!state().case_ticket.empty() && state().case_ticket != thread_was) say("case.thread_opened", args("ticket", state().case_ticket));
  }

  // A draft on screen keeps its answers: a note that arrives mid-form opens no thread (the owner
  // answers the form, and may answer staff through 人工 or the officer's next message).
  void open_case_thread(const std::string& ticket) {
    if (!in_draft_mode() && state().mode != mode::resume_prompt) state().case_ticket = ticket;
  }

  // --- Case thread --------------------------------------------------------------------------------

  // After staff wrote about a case, what the owner says goes to that case (case.thread_* in the
  // locale catalog says how to leave). Menu words leave the thread for the menu; a main menu item,
  // by its number or its exact words (我要填表), leaves it for that item; the ticket of another of the
  // owner's cases moves the thread there; anything else is kept on the case for staff and
  // acknowledged. Help and the language words act as everywhere. A draft on screen keeps its answers:
  // a thread open before the form began waits until the owner is back at the menu, in policy
  // questions or the progress query.
  bool handle_case_thread() {
    if (thread_before_.empty() || state().case_ticket != thread_before_) return false;
    if (in_draft_mode() || state().mode == mode::resume_prompt) return false;
    const std::string command = command_of(form_);
    if (command == "menu" || command == "cancel" || command == "back") {
      leave_case_thread();
      state().mode = mode::menu;
      state().invalid_attempts = 0;
      say("case.thread_left", args("ticket", thread_before_));
      show_menu();
      return true;
    }
    if (command == "help" || command == "english" || command == "chinese" || command == "sign_out") return false;
    if (const report_status* returned = returned_report_wanted()) {
      leave_case_thread();
      start_correction(*returned);
      return true;
    }
    if (const option* wanted = exact_menu_choice()) {
      leave_case_thread();
      state().mode = mode::menu;
      state().faq_suggestions.clear();
      choose_service(wanted->value);
      return true;
    }
    if (auto ticket = find_ticket(text::normalizer::instance().for_matching(in_.text)); ticket && *ticket != state().case_ticket) {
      for (const auto& report : ctx_.user_reports)
        if (report.ticket == *ticket) {
          state().case_ticket = report.ticket;
          state().mode = mode::menu;
          say("case.thread_switched", args("ticket", report.ticket));
          return true;
        }
    }
    result_.events.push_back({"case_message", {{"ticket", state().case_ticket}, {"text", in_.text}}});
    state().mode = mode::menu;
    state().faq_suggestions.clear();
    state().invalid_attempts = 0;
    const bool thanks = def_.acknowledgements.count(without_spaces(form_)) > 0;
    say(thanks ? "case.thanks_forwarded" : "case.forwarded", args("ticket", state().case_ticket));
    return true;
  }

  void leave_case_thread() { state().case_ticket.clear(); }

  // --- 回访: the owner rates a closed case ---------------------------------------------------------

  // A case closed since the last turn is rated once the owner is at the menu (or said nothing: a
  // push), never in the middle of a form or while a person has the conversation.
  void ask_pending_rating() {
    if (state().rating_ticket.empty() || state().mode == mode::rating || state().mode == mode::confirm_reopen) return;
    if (state().mode != mode::menu || state().handoff_since_ms) return;
    state().mode = mode::rating;
    state().invalid_attempts = 0;
    say("rating.ask", args("ticket", state().rating_ticket));
    list_options(def_.options("satisfaction"));
  }

  void finish_rating() {
    state().rating_ticket.clear();
    state().mode = mode::menu;
    state().invalid_attempts = 0;
  }

  // 满意 / 基本满意 / 不满意, by number or words; what else the owner wrote goes with it. Menu words
  // skip the rating; 人工 is handled before.
  void on_rating() {
    const std::string command = command_of(form_);
    if (command == "menu" || command == "cancel" || command == "back") {
      finish_rating();
      say("rating.skipped");
      return show_menu();
    }
    const auto match = choice_matcher::match_one(def_.options("satisfaction"), form_);
    if (match.result != choice_match::outcome::matched) {
      if (++state().invalid_attempts >= def_.settings.strikes_before_help) {
        finish_rating();
        say("rating.skipped");
        return show_menu();
      }
      say("rating.not_understood");
      return list_options(def_.options("satisfaction"));
    }
    const option& chosen = *match.options.front();
    // A bare choice ("3", "满意") carries no comment; anything longer is the owner's word on it.
    const bool bare = text::parse_number(form_).has_value() ||
                      std::find(chosen.match_forms.begin(), chosen.match_forms.end(), form_) != chosen.match_forms.end();
    const std::string comment = bare ? std::string() : std::string(text::truncate_code_points(in_.text, 500));
    result_.events.push_back({"case_rated", {{"ticket", state().rating_ticket}, {"rating", chosen.value}, {"comment", comment}}});
    if (chosen.value == "unsatisfied") {
      state().mode = mode::confirm_reopen;
      state().invalid_attempts = 0;
      say("rating.ask_reopen");
      return list_options(def_.options("yes_no"));
    }
    finish_rating();
    say("rating.thanks");
    show_menu();
  }

  void on_confirm_reopen() {
    const auto match = choice_matcher::match_one(def_.options("yes_no"), form_);
    if (match.result != choice_match::outcome::matched) {
      if (++state().invalid_attempts < def_.settings.strikes_before_help) {
        say("rating.ask_reopen");
        return list_options(def_.options("yes_no"));
      }
    } else if (match.options.front()->value == "yes") {
      result_.events.push_back({"case_reopen_requested", {{"ticket", state().rating_ticket}}});
      finish_rating();
      say("rating.reopen_requested");
      return show_menu();
    }
    finish_rating();
    say("rating.sorry");
    show_menu();
  }

  // --- Correcting a returned report ---------------------------------------------------------------

  // A returned report with the answers to correct and a flow to ask them in.
  bool can_correct(const report_status& report) const {
    return report.status == "returned" && report.answers.is_object() && def_.flows.count(report.flow_id);
  }

  // The owner's report `ticket` if it can be corrected, or null.
  const report_status* correctable(const std::string& ticket) const {
    for (const auto& report : ctx_.user_reports)
      if (report.ticket == ticket) return can_correct(report) ? &report : nullptr;
    return nullptr;
  }

  // The returned report the owner asks to correct (修改, 我要重新提交): the thread's case, else their
  // newest returned one; null when the message is not such a request or nothing is returned.
  const report_status* returned_report_wanted() const {
    if (wordless_) return nullptr;
    const report_status* returned = correctable(state_view().case_ticket);
    for (const auto& report : ctx_.user_reports)
      if (!returned && can_correct(report)) returned = &report;
    if (!returned) return nullptr;  // most owners: nothing to correct, and the words are not read
    const std::string spaceless = without_spaces(form_);
    if (def_.resubmit_words.count(spaceless)) return returned;
    const std::string_view after_intent = without_one_filler(spaceless, def_.intent_prefixes, {});
    return after_intent.size() != spaceless.size() && def_.resubmit_words.count(std::string(after_intent)) ? returned : nullptr;
  }

  // The returned report's answers become a draft of its flow (as the flow now stands: answers that no
  // longer fit are asked again), and the owner sees the staff's reason and the summary to change.
  void start_correction(const report_status& report) {
    const flow& form = def_.flows.at(report.flow_id);
    if (state().resubmits == report.ticket && state().has_draft()) {
      say("case.resubmit_continue", args("ticket", report.ticket));
      return advance();
    }
    if (state().has_draft())
      if (const flow* other = current_flow()) say("form.draft_replaced", args("title", nested(other->title_key)));
    clear_draft();
    state().flow = form.id;
    state().flow_version = form.version;
    state().form_id = std::to_string(ctx_.now_ms) + "-" + std::to_string(++state().forms_started);
    state().resubmits = report.ticket;
    state().mode = mode::form;
    for (const auto& [slot, value] : report.answers.items())
      if (const form_step* step = form.find(slot); step && still_fits(*step, value)) state().answers[slot] = value;
    say("case.resubmit_intro", args("ticket", report.ticket, "reason", report.latest_note.empty() ? json("—") : json(report.latest_note)));
    advance();
  }

  // A main menu item named by the whole message: its number, its words, or its words after an intent
  // prefix (我要反映困难). Looser matches are the owner talking to staff, not choosing.
  const option* exact_menu_choice() const {
    if (const option* numbered = menu_item_by_number()) return numbered;
    return wanted_menu_item(true);
  }

  // The main menu's item whose number is the whole message, or null.
  const option* menu_item_by_number() const {
    const option_set& menu = def_.options("main_menu");
    const auto number = text::parse_number(form_);
    if (!number || *number < 1 || *number > static_cast<double>(menu.options.size()) ||
        static_cast<double>(static_cast<std::size_t>(*number)) != *number)
      return nullptr;
    return &menu.options[static_cast<std::size_t>(*number) - 1];
  }

  void request_handoff() {
    if (!state().handoff_since_ms) {
      state().handoff_since_ms = ctx_.now_ms;
      result_.events.push_back({"handoff_requested", json::object()});
    }
    say("handoff.requested");
  }

  // While staff have the conversation, the bot only acknowledges; "结束人工" hands it back.
  bool handle_handoff() {
    const std::string command = command_of(form_);
    if (command == "sign_out") {
      sign_out();
      return true;
    }
    if (command == "human") {
      request_handoff();
      return true;
    }
    if (!state().handoff_since_ms) {
      if (command != "end_human") return false;
      reprompt();  // nothing to end: carry on where the owner is
      return true;
    }
    if (command == "end_human") {
      state().handoff_since_ms = 0;
      result_.events.push_back({"handoff_ended", json::object()});
      say("handoff.ended");
      reprompt();
      return true;
    }
    say("handoff.waiting");
    return true;
  }

  // 退出登录: a web chat visitor leaves this device. The runtime revokes the conversation's resume
  // tokens with this turn; channels without them (WeChat, the terminal) have nothing to sign out of.
  void sign_out() {
    if (in_.channel != "websocket") {
      say("session.sign_out_not_needed");
      return reprompt();
    }
    result_.events.push_back({"signed_out", json::object()});
    say("session.signed_out");
  }

  // --- Entry points -------------------------------------------------------------------------

  void start_session(bool paused) {
    if (state().mode == mode::resume_prompt && current_flow()) return ask_resume();
    if (in_draft_mode() && current_flow()) {
      if (paused && state().has_draft()) return ask_resume();
      say("resume.welcome_back");
      return reprompt();
    }
    state().mode = mode::menu;
    say("bot.greeting");
    show_menu();
  }

  void handle_text(bool paused, bool first_contact) {
    if (!text::is_valid_utf8(in_.text)) {
      say("input.invalid_utf8");
      return reprompt();
    }
    if (text::count_code_points(in_.text) > def_.settings.max_input_chars) {
      say("input.too_long", args("max", static_cast<std::int64_t>(def_.settings.max_input_chars)));
      return reprompt();
    }
    form_ = match_form(in_.text);
    if (!has_words(form_)) {
      if (text::normalizer::instance().for_matching(in_.text).empty()) {
        say("input.empty");
        return reprompt();
      }
      // Emoji or punctuation alone: something was said, and it is answered as an answer that cannot
      // be used. Its pictographs are what option words can match (👍 at a yes/no question).
      wordless_ = true;
      if (form_.empty()) form_ = symbol_form(in_.text);
    }
    if (in_draft_mode() && !current_flow()) {
      // The flow was removed from flows/ since this conversation started: start afresh.
      clear_draft();
      state().mode = mode::menu;
    }
    if (in_draft_mode() || state().mode == mode::resume_prompt) {
      carry_draft_over();
      if (suppress_input_) return;
    }
    if (handle_handoff()) return;
    if (state().mode == mode::rating) return on_rating();
    if (state().mode == mode::confirm_reopen) return on_confirm_reopen();
    if (handle_case_thread()) return;
    if (paused && in_draft_mode() && state().has_draft()) return ask_resume();
    if (handle_command()) return;
    switch (state().mode) {
      case mode::menu: return on_menu(first_contact);
      case mode::form: return on_form_answer();
      case mode::summary: return on_summary();
      case mode::confirm_cancel: return on_confirm_cancel();
      case mode::resume_prompt: return on_resume_choice();
      case mode::progress: return on_progress();
      case mode::faq: return on_faq();
      case mode::confirm_estimate: return on_confirm_estimate();
      case mode::rating: return on_rating();
      case mode::confirm_reopen: return on_confirm_reopen();
    }
  }

  std::string command_of(const std::string& form) {
    const auto found = def_.command_by_word.find(form);
    return found == def_.command_by_word.end() ? std::string() : found->second;
  }

  bool handle_command() {
    const std::string command = command_of(form_);
    if (command.empty()) return false;
    // These words are answers in one mode (progress, menu), not commands that act everywhere.
    if (command == "my_reports" || command == "greeting") return false;
    if (command == "english" || command == "chinese") {
      const std::string locale = command == "english" ? "en" : "zh-CN";
      const flow* form = in_draft_mode() ? current_flow() : nullptr;
      if (form && !form->locales.empty() && std::find(form->locales.begin(), form->locales.end(), locale) == form->locales.end()) {
        say("locale.not_in_form", args("title", nested(form->title_key)));
        reprompt();
        return true;
      }
      if (def_.messages.has_locale(locale)) state().locale = locale;
      say("locale.switched");
      reprompt();
      return true;
    }
    if (command == "help") {
      say_help();
      return true;
    }
    if (command == "menu") {
      const bool kept = in_draft_mode() && state().has_draft();
      state().mode = mode::menu;
      state().invalid_attempts = 0;
      if (kept) say("menu.draft_kept", args("title", draft_title()));
      show_menu();
      return true;
    }
    if (command == "back") {
      go_back();
      return true;
    }
    if (command == "cancel") {
      if (state().mode == mode::confirm_cancel) {
        confirm_cancel();
      } else if (state().has_draft()) {
        // Asked wherever the owner is: a draft parked at the menu (菜单) is as much work to lose as
        // one on screen.
        state().return_mode = state().mode;
        state().mode = mode::confirm_cancel;
        ask_cancel();
      } else {
        // Nothing answered yet, so there is nothing to lose and nothing to confirm.
        const bool was_filling = in_draft_mode();
        clear_draft();
        state().mode = mode::menu;
        say(was_filling ? "cancel.done" : "cancel.nothing");
        show_menu();
      }
      return true;
    }
    return false;
  }

  // --- Menu ---------------------------------------------------------------------------------

  void show_menu() {
    say("menu.prompt");
    list_options(def_.options("main_menu"));
  }

  void list_options(const option_set& set) {
    if (set.numbered) {
      if (set.listing) {
        result_.messages.push_back({"common.option_line", nullptr, set.listing});
      } else {
        for (auto& line : set.line_messages()) result_.messages.push_back(std::move(line));
      }
    }
    int n = 0;
    for (const auto& opt : set.options) {
      ++n;
      offer(set.numbered ? std::to_string(n) : opt.value, {opt.label_key, nullptr});
    }
  }

  void on_menu(bool first_contact) {
    auto match = choice_matcher::match_one(def_.options("main_menu"), form_);
    if (match.result == choice_match::outcome::matched) {
      state().invalid_attempts = 0;
      return choose_service(match.options.front()->value);
    }
    if (auto ticket = find_ticket(text::normalizer::instance().for_matching(in_.text))) {
      state().mode = mode::progress;
      return show_ticket(*ticket);
    }
    if (const report_status* returned = returned_report_wanted()) return start_correction(*returned);
    if (!wordless_ && command_of(form_) != "greeting" && answer_policy_question(true, looks_like_question())) {
      if (state().mode == mode::menu) show_menu();  // declined: the menu is the way on
      return;
    }
    if (first_contact || command_of(form_) == "greeting") {
      state().invalid_attempts = 0;
      say("bot.greeting");
      return show_menu();
    }
    // A confirmation repeated after the report went in (a double tap, a retried message) must not
    // look like a failure, and must not submit anything again.
    auto confirm = choice_matcher::match_one(def_.options("summary_actions"), form_);
    if (confirm.result == choice_match::outcome::matched && confirm.options.front()->value == "confirm" &&
        !ctx_.user_reports.empty() && ctx_.now_ms - ctx_.user_reports.front().created_at_ms < recent_submission_ms) {
      say("report.already_submitted", args("ticket", ctx_.user_reports.front().ticket));
      return show_menu();
    }
    if (++state().invalid_attempts >= def_.settings.strikes_before_help) {
      say("help.menu");
      return show_menu();
    }
    say("menu.not_understood");
    show_menu();
  }

  // A main menu option: a flow, or a built-in service (flows check guarantees it is one of them).
  void choose_service(const std::string& value) {
    leave_case_thread();  // the owner went on to something else
    if (value == "faq") return start_faq();
    if (value == "human") return request_handoff();
    if (value == "progress") return start_progress();
    start_form(value);
  }

  // --- Forms -------------------------------------------------------------------------------------

  void start_form(std::string flow_id) {
    if (state().flow == flow_id && state().has_draft()) return ask_resume();
    if (state().has_draft()) {
      // One draft at a time: the other form's answers give way, and the owner is told which.
      if (const flow* other = current_flow()) say("form.draft_replaced", args("title", nested(other->title_key)));
    }
    begin_form(flow_id);
  }

  void begin_form(std::string flow_id) {  // a copy: it may be state().flow, which clear_draft empties
    clear_draft();
    const auto found = def_.flows.find(flow_id);
    if (found == def_.flows.end()) {
      state().mode = mode::menu;
      return show_menu();
    }
    const flow& form = found->second;
    state().flow = flow_id;
    state().flow_version = form.version;
    state().form_id = std::to_string(ctx_.now_ms) + "-" + std::to_string(++state().forms_started);
    state().mode = mode::form;
    if (!form.locales.empty() && std::find(form.locales.begin(), form.locales.end(), state().locale) == form.locales.end()) {
      // The form is not written in the owner's language: it is asked in the first one it is.
      state().locale = form.locales.front();
      say("form.locale_switched", args("title", nested(form.title_key)));
    }
    say(form.intro_key);
    advance();
  }

  // A draft begun under another version of its flow (the operator edited the form meanwhile): the
  // answers to steps that are still there, of the same kind and with options that still exist, are
  // kept; the others are asked again; a current step that is gone moves on to the next question.
  void carry_draft_over() {
    const flow* form = current_flow();
    if (!form || state().flow_version == form->version) return;
    const bool first_check = state().flow_version.empty();  // stored before flows had versions
    state().flow_version = form->version;
    if (first_check) return;
    json kept = json::object();
    for (const auto& [slot, value] : state().answers.items()) {
      const form_step* step = form->find(slot);
      if (step && still_fits(*step, value)) kept[slot] = value;
    }
    const bool lost = kept.size() != state().answers.size();
    state().answers = std::move(kept);
    say(lost ? "form.flow_changed_answers_dropped" : "form.flow_changed");
    if (state().mode == mode::form && !form->find(state().step)) {
      advance();
      state().invalid_attempts = 0;
      suppress_input_ = true;
    } else if (state().mode == mode::summary || state().mode == mode::confirm_estimate) {
      state().mode = mode::form;
      state().pending_answer = nullptr;
      advance();
      suppress_input_ = true;
    }
  }

  bool still_fits(const form_step& step, const json& value) {
    if (value.is_null()) return step.optional;
    switch (step.kind) {
      case input_kind::choice: return value.is_string() && step.options && step.options->find(value.get<std::string>());
      case input_kind::multi_choice:
        return value.is_array() && step.options && std::all_of(value.begin(), value.end(), [&](const json& item) {
                 return item.is_string() && step.options->find(item.get<std::string>());
               });
      case input_kind::count: return value.is_number_integer();
      case input_kind::money_wan:
      case input_kind::number: return value.is_number();
      default: return value.is_string();
    }
  }

  void clear_draft() {
    state().flow_version.clear();
    state().flow.clear();
    state().step.clear();
    state().answers = json::object();
    state().form_id.clear();
    state().resubmits.clear();
    state().invalid_attempts = 0;
  }

  bool applicable(const form_step& step) {
    if (!step.when) return true;
    const json& answers = state().answers;
    const auto found = answers.find(step.when->slot);
    if (found == answers.end()) return false;
    // Compared in place: a json made of `includes` for the comparison cost an allocation, and this
    // runs for every conditional step several times a turn.
    const std::string& wanted = step.when->includes;
    auto is_wanted = [&](const json& value) { return value.is_string() && value.get_ref<const std::string&>() == wanted; };
    if (found->is_array()) return std::any_of(found->begin(), found->end(), is_wanted);
    return is_wanted(*found);
  }

  std::vector<const form_step*> applicable_steps() {
    std::vector<const form_step*> steps;
    if (const flow* f = current_flow()) {
      steps.reserve(f->steps.size());  // once, not a reallocation every few steps: this runs several times a turn
      for (const auto& step : f->steps)
        if (applicable(step)) steps.push_back(&step);
    }
    return steps;
  }

  // Drops answers that no longer apply or no longer fit an earlier answer (after an edit).
  void reconcile() {
    const flow* f = current_flow();
    if (!f) return;
    json& answers = state().answers;
    for (const auto& step : f->steps) {
      if (!applicable(step)) {
        answers.erase(step.id);
        continue;
      }
      if (!step.max_slot.empty() && answers.contains(step.id) && answers.contains(step.max_slot) &&
          answers[step.id].is_number() && answers[step.max_slot].is_number() &&
          answers[step.id].get<std::int64_t>() > answers[step.max_slot].get<std::int64_t>())
        answers.erase(step.id);
    }
  }

  // Asks the first applicable question without an answer, or shows the summary when none is left.
  void advance() {
    reconcile();
    for (const form_step* step : applicable_steps()) {
      if (!state().answers.contains(step->id)) {
        state().mode = mode::form;
        state().step = step->id;
        state().invalid_attempts = 0;
        return ask(*step);
      }
    }
    show_summary();
  }

  void ask(const form_step& step, bool with_prompt = true) {
    if (with_prompt) {
      int n = 0, total = 0;
      if (const flow* f = current_flow())
        for (const auto& candidate : f->steps)
          if (applicable(candidate)) {
            ++total;
            if (&candidate == &step) n = total;
          }
      say("form.question", args("n", n, "total", total, "prompt", nested(step.prompt_key)));
    }
    if (state().answers.contains(step.id)) say("form.current_value", args("value", display_value(step, state().answers[step.id])));
    if (step.optional) say("form.skip_hint");
    if (step.options && step.list_options) list_options(*step.options);
  }

  json display_value(const form_step& step, const json& value) {
    if (value.is_null()) return nested("summary.value.skipped");
    if (step.unavailable && value == "") return nested(step.unavailable->shown_as_key);
    switch (step.kind) {
      case input_kind::choice:
        if (const option* opt = step.options ? step.options->find(value.get<std::string>()) : nullptr) return nested(opt->label_key);
        return value;
      case input_kind::multi_choice: {
        json labels = json::array();
        for (const auto& item : value)
          if (const option* opt = step.options->find(item.get<std::string>())) labels.push_back(nested(opt->label_key));
        return labels;
      }
      case input_kind::money_wan: return nested("summary.value.money", args("amount", value));
      case input_kind::count: return nested("summary.value.count", args("count", value));
      case input_kind::number: return nested("summary.value.number", args("amount", value, "unit", nested(step.unit_key)));
      default: return value;
    }
  }

  void on_form_answer() {
    const flow* f = current_flow();
    const form_step* step = f ? f->find(state().step) : nullptr;
    if (!step) return advance();
    if (try_edit_by_name(false)) return;
    // Only what reads as a question is tried as a policy question, and only a confident answer from
    // the notices takes its place. Where answers are short or read out of a sentence (a company name,
    // a city, a code said to be missing, a number among words) the question comes first:
    // "没有营业执照能申请补贴吗" asks, it does not answer. Elsewhere only an invalid answer is tried,
    // so a description that reads like a question stays the description.
    const bool short_text = step->kind == input_kind::text && step->max_length <= 60;
    const bool read_from_sentences = step->kind == input_kind::credit_code || step->kind == input_kind::count ||
                                     step->kind == input_kind::money_wan || step->kind == input_kind::number ||
                                     step->kind == input_kind::date;
    const bool question_first = short_text || read_from_sentences;
    const bool question = looks_like_question();
    if (question_first && question && answer_policy_question(false, false)) return back_to_form(*step);
    validation_result result = validate(*step);
    if (!result.ok() && !question_first && question && answer_policy_question(false, false)) return back_to_form(*step);
    if (!result.ok()) {
      say(result.error().key, result.error().args);
      if (++state().invalid_attempts >= def_.settings.strikes_before_help) {
        say("form.strikes");
        say(step->help_key);
        say("form.way_out");
        return ask(*step, false);
      }
      return ask(*step);
    }
    if (result.needs_confirmation()) return propose_estimate(*step, result.value());
    state().answers[step->id] = result.value();
    state().invalid_attempts = 0;
    if (step->unavailable && result.value() == "") say(step->unavailable->acknowledgement_key);
    advance();
  }

  // --- A range or a rough figure, confirmed before it is recorded ---------------------------------

  void propose_estimate(const form_step& step, json value) {
    state().pending_answer = std::move(value);
    state().mode = mode::confirm_estimate;
    state().invalid_attempts = 0;
    ask_estimate(step);
  }

  void ask_estimate(const form_step& step) {
    say("form.confirm_estimate", args("value", display_value(step, state().pending_answer)));
    list_options(def_.options("yes_no"));
  }

  // Yes records the figure; no asks the question again; anything else is a new answer to it (a figure
  // typed instead, another range, 改电话).
  void on_confirm_estimate() {
    const form_step* step = current_step();
    state().mode = mode::form;
    if (!step || state().pending_answer.is_null()) return advance();
    auto match = choice_matcher::match_one(def_.options("yes_no"), form_);
    if (match.result != choice_match::outcome::matched) return on_form_answer();
    if (match.options.front()->value == "no") {
      say("form.estimate_declined");
      return ask(*step);
    }
    state().answers[step->id] = std::move(state().pending_answer);
    state().invalid_attempts = 0;
    advance();
  }

  validation_result validate(const form_step& step) {
    const auto& norm = text::normalizer::instance();
    if (step.optional && says_skip()) return validation_result::accept(nullptr);
    switch (step.kind) {
      case input_kind::text:
      case input_kind::long_text: {
        if (wordless_) return validation_result::reject("error.text.no_words");
        const std::string display = norm.for_display(in_.text);
        const auto length = static_cast<int>(text::count_code_points(display));
        if (length < step.min_length) return validation_result::reject("error.text.too_short", args("min", step.min_length));
        if (length > step.max_length)
          return validation_result::reject("error.text.too_long", args("max", step.max_length, "length", length));
        return validation_result::accept(display);
      }
      case input_kind::credit_code: return or_unavailable(step, validate_credit_code(norm.for_matching(in_.text)));
      case input_kind::phone: return or_unavailable(step, validate_phone(norm.for_matching(in_.text)));
      case input_kind::money_wan: return validate_money_wan(norm.for_matching(in_.text), step.max_money);
      case input_kind::number: return validate_number(without_unit(step, norm.for_matching(in_.text)), step.min_number, step.max_number, step.decimals);
      case input_kind::date: return validate_date(norm.for_matching(in_.text), ctx_.now_ms, step.days_before, step.days_after);
      case input_kind::count: {
        auto result = validate_count(norm.for_matching(in_.text), step.min, step.max);
        if (result.ok() && !step.max_slot.empty() && state().answers.contains(step.max_slot)) {
          const json& limit = state().answers[step.max_slot];
          if (limit.is_number_integer() && result.value().get<std::int64_t>() > limit.get<std::int64_t>()) {
            const form_step* other = current_flow()->find(step.max_slot);
            return validation_result::reject("error.count.more_than_slot",
                                             args("max", limit, "field", nested(other ? other->label_key : step.label_key)));
          }
        }
        return result;
      }
      case input_kind::choice: {
        auto match = choice_matcher::match_one(*step.options, form_);
        if (match.result == choice_match::outcome::matched) return validation_result::accept(match.options.front()->value);
        if (match.result == choice_match::outcome::ambiguous) {
          json candidates = json::array();
          for (const option* opt : match.options) candidates.push_back(nested(opt->label_key));
          return validation_result::reject("error.choice.ambiguous", args("candidates", candidates));
        }
        if (!step.error_key.empty()) return validation_result::reject(step.error_key);
        return validation_result::reject(step.list_options ? "error.choice.none" : "error.choice.none_unlisted");
      }
      case input_kind::multi_choice: {
        auto match = choice_matcher::match_many(*step.options, form_);
        if (!match.unknown.empty()) {
          json parts = json::array();
          for (const auto& part : match.unknown) parts.push_back(part);
          return validation_result::reject("error.multi.unknown", args("parts", parts));
        }
        if (match.options.empty()) return validation_result::reject("error.multi.none");
        json values = json::array();
        for (const option* opt : match.options) values.push_back(opt->value);
        return validation_result::accept(values);
      }
    }
    return validation_result::reject("error.choice.none");
  }

  // "12个月" at a question in 个月: the unit said after the figure is the step's own, not a time the
  // phrase reader would refuse as one.
  std::string without_unit(const form_step& step, std::string answer) {
    for (const auto& locale : def_.messages.locales()) {
      const std::string* unit = def_.messages.pattern(locale, step.unit_key);
      if (!unit) continue;
      const std::string said = text::normalizer::instance().for_matching(*unit);
      if (said.empty()) continue;
      for (auto at = answer.find(said); at != std::string::npos; at = answer.find(said, at)) answer.erase(at, said.size());
    }
    return answer;
  }

  // An answer the owner says they do not have yet (没有, 还在办理中) is an answer too, where the step
  // allows it: stored as "". A valid code or number always wins.
  validation_result or_unavailable(const form_step& step, validation_result result) {
    if (result.ok() || !step.unavailable || !step.unavailable->words.any_found(form_)) return result;
    return validation_result::accept("");
  }

  // 无, 没有了, 嗯不用了谢谢, no thanks: the answer is a skip word once fillers leave its ends.
  bool says_skip() {
    for (std::string_view answer = form_;;) {
      if (def_.skip_words.contains(without_spaces(answer))) return true;
      const std::string_view shorter = without_one_filler(answer, def_.filler_prefixes, def_.filler_suffixes);
      if (shorter.size() == answer.size()) return false;
      answer = shorter;
    }
  }

  // "修改 3", "改电话", "修改联系电话": edits an answered field. In the middle of the form only a
  // field's name counts (numbers belong to the summary), and only for fields already answered.
  bool try_edit_by_name(bool allow_numbers) {
    std::string rest;
    bool prefixed = false;
    for (const auto& prefix : def_.edit_prefixes) {
      if (form_.rfind(prefix, 0) == 0) {
        rest = form_.substr(prefix.size());
        prefixed = true;
        break;
      }
    }
    if (!prefixed) {
      if (!allow_numbers) return false;
      rest = form_;
    }
    while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
    if (prefixed && rest.empty()) {
      if (!allow_numbers) return false;
      say("summary.edit_which");
      return true;
    }
    const auto steps = applicable_steps();
    const form_step* target = nullptr;
    if (allow_numbers && prefixed) {
      if (auto number = text::parse_number(rest)) {
        const auto index = static_cast<std::size_t>(*number);
        if (*number >= 1 && static_cast<double>(index) == *number && index <= steps.size()) {
          target = steps[index - 1];
        } else {
          say("summary.edit_out_of_range", args("max", static_cast<int>(steps.size())));
          return true;
        }
      }
    }
    if (!target) {
      const std::string rest_compact = without_spaces(rest);
      for (const form_step* step : steps)
        for (const auto& alias : step->aliases)
          if (alias == rest || without_spaces(alias) == rest_compact) target = step;
    }
    if (!target) {
      if (prefixed && allow_numbers) {
        say("summary.edit_unknown_field");
        return true;
      }
      return false;
    }
    if (!state().answers.contains(target->id) && !allow_numbers) return false;
    state().mode = mode::form;
    state().step = target->id;
    state().invalid_attempts = 0;
    say("form.editing", args("field", nested(target->label_key)));
    ask(*target);
    return true;
  }

  void go_back() {
    if (state().mode == mode::summary) {
      const auto steps = applicable_steps();
      if (steps.empty()) return show_menu();
      state().mode = mode::form;
      state().step = steps.back()->id;
      state().invalid_attempts = 0;
      return ask(*steps.back());
    }
    if (state().mode == mode::form) {
      const auto steps = applicable_steps();
      const form_step* previous = nullptr;
      for (const form_step* step : steps) {
        if (step->id == state().step) break;
        previous = step;
      }
      const form_step* current = current_flow() ? current_flow()->find(state().step) : nullptr;
      if (!previous) {
        say("form.first_step");
        return current ? ask(*current) : advance();
      }
      state().step = previous->id;
      state().invalid_attempts = 0;
      return ask(*previous);
    }
    if (state().mode == mode::confirm_cancel) {
      state().mode = state().return_mode;
      return reprompt();
    }
    if (state().mode == mode::confirm_estimate) {  // back to the question the figure answers
      state().mode = mode::form;
      return reprompt();
    }
    state().mode = mode::menu;
    state().invalid_attempts = 0;
    show_menu();
  }

  // --- Summary, submission, cancel --------------------------------------------------------------

  void show_summary() {
    state().mode = mode::summary;
    state().step.clear();
    if (const flow* form = current_flow()) say(form->summary_title_key);
    int n = 0;
    for (const form_step* step : applicable_steps()) {
      ++n;
      say("summary.line", args("n", n, "label", nested(step->label_key), "value", display_value(*step, state().answers[step->id])));
    }
    say("summary.prompt");
    list_options(def_.options("summary_actions"));
  }

  void on_summary() {
    if (try_edit_by_name(true)) return;
    auto match = choice_matcher::match_one(def_.options("summary_actions"), form_);
    if (match.result == choice_match::outcome::matched) {
      state().invalid_attempts = 0;
      const std::string& action = match.options.front()->value;
      if (action == "confirm") return submit();
      if (action == "edit") return say("summary.edit_which");
      state().return_mode = mode::summary;
      state().mode = mode::confirm_cancel;
      return ask_cancel();
    }
    if (++state().invalid_attempts >= def_.settings.strikes_before_help) {
      say("help.summary");
      say("form.way_out");
      return;
    }
    say("summary.not_understood");
    list_options(def_.options("summary_actions"));
  }

  void submit() {
    const flow* f = current_flow();
    if (!f) return advance();
    json names = json::object();
    for (const form_step* step : applicable_steps()) {
      const json& value = state().answers[step->id];
      if (step->kind == input_kind::choice && value.is_string()) {
        if (const option* opt = step->options->find(value.get<std::string>())) names[step->id] = opt->name;
      } else if (step->kind == input_kind::multi_choice && value.is_array()) {
        json chosen = json::array();
        for (const auto& item : value)
          if (const option* opt = item.is_string() ? step->options->find(item.get<std::string>()) : nullptr) chosen.push_back(opt->name);
        names[step->id] = std::move(chosen);
      }
    }
    // A correction goes back into its case, as long as the case is still returned (staff may have
    // moved it meanwhile: then it is a new report).
    const bool resubmission = !state().resubmits.empty() && correctable(state().resubmits);
    const std::string ticket =
        resubmission ? state().resubmits : make_ticket(in_.user_id, state().form_id, ctx_.now_ms, ctx_.ticket_draw, f->ticket_prefix);
    const std::string submitted_key = resubmission ? std::string("case.resubmitted") : f->submitted_key;
    result_.events.push_back({resubmission ? "report_resubmitted" : "report_submitted",
                              {{"ticket", ticket},
                               {"flow", f->id},
                               {"flow_version", f->version},
                               {"form_id", state().form_id},
                               {"user_id", in_.user_id},
                               {"channel", in_.channel},
                               {"created_at_ms", ctx_.now_ms},
                               {"answers", state().answers},
                               {"names", names}}});
    clear_draft();
    leave_case_thread();  // the new case is what the owner is about now
    state().mode = mode::menu;
    say(submitted_key, args("ticket", ticket));
    show_menu();
  }

  // Whether the draft being cancelled was on screen (the form or its summary) rather than parked
  // while the owner did something else: the questions and answers differ.
  bool cancelling_from_form() {
    const mode m = state().return_mode;
    return m == mode::form || m == mode::summary || m == mode::confirm_estimate;
  }

  void ask_cancel() {
    if (cancelling_from_form())
      say("cancel.confirm");
    else
      say("cancel.confirm_draft", args("answered", static_cast<int>(state().answers.size()), "title", draft_title()));
    list_options(def_.options("yes_no"));
  }

  void confirm_cancel() {
    clear_draft();
    state().mode = mode::menu;
    say("cancel.done");
    show_menu();
  }

  void on_confirm_cancel() {
    auto match = choice_matcher::match_one(def_.options("yes_no"), form_);
    if (match.result != choice_match::outcome::matched) {
      say(cancelling_from_form() ? "cancel.not_understood" : "cancel.not_understood_draft");
      return ask_cancel();
    }
    if (match.options.front()->value == "yes") return confirm_cancel();
    if (cancelling_from_form())
      say("cancel.kept");
    else
      say("cancel.draft_kept", args("title", draft_title()));
    state().mode = state().return_mode;
    reprompt();
  }

  // --- Resuming a draft -----------------------------------------------------------------------

  void ask_resume() {
    state().mode = mode::resume_prompt;
    const form_step* next = nullptr;
    for (const form_step* step : applicable_steps())
      if (!next && !state().answers.contains(step->id)) next = step;
    say("resume.prompt", args("answered", static_cast<int>(state().answers.size()), "field",
                              next ? nested(next->label_key) : nested("summary.title_short"), "title", draft_title()));
    list_options(def_.options("resume_choices"));
  }

  void on_resume_choice() {
    auto match = choice_matcher::match_one(def_.options("resume_choices"), form_);
    if (match.result != choice_match::outcome::matched) {
      say("resume.not_understood");
      return ask_resume();
    }
    if (match.options.front()->value == "restart") return begin_form(state().flow);
    say("resume.continuing");
    advance();
  }

  // --- Progress query -------------------------------------------------------------------------

  void start_progress() {
    state().mode = mode::progress;
    say("progress.prompt");
    if (!ctx_.user_reports.empty()) say("progress.has_reports", args("count", static_cast<int>(ctx_.user_reports.size())));
  }

  void show_report(const report_status& report) {
    say("progress.item", args("ticket", report.ticket, "status", nested("status." + report.status), "date",
                              format_china_time(report.created_at_ms), "company", report.company_name));
    if (!report.department.empty()) say("progress.department", args("department", report.department));
    if (!report.latest_note.empty()) say("progress.note", args("note", report.latest_note));
  }

  void show_ticket(const std::string& ticket) {
    for (const auto& report : ctx_.user_reports)
      if (report.ticket == ticket) {
        show_report(report);
        return say("progress.hint");
      }
    say("progress.not_found", args("ticket", ticket));
  }

  void on_progress() {
    if (command_of(form_) == "my_reports") {
      state().invalid_attempts = 0;
      if (ctx_.user_reports.empty()) return say("progress.none");
      say("progress.list_title", args("count", static_cast<int>(ctx_.user_reports.size())));
      for (const auto& report : ctx_.user_reports) show_report(report);
      return say("progress.hint");
    }
    if (auto ticket = find_ticket(text::normalizer::instance().for_matching(in_.text))) {
      state().invalid_attempts = 0;
      return show_ticket(*ticket);
    }
    if (const report_status* returned = returned_report_wanted()) return start_correction(*returned);
    auto match = choice_matcher::match_one(def_.options("main_menu"), form_);
    if (match.result == choice_match::outcome::matched && def_.flows.count(match.options.front()->value))
      return start_form(match.options.front()->value);
    if (++state().invalid_attempts >= def_.settings.strikes_before_help) {
      say("help.progress");
      return say("form.way_out_menu");
    }
    say("progress.not_understood");
  }

  // --- Policy questions -------------------------------------------------------------------------

  void start_faq() {
    state().mode = mode::faq;
    state().faq_suggestions.clear();
    say("faq.prompt");
  }

  bool looks_like_question() {
    if (wordless_) return false;  // "？？" is puzzlement, not a question the notices could answer
    if (in_.text.ends_with("?") || in_.text.ends_with("\xEF\xBC\x9F")) return true;  // ? or ？
    return def_.question_cue_terms.any_found(form_);
  }

  void answer_entry(const faq_entry& entry) {
    // A sentence of the notice itself is shown as a quotation, a curated answer as the bot's words.
    say(entry.quoted ? "faq.quote" : "faq.answer", args("answer", entry.answer));
    const faq_document& doc = *entry.document;
    if (doc.doc_number.empty())
      say("faq.source_untitled", args("title", doc.title, "article", entry.article));
    else
      say("faq.source", args("title", doc.title, "number", doc.doc_number, "article", entry.article));
    if (doc.scope == "jiangxi") say("faq.scope_jiangxi");
    result_.events.push_back({"faq_answered", {{"entry_id", entry.id}}});
  }

  // Looks the message up in the knowledge base. Answers a confident match; offers suggestions when
  // `suggest` (which moves to policy mode, where numbers pick them); says plainly that the notices do
  // not cover it and records the question when `decline`. Returns whether it replied.
  bool answer_policy_question(bool suggest, bool decline) {
    if (!def_.faq) return false;
    const faq_result found = def_.faq->lookup(in_.text);
    switch (found.outcome) {
      case faq_result::decision::answered:
        answer_entry(*found.candidates.front().entry);
        if (suggest) {
          state().mode = mode::faq;
          state().faq_suggestions.clear();
          say("faq.next");
        }
        return true;
      case faq_result::decision::suggested: {
        if (!suggest) return false;
        state().mode = mode::faq;
        state().faq_suggestions.clear();
        say("faq.suggest");
        int n = 0;
        for (const auto& candidate : found.candidates) {
          if (n == static_cast<int>(knowledge_base::max_suggestions)) break;
          ++n;
          state().faq_suggestions.push_back(candidate.entry->id);
          say("common.option_line", args("n", n, "label", candidate.entry->questions.front()));
          offer(std::to_string(n), {"faq.answer", args("answer", candidate.entry->questions.front())});
        }
        say("faq.suggest_hint");
        return true;
      }
      case faq_result::decision::declined: {
        if (!decline) return false;
        say("faq.declined");
        // Staff marked this question out of scope: declined as before, and not queued again.
        if (found.out_of_scope) return true;
        result_.events.push_back({"faq_unanswered",
                                  {{"question", std::string(text::truncate_code_points(text::normalizer::instance().for_display(in_.text), 500))},
                                   {"normalized", question_group(form_)}}});
        return true;
      }
    }
    return false;
  }

  void back_to_form(const form_step& step) {
    say("faq.back_to_form");
    ask(step);
  }

  void on_faq() {
    if (!state().faq_suggestions.empty()) {
      if (auto number = text::parse_number(form_)) {
        const auto index = static_cast<std::size_t>(*number);
        if (*number >= 1 && static_cast<double>(index) == *number && index <= state().faq_suggestions.size()) {
          const faq_entry* entry = def_.faq ? def_.faq->find(state().faq_suggestions[index - 1]) : nullptr;
          state().faq_suggestions.clear();
          if (entry) answer_entry(*entry);
          return say("faq.next");
        }
        return say("faq.no_such_suggestion");
      }
    }
    // The exact words of another menu item leave policy mode, and so do they after an intent prefix
    // (我要反映困难, 我想查一下进度); "贷款审批进度" is a question.
    if (const option* wanted = wanted_menu_item(false)) {
      state().faq_suggestions.clear();
      return choose_service(wanted->value);
    }
    state().faq_suggestions.clear();
    // 谢谢, 好的: the answer was read; nothing to look up or record.
    if (def_.acknowledgements.count(without_spaces(form_))) return say("faq.acknowledged");
    // A bare number with no suggestions to choose from picks the main menu's item (1 反映困难诉求):
    // the owner is done with policy questions. Other numbers are not questions worth recording, nor
    // is a message without words.
    if (const option* numbered = menu_item_by_number()) return choose_service(numbered->value);
    if (wordless_ || text::parse_number(form_)) return say("faq.prompt");
    answer_policy_question(true, true);
  }

  // A main menu item (policy questions too only `with_faq`), named by the whole message or after one
  // of the intent prefixes ("我要" + "反映困难", "我想" + "查一下进度"); null when none is.
  const option* wanted_menu_item(bool with_faq) const {
    std::vector<std::string_view> forms{form_};
    if (const std::string_view wanted = without_one_filler(form_, def_.intent_prefixes, {}); wanted.size() != form_.size())
      forms.push_back(without_one_filler(wanted, {}, def_.filler_suffixes));
    const auto& options = def_.options("main_menu").options;
    for (const auto& opt : options) {
      if (opt.value == "faq" && !with_faq) continue;
      for (const auto& form : forms)
        if (std::find(opt.match_forms.begin(), opt.match_forms.end(), form) != opt.match_forms.end()) return &opt;
    }
    if (forms.size() < 2) return nullptr;
    // After an intent prefix, the item's words may start a longer phrase (我想 + 反映一下我们厂的困难,
    // 我想 + 查一下进度), as long as no other item's words are in it: 我想查一下贷款政策 is a question.
    const std::string_view wanted = forms.back();
    const option* starts = nullptr;
    for (const auto& opt : options)
      for (const auto& form : opt.match_forms)
        if (text::count_code_points(form) >= 2 && wanted.substr(0, form.size()) == form) starts = &opt;
    if (!starts || (starts->value == "faq" && !with_faq)) return nullptr;
    for (const auto& opt : options) {
      if (&opt == starts) continue;
      for (const auto& form : opt.match_forms)
        if (text::count_code_points(form) >= 2 && wanted.find(form) != std::string_view::npos) return nullptr;
    }
    return starts;
  }

  // --- Shared -----------------------------------------------------------------------------------

  void say_help() {
    switch (state().mode) {
      case mode::form: {
        const form_step* step = current_flow() ? current_flow()->find(state().step) : nullptr;
        if (!step) return advance();
        say(step->help_key);
        say("form.way_out");
        return ask(*step);
      }
      case mode::summary: say("help.summary"); return say("form.way_out");
      case mode::progress: say("help.progress"); return say("form.way_out_menu");
      case mode::confirm_cancel: return ask_cancel();
      case mode::resume_prompt: return ask_resume();
      case mode::menu: say("help.menu"); return show_menu();
      case mode::faq: return say("faq.prompt");
      case mode::confirm_estimate:
        if (const form_step* step = current_step()) say(step->help_key);
        return reprompt();
      case mode::rating:
      case mode::confirm_reopen: return reprompt();
    }
  }

  void reprompt() {
    switch (state().mode) {
      case mode::menu: return show_menu();
      case mode::form: {
        const form_step* step = current_flow() ? current_flow()->find(state().step) : nullptr;
        return step ? ask(*step) : advance();
      }
      case mode::summary: return show_summary();
      case mode::confirm_cancel: return ask_cancel();
      case mode::resume_prompt: return ask_resume();
      case mode::progress: return say("progress.prompt");
      case mode::faq: return say("faq.prompt");
      case mode::confirm_estimate: {
        const form_step* step = current_step();
        if (step && !state().pending_answer.is_null()) return ask_estimate(*step);
        state().mode = mode::form;  // nothing left to confirm: the form goes on
        return advance();
      }
      case mode::rating:
        say("rating.ask", args("ticket", state().rating_ticket));
        return list_options(def_.options("satisfaction"));
      case mode::confirm_reopen:
        say("rating.ask_reopen");
        return list_options(def_.options("yes_no"));
    }
  }

  const bot_definition& def_;
  const inbound& in_;
  const turn_context& ctx_;
  turn_result result_;
  std::string form_;       // match_form of the text; its symbol_form when it has no words
  bool wordless_ = false;  // the text holds something, but only emoji or punctuation
  bool suppress_input_ = false;  // the draft was carried over to a new flow version and re-asked: the text answered nothing
  std::string thread_before_;    // the case thread open when the turn began
};

}  // namespace

turn_result dialogue_engine::step(const conversation_state& state, const inbound& in, const turn_context& context) const {
  return turn(definition_, state, in, context).run();
}

turn_result dialogue_engine::step(conversation_state&& state, const inbound& in, const turn_context& context) const {
  return turn(definition_, std::move(state), in, context).run();
}

}  // namespace intake::engine
