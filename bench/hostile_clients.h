// The hostile clients of the load benchmark's `hostile` scenario (issue 6), run beside the ordinary
// owners so that their effect on them can be measured: owners that never read their replies (each
// one sends at a fixed rate until the server drops it, then another takes its place; unpaced, one
// would measure a flood of turns, which costs any server, rather than a client that does not read), owners that send each frame a
// byte at a time, and a storm of connections opened and dropped (right after connecting, half-way
// through the upgrade request, or right after hello, with FIN or RST). Plain blocking sockets on
// threads of their own, so that none of it shares the owners' client threads; every socket
// operation is bounded by a timeout, and stop() ends them all within about a second.
// Not thread-safe: start() and stop() from one thread.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace intake::bench {

class hostile_clients {
 public:
  struct settings {
    int never_readers = 4;               // at once
    int never_reader_messages_per_second = 50;  // each; far faster than anyone types
    int tricklers = 4;                   // at once
    int trickle_byte_interval_ms = 10;   // one byte of a frame this often
    int storm_connections_per_second = 200;
  };
  struct counts {
    std::uint64_t never_reader_frames = 0;   // frames the never-readers got into their sockets
    std::uint64_t never_readers_dropped = 0; // connections the server closed on them
    std::uint64_t trickled_replies = 0;      // replies the tricklers got to their byte-by-byte frames
    std::uint64_t storm_connections = 0;     // opened and dropped
    std::uint64_t failures = 0;              // connections that could not be opened or upgraded
  };

  // `user_prefix` starts every user name, so that each run's hostile owners start afresh.
  hostile_clients(unsigned short port, settings what, std::string user_prefix);
  ~hostile_clients();
  hostile_clients(const hostile_clients&) = delete;
  hostile_clients& operator=(const hostile_clients&) = delete;

  void start();
  void stop();
  counts totals() const;

 private:
  // A connection upgraded to WebSocket, or -1 (counted as a failure, after a pause).
  int open_websocket(int buffer_bytes);
  void never_reader(int index);
  void trickler(int index);
  void storm();

  const unsigned short port_;
  const settings settings_;
  const std::string user_prefix_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> never_reader_frames_{0}, never_readers_dropped_{0}, trickled_replies_{0}, storm_connections_{0}, failures_{0};
  std::vector<std::thread> threads_;
};

}  // namespace intake::bench
