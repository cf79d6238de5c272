// `intake serve`: a Beast HTTP/WebSocket server over Asio. The listener hands each connection to one
// of the I/O threads (io_context_pool.h), where its turns are prepared; one committer thread keeps them.
// SIGINT/SIGTERM stop accepting, let the turns in flight finish and commit, then return. Over
// max_connections a new connection is closed at once; out of file descriptors, the listener pauses
// between attempts rather than spinning.
// Not thread-safe to construct; run() blocks. Throws on a configuration or bind error.
#pragma once
#include "bot/runtime/case_rules.h"
#include <functional>
#include <memory>

#include "bot/server/server_config.h"
#include "bot/engine/bot_definition.h"
#include "storage/conversation_store.h"
#include "storage/resume_token_store.h"

namespace intake::server {

class http_server {
 public:
  // `rules`: how staff handle cases (departments to route to); kept by reference, must outlive the server.
  http_server(server_config config, const engine::bot_definition& definition, const runtime::case_rules& rules, storage::conversation_store& store,
              storage::resume_token_store& resume_tokens);
  ~http_server();

  // Binds, reports the bound address through `on_listening` (the port may have been 0), and serves
  // until a signal arrives.
  void run(const std::function<void(const std::string& address, unsigned short port)>& on_listening);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace intake::server
