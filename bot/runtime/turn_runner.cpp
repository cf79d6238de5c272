#include "bot/runtime/turn_runner.h"

#include <chrono>
#include <iostream>

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
  for (const auto& report : reports)
    statuses.push_back({report.ticket, report.status, report.created_at_ms, report.company_name, report.latest_note});
  return statuses;
}

}  // namespace

turn_runner::turn_runner(const engine::bot_definition& definition, storage::conversation_store& store, clock now)
    : definition_(definition), engine_(definition), store_(store), now_(std::move(now)) {}

std::int64_t turn_runner::system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

engine::conversation_state turn_runner::load_state(const std::string& user_id,
                                                    const std::optional<storage::stored_conversation>& stored) {
  engine::conversation_state state;
  if (!stored) return state;
  if (auto cached = states_.find(user_id, stored->state_json)) return std::move(*cached);
  try {
    nlohmann::json::parse(stored->state_json).get_to(state);
  } catch (const std::exception& error) {
    // A state this version cannot read starts over rather than locking the owner out.
    std::cerr << "intake: unreadable conversation state, starting afresh: " << error.what() << '\n';
    state = engine::conversation_state{};
  }
  return state;
}

rendered_reply turn_runner::failure_reply(const std::string& locale) const {
  rendered_reply failure;
  failure.locale = definition_.messages.has_locale(locale) ? locale : engine::catalog::default_locale;
  failure.text = definition_.messages.render(failure.locale, engine::message{"error.storage_unavailable", nlohmann::json::object()});
  return failure;
}

rendered_reply turn_runner::handle(const engine::inbound& in, const std::optional<std::string>& locale,
                                   const std::string& delivery_key) {
  prepared_turn prepared = prepare(in, locale, delivery_key);
  if (!prepared.record) return prepared.reply;
  try {
    store_.commit_turn(*prepared.record);
  } catch (const std::exception& error) {
    std::cerr << "intake: turn not kept for a " << in.channel << " conversation: " << error.what() << '\n';
    return failure_reply(prepared.reply.locale);
  }
  prepared.reply.committed = true;
  return prepared.reply;
}

prepared_turn turn_runner::prepare(const engine::inbound& in, const std::optional<std::string>& locale,
                                   const std::string& delivery_key) {
  prepared_turn prepared;
  rendered_reply& reply = prepared.reply;
  std::string fallback_locale = locale.value_or(engine::catalog::default_locale);
  try {
    storage::turn_inputs inputs = store_.load_turn_inputs(in.user_id, delivery_key);
    if (inputs.previous_reply) {
      reply.text = *inputs.previous_reply;
      reply.committed = true;
      reply.duplicate = true;
      return prepared;
    }
    engine::conversation_state state = load_state(in.user_id, inputs.conversation);
    if (locale && definition_.messages.has_locale(*locale)) state.locale = *locale;
    fallback_locale = state.locale;

    engine::turn_context context;
    context.now_ms = now_();
    context.user_reports = to_statuses(inputs.reports);
    for (const auto& pending : inputs.notifications)
      context.notices.push_back({pending.id, pending.kind, pending.ticket, pending.status, pending.text, pending.actor});

    engine::turn_result result = engine_.step(state, in, context);
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
    record.state_json = nlohmann::json(result.state).dump();
    states_.remember(in.user_id, record.state_json, result.state);
    if (in.type == engine::inbound::kind::text) {
      const std::string said = transcript_text(in.text);
      record.lines.push_back({in.user_id, "in", in.channel, said, context.now_ms, "", text::search_terms(said)});
    }
    // The bot's own replies are not indexed: they are templates, found in every conversation, and
    // indexing them cost more than the rest of the commit. Search finds what owners and staff wrote.
    record.lines.push_back({in.user_id, "out", in.channel, reply.text, context.now_ms, "", ""});
    for (const auto& event : result.events) {
      record.events.push_back({event.type, event.payload.dump()});
      if (event.type == "report_submitted") record.reports.push_back(report_from_event(event.payload));
      if (event.type == "notices_delivered")
        for (const auto& id : event.payload["ids"]) record.delivered_notifications.push_back(id.get<std::int64_t>());
    }
    record.delivery_key = delivery_key;
    record.delivery_reply = reply.text;
    return prepared;
  } catch (const std::exception& error) {
    // Storage or an unexpected fault: the owner gets a polite reply and nothing of the turn is kept,
    // so sending the same message again is safe. The details go to the operator's log only.
    std::cerr << "intake: turn failed for a " << in.channel << " conversation: " << error.what() << '\n';
    return prepared_turn{failure_reply(fallback_locale), std::nullopt};
  }
}

}  // namespace intake::runtime
