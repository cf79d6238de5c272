// Raw AES-256-CBC for building hostile ciphertexts the production code would never write.
// Test-only; throws std::runtime_error if OpenSSL fails.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <openssl/evp.h>

namespace intake::channels::test {

// Encrypts `data` (which must already be a multiple of 16 bytes unless pkcs7 is true) with no
// padding of its own, or with OpenSSL's 16-byte PKCS#7 when pkcs7 is true.
inline std::string aes_256_cbc_encrypt(std::string_view key32, std::string_view iv16, std::string_view data,
                                       bool pkcs7 = false) {
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  const auto* key = reinterpret_cast<const unsigned char*>(key32.data());
  const auto* iv = reinterpret_cast<const unsigned char*>(iv16.data());
  if (!ctx || key32.size() != 32 || iv16.size() != 16 ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key, iv) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), pkcs7 ? 1 : 0) != 1) {
    throw std::runtime_error("AES setup failed");
  }
  std::string out(data.size() + 16, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  int written = 0;
  int final_written = 0;
  if (EVP_EncryptUpdate(ctx.get(), bytes, &written, reinterpret_cast<const unsigned char*>(data.data()),
                        static_cast<int>(data.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), bytes + written, &final_written) != 1) {
    throw std::runtime_error("AES encryption failed");
  }
  out.resize(static_cast<std::size_t>(written + final_written));
  return out;
}

}  // namespace intake::channels::test
