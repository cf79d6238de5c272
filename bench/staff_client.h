// A staff member calling the staff API of a running `intake serve`: one GET on a new connection, with
// the bearer token, read whole, timed from connecting to the last byte. Every call is bounded: a view
// that has not answered in `timeout` counts as failed (status 0), so the scenario always ends.
// Thread-safe: each call has its own io_context.
#pragma once
#include <chrono>
#include <string>

namespace intake::bench {

struct staff_reply {
  int status = 0;  // 0: no reply (the error says why)
  std::size_t bytes = 0;
  double seconds = 0;
  std::string body;
  std::string error;
};

class staff_client {
 public:
  staff_client(unsigned short port, std::string token) : port_(port), token_(std::move(token)) {}

  // `target` is the path and query, already percent-encoded (url_encode).
  staff_reply get(const std::string& target, std::chrono::seconds timeout) const;

  static std::string url_encode(const std::string& text);

 private:
  unsigned short port_;
  std::string token_;
};

}  // namespace intake::bench
