// Everything the sessions of one server share: configuration, definition, storage, the dispatcher,
// metrics, the webhook endpoints, the log of what clients cause and the cached health check. Built
// once by http_server; outlives every session.
#pragma once
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "bot/server/cached_health_check.h"
#include "bot/server/client_error_log.h"
#include "bot/server/conversation_dispatcher.h"
#include "bot/server/server_config.h"
#include "bot/server/session_registry.h"
#include "bot/server/staff_api.h"
#include "bot/server/staff_event_feed.h"
#include "bot/server/wechat_endpoint.h"
#include "bot/server/ws_identity.h"

namespace intake::server {

class server_context {
 public:
  const server_config& config;
  const engine::bot_definition& definition;
  storage::conversation_store& store;
  conversation_dispatcher& dispatcher;
  server_metrics& metrics;
  session_registry& sessions;
  std::unique_ptr<wechat_endpoint> wechat;  // null when the channel is off
  std::unique_ptr<wechat_endpoint> wecom;
  std::unique_ptr<staff_api> api;
  client_error_log& client_log;
  cached_health_check& health;
  std::unique_ptr<ws_identity> identity;
  boost::asio::thread_pool& staff_work;  // where /api calls run (server_config::staff_threads)
  staff_event_feed& staff_events;        // what GET /api/events streams to staff
};

}  // namespace intake::server
