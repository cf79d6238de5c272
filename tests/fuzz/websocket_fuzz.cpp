// Fuzzes the WebSocket frame parser as `intake serve` runs it: a Beast websocket::stream in the server
// role, with the server's message limit (16 KiB), accepts a fixed valid upgrade request and then reads
// frames from the fuzz bytes until an error; every complete text message goes to the /ws protocol
// parser (bot/server/client_frame.h), as in websocket_session.cpp. The server's own writes (pongs,
// close frames) go to a connected peer stream nobody reads.
#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/server/client_frame.h"
#include "bot/text/utf8.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/support/raw_client_socket.h"

namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

constexpr std::size_t max_ws_frame_bytes = 16 * 1024;  // server_config's default, as in production

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::asio::io_context ioc;
  beast::test::stream client(ioc);
  websocket::stream<beast::test::stream> ws(ioc);
  ws.next_layer().connect(client);
  ws.next_layer().append(intake::testing::websocket_upgrade_request);
  ws.next_layer().append(std::string_view(reinterpret_cast<const char*>(data), size));
  ws.next_layer().close_remote();  // end of input after the bytes
  ws.read_message_max(max_ws_frame_bytes);

  beast::error_code error;
  ws.accept(error);
  FUZZ_CHECK(!error);  // the request is fixed and valid
  beast::flat_buffer buffer;
  bool said_hello = false;
  for (;;) {
    buffer.clear();
    ws.read(buffer, error);
    if (error) break;
    FUZZ_CHECK(buffer.size() <= max_ws_frame_bytes);
    if (!ws.got_text()) continue;
    const auto frame = intake::server::parse_client_frame(beast::buffers_to_string(buffer.data()), said_hello);
    if (frame.type == intake::server::client_frame::kind::hello) {
      // Anonymous (no user) or a printable user id; credentials bounded.
      FUZZ_CHECK(frame.user.empty() || intake::text::is_printable_identifier(frame.user, intake::server::max_ws_user_id_bytes));
      FUZZ_CHECK(frame.user_hash.value_or("").size() <= intake::server::max_ws_credential_bytes);
      FUZZ_CHECK(frame.resume_token.value_or("").size() <= intake::server::max_ws_credential_bytes);
      said_hello = true;
    }
    if (frame.type == intake::server::client_frame::kind::invalid) FUZZ_CHECK(!frame.error_code.empty());
  }
  return 0;
}
