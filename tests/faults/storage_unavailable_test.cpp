// Storage unavailable (issue 6), two ways: the fault drill INTAKE_STORAGE_FAULT_FILE (while that file
// exists every database write fails as on a full disk; reads still work), and the database file and
// its WAL made read-only under the running server (the immutable attribute, which holds for root
// too and for files already open: a write fails with EPERM). Owners then get the polite "temporarily
// unavailable" reply (WebSocket: "retry": true; WeChat: HTTP 503 so that the platform retries),
// /healthz says 503, nothing of those turns is kept, and once storage is back the same messages go
// through without a restart. The database file is judged directly, read-only.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <fcntl.h>
#include <functional>
#include <iostream>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <thread>
#include <unistd.h>
#include <thread>

#include "tests/faults/fault_support.h"
#include "tests/support/http_client.h"
#include "tests/support/official_account.h"
#include "tests/support/process.h"
#include "tests/support/server_process.h"
#include "tests/support/signed_hello.h"
#include "tests/support/ws_client.h"

using namespace intake::testing;
using nlohmann::json;
namespace http = boost::beast::http;

namespace {

struct turn_counts {
  std::int64_t transcript, conversations, deliveries, events;
  bool operator==(const turn_counts&) const = default;
};

turn_counts counts(const std::string& db) {
  db_reader reader(db);
  return {reader.count("SELECT COUNT(*) FROM transcript"), reader.count("SELECT COUNT(*) FROM conversations"),
          reader.count("SELECT COUNT(*) FROM deliveries"), reader.count("SELECT COUNT(*) FROM events")};
}

// What makes storage unavailable while the server runs, and what gives it back.
struct outage {
  std::string what;
  std::function<void()> begin, end;
};

// Before, during and after the outage: what owners and the platform are told, what is kept.
void outage_drill(server_process& server, const std::string& db, const outage& fault) {
  const auto started = std::chrono::steady_clock::now();
  const std::string sorry = zh_cn_message("error.storage_unavailable");
  const auto healthz = [&] { return http_request(server.port(), http::verb::get, "/healthz").result(); };

  // Before the fault: turns are kept.
  ws_client owner(server.port());
  owner.send(signed_hello("fault-owner"));
  const std::string greeting = owner.receive()["text"];
  const std::string first_question = owner.say("1")["text"];
  const std::string second_question = owner.say("南昌小吃店")["text"];
  REQUIRE(second_question.find("统一社会信用代码") != std::string::npos);
  official_account platform(server.port(), false);
  const std::string wechat_first = platform.say("1");
  REQUIRE(wechat_first.find("企业的名称") != std::string::npos);
  CHECK(healthz() == http::status::ok);
  const std::vector<stored_line> owner_before{
      {"out", greeting}, {"in", "1"}, {"out", first_question}, {"in", "南昌小吃店"}, {"out", second_question}};
  CHECK(db_reader(db).transcript("ws:fault-owner") == owner_before);
  const turn_counts before = counts(db);
  const std::string state_before = db_reader(db).text("SELECT state FROM conversations WHERE user_id = ?", "ws:fault-owner");

  INFO(fault.what);
  fault.begin();
  // /healthz keeps its answer for a second (it writes at most once a second): the next probe sees
  // the fault.
  const auto fault_started = std::chrono::steady_clock::now();
  auto health_in_fault = healthz();
  while (health_in_fault == http::status::ok && std::chrono::steady_clock::now() - fault_started < std::chrono::seconds(3)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    health_in_fault = healthz();
  }
  CHECK(health_in_fault == http::status::service_unavailable);

  owner.send({{"type", "message"}, {"text", "91110000600037341L"}, {"id", "during"}});
  const json refused = owner.receive();
  CHECK(refused["type"] == "reply");
  CHECK(refused["in_reply_to"] == "during");
  CHECK(refused["retry"] == true);
  CHECK(refused["text"] == sorry);

  ws_client newcomer(server.port());  // a conversation that starts during the outage
  newcomer.send(signed_hello("fault-newcomer"));
  const json newcomer_refused = newcomer.receive();
  CHECK(newcomer_refused["retry"] == true);
  CHECK(newcomer_refused["text"] == sorry);

  const std::string wechat_second = platform.message_xml("南昌小吃店", "660002");
  for (int attempt = 0; attempt < 3; ++attempt) {  // the platform retries; each gets 503 until storage is back
    auto response = platform.post(wechat_second);
    CHECK(response.result() == http::status::service_unavailable);
    CHECK(response.body().find("<xml>") == std::string::npos);
  }
  CHECK(healthz() == http::status::service_unavailable);

  // Nothing of those turns is in the file: no line, no state change, no delivery, no event.
  CHECK(counts(db) == before);
  CHECK(db_reader(db).transcript("ws:fault-owner") == owner_before);
  CHECK(db_reader(db).text("SELECT state FROM conversations WHERE user_id = ?", "ws:fault-owner") == state_before);
  CHECK(db_reader(db).count("SELECT COUNT(*) FROM transcript WHERE text = ?", sorry) == 0);

  // Storage is back; nobody restarts anything.
  fault.end();
  const auto recovery_started = std::chrono::steady_clock::now();
  auto health = healthz();
  while (health != http::status::ok && std::chrono::steady_clock::now() - recovery_started < std::chrono::seconds(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    health = healthz();
  }
  CHECK(health == http::status::ok);
  std::cout << "storage (" << fault.what << "): /healthz back to 200 after "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - recovery_started).count() << " s\n";

  // The same messages again: processed normally, and each conversation is where it should be.
  const json retried = owner.say("91110000600037341L", "again");
  CHECK_FALSE(retried.contains("retry"));
  const std::string third_question = retried["text"];
  CHECK(third_question.find("哪个省份") != std::string::npos);
  auto wechat_retried = platform.post(wechat_second);
  REQUIRE(wechat_retried.result() == http::status::ok);
  const std::string wechat_reply = platform.content_of(wechat_retried.body());
  CHECK(wechat_reply.find("统一社会信用代码") != std::string::npos);
  newcomer.send(signed_hello("fault-newcomer"));
  const json welcomed = newcomer.receive();
  CHECK_FALSE(welcomed.contains("retry"));
  CHECK(welcomed["text"] == greeting);
  CHECK(owner.say("赣")["text"].get<std::string>().find("哪个市、县") != std::string::npos);

  CHECK(server.stop() == 0);
  db_reader reader(db);
  CHECK(reader.integrity_check() == "ok");
  auto owner_after = owner_before;
  owner_after.insert(owner_after.end(), {{"in", "91110000600037341L"}, {"out", third_question}});
  const auto owner_lines = reader.transcript("ws:fault-owner");
  REQUIRE(owner_lines.size() == owner_after.size() + 2);
  CHECK(std::vector<stored_line>(owner_lines.begin(), owner_lines.begin() + static_cast<std::ptrdiff_t>(owner_after.size())) == owner_after);
  CHECK(reader.transcript("wechat:" + platform.open_id) ==
        std::vector<stored_line>{{"in", "1"}, {"out", wechat_first}, {"in", "南昌小吃店"}, {"out", wechat_reply}});
  CHECK(reader.transcript("ws:fault-newcomer") == std::vector<stored_line>{{"out", greeting}});
  CHECK(reader.count("SELECT COUNT(*) FROM deliveries WHERE delivery_key = ?", "wechat:msg:660002") == 1);
  CHECK(reader.count("SELECT COUNT(*) FROM transcript WHERE text = ?", sorry) == 0);
  std::cout << "storage (" << fault.what << "): " << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";
}

// Sets and clears the immutable attribute of files (chattr +i), and clears it at the end whatever
// happens, so that the scratch directory can be removed.
class immutable_files {
 public:
  ~immutable_files() { clear(); }
  // False when this file system or user cannot set the attribute.
  bool set(const std::vector<std::string>& paths) {
    for (const auto& path : paths) {
      if (!change(path, true)) return false;
      set_.push_back(path);
    }
    return true;
  }
  void clear() {
    for (const auto& path : set_) change(path, false);
    set_.clear();
  }

 private:
  static bool change(const std::string& path, bool immutable) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return false;
    int flags = 0;
    bool done = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (done) {
      flags = immutable ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
      done = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    ::close(fd);
    return done;
  }
  std::vector<std::string> set_;
};

}  // namespace

TEST_CASE("While the disk is full owners are told politely to retry, webhooks get 503, nothing is half-kept, and service recovers "
          "by itself",
          "[faults][storage]") {
  scratch_dir dir("faults-storage");
  const std::string db = dir.file("bot.db"), fault_file = dir.file("disk-full");
  auto env = official_account::plain_env();
  env["INTAKE_STORAGE_FAULT_FILE"] = fault_file;
  server_process server(db, env);
  outage_drill(server, db,
               {"the disk is full (fault drill)", [&] { std::ofstream(fault_file) << "full"; }, [&] { std::filesystem::remove(fault_file); }});
}

TEST_CASE("While the database file is read-only owners are told politely to retry, webhooks get 503, nothing is half-kept, and "
          "service recovers by itself",
          "[faults][storage]") {
  scratch_dir dir("faults-read-only");
  const std::string db = dir.file("bot.db");
  server_process server(db, official_account::plain_env());
  immutable_files read_only;
  {
    // Can this file system and user make a file immutable at all? (ext4, xfs and btrfs can, as root.)
    std::ofstream(dir.file("probe")) << "probe";
    immutable_files probe;
    if (!probe.set({dir.file("probe")})) {
      WARN("skipped: the immutable attribute cannot be set in " << dir.path().string() << " (needs root and ext4, xfs or btrfs)");
      return;
    }
  }
  outage_drill(server, db,
               {"the database file and its WAL made read-only",
                [&] { REQUIRE(read_only.set({db, db + "-wal"})); },
                [&] { read_only.clear(); }});
}
