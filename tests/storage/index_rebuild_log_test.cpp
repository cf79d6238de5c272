// The log of a long rebuild of the transcript index (storage/index_rebuild_log.h): its start, a line
// each tenth of the way or half a minute, and its end; not a line per batch.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "storage/index_rebuild_log.h"

using intake::storage::index_rebuild_log;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> lines_of(const std::ostringstream& out) {
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("A rebuild is logged at its start and end and each tenth of the way in between", "[storage][rebuild-log]") {
  std::ostringstream out;
  index_rebuild_log::clock_type::time_point now{};
  index_rebuild_log log(out, 30s, [&] { return now; });
  log.started(0, 1000000);
  // A batch of 8,192 lines every 50 ms: 122 batches, 6 s.
  std::int64_t indexed = 0;
  while (indexed < 1000000) {
    indexed = std::min<std::int64_t>(indexed + 8192, 1000000);
    now += 50ms;
    if (indexed < 1000000) log.advanced(indexed, 1000000);
  }
  log.finished(1000000);
  const auto lines = lines_of(out);
  REQUIRE(lines.size() == 11);
  CHECK(lines.front() == "intake: rebuilding the transcript index: 0 of 1000000 lines indexed (0 %); search answers from the indexed part meanwhile");
  CHECK(lines[1] == "intake: rebuilding the transcript index: 106496 of 1000000 lines indexed (10 %)");
  CHECK(lines[9] == "intake: rebuilding the transcript index: 901120 of 1000000 lines indexed (90 %)");
  CHECK(lines.back() == "intake: the transcript index is rebuilt: 1000000 lines, in 6 s");
}

TEST_CASE("A slow rebuild is logged every half minute between its tenths", "[storage][rebuild-log]") {
  std::ostringstream out;
  index_rebuild_log::clock_type::time_point now{};
  index_rebuild_log log(out, 30s, [&] { return now; });
  log.started(500, 1000000);
  for (int batch = 1; batch <= 40; ++batch) {  // 2 % in 100 s: a batch every 2.5 s
    now += 2500ms;
    log.advanced(500 + batch * 500, 1000000);
  }
  const auto lines = lines_of(out);
  REQUIRE(lines.size() == 4);  // the start, then at 30, 60 and 90 s
  CHECK(lines[1] == "intake: rebuilding the transcript index: 6500 of 1000000 lines indexed (0 %)");
  CHECK(lines[3] == "intake: rebuilding the transcript index: 18500 of 1000000 lines indexed (1 %)");
}
