#include "bot/runtime/turn_runner.h"

#include <algorithm>
#include <chrono>
#include <iostream>

#include "bot/runtime/case_life.h"
#include "bot/runtime/report_mapper.h"
#include "bot/text/search_terms.h"
#include "bot/text/utf8.h"

namespace intake::runtime {
namespace {

// The transcript keeps what was said, but an oversize message is cut so one owner cannot fill the disk.
constexpr std::size_t transcript_max_chars = 4000;

std::string transcript_text(const std::string& raw) {
  std::string valid = text::sanitize_utf8(raw);
  if (text::count_code_points(valid) <= transcript_max_chars) return valid;
  return std::string(text::truncate_code_points(valid, transcript_max_chars)) + "…[truncated]";
}

std::vector<engine::report_status> to_statuses(const std::vector<storage::report_record>& reports) {
  std::vector<engine::report_status> statuses;
  statuses.reserve(reports.size());
  for (const auto& report : reports) {
    // Only a returned report's answers are read (storage loads no others): the owner may correct it.
    nlohmann::json answers;
    if (report.status == "returned") answers = nlohmann::json::parse(report.answers_json, nullptr, false);
    if (answers.is_discarded()) answers = nullptr;
    statuses.push_back({report.ticket, report.status, report.created_at_ms, report.company_name, report.latest_note, report.flow_id, std::move(answers),
                        report.department});
  }
  return statuses;
}

}  // namespace

turn_runner::turn_runner(const engine::bot_definition& definition, storage::conversation_store& store, clock now)
    : definition_(definition), versions_(definition), engine_(definition), store_(store), now_(std::move(now)) {}

std::int64_t turn_runner::system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

cached_conversation turn_runner::read_conversation(storage::turn_inputs inputs) const {
  cached_conversation conversation;
  conversation.reports = std::move(inputs.reports);
  conversation.notifications = std::move(inputs.notifications);
  if (!inputs.conversation) return conversation;
  conversation.revision = inputs.conversation->revision;
  try {
    nlohmann::json::parse(inputs.conversation->state_json).get_to(conversation.state);
  } catch (const std::exception& error) {
    // A state this version cannot read starts over rather than locking the owner out.
    std::cerr << "intake: unreadable conversation state, starting afresh: " << error.what() << '\n';
    conversation.state = engine::conversation_state{};
  }
  return conversation;
}

turn_runner::turn_fate turn_runner::settle(const engine::inbound& in, std::optional<cached_conversation> after,
                                           storage::commit_outcome outcome, int attempt) {
  if (outcome == storage::commit_outcome::kept && after) {
    conversations_.remember(in.user_id, std::move(*after));
    return turn_fate::kept;
  }
  conversations_.forget(in.user_id);
  if (outcome == storage::commit_outcome::kept) return turn_fate::kept;
  if (outcome == storage::commit_outcome::failed) return turn_fate::lost;
  if (attempt + 1 < max_attempts) return turn_fate::prepare_again;
  std::cerr << "intake: turn not kept for a " << in.channel << " conversation: it changed under every attempt\n";
  return turn_fate::lost;
}

rendered_reply turn_runner::failure_reply(const std::string& locale) const {
  rendered_reply failure;
  failure.locale = definition_.messages.has_locale(locale) ? locale : engine::catalog::default_locale;
  failure.text = definition_.messages.render(failure.locale, engine::message{"error.storage_unavailable", nlohmann::json::object()});
  return failure;
}

rendered_reply turn_runner::handle(const engine::inbound& in, const std::optional<std::string>& locale,
                                   const std::string& delivery_key) {
  for (int attempt = 0;; ++attempt) {
    prepared_turn prepared = prepare(in, locale, delivery_key, attempt);
    if (!prepared.record) return prepared.reply;
    storage::commit_outcome outcome = storage::commit_outcome::failed;
    try {
      outcome = store_.commit_turn(*prepared.record);
    } catch (const std::exception& error) {
      std::cerr << "intake: turn not kept for a " << in.channel << " conversation: " << error.what() << '\n';
    }
    switch (settle(in, std::move(prepared.after), outcome, attempt)) {
      case turn_fate::kept:
        prepared.reply.committed = true;
        return prepared.reply;
      case turn_fate::lost:
        return failure_reply(prepared.reply.locale);
      case turn_fate::prepare_again:
        break;
    }
  }
}

namespace {

// The reports storage will read after the turn's submissions: a form already stored is not stored
// again; newest first, as storage orders them.
void add_submitted_reports(std::vector<storage::report_record>& reports, const std::vector<storage::report_record>& submitted) {
  for (const auto& report : submitted) {
    const bool stored = std::any_of(reports.begin(), reports.end(), [&](const auto& r) { return r.form_id == report.form_id; });
    if (!stored) reports.push_back(report);
  }
  std::sort(reports.begin(), reports.end(), [](const auto& a, const auto& b) {
    return a.created_at_ms != b.created_at_ms ? a.created_at_ms > b.created_at_ms : a.ticket > b.ticket;
  });
}

}  // namespace

prepared_turn turn_runner::prepare(const engine::inbound& in, const std::optional<std::string>& locale,
                                   const std::string& delivery_key, int attempt) {
  const bool from_storage = attempt > 0;
  prepared_turn prepared;
  rendered_reply& reply = prepared.reply;
  std::string fallback_locale = locale.value_or(engine::catalog::default_locale);
  auto answered_before = [&](std::string previous) {
    reply.text = std::move(previous);
    reply.committed = true;
    reply.duplicate = true;
    return std::move(prepared);
  };
  try {
    // A push of staff notifications reads storage: the notifications are what changed.
    std::optional<cached_conversation> cached;
    if (!from_storage && in.type != engine::inbound::kind::notify) cached = conversations_.take(in.user_id);
    if (cached && !delivery_key.empty())
      for (const auto& [key, previous] : cached->recent_deliveries)
        if (key == delivery_key) {
          std::string reply_before = previous;
          conversations_.remember(in.user_id, std::move(*cached));  // nothing changed: it goes back as it was
          return answered_before(std::move(reply_before));
        }
    if (!cached) {
      storage::turn_inputs inputs = store_.load_turn_inputs(in.user_id, delivery_key);
      if (inputs.previous_reply) return answered_before(std::move(*inputs.previous_reply));
      cached = read_conversation(std::move(inputs));
    }
    cached_conversation& conversation = *cached;
    if (locale && definition_.messages.has_locale(*locale)) conversation.state.locale = *locale;
    fallback_locale = conversation.state.locale;

    engine::turn_context context;
    context.now_ms = now_();
    context.ticket_draw = attempt;
    context.user_reports = to_statuses(conversation.reports);
    for (const auto& pending : conversation.notifications)
      context.notices.push_back({pending.id, pending.kind, pending.ticket, pending.status, pending.text, pending.actor});

    // The state goes into the step: what is kept afterwards is the step's new state (below).
    engine::turn_result result = engine_.step(std::move(conversation.state), in, context);
    reply.locale = result.state.locale;
    reply.text = definition_.messages.render(result.state.locale, result.messages);
    for (const auto& choice : result.choices)
      reply.choices.push_back({choice.reply, definition_.messages.render(result.state.locale, choice.label)});

    if (in.type == engine::inbound::kind::notify && result.messages.empty()) {
      reply.committed = true;  // nothing to tell: nothing to store
      return prepared;
    }
    storage::turn_record& record = prepared.record.emplace();
    record.user_id = in.user_id;
    record.channel = in.channel;
    record.now_ms = context.now_ms;
    record.based_on_revision = conversation.revision;
    record.state_json = engine::to_json_text(result.state);
    record.handoff_since_ms = result.state.handoff_since_ms;
    if (in.type == engine::inbound::kind::text) {
      const std::string said = transcript_text(in.text);
      record.lines.push_back({in.user_id, "in", in.channel, said, context.now_ms, "", text::search_terms(said)});
    }
    // The bot's own replies are not indexed: they are templates, found in every conversation, and
    // indexing them cost more than the rest of the commit. Search finds what owners and staff wrote.
    record.lines.push_back({in.user_id, "out", in.channel, reply.text, context.now_ms, "", ""});
    for (const auto& event : result.events) {
      record.events.push_back({event.type, event.payload.dump()});
      if (event.type == "report_submitted") record.reports.push_back(report_from_event(event.payload, definition_, versions_));
      if (event.type == "report_resubmitted")
        record.resubmissions.push_back({report_from_event(event.payload, definition_, versions_),
                                        {"new", std::string(resubmitted_note), std::string(owner_actor), context.now_ms}});
      if (event.type == "notices_delivered")
        for (const auto& id : event.payload["ids"]) record.delivered_notifications.push_back(id.get<std::int64_t>());
      if (event.type == "signed_out") reply.signed_out = record.revoke_resume_tokens = true;
      if (event.type == "case_rated") {
        const std::string ticket = event.payload["ticket"].get<std::string>(), rating = event.payload["rating"].get<std::string>();
        const std::string comment = transcript_text(event.payload["comment"].get<std::string>());
        record.case_ratings.push_back({ticket, in.user_id, rating, comment, context.now_ms});
        // An unhappy owner is the staff's business at once: it is in the case's thread and inbox.
        if (rating == unsatisfied_rating)
          record.case_messages.push_back({0, ticket, in.user_id, "owner", "", "【评价】" + rating_chinese(rating) + (comment.empty() ? "" : "：" + comment),
                                          context.now_ms, 0});
      }
      if (event.type == "case_reopen_requested" && !refused_move("closed", "in_progress", reopened_by_owner_note))
        record.reopenings.push_back({event.payload["ticket"].get<std::string>(),
                                     {"in_progress", std::string(reopened_by_owner_note), std::string(owner_actor), context.now_ms}});
      if (event.type == "case_message")
        record.case_messages.push_back({0, event.payload["ticket"].get<std::string>(), in.user_id, "owner", "",
                                        transcript_text(event.payload["text"].get<std::string>()), context.now_ms, 0});
    }
    record.delivery_key = delivery_key;
    record.delivery_reply = reply.text;

    // What storage will hold once this turn is kept, mirrored from what sqlite_store writes.
    cached_conversation& after = prepared.after.emplace(std::move(conversation));
    after.revision = after.revision == storage::no_conversation_revision ? 0 : after.revision + 1;
    after.state = std::move(result.state);
    add_submitted_reports(after.reports, record.reports);
    for (const auto& reopened : record.reopenings)
      for (auto& report : after.reports)
        if (report.ticket == reopened.ticket && report.status == "closed") {
          report.status = reopened.entry.status;
          report.latest_note = reopened.entry.note;
        }
    for (const auto& [corrected, entry] : record.resubmissions)
      for (auto& report : after.reports)
        if (report.ticket == corrected.ticket) {
          const std::int64_t created = report.created_at_ms;
          report = corrected;
          report.status = entry.status;
          report.created_at_ms = created;  // a case keeps the day it came in
          report.clock_from_ms = entry.at_ms;  // and its time limits start again
          report.answers_json = report.names_json = "{}";  // as storage reads a report that is not returned
          report.latest_note = entry.note;
        }
    std::erase_if(after.notifications, [&](const storage::notification_record& n) {
      return std::find(record.delivered_notifications.begin(), record.delivered_notifications.end(), n.id) !=
             record.delivered_notifications.end();
    });
    if (!delivery_key.empty()) {
      after.recent_deliveries.emplace_back(delivery_key, reply.text);
      if (after.recent_deliveries.size() > cached_conversation::max_recent_deliveries)
        after.recent_deliveries.erase(after.recent_deliveries.begin());
    }
    return prepared;
  } catch (const std::exception& error) {
    // Storage or an unexpected fault: the owner gets a polite reply and nothing of the turn is kept,
    // so sending the same message again is safe. The details go to the operator's log only.
    std::cerr << "intake: turn failed for a " << in.channel << " conversation: " << error.what() << '\n';
    return prepared_turn{failure_reply(fallback_locale), std::nullopt, std::nullopt};
  }
}

}  // namespace intake::runtime
