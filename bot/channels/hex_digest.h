// Digests as lower-case hex, for secrets that are stored or compared as text: staff tokens and
// resume tokens (stored only as their SHA-256), and user ids signed by an operator's app
// (HMAC-SHA256). Pure; thread-safe; never throw except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>

namespace intake::channels {

std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// `bytes` random bytes from OpenSSL's generator, as hex (2 × bytes digits). Throws
// std::runtime_error if the generator fails.
std::string random_hex(std::size_t bytes);

}  // namespace intake::channels
