// Splits a request target into its path and its query parameters, percent-decoded. "+" stays "+":
// WeCom signs the base64 echostr, and base64 uses "+". The path also comes split at "/" before its
// segments are decoded, so that a name holding "/" (written %2F) stays one segment. Decoded bytes
// are not checked: they may be any, invalid UTF-8 included. Pure; never throws except std::bad_alloc.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace intake::server {

struct request_target {
  std::string path;
  std::map<std::string, std::string> query;
  std::vector<std::string> segments;  // of the path, each decoded; empty ones ("//", a final "/") left out
  std::string get(const std::string& name) const {
    auto found = query.find(name);
    return found == query.end() ? std::string() : found->second;
  }
};

request_target parse_target(std::string_view target);

}  // namespace intake::server
