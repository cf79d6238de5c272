#include "bot/text/json_object_reader.h"

#include <cmath>
#include <cstdlib>

#include "bot/text/json_special_bytes.h"
#include "bot/text/utf8.h"
#include "bot/text/utf8_decode.h"

namespace intake::text {
namespace {

// A position in the text and the grammar's pieces. Every read_* returns false on a syntax error.
class cursor {
 public:
  explicit cursor(std::string_view text) : text_(text) {}

  // As in nlohmann's lexer, a NUL where a token may start ends the input: "{}\0anything" is "{}".
  bool at_end() const { return pos_ == text_.size() || text_[pos_] == '\0'; }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool take(char expected) {
    if (pos_ < text_.size() && text_[pos_] == expected) {
      ++pos_;
      return true;
    }
    return false;
  }
  void skip_byte_order_mark() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }
  void skip_whitespace() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++pos_;
    }
  }

  // After the opening quote. With `into`, the unescaped string is appended there. Its bytes must
  // be valid UTF-8 (outside strings, the grammar allows only ASCII).
  bool read_string(std::string* into) {
    const std::size_t start = pos_;
    if (!read_string_bytes(into)) return false;
    return is_valid_utf8(text_.substr(start, pos_ - start));
  }

  bool read_literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, and as nlohmann does, a number a double cannot
  // hold (an integer beyond 64 bits is read as a double) is refused.
  bool read_number() {
    const std::size_t start = pos_;
    take('-');
    if (take('0')) {
    } else if (digit()) {
      while (digit()) {}
    } else {
      return false;
    }
    bool integer = true;
    if (take('.')) {
      integer = false;
      if (!digit()) return false;
      while (digit()) {}
    }
    if (take('e') || take('E')) {
      integer = false;
      if (!take('+')) take('-');
      if (!digit()) return false;
      while (digit()) {}
    }
    const std::size_t digits = pos_ - start - (text_[start] == '-' ? 1 : 0);
    if (integer && digits <= 18) return true;  // fits in 64 bits
    const std::string number(text_.substr(start, pos_ - start));
    return std::isfinite(std::strtod(number.c_str(), nullptr));
  }

 private:
  bool read_string_bytes(std::string* into) {
    for (;;) {
      const std::size_t run = pos_;
      while (text_.size() - pos_ >= 8 && !has_json_special_byte(text_.data() + pos_)) pos_ += 8;
      while (pos_ < text_.size()) {
        const auto c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        ++pos_;
      }
      if (into) into->append(text_, run, pos_ - run);
      if (pos_ == text_.size()) return false;
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c != '\\') return false;  // a raw control character
      if (!read_escape(into)) return false;
    }
  }

  bool digit() {
    if (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      ++pos_;
      return true;
    }
    return false;
  }

  bool hex4(unsigned& value) {
    if (text_.size() - pos_ < 4) return false;
    value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      value <<= 4;
      if (c >= '0' && c <= '9') value |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') value |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') value |= static_cast<unsigned>(c - 'A' + 10);
      else return false;
    }
    return true;
  }

  // After the backslash.
  bool read_escape(std::string* into) {
    if (pos_ == text_.size()) return false;
    const char c = text_[pos_++];
    char plain = 0;
    switch (c) {
      case '"': plain = '"'; break;
      case '\\': plain = '\\'; break;
      case '/': plain = '/'; break;
      case 'b': plain = '\b'; break;
      case 'f': plain = '\f'; break;
      case 'n': plain = '\n'; break;
      case 'r': plain = '\r'; break;
      case 't': plain = '\t'; break;
      case 'u': break;
      default: return false;
    }
    if (c != 'u') {
      if (into) *into += plain;
      return true;
    }
    unsigned code = 0;
    if (!hex4(code)) return false;
    if (code >= 0xDC00 && code <= 0xDFFF) return false;  // a low surrogate with no high one before it
    if (code >= 0xD800 && code <= 0xDBFF) {
      unsigned low = 0;
      if (!take('\\') || !take('u') || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    if (into) detail::append_utf8(*into, static_cast<char32_t>(code));
    return true;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

json_object_reader::json_object_reader(std::string_view text) {
  valid_ = read(text);
  if (!valid_) {
    is_object_ = false;
    members_.clear();
  }
}

const json_object_reader::member* json_object_reader::find(std::string_view name) const {
  for (auto m = members_.rbegin(); m != members_.rend(); ++m)
    if (m->name == name) return &*m;
  return nullptr;
}

const std::string* json_object_reader::string_member(std::string_view name) const {
  const member* found = find(name);
  return found && found->is_string ? &found->value : nullptr;
}

bool json_object_reader::read(std::string_view text) {
  cursor in(text);
  in.skip_byte_order_mark();
  std::vector<char> open;  // '{' or '[' for each container the cursor is inside
  enum class next { value, first_member, member };
  next expected = next::value;
  for (;;) {
    in.skip_whitespace();
    member* top_member = nullptr;  // the top-level member whose value comes next
    if (expected != next::value) {
      if (expected == next::first_member && in.take('}')) {
        open.pop_back();
        goto after_value;
      }
      if (!in.take('"')) return false;
      if (open.size() == 1) {
        top_member = &members_.emplace_back();
        if (!in.read_string(&top_member->name)) return false;
      } else if (!in.read_string(nullptr)) {
        return false;
      }
      in.skip_whitespace();
      if (!in.take(':')) return false;
      in.skip_whitespace();
    }
    // A value.
    switch (in.peek()) {
      case '{':
        in.take('{');
        if (open.empty()) is_object_ = true;
        open.push_back('{');
        expected = next::first_member;
        continue;
      case '[':
        in.take('[');
        open.push_back('[');
        in.skip_whitespace();
        if (in.take(']')) {
          open.pop_back();
          goto after_value;
        }
        expected = next::value;
        continue;
      case '"':
        in.take('"');
        if (top_member) {
          top_member->is_string = true;
          if (!in.read_string(&top_member->value)) return false;
        } else if (!in.read_string(nullptr)) {
          return false;
        }
        break;
      case 't':
        if (!in.read_literal("true")) return false;
        break;
      case 'f':
        if (!in.read_literal("false")) return false;
        break;
      case 'n':
        if (!in.read_literal("null")) return false;
        break;
      default:
        if (!in.read_number()) return false;
    }
  after_value:
    // Closes as many containers as end here, then expects the next member or element.
    for (;;) {
      in.skip_whitespace();
      if (open.empty()) return in.at_end();
      const char container = open.back();
      if (in.take(',')) {
        expected = container == '{' ? next::member : next::value;
        break;
      }
      if (!in.take(container == '{' ? '}' : ']')) return false;
      open.pop_back();
    }
  }
}

}  // namespace intake::text
