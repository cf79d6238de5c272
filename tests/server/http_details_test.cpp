// End-to-end HTTP details against the real server on 127.0.0.1: HEAD, transfer codings, paths that
// are not UTF-8 or that hold "/", failed staff logins, the cost of /healthz, and what clients can
// make the server write to its log. Raw sockets where a client library would not misbehave.
#include <catch2/catch.hpp>

#include <boost/beast/http.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

#include "bot/channels/wechat_signature.h"
#include "bot/server/staff_api.h"
#include "tests/support/http_client.h"
#include "tests/support/official_account.h"
#include "tests/support/process.h"
#include "tests/support/raw_client_socket.h"
#include "tests/support/server_process.h"

using namespace intake;
using namespace intake::testing;
namespace http = boost::beast::http;
using nlohmann::json;

namespace {

// Sends `bytes` on a new connection and returns everything the server sends until it closes the
// connection (or 5 s pass without a byte: the socket's receive timeout).
std::string exchange(unsigned short port, const std::string& bytes) {
  const int fd = connect_loopback(port);
  REQUIRE(fd >= 0);
  REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
  std::string received;
  char chunk[4096];
  for (ssize_t got; received.size() < 1024 * 1024 && (got = ::recv(fd, chunk, sizeof chunk, 0)) > 0;) received.append(chunk, static_cast<std::size_t>(got));
  ::close(fd);
  return received;
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

double metric(unsigned short port, const std::string& sample) {
  return metric_value(http_request(port, http::verb::get, "/metrics").body(), sample).value_or(0);
}

const std::string staff_token = "token-of-wang-0123456789";

std::string staff_config(const scratch_dir& dir) {
  std::ofstream(dir.file("intake.json")) << json{{"staff", {{{"name", "王科长"}, {"token_sha256", server::staff_api::hash_token(staff_token)}}}}}.dump();
  return dir.file("intake.json");
}

}  // namespace

TEST_CASE("A HEAD answer has headers and no body, so the next answer on the connection is read whole", "[server][http]") {
  scratch_dir dir("http-head");
  server_process server(dir.file("bot.db"));
  const std::string answers = exchange(server.port(),
                                       "HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                                       "HEAD /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                                       "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  INFO(answers);
  const std::size_t first_end = answers.find("\r\n\r\n");
  REQUIRE(first_end != std::string::npos);
  CHECK(answers.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(answers.substr(0, first_end).find("Content-Length: 3") != std::string::npos);  // what GET would send
  CHECK(answers.compare(first_end + 4, 22, "HTTP/1.1 404 Not Found") == 0);
  const std::size_t second_end = answers.find("\r\n\r\n", first_end + 4);
  REQUIRE(second_end != std::string::npos);
  CHECK(answers.compare(second_end + 4, 15, "HTTP/1.1 200 OK") == 0);
  CHECK(occurrences(answers, "ok\n") == 1);  // the GET's body only
}

TEST_CASE("A Transfer-Encoding that does not end in chunked is refused with 400 and the connection closes", "[server][http]") {
  scratch_dir dir("http-te");
  server_process server(dir.file("bot.db"));
  // What follows the header would be read as a second request, smuggled past whatever is in front.
  const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  for (const std::string codings : {"Transfer-Encoding: gzip\r\n", "Transfer-Encoding: chunked, gzip\r\n",
                                    "Transfer-Encoding: gzip\r\nContent-Length: 0\r\n", "Transfer-Encoding: identity\r\n"}) {
    const std::string answers = exchange(server.port(), "POST /wechat HTTP/1.1\r\nHost: 127.0.0.1\r\n" + codings + "\r\n" + smuggled);
    INFO(codings << answers);
    CHECK(answers.rfind("HTTP/1.1 400 Bad Request\r\n", 0) == 0);
    CHECK(occurrences(answers, "HTTP/1.1") == 1);  // and nothing more: the connection was closed
  }
  CHECK(exchange(server.port(), "POST /healthz HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").rfind("HTTP/1.1 400", 0) == 0);
  CHECK(exchange(server.port(), "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n").rfind("HTTP/1.1 501", 0) == 0);
  // Chunked alone is the framing HTTP/1.1 defines, and is served.
  const std::string chunked = exchange(server.port(), "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                                                      "2\r\nhi\r\n0\r\n\r\n");
  CHECK(chunked.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(metric(server.port(), "intake_rejected_requests_total{reason=\"bad_transfer_encoding\"}") == 6);
}

TEST_CASE("The staff API finds user ids that hold a slash, and answers 400, never 500, to paths and queries that are not UTF-8",
          "[server][http][api]") {
  scratch_dir dir("http-paths");
  server_process server(dir.file("bot.db"), official_account::plain_env(), staff_config(dir));
  const unsigned short port = server.port();
  official_account platform(port, false);
  platform.open_id = "shop/42";  // not what WeChat sends, but what a channel may carry
  REQUIRE(platform.say("人工").find("工作人员") != std::string::npos);

  auto transcript = http_request(port, http::verb::get, "/api/transcripts/wechat%3Ashop%2F42", "", staff_token);
  REQUIRE(transcript.result() == http::status::ok);
  CHECK(json::parse(transcript.body())["user_id"] == "wechat:shop/42");
  CHECK(json::parse(transcript.body())["transcript"].size() == 2);
  auto waiting = json::parse(http_request(port, http::verb::get, "/api/handoffs", "", staff_token).body())["waiting"];
  REQUIRE(waiting.size() == 1);
  CHECK(waiting[0]["user_id"] == "wechat:shop/42");
  auto closed = http_request(port, http::verb::post, "/api/handoffs/wechat%3Ashop%2F42/close", "", staff_token);
  CHECK(closed.result() == http::status::ok);
  CHECK(json::parse(closed.body())["user_id"] == "wechat:shop/42");
  CHECK(http_request(port, http::verb::get, "/api/transcripts/wechat:shop/42", "", staff_token).result() == http::status::not_found);  // no such route

  for (const std::string target : {"/api/transcripts/%FF%FE", "/api/transcripts/ws%3A%C3", "/api/handoffs/%ED%A0%80/close", "/api/reports?status=%FF",
                                   "/api/search?q=%C0%AF", "/api/reports/R%FF", "/%FF"}) {
    const auto verb = target.find("/close") != std::string::npos ? http::verb::post : http::verb::get;
    auto response = http_request(port, verb, target, "", staff_token);
    INFO(target << " → " << response.result_int() << " " << response.body());
    CHECK(response.result() == http::status::bad_request);
  }
  CHECK(metric(port, "intake_rejected_requests_total{reason=\"bad_path\"}") == 5);  // the paths, before any route; the queries in the API
}

TEST_CASE("Failed staff logins from one address are throttled: after 10 in a minute, 429 with Retry-After and the token is not looked at",
          "[server][http][api]") {
  scratch_dir dir("http-throttle");
  server_process server(dir.file("bot.db"), {}, staff_config(dir));
  const unsigned short port = server.port();
  CHECK(http_request(port, http::verb::get, "/api/stats", "", staff_token).result() == http::status::ok);
  for (int guess = 0; guess < 10; ++guess)
    CHECK(http_request(port, http::verb::get, "/api/stats", "", "guess-" + std::to_string(guess)).result() == http::status::unauthorized);
  for (const std::string& token : {std::string("guess-10"), staff_token, std::string()}) {
    auto throttled = http_request(port, http::verb::get, "/api/stats", "", token);
    INFO("token " << token);
    CHECK(throttled.result() == http::status::too_many_requests);
    const std::string retry_after(throttled[http::field::retry_after]);
    REQUIRE_FALSE(retry_after.empty());
    CHECK(std::stoi(retry_after) >= 1);
    CHECK(std::stoi(retry_after) <= 60);
    CHECK(throttled.body().find("unauthorized") == std::string::npos);
  }
  CHECK(metric(port, "intake_rejected_requests_total{reason=\"api_login_throttled\"}") == 3);
  CHECK(metric(port, "intake_rejected_requests_total{reason=\"api_unauthorized\"}") == 10);
  CHECK(http_request(port, http::verb::get, "/healthz").result() == http::status::ok);  // the rest of the server is not throttled
}

TEST_CASE("However often /healthz is called, it writes to the database at most once a second", "[server][http]") {
  scratch_dir dir("http-healthz");
  server_process server(dir.file("bot.db"));
  const unsigned short port = server.port();
  const auto wal_pages = [&] { return metric(port, "intake_wal_pages_written_total"); };
  const double before = wal_pages();
  REQUIRE(http_request(port, http::verb::get, "/healthz").result() == http::status::ok);
  const double one_probe = wal_pages() - before;
  REQUIRE(one_probe >= 1);  // the probe writes, which is what shows it reaches the disk

  const auto started = std::chrono::steady_clock::now();
  http_connection connection(port);
  constexpr int calls = 200;
  for (int i = 0; i < calls; ++i) REQUIRE(connection.send(http::verb::get, "/healthz").body() == "ok\n");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double probes = (wal_pages() - before - one_probe) / one_probe;
  INFO(calls << " calls in " << seconds << " s: " << probes << " probes");
  CHECK(probes <= seconds + 1);
}

TEST_CASE("Log lines that clients cause come once, then at most once a minute per kind", "[server][http][log]") {
  scratch_dir dir("http-log");
  server_process server(dir.file("bot.db"), official_account::plain_env(), "", {dir.file("stderr.log")});
  const unsigned short port = server.port();
  official_account platform(port, false);
  for (int i = 0; i < 25; ++i) {
    CHECK(platform.post(platform.message_xml("1", "1"), 0, "0000000000000000000000000000000000000000").result() == http::status::forbidden);
    CHECK(platform.post("<xml><ToUserName>").result() == http::status::bad_request);
    CHECK(exchange(port, "NOT HTTP AT ALL\r\n\r\n").rfind("HTTP/1.1 400", 0) == 0);
  }
  CHECK(platform.say("1").find("企业的名称") != std::string::npos);
  REQUIRE(server.stop() == 0);
  const std::string log = slurp(dir.file("stderr.log"));
  INFO(log);
  CHECK(occurrences(log, "wechat request refused (signature)") == 1);
  CHECK(occurrences(log, "wechat request refused (malformed XML)") == 1);
  CHECK(occurrences(log, "HTTP request refused (malformed)") == 1);
  CHECK(occurrences(log, "\n") < 20);  // the start-up and shutdown lines, and those three
}
