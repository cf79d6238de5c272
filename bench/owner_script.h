// What one simulated owner says in one round, and what the bot must answer to each line: a greeting
// (WebSocket hello, or a WeChat subscribe event), the whole difficulty report with invalid answers
// that get the re-ask and then a valid one, two corrections from the summary, the confirmation (its
// reply carries the ticket), a progress check with that ticket, and three policy questions. Every
// expected fragment comes from locales/zh-CN.json or the knowledge base (see the golden transcripts
// happy_path, invalid_answers and corrections). Immutable once built; shared by all conversations.
#pragma once
#include <string>
#include <vector>

namespace intake::bench {

struct script_step {
  enum class kind {
    greeting,       // hello / subscribe: a new owner
    message,        // a text message
    ticket_query,   // the text is the ticket of this round; `expect` gets "受理编号 <ticket>（" added
  };
  kind what = kind::message;
  std::string text;
  std::vector<std::string> expect;  // fragments the reply text must contain
  bool captures_ticket = false;     // the reply holds this round's new ticket
};

class owner_script {
 public:
  static owner_script standard_round();

  const std::vector<script_step>& steps() const { return steps_; }

  // Replaces one expected fragment with one the bot never says, so every round fails once: a check of
  // the checker (--wrong-expectation).
  void break_one_expectation();

  // The ticket in a submission reply ("…受理编号是 R20200301-7K3QXM，…"); empty when there is none.
  static std::string ticket_in(const std::string& reply_text);

 private:
  std::vector<script_step> steps_;
};

}  // namespace intake::bench
