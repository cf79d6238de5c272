// GET /api/events: a staff member's live feed (server-sent events) of what needs them now, for the
// console (issue 25) and any client that wants to hear at once rather than poll `cases inbox`:
//   event: case_message       data: {"ticket":…,"user_id":…,"at":…,"text":…}   an owner wrote on a case
//   event: handoff_requested  data: {"user_id":…,"since":…}                    an owner asks for a person
// Authenticated like every /api route; at most staff_event_stream_limit streams at once (503
// beyond). A comment line every 15 s keeps proxies from closing an idle stream and finds clients
// that left. Events carry an id; a client that reconnects with Last-Event-ID gets what it missed,
// as far as the feed still keeps it.
#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "bot/server/server_context.h"

namespace intake::server {

constexpr int staff_event_stream_limit = 32;

// Answers the request on `stream` and keeps it open until the client leaves or the server stops.
boost::asio::awaitable<void> run_staff_event_stream(boost::beast::tcp_stream& stream, const http_request& request, const request_target& target,
                                                    server_context& context, const boost::asio::ip::address& client);

}  // namespace intake::server
