// What runtime::staff_desk hands storage, for storage tests that write as staff without the desk.
// The kinds are spelt out as stored (engine::notice names them): storage keeps what it is given.
#pragma once
#include <cstdint>
#include <string>

#include "storage/conversation_store.h"

namespace intake::testing {

inline storage::status_move_outcome move_status(storage::conversation_store& store, const std::string& ticket, const std::string& from,
                                                const std::string& to, const std::string& note, const std::string& actor,
                                                std::int64_t at_ms) {
  storage::notification_record notice;
  notice.kind = "status";
  notice.ticket = ticket;
  notice.status = to;
  notice.text = note;
  notice.actor = actor;
  notice.created_at_ms = at_ms;
  return store.move_report_status(ticket, from, to, {to, note, actor, at_ms}, notice);
}

inline void staff_reply(storage::conversation_store& store, const storage::transcript_line& line) {
  storage::notification_record notice;
  notice.kind = "staff_reply";
  notice.text = line.text;
  notice.actor = line.actor;
  notice.created_at_ms = line.at_ms;
  store.add_staff_reply(line, notice);
}

inline bool close_handoff(storage::conversation_store& store, const std::string& user_id, const std::string& actor, std::int64_t at_ms) {
  storage::notification_record notice;
  notice.kind = "handoff_closed";
  notice.actor = actor;
  notice.created_at_ms = at_ms;
  return store.close_handoff(user_id, notice);
}

}  // namespace intake::testing
