// Everything the engine remembers about one conversation between turns. It is a plain value:
// the engine returns a new one each turn and storage keeps it as JSON, so a restarted process
// resumes exactly where the owner was. Not thread-safe (a value; copy it).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace intake::engine {

enum class conversation_mode {
  menu,            // the main menu is on screen (or nothing yet)
  form,            // asking `step` of `flow`
  summary,         // every answer shown; waiting for confirm / edit / cancel
  confirm_cancel,  // asked "really cancel?"; `return_mode` says where "no" goes back to
  resume_prompt,   // a draft exists: continue it or start over?
  progress,        // waiting for a ticket number
  faq,             // answering policy questions one after another
  confirm_estimate,  // asked "record `pending_answer` for `step`?" after a range or a rough figure
  rating,            // a closed case (`rating_ticket`): asked how satisfied the owner is (回访)
  confirm_reopen,    // unsatisfied: asked whether the case should be handled again
};

struct conversation_state {
  std::string locale = "zh-CN";
  conversation_mode mode = conversation_mode::menu;
  std::string flow;                                    // form being filled ("" when none)
  std::string flow_version;                            // the flow's version when the draft was last checked
  std::string step;                                    // step being asked in form mode
  nlohmann::json answers = nlohmann::json::object();   // slot → normalised value; null = skipped
  int invalid_attempts = 0;                            // consecutive invalid answers to `step`/mode
  conversation_mode return_mode = conversation_mode::menu;
  std::string form_id;                                 // identifies one filling of a form: the
                                                       // submission key, so a report is stored once
  std::int64_t last_active_ms = 0;                     // time of the last turn, 0 = never
  std::int64_t forms_started = 0;                      // makes form ids unique per user
  std::vector<std::string> faq_suggestions;            // entry ids offered as "您是不是想问", by number
  std::int64_t handoff_since_ms = 0;                   // waiting for or talking to staff since; 0 = the bot
  nlohmann::json pending_answer;                       // the figure proposed in confirm_estimate mode;
                                                       // null otherwise
  std::string case_ticket;                             // the case whose thread the owner is in: staff
                                                       // wrote about it last ("" when none)
  std::string resubmits;                               // the returned report the draft corrects ("" when
                                                       // the draft is a new one)
  std::string rating_ticket;                           // a closed case the owner is to rate, or is rating

  bool has_draft() const { return !flow.empty() && !answers.empty(); }
};

void to_json(nlohmann::json& out, const conversation_state& state);
// The same text as nlohmann::json(state).dump(), written without building the document (a turn
// stores its state every time; see text::json_writer).
std::string to_json_text(const conversation_state& state);
// Throws nlohmann::json::exception on a document that is not a conversation state.
void from_json(const nlohmann::json& in, conversation_state& state);

const char* to_string(conversation_mode mode);

}  // namespace intake::engine
