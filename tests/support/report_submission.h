// A report kept as the runtime keeps one: in a turn of its owner's own, with nothing else in it.
#pragma once
#include "storage/conversation_store.h"

namespace intake::testing {

inline storage::commit_outcome submit_report(storage::conversation_store& store, const storage::report_record& report) {
  storage::turn_record turn;
  turn.user_id = report.user_id;
  turn.channel = "terminal";
  turn.state_json = "{}";
  turn.now_ms = report.created_at_ms;
  turn.reports.push_back(report);
  return store.commit_turn(turn);
}

}  // namespace intake::testing
