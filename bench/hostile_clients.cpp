#include "bench/hostile_clients.h"

#include <cerrno>
#include <chrono>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include "bench/bench_identity.h"
#include "tests/support/raw_client_socket.h"

namespace intake::bench {
namespace {

using clock_type = std::chrono::steady_clock;
using nlohmann::json;
using testing::connect_loopback;
using testing::masked_text_frame;

constexpr int socket_timeout_ms = 200;  // every blocking call returns this often, so stop() is seen
constexpr int never_reader_buffer = 4096;  // its receive and send buffers: the kernel holds little for it
constexpr auto reply_limit = std::chrono::seconds(5);
constexpr auto retry_pause = std::chrono::milliseconds(20);

enum class sent { all, timed_out, closed };

// Sends all of `bytes` unless the peer closed; a full buffer past `limit` is a time-out.
sent send_all(int fd, const std::string& bytes, clock_type::duration limit, const std::atomic<bool>& stopping) {
  const auto deadline = clock_type::now() + limit;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      if (stopping || clock_type::now() > deadline) return sent::timed_out;
      continue;
    }
    return sent::closed;
  }
  return sent::all;
}

// Reads exactly `size` bytes within `limit`; false on close, error or time-out.
bool receive_exactly(int fd, char* into, std::size_t size, clock_type::duration limit, const std::atomic<bool>& stopping) {
  const auto deadline = clock_type::now() + limit;
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::recv(fd, into + done, size - done, 0);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) && !stopping && clock_type::now() < deadline) continue;
    return false;
  }
  return true;
}

// Sends the upgrade request and reads the response up to its blank line; true on 101.
bool upgrade(int fd, const std::atomic<bool>& stopping) {
  if (send_all(fd, testing::websocket_upgrade_request, reply_limit, stopping) != sent::all) return false;
  std::string response;
  char byte = 0;
  while (response.size() < 4096 && response.find("\r\n\r\n") == std::string::npos) {
    if (!receive_exactly(fd, &byte, 1, reply_limit, stopping)) return false;
    response += byte;
  }
  return response.rfind("HTTP/1.1 101", 0) == 0;
}

std::string message(const std::string& text) { return masked_text_frame(json{{"type", "message"}, {"text", text}}.dump()); }
std::string hello(const std::string& user) { return masked_text_frame(signed_hello(user).dump()); }

// Reads server frames (unmasked) until a text frame; false on close, error or time-out.
bool receive_text_frame(int fd, const std::atomic<bool>& stopping) {
  for (;;) {
    unsigned char header[2];
    if (!receive_exactly(fd, reinterpret_cast<char*>(header), 2, reply_limit, stopping)) return false;
    std::uint64_t length = header[1] & 0x7f;
    if (length >= 126) {
      unsigned char extended[8];
      const std::size_t bytes = length == 126 ? 2 : 8;
      if (!receive_exactly(fd, reinterpret_cast<char*>(extended), bytes, reply_limit, stopping)) return false;
      length = 0;
      for (std::size_t i = 0; i < bytes; ++i) length = (length << 8) | extended[i];
    }
    if (length > (1u << 20)) return false;
    std::string payload(length, '\0');
    if (length && !receive_exactly(fd, payload.data(), length, reply_limit, stopping)) return false;
    const int opcode = header[0] & 0x0f;
    if (opcode == 0x1) return true;
    if (opcode == 0x8) return false;  // close
  }
}

}  // namespace

hostile_clients::hostile_clients(unsigned short port, settings what, std::string user_prefix)
    : port_(port), settings_(what), user_prefix_(std::move(user_prefix)) {}

hostile_clients::~hostile_clients() { stop(); }

void hostile_clients::start() {
  stopping_ = false;
  for (int i = 0; i < settings_.never_readers; ++i) threads_.emplace_back([this, i] { never_reader(i); });
  for (int i = 0; i < settings_.tricklers; ++i) threads_.emplace_back([this, i] { trickler(i); });
  if (settings_.storm_connections_per_second > 0) threads_.emplace_back([this] { storm(); });
}

void hostile_clients::stop() {
  stopping_ = true;
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

hostile_clients::counts hostile_clients::totals() const {
  return {never_reader_frames_.load(), never_readers_dropped_.load(), trickled_replies_.load(), storm_connections_.load(), failures_.load()};
}

int hostile_clients::open_websocket(int buffer_bytes) {
  const int fd = connect_loopback(port_, {socket_timeout_ms, buffer_bytes, true});
  if (fd >= 0 && upgrade(fd, stopping_)) return fd;
  if (fd >= 0) ::close(fd);
  if (!stopping_) ++failures_;
  std::this_thread::sleep_for(retry_pause);  // a server that refuses is not hammered
  return -1;
}

// Gets to the industry question, whose help text is long, then asks for help again and again without
// reading, until the server drops the connection; then the next one starts.
void hostile_clients::never_reader(int index) {
  static const std::vector<std::string> to_the_long_question{"1", "南昌小吃店", "91110000600037341L", "赣", "南昌市"};
  const std::string help = message("帮助");
  for (int round = 0; !stopping_; ++round) {
    const int fd = open_websocket(never_reader_buffer);
    if (fd < 0) continue;
    bool closed = send_all(fd, hello(user_prefix_ + "-never-reads-" + std::to_string(index) + "-" + std::to_string(round)), reply_limit, stopping_) ==
                  sent::closed;
    for (const auto& answer : to_the_long_question)
      if (!closed) closed = send_all(fd, message(answer), reply_limit, stopping_) == sent::closed;
    const auto interval = std::chrono::microseconds(1'000'000 / settings_.never_reader_messages_per_second);
    auto next = clock_type::now();
    while (!closed && !stopping_) {
      next += interval;
      std::this_thread::sleep_until(next);
      const sent result = send_all(fd, help, std::chrono::milliseconds(socket_timeout_ms), stopping_);
      if (result == sent::all) ++never_reader_frames_;
      // A full send buffer is not yet a drop: the server reads one frame per turn.
      closed = result == sent::closed;
    }
    if (closed) ++never_readers_dropped_;
    ::close(fd);
  }
}

// Says hello, then alternates 菜单 and 帮助, every frame a byte at a time; reads each reply.
void hostile_clients::trickler(int index) {
  for (int round = 0; !stopping_; ++round) {
    const int fd = open_websocket(0);
    if (fd < 0) continue;
    for (int turn = 0; !stopping_; ++turn) {
      const std::string frame =
          turn == 0 ? hello(user_prefix_ + "-trickle-" + std::to_string(index) + "-" + std::to_string(round)) : message(turn % 2 ? "菜单" : "帮助");
      bool broken = false;
      for (std::size_t i = 0; i < frame.size() && !broken && !stopping_; ++i) {
        broken = send_all(fd, frame.substr(i, 1), reply_limit, stopping_) != sent::all;
        std::this_thread::sleep_for(std::chrono::milliseconds(settings_.trickle_byte_interval_ms));
      }
      if (stopping_) break;
      if (broken || !receive_text_frame(fd, stopping_)) {
        if (!stopping_) ++failures_;
        break;
      }
      ++trickled_replies_;
    }
    ::close(fd);
  }
}

// Connections opened and dropped at a fixed rate, of three kinds in turn.
void hostile_clients::storm() {
  const auto interval = std::chrono::microseconds(1'000'000 / settings_.storm_connections_per_second);
  auto next = clock_type::now();
  for (std::uint64_t i = 0; !stopping_; ++i) {
    next += interval;
    std::this_thread::sleep_until(next);
    const int fd = connect_loopback(port_, {socket_timeout_ms, 0, true});
    if (fd < 0) {
      ++failures_;
      continue;
    }
    if (i % 3 == 1) {  // half an upgrade request
      const std::string partial = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgr";
      send_all(fd, partial, reply_limit, stopping_);
    } else if (i % 3 == 2) {  // a whole upgrade and a hello, then gone without reading the greeting
      if (!upgrade(fd, stopping_) || send_all(fd, hello(user_prefix_ + "-storm-" + std::to_string(i)), reply_limit, stopping_) != sent::all) {
        if (!stopping_) ++failures_;
      }
    }
    testing::drop_connection(fd, i % 2 == 1);
    ++storm_connections_;
  }
}

}  // namespace intake::bench
