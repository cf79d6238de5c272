// The Mandarin reading of a Han character, without tones ("税" → "shui", "水" → "shui"), from ICU's
// Han-Latin transliteration, so that a homophone typed in its place (水收 for 税收) still matches.
// One reading per character (ICU's most common). Readings are worked out on first use and kept:
// at most one per character of the CJK Unified Ideographs block, the only one read.
// Thread-safe; never throws (an unread character has no reading: "").
#pragma once
#include <string>
#include <string_view>

namespace intake::engine {

// `character` is one UTF-8 encoded code point.
std::string han_pinyin(std::string_view character);

}  // namespace intake::engine
