// Working days in China Standard Time, from a holiday calendar file (flows/cases/calendar.json):
// Monday to Friday work, but for the listed holidays (放假), and the listed weekend days work
// (调休上班). Case deadlines count in these days. A value; pure; thread-safe once loaded.
#pragma once
#include <cstdint>
#include <set>
#include <utility>

namespace intake::runtime {

class working_calendar {
 public:
  // Days are numbered from 1970-01-01 (China time) as day 0.
  static std::int64_t day_of(std::int64_t unix_ms);
  static std::int64_t start_of(std::int64_t day);
  // The end (exclusive) of the day of `unix_ms`: what a case due today is due by.
  static std::int64_t end_of_day(std::int64_t unix_ms) { return start_of(day_of(unix_ms) + 1); }

  void add_holiday(std::int64_t day) { holidays_.insert(day); }
  void add_workday(std::int64_t day) { workdays_.insert(day); }
  bool working(std::int64_t day) const;

  // The end (exclusive) of the `working_days`-th working day after the day of `from_ms`: a case
  // submitted on a Friday with 1 working day is due by the end of Monday.
  std::int64_t due_ms(std::int64_t from_ms, int working_days) const;
  // The times [from, to) a case may have come in at for its due moment to fall in [due_from,
  // due_to): due_ms grows with the day a case came in, so it is one range.
  std::pair<std::int64_t, std::int64_t> arrivals_due_between(std::int64_t due_from_ms, std::int64_t due_to_ms, int working_days) const;

 private:
  std::set<std::int64_t> holidays_, workdays_;
};

}  // namespace intake::runtime
