// The message catalogs (locales/*.json): ICU MessageFormat patterns by key, one file per locale.
// Loading checks that every pattern compiles and that every locale has the same keys.
// Thread-safety: immutable after load; render() may be called from any thread (compiled formats
// are cached per thread because an ICU MessageFormat must not be shared). load() throws load_error.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bot/engine/load_problem.h"
#include "bot/engine/simple_template.h"
#include "bot/engine/turn.h"

namespace intake::engine {

class catalog {
 public:
  static constexpr const char* default_locale = "zh-CN";

  // Reads every *.json in `directory`; problems are appended, and the catalog holds what loaded.
  static catalog load(const std::filesystem::path& directory, std::vector<load_problem>& problems);
  // Builds a catalog from patterns in memory (tests); problems are appended.
  static catalog from_patterns(std::map<std::string, std::map<std::string, std::string>> patterns_by_locale,
                               std::vector<load_problem>& problems);

  std::vector<std::string> locales() const;
  // Appends a problem for each message some locales define and `locale` lacks, unless
  // allowed(locale, key) (a flow declared that it is not written in that language).
  void report_untranslated(const std::function<bool(const std::string& locale, const std::string& key)>& allowed,
                           std::vector<load_problem>& problems) const;
  bool has_locale(const std::string& locale) const { return patterns_.count(locale) != 0; }
  bool has(const std::string& locale, const std::string& key) const;
  // The raw pattern, or nullptr.
  const std::string* pattern(const std::string& locale, const std::string& key) const;
  std::string file_of(const std::string& locale) const;

  // Renders one message. A missing key renders as the key itself (flows check prevents that).
  std::string render(const std::string& locale, const message& msg) const;
  // Renders messages as lines of one reply.
  std::string render(const std::string& locale, const std::vector<message>& messages) const;

 private:
  // A pattern with what rendering needs of it, worked out once at load.
  struct message_pattern {
    std::string text;
    bool needs_formatting = false;         // has anything ICU would interpret
    std::optional<simple_template> simple;  // formatting that needs no ICU
  };

  const message_pattern* find(const std::string& locale, const std::string& key) const;
  std::string format(const std::string& locale, const std::string& key, const nlohmann::json& args) const;
  std::string render_value(const std::string& locale, const nlohmann::json& value) const;

  // Hashed: a turn looks up a dozen keys, and an ordered map compared them byte by byte.
  std::unordered_map<std::string, std::unordered_map<std::string, message_pattern>> patterns_;  // locale → key → pattern
  std::map<std::string, std::string> files_;
  std::vector<std::pair<std::string, std::string>> untranslated_;  // (locale, key) defined elsewhere only
  std::uint64_t identity_ = 0;  // distinguishes catalogs in the per-thread format cache
};

}  // namespace intake::engine
