// Configuration of `intake serve`: a JSON file (see config/intake.example.json), overridden by
// environment variables for secrets and by command-line flags. A channel whose secrets are missing is
// off. Plain value; load_server_config() throws std::runtime_error naming the bad setting.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace intake::server {

struct wechat_settings {
  std::string token;
  std::string aes_key;  // EncodingAESKey, 43 characters; empty: plain mode only
  std::string app_id;   // AppID (Official Account) or CorpID (WeCom): the receive id of safe mode
  std::map<std::string, std::string> menu_keys;  // CLICK EventKey → text sent to the conversation
  bool enabled() const { return !token.empty(); }
  // "safe" or "compatible"; empty: safe when there is an AES key, plain when there is none. In plain
  // mode the signature covers no part of the body, so safe mode refuses plaintext POSTs; compatible
  // accepts both, for the switch-over on the platform.
  std::string mode;
  bool accepts_plaintext() const { return aes_key.empty() || mode == "compatible"; }
};

// A staff member allowed to use /api: the SHA-256 (hex) of their bearer token, never the token.
struct staff_member {
  std::string name;
  std::string token_sha256;
};

struct server_config {
  std::string listen_address = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::string db_path = "intake.db";
  std::optional<std::string> data_dir;
  int threads = 2;  // I/O threads; turns are prepared on them and committed by one committer thread
  // Threads that answer /api calls, off the I/O threads, so that a long staff query never holds up
  // owners' turns; few, so that staff cannot take the cores owners need.
  int staff_threads = 1;
  // A request must arrive whole this long after the server starts reading it (the client's pause
  // before it, on a kept-alive connection, included); it does not cover the reply.
  int request_read_seconds = 30;
  // A reply being written must make progress this often, however long it is in all.
  int write_progress_seconds = 30;
  wechat_settings wechat;
  wechat_settings wecom;
  std::vector<staff_member> staff;
  double resume_after_hours = 24;                // a longer pause asks "continue or start over?"
  std::int64_t timestamp_window_seconds = 300;   // signed requests older or newer than this are refused
  std::size_t max_body_bytes = 256 * 1024;       // compatible mode triples a message, so this is ample
  std::size_t max_ws_frame_bytes = 16 * 1024;
  std::size_t max_ws_queued_messages = 64;       // a client that stops reading is disconnected
  int ws_idle_timeout_seconds = 600;
  int ws_message_timeout_seconds = 30;           // a message must be in whole this long after its first byte
  // /ws identity (ws_identity.h): the HMAC secret that an operator's own app signs its user ids with
  // (environment only; empty: only anonymous visitors), and how long an anonymous visitor's resume
  // token lasts after its last use.
  std::string ws_identity_secret;
  double ws_resume_token_days = 30;
  std::size_t max_reply_bytes = 2048;            // a passive WeChat reply; longer ones are paged (更多)
  // 10,000 idle WebSocket conversations and headroom; over it a new connection is closed at once.
  std::size_t max_connections = 12000;
};

struct server_flags {
  std::optional<std::string> config_file, listen, db, data_dir;
};

server_config load_server_config(const server_flags& flags);

}  // namespace intake::server
