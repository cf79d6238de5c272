#include "bot/runtime/working_calendar.h"

namespace intake::runtime {
namespace {

constexpr std::int64_t day_ms = 24LL * 3600 * 1000;
constexpr std::int64_t china_offset_ms = 8LL * 3600 * 1000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::int64_t working_calendar::day_of(std::int64_t unix_ms) { return floor_div(unix_ms + china_offset_ms, day_ms); }

std::int64_t working_calendar::start_of(std::int64_t day) { return day * day_ms - china_offset_ms; }

bool working_calendar::working(std::int64_t day) const {
  if (holidays_.count(day)) return false;
  if (workdays_.count(day)) return true;
  const std::int64_t weekday = ((day + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday; 0 is Sunday
  return weekday >= 1 && weekday <= 5;
}

std::int64_t working_calendar::due_ms(std::int64_t from_ms, int working_days) const {
  std::int64_t day = day_of(from_ms);
  for (int counted = 0; counted < working_days;)
    if (working(++day)) ++counted;
  return start_of(day + 1);
}

std::pair<std::int64_t, std::int64_t> working_calendar::arrivals_due_between(std::int64_t due_from_ms, std::int64_t due_to_ms,
                                                                             int working_days) const {
  // Due moments are ends of days: the arrival days whose due lies in the range are found by walking
  // back from the range's last day; a calendar never has more than a few weeks without work.
  const std::int64_t last = day_of(due_to_ms);
  std::int64_t from_day = last + 1, to_day = last + 1;  // arrival days [from_day, to_day)
  for (std::int64_t day = last; day > last - 400; --day) {
    const std::int64_t due = due_ms(start_of(day), working_days);
    if (due >= due_to_ms) {
      to_day = day;
      from_day = day;
      continue;
    }
    if (due < due_from_ms) break;
    from_day = day;
  }
  return {start_of(from_day), start_of(to_day)};
}

}  // namespace intake::runtime
