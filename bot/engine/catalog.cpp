#include "bot/engine/catalog.h"

#include "bot/engine/json_file.h"

#include <unicode/fmtable.h>
#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <unordered_map>

namespace intake::engine {
namespace {

std::atomic<std::uint64_t> next_identity{1};

icu::Locale icu_locale(const std::string& locale) {
  std::string id = locale;
  for (char& c : id)
    if (c == '-') c = '_';
  return icu::Locale(id.c_str());
}

bool needs_formatting(const std::string& pattern) {
  return pattern.find_first_of("{}'") != std::string::npos;
}

std::unique_ptr<icu::MessageFormat> compile(const std::string& locale, const std::string& pattern, UErrorCode& status) {
  auto format = std::make_unique<icu::MessageFormat>(icu::UnicodeString::fromUTF8(pattern), icu_locale(locale), status);
  if (U_FAILURE(status)) return nullptr;
  return format;
}

void check_patterns(const std::string& file, const std::string& locale, const std::map<std::string, std::string>& patterns,
                    std::vector<load_problem>& problems) {
  for (const auto& [key, pattern] : patterns) {
    if (!needs_formatting(pattern)) continue;
    UErrorCode status = U_ZERO_ERROR;
    compile(locale, pattern, status);
    if (U_FAILURE(status))
      problems.push_back({file, "/messages/" + key, std::string("message does not compile as ICU MessageFormat (") + u_errorName(status) +
                                                         "); check braces, and write a literal apostrophe as ’ or ''"});
  }
}

}  // namespace

catalog catalog::from_patterns(std::map<std::string, std::map<std::string, std::string>> patterns_by_locale,
                               std::vector<load_problem>& problems) {
  catalog result;
  result.identity_ = next_identity++;
  for (const auto& [locale, patterns] : patterns_by_locale) {
    if (!result.files_.count(locale)) result.files_[locale] = "locales/" + locale + ".json";
    check_patterns(result.files_[locale], locale, patterns, problems);
  }
  // Every key should exist in every locale, so no owner ever sees a raw key; the definition loader
  // decides which gaps a flow written in fewer languages allows (report_untranslated).
  std::set<std::string> all_keys;
  for (const auto& [locale, patterns] : patterns_by_locale)
    for (const auto& entry : patterns) all_keys.insert(entry.first);
  for (const auto& [locale, patterns] : patterns_by_locale)
    for (const auto& key : all_keys)
      if (!patterns.count(key)) result.untranslated_.emplace_back(locale, key);
  if (!patterns_by_locale.count(default_locale))
    problems.push_back({"locales/" + std::string(default_locale) + ".json", "", "the default locale is missing"});
  for (auto& [locale, patterns] : patterns_by_locale) {
    auto& compiled = result.patterns_[locale];
    for (auto& [key, text] : patterns) {
      message_pattern& entry = compiled[key];
      entry.needs_formatting = needs_formatting(text);
      if (entry.needs_formatting) entry.simple = simple_template::parse(text);
      entry.text = std::move(text);
    }
  }
  return result;
}

catalog catalog::load(const std::filesystem::path& directory, std::vector<load_problem>& problems) {
  std::map<std::string, std::map<std::string, std::string>> patterns_by_locale;
  std::map<std::string, std::string> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) {
    problems.push_back({directory.string(), "", "locale directory not found"});
  } else {
    for (const auto& path : json_files_in(directory)) {
      const std::string file = "locales/" + path.filename().string();
      auto parsed = read_json_file(path, file, problems);
      if (!parsed) continue;
      const nlohmann::json& document = *parsed;
      if (!document.is_object() || !document.contains("messages") || !document["messages"].is_object()) {
        problems.push_back({file, "/messages", "expected an object of message key → pattern"});
        continue;
      }
      // A survey's texts may sit in a file of their own (labour_needs.zh-CN.json) that names its
      // locale; the file name says it otherwise (zh-CN.json).
      std::string locale = path.stem().string();
      if (document.contains("locale")) {
        if (!document["locale"].is_string() || document["locale"].get<std::string>().empty()) {
          problems.push_back({file, "/locale", "expected the locale's name, e.g. \"zh-CN\""});
          continue;
        }
        locale = document["locale"].get<std::string>();
      }
      auto& patterns = patterns_by_locale[locale];
      // Problems name the locale's main file (zh-CN.json), not whichever survey's file sorts first.
      if (path.stem().string() == locale)
        files[locale] = file;
      else
        files.emplace(locale, file);
      for (const auto& [key, value] : document["messages"].items()) {
        if (!value.is_string()) {
          problems.push_back({file, "/messages/" + key, "expected a string"});
          continue;
        }
        if (!patterns.emplace(key, value.get<std::string>()).second)
          problems.push_back({file, "/messages/" + key, "message \"" + key + "\" of " + locale + " is already defined in another file"});
      }
    }
  }
  catalog result = from_patterns(std::move(patterns_by_locale), problems);
  result.files_ = files;
  return result;
}

void catalog::report_untranslated(const std::function<bool(const std::string&, const std::string&)>& allowed,
                                  std::vector<load_problem>& problems) const {
  for (const auto& [locale, key] : untranslated_)
    if (!allowed(locale, key)) problems.push_back({file_of(locale), "/messages/" + key, "missing; other locales define this message"});
}

std::vector<std::string> catalog::locales() const {
  std::vector<std::string> result;
  for (const auto& entry : patterns_) result.push_back(entry.first);
  std::sort(result.begin(), result.end());
  return result;
}

bool catalog::has(const std::string& locale, const std::string& key) const { return pattern(locale, key) != nullptr; }

const catalog::message_pattern* catalog::find(const std::string& locale, const std::string& key) const {
  auto by_locale = patterns_.find(locale);
  if (by_locale == patterns_.end()) return nullptr;
  auto found = by_locale->second.find(key);
  return found == by_locale->second.end() ? nullptr : &found->second;
}

const std::string* catalog::pattern(const std::string& locale, const std::string& key) const {
  const message_pattern* found = find(locale, key);
  return found ? &found->text : nullptr;
}

std::string catalog::file_of(const std::string& locale) const {
  auto found = files_.find(locale);
  return found == files_.end() ? "locales/" + locale + ".json" : found->second;
}

std::string catalog::format(const std::string& locale, const std::string& key, const nlohmann::json& args) const {
  const message_pattern* found = find(locale, key);
  if (!found && locale != default_locale) found = find(default_locale, key);
  if (!found) return key;
  const std::string* text = &found->text;
  if (!found->needs_formatting) return *text;
  if (found->simple)
    if (auto rendered = found->simple->render(args, [&](const nlohmann::json& value) { return render_value(locale, value); },
                                              locale.rfind("zh", 0) == 0 || locale.rfind("en", 0) == 0))
      return std::move(*rendered);

  // An ICU MessageFormat must not be used by two threads at once, so each thread keeps its own.
  thread_local std::unordered_map<std::string, std::unique_ptr<icu::MessageFormat>> cache;
  const std::string cache_key = std::to_string(identity_) + '\x1f' + locale + '\x1f' + key;
  auto cached = cache.find(cache_key);
  if (cached == cache.end()) {
    UErrorCode status = U_ZERO_ERROR;
    auto compiled = compile(locale, *text, status);
    if (!compiled) return *text;
    cached = cache.emplace(cache_key, std::move(compiled)).first;
  }

  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  if (args.is_object()) {
    for (const auto& [name, value] : args.items()) {
      names.push_back(icu::UnicodeString::fromUTF8(name));
      if (value.is_number_integer()) {
        values.emplace_back(static_cast<int64_t>(value.get<std::int64_t>()));
      } else if (value.is_number()) {
        values.emplace_back(value.get<double>());
      } else if (value.is_string()) {
        values.emplace_back(icu::UnicodeString::fromUTF8(value.get<std::string>()));
      } else if (value.is_object() || value.is_array()) {
        values.emplace_back(icu::UnicodeString::fromUTF8(render_value(locale, value)));
      } else {
        values.emplace_back(icu::UnicodeString::fromUTF8(value.dump()));
      }
    }
  }
  icu::UnicodeString out;
  UErrorCode status = U_ZERO_ERROR;
  cached->second->format(names.data(), values.data(), static_cast<int32_t>(names.size()), out, status);
  if (U_FAILURE(status)) return *text;
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

std::string catalog::render_value(const std::string& locale, const nlohmann::json& value) const {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object()) {
    // By reference: value("args", …) would copy the arguments, a map, for every nested label.
    const auto key = value.find("key");
    if (key != value.end() && key->is_string()) {
      static const nlohmann::json no_args;
      const auto args = value.find("args");
      return format(locale, key->get_ref<const std::string&>(), args != value.end() ? *args : no_args);
    }
  }
  if (value.is_array()) {
    // Lists are joined with the locale's own separator: 、 in Chinese, ", " in English.
    const std::string separator = format(locale, "common.list_separator", nullptr);
    std::string joined;
    for (const auto& item : value) {
      if (!joined.empty()) joined += separator;
      joined += render_value(locale, item);
    }
    return joined;
  }
  return value.dump();
}

std::string catalog::render(const std::string& locale, const message& msg) const {
  if (msg.prepared) {
    auto found = msg.prepared->find(locale);
    if (found == msg.prepared->end()) found = msg.prepared->find(default_locale);
    if (found != msg.prepared->end()) return found->second;
  }
  return format(locale, msg.key, msg.args);
}

std::string catalog::render(const std::string& locale, const std::vector<message>& messages) const {
  std::string text;
  for (const auto& msg : messages) {
    std::string part = render(locale, msg);
    if (part.empty()) continue;
    if (!text.empty()) text += "\n";
    text += part;
  }
  return text;
}

}  // namespace intake::engine
