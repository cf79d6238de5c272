// End-to-end: the real `intake serve` on 127.0.0.1 (ephemeral port), real SQLite file, real sockets.
// Every test is bounded: socket timeouts, fixed message counts, and the server is stopped at the end.
#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "bot/channels/wechat_cipher.h"
#include "bot/channels/wechat_signature.h"
#include "bot/channels/wechat_xml.h"
#include "bot/server/staff_api.h"
#include "storage/sqlite_store.h"
#include "tests/support/http_client.h"
#include "tests/support/official_account.h"
#include "tests/support/process.h"
#include "tests/support/raw_client_socket.h"
#include "tests/support/report_submission.h"
#include "tests/support/server_process.h"
#include "tests/support/signed_hello.h"
#include "tests/support/ws_client.h"

using namespace intake;
using namespace intake::testing;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using nlohmann::json;

namespace {

const std::vector<std::string> report_answers{"1", "南昌小吃店", "91110000600037341L", "赣", "南昌市东湖区", "做餐饮的", "一千二", "两百", "八百万",
                                              "3", "资金，房租", "1200000元", "店面租金太高，客流只有平时的两成", "无", "李红",
                                              "0791 86123456", "确认"};

}  // namespace

TEST_CASE("A WebSocket client completes a whole difficulty report", "[server][websocket]") {
  scratch_dir dir("server-ws");
  const std::string db = dir.file("bot.db");
  server_process server(db);
  ws_client client(server.port());
  client.send(signed_hello("widget-7", {{"id", "h"}}));
  auto hello = client.receive();
  CHECK(hello["type"] == "reply");
  CHECK(hello["in_reply_to"] == "h");
  CHECK(hello["text"].get<std::string>().find("您好") == 0);
  REQUIRE(hello["options"].size() == 6);  // the report, the three services and the two surveys
  CHECK(hello["options"][0] == json({{"reply", "1"}, {"label", "反映困难诉求"}}));
  json last;
  for (std::size_t i = 0; i < report_answers.size(); ++i) last = client.say(report_answers[i], std::to_string(i).insert(0, 1, 'm'));
  CHECK(last["in_reply_to"] == "m16");
  CHECK(last["text"].get<std::string>().find("提交成功") == 0);
  server.stop();
  storage::sqlite_store store(db);
  const auto reports = store.all_reports();
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].channel == "websocket");
  CHECK(reports[0].user_id == "ws:widget-7");
  CHECK(store.transcript_of("ws:widget-7").front().channel == "websocket");
}

TEST_CASE("Malformed WebSocket frames get an error frame and the conversation survives", "[server][websocket]") {
  scratch_dir dir("server-ws-bad");
  server_process server(dir.file("bot.db"));
  ws_client client(server.port());
  client.send_raw("this is not json");
  CHECK(client.receive()["code"] == "bad_json");
  client.send({{"type", "message"}, {"text", "1"}});
  CHECK(client.receive()["code"] == "no_hello");
  client.send(signed_hello("widget-8"));
  client.receive();
  client.send({{"type", "message"}, {"text", 42}, {"id", "x"}});
  auto refused = client.receive();
  CHECK(refused["code"] == "bad_message");
  CHECK(refused["in_reply_to"] == "x");
  CHECK(client.say("1")["text"].get<std::string>().find("逐项填写") != std::string::npos);
  // Invalid UTF-8 in a text frame fails the connection (RFC 6455, close code 1007); the conversation
  // itself survives and goes on from a new connection.
  client.send_raw("{\"type\":\"message\",\"text\":\"\xff\"}");
  beast::flat_buffer buffer;
  boost::system::error_code error;
  client.stream().read(buffer, error);
  CHECK(error);
  CHECK(client.stream().reason().code == websocket::close_code::bad_payload);
  ws_client again(server.port());
  again.send(signed_hello("widget-8"));
  CHECK(again.receive()["text"].get<std::string>().find("欢迎回来") == 0);
  CHECK(again.say("南昌小吃店")["text"].get<std::string>().find("统一社会信用代码") != std::string::npos);
}

TEST_CASE("A WebSocket frame over 16 KiB closes the connection with code 1009", "[server][websocket]") {
  scratch_dir dir("server-ws-big");
  server_process server(dir.file("bot.db"));
  ws_client client(server.port());
  client.send(signed_hello("widget-9"));
  client.receive();
  client.send({{"type", "message"}, {"text", std::string(20 * 1024, 'a')}});
  beast::flat_buffer buffer;
  boost::system::error_code error;
  client.stream().read(buffer, error);
  CHECK(error);
  CHECK(client.stream().reason().code == websocket::close_code::too_big);
  // Other clients are still served.
  ws_client other(server.port());
  other.send(signed_hello("widget-10"));
  CHECK(other.receive()["type"] == "reply");
}

TEST_CASE("A WebSocket client that never reads is disconnected and others are not held up", "[server][websocket]") {
  scratch_dir dir("server-ws-slow");
  server_process server(dir.file("bot.db"));
  ws_client slow(server.port(), 4096);
  slow.send(signed_hello("slow-reader"));
  for (const char* answer : {"1", "南昌小吃店", "91110000600037341L", "赣", "南昌市"}) slow.send({{"type", "message"}, {"text", answer}});
  // At the industry question every 帮助 is answered with about 1.5 KB. Never read: once the socket
  // buffers are full the server's write queue fills, and it drops the connection rather than
  // buffering without end.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  bool write_failed = false;
  for (int i = 0; i < 8000 && !write_failed && std::chrono::steady_clock::now() < deadline; ++i) {
    boost::system::error_code error;
    beast::get_lowest_layer(slow.stream()).expires_after(std::chrono::seconds(2));
    slow.stream().write(asio::buffer(json{{"type", "message"}, {"text", "帮助"}}.dump()), error);
    write_failed = static_cast<bool>(error);
  }
  bool dropped = false;
  while (!dropped && std::chrono::steady_clock::now() < deadline) {
    dropped = http_request(server.port(), http::verb::get, "/metrics").body().find("reason=\"ws_slow_consumer\"") != std::string::npos;
    if (!dropped) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(dropped);
  const auto started = std::chrono::steady_clock::now();
  ws_client other(server.port());
  other.send(signed_hello("fast-reader"));
  CHECK(other.receive()["type"] == "reply");
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
}

TEST_CASE("A simulated Official Account in safe mode completes a report over /wechat", "[server][wechat]") {
  scratch_dir dir("server-wechat");
  const std::string db = dir.file("bot.db");
  server_process server(db, official_account::env());
  official_account platform(server.port(), true);
  auto subscribe = platform.post("<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[" + platform.open_id +
                                 "]]></FromUserName><CreateTime>" + std::to_string(official_account::now()) +
                                 "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>");
  REQUIRE(subscribe.result() == http::status::ok);
  CHECK(platform.content_of(subscribe.body()).find("您好") == 0);
  std::string last;
  for (const auto& answer : report_answers) last = platform.say(answer);
  CHECK(last.find("提交成功") == 0);
  server.stop();
  storage::sqlite_store store(db);
  REQUIRE(store.all_reports().size() == 1);
  CHECK(store.all_reports()[0].user_id == "wechat:oOwner_0001");
  CHECK(store.all_reports()[0].channel == "wechat");
}

TEST_CASE("A retried WeChat delivery gets the same reply and is processed once, also after a restart", "[server][wechat]") {
  scratch_dir dir("server-dup");
  const std::string db = dir.file("bot.db");
  std::string first_reply;
  {
    server_process server(db, official_account::plain_env());
    official_account platform(server.port(), false);
    const std::string message = platform.message_xml("1", "777001");
    auto first = platform.post(message);
    REQUIRE(first.result() == http::status::ok);
    first_reply = platform.content_of(first.body());
    // The platform's retry storm: the same MsgId, concurrently.
    std::vector<std::thread> retries;
    std::vector<std::string> replies(8);
    for (int i = 0; i < 8; ++i)
      retries.emplace_back([&, i] {
        const std::string timestamp = std::to_string(official_account::now());
        const std::string nonce = std::to_string(i).insert(0, 1, 'r');
        const std::string target = "/wechat?timestamp=" + timestamp + "&nonce=" + nonce +
                                   "&signature=" + channels::wechat_signature({official_account::token, timestamp, nonce});
        replies[i] = http_request(server.port(), http::verb::post, target, message).body();
      });
    for (auto& thread : retries) thread.join();
    for (const auto& reply : replies) CHECK(platform.content_of(reply) == first_reply);
    auto metrics = http_request(server.port(), http::verb::get, "/metrics").body();
    CHECK(metrics.find("intake_duplicate_deliveries_total 8") != std::string::npos);
  }
  server_process restarted(db, official_account::plain_env());
  official_account platform(restarted.port(), false);
  CHECK(platform.content_of(platform.post(platform.message_xml("1", "777001")).body()) == first_reply);
  restarted.stop();
  storage::sqlite_store store(db);
  CHECK(store.transcript_of("wechat:oOwner_0001").size() == 2);  // one turn: one line in, one out
}

TEST_CASE("A staff reply written by another process reaches a WeChat owner's next turn, once", "[server][wechat][staff]") {
  scratch_dir dir("server-stale");
  server_process server(dir.file("bot.db"), official_account::plain_env());
  official_account platform(server.port(), false);
  REQUIRE_FALSE(platform.say("菜单").empty());
  REQUIRE_FALSE(platform.say("帮助").empty());
  // The server keeps this conversation in memory between turns; the CLI changes it underneath.
  REQUIRE(run_intake({"reply", "wechat:oOwner_0001", "请带上营业执照", "--by", "王科长", "--db", "bot.db"}, "", dir).exit_code == 0);
  CHECK(platform.say("菜单").find("工作人员王科长回复您：请带上营业执照") != std::string::npos);
  CHECK(platform.say("菜单").find("王科长") == std::string::npos);
  const auto metrics = http_request(server.port(), http::verb::get, "/metrics").body();
  CHECK(metrics.find("intake_stale_turns_total 1\n") != std::string::npos);
}

TEST_CASE("Wrong signatures, stale timestamps, oversize and malformed bodies are refused and nothing is processed", "[server][wechat]") {
  scratch_dir dir("server-refuse");
  const std::string db = dir.file("bot.db");
  std::ofstream(dir.file("intake.json")) << R"({"wechat": {"mode": "compatible"}})";  // plain and safe deliveries both
  server_process server(db, official_account::env(), dir.file("intake.json"));
  official_account plain(server.port(), false), safe(server.port(), true);
  CHECK(plain.post(plain.message_xml("1", "1"), 0, "0000000000000000000000000000000000000000").result() == http::status::forbidden);
  CHECK(safe.post(safe.message_xml("1", "2"), 0, "0000000000000000000000000000000000000000").result() == http::status::forbidden);
  CHECK(plain.post(plain.message_xml("1", "3"), official_account::now() - 3600).result() == http::status::forbidden);
  auto forbidden = plain.post(plain.message_xml("1", "1"), 0, "bad");
  CHECK(forbidden.body().find("intake") == std::string::npos);
  CHECK(plain.post(std::string(300 * 1024, 'x')).result() == http::status::payload_too_large);
  CHECK(plain.post("<xml><ToUserName>").result() == http::status::bad_request);
  CHECK(plain.post("<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><Content>&x;</Content></xml>").result() ==
        http::status::bad_request);
  CHECK(plain.post("<xml><Content>\xff\xfe</Content></xml>").result() == http::status::bad_request);
  const std::string ts = std::to_string(official_account::now());
  CHECK(http_request(server.port(), http::verb::get, "/wechat?signature=bad&timestamp=" + ts + "&nonce=n&echostr=e").result() ==
        http::status::forbidden);
  auto verified = http_request(server.port(), http::verb::get,
                               "/wechat?signature=" + channels::wechat_signature({official_account::token, ts, "n"}) + "&timestamp=" + ts +
                                   "&nonce=n&echostr=echo123");
  CHECK(verified.result() == http::status::ok);
  CHECK(verified.body() == "echo123");
  CHECK(http_request(server.port(), http::verb::get, "/wecom?msg_signature=x").result() == http::status::not_found);  // channel off
  CHECK(http_request(server.port(), http::verb::get, "/healthz").body() == "ok\n");
  server.stop();
  storage::sqlite_store store(db);
  CHECK(store.transcript_of("wechat:oOwner_0001").empty());
}

TEST_CASE("Images get a polite text-only reply and a long reply is paged with 更多", "[server][wechat]") {
  scratch_dir dir("server-more");
  server_process server(dir.file("bot.db"), official_account::plain_env());
  official_account platform(server.port(), false);
  auto image = platform.post("<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[" + platform.open_id +
                             "]]></FromUserName><CreateTime>" + std::to_string(official_account::now()) +
                             "</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://example/x.jpg]]></PicUrl><MsgId>9</MsgId></xml>");
  CHECK(platform.content_of(image.body()).find("只能处理文字消息") != std::string::npos);
  platform.say("1");
  for (const char* answer : {"南昌小吃店", "91110000600037341L", "赣", "南昌市东湖区", "做餐饮的", "一千二", "两百", "八百万", "3", "1 2 3 4 5 6 7 8 9 10 11", "50", "12"}) platform.say(answer);
  std::string description = "店面租金太高", help;
  for (int i = 0; i < 120; ++i) description += "客流很少";  // 486 characters, 1458 bytes
  for (int i = 0; i < 100; ++i) help += "续贷";
  platform.say(description);
  platform.say(help);
  platform.say("李红");
  const std::string summary = platform.say("0791 86123456");
  CHECK(summary.size() <= 2048);
  CHECK(summary.find("回复“更多”") != std::string::npos);
  const std::string more = platform.say("更多");
  CHECK(more.find("确认无误") != std::string::npos);
  CHECK(platform.say("确认").find("提交成功") == 0);
}

TEST_CASE("WeCom: encrypted URL verification, encrypted messages and replies, and the CorpID checked", "[server][wecom]") {
  scratch_dir dir("server-wecom");
  const std::string corp_id = "ww1234567890abcdef";
  const std::string token = "wecomtoken", key = "ZYXWVUTSRQPONMLKJIHGFEDCBA0123456789abcdefg";
  server_process server(dir.file("bot.db"), {{"INTAKE_WECOM_TOKEN", token}, {"INTAKE_WECOM_AES_KEY", key}, {"INTAKE_WECOM_CORPID", corp_id}});
  channels::wechat_cipher cipher(key, corp_id), stranger(key, "ww_someone_else");
  const std::string ts = std::to_string(official_account::now());

  const std::string echostr = cipher.encrypt("1616140317555161061");
  std::string escaped;  // the platform percent-encodes + / = in the query
  for (char c : echostr) escaped += c == '+' ? "%2B" : c == '/' ? "%2F" : c == '=' ? "%3D" : std::string(1, c);
  auto verified = http_request(server.port(), http::verb::get,
                               "/wecom?msg_signature=" + channels::wechat_signature({token, ts, "n1", echostr}) + "&timestamp=" + ts +
                                   "&nonce=n1&echostr=" + escaped);
  CHECK(verified.result() == http::status::ok);
  CHECK(verified.body() == "1616140317555161061");

  auto post = [&](const channels::wechat_cipher& with, const std::string& text, const std::string& msg_id) {
    const std::string inner = "<xml><ToUserName><![CDATA[" + corp_id + "]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>" +
                              ts + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + text + "]]></Content><MsgId>" + msg_id +
                              "</MsgId><AgentID>1000002</AgentID></xml>";
    const std::string encrypt = with.encrypt(inner);
    return http_request(server.port(), http::verb::post,
                        "/wecom?msg_signature=" + channels::wechat_signature({token, ts, "n2", encrypt}) + "&timestamp=" + ts + "&nonce=n2",
                        "<xml><ToUserName><![CDATA[" + corp_id + "]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[" +
                            encrypt + "]]></Encrypt></xml>");
  };
  auto reply = post(cipher, "3", "5001");
  REQUIRE(reply.result() == http::status::ok);
  auto envelope = channels::parse_wechat_xml(reply.body());
  REQUIRE(envelope.message);
  CHECK(envelope.message->fields.at("MsgSignature") ==
        channels::wechat_signature({token, envelope.message->fields.at("TimeStamp"), envelope.message->fields.at("Nonce"), envelope.message->encrypt}));
  auto plain = cipher.decrypt(envelope.message->encrypt);
  REQUIRE(plain);
  auto inner = channels::parse_wechat_xml(*plain);
  REQUIRE(inner.message);
  CHECK(inner.message->to_user == "zhangsan");
  CHECK(inner.message->content.find("政策问题") != std::string::npos);
  CHECK(post(stranger, "1", "5002").result() == http::status::bad_request);  // another CorpID's message
}

TEST_CASE("Menu clicks map to flows through the configuration file", "[server][wechat]") {
  scratch_dir dir("server-click");
  std::ofstream(dir.file("intake.json")) << R"({"wechat": {"menu_keys": {"MENU_POLICY": "政策咨询"}}})";
  server_process server(dir.file("bot.db"), official_account::plain_env(), dir.file("intake.json"));
  official_account platform(server.port(), false);
  auto click = platform.post("<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[" + platform.open_id +
                             "]]></FromUserName><CreateTime>" + std::to_string(official_account::now()) +
                             "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[MENU_POLICY]]></EventKey></xml>");
  CHECK(platform.content_of(click.body()).find("政策问题") != std::string::npos);
  auto unknown = platform.post("<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[" + platform.open_id +
                               "]]></FromUserName><CreateTime>" + std::to_string(official_account::now() + 1) +
                               "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[VIEW]]></Event><EventKey><![CDATA[http://x]]></EventKey></xml>");
  CHECK(unknown.body() == "success");
}

TEST_CASE("SIGTERM stops the server cleanly after the turns in flight are committed", "[server]") {
  scratch_dir dir("server-stop");
  const std::string db = dir.file("bot.db");
  server_process server(db);
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c)
    clients.emplace_back([&, c] {
      ws_client client(server.port());
      client.send(signed_hello("stopper-" + std::to_string(c)));
      client.receive();
      for (int i = 0; i < 20; ++i) client.say(i % 2 ? "帮助" : "菜单");
    });
  for (auto& thread : clients) thread.join();
  CHECK(server.stop() == 0);
  storage::sqlite_store store(db);
  CHECK(store.integrity_check() == "ok");
  for (int c = 0; c < 4; ++c) CHECK(store.transcript_of("ws:stopper-" + std::to_string(c)).size() == 41);
}

TEST_CASE("A status change and a staff reply are pushed at once to an owner connected over WebSocket", "[server][websocket][staff]") {
  scratch_dir dir("server-push");
  server_process server(dir.file("bot.db"));
  ws_client client(server.port());
  client.send(signed_hello("pushed-owner"));
  client.receive();
  json last;
  for (const auto& answer : report_answers) last = client.say(answer);
  REQUIRE(last["text"].get<std::string>().find("提交成功") == 0);
  const std::string text = last["text"];
  const std::string ticket = text.substr(text.find('R'), 16);
  REQUIRE(run_intake({"reports", "set-status", ticket, "accepted", "--note", "三天内联系您", "--by", "王", "--db", "bot.db"}, "", dir).exit_code == 0);
  auto pushed = client.receive();  // bounded by the client's 10 s read deadline
  CHECK(pushed["type"] == "push");
  CHECK(pushed["text"].get<std::string>().find("办理状态更新为：已受理") != std::string::npos);
  CHECK(pushed["text"].get<std::string>().find("三天内联系您") != std::string::npos);
  REQUIRE(run_intake({"reply", "ws:pushed-owner", "您好，我们已联系银行", "--by", "王科长", "--db", "bot.db"}, "", dir).exit_code == 0);
  auto reply = client.receive();
  CHECK(reply["type"] == "push");
  CHECK(reply["text"] == "工作人员王科长回复您：您好，我们已联系银行");
  // Delivered once: the next answer carries no repeat.
  CHECK(client.say("菜单")["text"].get<std::string>().find("王科长") == std::string::npos);
}

namespace {

http::response<http::string_body> api(unsigned short port, http::verb verb, const std::string& target, const std::string& token,
                                      const std::string& body = "") {
  // No token at all: send a request without the header, like a stranger would.
  if (token.empty()) return http_request(port, verb, target, body);
  return http_request(port, verb, target, body, token);
}

// A server with one staff member (王科长) and an owner connected over /ws who has submitted a report.
struct api_with_a_report {
  static constexpr const char* token = "token-of-wang-0123456789";
  explicit api_with_a_report(const scratch_dir& dir, const std::map<std::string, std::string>& env = {})
      : config_written(write_config(dir)), server(dir.file("bot.db"), env, dir.file("intake.json")), client(server.port()) {
    client.send(signed_hello("api-owner"));
    client.receive();
    json last;
    for (const auto& answer : report_answers) last = client.say(answer);
    const std::string text = last["text"];
    ticket = text.substr(text.find('R'), 16);
  }
  static bool write_config(const scratch_dir& dir) {
    std::ofstream(dir.file("intake.json")) << json{{"staff", {{{"name", "王科长"}, {"token_sha256", server::staff_api::hash_token(token)}}}}}.dump();
    return true;
  }
  bool config_written;
  server_process server;
  ws_client client;
  std::string ticket;
};

}  // namespace

TEST_CASE("The staff API needs a configured bearer token, masks lists, records who did what and who looked", "[server][api]") {
  scratch_dir dir("server-api");
  api_with_a_report setup(dir);
  const std::string token = setup.token, db = dir.file("bot.db"), ticket = setup.ticket;
  auto& server = setup.server;
  auto& client = setup.client;

  CHECK(api(server.port(), http::verb::get, "/api/reports", "").result() == http::status::unauthorized);
  auto wrong = api(server.port(), http::verb::get, "/api/reports", "not-the-token");
  CHECK(wrong.result() == http::status::unauthorized);
  CHECK(wrong.body() == "{\"error\":\"unauthorized\"}\n");

  auto listed = api(server.port(), http::verb::get, "/api/reports?province=%E6%B1%9F%E8%A5%BF%E7%9C%81&per_page=10", token);
  REQUIRE(listed.result() == http::status::ok);
  auto page = json::parse(listed.body());
  CHECK(page["total"] == 1);
  CHECK(page["reports"][0]["contact_phone"] == "0791-****3456");
  CHECK(page["reports"][0]["credit_code"] == "911100**********1L");
  CHECK(json::parse(api(server.port(), http::verb::get, "/api/reports?status=closed", token).body())["total"] == 0);

  auto shown = json::parse(api(server.port(), http::verb::get, "/api/reports/" + ticket, token).body());
  CHECK(shown["report"]["contact_phone"] == "0791-86123456");
  CHECK(shown["history"].size() == 1);
  CHECK(shown["transcript"].size() == 2 * (report_answers.size() + 1) - 1);

  auto moved = api(server.port(), http::verb::post, "/api/reports/" + ticket + "/status", token, R"({"status":"accepted","note":"已受理"})");
  CHECK(moved.result() == http::status::ok);
  CHECK(api(server.port(), http::verb::post, "/api/reports/" + ticket + "/status", token, R"({"status":"new"})").result() == http::status::conflict);
  CHECK(api(server.port(), http::verb::post, "/api/reports/" + ticket + "/status", token, "not json").result() == http::status::bad_request);
  CHECK(client.receive()["text"].get<std::string>().find("已受理") != std::string::npos);  // pushed to the owner

  CHECK(api(server.port(), http::verb::post, "/api/replies", token, R"({"user":"ws:api-owner","text":"请补充材料"})").result() == http::status::ok);
  CHECK(client.receive()["text"] == "工作人员王科长回复您：请补充材料");
  auto found = json::parse(api(server.port(), http::verb::get, "/api/search?q=%E8%A1%A5%E5%85%85%E6%9D%90%E6%96%99", token).body());  // 补充材料
  // The staff member's line; the line that delivered it to the owner is the bot's and not indexed.
  REQUIRE(found["lines"].size() == 1);
  CHECK(found["lines"][0]["actor"] == "王科长");
  CHECK(found["lines"][0]["channel"] == "staff");
  auto stats = json::parse(api(server.port(), http::verb::get, "/api/stats", token).body());
  CHECK(stats["by_province"].size() == 2);
  CHECK(stats["median_hours_to_acceptance"].is_number());
  CHECK(json::parse(api(server.port(), http::verb::get, "/api/handoffs", token).body())["waiting"].empty());
  CHECK(api(server.port(), http::verb::get, "/api/nothing", token).result() == http::status::not_found);
  server.stop();

  storage::sqlite_store store(db);
  CHECK(store.report_history(ticket).back().actor == "王科长");
  SQLite::Database raw(db);
  CHECK(raw.execAndGet("SELECT actor || ' ' || action || ' ' || target FROM access_log").getString() == "王科长 show_report " + ticket);
}

TEST_CASE("The staff API pages the list by the cursor each page gives and refuses pages it would have to read deep for", "[server][api][paging]") {
  scratch_dir dir("server-api-paging");
  api_with_a_report setup(dir);
  const std::string token = setup.token;
  const unsigned short port = setup.server.port();
  {  // two more reports, kept by another process as the server runs
    storage::sqlite_store store(dir.file("bot.db"));
    for (const std::string ticket : {"R20200301-AAAAAA", "R20200302-BBBBBB"}) {
      storage::report_record report;
      report.ticket = report.form_id = ticket;
      report.user_id = "owner-" + ticket;
      report.channel = "terminal";
      report.created_at_ms = ticket.back() == 'A' ? 1583020800000 : 1583107200000;
      report.flow_id = "report";
      report.flow_version = "v1";
      REQUIRE(submit_report(store, report) == storage::commit_outcome::kept);
    }
  }
  std::vector<std::string> walked;
  std::string path = "/api/reports?per_page=1";
  for (int pages = 0; pages < 5; ++pages) {
    const auto response = api(port, http::verb::get, path, token);
    REQUIRE(response.result() == http::status::ok);
    const auto page = json::parse(response.body());
    CHECK(page["total"] == 3);
    CHECK(page["total_exact"] == true);
    REQUIRE(page["reports"].size() == 1);
    walked.push_back(page["reports"][0]["ticket"]);
    if (page["next"].is_null()) break;
    path = "/api/reports?per_page=1&after=" + page["next"].get<std::string>();
  }
  // Newest first: the report just made over /ws, then March 2nd, then March 1st.
  REQUIRE(walked.size() == 3);
  CHECK(walked[0] == setup.ticket);
  CHECK(walked[1] == "R20200302-BBBBBB");
  CHECK(walked[2] == "R20200301-AAAAAA");
  CHECK(json::parse(api(port, http::verb::get, "/api/reports?per_page=1&page=3", token).body())["reports"][0]["ticket"] == "R20200301-AAAAAA");

  CHECK(api(port, http::verb::get, "/api/reports?after=not-a-cursor", token).result() == http::status::bad_request);
  CHECK(api(port, http::verb::get, "/api/reports?after=1583020800000.R%27%20OR%201%3D1", token).result() == http::status::bad_request);
  const auto deep = api(port, http::verb::get, "/api/reports?per_page=200&page=51", token);
  CHECK(deep.result() == http::status::bad_request);
  CHECK(json::parse(deep.body())["error"].get<std::string>().find("next") != std::string::npos);
}

TEST_CASE("The staff API sends the list's reports as a download with the list's filters and leaves no file behind", "[server][api][export]") {
  scratch_dir dir("server-api-export");
  const std::string spool = dir.file("spool");
  std::filesystem::create_directories(spool);
  api_with_a_report setup(dir, {{"TMPDIR", spool}});
  const std::string token = setup.token;
  const unsigned short port = setup.server.port();
  const std::string jiangxi = "province=%E6%B1%9F%E8%A5%BF";  // 江西

  const auto csv = api(port, http::verb::get, "/api/reports/export?format=csv&" + jiangxi, token);
  REQUIRE(csv.result() == http::status::ok);
  CHECK(csv[http::field::content_type] == "text/csv; charset=utf-8");
  CHECK(csv[http::field::content_disposition].starts_with("attachment; filename=\"reports-"));
  CHECK(csv[http::field::content_disposition].ends_with(".csv\""));
  CHECK(csv[http::field::cache_control] == "no-store");
  CHECK(csv.body().rfind("\xEF\xBB\xBF受理编号,", 0) == 0);
  CHECK(csv.body().find(setup.ticket + ",待受理,") != std::string::npos);
  CHECK(csv.body().find("0791-86123456") != std::string::npos);  // an export is whole, and logged

  const auto listed = json::parse(api(port, http::verb::get, "/api/reports/export?" + jiangxi, token).body());  // JSON by default
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["contact_phone"] == "0791-86123456");
  CHECK(json::parse(api(port, http::verb::get, "/api/reports/export?province=%E6%B9%96%E5%8D%97", token).body()).empty());  // 湖南

  const auto workbook = api(port, http::verb::get, "/api/reports/export?format=xlsx", token);
  REQUIRE(workbook.result() == http::status::ok);
  CHECK(workbook[http::field::content_type] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  CHECK(workbook.body().rfind("PK\x03\x04", 0) == 0);
  CHECK(workbook.body().size() == std::stoul(std::string(workbook[http::field::content_length])));

  CHECK(api(port, http::verb::get, "/api/reports/export?format=pdf", token).result() == http::status::bad_request);
  CHECK(api(port, http::verb::get, "/api/reports/export?format=csv", "").result() == http::status::unauthorized);
  {  // a submission of another form, kept by another process as the server runs
    storage::sqlite_store store(dir.file("bot.db"));
    storage::report_record labour;
    labour.ticket = labour.form_id = "YG20200301-AAAAAA";
    labour.user_id = "owner-labour";
    labour.channel = "terminal";
    labour.created_at_ms = 1583020800000;
    labour.flow_id = "labour_needs";
    labour.flow_version = "v1";
    REQUIRE(submit_report(store, labour) == storage::commit_outcome::kept);
  }
  const auto mixed = api(port, http::verb::get, "/api/reports/export?format=csv", token);
  CHECK(mixed.result() == http::status::bad_request);  // a CSV is one table
  CHECK(json::parse(mixed.body())["error"].get<std::string>().find("labour_needs") != std::string::npos);
  const auto labour = api(port, http::verb::get, "/api/reports/export?format=csv&flow=labour_needs", token);
  REQUIRE(labour.result() == http::status::ok);
  CHECK(labour.body().find("YG20200301-AAAAAA") != std::string::npos);
  CHECK(labour.body().find(setup.ticket) == std::string::npos);

  CHECK(std::filesystem::is_empty(spool));  // every file written for a download is gone
  setup.server.stop();
  SQLite::Database raw(dir.file("bot.db"));
  SQLite::Statement logged(raw, "SELECT actor || ' ' || action || ' ' || target FROM access_log ORDER BY id");
  std::vector<std::string> entries;
  while (logged.executeStep()) entries.push_back(logged.getColumn(0).getString());
  CHECK(entries == std::vector<std::string>{"王科长 export_reports csv 1 report(s)", "王科长 export_reports json 1 report(s)",
                                            "王科长 export_reports json 0 report(s)", "王科长 export_reports xlsx 1 report(s)",
                                            "王科长 export_reports csv 1 report(s)"});
}

TEST_CASE("The staff API lists unanswered policy questions and staff decide on them, and the bot follows at once", "[server][api][faq]") {
  scratch_dir dir("server-api-faq-review");
  api_with_a_report setup(dir);
  const std::string token = setup.token;
  const unsigned short port = setup.server.port();
  auto& owner = setup.client;
  owner.say("菜单");
  owner.say("3");
  CHECK(owner.say("怎么注册一家公司")["text"].get<std::string>().find("没有找到") != std::string::npos);
  const auto listed = json::parse(api(port, http::verb::get, "/api/faq/unanswered", token).body());
  REQUIRE(listed["unanswered"].size() == 1);
  CHECK(listed["unanswered"][0]["question"] == "怎么注册一家公司");
  CHECK(api(port, http::verb::post, "/api/faq/attach", token, R"({"question":"怎么注册一家公司","entry_id":"nope"})").result() ==
        http::status::bad_request);
  CHECK(api(port, http::verb::post, "/api/faq/attach", token, R"({"question":"怎么注册一家公司"})").result() == http::status::bad_request);
  const auto attached = api(port, http::verb::post, "/api/faq/attach", token, R"({"question":"怎么注册一家公司","entry_id":"jx1-17-free-cloud"})");
  REQUIRE(attached.result() == http::status::ok);
  CHECK(json::parse(attached.body())["by"] == "王科长");
  CHECK(json::parse(api(port, http::verb::get, "/api/faq/unanswered", token).body())["unanswered"].empty());
  CHECK(owner.say("怎么注册一家公司")["text"].get<std::string>().find("第十七条") != std::string::npos);
  REQUIRE(api(port, http::verb::post, "/api/faq/out-of-scope", token, R"({"question":"怎么注册一家公司"})").result() == http::status::ok);
  CHECK(owner.say("怎么注册一家公司")["text"].get<std::string>().find("没有找到") != std::string::npos);
  CHECK(json::parse(api(port, http::verb::get, "/api/faq/unanswered", token).body())["unanswered"].empty());
  // A decision made by another process (the CLI) reaches the running server within seconds.
  REQUIRE(run_intake({"faq", "attach", "怎么注册一家公司", "gxb14-07-procurement", "--by", "李", "--db", "bot.db"}, "", dir).exit_code == 0);
  bool followed = false;
  for (int attempt = 0; attempt < 25 && !followed; ++attempt) {
    followed = owner.say("怎么注册一家公司")["text"].get<std::string>().find("工信明电") != std::string::npos;
    if (!followed) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  CHECK(followed);
}

TEST_CASE("The staff API answers 404 for nobody, 409 for a case that cannot move, 400 for an unknown status, and finds by folded text",
          "[server][api]") {
  scratch_dir dir("server-api-errors");
  api_with_a_report setup(dir);
  const std::string token = setup.token, ticket = setup.ticket;
  auto& client = setup.client;
  const unsigned short port = setup.server.port();
  auto error_of = [](const http::response<http::string_body>& response) { return json::parse(response.body())["error"].get<std::string>(); };

  auto nobody = api(port, http::verb::post, "/api/replies", token, R"({"user":"ws:nobody","text":"您好"})");
  CHECK(nobody.result() == http::status::not_found);
  CHECK(error_of(nobody).find("ws:nobody") != std::string::npos);
  CHECK(api(port, http::verb::post, "/api/replies", token, R"({"ticket":"R20200101-ZZZZZZ","text":"您好"})").result() == http::status::not_found);
  CHECK(api(port, http::verb::post, "/api/replies", token, R"({"user":"ws:api-owner","text":""})").result() == http::status::bad_request);
  auto to_ticket = api(port, http::verb::post, "/api/replies", token, json{{"ticket", ticket}, {"text", "请补充营业执照"}}.dump());
  CHECK(to_ticket.result() == http::status::ok);
  CHECK(json::parse(to_ticket.body())["user"] == "ws:api-owner");
  // A reply on the ticket opens the case's thread: the owner is told how to answer.
  CHECK(client.receive()["text"].get<std::string>().find("工作人员王科长回复您：请补充营业执照\n如需回复工作人员，直接发消息即可") == 0);

  CHECK(api(port, http::verb::post, "/api/handoffs/ws:nobody/close", token).result() == http::status::not_found);
  CHECK(api(port, http::verb::post, "/api/handoffs/ws:api-owner/close", token).result() == http::status::conflict);  // not waiting
  CHECK(api(port, http::verb::get, "/api/transcripts/ws:nobody", token).result() == http::status::not_found);
  CHECK(api(port, http::verb::get, "/api/transcripts/" + ticket, token).result() == http::status::ok);
  CHECK(api(port, http::verb::get, "/api/reports/R20200101-ZZZZZZ", token).result() == http::status::not_found);
  CHECK(api(port, http::verb::post, "/api/reports/R20200101-ZZZZZZ/status", token, R"({"status":"accepted"})").result() ==
        http::status::not_found);
  CHECK(api(port, http::verb::post, "/api/reports/" + ticket + "/status", token, R"({"status":"done"})").result() == http::status::bad_request);

  auto total = [&](const std::string& query) {
    auto response = api(port, http::verb::get, "/api/reports?" + query, token);
    return response.result() == http::status::ok ? json::parse(response.body())["total"].get<int>() : -static_cast<int>(response.result_int());
  };
  CHECK(total("status=bogus") == -400);
  CHECK(total("status=%E5%BE%85%E5%8F%97%E7%90%86") == 1);  // 待受理
  CHECK(total("status=new") == 1);
  CHECK(total("city=%E5%8D%97%E6%98%8C") == 1);          // 南昌
  CHECK(total("city=%E5%8D%97%E6%98%8C%E5%B8%82") == 1);  // 南昌市
  CHECK(total("from=2020-13-45") == -400);

  // Closed by mistake: reopened with a note, which the owner sees.
  CHECK(api(port, http::verb::post, "/api/reports/" + ticket + "/status", token, R"({"status":"accepted"})").result() == http::status::ok);
  client.receive();
  CHECK(api(port, http::verb::post, "/api/reports/" + ticket + "/status", token, R"({"status":"已办结","note":"已办结"})").result() ==
        http::status::ok);
  client.receive();
  CHECK(api(port, http::verb::post, "/api/reports/" + ticket + "/reopen", token, R"({})").result() == http::status::conflict);  // why?
  auto reopened = api(port, http::verb::post, "/api/reports/" + ticket + "/reopen", token, R"({"note":"误点办结"})");
  CHECK(reopened.result() == http::status::ok);
  CHECK(json::parse(reopened.body())["status"] == "in_progress");
  CHECK(client.receive()["text"].get<std::string>().find("误点办结") != std::string::npos);

  // Transcripts and searches show what owners typed, phones included: who looked is logged.
  REQUIRE(api(port, http::verb::get, "/api/search?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7", token).result() == http::status::ok);  // 营业执照
  SQLite::Database raw(dir.file("bot.db"));
  SQLite::Statement rows(raw, "SELECT actor || ' ' || action || ' ' || target FROM access_log WHERE action <> 'show_report' ORDER BY id");
  std::vector<std::string> logged;
  while (rows.executeStep()) logged.push_back(rows.getColumn(0).getString());
  CHECK(logged == std::vector<std::string>{"王科长 show_transcript ws:api-owner", "王科长 search_transcript 营业执照"});
}

namespace {

// Reads a staff event stream until `wanted` has arrived or the socket's 5 s timeout passes.
std::string read_events_until(int fd, const std::string& wanted, std::string& seen) {
  char buffer[4096];
  while (seen.find(wanted) == std::string::npos) {
    const auto got = ::recv(fd, buffer, sizeof buffer, 0);
    if (got <= 0) break;
    seen.append(buffer, static_cast<std::size_t>(got));
  }
  return seen;
}

}  // namespace

TEST_CASE("An owner answers a staff note on the case over /ws and staff see it in the inbox and live", "[server][websocket][case_thread]") {
  scratch_dir dir("server-case-thread");
  api_with_a_report setup(dir);
  const std::string token = setup.token, ticket = setup.ticket;
  auto& server = setup.server;
  auto& client = setup.client;

  // A staff member listens for live events.
  CHECK(api(server.port(), http::verb::get, "/api/events", "").result() == http::status::unauthorized);
  const int events = connect_loopback(server.port());
  REQUIRE(events >= 0);
  const std::string subscribe = std::string("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ") + token + "\r\n\r\n";
  REQUIRE(::send(events, subscribe.data(), subscribe.size(), 0) == static_cast<ssize_t>(subscribe.size()));
  std::string stream;
  CHECK(read_events_until(events, "intake staff events", stream).find("text/event-stream") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the poller learns where things stand

  auto moved = api(server.port(), http::verb::post, "/api/reports/" + ticket + "/status", token, R"({"status":"accepted","note":"请把租赁合同发给我们"})");
  REQUIRE(moved.result() == http::status::ok);
  const std::string told = client.receive()["text"];
  CHECK(told.find("请把租赁合同发给我们") != std::string::npos);
  CHECK(told.find("直接发消息即可") != std::string::npos);

  auto answered = client.say("好的，谢谢王科长，我下午把材料送过去，电话13800138000");
  CHECK(answered["text"].get<std::string>().find("已转给经办人（受理编号 " + ticket + "）") == 0);
  CHECK(client.say("合同怎么发给你们？")["text"].get<std::string>().find("已转给经办人") == 0);

  CHECK(read_events_until(events, "合同怎么发给你们", stream).find("event: case_message") != std::string::npos);
  CHECK(stream.find("\"ticket\":\"" + ticket + "\"") != std::string::npos);
  CHECK(stream.find("138****8000") != std::string::npos);
  CHECK(stream.find("13800138000") == std::string::npos);

  auto inbox = json::parse(api(server.port(), http::verb::get, "/api/cases/inbox", token).body());
  REQUIRE(inbox["cases"].size() == 1);
  CHECK(inbox["cases"][0]["ticket"] == ticket);
  CHECK(inbox["cases"][0]["unread"] == 2);
  CHECK(inbox["cases"][0]["latest_text"] == "合同怎么发给你们？");
  const auto cli_inbox = run_intake({"cases", "inbox", "--db", "bot.db"}, "", dir);
  CHECK(cli_inbox.out.find("1 case(s) with unread messages") != std::string::npos);
  CHECK(cli_inbox.out.find(ticket + "\t2 unread") != std::string::npos);

  // Staff answer on the case: the owner gets it at once and the inbox is empty.
  REQUIRE(api(server.port(), http::verb::post, "/api/replies", token, json{{"ticket", ticket}, {"text", "发到 zxqy@example.gov.cn 即可"}}.dump())
              .result() == http::status::ok);
  CHECK(client.receive()["text"] == "工作人员王科长回复您：发到 zxqy@example.gov.cn 即可");
  CHECK(json::parse(api(server.port(), http::verb::get, "/api/cases/inbox", token).body())["cases"].empty());

  // The case shows one thread, in order, with who wrote each line.
  auto shown = json::parse(api(server.port(), http::verb::get, "/api/reports/" + ticket, token).body());
  REQUIRE(shown["thread"].size() == 4);
  CHECK(shown["thread"][0]["author"] == "staff");
  CHECK(shown["thread"][0]["text"] == "请把租赁合同发给我们");
  CHECK(shown["thread"][1]["author"] == "owner");
  CHECK(shown["thread"][3]["by"] == "王科长");
  const auto cli_show = run_intake({"reports", "show", ticket, "--db", "bot.db"}, "", dir);
  CHECK(cli_show.out.find("往来消息（共 4 条）") != std::string::npos);

  // An owner who asks for a person is heard live too.
  CHECK(client.say("人工")["text"].get<std::string>().find("已为您转接人工服务") == 0);
  CHECK(read_events_until(events, "event: handoff_requested", stream).find("\"user_id\":\"ws:api-owner\"") != std::string::npos);

  // Staff close the thread: the owner is told, and their words go to the bot again.
  CHECK(client.say("结束人工")["text"].get<std::string>().find("人工服务已结束") == 0);
  REQUIRE(api(server.port(), http::verb::post, "/api/reports/" + ticket + "/close-thread", token).result() == http::status::ok);
  CHECK(client.receive()["text"].get<std::string>().find("已结束关于受理编号 " + ticket + " 的对话") != std::string::npos);
  CHECK(client.say("合同怎么发给你们？")["text"].get<std::string>().find("已转给经办人") == std::string::npos);
  CHECK(json::parse(api(server.port(), http::verb::get, "/api/cases/inbox", token).body())["cases"].empty());
  drop_connection(events, false);
}

TEST_CASE("A case over /ws from submission to the owner's rating, and a returned report corrected as the same case", "[server][websocket][case_thread]") {
  scratch_dir dir("server-case-life");
  api_with_a_report setup(dir);
  const std::string token = setup.token, ticket = setup.ticket;
  auto& server = setup.server;
  auto& client = setup.client;
  auto post = [&](const std::string& path, const json& body) {
    return api(server.port(), http::verb::post, "/api/reports/" + ticket + path, token, body.dump());
  };

  // Accepted with a note; the owner answers; staff see it in the inbox and reply.
  REQUIRE(post("/status", {{"status", "accepted"}, {"note", "请补充近三个月的电费单"}}).result() == http::status::ok);
  client.receive();
  CHECK(client.say("电费单下午发到你们邮箱")["text"].get<std::string>().find("已转给经办人") == 0);
  REQUIRE(json::parse(api(server.port(), http::verb::get, "/api/cases/inbox", token).body())["cases"].size() == 1);
  REQUIRE(api(server.port(), http::verb::post, "/api/replies", token, json{{"ticket", ticket}, {"text", "收到，谢谢"}}.dump()).result() ==
          http::status::ok);
  client.receive();

  // Routed to a department and assigned: the owner is told and sees the department.
  CHECK(post("/route", {{"department", "税务局"}, {"reason", "涉及税费缓缴"}}).result() == http::status::ok);
  CHECK(post("/route", {{"department", "教育局"}, {"reason", "x"}}).result() == http::status::bad_request);
  CHECK(post("/assign", {{"assignee", "李四"}}).result() == http::status::ok);
  CHECK(client.receive()["text"].get<std::string>().find("已转交税务部门办理") != std::string::npos);
  auto listed = json::parse(api(server.port(), http::verb::get, "/api/reports?department=%E7%A8%8E%E5%8A%A1&assignee=%E6%9D%8E%E5%9B%9B", token).body());
  REQUIRE(listed["total"] == 1);
  CHECK(listed["reports"][0]["department"] == "税务");
  CHECK(listed["reports"][0]["assignee"] == "李四");
  CHECK(client.say("菜单")["text"].get<std::string>().find("请回复数字") != std::string::npos);
  client.say("2");
  CHECK(client.say(ticket)["text"].get<std::string>().find("承办部门：税务") != std::string::npos);
  client.say("菜单");

  // Closed: the owner is asked to rate it at once, and is not satisfied; the case is open again.
  REQUIRE(post("/status", {{"status", "closed"}, {"note", "已协调缓缴"}}).result() == http::status::ok);
  CHECK(client.receive()["text"].get<std::string>().find("请您对本次办理进行评价") != std::string::npos);
  CHECK(client.say("不满意，滞纳金还在收")["text"].get<std::string>().find("需要我们重新办理") != std::string::npos);
  CHECK(client.say("是")["text"].get<std::string>().find("已为您申请重新办理") != std::string::npos);
  auto shown = json::parse(api(server.port(), http::verb::get, "/api/reports/" + ticket, token).body());
  CHECK(shown["report"]["status"] == "in_progress");
  CHECK(shown["history"].back()["note"] == "企业对办理结果不满意，申请重新办理");
  CHECK(shown["thread"].back()["text"] == "【评价】不满意：不满意，滞纳金还在收");
  auto stats = json::parse(api(server.port(), http::verb::get, "/api/stats", token).body());
  REQUIRE(stats["satisfaction"].size() == 1);
  CHECK(stats["satisfaction"][0]["department"] == "税务");
  CHECK(stats["satisfaction"][0]["unsatisfied"] == 1);

  // Closed again and rated 满意.
  REQUIRE(post("/status", {{"status", "closed"}, {"note", "滞纳金已免除"}}).result() == http::status::ok);
  client.receive();
  CHECK(client.say("1")["text"].get<std::string>().find("感谢您的评价") == 0);
  stats = json::parse(api(server.port(), http::verb::get, "/api/stats", token).body());
  CHECK(stats["satisfaction"][0]["satisfied"] == 1);
  CHECK(stats["satisfaction"][0]["unsatisfied"] == 0);

  // A second report is returned; its owner corrects it and it goes back into the same case.
  json last;
  for (const auto& answer : report_answers) last = client.say(answer);
  const std::string text = last["text"];
  const std::string second = text.substr(text.find('R'), 16);
  REQUIRE(second != ticket);
  REQUIRE(api(server.port(), http::verb::post, "/api/reports/" + second + "/status", token,
              json{{"status", "returned"}, {"note", "联系电话打不通，请核实后重新提交"}}.dump())
              .result() == http::status::ok);
  CHECK(client.receive()["text"].get<std::string>().find("回复“修改”") != std::string::npos);
  CHECK(client.say("修改")["text"].get<std::string>().find("退回原因：联系电话打不通") != std::string::npos);
  client.say("改电话");
  client.say("13907971234");
  CHECK(client.say("确认")["text"].get<std::string>().find("已重新提交！受理编号仍是 " + second) == 0);
  auto corrected = json::parse(api(server.port(), http::verb::get, "/api/reports/" + second, token).body());
  CHECK(corrected["report"]["status"] == "new");
  CHECK(corrected["report"]["contact_phone"] == "13907971234");
  const auto& history = corrected["history"];
  REQUIRE(history.size() == 3);
  CHECK(history[1]["status"] == "returned");
  CHECK(history[2]["status"] == "new");
  CHECK(json::parse(api(server.port(), http::verb::get, "/api/reports", token).body())["total"] == 2);  // not a third case
}
