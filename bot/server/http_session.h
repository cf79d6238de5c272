// One HTTP connection: reads requests (with a body limit and a read deadline), routes them —
// /wechat, /wecom, /healthz, /metrics, and the WebSocket upgrade on /ws — and writes the responses.
// Responses are built by free functions; an exception in a handler becomes a bare 500, and its
// message goes to the log only (rate-limited, client_error_log.h). A HEAD answer has no body; a
// request whose Transfer-Encoding does not end in chunked is refused and its connection closed; a
// path that is not UTF-8 is 400. Each connection runs on one I/O thread (io_context_pool.h).
#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace intake::server {

class server_context;

boost::asio::awaitable<void> run_http_session(boost::beast::tcp_stream stream, server_context& context);

}  // namespace intake::server
