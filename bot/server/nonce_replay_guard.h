// Remembers the signed (timestamp, nonce) pairs of webhook deliveries while their timestamp is still
// accepted, so that a callback URL seen once (in a proxy's log, say) cannot carry another message. In
// plain mode the signature covers only the token, the timestamp and the nonce: without this, anyone
// holding one URL could post any message as any openid until its timestamp went stale. A platform
// retry repeats the URL and the message; it is let through (the delivery log answers it), told apart
// from a replay by a SHA-256 of the message.
// Memory is bounded: an entry lives until its timestamp leaves the window, and beyond `capacity`
// entries the one that would expire first is dropped (its URL could then carry another message for
// what is left of its window; at the default capacity and a window of 300 s, that takes over 200
// deliveries a second).
// In memory, per process: several processes serving one account each keep their own.
// Thread-safety: check() may be called from any thread. Never throws but bad_alloc.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace intake::server {

class nonce_replay_guard {
 public:
  enum class verdict { first_use, same_delivery, replayed };

  static constexpr std::size_t default_capacity = 65536;

  explicit nonce_replay_guard(std::size_t capacity = default_capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

  // `expires_at`: the Unix second after which the timestamp is refused anyway (timestamp + window).
  // `message`: the bytes of the message the delivery carries (the plaintext XML that is acted on).
  verdict check(std::string_view timestamp, std::string_view nonce, std::int64_t expires_at, std::string_view message, std::int64_t now);

  std::size_t size() const;

 private:
  using fingerprint = std::array<unsigned char, 32>;
  struct entry {
    fingerprint message;
    std::int64_t expires_at;
  };

  void forget_expired(std::int64_t now);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, entry, std::less<>> seen_;            // timestamp and nonce → what they carried
  std::set<std::pair<std::int64_t, std::string>> by_expiry_;  // the same keys, soonest to expire first
};

}  // namespace intake::server
