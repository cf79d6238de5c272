// Loads and validates the bot definition from a data directory holding flows/ and locales/.
// Every problem is collected (file, JSON pointer, what to fix) before failing, and `intake flows
// check` runs exactly this. Not thread-safe while loading; the result is immutable.
#pragma once
#include <filesystem>
#include <memory>
#include <vector>

#include "bot/engine/bot_definition.h"

namespace intake::engine {

class definition_loader {
 public:
  // Returns the definition and fills `problems`; the definition is only usable when problems is empty.
  static std::unique_ptr<bot_definition> load(const std::filesystem::path& data_dir, std::vector<load_problem>& problems);
  // Throws load_error listing every problem.
  static std::unique_ptr<bot_definition> load_or_throw(const std::filesystem::path& data_dir);
};

// Keys the engine itself uses (greetings, errors, menu prompts); every locale must define them.
const std::vector<std::string>& engine_message_keys();

}  // namespace intake::engine
