// End-to-end: the real `intake serve` with short deadlines (request_read_seconds and
// write_progress_seconds of 1 s) writing a staff reply of about 9 MB, more than the kernel buffers on
// loopback (4 MiB at most for the server's socket): a client that reads it slowly but steadily gets
// it whole although it takes seconds, and a client that stops reading is cut off once the writes
// stop moving, so it cannot hold the server.
#include <catch2/catch.hpp>

#include <boost/beast/http.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "bot/server/staff_api.h"
#include "storage/sqlite_store.h"
#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/raw_client_socket.h"
#include "tests/support/server_process.h"

using namespace intake;
using namespace intake::testing;
namespace http = boost::beast::http;
using nlohmann::json;

namespace {

constexpr const char* token = "token-of-wang-0123456789";
constexpr int transcript_turns = 4000;

// An owner whose transcript is long: each message about 2 KB, 9.5 MB as JSON, kept through the
// product's storage.
void keep_long_transcript(const std::string& db_path) {
  storage::sqlite_store store(db_path);
  std::string paragraph;
  for (int i = 0; i < 32; ++i) paragraph += "受疫情影响，企业复工复产面临用工和资金困难，";
  std::vector<storage::turn_record> turns;
  for (int n = 0; n < transcript_turns; ++n) {
    storage::turn_record turn;
    turn.user_id = "ws:long-owner";
    turn.channel = "websocket";
    turn.state_json = "{}";
    turn.now_ms = 1583020800000 + n;
    const std::string text = std::to_string(n) + paragraph;
    turn.lines = {{turn.user_id, "in", "websocket", text, turn.now_ms, "", ""}, {turn.user_id, "out", "websocket", "收到", turn.now_ms, "", ""}};
    turns.push_back(std::move(turn));
  }
  std::vector<const storage::turn_record*> group;
  for (const auto& turn : turns) group.push_back(&turn);
  store.commit_turns(group);
}

// Sends the request for the long transcript; the reply is read by the caller.
int request_long_transcript(unsigned short port, int buffer_bytes) {
  const int fd = connect_loopback(port, {5000, buffer_bytes, false});
  REQUIRE(fd >= 0);
  const std::string request = std::string("GET /api/transcripts/ws:long-owner HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ") + token +
                              "\r\nConnection: close\r\n\r\n";
  REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
  return fd;
}

// Reads until the server closes (or an error or `limit`), `piece` bytes at most at a time with
// `pause` after each.
std::string read_until_closed(int fd, std::size_t piece, std::chrono::milliseconds pause, std::chrono::seconds limit) {
  std::string received;
  std::vector<char> buffer(piece);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    const ssize_t got = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (got <= 0) break;
    received.append(buffer.data(), static_cast<std::size_t>(got));
    if (pause.count() > 0) std::this_thread::sleep_for(pause);
  }
  return received;
}

struct parsed_reply {
  std::string head;
  std::size_t content_length = 0;
  std::string body;
};

parsed_reply parse(const std::string& received) {
  parsed_reply reply;
  const auto end_of_head = received.find("\r\n\r\n");
  if (end_of_head == std::string::npos) return reply;
  reply.head = received.substr(0, end_of_head);
  reply.body = received.substr(end_of_head + 4);
  const auto length = reply.head.find("Content-Length: ");
  if (length != std::string::npos) reply.content_length = std::stoul(reply.head.substr(length + 16));
  return reply;
}

}  // namespace

TEST_CASE("A reply that takes longer than the deadlines is written whole to a client that keeps reading and cut off when it stops",
          "[server][api][deadline]") {
  scratch_dir dir("server-long-reply");
  std::ofstream(dir.file("intake.json")) << json{{"staff", {{{"name", "王科长"}, {"token_sha256", server::staff_api::hash_token(token)}}}},
                                                 {"request_read_seconds", 1},
                                                 {"write_progress_seconds", 1}}
                                                    .dump();
  keep_long_transcript(dir.file("bot.db"));
  server_process server(dir.file("bot.db"), {}, dir.file("intake.json"));

  SECTION("a slow reader that keeps reading gets it whole") {
    const int fd = request_long_transcript(server.port(), 64 * 1024);
    const auto started = std::chrono::steady_clock::now();
    // At most 16 KiB every 5 ms, about 3 MB/s: some 3 s for the whole, each write moving within milliseconds.
    const auto reply = parse(read_until_closed(fd, 16 * 1024, std::chrono::milliseconds(5), std::chrono::seconds(30)));
    const auto took = std::chrono::steady_clock::now() - started;
    ::close(fd);
    REQUIRE(reply.head.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(reply.content_length > 8 * 1024 * 1024);
    REQUIRE(reply.body.size() == reply.content_length);
    const json body = json::parse(reply.body);
    REQUIRE(body["transcript"].size() == 2 * transcript_turns);
    CHECK(body["transcript"].back()["text"] == "收到");
    // Longer than both deadlines together: neither covers the whole reply.
    CHECK(took > std::chrono::seconds(2));
  }

  SECTION("a client that stops reading is dropped once the writes stop moving") {
    const int fd = request_long_transcript(server.port(), 4096);
    const auto started = std::chrono::steady_clock::now();
    auto open_connections = [&] {
      return metric_value(http_request(server.port(), http::verb::get, "/metrics").body(), "intake_active_connections");
    };
    // Seen once is enough: the /metrics connection before may still be counted a moment longer.
    auto wait_for = [&](double count) {
      for (;;) {
        if (open_connections() == count) return true;
        if (std::chrono::steady_clock::now() - started > std::chrono::seconds(10)) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    };
    REQUIRE(wait_for(2));  // the stalled connection and the /metrics one
    // Then only the /metrics connection: the server has given up the stalled one, a deadline after
    // its last write moved, not sooner.
    CHECK(wait_for(1));
    const auto dropped_after = std::chrono::steady_clock::now() - started;
    CHECK(dropped_after > std::chrono::milliseconds(900));
    CHECK(dropped_after < std::chrono::seconds(10));
    // What the kernel had taken before the server gave up is still delivered, then the end: less
    // than the whole reply.
    const auto reply = parse(read_until_closed(fd, 64 * 1024, std::chrono::milliseconds(0), std::chrono::seconds(10)));
    ::close(fd);
    CHECK(reply.head.rfind("HTTP/1.1 200", 0) == 0);
    CHECK(reply.content_length > 8 * 1024 * 1024);
    CHECK(reply.body.size() < reply.content_length);
  }
}
