#include "bot/channels/feishu_cipher.h"

#include <limits>
#include <memory>
#include <utility>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "bot/channels/base64.h"

namespace intake::channels {

namespace {

constexpr std::size_t aes_block = 16;

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

}  // namespace

std::optional<std::string> feishu_decrypt(std::string_view encrypt_key, std::string_view base64) {
  const auto data = base64_decode(base64);
  if (!data || data->size() < 2 * aes_block || data->size() % aes_block != 0) return std::nullopt;
  if (data->size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return std::nullopt;

  unsigned char key[EVP_MAX_MD_SIZE];
  unsigned int key_size = 0;
  if (EVP_Digest(encrypt_key.data(), encrypt_key.size(), key, &key_size, EVP_sha256(), nullptr) != 1) {
    return std::nullopt;
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(data->data());
  const int cipher_size = static_cast<int>(data->size() - aes_block);

  cipher_ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::optional<std::string> result;
  if (ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key, bytes) == 1) {
    // OpenSSL's own padding is the 16-byte PKCS#7 Feishu uses; EVP_DecryptFinal_ex checks it.
    std::string plain(data->size(), '\0');
    auto* out = reinterpret_cast<unsigned char*>(plain.data());
    int written = 0;
    int final_written = 0;
    if (EVP_DecryptUpdate(ctx.get(), out, &written, bytes + aes_block, cipher_size) == 1 &&
        EVP_DecryptFinal_ex(ctx.get(), out + written, &final_written) == 1) {
      plain.resize(static_cast<std::size_t>(written) + static_cast<std::size_t>(final_written));
      result = std::move(plain);
    }
  }
  OPENSSL_cleanse(key, sizeof key);
  return result;
}

}  // namespace intake::channels
