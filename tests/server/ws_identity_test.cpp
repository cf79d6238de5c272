// /ws proves who a client is (ws_identity.h): each test scripts an attack on the real server over
// loopback and checks that it fails.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fstream>
#include <nlohmann/json.hpp>

#include "bot/channels/hex_digest.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/server_process.h"
#include "tests/support/signed_hello.h"
#include "tests/support/ws_client.h"

using namespace intake;
using namespace intake::testing;
using nlohmann::json;
namespace http = boost::beast::http;

namespace {

// The victim, signed in properly, starts a report: their company and credit code are in the draft.
void victim_starts_a_report(unsigned short port) {
  ws_client victim(port);
  victim.send(signed_hello("shop-42"));
  victim.receive();
  victim.say("1");
  victim.say("南昌小吃店");
  victim.say("91110000600037341L");
}

std::string everything_said(const json& frame) { return frame.dump(); }

}  // namespace

TEST_CASE("A hello that claims a user id without its signature, or with a wrong one, gets nothing of that conversation",
          "[server][websocket][security]") {
  scratch_dir dir("ws-identity-claims");
  server_process server(dir.file("bot.db"));
  victim_starts_a_report(server.port());

  ws_client attacker(server.port());
  for (const json& claim : {json{{"type", "hello"}, {"user", "shop-42"}},
                            json{{"type", "hello"}, {"user", "shop-42"}, {"user_hash", std::string(64, '0')}},
                            json{{"type", "hello"}, {"user", "shop-42"}, {"user_hash", server::ws_identity::user_hash("a guessed secret of 32+ chars", "shop-42")}},
                            signed_hello("shop-4", {{"user", "shop-42"}})}) {
    attacker.send(claim);
    const json answer = attacker.receive();
    INFO(claim.dump());
    CHECK(answer["type"] == "error");
    CHECK(answer["code"] == "bad_user_hash");
    CHECK(everything_said(answer).find("南昌小吃店") == std::string::npos);
  }
  // Not signed in: every message is refused, so nothing can be confirmed, changed or cancelled.
  const json refused = attacker.say("确认");
  CHECK(refused["code"] == "no_hello");

  // The victim's draft is untouched and theirs alone: they go on at the third question.
  ws_client victim(server.port());
  victim.send(signed_hello("shop-42"));
  CHECK(victim.receive()["text"].get<std::string>().find("（3/14）") != std::string::npos);
}

TEST_CASE("Ids the server draws for anonymous visitors cannot be claimed, even signed", "[server][websocket][security]") {
  scratch_dir dir("ws-identity-anon-prefix");
  server_process server(dir.file("bot.db"));
  ws_client attacker(server.port());
  attacker.send(signed_hello("anon:0123456789abcdef0123456789abcdef"));
  const json answer = attacker.receive();
  CHECK(answer["type"] == "error");
  CHECK(answer["code"] == "bad_hello");
}

TEST_CASE("Without an identity secret, signed hellos are refused and anonymous visitors still chat", "[server][websocket][security]") {
  scratch_dir dir("ws-identity-unconfigured");
  server_process server(dir.file("bot.db"), {{"INTAKE_WS_IDENTITY_SECRET", ""}});
  ws_client client(server.port());
  client.send(signed_hello("shop-42"));
  CHECK(client.receive()["code"] == "identity_not_configured");
  client.send({{"type", "hello"}});
  const json greeting = client.receive();
  CHECK(greeting["type"] == "reply");
  CHECK(greeting["session"]["resume_token"].is_string());
}

TEST_CASE("An anonymous visitor gets a random conversation and a resume token kept only as its hash, and only the token resumes it",
          "[server][websocket][security]") {
  scratch_dir dir("ws-identity-anonymous");
  server_process server(dir.file("bot.db"));
  std::string token;
  {
    ws_client visitor(server.port());
    visitor.send({{"type", "hello"}, {"id", "h"}});
    const json greeting = visitor.receive();
    REQUIRE(greeting["type"] == "reply");
    CHECK(greeting["in_reply_to"] == "h");
    token = greeting["session"]["resume_token"].get<std::string>();
    CHECK(token.size() == 64);  // 256 random bits
    CHECK(greeting["session"]["expires_at"].get<std::string>().ends_with("+08:00"));
    visitor.say("1");
    visitor.say("赣州红星服装有限公司");
  }
  {
    // Another anonymous visitor gets a conversation of their own, not the first one's draft.
    ws_client other(server.port());
    other.send({{"type", "hello"}});
    const json greeting = other.receive();
    CHECK(greeting["session"]["resume_token"] != token);
    CHECK(everything_said(greeting).find("赣州红星") == std::string::npos);
  }
  {
    ws_client returning(server.port());
    returning.send({{"type", "hello"}, {"resume_token", token}});
    const json resumed = returning.receive();
    CHECK(resumed["type"] == "reply");
    CHECK(resumed["text"].get<std::string>().find("信用代码") != std::string::npos);  // back at the next question
    CHECK(resumed["session"]["resume_token"] == token);
  }
  {
    ws_client guesser(server.port());
    guesser.send({{"type", "hello"}, {"resume_token", std::string(64, 'a')}});
    CHECK(guesser.receive()["code"] == "bad_resume_token");
    guesser.send({{"type", "hello"}, {"resume_token", token}, {"user", "shop-42"}});
    CHECK(guesser.receive()["code"] == "bad_hello");
  }
  SQLite::Database raw(dir.file("bot.db"));
  CHECK(raw.execAndGet("SELECT count(*) FROM resume_tokens WHERE token_sha256 = '" + token + "'").getInt() == 0);
  CHECK(raw.execAndGet("SELECT count(*) FROM resume_tokens WHERE token_sha256 = '" + channels::sha256_hex(token) + "'").getInt() == 1);
  const std::string owner = raw.execAndGet("SELECT user_id FROM resume_tokens WHERE token_sha256 = '" + channels::sha256_hex(token) + "'").getString();
  CHECK(owner.rfind("ws:anon:", 0) == 0);
  CHECK(owner.size() == 8 + 32);
}

TEST_CASE("A resume token stops working when it expires, when staff revoke it, and when the owner signs out",
          "[server][websocket][security]") {
  scratch_dir dir("ws-identity-revoke");
  const std::string staff_token = "token-of-wang-0123456789";
  std::ofstream(dir.file("intake.json")) << json{{"staff", {{{"name", "王科长"}, {"token_sha256", channels::sha256_hex(staff_token)}}}}}.dump();
  server_process server(dir.file("bot.db"), {}, dir.file("intake.json"));
  auto new_visitor = [&] {
    ws_client visitor(server.port());
    visitor.send({{"type", "hello"}});
    return visitor.receive()["session"]["resume_token"].get<std::string>();
  };
  auto resumes = [&](const std::string& token) {
    ws_client client(server.port());
    client.send({{"type", "hello"}, {"resume_token", token}});
    return client.receive()["type"] == "reply";
  };
  auto owner_of = [&](const std::string& token) {
    SQLite::Database raw(dir.file("bot.db"));
    return raw.execAndGet("SELECT user_id FROM resume_tokens WHERE token_sha256 = '" + channels::sha256_hex(token) + "'").getString();
  };

  const std::string expired = new_visitor();
  {
    SQLite::Database raw(dir.file("bot.db"), SQLite::OPEN_READWRITE);
    raw.exec("UPDATE resume_tokens SET expires_at_ms = 1000 WHERE token_sha256 = '" + channels::sha256_hex(expired) + "'");
  }
  CHECK_FALSE(resumes(expired));

  const std::string revoked_by_api = new_visitor();
  REQUIRE(resumes(revoked_by_api));
  auto response = http_request(server.port(), http::verb::post, "/api/sessions/" + owner_of(revoked_by_api) + "/revoke", "", staff_token);
  CHECK(response.result() == http::status::ok);
  CHECK(json::parse(response.body())["revoked"] == 1);
  CHECK_FALSE(resumes(revoked_by_api));
  CHECK(http_request(server.port(), http::verb::post, "/api/sessions/ws:nobody/revoke", "", staff_token).result() == http::status::not_found);

  const std::string revoked_by_cli = new_visitor();
  auto cli = run_intake({"sessions", "revoke", owner_of(revoked_by_cli), "--by", "王科长", "--db", "bot.db"}, "", dir);
  CHECK(cli.exit_code == 0);
  CHECK(cli.out.find("1 resume token(s) revoked") != std::string::npos);
  CHECK_FALSE(resumes(revoked_by_cli));

  const std::string signed_out = new_visitor();
  {
    ws_client owner(server.port());
    owner.send({{"type", "hello"}, {"resume_token", signed_out}});
    owner.receive();
    const json bye = owner.say("退出登录");
    CHECK(bye["type"] == "reply");
    CHECK(bye["signed_out"] == true);
    CHECK(owner.say("1")["code"] == "no_hello");  // this connection speaks for nobody now
  }
  CHECK_FALSE(resumes(signed_out));
}
