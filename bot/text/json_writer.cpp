#include "bot/text/json_writer.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "bot/text/json_special_bytes.h"
#include "bot/text/utf8.h"
#include "bot/text/utf8_decode.h"

namespace intake::text {

void json_writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_members_.empty()) return;
  if (has_members_.back()) out_ += ',';
  has_members_.back() = true;
}

json_writer& json_writer::begin_object() {
  before_value();
  out_ += '{';
  has_members_.push_back(false);
  return *this;
}

json_writer& json_writer::end_object() {
  out_ += '}';
  has_members_.pop_back();
  return *this;
}

json_writer& json_writer::begin_array() {
  before_value();
  out_ += '[';
  has_members_.push_back(false);
  return *this;
}

json_writer& json_writer::end_array() {
  out_ += ']';
  has_members_.pop_back();
  return *this;
}

json_writer& json_writer::key(json_key name) {
  before_value();
  const std::string_view plain = name.name();
  char quoted[64];
  if (plain.size() + 3 <= sizeof quoted) {  // one append instead of three
    quoted[0] = '"';
    std::memcpy(quoted + 1, plain.data(), plain.size());
    quoted[plain.size() + 1] = '"';
    quoted[plain.size() + 2] = ':';
    out_.append(quoted, plain.size() + 3);
  } else {
    out_ += '"';
    out_ += plain;
    out_ += "\":";
  }
  after_key_ = true;
  return *this;
}

json_writer& json_writer::dynamic_key(std::string_view name) {
  before_value();
  write_string(name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

json_writer& json_writer::value(std::string_view text) {
  before_value();
  write_string(text);
  return *this;
}

json_writer& json_writer::value(std::int64_t number) {
  before_value();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  out_.append(digits, end);
  return *this;
}

json_writer& json_writer::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

json_writer& json_writer::null() {
  before_value();
  out_ += "null";
  return *this;
}

json_writer& json_writer::document(const nlohmann::json& document) {
  using type = nlohmann::json::value_t;
  switch (document.type()) {
    case type::object:
      begin_object();
      for (const auto& [name, member] : document.items()) {
        dynamic_key(name);
        this->document(member);
      }
      return end_object();
    case type::array:
      begin_array();
      for (const auto& element : document) this->document(element);
      return end_array();
    case type::string: return value(std::string_view(document.get_ref<const std::string&>()));
    case type::boolean: return value(document.get<bool>());
    case type::number_integer: return value(document.get<std::int64_t>());
    case type::number_unsigned: {
      before_value();
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, document.get<std::uint64_t>()).ptr;
      out_.append(digits, end);
      return *this;
    }
    case type::number_float:
      before_value();
      write_double(document.get<double>());
      return *this;
    case type::binary:  // never produced by this program's documents; nlohmann writes binary as an object too
    case type::discarded:
    case type::null: return null();
  }
  return null();
}

void json_writer::write_double(double number) {
  if (!std::isfinite(number)) {
    out_ += "null";
    return;
  }
  char digits[32];
  const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
  const std::string_view written(digits, static_cast<std::size_t>(end - digits));
  out_ += written;
  // As nlohmann does: a float keeps a fraction, so it is read back as a float.
  if (written.find_first_of(".e") == std::string_view::npos) out_ += ".0";
}

namespace {

// Eight ASCII bytes none of which needs escaping.
bool plain_ascii_block(const char* eight_bytes) {
  std::uint64_t block;
  std::memcpy(&block, eight_bytes, sizeof block);
  return (block & 0x8080808080808080ULL) == 0 && !has_json_special_byte(eight_bytes);
}

// How many leading bytes are ASCII with nothing to escape. Keys, codes, modes, ids and numbers typed
// as text are that whole, and are written as they are; other strings start the pass below after it.
std::size_t plain_ascii_prefix(std::string_view text) {
  std::size_t i = 0;
  while (text.size() - i >= 8 && plain_ascii_block(text.data() + i)) i += 8;
  for (; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80 || byte < 0x20 || byte == '"' || byte == '\\') break;
  }
  return i;
}

// Whether the four bytes start with a valid three-byte UTF-8 character other than one led by E0 or
// ED (those have bounds on their second byte; detail::valid_multibyte_length checks them), as CJK
// characters are. Reads four bytes: the caller makes sure there are four.
bool valid_three_byte_character(const char* four_bytes) {
  if constexpr (std::endian::native != std::endian::little) return false;
  std::uint32_t word;
  std::memcpy(&word, four_bytes, sizeof word);
  const std::uint32_t lead = word & 0xFF;
  return (word & 0x00C0C0F0u) == 0x008080E0u && lead != 0xE0 && lead != 0xED;
}

}  // namespace

// One pass checks the UTF-8 and finds what needs escaping; the plain runs between are copied whole.
// (A pass for each cost about 1.5 instructions a byte more, over some 1.5 KB of Chinese a turn.)
void json_writer::write_string(std::string_view text) {
  const std::size_t plain = plain_ascii_prefix(text);
  if (plain == text.size()) {
    out_ += '"';
    out_ += text;
    out_ += '"';
    return;
  }
  static constexpr char hex[] = "0123456789abcdef";
  const std::size_t opening_quote = out_.size();
  out_ += '"';
  std::size_t run_start = 0;
  for (std::size_t i = plain; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      // Chinese runs: one three-byte character after another, each checked with one load.
      while (text.size() - i >= 4 && valid_three_byte_character(text.data() + i)) i += 3;
      if (i == text.size() || static_cast<unsigned char>(text[i]) < 0x80) continue;
      const std::size_t length = detail::valid_multibyte_length(text, i);
      if (length == 0) {
        // Rare (the callers validate what comes from outside): start over with the text repaired.
        out_.resize(opening_quote);
        write_string(sanitize_utf8(text));
        return;
      }
      i += length;
      continue;
    }
    if (text.size() - i >= 8 && plain_ascii_block(text.data() + i)) {
      i += 8;
      continue;
    }
    if (byte >= 0x20 && byte != '"' && byte != '\\') {
      ++i;
      continue;
    }
    out_.append(text, run_start, i - run_start);
    run_start = ++i;
    switch (byte) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        out_ += "\\u00";
        out_ += hex[byte >> 4];
        out_ += hex[byte & 0xF];
    }
  }
  out_.append(text, run_start, text.size() - run_start);
  out_ += '"';
}

}  // namespace intake::text
