#include "bot/engine/faq/faq_index.h"

#include <algorithm>
#include <cmath>

namespace intake::engine {
namespace {

constexpr double bm25_k1 = 1.2;
constexpr double bm25_b = 0.5;

}  // namespace

void faq_index::add(const std::unordered_map<std::string, double>& weighted_tf) {
  const std::size_t text = lengths_.size();
  double length = 0;
  for (const auto& [feature, tf] : weighted_tf) {
    length += tf;
    postings_[feature].texts.emplace_back(text, tf);
  }
  lengths_.push_back(length);
}

void faq_index::finish() {
  double total_length = 0;
  for (double length : lengths_) total_length += length;
  average_length_ = lengths_.empty() ? 1 : total_length / static_cast<double>(lengths_.size());
  const auto n = static_cast<double>(lengths_.size());
  for (auto& [feature, list] : postings_) {
    const auto df = static_cast<double>(list.texts.size());
    list.idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
  }
}

std::vector<faq_index::match> faq_index::search(const std::vector<std::string>& features, std::size_t limit) const {
  const double unseen_idf = std::log(1 + (static_cast<double>(lengths_.size()) + 0.5) / 0.5);
  double possible = 0;
  std::vector<std::pair<double, double>> scores(lengths_.size());  // text → (bm25, matched idf)
  for (const auto& feature : features) {
    auto posting = postings_.find(feature);
    if (posting == postings_.end()) {
      possible += unseen_idf;
      continue;
    }
    const double idf = posting->second.idf;
    possible += idf;
    for (const auto& [text, tf] : posting->second.texts) {
      const double norm = bm25_k1 * (1 - bm25_b + bm25_b * lengths_[text] / average_length_);
      scores[text].first += idf * tf * (bm25_k1 + 1) / (tf + norm);
      scores[text].second += idf;
    }
  }
  std::vector<match> found;
  for (std::size_t text = 0; text < scores.size(); ++text)
    if (scores[text].first > 0) found.push_back({text, scores[text].first, possible > 0 ? scores[text].second / possible : 0});
  const std::size_t kept = std::min(limit, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(kept), found.end(), [](const match& a, const match& b) {
    return a.score != b.score ? a.score > b.score : a.text < b.text;
  });
  found.resize(kept);
  return found;
}

}  // namespace intake::engine
