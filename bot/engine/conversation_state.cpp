#include "bot/engine/conversation_state.h"

#include <stdexcept>

#include "bot/text/json_writer.h"

namespace intake::engine {

NLOHMANN_JSON_SERIALIZE_ENUM(conversation_mode, {
                                                    {conversation_mode::menu, "menu"},
                                                    {conversation_mode::form, "form"},
                                                    {conversation_mode::summary, "summary"},
                                                    {conversation_mode::confirm_cancel, "confirm_cancel"},
                                                    {conversation_mode::resume_prompt, "resume_prompt"},
                                                    {conversation_mode::progress, "progress"},
                                                    {conversation_mode::faq, "faq"},
                                                    {conversation_mode::confirm_estimate, "confirm_estimate"},
                                                    {conversation_mode::rating, "rating"},
                                                    {conversation_mode::confirm_reopen, "confirm_reopen"},
                                                })

const char* to_string(conversation_mode mode) {
  switch (mode) {
    case conversation_mode::menu: return "menu";
    case conversation_mode::form: return "form";
    case conversation_mode::summary: return "summary";
    case conversation_mode::confirm_cancel: return "confirm_cancel";
    case conversation_mode::resume_prompt: return "resume_prompt";
    case conversation_mode::progress: return "progress";
    case conversation_mode::faq: return "faq";
    case conversation_mode::confirm_estimate: return "confirm_estimate";
    case conversation_mode::rating: return "rating";
    case conversation_mode::confirm_reopen: return "confirm_reopen";
  }
  return "menu";
}

void to_json(nlohmann::json& out, const conversation_state& state) {
  out = nlohmann::json{
      {"version", 1},
      {"locale", state.locale},
      {"mode", state.mode},
      {"flow", state.flow},
      {"flow_version", state.flow_version},
      {"step", state.step},
      {"answers", state.answers},
      {"invalid_attempts", state.invalid_attempts},
      {"return_mode", state.return_mode},
      {"form_id", state.form_id},
      {"last_active_ms", state.last_active_ms},
      {"forms_started", state.forms_started},
      {"faq_suggestions", state.faq_suggestions},
      {"handoff_since_ms", state.handoff_since_ms},
      {"pending_answer", state.pending_answer},
  };
  // Only when there is one: most states never have a case thread, and every turn writes the state.
  if (!state.case_ticket.empty()) out["case_ticket"] = state.case_ticket;
  if (!state.resubmits.empty()) out["resubmits"] = state.resubmits;
  if (!state.rating_ticket.empty()) out["rating_ticket"] = state.rating_ticket;
}

namespace {

// A state mid-report is about 250 bytes of JSON, 600 at most in the load benchmark's rounds.
constexpr std::size_t state_text_reserve = 640;

}  // namespace

std::string to_json_text(const conversation_state& state) {
  text::json_writer out;
  out.reserve(state_text_reserve);
  // Keys in the order nlohmann's std::map keeps them, so both writers give the same text.
  out.begin_object();
  out.key("answers").document(state.answers);
  if (!state.case_ticket.empty()) out.key("case_ticket").value(state.case_ticket);
  out.key("faq_suggestions").begin_array();
  for (const auto& suggestion : state.faq_suggestions) out.value(suggestion);
  out.end_array();
  out.key("flow").value(state.flow);
  out.key("flow_version").value(state.flow_version);
  out.key("form_id").value(state.form_id);
  out.key("forms_started").value(state.forms_started);
  out.key("handoff_since_ms").value(state.handoff_since_ms);
  out.key("invalid_attempts").value(state.invalid_attempts);
  out.key("last_active_ms").value(state.last_active_ms);
  out.key("locale").value(state.locale);
  out.key("mode").value(to_string(state.mode));
  out.key("pending_answer").document(state.pending_answer);
  if (!state.rating_ticket.empty()) out.key("rating_ticket").value(state.rating_ticket);
  if (!state.resubmits.empty()) out.key("resubmits").value(state.resubmits);
  out.key("return_mode").value(to_string(state.return_mode));
  out.key("step").value(state.step);
  out.key("version").value(1);
  out.end_object();
  return out.take();
}

void from_json(const nlohmann::json& in, conversation_state& state) {
  if (!in.is_object() || in.value("version", 0) != 1) throw std::invalid_argument("unknown conversation state version");
  state.locale = in.at("locale").get<std::string>();
  state.mode = in.at("mode").get<conversation_mode>();
  state.flow = in.at("flow").get<std::string>();
  state.flow_version = in.value("flow_version", std::string());  // states stored before versions had none
  state.step = in.at("step").get<std::string>();
  state.answers = in.at("answers");
  if (!state.answers.is_object()) state.answers = nlohmann::json::object();
  state.invalid_attempts = in.at("invalid_attempts").get<int>();
  state.return_mode = in.at("return_mode").get<conversation_mode>();
  state.form_id = in.at("form_id").get<std::string>();
  state.last_active_ms = in.at("last_active_ms").get<std::int64_t>();
  state.forms_started = in.at("forms_started").get<std::int64_t>();
  state.faq_suggestions = in.value("faq_suggestions", std::vector<std::string>{});
  state.handoff_since_ms = in.value("handoff_since_ms", std::int64_t{0});
  state.pending_answer = in.value("pending_answer", nlohmann::json());
  state.case_ticket = in.value("case_ticket", std::string());
  state.resubmits = in.value("resubmits", std::string());
  state.rating_ticket = in.value("rating_ticket", std::string());
}

}  // namespace intake::engine
