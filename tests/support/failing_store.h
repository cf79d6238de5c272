// A conversation_store whose writes all fail, as when the disk is full, and whose reads find
// nothing: a base for tests that need a store behaving one particular way.
#pragma once
#include "storage/conversation_store.h"

namespace intake::testing {

class failing_store : public storage::conversation_store {
 public:
  std::optional<storage::stored_conversation> load_conversation(const std::string&) override { return std::nullopt; }
  storage::commit_outcome commit_turn(const storage::turn_record&) override { throw storage::storage_error("disk full"); }
  std::vector<storage::commit_outcome> commit_turns(const std::vector<const storage::turn_record*>&) override {
    throw storage::storage_error("disk full");
  }
  storage::turn_inputs load_turn_inputs(const std::string&, const std::string&) override { return {}; }
  std::vector<storage::report_record> reports_of_user(const std::string&) override { return {}; }
  std::vector<storage::report_record> all_reports() override { return {}; }
  std::optional<storage::report_record> find_report(const std::string&) override { return std::nullopt; }
  std::vector<storage::transcript_line> transcript_of(const std::string&) override { return {}; }
  std::vector<storage::unanswered_question> unanswered_questions() override { return {}; }
  std::optional<std::string> find_delivery(const std::string&) override { return std::nullopt; }
  void save_more(const std::string&, const std::string&, std::int64_t) override { throw storage::storage_error("disk full"); }
  std::optional<std::string> take_more(const std::string&) override { return std::nullopt; }
  void check_writable() override { throw storage::storage_error("disk full"); }
  std::vector<storage::notification_record> pending_notifications(const std::string&) override { return {}; }
  storage::status_move_outcome move_report_status(const std::string&, const std::string&, const std::string&, const storage::history_record&,
                                                  const storage::notification_record&, const std::optional<storage::case_message>&) override {
    throw storage::storage_error("disk full");
  }
  std::vector<storage::history_record> report_history(const std::string&) override { return {}; }
  bool set_case_handling(const std::string&, const storage::case_handling&, const storage::history_record&,
                         const std::optional<storage::notification_record>&) override {
    throw storage::storage_error("disk full");
  }
  std::vector<storage::report_record> list_reports(const storage::report_filter&) override { return {}; }
  storage::report_page list_reports_page(const storage::report_filter&, const storage::report_page_request&) override { return {}; }
  void for_each_report(const storage::report_filter&, storage::report_order, const std::function<void(const storage::report_record&)>&) override {}
  std::vector<storage::flow_count> count_reports_by_flow(const storage::report_filter&) override { return {}; }
  void add_staff_reply(const storage::transcript_line&, const storage::notification_record&, const std::optional<storage::case_message>&) override {
    throw storage::storage_error("disk full");
  }
  void add_notification(const std::string&, const storage::notification_record&) override { throw storage::storage_error("disk full"); }
  std::vector<storage::case_message> case_thread(const std::string&) override { return {}; }
  std::vector<storage::satisfaction_cell> satisfaction() override { return {}; }
  std::vector<storage::case_closing> case_closings() override { return {}; }
  std::vector<storage::inbox_entry> case_inbox() override { return {}; }
  std::int64_t mark_case_read(const std::string&, std::int64_t) override { throw storage::storage_error("disk full"); }
  std::vector<storage::case_message> owner_case_messages_after(std::int64_t, std::size_t) override { return {}; }
  std::int64_t newest_case_message_id() override { return 0; }
  bool close_handoff(const std::string&, const storage::notification_record&) override { throw storage::storage_error("disk full"); }
  std::vector<storage::waiting_conversation> waiting_for_staff() override { return {}; }
  storage::transcript_matches search_transcript(const std::string&, std::size_t) override { return {}; }
  std::pair<std::vector<std::string>, std::int64_t> users_with_new_notifications(std::int64_t after) override { return {{}, after}; }
  std::int64_t newest_notification_id() override { throw storage::storage_error("disk full"); }
  void review_question(const storage::faq_review&) override { throw storage::storage_error("disk full"); }
  std::vector<storage::faq_review> question_reviews() override { return {}; }
  std::int64_t newest_question_review_id() override { return 0; }
  storage::report_statistics statistics(const storage::statistics_query&) override { return {}; }
  void save_flow_version(const storage::flow_version_record&) override { throw storage::storage_error("disk full"); }
  std::vector<storage::flow_version_record> flow_versions(const std::string&) override { return {}; }
  void log_access(const std::string&, const std::string&, const std::string&, std::int64_t) override {}
};

}  // namespace intake::testing
