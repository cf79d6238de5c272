// WeChat callback XML: parsing a POST body (plain message, event, or the safe-mode envelope with
// <Encrypt>) and rendering the passive replies (protocols/wechat.md sections 1.3, 1.4 and 2.5).
// Pure functions; thread-safe; they throw only std::bad_alloc. A bad body is reported in
// xml_parse_result::error, never thrown.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace intake::channels {

// One callback body. The named members copy the elements every handler needs (empty when absent);
// `fields` has every top-level child element by name with its text, CDATA or not (nested elements
// such as <Video><MediaId> are not flattened: their parent's value is its own direct text, usually
// empty). If an element name repeats, the first one wins.
struct wechat_message {
  std::string to_user;     // ToUserName
  std::string from_user;   // FromUserName
  std::string msg_type;    // MsgType
  std::string content;     // Content
  std::string event;       // Event: compare case-insensitively (CLICK, SCAN, subscribe …)
  std::string event_key;   // EventKey
  std::string msg_id;      // MsgId: a 64-bit integer, kept as text
  std::string encrypt;     // Encrypt: safe-mode payload, base64 exactly as received
  std::string agent_id;    // AgentID (WeCom)
  std::int64_t create_time = 0;  // CreateTime in Unix seconds; 0 when absent or not a number
  std::map<std::string, std::string> fields;
};

enum class xml_error {
  none,
  too_large,      // the body is over max_bytes
  invalid_utf8,   // the body is not valid UTF-8
  doctype,        // the body contains <!DOCTYPE or <!ENTITY (refused outright: no XXE, no entity bombs)
  malformed,      // not well-formed XML (including a NUL byte or more than one root element)
  not_a_message,  // well-formed, but the root element is not <xml>
};

struct xml_parse_result {
  std::optional<wechat_message> message;
  xml_error error = xml_error::none;
};

// Compatible mode roughly triples a body, so 64 KiB is far more than any text message needs.
inline constexpr std::size_t default_max_xml_bytes = 64 * 1024;

// Parses a callback body. Whitespace between elements and any element order are accepted.
// <!DOCTYPE and <!ENTITY are refused anywhere in the body, case-insensitively, even inside CDATA:
// a user who types "<!doctype" gets no answer, which is the price of never feeding a DTD to a parser.
xml_parse_result parse_wechat_xml(std::string_view body, std::size_t max_bytes = default_max_xml_bytes);

// The passive text reply. to_user is the incoming FromUserName, from_user the incoming ToUserName.
// Every value is made safe for CDATA: invalid UTF-8 becomes U+FFFD, control characters other than
// tab, line feed and carriage return are dropped (XML cannot carry them), and "]]>" is split across
// two CDATA sections. Content is not truncated: WeChat's limit is 2048 UTF-8 bytes, the caller's call.
std::string render_text_reply(std::string_view to_user, std::string_view from_user, std::int64_t create_time,
                              std::string_view content);

// The safe-mode reply envelope, byte for byte as Tencent's samples and wechatpy write it:
//   <xml>\n<Encrypt>…</Encrypt>\n<MsgSignature>…</MsgSignature>\n
//   <TimeStamp>…</TimeStamp>\n<Nonce>…</Nonce>\n</xml>
// msg_signature must be wechat_signature({token, to_string(timestamp), nonce, encrypt}).
std::string render_encrypted_reply(std::string_view encrypt, std::string_view msg_signature, std::int64_t timestamp,
                                   std::string_view nonce);

std::string_view to_string(xml_error error);

}  // namespace intake::channels
