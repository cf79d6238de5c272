// Which server a conversation talks to: intake serve (replies are checked against the owner script)
// or the bare Beast server built from bench/ws_echo_server.cpp (echoes are checked byte for byte).
#pragma once

namespace intake::bench {

enum class server_kind { bot, echo };

}  // namespace intake::bench
