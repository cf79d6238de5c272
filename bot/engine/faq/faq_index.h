// BM25 over a set of texts already turned into weighted features (faq_tokenizer), with each match's
// coverage: the share of the question's idf weight the text matches, counting features no text has
// at full weight, so that a question about something else covers little of itself.
// Immutable after finish(); search() may run on any thread.
#pragma once
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace intake::engine {

class faq_index {
 public:
  struct match {
    std::size_t text = 0;  // in the order add() was called
    double score = 0;      // BM25
    double coverage = 0;   // 0–1
  };

  // One text: feature → field-weighted term frequency.
  void add(const std::unordered_map<std::string, double>& weighted_tf);
  // Computes the idf of every feature; call once, after the last add().
  void finish();
  std::size_t size() const { return lengths_.size(); }
  bool has(const std::string& feature) const { return postings_.count(feature) > 0; }
  template <class Visit>
  void for_each_feature(Visit visit) const {
    for (const auto& [feature, list] : postings_) visit(feature);
  }

  // Every text that shares a feature with `features`, best first (ties by `text`), at most `limit`.
  std::vector<match> search(const std::vector<std::string>& features, std::size_t limit) const;

 private:
  struct posting_list {
    double idf = 0;
    std::vector<std::pair<std::size_t, double>> texts;  // (text, weighted tf)
  };
  std::unordered_map<std::string, posting_list> postings_;
  std::vector<double> lengths_;
  double average_length_ = 1;
};

}  // namespace intake::engine
