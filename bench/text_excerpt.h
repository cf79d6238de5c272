// The start of a message for an error report: at most `limit` bytes, cut between UTF-8 characters.
#pragma once
#include <string>

namespace intake::bench {

inline std::string excerpt(const std::string& text, std::size_t limit = 240) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

}  // namespace intake::bench
