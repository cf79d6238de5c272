// UTF-8 validation and measuring, without allocation where possible.
// Pure functions; thread-safe; never throw.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace intake::text {

// Byte offset of the first invalid UTF-8 sequence (stray continuation bytes, truncated
// sequences, overlongs, surrogates, code points above U+10FFFF), or std::string_view::npos.
std::size_t find_invalid_utf8(std::string_view bytes);

inline bool is_valid_utf8(std::string_view bytes) { return find_invalid_utf8(bytes) == std::string_view::npos; }

// Copy of `bytes` where every invalid sequence is replaced by U+FFFD.
std::string sanitize_utf8(std::string_view bytes);

// Number of code points in valid UTF-8 (what a user would call "characters" for Chinese text).
std::size_t count_code_points(std::string_view valid_utf8);

// The first `max_code_points` code points of valid UTF-8, never cutting a sequence.
std::string_view truncate_code_points(std::string_view valid_utf8, std::size_t max_code_points);

}  // namespace intake::text
