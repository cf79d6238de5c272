// Plain rows that cross the storage interface. Storage knows nothing of the engine: conversation
// state is an opaque JSON document here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace intake::storage {

struct report_record {
  std::string ticket;
  std::string form_id;
  std::string user_id;
  std::string channel;
  std::string status = "new";
  std::int64_t created_at_ms = 0;
  std::string company_name;
  std::string credit_code;
  std::string province;
  std::string city;
  std::string industry_code;
  std::string industry;
  std::int64_t employees = 0;
  std::int64_t returned_employees = 0;
  std::string resumption_status;
  std::vector<std::string> difficulties;
  std::optional<double> funding_gap_wan;
  std::optional<std::int64_t> labor_gap;
  std::string description;
  std::optional<std::string> help_wanted;
  std::string contact_name;
  std::string contact_phone;
  std::string latest_note;  // filled on reads: the newest non-empty note in the history
};

struct transcript_line {
  std::string user_id;
  std::string direction;  // "in" or "out"
  std::string channel;
  std::string text;
  std::int64_t at_ms = 0;
  std::string actor;         // the staff member for staff replies, else empty
  std::string search_terms;  // written to the full-text index (text::search_terms)
};

struct history_record {
  std::string status;
  std::string note;
  std::string actor;
  std::int64_t at_ms = 0;
};

struct notification_record {
  std::int64_t id = 0;
  std::string kind;  // status | staff_reply | handoff_closed
  std::string ticket, status, text, actor;
  std::int64_t created_at_ms = 0;
};

struct waiting_conversation {
  std::string user_id;
  std::int64_t since_ms = 0;
};

// Filters of the staff lists; empty fields do not filter. Text is compared folded (Traditional,
// full-width and case do not matter; folded_text_function.h), as a part of the field.
struct report_filter {
  std::string status;         // a status code: new, accepted …
  std::string province, city;
  std::string industry_code;  // a letter of GB/T 4754, A–T
  std::string industry_name;  // part of the industry's name
  std::string difficulty;     // part of a difficulty category
  std::string text;           // part of the company name, description, help wanted, contact, phone or credit code
  std::int64_t from_ms = 0, to_ms = 0;  // created_at in [from, to); 0 = open
};

// What became of a status move asked for with the status the case had when staff decided on it.
enum class status_move_outcome { moved, no_such_ticket, status_changed };

struct event_record {
  std::string type;
  std::string payload_json;
};

// turn_record::based_on_revision: the turn was prepared without a stored conversation, or without
// checking (a plain upsert, for tools and tests).
constexpr std::int64_t no_conversation_revision = -1;
constexpr std::int64_t unchecked_revision = -2;

// Everything one turn changes; written in one transaction or not at all.
struct turn_record {
  std::string user_id;
  std::string channel;
  std::string state_json;
  std::int64_t now_ms = 0;
  // The conversation revision the turn read: if the stored one differs, the turn is stale and none
  // of it is written.
  std::int64_t based_on_revision = unchecked_revision;
  std::vector<transcript_line> lines;
  std::vector<report_record> reports;
  std::vector<event_record> events;
  std::vector<std::int64_t> delivered_notifications;  // marked delivered with this turn
  std::string delivery_key;    // non-empty: remember this platform delivery and its reply
  std::string delivery_reply;  // what was sent for it
  bool revoke_resume_tokens = false;  // the owner signed out: no token resumes this conversation any more
};

// A policy question the knowledge base could not answer, grouped by its normalised text.
struct unanswered_question {
  std::string question;  // as last asked
  std::int64_t times = 0;
  std::int64_t last_asked_ms = 0;
};

// One cell of a cross-tabulation: difficulty category × something (province, industry, status, week).
struct count_cell {
  std::string difficulty;
  std::string by;
  std::int64_t count = 0;
};

struct report_statistics {
  std::vector<count_cell> by_province, by_industry, by_status, by_week;  // week: 2020-W09 (China time)
  std::vector<std::int64_t> ms_to_acceptance;  // per accepted report: first acceptance − submission
  std::vector<std::int64_t> ms_to_closing;     // per closed report: closing − submission
};

struct stored_conversation {
  std::string state_json;
  std::int64_t updated_at_ms = 0;
  std::int64_t revision = 0;  // see migrations/006_revision.sql
};

// What became of a turn handed to commit: kept whole; stale (nothing written: the conversation
// changed since the turn read it, its delivery was answered meanwhile, or the ticket of a report it
// submits is another report's; prepare it again from storage); failed (nothing written: storage
// refused).
enum class commit_outcome { kept, stale, failed };

// What a turn reads before the engine runs, from one consistent snapshot.
struct turn_inputs {
  std::optional<std::string> previous_reply;  // the delivery was answered before: this reply
  std::optional<stored_conversation> conversation;
  std::vector<report_record> reports;               // newest first
  std::vector<notification_record> notifications;  // undelivered, oldest first
};

}  // namespace intake::storage
