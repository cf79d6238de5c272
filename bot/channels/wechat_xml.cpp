#include "bot/channels/wechat_xml.h"

#include <charconv>
#include <string>
#include <utility>

#include <pugixml.hpp>

#include "bot/text/utf8.h"

namespace intake::channels {

namespace {

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Case-insensitive search for an ASCII needle given in lower case.
bool contains_ascii_ci(std::string_view haystack, std::string_view lower_needle) {
  if (lower_needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + lower_needle.size() <= haystack.size(); ++i) {
    std::size_t j = 0;
    while (j < lower_needle.size() && ascii_lower(haystack[i + j]) == lower_needle[j]) ++j;
    if (j == lower_needle.size()) return true;
  }
  return false;
}

// The text of an element: its direct PCDATA and CDATA children joined, so a value written as
// several CDATA sections (how "]]>" has to travel) comes back whole.
std::string element_text(const pugi::xml_node& element) {
  std::string text;
  for (const auto& child : element.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) text += child.value();
  }
  return text;
}

std::int64_t parse_int64(std::string_view text) {
  constexpr std::string_view spaces = " \t\r\n";
  const auto first = text.find_first_not_of(spaces);
  if (first == std::string_view::npos) return 0;
  text = text.substr(first, text.find_last_not_of(spaces) - first + 1);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc{} && end == text.data() + text.size() ? value : 0;
}

std::string field(const std::map<std::string, std::string>& fields, const std::string& name) {
  const auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

bool is_xml_illegal_control(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

// Appends value as one or more CDATA sections that any XML parser reads back as value (after
// replacing what XML cannot carry at all).
void append_cdata(std::string& out, std::string_view value) {
  const std::string valid = text::sanitize_utf8(value);
  std::string clean;
  clean.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size(); ++i) {
    const auto c = static_cast<unsigned char>(valid[i]);
    if (is_xml_illegal_control(c)) continue;
    // U+FFFE and U+FFFF are not XML characters either.
    if (c == 0xEF && i + 2 < valid.size() && static_cast<unsigned char>(valid[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(valid[i + 2]) == 0xBE || static_cast<unsigned char>(valid[i + 2]) == 0xBF)) {
      i += 2;
      continue;
    }
    clean += valid[i];
  }
  out += "<![CDATA[";
  // "]]>" would end the section early: close the section after "]]" and open a new one for ">".
  std::size_t start = 0;
  for (std::size_t pos; (pos = clean.find("]]>", start)) != std::string::npos; start = pos + 2) {
    out.append(clean, start, pos + 2 - start);
    out += "]]><![CDATA[";
  }
  out.append(clean, start);
  out += "]]>";
}

}  // namespace

xml_parse_result parse_wechat_xml(std::string_view body, std::size_t max_bytes) {
  xml_parse_result result;
  if (body.size() > max_bytes) {
    result.error = xml_error::too_large;
    return result;
  }
  if (!text::is_valid_utf8(body)) {
    result.error = xml_error::invalid_utf8;
    return result;
  }
  // Refused before any parser sees the body. pugixml would not expand a DTD's entities anyway, but
  // nothing WeChat sends has one, and a body that does is an attack or a mistake.
  if (contains_ascii_ci(body, "<!doctype") || contains_ascii_ci(body, "<!entity")) {
    result.error = xml_error::doctype;
    return result;
  }
  // XML has no NUL character, and pugixml's strings would silently end at one.
  if (body.find('\0') != std::string_view::npos) {
    result.error = xml_error::malformed;
    return result;
  }

  // parse_default is CDATA, end-of-line normalisation and escapes; parse_doctype stays off. Escapes
  // here are only the five predefined entities and numeric character references (pugixml has no DTD
  // support, so there is nothing else it could expand), and plain-text values need them: "a &amp; b".
  // parse_fragment only makes text outside the root visible (pugixml drops it silently otherwise),
  // so the check below can refuse it along with a second root element.
  pugi::xml_document document;
  const auto parsed = document.load_buffer(body.data(), body.size(), pugi::parse_default | pugi::parse_fragment,
                                           pugi::encoding_utf8);
  if (!parsed) {
    result.error = xml_error::malformed;
    return result;
  }
  pugi::xml_node root;
  int elements = 0;
  for (const auto& node : document.children()) {
    if (node.type() == pugi::node_element) {
      root = node;
      ++elements;
    } else if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
      elements = 2;  // Text outside the root element.
    }
  }
  if (elements != 1) {
    result.error = xml_error::malformed;
    return result;
  }
  if (std::string_view(root.name()) != "xml") {
    result.error = xml_error::not_a_message;
    return result;
  }

  wechat_message message;
  for (const auto& child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    auto value = element_text(child);
    // A numeric character reference can name a surrogate, which pugixml writes out as is.
    if (!text::is_valid_utf8(value)) {
      result.error = xml_error::invalid_utf8;
      return result;
    }
    message.fields.emplace(child.name(), std::move(value));
  }
  const auto& fields = message.fields;
  message.to_user = field(fields, "ToUserName");
  message.from_user = field(fields, "FromUserName");
  message.msg_type = field(fields, "MsgType");
  message.content = field(fields, "Content");
  message.event = field(fields, "Event");
  message.event_key = field(fields, "EventKey");
  message.msg_id = field(fields, "MsgId");
  message.encrypt = field(fields, "Encrypt");
  message.agent_id = field(fields, "AgentID");
  message.create_time = parse_int64(field(fields, "CreateTime"));
  result.message = std::move(message);
  return result;
}

std::string render_text_reply(std::string_view to_user, std::string_view from_user, std::int64_t create_time,
                              std::string_view content) {
  std::string out;
  out.reserve(200 + to_user.size() + from_user.size() + content.size());
  out += "<xml><ToUserName>";
  append_cdata(out, to_user);
  out += "</ToUserName>\n<FromUserName>";
  append_cdata(out, from_user);
  out += "</FromUserName>\n<CreateTime>";
  out += std::to_string(create_time);
  out += "</CreateTime><MsgType><![CDATA[text]]></MsgType>\n<Content>";
  append_cdata(out, content);
  out += "</Content></xml>";
  return out;
}

std::string render_encrypted_reply(std::string_view encrypt, std::string_view msg_signature, std::int64_t timestamp,
                                   std::string_view nonce) {
  std::string out;
  out.reserve(160 + encrypt.size() + msg_signature.size() + nonce.size());
  out += "<xml>\n<Encrypt>";
  append_cdata(out, encrypt);
  out += "</Encrypt>\n<MsgSignature>";
  append_cdata(out, msg_signature);
  out += "</MsgSignature>\n<TimeStamp>";
  out += std::to_string(timestamp);
  out += "</TimeStamp>\n<Nonce>";
  append_cdata(out, nonce);
  out += "</Nonce>\n</xml>";
  return out;
}

std::string_view to_string(xml_error error) {
  switch (error) {
    case xml_error::none: return "none";
    case xml_error::too_large: return "body too large";
    case xml_error::invalid_utf8: return "invalid UTF-8";
    case xml_error::doctype: return "DOCTYPE or ENTITY declaration";
    case xml_error::malformed: return "malformed XML";
    case xml_error::not_a_message: return "root element is not <xml>";
  }
  return "unknown";
}

}  // namespace intake::channels
