// Shared helpers for tests: the repository's own flows and locales, loaded once.
#pragma once
#include <filesystem>
#include <memory>

#include "bot/engine/definition_loader.h"

namespace intake::testing {

inline std::filesystem::path source_dir() { return INTAKE_SOURCE_DIR; }

// The shipped definition; tests must not modify it (copy settings into a new one when needed).
inline const engine::bot_definition& shipped_definition() {
  static const std::unique_ptr<engine::bot_definition> definition = engine::definition_loader::load_or_throw(source_dir());
  return *definition;
}

// 2020-03-01 10:00 China Standard Time, the day before many of these notices took effect.
constexpr std::int64_t test_epoch_ms = 1583028000000LL;

}  // namespace intake::testing
