// Helpers shared by the fault tests: the owner's scripted answers, a read-only look into the server's
// database file (the tests judge what was kept from the file itself, not through the server), the
// process's resident memory, and the locale texts the owner is meant to see.
#pragma once
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <ostream>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/types.h>
#include <vector>

namespace intake::testing {

// The difficulty report answered the way owners type (as in tests/server); the last answer confirms.
inline const std::vector<std::string>& report_script() {
  static const std::vector<std::string> answers{"1",         "南昌小吃店", "91110000600037341L", "赣",    "南昌市东湖区", "做餐饮的",
                                                "一千二",    "两百",       "八百万",     "3",                  "资金，房租", "1200000元",
                                                "店面租金太高，客流只有平时的两成", "无", "李红", "0791 86123456", "确认"};
  return answers;
}

struct stored_line {
  std::string direction;  // "in" or "out"
  std::string text;
  bool operator==(const stored_line&) const = default;
};

inline std::ostream& operator<<(std::ostream& out, const stored_line& line) { return out << line.direction << ": " << line.text; }

// A read-only connection to the database file a server is using (or used before it was killed).
class db_reader {
 public:
  explicit db_reader(const std::string& path) : db_(path, SQLite::OPEN_READONLY, 5000) {}

  std::vector<stored_line> transcript(const std::string& user_id) {
    SQLite::Statement query(db_, "SELECT direction, text FROM transcript WHERE user_id = ? ORDER BY id");
    query.bind(1, user_id);
    std::vector<stored_line> lines;
    while (query.executeStep()) lines.push_back({query.getColumn(0).getString(), query.getColumn(1).getString()});
    return lines;
  }

  std::int64_t count(const std::string& sql, const std::string& parameter = "") {
    SQLite::Statement query(db_, sql);
    if (!parameter.empty()) query.bind(1, parameter);
    return query.executeStep() ? query.getColumn(0).getInt64() : -1;
  }

  std::string text(const std::string& sql, const std::string& parameter = "") {
    SQLite::Statement query(db_, sql);
    if (!parameter.empty()) query.bind(1, parameter);
    return query.executeStep() ? query.getColumn(0).getString() : std::string("<no row>");
  }

  std::string integrity_check() { return db_.execAndGet("PRAGMA integrity_check").getString(); }

 private:
  SQLite::Database db_;
};

// Where a ticket number (R20200301-7K3QXM: R, 8 digits, "-", 6 digits or capitals) starts in `text`
// at or after `from`, or npos. (Not std::regex: GCC 12 warns inside it under -fsanitize=address.)
constexpr std::size_t ticket_length = 16;
inline std::size_t find_ticket(const std::string& text, std::size_t from = 0) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t at = text.find('R', from); at != std::string::npos && at + ticket_length <= text.size(); at = text.find('R', at + 1)) {
    bool ticket = text[at + 9] == '-';
    for (std::size_t i = 1; i <= 8 && ticket; ++i) ticket = digit(text[at + i]);
    for (std::size_t i = 10; i < ticket_length && ticket; ++i) ticket = digit(text[at + i]) || (text[at + i] >= 'A' && text[at + i] <= 'Z');
    if (ticket) return at;
  }
  return std::string::npos;
}

// Ticket numbers differ between conversations and days; the rest of a reply must not.
inline std::string without_tickets(std::string text) {
  for (std::size_t at = find_ticket(text); at != std::string::npos; at = find_ticket(text, at + 1)) text.replace(at, ticket_length, "R<ticket>");
  return text;
}

inline std::string first_ticket(const std::string& text) {
  const std::size_t at = find_ticket(text);
  return at == std::string::npos ? std::string() : text.substr(at, ticket_length);
}

// VmRSS of a process in KiB, or -1.
inline long resident_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// A message of locales/zh-CN.json as written (for messages without arguments).
inline std::string zh_cn_message(const std::string& key) {
  std::ifstream file(std::string(INTAKE_SOURCE_DIR) + "/locales/zh-CN.json");
  return nlohmann::json::parse(file).at("messages").at(key).get<std::string>();
}

// The p-th percentile (0–100) of `samples`, nearest rank.
inline double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  std::size_t rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, samples.size());
  return samples[rank - 1];
}

}  // namespace intake::testing
