// The top-level members of a JSON object, read without building a document: what a WebSocket client
// frame ({"type": "message", "text": …, "id": …}) needs, at a tenth of the instructions of
// nlohmann::json::parse, whose tree of maps cost more than the rest of reading the frame.
// The whole text is still checked: it is valid exactly when nlohmann::json::parse accepts it (RFC 8259
// JSON with strings in valid UTF-8, a leading UTF-8 byte order mark skipped, numbers beyond a
// double's range refused, and nlohmann's quirk that a NUL between tokens ends the input), which the
// json_object fuzz target checks against nlohmann. Nesting is followed without
// recursion, so depth costs memory in proportion to the text, never the stack.
// Plain value; thread-safe once built; throws only std::bad_alloc.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace intake::text {

class json_object_reader {
 public:
  explicit json_object_reader(std::string_view text);

  // The text is JSON (of any kind).
  bool valid() const { return valid_; }
  // ...and its top level is an object; only then are there members.
  bool is_object() const { return is_object_; }
  // The value of the top-level member `name`, unescaped, when it is a string. A name given twice
  // counts once, with its last value, as in nlohmann.
  const std::string* string_member(std::string_view name) const;
  // Whether the top-level object has a member `name`, whatever its value.
  bool has_member(std::string_view name) const { return find(name) != nullptr; }

 private:
  struct member {
    std::string name;
    bool is_string = false;
    std::string value;  // when is_string
  };
  const member* find(std::string_view name) const;
  bool read(std::string_view text);

  bool valid_ = false;
  bool is_object_ = false;
  std::vector<member> members_;
};

}  // namespace intake::text
