// Splits a request target into its path and its query parameters, percent-decoded. "+" stays "+":
// WeCom signs the base64 echostr, and base64 uses "+". Pure; never throws except std::bad_alloc.
#pragma once
#include <map>
#include <string>
#include <string_view>

namespace intake::server {

struct request_target {
  std::string path;
  std::map<std::string, std::string> query;
  std::string get(const std::string& name) const {
    auto found = query.find(name);
    return found == query.end() ? std::string() : found->second;
  }
};

request_target parse_target(std::string_view target);

}  // namespace intake::server
