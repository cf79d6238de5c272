// What goes into and comes out of one engine step. Replies are catalog keys with arguments, rendered
// to text in the user's language at the edge (catalog::render), so the engine never formats text.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "bot/engine/conversation_state.h"

namespace intake::engine {

struct inbound {
  // notify: no message from the owner; deliver what staff did (a push over a live connection).
  enum class kind { text, session_start, notify };
  kind type = kind::text;
  std::string user_id;
  std::string channel;  // "terminal", "websocket", "wechat" …
  std::string text;     // raw bytes as received; may be invalid UTF-8
};

// A report as the owner sees it when checking progress; loaded by the caller so the engine stays pure.
struct report_status {
  std::string ticket;
  std::string status;  // new | accepted | in_progress | closed | returned
  std::int64_t created_at_ms = 0;
  std::string company_name;
  std::string latest_note;
  std::string flow_id;
  nlohmann::json answers;  // a returned report's answers, which the owner corrects; null otherwise
  std::string department;  // where staff routed it ("" not routed)
};

// Something staff did for this owner outside the conversation, to be told with the next reply.
struct notice {
  // The kinds, decided here and written by the runtime's staff desk. They are stored as these strings
  // (notifications.kind), so existing databases hold them: never rename one.
  static constexpr const char* status_changed = "status";
  static constexpr const char* staff_reply = "staff_reply";
  static constexpr const char* handoff_closed = "handoff_closed";
  // Staff end a case's thread: the owner's messages go back to the bot.
  static constexpr const char* thread_closed = "thread_closed";
  // Staff routed the case to a department (text: its name).
  static constexpr const char* routed = "routed";

  std::int64_t id = 0;
  std::string kind;  // one of the kinds above
  std::string ticket, status, text, actor;
};

struct turn_context {
  std::int64_t now_ms = 0;
  std::vector<report_status> user_reports;  // this user's reports, newest first
  std::vector<notice> notices;              // undelivered, oldest first
  int ticket_draw = 0;                      // > 0: a ticket drawn for this turn before was another report's
};

// One paragraph of a reply. An argument that is itself an object {"key": …, "args": …} is rendered as
// a nested message in the same locale (used for option labels inside sentences).
struct message {
  message() = default;
  message(std::string key_, nlohmann::json args_ = nullptr,
          std::shared_ptr<const std::map<std::string, std::string>> prepared_ = nullptr)
      : key(std::move(key_)), args(std::move(args_)), prepared(std::move(prepared_)) {}

  std::string key;
  // Null when the message has none: an empty object would cost an allocation, and a turn says a
  // dozen such messages. The catalog reads anything but an object as no arguments.
  nlohmann::json args;
  // Text by locale, rendered from key and args once when the definition was loaded; when set,
  // rendering uses it instead. Option lists are constant and were a fifth of a turn's work.
  std::shared_ptr<const std::map<std::string, std::string>> prepared;
};

// A choice offered with a reply, as data so a widget can draw a button. `reply` is what to send back.
struct choice {
  std::string reply;
  message label;
};

struct event {
  std::string type;  // "report_submitted" …
  nlohmann::json payload;
};

struct turn_result {
  conversation_state state;
  std::vector<message> messages;
  std::vector<choice> choices;
  std::vector<event> events;
};

namespace detail {
inline void add_members(nlohmann::json::object_t&) {}
template <typename Value, typename... Rest>
void add_members(nlohmann::json::object_t& members, const char* name, Value&& value, Rest&&... rest) {
  members.emplace(name, nlohmann::json(std::forward<Value>(value)));
  add_members(members, std::forward<Rest>(rest)...);
}
}  // namespace detail

// A message's arguments from names and values in turn: args("n", 2, "label", nested(key)). Built
// member by member, as nested() is: the initializer-list form ({{"n", 2}, …}) copied each value and
// made the summary's lines cost ~7k instructions each.
template <typename... NamesAndValues>
nlohmann::json args(NamesAndValues&&... names_and_values) {
  static_assert(sizeof...(NamesAndValues) % 2 == 0, "args() takes a value for every name");
  nlohmann::json out(nlohmann::json::value_t::object);
  detail::add_members(out.get_ref<nlohmann::json::object_t&>(), std::forward<NamesAndValues>(names_and_values)...);
  return out;
}

inline nlohmann::json nested(std::string key, nlohmann::json arguments = nullptr) {
  // Built member by member: nlohmann's initializer-list constructor inspects and copies every
  // element, and option lists call this once per option (callgrind: ~4k instructions a call).
  nlohmann::json out(nlohmann::json::value_t::object);
  auto& members = out.get_ref<nlohmann::json::object_t&>();
  members.emplace("args", std::move(arguments));
  members.emplace("key", std::move(key));
  return out;
}

}  // namespace intake::engine
