// A WeChat Official Account as the platform behaves, for end-to-end tests of /wechat: signs every
// request and, in safe mode, encrypts the message and checks the signature of the encrypted reply.
// say() and content_of() use Catch2 assertions: call them from the test's thread only.
#pragma once
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "bot/channels/wechat_cipher.h"
#include "bot/channels/wechat_signature.h"
#include "bot/channels/wechat_xml.h"
#include "tests/support/http_client.h"

namespace intake::testing {

class official_account {
 public:
  static constexpr const char* token = "intaketesttoken";
  static constexpr const char* aes_key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static constexpr const char* app_id = "wx1234567890abcdef";

  official_account(unsigned short port, bool safe) : port_(port), safe_(safe), cipher_(aes_key, app_id) {}

  // An account in safe mode: the server refuses plaintext POSTs unless configured compatible.
  static std::map<std::string, std::string> env() {
    return {{"INTAKE_WECHAT_TOKEN", token}, {"INTAKE_WECHAT_AES_KEY", aes_key}, {"INTAKE_WECHAT_APPID", app_id}};
  }
  // An account in plain mode: a token and no AES key.
  static std::map<std::string, std::string> plain_env() { return {{"INTAKE_WECHAT_TOKEN", token}}; }

  std::string message_xml(const std::string& text, const std::string& msg_id) const {
    return "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[" + open_id + "]]></FromUserName><CreateTime>" +
           std::to_string(now()) + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + text +
           "]]></Content><MsgId>" + msg_id + "</MsgId></xml>";
  }

  // The request target of a plain-mode delivery, signed with the token (what the platform calls).
  std::string plain_target(std::int64_t timestamp = 0, const std::string& bad_signature = "") {
    return signed_target(std::to_string(timestamp ? timestamp : now()), "nonce" + std::to_string(++sequence_), bad_signature);
  }

  string_response post(const std::string& plain_xml, std::int64_t timestamp = 0, const std::string& bad_signature = "") {
    const std::string ts = std::to_string(timestamp ? timestamp : now()), nonce = "nonce" + std::to_string(++sequence_);
    std::string target = signed_target(ts, nonce, bad_signature);
    if (!safe_) return http_request(port_, boost::beast::http::verb::post, target, plain_xml);
    const std::string encrypt = cipher_.encrypt(plain_xml);
    const std::string msg_signature = channels::wechat_signature({token, ts, nonce, encrypt});
    target += "&encrypt_type=aes&msg_signature=" + (bad_signature.empty() ? msg_signature : bad_signature);
    return http_request(port_, boost::beast::http::verb::post, target,
                        "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>");
  }

  // The reply text, after checking the reply's signature and decrypting it in safe mode.
  std::string say(const std::string& text) {
    auto response = post(message_xml(text, std::to_string(1000 + ++messages_)));
    REQUIRE(response.result() == boost::beast::http::status::ok);
    return content_of(response.body());
  }

  std::string content_of(const std::string& body) const {
    auto parsed = channels::parse_wechat_xml(body);
    REQUIRE(parsed.message);
    if (!safe_) return parsed.message->content;
    const std::string expected = channels::wechat_signature({token, parsed.message->fields.at("TimeStamp"), parsed.message->fields.at("Nonce"),
                                                             parsed.message->encrypt});
    CHECK(parsed.message->fields.at("MsgSignature") == expected);
    auto plain = cipher_.decrypt(parsed.message->encrypt);
    REQUIRE(plain);
    auto inner = channels::parse_wechat_xml(*plain);
    REQUIRE(inner.message);
    CHECK(inner.message->to_user == open_id);
    return inner.message->content;
  }

  static std::int64_t now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }

  std::string open_id = "oOwner_0001";

 private:
  std::string signed_target(const std::string& ts, const std::string& nonce, const std::string& bad_signature) const {
    const std::string signature = channels::wechat_signature({token, ts, nonce});
    return "/wechat?timestamp=" + ts + "&nonce=" + nonce + "&openid=" + open_id + "&signature=" + (bad_signature.empty() ? signature : bad_signature);
  }

  unsigned short port_;
  bool safe_;
  channels::wechat_cipher cipher_;
  int sequence_ = 0;
  int messages_ = 0;
};

}  // namespace intake::testing
