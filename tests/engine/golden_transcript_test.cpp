// Golden transcripts: each tests/engine/golden/*.chat file is a scripted conversation with the
// exact replies expected. Lines starting with "> " are what the owner types (\xNN escapes allowed);
// "# session" opens the chat again, "# wait N" lets N hours pass, "# long N" sends N characters;
// every other line is expected reply text. Set INTAKE_UPDATE_GOLDEN=1 to rewrite the files from the
// engine's output, then review the diff.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "bot/engine/dialogue_engine.h"
#include "bot/engine/ticket.h"
#include "tests/support/test_data.h"

namespace {

using namespace intake;

std::string unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() + 0 && text[i + 1] == 'x') {
      out += static_cast<char>(std::stoi(text.substr(i + 2, 2), nullptr, 16));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Plays a script against the engine, keeping state and submitted reports like storage would.
class golden_player {
 public:
  explicit golden_player(const engine::bot_definition& definition) : engine_(definition), definition_(definition) {}

  std::string turn(engine::inbound::kind kind, const std::string& text) {
    engine::inbound in{kind, "golden-user", "terminal", text};
    engine::turn_context context{now_, reports_, {}};
    auto result = engine_.step(state_, in, context);
    state_ = result.state;
    for (const auto& event : result.events) {
      if (event.type != "report_submitted") continue;
      reports_.insert(reports_.begin(), engine::report_status{event.payload["ticket"], "new", event.payload["created_at_ms"],
                                                              event.payload["answers"]["company_name"], ""});
    }
    now_ += 60 * 1000;
    return definition_.messages.render(state_.locale, result.messages);
  }

  void wait_hours(double hours) { now_ += static_cast<std::int64_t>(hours * 3600 * 1000); }
  const std::vector<engine::report_status>& reports() const { return reports_; }

 private:
  engine::dialogue_engine engine_;
  const engine::bot_definition& definition_;
  engine::conversation_state state_;
  std::vector<engine::report_status> reports_;
  std::int64_t now_ = testing::test_epoch_ms;
};

// Returns the transcript the engine produces for the script's inputs, in the file's own format.
std::string play(const std::string& script) {
  golden_player player(testing::shipped_definition());
  std::istringstream lines(script);
  std::string line, produced;
  auto emit = [&](const std::string& reply) { produced += reply + "\n"; };
  while (std::getline(lines, line)) {
    if (line.rfind("> ", 0) == 0 || line == ">") {
      produced += line + "\n";
      emit(player.turn(engine::inbound::kind::text, unescape(line.size() > 2 ? line.substr(2) : "")));
    } else if (line == "# session") {
      produced += line + "\n";
      emit(player.turn(engine::inbound::kind::session_start, ""));
    } else if (line.rfind("# wait ", 0) == 0) {
      produced += line + "\n";
      player.wait_hours(std::stod(line.substr(7)));
    } else if (line.rfind("# long ", 0) == 0) {
      produced += line + "\n";
      std::string text;
      for (int i = std::stoi(line.substr(7)); i > 0; --i) text += "长";
      emit(player.turn(engine::inbound::kind::text, text));
    } else if (line.rfind("#", 0) == 0) {
      produced += line + "\n";  // a comment
    }
  }
  return produced;
}

}  // namespace

TEST_CASE("Every golden transcript plays exactly as recorded", "[engine][golden]") {
  const auto dir = testing::source_dir() / "tests" / "engine" / "golden";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".chat") continue;
    ++files;
    std::ifstream in(entry.path());
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string expected = buffer.str();
    const std::string produced = play(expected);
    if (std::getenv("INTAKE_UPDATE_GOLDEN")) {
      std::ofstream(entry.path()) << produced;
      continue;
    }
    INFO("golden file " << entry.path().filename().string() << " (rerun with INTAKE_UPDATE_GOLDEN=1 and review the diff)");
    CHECK(produced == expected);
  }
  CHECK(files >= 6);
}
