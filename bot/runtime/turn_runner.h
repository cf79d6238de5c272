// Runs one turn end to end: load the conversation, step the engine, render the replies, and commit
// state + transcript + events + reports in one transaction before the reply is returned. This is the
// one place where storage failures become a polite reply. The server splits a turn in two: prepare()
// (read and step, on a worker) and, once the group committer kept the record, the reply goes out.
// A turn reads its conversation from the cache of recent conversations when it can, from storage
// otherwise; storage refuses a turn prepared on inputs that changed meanwhile (stale), and the turn
// is then prepared again from storage (see conversation_cache.h).
// Thread-safety: may be called from several threads for different users; turns of one user must not
// overlap, commit included (callers serialise them).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bot/engine/dialogue_engine.h"
#include "bot/runtime/conversation_cache.h"
#include "bot/runtime/flow_snapshots.h"
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
  bool signed_out = false; // the owner signed out (退出登录): no resume token leads to this conversation any more
};

// A turn computed but not yet kept: `reply` may be sent only after `record` is committed.
struct prepared_turn {
  rendered_reply reply;
  std::optional<storage::turn_record> record;  // empty: nothing to keep (reply.committed says why)
  std::optional<cached_conversation> after;    // what the next turn reads if this one is kept
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
  // reading gives the polite failure reply and no record. `attempt` > 0: the turn was found stale
  // and is prepared again, from storage rather than the cache, and a report it submits draws
  // another ticket (storage refuses a ticket another report holds, as stale).
  prepared_turn prepare(const engine::inbound& in, const std::optional<std::string>& locale = std::nullopt,
                        const std::string& delivery_key = "", int attempt = 0);
  // What becomes of a prepared turn once storage decided: its reply goes out (kept), it is prepared
  // again from storage (stale, and attempts are left), or the owner gets the failure reply (failed,
  // or stale on its last attempt).
  enum class turn_fate { kept, prepare_again, lost };
  // Once the committer decided a prepared turn's fate: a kept turn's `after` becomes what the
  // conversation's next turn reads; otherwise the conversation is read from storage next time.
  // `attempt` is the one prepare() was given. The one place the stale-retry policy lives.
  turn_fate settle(const engine::inbound& in, std::optional<cached_conversation> after, storage::commit_outcome outcome, int attempt);
  // What the owner is told when their turn could not be kept.
  rendered_reply failure_reply(const std::string& locale) const;

  // A turn found stale this often in a row (staff keep changing the conversation) gets the failure reply.
  static constexpr int max_attempts = 3;

  static std::int64_t system_now_ms();

  // The versions of the flows this runner submits with (publish() them where a store is opened).
  const flow_snapshots& flow_versions() const { return versions_; }

 private:
  // The conversation as storage has it; an absent or unreadable state starts afresh.
  cached_conversation read_conversation(storage::turn_inputs inputs) const;

  const engine::bot_definition& definition_;
  flow_snapshots versions_;
  engine::dialogue_engine engine_;
  storage::conversation_store& store_;
  clock now_;
  conversation_cache conversations_;
};

}  // namespace intake::runtime
