#include "bot/server/wechat_endpoint.h"

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <chrono>

#include "bot/channels/wechat_signature.h"
#include "bot/engine/match_text.h"
#include "bot/text/utf8.h"

namespace intake::server {
namespace {

namespace http = boost::beast::http;
namespace asio = boost::asio;

// The platforms send nonces of ten digits or so; each one is remembered for the timestamp window.
constexpr std::size_t max_nonce_bytes = 64;

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

http_response plain_response(const http_request& request, http::status status, std::string body, const char* type = "text/plain; charset=utf-8") {
  http_response response{status, request.version()};
  response.set(http::field::content_type, type);
  response.keep_alive(request.keep_alive());
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

}  // namespace

wechat_endpoint::wechat_endpoint(platform kind, const wechat_settings& settings, const server_config& config,
                                 const engine::bot_definition& definition, storage::conversation_store& store,
                                 conversation_dispatcher& dispatcher, server_metrics& metrics, client_error_log& log)
    : kind_(kind),
      settings_(settings),
      config_(config),
      definition_(definition),
      store_(store),
      dispatcher_(dispatcher),
      metrics_(metrics),
      log_(log),
      channel_(kind == platform::wecom ? "wecom" : "wechat") {
  if (!settings.aes_key.empty()) cipher_.emplace(settings.aes_key, settings.app_id);
  if (kind == platform::wecom && !cipher_) throw std::invalid_argument("WeCom needs an AES key");
}

http_response wechat_endpoint::reject(const http_request& request, http::status status, const std::string& reason, const std::string& detail) {
  metrics_.rejected(channel_ + "_" + reason);
  // A storage failure is the server's, and storage logs it itself.
  if (status != http::status::service_unavailable)
    log_.note(channel_ + " request refused (" + reason + ")", (detail.empty() ? "" : detail + "; ") + "answered " + std::to_string(static_cast<unsigned>(status)));
  return plain_response(request, status, std::string(http::obsolete_reason(status)) + "\n");
}

std::optional<std::int64_t> wechat_endpoint::fresh(const std::string& timestamp) const {
  if (timestamp.empty() || timestamp.size() > 12 || timestamp.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const std::int64_t at = std::stoll(timestamp);
  const std::int64_t drift = now_seconds() - at;
  if (drift > config_.timestamp_window_seconds || drift < -config_.timestamp_window_seconds) return std::nullopt;
  return at;
}

bool wechat_endpoint::replayed(const std::string& timestamp, std::int64_t at, const std::string& nonce, const std::string& message) {
  return nonces_.check(timestamp, nonce, at + config_.timestamp_window_seconds, message, now_seconds()) == nonce_replay_guard::verdict::replayed;
}

std::string wechat_endpoint::user_id(const channels::wechat_message& message) const {
  if (kind_ == platform::wecom) return "wecom:" + settings_.app_id + ":" + message.from_user;
  return "wechat:" + message.from_user;
}

asio::awaitable<http_response> wechat_endpoint::handle(const http_request& request, const request_target& target) {
  if (request.method() == http::verb::get) co_return verify_url(request, target);
  if (request.method() == http::verb::post) co_return co_await receive(request, target);
  co_return reject(request, http::status::method_not_allowed, "method");
}

http_response wechat_endpoint::verify_url(const http_request& request, const request_target& target) {
  const std::string timestamp = target.get("timestamp"), nonce = target.get("nonce"), echostr = target.get("echostr");
  if (!fresh(timestamp)) return reject(request, http::status::forbidden, "stale_timestamp");
  if (kind_ == platform::official_account) {
    const std::string expected = channels::wechat_signature({settings_.token, timestamp, nonce});
    if (!channels::constant_time_equal(expected, target.get("signature"))) return reject(request, http::status::forbidden, "signature");
    return plain_response(request, http::status::ok, echostr);
  }
  const std::string expected = channels::wechat_signature({settings_.token, timestamp, nonce, echostr});
  if (!channels::constant_time_equal(expected, target.get("msg_signature"))) return reject(request, http::status::forbidden, "signature");
  auto plain = cipher_->decrypt(echostr);
  if (!plain) return reject(request, http::status::bad_request, "decrypt");
  return plain_response(request, http::status::ok, *plain);
}

asio::awaitable<http_response> wechat_endpoint::receive(const http_request& request, const request_target& target) {
  const std::string timestamp = target.get("timestamp"), nonce = target.get("nonce");
  const std::optional<std::int64_t> sent_at = fresh(timestamp);
  if (!sent_at) co_return reject(request, http::status::forbidden, "stale_timestamp");
  if (nonce.size() > max_nonce_bytes) co_return reject(request, http::status::bad_request, "nonce");
  const bool encrypted = kind_ == platform::wecom || target.get("encrypt_type") == "aes";
  if (!encrypted) {
    // In safe mode the body must be signed, and only the encrypted part is.
    if (!settings_.accepts_plaintext()) co_return reject(request, http::status::forbidden, "plaintext_in_safe_mode");
    // Plain mode: the URL signature is all there is; check it before reading the body.
    const std::string expected = channels::wechat_signature({settings_.token, timestamp, nonce});
    if (!channels::constant_time_equal(expected, target.get("signature"))) co_return reject(request, http::status::forbidden, "signature");
    if (replayed(timestamp, *sent_at, nonce, request.body())) co_return reject(request, http::status::forbidden, "replayed_nonce");
  }
  auto parsed = channels::parse_wechat_xml(request.body(), config_.max_body_bytes);
  if (!parsed.message) co_return reject(request, http::status::bad_request, std::string(channels::to_string(parsed.error)));
  channels::wechat_message message = std::move(*parsed.message);
  if (encrypted) {
    if (!cipher_) co_return reject(request, http::status::bad_request, "safe_mode_off");
    // Only <Encrypt> is signed; in compatible mode the plaintext beside it is ignored.
    const std::string expected = channels::wechat_signature({settings_.token, timestamp, nonce, message.encrypt});
    if (message.encrypt.empty() || !channels::constant_time_equal(expected, target.get("msg_signature")))
      co_return reject(request, http::status::forbidden, "signature");
    std::string why;
    auto plain = cipher_->decrypt(message.encrypt, &why);
    if (!plain) co_return reject(request, http::status::bad_request, "decrypt", "cannot decrypt a signed message: " + why);
    // A retry may be encrypted afresh; the message inside is what it repeats.
    if (replayed(timestamp, *sent_at, nonce, *plain)) co_return reject(request, http::status::forbidden, "replayed_nonce");
    auto inner = channels::parse_wechat_xml(*plain, config_.max_body_bytes);
    if (!inner.message) co_return reject(request, http::status::bad_request, std::string(channels::to_string(inner.error)));
    message = std::move(*inner.message);
  }
  // The sender becomes a user id that staff read on terminals: printable, or refused.
  if (!text::is_printable_identifier(message.from_user, 128)) co_return reject(request, http::status::bad_request, "no_sender");

  const std::string user = user_id(message);
  const std::string type = lower(message.msg_type);
  turn_request turn;
  turn.in.user_id = user;
  turn.in.channel = channel_;
  if (type == "text") {
    turn.in.type = engine::inbound::kind::text;
    turn.in.text = message.content;
    // MsgId identifies a message; the rare message without one is identified like an event.
    turn.delivery_key = message.msg_id.empty() ? channel_ + ":text:" + message.from_user + ":" + std::to_string(message.create_time)
                                               : channel_ + ":msg:" + message.msg_id;
    if (engine::match_form(text::sanitize_utf8(message.content)) == "更多") {
      // The rest of a long reply is not a turn of the conversation; it was already said.
      std::optional<std::string> rest;
      try {
        rest = store_.take_more(user);
      } catch (const storage::storage_error&) {
        co_return reject(request, http::status::service_unavailable, "storage");
      }
      if (rest) co_return reply(request, message, *rest, target, encrypted);
    }
  } else if (type == "event") {
    const std::string event = lower(message.event);
    turn.delivery_key = channel_ + ":event:" + message.from_user + ":" + std::to_string(message.create_time) + ":" + event + ":" +
                        message.event_key;
    if (event == "subscribe" || event == "enter_agent") {
      turn.in.type = engine::inbound::kind::session_start;
    } else if (event == "click" && settings_.menu_keys.count(message.event_key)) {
      turn.in.type = engine::inbound::kind::text;
      turn.in.text = settings_.menu_keys.at(message.event_key);
    } else {
      co_return plain_response(request, http::status::ok, "success");  // nothing to say to unsubscribe, VIEW, LOCATION …
    }
  } else {
    // Images, voice, video, location, links: the bot reads text only, and says so.
    const std::string locale = engine::catalog::default_locale;
    co_return reply(request, message, definition_.messages.render(locale, engine::message{"channel.text_only", {}}), target, encrypted);
  }

  runtime::rendered_reply answer = co_await dispatcher_.async_turn(std::move(turn), asio::use_awaitable);
  if (!answer.committed) co_return reject(request, http::status::service_unavailable, "storage");  // the platform retries
  co_return reply(request, message, answer.text, target, encrypted);
}

std::pair<std::string, std::string> wechat_endpoint::page(const std::string& text, std::size_t max_bytes, const std::string& more_hint) {
  if (text.size() <= max_bytes) return {text, ""};
  const std::size_t budget = max_bytes > more_hint.size() + 1 ? max_bytes - more_hint.size() - 1 : max_bytes / 2;
  std::size_t cut = text.rfind('\n', budget);
  if (cut == std::string::npos || cut < budget / 2) {
    cut = budget;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  }
  std::string first = text.substr(0, cut);
  std::string rest = text.substr(cut);
  while (!rest.empty() && rest.front() == '\n') rest.erase(0, 1);
  return {first + "\n" + more_hint, rest};
}

http_response wechat_endpoint::reply(const http_request& request, const channels::wechat_message& message, const std::string& text,
                                     const request_target& target, bool encrypted) {
  const std::string hint = definition_.messages.render(engine::catalog::default_locale, engine::message{"channel.more_hint", {}});
  auto [first, rest] = page(text, config_.max_reply_bytes, hint);
  const std::string user = user_id(message);
  try {
    if (!rest.empty()) store_.save_more(user, rest, now_seconds() * 1000);
  } catch (const storage::storage_error&) {
    return reject(request, http::status::service_unavailable, "storage");
  }
  const std::int64_t created = now_seconds();
  std::string body = channels::render_text_reply(message.from_user, message.to_user, created, first);
  if (encrypted) {
    const std::string nonce = target.get("nonce");
    const std::string encrypt = cipher_->encrypt(body);
    const std::string signature = channels::wechat_signature({settings_.token, std::to_string(created), nonce, encrypt});
    body = channels::render_encrypted_reply(encrypt, signature, created, nonce);
  }
  return plain_response(request, http::status::ok, std::move(body), "application/xml; charset=utf-8");
}

}  // namespace intake::server
