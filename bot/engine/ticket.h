// Ticket numbers owners read out and type back: R20261123-7K3QXM. The date is China Standard Time
// (UTC+8); the suffix is a hash of the user, the form and the moment, so it cannot be guessed from
// another owner's ticket. Exactly-once submission does not rest on the ticket but on the form id
// (see storage). Pure; thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace intake::engine {

// `draw` > 0 gives another ticket for the same report: the one drawn before belongs to another report
// (30 bits: among 10,000 reports of a day, two share one with a chance of 5 %).
// `prefix` is the flow's (R for the difficulty report, YG, RZ …).
std::string make_ticket(std::string_view user_id, std::string_view form_id, std::int64_t now_ms, int draw = 0, std::string_view prefix = "R");

// Finds a ticket in normalised text ("r20261123-7k3qxm", "R20261123 7K3QXM", "r202611237k3qxm",
// "yg20261123-7k3qxm": one to three letters before the date)
// and returns it in canonical form.
std::optional<std::string> find_ticket(std::string_view normalized);

// "2026-11-23 09:05" in China Standard Time.
std::string format_china_time(std::int64_t unix_ms);
// "2026-11-23T09:05:00+08:00".
std::string format_iso8601_china(std::int64_t unix_ms);

// "2020-03-01" → the start of that day in China Standard Time, in Unix milliseconds; nullopt for
// anything that is not a date written YYYY-MM-DD.
std::optional<std::int64_t> parse_china_day(std::string_view day);

}  // namespace intake::engine
