// WXBizMsgCrypt: the AES-256-CBC envelope of WeChat Official Account safe mode, WeCom callbacks and
// DingTalk event pushes (protocols/wechat.md section 2). It only encrypts and decrypts the <Encrypt>
// payload; checking msg_signature is the caller's job (wechat_signature.h), and must come first.
// Thread-safety: immutable after construction; const members may be called from any number of
// threads at once (each call makes its own OpenSSL context).
// Throws: the constructor throws std::invalid_argument on a malformed EncodingAESKey; decrypt never
// throws on bad input (only std::bad_alloc); encrypt throws std::invalid_argument if random16 is not
// 16 bytes, std::length_error for a message of 4 GiB or more and std::runtime_error if OpenSSL fails.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace intake::channels {

class wechat_cipher {
 public:
  static constexpr std::size_t encoding_aes_key_size = 43;

  // encoding_aes_key: the 43-character EncodingAESKey from the platform's console.
  // receive_id: the Official Account AppID, the WeCom CorpID (or suite_id), DingTalk's appKey,
  // corpId or suiteKey. Empty means "do not check" (WeCom AI-bot callbacks carry an empty one).
  wechat_cipher(std::string_view encoding_aes_key, std::string receive_id);
  ~wechat_cipher();
  wechat_cipher(const wechat_cipher&) = default;
  wechat_cipher& operator=(const wechat_cipher&) = default;

  // The message inside a base64 <Encrypt> value (or WeCom's echostr, already percent-decoded), or
  // nullopt. On failure `error`, if given, gets a short English reason for the log; the reasons
  // never include key material or plaintext.
  std::optional<std::string> decrypt(std::string_view base64, std::string* error = nullptr) const;

  // The base64 <Encrypt> value for message. random16 must be exactly 16 bytes; the result is
  // deterministic, which is what the published test vectors need.
  std::string encrypt(std::string_view message, std::string_view random16) const;

  // As above with 16 fresh random characters [A-Za-z0-9] from RAND_bytes, like the official samples.
  std::string encrypt(std::string_view message) const;

  const std::string& receive_id() const { return receive_id_; }

 private:
  std::array<unsigned char, 32> key_{};  // AES-256 key; the IV is its first 16 bytes.
  std::string receive_id_;
};

}  // namespace intake::channels
