// Builds the database of a province's survey campaign (issue 27) through the product's own storage,
// so that the staff views are measured on what the server itself would have written: conversations
// with their transcript lines (owners' lines carry text::search_terms, as turn_runner writes them),
// difficulty reports made from answers by runtime::report_from_event with the flow's published
// version, the turns' events (report_submitted, faq_answered, faq_unanswered), and status moves with
// their history and notices through the store's status API. Then the transcript index is caught up,
// as a server that ran the campaign would have it.
//
// Each owner's visit is one turn record (its ~50 lines, its report, its events): the rows are the
// server's, only the conversation's revision counter ends lower. Deterministic for a seed (the
// campaign's dates are fixed, not today's). Single-threaded; throws std::runtime_error (an existing
// file, a flow that is not there) or storage errors.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>

namespace intake::bench {

class province_builder {
 public:
  struct settings {
    std::string db_path;
    std::string data_dir;  // flows/ and locales/ of the build measured
    std::size_t reports = 1000;
    std::size_t lines_per_report = 50;
    std::size_t visits_per_commit = 1000;
    std::uint64_t seed = 27;
  };

  explicit province_builder(settings options) : options_(std::move(options)) {}

  // Progress goes to `progress` a few times a second at most.
  void build(std::ostream& progress);

 private:
  settings options_;
};

}  // namespace intake::bench
