// A catalog pattern that is only literal text and {name} placeholders, rendered by concatenation.
// ICU's MessageFormat and its UTF-8 ↔ UTF-16 conversions were most of a turn's rendering cost,
// and most patterns need none of it. A pattern with anything else ICU interprets (apostrophes,
// formats, plural or select) is not simple. Otherwise the text is what ICU would produce: string
// arguments as they are, a missing argument as "{name}", an integer grouped by thousands with ","
// (as ICU does for zh and en; other locales and fractional numbers are left to ICU).
// Immutable; thread-safe.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace intake::engine {

class simple_template {
 public:
  static std::optional<simple_template> parse(std::string_view pattern);

  // `render_value(json)` renders a nested message or a list argument; `comma_groups` says whether
  // the locale groups integers as 1,234,567. Empty when ICU is needed.
  template <class ValueRenderer>
  std::optional<std::string> render(const nlohmann::json& args, ValueRenderer&& render_value, bool comma_groups) const {
    std::string out;
    out.reserve(literal_bytes_ + 16 * placeholders_);
    for (const auto& part : parts_) {
      if (!part.placeholder) {
        out += part.text;
        continue;
      }
      const auto found = args.is_object() ? args.find(part.text) : args.end();
      if (found == args.end()) {
        out.append("{").append(part.text).append("}");
      } else if (found->is_string()) {
        out += found->template get_ref<const std::string&>();
      } else if (found->is_number_integer() && comma_groups &&
                 !(found->is_number_unsigned() && found->template get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))) {
        append_grouped(out, *found);
      } else if (found->is_number()) {
        return std::nullopt;
      } else if (found->is_object() || found->is_array()) {
        out += render_value(*found);
      } else {
        out += found->dump();
      }
    }
    return out;
  }

 private:
  static void append_grouped(std::string& out, const nlohmann::json& integer);

  struct part {
    std::string text;  // literal text, or the argument's name
    bool placeholder = false;
  };
  std::vector<part> parts_;
  std::size_t literal_bytes_ = 0;
  std::size_t placeholders_ = 0;
};

}  // namespace intake::engine
