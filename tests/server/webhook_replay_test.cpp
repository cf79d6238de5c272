// End-to-end, against the real server on 127.0.0.1: what a callback URL seen once lets someone do.
// In plain mode the signature covers the token, the timestamp and the nonce, not the body; so safe
// mode refuses plaintext POSTs, and in every mode a signed timestamp and nonce carry one message only.
// A platform retry (the same URL and the same message) is answered as before.
#include <catch2/catch.hpp>

#include <boost/beast/http.hpp>
#include <fstream>

#include "bot/channels/wechat_cipher.h"
#include "bot/channels/wechat_signature.h"
#include "bot/channels/wechat_xml.h"
#include "storage/sqlite_store.h"
#include "tests/support/http_client.h"
#include "tests/support/official_account.h"
#include "tests/support/process.h"
#include "tests/support/server_process.h"

using namespace intake;
using namespace intake::testing;
namespace http = boost::beast::http;

namespace {

double rejected(unsigned short port, const std::string& reason) {
  const std::string metrics = http_request(port, http::verb::get, "/metrics").body();
  return metric_value(metrics, "intake_rejected_requests_total{reason=\"" + reason + "\"}").value_or(0);
}

}  // namespace

TEST_CASE("With an AES key a plaintext WeChat POST is refused unless the configuration says compatible", "[server][wechat][replay]") {
  scratch_dir dir("replay-safe");
  const std::string db = dir.file("bot.db");
  {
    server_process server(db, official_account::env());  // an AES key and no mode: safe
    official_account plain(server.port(), false), safe(server.port(), true);
    // Properly signed, as a URL from a log would be, with a body of the attacker's choosing.
    plain.open_id = "oSomeoneElse";
    auto forged = plain.post(plain.message_xml("1", "41001"));
    CHECK(forged.result() == http::status::forbidden);
    CHECK(forged.body().find("<xml>") == std::string::npos);
    CHECK(rejected(server.port(), "wechat_plaintext_in_safe_mode") == 1);
    CHECK(safe.say("1").find("企业的名称") != std::string::npos);  // the encrypted delivery is served
  }
  {
    std::ofstream(dir.file("intake.json")) << R"({"wechat": {"mode": "compatible"}})";
    server_process server(db, official_account::env(), dir.file("intake.json"));
    official_account plain(server.port(), false);
    plain.open_id = "oDuringTheSwitch";
    auto accepted = plain.post(plain.message_xml("1", "41002"));  // MsgIds are the platform's, unique across accounts' messages
    REQUIRE(accepted.result() == http::status::ok);
    CHECK(plain.content_of(accepted.body()).find("企业的名称") != std::string::npos);
  }
  storage::sqlite_store store(db);
  CHECK(store.transcript_of("wechat:oSomeoneElse").empty());
  CHECK(store.transcript_of("wechat:oOwner_0001").size() == 2);
  CHECK(store.transcript_of("wechat:oDuringTheSwitch").size() == 2);
}

TEST_CASE("A plain-mode callback URL used again with another message is refused, and the same delivery retried is answered as before",
          "[server][wechat][replay]") {
  scratch_dir dir("replay-plain");
  const std::string db = dir.file("bot.db");
  server_process server(db, official_account::plain_env());
  official_account platform(server.port(), false);
  const std::string url = platform.plain_target();  // one timestamp, one nonce, one signature
  const std::string delivery = platform.message_xml("1", "42001");

  auto first = http_request(server.port(), http::verb::post, url, delivery);
  REQUIRE(first.result() == http::status::ok);
  const std::string reply = platform.content_of(first.body());
  CHECK(reply.find("企业的名称") != std::string::npos);

  // The platform's retry: the same URL and the same body.
  auto retry = http_request(server.port(), http::verb::post, url, delivery);
  REQUIRE(retry.result() == http::status::ok);
  CHECK(platform.content_of(retry.body()) == reply);

  // The URL from a log, with a message of someone else's making: as the owner, and as another openid.
  auto as_owner = http_request(server.port(), http::verb::post, url, platform.message_xml("南昌小吃店", "42002"));
  CHECK(as_owner.result() == http::status::forbidden);
  official_account impostor(server.port(), false);
  impostor.open_id = "oVictim";
  auto as_victim = http_request(server.port(), http::verb::post, url, impostor.message_xml("1", "42003"));
  CHECK(as_victim.result() == http::status::forbidden);
  CHECK(rejected(server.port(), "wechat_replayed_nonce") == 2);

  // The owner's next message, under a URL of its own, goes on where the conversation was.
  CHECK(platform.say("南昌小吃店").find("统一社会信用代码") != std::string::npos);
  server.stop();
  storage::sqlite_store store(db);
  CHECK(store.transcript_of("wechat:oOwner_0001").size() == 4);  // two turns: the first (once) and the last
  CHECK(store.transcript_of("wechat:oVictim").empty());
}

TEST_CASE("WeCom: a signed timestamp and nonce with another encrypted message are refused, and a retried delivery is answered",
          "[server][wecom][replay]") {
  scratch_dir dir("replay-wecom");
  const std::string corp_id = "ww1234567890abcdef";
  const std::string token = "wecomtoken", key = "ZYXWVUTSRQPONMLKJIHGFEDCBA0123456789abcdefg";
  server_process server(dir.file("bot.db"), {{"INTAKE_WECOM_TOKEN", token}, {"INTAKE_WECOM_AES_KEY", key}, {"INTAKE_WECOM_CORPID", corp_id}});
  channels::wechat_cipher cipher(key, corp_id);
  const std::string ts = std::to_string(official_account::now()), nonce = "wecom-nonce-1";

  // Each message is signed over its own <Encrypt>: only someone holding the token could send this;
  // the point is that one (timestamp, nonce) carries one message whatever the mode.
  auto envelope_and_target = [&](const std::string& text, const std::string& msg_id) {
    const std::string inner = "<xml><ToUserName><![CDATA[" + corp_id + "]]></ToUserName><FromUserName><![CDATA[lisi]]></FromUserName><CreateTime>" +
                              ts + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + text + "]]></Content><MsgId>" + msg_id +
                              "</MsgId><AgentID>1000002</AgentID></xml>";
    const std::string encrypt = cipher.encrypt(inner);
    return std::pair{"/wecom?msg_signature=" + channels::wechat_signature({token, ts, nonce, encrypt}) + "&timestamp=" + ts + "&nonce=" + nonce,
                     "<xml><ToUserName><![CDATA[" + corp_id + "]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>"};
  };
  auto content_of = [&](const std::string& body) {
    auto envelope = channels::parse_wechat_xml(body);
    REQUIRE(envelope.message);
    auto plain = cipher.decrypt(envelope.message->encrypt);
    REQUIRE(plain);
    auto inner = channels::parse_wechat_xml(*plain);
    REQUIRE(inner.message);
    return inner.message->content;
  };

  const auto [url, body] = envelope_and_target("3", "6001");
  auto first = http_request(server.port(), http::verb::post, url, body);
  REQUIRE(first.result() == http::status::ok);
  const std::string reply = content_of(first.body());
  auto retry = http_request(server.port(), http::verb::post, url, body);
  REQUIRE(retry.result() == http::status::ok);
  CHECK(content_of(retry.body()) == reply);
  // The same message encrypted afresh (another random prefix) is still the same delivery.
  const auto [reencrypted_url, reencrypted_body] = envelope_and_target("3", "6001");
  REQUIRE(reencrypted_body != body);
  CHECK(http_request(server.port(), http::verb::post, reencrypted_url, reencrypted_body).result() == http::status::ok);

  const auto [other_url, other_body] = envelope_and_target("1", "6002");
  CHECK(http_request(server.port(), http::verb::post, other_url, other_body).result() == http::status::forbidden);
  CHECK(rejected(server.port(), "wecom_replayed_nonce") == 1);
  server.stop();
  storage::sqlite_store store(dir.file("bot.db"));
  CHECK(store.transcript_of("wecom:" + corp_id + ":lisi").size() == 2);
}
