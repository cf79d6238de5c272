// One simulated owner writing to a WeChat Official Account in plain mode: the platform's signed POSTs
// to /wechat over one keep-alive HTTP connection, a unique MsgId per message and a new OpenID per round
// (a subscribe event first, as when an owner follows the account). Against the bot every reply must
// be 200 with XML addressed to the owner whose Content holds the expected fragments; against the bare
// HTTP server, 200 with its fixed body. Errors are counted as in ws_conversation. All its work runs
// on the io_context it was made with; not thread-safe.
#pragma once
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <memory>
#include <string>

#include "bench/owner_script.h"
#include "bench/run_stats.h"
#include "bench/server_kind.h"

namespace intake::bench {

class webhook_conversation : public std::enable_shared_from_this<webhook_conversation> {
 public:
  webhook_conversation(boost::asio::io_context& io, std::size_t shard, const owner_script& script, server_kind server,
                       std::string open_id_prefix, std::string token, std::atomic<std::uint64_t>& message_ids);

  boost::asio::awaitable<bool> connect(boost::asio::ip::tcp::endpoint endpoint, run_stats& stats);
  boost::asio::awaitable<void> drive(run_stats& stats);
  void close();

 private:
  boost::asio::awaitable<bool> turn(run_stats& stats);
  std::string check_bot_reply(const script_step& step, const std::string& body);
  std::string request_body(const script_step& step, const std::string& timestamp);

  std::size_t shard_;
  const owner_script& script_;
  server_kind server_;
  std::string open_id_prefix_;
  std::string token_;
  std::atomic<std::uint64_t>& message_ids_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::size_t step_ = 0;
  std::uint64_t round_ = 0;
  std::uint64_t nonce_ = 0;
  std::string open_id_;
  std::string ticket_;
  bool broken_ = false;
  bool closed_ = false;
};

}  // namespace intake::bench
