// Runs every public test vector in tests/channels/data/wechat_vectors.json (sources in its README)
// through the channel code.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bot/channels/feishu_cipher.h"
#include "bot/channels/wechat_cipher.h"
#include "bot/channels/wechat_signature.h"
#include "bot/channels/wechat_xml.h"

using namespace intake::channels;
using nlohmann::json;

namespace {

constexpr const char* vectors_path = INTAKE_SOURCE_DIR "/tests/channels/data/wechat_vectors.json";
constexpr std::size_t expected_vector_count = 26;

json load_vectors() {
  std::ifstream in(vectors_path);
  if (!in) {
    FAIL("cannot open the protocol test vectors at " << vectors_path);
  }
  return json::parse(in);
}

std::string str(const json& object, const char* key) { return object.at(key).get<std::string>(); }

// True, false, or absent/null for "not asserted by the source".
std::optional<bool> flag(const json& object, const char* key) {
  if (!object.contains(key) || object.at(key).is_null()) return std::nullopt;
  return object.at(key).get<bool>();
}

// The message's named members must agree with its fields; this maps wire names to them.
std::optional<std::string> named_member(const wechat_message& message, const std::string& name) {
  if (name == "ToUserName") return message.to_user;
  if (name == "FromUserName") return message.from_user;
  if (name == "MsgType") return message.msg_type;
  if (name == "Content") return message.content;
  if (name == "Event") return message.event;
  if (name == "EventKey") return message.event_key;
  if (name == "MsgId") return message.msg_id;
  if (name == "Encrypt") return message.encrypt;
  if (name == "AgentID") return message.agent_id;
  if (name == "CreateTime") return std::to_string(message.create_time);
  return std::nullopt;
}

void check_fields(std::string_view xml, const json& expected_fields) {
  const auto parsed = parse_wechat_xml(xml);
  INFO("parse error: " << to_string(parsed.error));
  CHECK(parsed.message);
  if (!parsed.message) return;
  for (const auto& [name, value] : expected_fields.items()) {
    INFO("field " << name);
    const auto it = parsed.message->fields.find(name);
    CHECK(it != parsed.message->fields.end());
    if (it != parsed.message->fields.end()) CHECK(it->second == value.get<std::string>());
    if (const auto member = named_member(*parsed.message, name)) CHECK(*member == value.get<std::string>());
  }
}

// Query-string decoding as the server must do it: %XX only, and '+' stays '+' (base64 uses it).
std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

void check_plain_signature(const json& in, const json& expected) {
  const auto computed = wechat_signature({str(in, "token"), str(in, "timestamp"), str(in, "nonce")});
  CHECK(constant_time_equal(computed, str(expected, "signature")) == expected.at("valid").get<bool>());
}

void check_verify_url(const json& in, const json& expected) {
  const auto echostr = str(in, "echostr");
  const auto computed = wechat_signature({str(in, "token"), str(in, "timestamp"), str(in, "nonce"), echostr});
  const bool signature_valid = constant_time_equal(computed, str(in, "msg_signature"));
  CHECK(signature_valid == expected.at("signature_valid").get<bool>());
  if (!signature_valid) return;  // A server stops here with 403: nothing is decrypted.

  const wechat_cipher cipher(str(in, "encoding_aes_key"),
                             flag(expected, "receiveid_matches") == true ? str(in, "receiveid") : std::string());
  std::string error;
  const auto plain = cipher.decrypt(echostr, &error);
  INFO("decrypt error: " << error);
  CHECK(plain);
  if (!plain) return;
  if (expected.contains("plaintext") && expected.at("plaintext").is_string()) {
    CHECK(*plain == str(expected, "plaintext"));
  } else {
    // Where no source states the echo, it is still a decimal number (protocols/wechat.md §5).
    CHECK_FALSE(plain->empty());
    CHECK(plain->find_first_not_of("0123456789") == std::string::npos);
  }
  if (in.contains("echostr_urlencoded")) {
    // The query carries %2B, %2F and %3D; the signature covers the decoded text.
    CHECK(percent_decode(str(in, "echostr_urlencoded")) == echostr);
  }
}

void check_encrypt(const json& in, const json& expected) {
  const wechat_cipher cipher(str(in, "encoding_aes_key"), str(in, "receiveid"));
  const auto encrypted = cipher.encrypt(str(in, "plaintext"), str(in, "random16"));
  CHECK(encrypted == str(expected, "encrypt"));
  CHECK(cipher.decrypt(encrypted) == str(in, "plaintext"));
  if (expected.contains("msg_signature")) {
    const auto signature = wechat_signature({str(in, "token"), str(in, "timestamp"), str(in, "nonce"), encrypted});
    CHECK(signature == str(expected, "msg_signature"));
    if (expected.contains("reply_xml")) {
      CHECK(render_encrypted_reply(encrypted, signature, std::stoll(str(in, "timestamp")), str(in, "nonce")) ==
            str(expected, "reply_xml"));
    }
  }
}

void check_decrypt_message(const json& in, const json& expected) {
  const auto body = str(in, "post_body");
  std::string encrypted;
  if (!body.empty() && body.front() == '<') {
    const auto envelope = parse_wechat_xml(body);
    INFO("envelope parse error: " << to_string(envelope.error));
    CHECK(envelope.message);
    if (envelope.message) encrypted = envelope.message->encrypt;
  } else {
    encrypted = json::parse(body).at("encrypt").get<std::string>();
  }
  CHECK_FALSE(encrypted.empty());
  if (encrypted.empty()) return;

  const auto computed = wechat_signature({str(in, "token"), str(in, "timestamp"), str(in, "nonce"), encrypted});
  const bool signature_valid = constant_time_equal(computed, str(in, "msg_signature"));
  CHECK(signature_valid == expected.at("signature_valid").get<bool>());
  if (!signature_valid) return;

  // Where the source does not assert the receive id, decrypt without checking it.
  const auto receive_id_matches = flag(expected, "receiveid_matches");
  const wechat_cipher cipher(str(in, "encoding_aes_key"), receive_id_matches ? str(in, "receiveid") : std::string());
  std::string error;
  const auto plain = cipher.decrypt(encrypted, &error);
  INFO("decrypt error: " << error);
  CHECK(plain);
  if (!plain) return;
  if (receive_id_matches == true) {
    const wechat_cipher other_id(str(in, "encoding_aes_key"), str(in, "receiveid") + "x");
    CHECK_FALSE(other_id.decrypt(encrypted));
  }
  if (expected.contains("plaintext") && expected.at("plaintext").is_string()) {
    CHECK(*plain == str(expected, "plaintext"));
  }
  if (expected.contains("plaintext_fields")) check_fields(*plain, expected.at("plaintext_fields"));
}

void check_parse_xml(const json& in, const json& expected) { check_fields(str(in, "xml"), expected.at("fields")); }

void check_feishu(const json& in, const json& expected) {
  CHECK(feishu_decrypt(str(in, "encrypt_key"), str(in, "encrypt")) == str(expected, "plaintext"));
}

}  // namespace

TEST_CASE("Every published WeChat, WeCom, DingTalk and Feishu test vector passes", "[wechat][wecom][feishu]") {
  const json document = load_vectors();
  const auto& vectors = document.at("vectors");
  std::map<std::string, std::size_t> checked;
  std::size_t total = 0;
  for (const auto& vector : vectors) {
    const auto name = str(vector, "name");
    const auto kind = str(vector, "kind");
    INFO("vector " << name << " (" << kind << ")");
    const auto& in = vector.at("inputs");
    const auto& expected = vector.at("expected");
    if (kind == "plain_signature") {
      check_plain_signature(in, expected);
    } else if (kind == "verify_url_encrypted") {
      check_verify_url(in, expected);
    } else if (kind == "encrypt_reply" || kind == "encrypt_fixed_random") {
      check_encrypt(in, expected);
    } else if (kind == "decrypt_message") {
      check_decrypt_message(in, expected);
    } else if (kind == "parse_xml") {
      check_parse_xml(in, expected);
    } else if (kind == "feishu_decrypt") {
      check_feishu(in, expected);
    } else {
      FAIL_CHECK("unknown vector kind " << kind);
      continue;
    }
    ++checked[kind];
    ++total;
  }
  CHECK(total == expected_vector_count);
  CHECK(vectors.size() == expected_vector_count);
  // The table in protocols/wechat.md §5.
  const std::map<std::string, std::size_t> per_kind{
      {"plain_signature", 4}, {"verify_url_encrypted", 4}, {"decrypt_message", 6}, {"encrypt_fixed_random", 2},
      {"encrypt_reply", 2},   {"parse_xml", 7},            {"feishu_decrypt", 1}};
  CHECK(checked == per_kind);
}
