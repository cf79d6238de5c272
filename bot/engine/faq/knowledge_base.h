// The policy knowledge base (flows/faq/*.json) and its search: BM25 over question, keyword, English
// and answer fields, on the features of faq_tokenizer, with thresholds deciding between answering,
// suggesting and declining. Thread-safety: immutable after load; lookup() may run on any thread.
// load() reports problems instead of throwing.
#pragma once
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

#include "bot/engine/faq/faq_index.h"
#include "bot/engine/faq/faq_tokenizer.h"
#include "bot/engine/load_problem.h"

namespace intake::engine {

struct faq_document {
  std::string id, title, doc_number, issuer, date, scope;  // scope: nationwide | jiangxi
};

struct faq_entry {
  std::string id;
  const faq_document* document = nullptr;
  std::string article;
  std::vector<std::string> questions;
  std::string answer;
  std::vector<std::string> keywords;
  std::vector<std::string> english;
  bool states_no_figure = false;  // the answer says the notice sets no figure, date or procedure
  // A sentence of the notice itself (flows/faq/passages), quoted when no curated entry fits; its one
  // "question" is a label (the article's heading, or the sentence's beginning).
  bool quoted = false;
};

struct faq_candidate {
  const faq_entry* entry = nullptr;
  double score = 0;       // BM25
  double coverage = 0;    // share of the question's weight (idf) that the entry matches, 0–1
};

struct faq_result {
  enum class decision { answered, suggested, declined };
  decision outcome = decision::declined;
  std::vector<faq_candidate> candidates;  // best first, at most max_candidates
  bool asks_for_specifics = false;        // declined: it asks for a figure the notices do not give
  bool out_of_scope = false;              // declined: staff reviewed this question and said so
};

// A staff decision on a question (storage's faq_reviews): its group (question_group), and the entry
// it is now a way of asking, or none for out of scope.
struct reviewed_question {
  std::string group;
  std::string entry_id;  // "" for out of scope
};

const char* to_string(faq_result::decision decision);

class knowledge_base {
 public:
  static constexpr std::size_t max_candidates = 5;
  static constexpr std::size_t max_suggestions = 3;

  // Reads every document file and synonyms.json in `directory`; problems name file and place.
  static std::unique_ptr<knowledge_base> load(const std::filesystem::path& directory, std::vector<load_problem>& problems);

  faq_result lookup(std::string_view question) const;

  // Staff decisions, replacing those learned before: a question of a reviewed group is answered with
  // its entry, or declined as out of scope, by the next lookup. Decisions naming an entry that does
  // not exist are left out and returned. May be called while lookups run on other threads.
  std::vector<reviewed_question> learn(const std::vector<reviewed_question>& reviewed) const;

  // A curated entry or a quoted passage.
  const faq_entry* find(const std::string& id) const;
  const std::vector<std::unique_ptr<faq_entry>>& entries() const { return entries_; }
  const faq_tokenizer& tokenizer() const { return *tokenizer_; }

 private:
  void load_passages(const std::filesystem::path& directory, std::set<std::string>& ids, std::vector<load_problem>& problems);
  void build_index();
  // The question's features, each pair of one-character words that no entry has replaced by the
  // entries' pairs that sound alike (a word of ICU's dictionary no entry has is left as it is).
  std::vector<std::string> with_homophones_repaired(std::vector<std::string> features, const std::set<std::string>& unknown_pairs) const;
  // The sentences of the notices whose words the question shares most, when no curated entry fits.
  void quote_passage(const std::vector<std::string>& features, faq_result& result) const;

  std::vector<std::unique_ptr<faq_document>> documents_;
  std::vector<std::unique_ptr<faq_entry>> entries_;
  std::vector<std::unique_ptr<faq_entry>> passages_;
  std::unique_ptr<faq_tokenizer> tokenizer_;
  std::vector<std::string> specifics_;  // phrases of questions asking for figures, dates, procedures
  faq_index index_;                     // of entries_
  faq_index passage_index_;             // of passages_
  // How the Han pairs of the index sound ("shui shou") → the pairs (税收): a pair no entry has is
  // read as the entries' pair that sounds the same, a homophone typed in its place (水收).
  std::unordered_map<std::string, std::vector<std::string>> pairs_by_sound_;
  // group → the entry it was attached to (null: out of scope); swapped whole by learn().
  using reviewed_groups = std::unordered_map<std::string, const faq_entry*>;
  mutable std::mutex reviewed_mutex_;
  mutable std::shared_ptr<const reviewed_groups> reviewed_;  // under reviewed_mutex_
};

}  // namespace intake::engine
