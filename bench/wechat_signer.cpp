#include "bench/wechat_signer.h"

#include <algorithm>
#include <array>
#include <openssl/evp.h>
#include <stdexcept>

namespace intake::bench {

std::string wechat_signature(const std::string& token, const std::string& timestamp, const std::string& nonce) {
  std::array<std::string, 3> parts{token, timestamp, nonce};
  std::sort(parts.begin(), parts.end());
  const std::string joined = parts[0] + parts[1] + parts[2];
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(joined.data(), joined.size(), digest, &length, EVP_sha1(), nullptr) != 1) throw std::runtime_error("SHA-1 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace intake::bench
