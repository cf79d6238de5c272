#include "bot/engine/definition_loader.h"

namespace intake::engine {

const std::vector<std::string>& engine_message_keys() {
  static const std::vector<std::string> keys{
      "bot.greeting", "menu.prompt", "menu.not_understood", "menu.draft_kept", "help.menu", "common.option_line",
      "common.list_separator", "locale.switched", "input.invalid_utf8", "input.too_long", "input.empty",
      "report.intro", "report.submitted", "report.already_submitted", "form.question", "form.current_value", "form.skip_hint", "form.strikes",
      "form.way_out", "form.way_out_menu", "form.editing", "form.first_step", "form.confirm_estimate", "form.estimate_declined", "summary.title", "summary.title_short",
      "summary.line", "summary.prompt", "summary.not_understood", "summary.edit_which", "summary.edit_out_of_range",
      "summary.edit_unknown_field", "summary.value.skipped", "summary.value.money", "summary.value.count",
      "help.summary", "cancel.confirm", "cancel.done", "cancel.kept", "cancel.nothing", "cancel.not_understood",
      "cancel.confirm_draft", "cancel.draft_kept", "cancel.not_understood_draft",
      "resume.prompt", "resume.welcome_back", "resume.not_understood", "resume.continuing", "progress.prompt",
      "progress.has_reports", "progress.item", "progress.note", "progress.hint", "progress.not_found", "progress.none",
      "progress.list_title", "progress.not_understood", "help.progress", "status.new", "status.accepted",
      "status.in_progress", "status.closed", "status.returned", "error.text.too_short", "error.text.too_long", "error.text.no_words",
      "error.choice.none", "error.choice.none_unlisted", "error.choice.ambiguous", "error.multi.none",
      "error.multi.unknown", "error.count.more_than_slot", "error.count.not_a_number", "error.count.not_integer",
      "error.count.too_small", "error.count.too_large", "error.money.not_a_number", "error.money.not_positive",
      "error.money.too_large", "error.credit_code.length", "error.credit_code.character", "error.credit_code.check",
      "error.phone.mobile_length", "error.phone.no_area_code", "error.phone.format", "error.storage_unavailable",
      "faq.prompt", "faq.answer", "faq.quote", "faq.acknowledged", "faq.source", "faq.source_untitled", "faq.scope_jiangxi", "faq.next", "faq.suggest",
      "faq.suggest_hint", "faq.declined", "faq.back_to_form", "faq.no_such_suggestion", "channel.text_only",
      "channel.more_hint", "handoff.requested", "handoff.waiting", "handoff.ended",
      "session.signed_out", "session.sign_out_not_needed", "notify.status", "notify.note",
      "notify.staff_reply", "notify.handoff_closed", "case.thread_opened", "case.forwarded", "case.thanks_forwarded",
      "case.thread_switched", "case.thread_left", "case.thread_closed", "case.resubmit_offer", "case.resubmit_intro",
      "case.resubmit_continue", "case.resubmitted", "notify.routed", "progress.department",
      "rating.ask", "rating.thanks", "rating.ask_reopen", "rating.reopen_requested", "rating.sorry", "rating.skipped", "rating.not_understood", "form.draft_replaced", "form.locale_switched", "form.flow_changed",
      "form.flow_changed_answers_dropped", "locale.not_in_form", "summary.value.number", "error.number.not_a_number",
      "error.number.too_small", "error.number.too_large", "error.date.not_a_date", "error.date.too_early", "error.date.too_late",
  };
  return keys;
}

}  // namespace intake::engine
