// Golden transcripts: each tests/engine/golden/*.chat file is a scripted conversation with the
// exact replies expected. Lines starting with "> " are what the owner types (\xNN escapes allowed);
// "# session" opens the chat again, "# wait N" lets N hours pass, "# long N" sends N characters;
// "# staff …" is what a staff member did (golden_player::staff), told with the next turn, and
// "# push" tells it at once, as the server does over /ws; every other line is expected reply text,
// and "→ …" what the turn kept for staff beyond the transcript (a message on a case, a rating, a
// request to reopen, a corrected report). Set INTAKE_UPDATE_GOLDEN=1 to rewrite the files from the
// engine's output, then review the diff.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>

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
    engine::turn_context context{now_, reports_, notices_};
    auto result = engine_.step(state_, in, context);
    state_ = result.state;
    for (const auto& event : result.events) {
      if (event.type == "notices_delivered") notices_.clear();
      if (event.type == "case_message")
        kept_.push_back("转给经办人 " + event.payload["ticket"].get<std::string>() + " " + event.payload["text"].get<std::string>());
      if (event.type == "case_rated")
        kept_.push_back("评价 " + event.payload["ticket"].get<std::string>() + " " + event.payload["rating"].get<std::string>() +
                        (event.payload["comment"] == "" ? "" : " " + event.payload["comment"].get<std::string>()));
      if (event.type == "case_reopen_requested") kept_.push_back("申请重新办理 " + event.payload["ticket"].get<std::string>());
      if (event.type == "report_resubmitted") kept_.push_back("重新提交 " + event.payload["ticket"].get<std::string>());
      if (event.type == "report_resubmitted") {
        for (auto& report : reports_)
          if (report.ticket == event.payload["ticket"]) {
            report.status = "new";
            report.answers = nullptr;
            report.latest_note = "企业已按退回意见修改并重新提交";  // as the runtime writes it (case_life.h)
            submitted_answers_[report.ticket] = event.payload["answers"];
          }
      }
      if (event.type != "report_submitted") continue;
      reports_.insert(reports_.begin(), engine::report_status{event.payload["ticket"], "new", event.payload["created_at_ms"],
                                                              event.payload["answers"]["company_name"], "", event.payload["flow"], nullptr, ""});
      submitted_answers_[event.payload["ticket"]] = event.payload["answers"];
    }
    now_ += 60 * 1000;
    return definition_.messages.render(state_.locale, result.messages);
  }

  void wait_hours(double hours) { now_ += static_cast<std::int64_t>(hours * 3600 * 1000); }

  // What a staff member did, as the staff desk writes it, told with the owner's next turn. `what`:
  // "status STATUS [NOTE]", "route DEPARTMENT" or "reply TEXT" about the newest report, "reply-user TEXT" to the
  // conversation, "close-thread" of the newest report.
  void staff(const std::string& what) {
    const std::string ticket = reports_.empty() ? "" : reports_.front().ticket;
    const auto space = what.find(' ');
    const std::string verb = what.substr(0, space), rest = space == std::string::npos ? "" : what.substr(space + 1);
    engine::notice notice{++notice_ids_, "", ticket, "", "", "王科长"};
    if (verb == "status") {
      const auto gap = rest.find(' ');
      notice.kind = engine::notice::status_changed;
      notice.status = rest.substr(0, gap);
      notice.text = gap == std::string::npos ? "" : rest.substr(gap + 1);
      if (!reports_.empty()) {
        // As storage reads it: the newest note, and a returned report's answers to correct.
        auto& report = reports_.front();
        report.status = notice.status;
        if (!notice.text.empty()) report.latest_note = notice.text;
        report.answers = notice.status == "returned" ? submitted_answers_[report.ticket] : nlohmann::json();
      }
    } else if (verb == "reply" || verb == "reply-user") {
      notice.kind = engine::notice::staff_reply;
      notice.text = rest;
      if (verb == "reply-user") notice.ticket.clear();
    } else if (verb == "close-thread") {
      notice.kind = engine::notice::thread_closed;
    } else if (verb == "route") {
      notice.kind = engine::notice::routed;
      notice.text = rest;
      if (!reports_.empty()) reports_.front().department = rest;
    } else {
      throw std::invalid_argument("unknown staff action in a golden file: " + what);
    }
    notices_.push_back(notice);
  }
  // What the turns since the last call kept for staff beyond the transcript, one line each.
  std::vector<std::string> take_kept() { return std::exchange(kept_, {}); }
  const std::vector<engine::report_status>& reports() const { return reports_; }

 private:
  engine::dialogue_engine engine_;
  const engine::bot_definition& definition_;
  engine::conversation_state state_;
  std::vector<engine::report_status> reports_;
  std::vector<engine::notice> notices_;
  std::vector<std::string> kept_;
  std::map<std::string, nlohmann::json> submitted_answers_;  // by ticket
  std::int64_t notice_ids_ = 0;
  std::int64_t now_ = testing::test_epoch_ms;
};

// Returns the transcript the engine produces for the script's inputs, in the file's own format.
std::string play(const std::string& script) {
  golden_player player(testing::shipped_definition());
  std::istringstream lines(script);
  std::string line, produced;
  // A turn's reply, then what it kept for staff beyond the transcript ("→ 转给经办人 TICKET text").
  auto emit = [&](const std::string& reply) {
    produced += reply + "\n";
    for (const auto& kept : player.take_kept()) produced += "→ " + kept + "\n";
  };
  while (std::getline(lines, line)) {
    if (line.rfind("> ", 0) == 0 || line == ">") {
      produced += line + "\n";
      emit(player.turn(engine::inbound::kind::text, unescape(line.size() > 2 ? line.substr(2) : "")));
    } else if (line == "# session") {
      produced += line + "\n";
      emit(player.turn(engine::inbound::kind::session_start, ""));
    } else if (line.rfind("# staff ", 0) == 0) {
      produced += line + "\n";
      player.staff(line.substr(8));
    } else if (line == "# push") {
      produced += line + "\n";
      emit(player.turn(engine::inbound::kind::notify, ""));
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
