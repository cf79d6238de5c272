#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "bot/server/server_config.h"
#include "tests/support/process.h"

using namespace intake::server;

TEST_CASE("Server settings come from the file, then the environment, then the flags", "[server][config]") {
  intake::testing::scratch_dir dir("config");
  std::ofstream(dir.file("intake.json")) << R"({"listen": "127.0.0.1:9000", "db": "from-file.db", "resume_after_hours": 2,
    "request_read_seconds": 5,
    "wechat": {"token": "file-token", "app_id": "wxfile", "menu_keys": {"K": "政策咨询"}},
    "staff": [{"name": "王", "token_sha256": "a9a9dc1836c67f5e5e40af383d262f9bf3aefd0b310066c80417fec712ca8902"}]})";
  setenv("INTAKE_WECHAT_TOKEN", "env-token", 1);
  const auto config = load_server_config({dir.file("intake.json"), std::string("127.0.0.1:0"), std::nullopt, std::nullopt});
  unsetenv("INTAKE_WECHAT_TOKEN");
  CHECK(config.listen_port == 0);           // the flag wins
  CHECK(config.db_path == "from-file.db");  // the file, no flag given
  CHECK(config.wechat.token == "env-token");  // the environment beats the file
  CHECK(config.wechat.app_id == "wxfile");
  CHECK(config.wechat.menu_keys.at("K") == "政策咨询");
  CHECK(config.resume_after_hours == 2);
  CHECK(config.ws_message_timeout_seconds == 30);  // the default, not in the file
  CHECK(config.request_read_seconds == 5);
  CHECK(config.write_progress_seconds == 30);
  REQUIRE(config.staff.size() == 1);
  CHECK(config.staff[0].name == "王");
  CHECK_FALSE(config.wecom.enabled());
}

TEST_CASE("Bad settings are refused with the setting named", "[server][config]") {
  intake::testing::scratch_dir dir("config-bad");
  auto refused = [&](const std::string& text) {
    std::ofstream(dir.file("bad.json")) << text;
    try {
      load_server_config({dir.file("bad.json"), std::nullopt, std::nullopt, std::nullopt});
    } catch (const std::runtime_error& error) {
      return std::string(error.what());
    }
    return std::string();
  };
  CHECK(refused(R"({"listen": "nowhere"})").find("listen") != std::string::npos);
  CHECK(refused(R"({"threads": 0})").find("threads") != std::string::npos);
  CHECK(refused(R"({"ws_message_timeout_seconds": 0})").find("ws_message_timeout_seconds") != std::string::npos);
  CHECK(refused(R"({"request_read_seconds": 0})").find("request_read_seconds") != std::string::npos);
  CHECK(refused(R"({"write_progress_seconds": 0})").find("write_progress_seconds") != std::string::npos);
  CHECK(refused(R"({"staff": [{"name": "王", "token_sha256": "short"}]})").find("token_sha256") != std::string::npos);
  CHECK(refused(R"({"wecom": {"token": "t"}})").find("WeCom") != std::string::npos);
  CHECK(refused("{not json").find("config file") != std::string::npos);
  CHECK_THROWS_AS(load_server_config({dir.file("missing.json"), std::nullopt, std::nullopt, std::nullopt}), std::runtime_error);
}

TEST_CASE("The WeChat mode is safe with an AES key unless the file says compatible, and max_connections has a default", "[server][config]") {
  intake::testing::scratch_dir dir("config-mode");
  auto load = [&](const std::string& text) {
    std::ofstream(dir.file("intake.json")) << text;
    return load_server_config({dir.file("intake.json"), std::nullopt, std::nullopt, std::nullopt});
  };
  auto plain = load(R"({"wechat": {"token": "t"}})");
  CHECK(plain.wechat.accepts_plaintext());
  CHECK(plain.max_connections == 12000);
  auto safe = load(R"({"wechat": {"token": "t", "aes_key": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}})");
  CHECK_FALSE(safe.wechat.accepts_plaintext());
  auto compatible = load(R"({"max_connections": 500, "wechat": {"token": "t", "aes_key": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "mode": "compatible"}})");
  CHECK(compatible.wechat.accepts_plaintext());
  CHECK(compatible.max_connections == 500);
  CHECK_THROWS_WITH(load(R"({"wechat": {"token": "t", "mode": "plain"}})"), Catch::Contains("wechat.mode"));
  CHECK_THROWS_WITH(load(R"({"wechat": {"token": "t", "mode": "compatible"}})"), Catch::Contains("AES key"));
  CHECK_THROWS_WITH(load(R"({"max_connections": 0})"), Catch::Contains("max_connections"));
}
