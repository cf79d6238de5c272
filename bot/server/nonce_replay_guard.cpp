#include "bot/server/nonce_replay_guard.h"

#include <openssl/evp.h>

namespace intake::server {

nonce_replay_guard::verdict nonce_replay_guard::check(std::string_view timestamp, std::string_view nonce, std::int64_t expires_at,
                                                      std::string_view message, std::int64_t now) {
  fingerprint digest{};
  unsigned int length = 0;
  EVP_Digest(message.data(), message.size(), digest.data(), &length, EVP_sha256(), nullptr);
  // Prefixed with the timestamp's length, so that no other (timestamp, nonce) makes the same key.
  std::string key = std::to_string(timestamp.size());
  key.reserve(key.size() + 1 + timestamp.size() + nonce.size());
  key.append(1, ':').append(timestamp).append(nonce);

  std::lock_guard lock(mutex_);
  forget_expired(now);
  if (auto found = seen_.find(key); found != seen_.end()) return found->second.message == digest ? verdict::same_delivery : verdict::replayed;
  if (seen_.size() >= capacity_) {
    seen_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
  by_expiry_.emplace(expires_at, key);
  seen_.emplace(std::move(key), entry{digest, expires_at});
  return verdict::first_use;
}

std::size_t nonce_replay_guard::size() const {
  std::lock_guard lock(mutex_);
  return seen_.size();
}

void nonce_replay_guard::forget_expired(std::int64_t now) {
  while (!by_expiry_.empty() && by_expiry_.begin()->first < now) {
    seen_.erase(by_expiry_.begin()->second);
    by_expiry_.erase(by_expiry_.begin());
  }
}

}  // namespace intake::server
