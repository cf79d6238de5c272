// The storage interface the runtime talks to. Implementations: sqlite_store.
// Error style: every method throws storage_error; nothing is half-written when it does.
#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/records.h"

namespace intake::storage {

class storage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class conversation_store {
 public:
  virtual ~conversation_store() = default;

  virtual std::optional<stored_conversation> load_conversation(const std::string& user_id) = 0;
  // State, transcript lines, reports and events of one turn, atomically. A report whose
  // (user_id, form_id) is already stored is not stored again.
  virtual void commit_turn(const turn_record& turn) = 0;
  // Newest first.
  virtual std::vector<report_record> reports_of_user(const std::string& user_id) = 0;
  // Oldest first.
  virtual std::vector<report_record> all_reports() = 0;
  virtual std::optional<report_record> find_report(const std::string& ticket) = 0;
  // Oldest first.
  virtual std::vector<transcript_line> transcript_of(const std::string& user_id) = 0;
  // From "faq_unanswered" events: most often asked first, then most recent.
  virtual std::vector<unanswered_question> unanswered_questions() = 0;
  // The reply already sent for a platform delivery, if it was processed.
  virtual std::optional<std::string> find_delivery(const std::string& delivery_key) = 0;
  // The unsent rest of a long reply: save replaces it, take returns and removes it.
  virtual void save_more(const std::string& user_id, const std::string& text, std::int64_t now_ms) = 0;
  virtual std::optional<std::string> take_more(const std::string& user_id) = 0;
  // Throws storage_error unless the database accepts a write right now.
  virtual void check_writable() = 0;
};

}  // namespace intake::storage
