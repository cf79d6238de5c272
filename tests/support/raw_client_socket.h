// Plain client sockets for tests and the load benchmark's hostile clients, where a WebSocket library
// would not misbehave on purpose: a blocking TCP connection to the server on loopback, dropped with
// FIN or RST, and a client's bytes built by hand (the upgrade request, which the WebSocket fuzz
// target sends too, and text frames: RFC 6455, FIN, text, masked).
// Free functions; thread-safe; never throw but bad_alloc.
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace intake::testing {

struct raw_socket_options {
  int timeout_ms = 5000;    // SO_SNDTIMEO and SO_RCVTIMEO: connecting and every send or receive are bounded
  int buffer_bytes = 0;     // SO_RCVBUF and SO_SNDBUF when > 0: a client the kernel holds little for
  bool no_delay = false;    // TCP_NODELAY
};

// The upgrade request of a browser to /ws, with the example key of RFC 6455 (section 1.3).
inline constexpr const char* websocket_upgrade_request =
    "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

// A TCP connection to 127.0.0.1:port, or -1.
inline int connect_loopback(unsigned short port, const raw_socket_options& options = {}) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  if (options.buffer_bytes > 0) {
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &options.buffer_bytes, sizeof options.buffer_bytes);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &options.buffer_bytes, sizeof options.buffer_bytes);
  }
  if (options.no_delay) {
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  timeval timeout{options.timeout_ms / 1000, (options.timeout_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Closes with FIN, or with RST (SO_LINGER 0) as a crashed or vanished client does.
inline void drop_connection(int fd, bool reset) {
  if (reset) {
    linger abort{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
  }
  ::close(fd);
}

// A client text frame: FIN, text, masked (payloads under 64 KiB).
inline std::string masked_text_frame(const std::string& payload) {
  std::string frame(1, static_cast<char>(0x81));
  if (payload.size() < 126) {
    frame += static_cast<char>(0x80 | payload.size());
  } else {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>((payload.size() >> 8) & 0xff);
    frame += static_cast<char>(payload.size() & 0xff);
  }
  const unsigned char mask[4] = {0x37, 0xfa, 0x21, 0x3d};
  frame.append(reinterpret_cast<const char*>(mask), 4);
  for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ static_cast<char>(mask[i % 4]));
  return frame;
}

}  // namespace intake::testing
