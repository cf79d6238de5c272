// The dialogue engine: (conversation state, inbound message, context with the clock) → (new state,
// replies, events). Pure and synchronous: no sockets, no database, no clock of its own, so every
// conversation can be replayed in a test. Thread-safety: step() is const and may run on many threads
// at once for different conversations. Never throws for anything a user types.
#pragma once
#include "bot/engine/bot_definition.h"
#include "bot/engine/turn.h"

namespace intake::engine {

class dialogue_engine {
 public:
  explicit dialogue_engine(const bot_definition& definition) : definition_(definition) {}

  turn_result step(const conversation_state& state, const inbound& in, const turn_context& context) const;
  // The same, with a state the caller gives up: the new state is made from it instead of a copy (a
  // state mid-report holds every answer, and copying it was dozens of allocations a turn).
  turn_result step(conversation_state&& state, const inbound& in, const turn_context& context) const;

  const bot_definition& definition() const { return definition_; }

 private:
  const bot_definition& definition_;
};

}  // namespace intake::engine
