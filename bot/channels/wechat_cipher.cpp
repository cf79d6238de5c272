#include "bot/channels/wechat_cipher.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <utility>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "bot/channels/base64.h"

namespace intake::channels {

namespace {

// WXBizMsgCrypt pads to 32-byte blocks (PKCS#7 with k = 32), not to the AES block size: the pad
// value runs from 1 to 32. A 16-byte unpad breaks on the official WeCom vector (pad value 30).
constexpr std::size_t pad_block = 32;
constexpr std::size_t random_size = 16;
constexpr std::size_t header_size = random_size + 4;  // random16 || uint32_be(length)
constexpr std::size_t aes_block = 16;

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

std::optional<std::string> reject(std::string* error, const char* reason) {
  if (error) *error = reason;
  return std::nullopt;
}

bool is_key_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// AES-256-CBC with OpenSSL's padding switched off; input must be a multiple of 16 bytes.
// Returns false only if OpenSSL itself fails.
bool aes_cbc(bool encrypting, const std::array<unsigned char, 32>& key, std::string_view in, std::string& out) {
  if (in.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()) - aes_block) return false;
  cipher_ctx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) return false;
  const unsigned char* iv = key.data();
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, key.data(), iv, encrypting ? 1 : 0) != 1) return false;
  if (EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1) return false;
  out.assign(in.size() + aes_block, '\0');
  int written = 0;
  int final_written = 0;
  auto* out_bytes = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx.get(), out_bytes, &written, reinterpret_cast<const unsigned char*>(in.data()),
                       static_cast<int>(in.size())) != 1) {
    return false;
  }
  if (EVP_CipherFinal_ex(ctx.get(), out_bytes + written, &final_written) != 1) return false;
  out.resize(static_cast<std::size_t>(written) + static_cast<std::size_t>(final_written));
  return true;
}

}  // namespace

wechat_cipher::wechat_cipher(std::string_view encoding_aes_key, std::string receive_id)
    : receive_id_(std::move(receive_id)) {
  // The message names neither the key nor its characters: it may end up in a log.
  if (encoding_aes_key.size() != encoding_aes_key_size) {
    throw std::invalid_argument("EncodingAESKey must be 43 characters");
  }
  if (!std::all_of(encoding_aes_key.begin(), encoding_aes_key.end(), is_key_char)) {
    throw std::invalid_argument("EncodingAESKey must contain only base64 characters");
  }
  // 43 characters + "=" is 32 bytes plus 2 unused bits. Tencent's own sample keys leave those bits
  // non-zero, so the decoder ignores them instead of refusing the key as non-canonical.
  auto key = base64_decode(std::string(encoding_aes_key) + "=");
  if (!key || key->size() != key_.size()) throw std::invalid_argument("EncodingAESKey does not decode to 32 bytes");
  std::copy(key->begin(), key->end(), key_.begin());
  OPENSSL_cleanse(key->data(), key->size());
}

wechat_cipher::~wechat_cipher() { OPENSSL_cleanse(key_.data(), key_.size()); }

std::optional<std::string> wechat_cipher::decrypt(std::string_view base64, std::string* error) const {
  const auto cipher_text = base64_decode(base64);
  if (!cipher_text) return reject(error, "bad base64");
  if (cipher_text->empty() || cipher_text->size() % aes_block != 0) {
    return reject(error, "bad length: ciphertext is not a non-zero multiple of 16 bytes");
  }
  std::string plain;
  if (!aes_cbc(false, key_, *cipher_text, plain) || plain.size() != cipher_text->size()) {
    return reject(error, "AES decryption failed");
  }

  // Strict PKCS#7 over 32-byte blocks: 1 <= n <= 32, n <= size, and all n trailing bytes equal n.
  const std::size_t pad = static_cast<unsigned char>(plain.back());
  if (pad < 1 || pad > pad_block || pad > plain.size()) return reject(error, "bad padding");
  for (std::size_t i = plain.size() - pad; i < plain.size(); ++i) {
    if (static_cast<unsigned char>(plain[i]) != pad) return reject(error, "bad padding");
  }
  const std::size_t content_size = plain.size() - pad;
  if (content_size < header_size) return reject(error, "bad length: plaintext shorter than its header");

  const auto* header = reinterpret_cast<const unsigned char*>(plain.data()) + random_size;
  const std::uint64_t message_size = std::uint64_t{header[0]} << 24 | std::uint64_t{header[1]} << 16 |
                                     std::uint64_t{header[2]} << 8 | std::uint64_t{header[3]};
  if (message_size > content_size - header_size) return reject(error, "length field out of range");

  const std::string_view content(plain.data(), content_size);
  const std::string_view message = content.substr(header_size, static_cast<std::size_t>(message_size));
  const std::string_view found_id = content.substr(header_size + static_cast<std::size_t>(message_size));
  if (!receive_id_.empty() && found_id != receive_id_) return reject(error, "receive id mismatch");
  return std::string(message);
}

std::string wechat_cipher::encrypt(std::string_view message, std::string_view random16) const {
  if (random16.size() != random_size) {
    throw std::invalid_argument("wechat_cipher::encrypt needs exactly 16 random bytes");
  }
  if (message.size() > 0xFFFFFFFFu) throw std::length_error("message too long for WXBizMsgCrypt");

  std::string plain;
  plain.reserve(header_size + message.size() + receive_id_.size() + pad_block);
  plain.append(random16);
  const auto size = static_cast<std::uint32_t>(message.size());  // Bytes, not characters.
  plain += static_cast<char>((size >> 24) & 0xFF);
  plain += static_cast<char>((size >> 16) & 0xFF);
  plain += static_cast<char>((size >> 8) & 0xFF);
  plain += static_cast<char>(size & 0xFF);
  plain.append(message);
  plain.append(receive_id_);
  // A plaintext that is already 32-aligned still gets a whole block of 32 padding bytes.
  const std::size_t pad = pad_block - plain.size() % pad_block;
  plain.append(pad, static_cast<char>(pad));

  std::string cipher_text;
  if (!aes_cbc(true, key_, plain, cipher_text)) throw std::runtime_error("AES encryption failed");
  return base64_encode(cipher_text);
}

std::string wechat_cipher::encrypt(std::string_view message) const {
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string random;
  unsigned char bytes[32];
  while (random.size() < random_size) {
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
    for (unsigned char b : bytes) {
      // Rejection sampling keeps the characters uniform: 248 = 4 * 62.
      if (b < 248 && random.size() < random_size) random += alphabet[b % alphabet.size()];
    }
  }
  return encrypt(message, random);
}

}  // namespace intake::channels
