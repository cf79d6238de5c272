// One simulated owner on one WebSocket connection to /ws. Against the bot it plays the owner script
// round after round (a new user per round: "<prefix>-<round>") and checks every reply: type "reply",
// in_reply_to the message's id, no "retry", every expected fragment in the text. Against the echo
// server it sends the very same frames and checks each echo is byte-identical. A wrong reply is
// counted and the owner starts a new round; a failed connection is counted and ends the conversation.
// All its work runs on the io_context it was made with (one client thread); not thread-safe.
#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bench/owner_script.h"
#include "bench/run_stats.h"
#include "bench/server_kind.h"

namespace intake::bench {

class ws_conversation : public std::enable_shared_from_this<ws_conversation> {
 public:
  // `frames` holds the message frame of each step (message_frames(script)); both outlive this.
  ws_conversation(boost::asio::io_context& io, std::size_t shard, const owner_script& script, const std::vector<std::string>& frames,
                  server_kind server, std::string user_prefix);

  static std::vector<std::string> message_frames(const owner_script& script);

  // TCP connect and WebSocket handshake; false (counted as an error) when either fails.
  boost::asio::awaitable<bool> connect(boost::asio::ip::tcp::endpoint endpoint, run_stats& stats);
  // Plays the script from where it stopped last time until stats.stopping() or the connection fails.
  boost::asio::awaitable<void> drive(run_stats& stats);
  // Time the owner takes between a reply and the next message (0: none, a closed loop). Paced owners
  // measure the latency a person sees at a given rate instead of the server's saturation.
  void set_pause(std::chrono::milliseconds pause) { pause_ = pause; }
  // An idle owner: the greeting turn only (checked), then a read that stays pending until close().
  boost::asio::awaitable<bool> greet(run_stats& stats);
  boost::asio::awaitable<void> park();
  // Abrupt close of the TCP connection; pending operations complete with an error. Own thread only.
  void close();

  bool broken() const { return broken_; }

 private:
  boost::asio::awaitable<bool> turn(run_stats& stats);
  std::string check_bot_reply(const script_step& step, const std::string& id, const std::string& reply);
  void wrong_reply(run_stats& stats, const std::string& why, const std::string& sent, const std::string& reply);

  std::size_t shard_;
  const owner_script& script_;
  const std::vector<std::string>& frames_;
  server_kind server_;
  std::string user_prefix_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  boost::beast::flat_buffer buffer_;
  std::size_t step_ = 0;
  std::uint64_t round_ = 0;
  std::string user_;
  std::string ticket_;
  bool broken_ = false;
  bool closed_ = false;
  std::chrono::milliseconds pause_{0};
};

}  // namespace intake::bench
