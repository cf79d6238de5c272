// Duplicate storm (issue 6): the platform delivers the same WeChat MsgId ten times at once, over ten
// connections released together. The message must be processed once and every delivery answered
// with the same reply; the database file shows one turn per MsgId.
#include <catch2/catch.hpp>

#include <algorithm>
#include <barrier>
#include <iostream>
#include <optional>
#include <thread>

#include "tests/faults/fault_support.h"
#include "tests/support/http_client.h"
#include "tests/support/official_account.h"
#include "tests/support/process.h"
#include "tests/support/server_process.h"

using namespace intake::testing;
namespace http = boost::beast::http;

namespace {

constexpr int deliveries_per_message = 10;

struct delivery_outcome {
  unsigned status = 0;
  std::string body;
  std::string failure;
};

// The reply's CreateTime is the second the response was made; retries straddling a second differ
// there and only there, which the platform does not compare.
std::string without_create_time(std::string body) {
  const std::string end_tag = "</CreateTime>";
  const std::size_t open = body.find("<CreateTime>"), close = body.find(end_tag);
  if (open != std::string::npos && close != std::string::npos && close > open) body.replace(open, close + end_tag.size() - open, "<CreateTime/>");
  return body;
}

}  // namespace

TEST_CASE("The same WeChat MsgId delivered 10 times concurrently is processed once and every delivery gets the same reply",
          "[faults][wechat]") {
  scratch_dir dir("faults-dup");
  const std::string db = dir.file("bot.db");
  server_process server(db, official_account::plain_env());
  official_account platform(server.port(), false);
  const auto& script = report_script();
  const std::vector<std::string> expected_questions{"企业的名称", "统一社会信用代码", "哪个省份", "哪个市、县"};

  std::vector<std::string> replies;
  for (std::size_t round = 0; round < expected_questions.size(); ++round) {
    INFO("round " << round);
    const std::string msg_id = "88800" + std::to_string(round);
    const std::string xml = platform.message_xml(script[round], msg_id);  // a retry carries the same body
    std::vector<std::string> targets;  // each retry is signed afresh, as the platform does
    for (int i = 0; i < deliveries_per_message; ++i) targets.push_back(platform.plain_target());

    std::vector<delivery_outcome> outcomes(deliveries_per_message);
    std::barrier release(deliveries_per_message);
    std::vector<std::thread> senders;
    for (int i = 0; i < deliveries_per_message; ++i)
      senders.emplace_back([&, i] {
        std::optional<http_connection> connection;
        try {
          connection.emplace(server.port());
        } catch (const std::exception& error) {
          outcomes[i].failure = error.what();
        }
        release.arrive_and_wait();  // all connected: the ten requests leave together
        if (!connection) return;
        try {
          auto response = connection->send(http::verb::post, targets[i], xml);
          outcomes[i].status = response.result_int();
          outcomes[i].body = response.body();
        } catch (const std::exception& error) {
          outcomes[i].failure = error.what();
        }
      });
    for (auto& sender : senders) sender.join();

    for (const auto& outcome : outcomes) {
      CHECK(outcome.failure.empty());
      CHECK(outcome.status == 200);
      CHECK(without_create_time(outcome.body) == without_create_time(outcomes[0].body));
      if (outcome.body != outcomes[0].body) std::cout << "wechat: a retry's reply differs in <CreateTime> only\n";
    }
    REQUIRE(outcomes[0].status == 200);
    const std::string reply = platform.content_of(outcomes[0].body);
    CHECK(reply.find(expected_questions[round]) != std::string::npos);
    replies.push_back(reply);
  }

  const std::string metrics = http_request(server.port(), http::verb::get, "/metrics").body();
  const double repeated = static_cast<double>(expected_questions.size() * (deliveries_per_message - 1));
  CHECK(metric_value(metrics, "intake_duplicate_deliveries_total") == repeated);
  CHECK(server.stop() == 0);

  db_reader reader(db);
  const auto transcript = reader.transcript("wechat:" + platform.open_id);
  std::vector<stored_line> expected_transcript;
  for (std::size_t round = 0; round < replies.size(); ++round) {
    INFO("round " << round);
    CHECK(std::count(transcript.begin(), transcript.end(), stored_line{"in", script[round]}) == 1);
    CHECK(reader.count("SELECT COUNT(*) FROM deliveries WHERE delivery_key = ?", "wechat:msg:88800" + std::to_string(round)) == 1);
    expected_transcript.push_back({"in", script[round]});
    expected_transcript.push_back({"out", replies[round]});
  }
  CHECK(transcript == expected_transcript);
  CHECK(reader.integrity_check() == "ok");
}
