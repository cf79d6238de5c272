// Runs one turn end to end: load the conversation, step the engine, render the replies, and commit
// state + transcript + events + reports in one transaction before the reply is returned. This is the
// one place where storage failures become a polite reply. The server splits a turn in two: prepare()
// (read and step, on a worker) and, once the group committer kept the record, the reply goes out.
// Thread-safety: may be called from several threads for different users; turns of one user must not
// overlap, commit included (callers serialise them).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bot/engine/dialogue_engine.h"
#include "bot/runtime/state_cache.h"
#include "storage/conversation_store.h"

namespace intake::runtime {

struct rendered_choice {
  std::string reply;
  std::string label;
};

struct rendered_reply {
  std::string text;
  std::vector<rendered_choice> choices;
  std::string locale;
  bool committed = false;  // false: storage failed and nothing of this turn was kept
  bool duplicate = false;  // the delivery was answered before; this is the same reply again
};

// A turn computed but not yet kept: `reply` may be sent only after `record` is committed.
struct prepared_turn {
  rendered_reply reply;
  std::optional<storage::turn_record> record;  // empty: nothing to keep (reply.committed says why)
};

class turn_runner {
 public:
  using clock = std::function<std::int64_t()>;

  turn_runner(const engine::bot_definition& definition, storage::conversation_store& store, clock now);

  // `locale` forces the conversation's language (e.g. `intake chat --locale en`). A non-empty
  // `delivery_key` (a platform's message id) makes the turn idempotent: a delivery already answered
  // gets the stored reply and is not processed again.
  rendered_reply handle(const engine::inbound& in, const std::optional<std::string>& locale = std::nullopt,
                        const std::string& delivery_key = "");

  // The first half of handle(): reads and the engine step, nothing written. A storage failure while
  // reading gives the polite failure reply and no record.
  prepared_turn prepare(const engine::inbound& in, const std::optional<std::string>& locale = std::nullopt,
                        const std::string& delivery_key = "");
  // What the owner is told when their turn could not be kept.
  rendered_reply failure_reply(const std::string& locale) const;

  static std::int64_t system_now_ms();

 private:
  engine::conversation_state load_state(const std::string& user_id, const std::optional<storage::stored_conversation>& stored);

  const engine::bot_definition& definition_;
  engine::dialogue_engine engine_;
  storage::conversation_store& store_;
  clock now_;
  state_cache states_;
};

}  // namespace intake::runtime
