// Signs a request the way the WeChat platform does in plain mode: lower-case hex SHA-1 of token,
// timestamp and nonce, sorted byte-wise and joined. Written apart from bot/channels on purpose, so the
// benchmark does not check the server with the server's own code. Thread-safe.
#pragma once
#include <string>

namespace intake::bench {

std::string wechat_signature(const std::string& token, const std::string& timestamp, const std::string& nonce);

}  // namespace intake::bench
