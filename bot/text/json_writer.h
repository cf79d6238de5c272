// Writes JSON text straight into a string, without building an nlohmann::json document first.
// Serialising each turn's conversation state and reply through a DOM (build, dump, destroy) cost
// more instructions than the engine's step (callgrind, 2026-11-24); this writes the same text.
// Output matches nlohmann's dump(): strings escaped alike (control characters, quote, backslash;
// other UTF-8 as is), floats always with a fraction or exponent, NaN and infinities as null, object
// keys in the order written (callers that must match a DOM write them sorted). Invalid UTF-8 in a
// string becomes U+FFFD instead of throwing. Not thread-safe (a value); never throws but bad_alloc.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace intake::text {

// An object key written in the program: checked when it is compiled (a key that would need escaping
// does not compile), then written without a scan. A turn writes some 25 of them.
class json_key {
 public:
  template <std::size_t N>
  consteval json_key(const char (&name)[N]) : name_(name, N - 1) {  // NOLINT: implicit on purpose
    for (std::size_t i = 0; i + 1 < N; ++i) {
      const auto byte = static_cast<unsigned char>(name[i]);
      if (byte < 0x20 || byte >= 0x80 || byte == '"' || byte == '\\') throw "a json_key is plain ASCII";
    }
  }
  std::string_view name() const { return name_; }

 private:
  std::string_view name_;
};

class json_writer {
 public:
  json_writer& begin_object();
  json_writer& end_object();
  json_writer& begin_array();
  json_writer& end_array();
  json_writer& key(json_key name);
  // A key known only at run time (escaped as any string).
  json_writer& dynamic_key(std::string_view name);
  json_writer& value(std::string_view text);
  json_writer& value(const char* text) { return value(std::string_view(text)); }
  json_writer& value(const std::string& text) { return value(std::string_view(text)); }
  json_writer& value(std::int64_t number);
  json_writer& value(int number) { return value(static_cast<std::int64_t>(number)); }
  json_writer& value(bool flag);
  // Any document, written whole (an explicit name: strings and numbers convert to json too).
  json_writer& document(const nlohmann::json& document);
  json_writer& null();

  // Room for this many bytes: a writer that knows about how long its text will be saves the
  // string's growing copies (a turn writes two documents).
  json_writer& reserve(std::size_t bytes) {
    out_.reserve(bytes);
    return *this;
  }

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  void write_string(std::string_view text);
  void write_double(double number);

  std::string out_;
  std::vector<char> has_members_;  // not vector<bool>: a bit costs more to read and set than a byte  // per open container: a comma goes before the next member
  bool after_key_ = false;
};

}  // namespace intake::text
