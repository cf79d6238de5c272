// The bot as data: flows, option sets and command words loaded from flows/, plus the catalog.
// Immutable after loading, so one instance is shared by every thread. See definition_loader.h.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "bot/engine/catalog.h"
#include "bot/engine/faq/knowledge_base.h"
#include "bot/engine/term_set.h"

namespace intake::engine {

// long_text: a description (several sentences; never read as a policy question first). number: a
// figure in the step's unit (营业收入 in 万元), with `decimals` places. date: a day, stored YYYY-MM-DD.
enum class input_kind { text, long_text, credit_code, phone, count, money_wan, number, date, choice, multi_choice };

struct option {
  std::string value;                 // what is stored (e.g. "H", "江西省", "资金")
  std::string name;                  // canonical Chinese name for export ("住宿和餐饮业"); defaults to value
  std::string label_key;             // catalog key of the label shown to the owner
  std::vector<std::string> match_forms;  // normalised aliases and labels in every locale
  // Derived from match_forms by choice_matcher::index (the loader calls it), so that matching an
  // answer does not recompute them for every option on every turn: each form without spaces, and
  // its sorted character bigrams.
  std::vector<std::string> compact_forms;
  std::vector<std::vector<std::uint64_t>> form_bigrams;  // each packed into one number (choice_matcher.cpp)
};

// Where an option set's words are, so that an answer is matched by lookups instead of being
// compared with each of the set's hundreds of words. Positions are (option, word) indexes, so a
// copied set's index stays right. Built by choice_matcher::index(option_set&).
struct option_words_index {
  std::unordered_map<std::string, std::size_t> option_by_form;     // match form → first option with it
  std::unordered_map<std::string, std::size_t> option_by_compact;  // compact form → first option with it
  term_set<std::pair<std::size_t, std::size_t>> words_in_answers;  // the words that count inside an answer
};

struct option_set {
  std::string id;
  bool numbered = true;  // options may be chosen by their number
  std::vector<option> options;
  option_words_index words;
  // Numbered sets: their listing as one message, "1. label" a line, rendered in every locale when
  // the definition is loaded (prepare_listing). Null until then.
  std::shared_ptr<const std::map<std::string, std::string>> listing;
  const option* find(const std::string& value) const;
  // One "common.option_line" message per option: what the listing renders.
  std::vector<message> line_messages() const;
  void prepare_listing(const catalog& messages);
};

struct step_condition {
  std::string slot;
  std::string includes;  // the slot's value equals, or (multi-choice) contains, this option value
};

// How an owner says a step's answer does not exist yet (a 个体户 without a credit code, a licence
// being renewed). Such an answer is accepted and stored as "", which staff see as lacking.
struct unavailable_answer {
  term_set<bool> words;             // normalised; any of them anywhere in an answer that is not valid
  std::string acknowledgement_key;  // said when such an answer is accepted
  std::string shown_as_key;         // shown for "" in the summary and as the current answer
};

struct form_step {
  std::string id;  // also the slot name
  input_kind kind = input_kind::text;
  std::string prompt_key, help_key, label_key;
  std::string error_key;  // optional: what to say when a choice matches nothing
  std::vector<std::string> aliases;  // normalised names of the field, for "改电话"
  int min_length = 1, max_length = 500;
  std::int64_t min = 0, max = 1000000;
  double max_money = 1000000;
  std::string max_slot;  // the answer may not exceed this earlier slot's answer
  bool optional = false;
  bool list_options = true;
  const option_set* options = nullptr;
  std::optional<step_condition> when;
  std::optional<unavailable_answer> unavailable;  // credit_code and phone steps only
  std::string unit_key;  // number steps: the unit's message (万元, 吨, 个月)
  int decimals = 0;      // number steps: places kept after the point
  double min_number = 0, max_number = 1000000;  // number steps
  // date steps: how many days before and after the day of the answer a date may lie.
  std::int64_t days_before = 36500, days_after = 36500;
};

// The answers that say who the enterprise is and where, whatever the form asks besides: lists,
// filters, stats and the progress query read them. Each names a step of the flow, or is empty.
struct flow_roles {
  std::string company, credit_code, province, city, industry, contact_name, contact_phone;
  // (role name as written in a flow file, member) for loading and for flow_schema.
  static const std::vector<std::pair<const char*, std::string flow_roles::*>>& members();
};

struct flow {
  std::string id;
  std::string title_key;
  // A digest of everything the flow says (steps, their options and messages in every locale): a
  // submission names the version it was made with, so it is read under that version's labels.
  std::string version;
  std::string ticket_prefix = "R";  // one to three capital letters before the ticket's date
  std::string intro_key = "report.intro", summary_title_key = "summary.title", submitted_key = "report.submitted";
  std::vector<std::string> locales;  // the languages the flow is written in; empty = every locale of the catalog
  flow_roles roles;
  std::vector<form_step> steps;
  const form_step* find(const std::string& step_id) const;
  int index_of(const std::string& step_id) const;
};

struct bot_settings {
  std::int64_t resume_after_ms = 24LL * 3600 * 1000;  // a longer pause asks "continue or start over?"
  std::size_t max_input_chars = 2000;                 // longer messages are refused politely
  int strikes_before_help = 3;                        // invalid answers before help replaces the question
};

struct bot_definition {
  catalog messages;
  std::map<std::string, option_set> option_sets;
  std::map<std::string, flow> flows;
  // Normalised word → command; a word listed under two commands belongs to the first by name.
  std::unordered_map<std::string, std::string> command_by_word;
  std::vector<std::string> edit_prefixes;  // normalised, longest first
  term_set<bool> question_cue_terms;       // normalised words that mark a question
  // An optional question is skipped by an answer that is one of skip_words (without spaces) once
  // fillers are taken from its ends; the fillers are normalised, longest first.
  std::unordered_set<std::string> skip_words;
  std::vector<std::string> filler_prefixes, filler_suffixes;
  // In policy mode: messages that only acknowledge (谢谢, 好的), without spaces; and the words that put
  // another menu item as something the owner wants (我要 反映困难), normalised, longest first.
  std::unordered_set<std::string> acknowledgements;
  // 修改, 重新提交 …: the owner of a returned report wants to correct it (whole message, or after an
  // intent prefix).
  std::unordered_set<std::string> resubmit_words;
  std::vector<std::string> intent_prefixes;
  std::unique_ptr<knowledge_base> faq;                       // flows/faq: policy questions
  bot_settings settings;

  const option_set& options(const std::string& id) const { return option_sets.at(id); }
};

}  // namespace intake::engine
