#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bot/server/executor_handoff.h"

using intake::server::executor_handoff;

TEST_CASE("Work staged for several threads is handed over in one post per thread and runs there in order", "[server][handoff]") {
  boost::asio::io_context first(1), second(1);
  executor_handoff handoff;
  std::vector<std::string> ran;
  // Staged from another thread, as the committer does.
  std::thread committer([&] {
    for (int n = 0; n < 5; ++n) {
      handoff.stage(first.get_executor(), [&ran, n] { ran.push_back(std::to_string(n).insert(0, 1, 'a')); });
      if (n % 2 == 0) handoff.stage(second.get_executor(), [&ran, n] { ran.push_back(std::to_string(n).insert(0, 1, 'b')); });
    }
    handoff.hand_over();
  });
  committer.join();
  CHECK(ran.empty());  // nothing runs on the staging thread
  CHECK(first.poll() == 1);  // one handler for all five
  CHECK(ran == std::vector<std::string>{"a0", "a1", "a2", "a3", "a4"});
  CHECK(second.poll() == 1);
  CHECK(ran == std::vector<std::string>{"a0", "a1", "a2", "a3", "a4", "b0", "b2", "b4"});

  // What is staged after a hand-over waits for the next one.
  // (An io_context that ran out of work stops: restart() before each poll.)
  handoff.stage(first.get_executor(), [&ran] { ran.push_back("late"); });
  first.restart();
  CHECK(first.poll() == 0);
  handoff.hand_over();
  first.restart();
  CHECK(first.poll() == 1);
  CHECK(ran.back() == "late");
  handoff.hand_over();  // nothing staged: nothing posted
  first.restart();
  CHECK(first.poll() == 0);
}
