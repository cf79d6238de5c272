#include "bot/engine/ticket.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <string>

namespace intake::engine {
namespace {

// Crockford's base32 leaves out I, L, O and U, so a ticket read over the phone is not misheard.
constexpr std::string_view ticket_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::int64_t china_offset_ms = 8LL * 3600 * 1000;

std::uint64_t fnv1a(std::string_view a, std::string_view b) {
  std::uint64_t hash = 1469598103934665603ULL;
  auto mix = [&](std::string_view part) {
    for (unsigned char c : part) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  };
  mix(a);
  mix(std::string_view("\x1f", 1));
  mix(b);
  return hash;
}

struct civil_time {
  int year, month, day, hour, minute, second;
};

civil_time china_civil(std::int64_t unix_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> at{milliseconds{unix_ms + china_offset_ms}};
  const auto day = floor<days>(at);
  const year_month_day ymd{day};
  const hh_mm_ss time{at - day};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(time.hours().count()),
          static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count())};
}

}  // namespace

std::string make_ticket(std::string_view user_id, std::string_view form_id, std::int64_t now_ms, int draw, std::string_view prefix) {
  const civil_time t = china_civil(now_ms);
  char date[16];
  std::snprintf(date, sizeof date, "%04d%02d%02d-", t.year, t.month, t.day);
  std::string ticket = std::string(prefix) + date;
  std::string salt = std::string(form_id) + "@" + std::to_string(now_ms);
  if (draw > 0) salt.append("#").append(std::to_string(draw));
  std::uint64_t hash = fnv1a(user_id, salt);
  for (int i = 0; i < 6; ++i) {
    ticket += ticket_alphabet[hash & 31U];
    hash >>= 5;
  }
  return ticket;
}

std::optional<std::string> find_ticket(std::string_view normalized) {
  auto is_ticket_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  auto is_letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t at = 0; at < normalized.size(); ++at) {
    if (!is_letter(normalized[at])) continue;
    if (at > 0 && is_ticket_char(normalized[at - 1])) continue;
    std::size_t i = at;
    std::string prefix;
    while (i < normalized.size() && prefix.size() < 4 && is_letter(normalized[i]))
      prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(normalized[i++])));
    if (prefix.size() > 3) continue;
    std::string digits;
    while (i < normalized.size() && digits.size() < 8 && std::isdigit(static_cast<unsigned char>(normalized[i]))) digits += normalized[i++];
    if (digits.size() != 8) continue;
    if (i < normalized.size() && (normalized[i] == '-' || normalized[i] == ' ')) ++i;
    std::string suffix;
    while (i < normalized.size() && suffix.size() < 6 && is_ticket_char(normalized[i]))
      suffix += static_cast<char>(std::toupper(static_cast<unsigned char>(normalized[i++])));
    if (suffix.size() != 6 || (i < normalized.size() && is_ticket_char(normalized[i]))) continue;
    return prefix + digits + "-" + suffix;
  }
  return std::nullopt;
}

std::optional<std::int64_t> parse_china_day(std::string_view day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i)
    for (std::size_t k = 0; k < lengths[i]; ++k) {
      const char c = day[starts[i] + k];
      if (c < '0' || c > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (c - '0');
    }
  using namespace std::chrono;
  const year_month_day date{year{parts[0]}, month{static_cast<unsigned>(parts[1])}, std::chrono::day{static_cast<unsigned>(parts[2])}};
  if (!date.ok()) return std::nullopt;
  return duration_cast<milliseconds>(sys_days{date}.time_since_epoch()).count() - china_offset_ms;
}

std::string format_china_time(std::int64_t unix_ms) {
  const civil_time t = china_civil(unix_ms);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d", t.year, t.month, t.day, t.hour, t.minute);
  return text;
}

std::string format_iso8601_china(std::int64_t unix_ms) {
  const civil_time t = china_civil(unix_ms);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", t.year, t.month, t.day, t.hour, t.minute, t.second);
  return text;
}

}  // namespace intake::engine
