#include "bot/engine/faq/han_pinyin.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace intake::engine {
namespace {

constexpr UChar32 first_unified_ideograph = 0x4E00, last_unified_ideograph = 0x9FFF;

icu::Transliterator* transliterator() {
  // Creating one costs milliseconds; each thread keeps its own (transliterate() is not const-safe).
  thread_local std::unique_ptr<icu::Transliterator> created = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance("Han-Latin; Latin-ASCII", UTRANS_FORWARD, status));
    return U_FAILURE(status) ? nullptr : std::move(made);
  }();
  return created.get();
}

struct reading_cache {
  std::shared_mutex mutex;
  std::unordered_map<UChar32, std::string> readings;
};

reading_cache& cache() {
  static reading_cache shared;
  return shared;
}

}  // namespace

std::string han_pinyin(std::string_view character) {
  const icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(icu::StringPiece(character.data(), static_cast<int32_t>(character.size())));
  if (unicode.countChar32() != 1) return "";
  const UChar32 code_point = unicode.char32At(0);
  if (code_point < first_unified_ideograph || code_point > last_unified_ideograph) return "";
  auto& shared = cache();
  {
    std::shared_lock lock(shared.mutex);
    if (auto found = shared.readings.find(code_point); found != shared.readings.end()) return found->second;
  }
  icu::Transliterator* reader = transliterator();
  if (!reader) return "";
  icu::UnicodeString latin(code_point);
  reader->transliterate(latin);
  std::string reading;
  latin.toUTF8String(reading);
  // A character ICU has no reading for comes back as itself.
  if (reading == character) reading.clear();
  std::unique_lock lock(shared.mutex);
  return shared.readings.emplace(code_point, reading).first->second;
}

}  // namespace intake::engine
