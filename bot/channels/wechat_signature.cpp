#include "bot/channels/wechat_signature.h"

#include <algorithm>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace intake::channels {

std::string wechat_signature(std::vector<std::string> parts) {
  // std::string compares through char_traits<char>, which compares as unsigned char: byte-wise order.
  std::sort(parts.begin(), parts.end());
  std::string joined;
  for (const auto& part : parts) joined += part;

  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (EVP_Digest(joined.data(), joined.size(), digest, &digest_size, EVP_sha1(), nullptr) != 1) {
    throw std::runtime_error("SHA-1 digest failed");
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(digest_size * 2);
  for (unsigned int i = 0; i < digest_size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0x0F];
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace intake::channels
