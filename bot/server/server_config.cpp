#include "bot/server/server_config.h"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace intake::server {
namespace {

using nlohmann::json;

void parse_listen(const std::string& value, server_config& config) {
  const auto colon = value.rfind(':');
  if (colon == std::string::npos || colon == 0) throw std::runtime_error("listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080");
  config.listen_address = value.substr(0, colon);
  try {
    const int port = std::stoi(value.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    config.listen_port = static_cast<std::uint16_t>(port);
  } catch (const std::exception&) {
    throw std::runtime_error("listen port must be a number from 0 to 65535");
  }
}

void read_channel(const json& section, wechat_settings& settings, const char* name) {
  if (!section.is_object()) throw std::runtime_error(std::string("config: \"") + name + "\" must be an object");
  settings.token = section.value("token", settings.token);
  settings.aes_key = section.value("aes_key", settings.aes_key);
  settings.app_id = section.value(std::string(name) == "wecom" ? "corp_id" : "app_id", settings.app_id);
  if (section.contains("menu_keys")) settings.menu_keys = section["menu_keys"].get<std::map<std::string, std::string>>();
  settings.mode = section.value("mode", settings.mode);
}

void from_env(const char* variable, std::string& target) {
  if (const char* value = std::getenv(variable); value && *value) target = value;
}

}  // namespace

server_config load_server_config(const server_flags& flags) {
  server_config config;
  if (flags.config_file) {
    std::ifstream in(*flags.config_file);
    if (!in) throw std::runtime_error("cannot read config file " + *flags.config_file);
    json document;
    try {
      document = json::parse(in);
      if (document.contains("listen")) parse_listen(document["listen"].get<std::string>(), config);
      config.db_path = document.value("db", config.db_path);
      if (document.contains("data_dir")) config.data_dir = document["data_dir"].get<std::string>();
      config.threads = document.value("threads", config.threads);
      config.staff_threads = document.value("staff_threads", config.staff_threads);
      config.request_read_seconds = document.value("request_read_seconds", config.request_read_seconds);
      config.write_progress_seconds = document.value("write_progress_seconds", config.write_progress_seconds);
      config.resume_after_hours = document.value("resume_after_hours", config.resume_after_hours);
      if (document.contains("wechat")) read_channel(document["wechat"], config.wechat, "wechat");
      if (document.contains("wecom")) read_channel(document["wecom"], config.wecom, "wecom");
      for (const auto& member : document.value("staff", json::array())) {
        staff_member staff{member.at("name").get<std::string>(), member.at("token_sha256").get<std::string>()};
        if (staff.name.empty() || staff.token_sha256.size() != 64 || staff.token_sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
          throw std::runtime_error("config: each staff member needs a name and token_sha256 (64 lower-case hex digits)");
        config.staff.push_back(std::move(staff));
      }
      config.timestamp_window_seconds = document.value("timestamp_window_seconds", config.timestamp_window_seconds);
      config.max_body_bytes = document.value("max_body_bytes", config.max_body_bytes);
      config.max_ws_frame_bytes = document.value("max_ws_frame_bytes", config.max_ws_frame_bytes);
      config.max_ws_queued_messages = document.value("max_ws_queued_messages", config.max_ws_queued_messages);
      config.ws_idle_timeout_seconds = document.value("ws_idle_timeout_seconds", config.ws_idle_timeout_seconds);
      config.ws_message_timeout_seconds = document.value("ws_message_timeout_seconds", config.ws_message_timeout_seconds);
      config.ws_resume_token_days = document.value("ws_resume_token_days", config.ws_resume_token_days);
      config.max_connections = document.value("max_connections", config.max_connections);
    } catch (const json::exception& error) {
      throw std::runtime_error("config file " + *flags.config_file + ": " + error.what());
    }
  }
  from_env("INTAKE_WECHAT_TOKEN", config.wechat.token);
  from_env("INTAKE_WECHAT_AES_KEY", config.wechat.aes_key);
  from_env("INTAKE_WECHAT_APPID", config.wechat.app_id);
  from_env("INTAKE_WECOM_TOKEN", config.wecom.token);
  from_env("INTAKE_WECOM_AES_KEY", config.wecom.aes_key);
  from_env("INTAKE_WECOM_CORPID", config.wecom.app_id);
  from_env("INTAKE_WS_IDENTITY_SECRET", config.ws_identity_secret);
  if (flags.listen) parse_listen(*flags.listen, config);
  if (flags.db) config.db_path = *flags.db;
  if (flags.data_dir) config.data_dir = flags.data_dir;
  if (config.threads < 1 || config.threads > 64) throw std::runtime_error("threads must be between 1 and 64");
  if (config.staff_threads < 1 || config.staff_threads > 16) throw std::runtime_error("staff_threads must be between 1 and 16");
  if (config.request_read_seconds < 1) throw std::runtime_error("request_read_seconds must be at least 1");
  if (config.write_progress_seconds < 1) throw std::runtime_error("write_progress_seconds must be at least 1");
  if (!(config.resume_after_hours > 0)) throw std::runtime_error("resume_after_hours must be more than 0");
  if (config.ws_message_timeout_seconds < 1) throw std::runtime_error("ws_message_timeout_seconds must be at least 1");
  if (!(config.ws_resume_token_days > 0) || config.ws_resume_token_days > 3650)
    throw std::runtime_error("ws_resume_token_days must be more than 0 and at most 3650");
  if (!config.ws_identity_secret.empty() && config.ws_identity_secret.size() < 32)
    throw std::runtime_error("INTAKE_WS_IDENTITY_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)");
  if (config.wecom.enabled() && (config.wecom.aes_key.empty() || config.wecom.app_id.empty()))
    throw std::runtime_error("WeCom needs a token, an AES key and a CorpID (INTAKE_WECOM_*)");
  if (config.wechat.mode != "" && config.wechat.mode != "safe" && config.wechat.mode != "compatible")
    throw std::runtime_error("wechat.mode must be \"safe\" or \"compatible\"");
  if (config.wechat.enabled() && !config.wechat.mode.empty() && config.wechat.aes_key.empty())
    throw std::runtime_error("wechat.mode \"" + config.wechat.mode + "\" needs an AES key (INTAKE_WECHAT_AES_KEY); without one, leave it out");
  if (config.wecom.mode != "" && config.wecom.mode != "safe") throw std::runtime_error("wecom.mode can only be \"safe\": WeCom always encrypts");
  if (config.max_connections < 1 || config.max_connections > 1000000) throw std::runtime_error("max_connections must be between 1 and 1000000");
  return config;
}

}  // namespace intake::server
