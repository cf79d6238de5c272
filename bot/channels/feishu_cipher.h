// Feishu / Lark event decryption for subscriptions with an Encrypt Key (protocols/wechat.md
// section 4): key = SHA-256(encrypt_key), AES-256-CBC, IV = the first 16 bytes of the decoded data,
// PKCS#7 over 16-byte blocks. The X-Lark-Signature header check is separate.
// Pure function; thread-safe; never throws on bad input (only std::bad_alloc).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace intake::channels {

// The plaintext (the event's JSON) of a body's "encrypt" value, or nullopt if it is not valid
// base64, is shorter than IV + one block, is not block-aligned, or its padding is wrong (which is
// what a wrong key usually looks like).
std::optional<std::string> feishu_decrypt(std::string_view encrypt_key, std::string_view base64);

}  // namespace intake::channels
