// End-to-end: the real `intake serve` on a database whose transcript index is far behind (a lost or
// old index file being rebuilt): /api/search answers at once from the indexed part and says how far
// it reaches, /metrics shows the rebuild, and once the index's thread has caught up, search finds
// everything.
#include <catch2/catch.hpp>

#include <boost/beast/http.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "bot/server/staff_api.h"
#include "tests/support/http_client.h"
#include "tests/support/lagging_index.h"
#include "tests/support/process.h"
#include "tests/support/server_process.h"

using namespace intake;
using namespace intake::testing;
namespace http = boost::beast::http;
using nlohmann::json;

namespace {

constexpr const char* token = "token-of-wang-0123456789";

json search(unsigned short port, const std::string& encoded_words) {
  const auto response = http_request(port, http::verb::get, "/api/search?q=" + encoded_words, "", token);
  REQUIRE(response.result() == http::status::ok);
  return json::parse(response.body());
}

std::optional<double> metric(unsigned short port, const std::string& name) {
  return metric_value(http_request(port, http::verb::get, "/metrics").body(), name);
}

}  // namespace

TEST_CASE("While a lost search index is rebuilt the staff search answers at once with its progress and the metrics show it",
          "[server][api][transcript-index]") {
  scratch_dir dir("server-index-rebuild");
  std::ofstream(dir.file("intake.json")) << json{{"staff", {{{"name", "王科长"}, {"token_sha256", server::staff_api::hash_token(token)}}}}}.dump();
  lagging_index lagging(dir.file("bot.db"));
  server_process server(dir.file("bot.db"), {}, dir.file("intake.json"));
  const std::string loan = "%E8%B4%B7%E6%AC%BE%E5%BB%B6%E6%9C%9F", rent = "%E6%88%BF%E7%A7%9F%E5%87%8F%E5%85%8D";  // 贷款延期, 房租减免

  const auto started = std::chrono::steady_clock::now();
  const json early = search(server.port(), loan);
  // A search that waited for the index would wait for the lock held by lagging_index (5 s and more).
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  CHECK(early["lines"].size() == 100);  // the limit, all from the indexed part
  CHECK(early["index"] == json{{"complete", false}, {"indexed_lines", 1000}, {"total_lines", 6000}, {"percent", 16}});
  const json missed = search(server.port(), rent);
  CHECK(missed["lines"].empty());
  CHECK(missed["index"]["complete"] == false);
  CHECK(metric(server.port(), "intake_transcript_index_lines_behind") == 5000);
  CHECK(metric(server.port(), "intake_transcript_indexed_lines") == 1000);
  CHECK(metric(server.port(), "intake_transcript_lines") == 6000);

  lagging.release();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (metric(server.port(), "intake_transcript_index_lines_behind") != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(metric(server.port(), "intake_transcript_index_lines_behind") == 0);
  CHECK(metric(server.port(), "intake_transcript_indexed_lines") == 6000);
  const json later = search(server.port(), rent);
  CHECK(later["lines"].size() == 100);
  CHECK(later["lines"][0]["text"] == "希望房租减免，第2999号");  // newest first
  CHECK(later["index"] == json{{"complete", true}, {"indexed_lines", 6000}, {"total_lines", 6000}, {"percent", 100}});
}
