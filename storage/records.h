// Plain rows that cross the storage interface. Storage knows nothing of the engine: conversation
// state is an opaque JSON document here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace intake::storage {

// One option chosen in a choice or multiple-choice answer (a multiple choice gives one each), kept
// beside the submission so that lists filter and statistics count on any choice answer.
struct chosen_option {
  std::string slot;   // the step's id
  std::string value;  // the option's stored value ("H", "资金")
  std::string name;   // its name for staff ("住宿和餐饮业")
};

// A submission of any flow (the table keeps the name reports). Storage knows nothing of flows: the
// answers and the names of the options chosen are JSON text it stores and returns as it got them,
// and the runtime (report_mapper.h) copies out the columns every list needs.
struct report_record {
  std::string ticket;
  std::string flow_id;
  std::string flow_version;  // names a row of flow_versions: the labels the submission is read under
  std::string form_id;
  std::string user_id;
  std::string channel;
  std::string status = "new";
  std::int64_t created_at_ms = 0;
  // Who the enterprise is and where, from the answers the flow names for them; "" when it names none.
  std::string company_name;
  std::string credit_code;
  std::string province;
  std::string city;
  std::string industry_code;
  std::string industry;
  std::string contact_name;
  std::string contact_phone;
  std::string answers_json = "{}";  // {step id: typed answer, null = skipped}
  std::string names_json = "{}";    // {step id: option name, or an array of names for a multiple choice}
  // Written with the submission, not read back: the options chosen, and the texts a search looks in.
  std::vector<chosen_option> choices;
  std::vector<std::string> searchable_texts;
  std::string latest_note;  // filled on reads: the newest non-empty note in the history
  std::string assignee;     // the staff member handling it ("" nobody yet)
  std::string department;   // the department it was routed to ("" not routed)
  std::int64_t clock_from_ms = 0;  // when its time limits started: its arrival, or its resubmission
};

// The snapshot of one version of a flow that staff tools read a submission with
// (engine/flow_schema.h), as JSON text.
struct flow_version_record {
  std::string flow_id;
  std::string version;
  std::string schema_json;
  std::int64_t first_seen_ms = 0;
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

// How far the transcript's full-text index reaches, counted by line number (lines are numbered as
// they are kept; a group rolled back leaves a gap, so the count is near, not exact): lines up to
// indexed_lines are searchable, total_lines is the newest line kept.
struct index_progress {
  std::int64_t indexed_lines = 0;
  std::int64_t total_lines = 0;

  bool complete() const { return indexed_lines >= total_lines; }
  // Whole percent, rounded down: 100 only once complete.
  int percent() const {
    if (complete() || total_lines <= 0) return 100;
    return static_cast<int>((indexed_lines > 0 ? indexed_lines : 0) * 100 / total_lines);
  }
};

// What a search of the transcript found, and how much of the transcript it looked in: while a lost
// index is rebuilt, a search answers at once from the indexed part rather than wait for the rest.
struct transcript_matches {
  std::vector<transcript_line> lines;
  index_progress index;
};

struct history_record {
  std::string status;
  std::string note;
  std::string actor;
  std::int64_t at_ms = 0;
};

struct notification_record {
  std::int64_t id = 0;
  std::string kind;  // what the engine reads it as (engine::notice); storage only keeps it
  std::string ticket, status, text, actor;  // ticket and status: "" reads and writes as none
  std::int64_t created_at_ms = 0;
};

// One message of a case's thread: the owner's, kept with the turn they wrote it in, or staff's,
// kept with the reply or status note they sent.
struct case_message {
  std::int64_t id = 0;  // as kept (0 before)
  std::string ticket;
  std::string user_id;  // the case's owner
  std::string author;   // "owner" or "staff"
  std::string actor;    // the staff member; "" for the owner
  std::string text;
  std::int64_t at_ms = 0;
  std::int64_t read_at_ms = 0;  // an owner's message: when staff read it; 0 = unread
};

// How the owner rated a closed case (回访).
struct case_rating {
  std::string ticket;
  std::string user_id;
  std::string rating;   // the runtime's code (case_life.h)
  std::string comment;  // the owner's words with it, "" for none
  std::int64_t at_ms = 0;
};

// Latest ratings counted by the department that handled the case ("" not routed) and the month it
// was rated in (2020-03, China time).
struct satisfaction_cell {
  std::string department;
  std::string month;
  std::string rating;
  std::int64_t count = 0;
};

// A closed case: where it was handled, when its time limits started and when it was first closed.
struct case_closing {
  std::string department;
  std::int64_t clock_from_ms = 0;
  std::int64_t closed_at_ms = 0;
};

// A case with owner's messages staff have not read.
struct inbox_entry {
  std::string ticket;
  std::string user_id;
  std::string flow_id;
  std::string status;
  std::string company_name;
  std::int64_t unread = 0;
  std::int64_t oldest_unread_ms = 0;
  std::string latest_text;  // the newest unread message
};

struct waiting_conversation {
  std::string user_id;
  std::int64_t since_ms = 0;
};

// An answer a submission must hold: one of the options chosen at `slot` has the value `value`, or
// a name that contains it (compared folded).
struct choice_condition {
  std::string slot;
  std::string value;
};

// Reports in one of `statuses` whose time limits started (clock_from_ms) within [from, to).
struct created_window {
  std::vector<std::string> statuses;
  std::int64_t from_ms = 0, to_ms = 0;
};

// Filters of the staff lists; empty fields do not filter. Text is compared folded (Traditional,
// full-width and case do not matter; folded_text_function.h), as a part of the field.
struct report_filter {
  std::string flow_id;
  std::string status;         // a status code: new, accepted …
  std::string province, city;
  std::string industry_code;  // the industry's code, as stored
  std::string industry_name;  // part of the industry's name
  std::vector<choice_condition> choices;  // every one must hold
  std::string text;           // part of a text answer, the contact, phone or credit code
  std::int64_t from_ms = 0, to_ms = 0;  // created_at in [from, to); 0 = open
  std::string assignee;       // exactly
  std::string department;     // exactly
  // When not empty, a report must be in one of these windows (deadlines: the runtime turns "overdue"
  // into the arrival times that make a case of each status overdue).
  std::vector<created_window> due;
};

// Who handles a case and where it was routed; an absent field is left as it is.
struct case_handling {
  std::optional<std::string> assignee;
  std::optional<std::string> department;
};

// The order reports are handed over in: lists show the newest first, exports keep the order they
// came in.
enum class report_order { newest_first, oldest_first };

// How many reports of one flow a filter keeps.
struct flow_count {
  std::string flow_id;
  std::int64_t reports = 0;
};

// Where a page of a list starts: after the last report of the page before, newest first. A page then
// costs the same however deep it is, and does not shift when reports arrive meanwhile.
struct report_cursor {
  std::int64_t created_at_ms = 0;
  std::string ticket;
};

struct report_page_request {
  std::size_t limit = 50;
  std::optional<report_cursor> after;  // the first page without
  std::size_t offset = 0;              // reports skipped before the page (numbered pages), after `after`
};

struct report_page {
  std::vector<report_record> reports;  // newest first
  std::optional<report_cursor> next;   // absent on the last page
  // How many reports the filter keeps, counted up to count_limit: when `total_is_at_least`, there
  // are more (counting them all would read every report, whatever the page).
  std::int64_t total = 0;
  bool total_is_at_least = false;
  static constexpr std::int64_t count_limit = 1000;
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
  // Whether the conversation waits for staff after this turn, and since when (0: with the bot),
  // copied from the engine's state by the runtime, so that storage need not read the state.
  std::int64_t handoff_since_ms = 0;
  bool revoke_resume_tokens = false;  // the owner signed out: no token resumes this conversation any more
  std::vector<case_message> case_messages;  // what the owner wrote on a case this turn
  // Returned reports the owner corrected and submitted again: the same ticket, new answers, status
  // entry.status, `entry` in its history; kept only while the report is still returned (else the
  // turn is stale).
  struct resubmission {
    report_record report;
    history_record entry;
  };
  std::vector<resubmission> resubmissions;
  std::vector<case_rating> case_ratings;
  // Closed cases their owner asked to be handled again: moved to entry.status with `entry` in the
  // history while still closed (a case reopened meanwhile is left as it is).
  struct reopening {
    std::string ticket;
    history_record entry;
  };
  std::vector<reopening> reopenings;
};

// A policy question the knowledge base could not answer, grouped by its normalised text.
struct unanswered_question {
  std::string question;  // as last asked
  std::string normalized;  // its group
  std::int64_t times = 0;
  std::int64_t last_asked_ms = 0;
};

// A staff decision on a policy question the bot could not answer.
struct faq_review {
  std::int64_t id = 0;     // as kept (0 before)
  std::string normalized;  // the question's group (engine::question_group)
  std::string question;    // as staff wrote or chose it
  std::string decision;    // "attached" or "out_of_scope"
  std::string entry_id;    // attached: the entry it is now a way of asking
  std::string actor;
  std::int64_t at_ms = 0;
};

// One cell of a cross-tabulation: an option chosen at the counted slot × something (province,
// industry, status, week, or the option chosen at another slot).
struct count_cell {
  std::string value;  // the name of the counted option (口罩, 资金)
  std::string by;
  std::int64_t count = 0;
};

// What to count: the options chosen at `count_slot` in the submissions of `flow_id`, broken down by
// the columns every flow has and, when `by_slot` is set, by the options chosen there.
struct statistics_query {
  std::string flow_id;
  std::string count_slot;
  std::string by_slot;
};

struct report_statistics {
  std::vector<count_cell> by_province, by_industry, by_status, by_week;  // week: 2020-W09 (China time)
  std::vector<count_cell> by_answer;                                    // by by_slot's option names
  std::vector<std::int64_t> ms_to_acceptance;  // per accepted report: first acceptance − submission
  std::vector<std::int64_t> ms_to_closing;     // per closed report: closing − submission
  // Submissions kept but not counted yet: the counts are built behind the commits (staff_aggregates.h).
  std::int64_t reports_not_counted = 0;
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
  // Newest first; without answers and names, which a turn does not read, but for a returned report's
  // answers (the owner may correct them).
  std::vector<report_record> reports;
  std::vector<notification_record> notifications;  // undelivered, oldest first
};

}  // namespace intake::storage
