// Signatures of WeChat, WeCom and DingTalk callbacks: SHA-1 over the byte-wise sorted,
// concatenated parts, and a constant-time comparison for checking them.
// Pure functions; thread-safe; they throw only std::bad_alloc (and std::runtime_error if OpenSSL's
// digest fails, which does not happen short of memory exhaustion).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace intake::channels {

// Lower-case hex SHA-1 of the parts sorted byte-wise and joined with no separator.
// Plain mode signs {token, timestamp, nonce}; msg_signature signs {token, timestamp, nonce, Encrypt},
// with Encrypt exactly as received (base64 text, not decoded).
std::string wechat_signature(std::vector<std::string> parts);

// True when a and b hold the same bytes. The content comparison takes the same time wherever the
// first difference is (CRYPTO_memcmp); a length mismatch returns false at once, since lengths are
// not secret (a signature is always 40 hex digits).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace intake::channels
