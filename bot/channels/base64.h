// Standard base64 (RFC 4648 alphabet, with '=' padding) for the channel ciphers.
// Pure functions; thread-safe; never throw except std::bad_alloc.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace intake::channels {

// Padded base64 with no line breaks.
std::string base64_encode(std::string_view bytes);

// Decodes padded base64. The length must be a multiple of 4, '=' may only end the text (at most
// two), and no other character outside the alphabet is allowed (no whitespace). Unused low bits
// of the last character are ignored rather than refused, as in most decoders: Tencent's sample
// EncodingAESKeys rely on that. Returns nullopt on anything else.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace intake::channels
