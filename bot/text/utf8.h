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

// Code points that change how a terminal or a text view shows what follows them: C0 controls
// (ESC, CR …) and DEL, C1 controls, line and paragraph separators, and bidirectional overrides.
bool is_control_or_format(char32_t code_point);

// A user id as channels may carry it: valid UTF-8 of 1 to `max_bytes` bytes with no character
// for which is_control_or_format holds, so it is safe to print on a staff member's terminal.
bool is_printable_identifier(std::string_view bytes, std::size_t max_bytes);

// `bytes` (any, even invalid UTF-8) for a terminal: every character for which is_control_or_format
// holds, except the newlines and tabs in `keep`, is written as \x1B or \u202E; invalid sequences
// become U+FFFD. Nothing an owner wrote can then move the cursor, recolour or rewrite the screen,
// or plant a link.
std::string escape_for_terminal(std::string_view bytes, std::string_view keep = "\n\t");

}  // namespace intake::text
