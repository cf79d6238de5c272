// One HTTP connection: reads requests (with a body limit and a read deadline), routes them —
// /wechat, /wecom, /healthz, /metrics, and the WebSocket upgrade on /ws — and writes the responses.
// Responses are built by free functions; an exception in a handler becomes a bare 500, and its
// message goes to the log only. Each connection runs on one I/O thread (io_context_pool.h).
#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace intake::server {

class server_context;

boost::asio::awaitable<void> run_http_session(boost::beast::tcp_stream stream, server_context& context);

}  // namespace intake::server
