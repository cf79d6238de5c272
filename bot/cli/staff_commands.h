// The staff subcommands of `intake`: reports list/show/set-status, reply, handoff, transcript.
// Each returns the exit code; usage mistakes throw usage_error, storage faults storage_error.
#pragma once
#include <iosfwd>
#include <set>
#include <string>
#include <vector>

#include "bot/cli/option_parser.h"
#include "storage/records.h"

namespace intake::cli {

// The filters shared by `reports list` and `reports export` (--status, --province, … --from, --to).
extern const std::set<std::string> report_filter_flags;
storage::report_filter report_filter_from(const option_parser& options);

int reports_staff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int reply(const std::vector<std::string>& args, std::ostream& out);
int handoff(const std::vector<std::string>& args, std::ostream& out);
int transcript(const std::vector<std::string>& args, std::ostream& out);
int stats(const std::vector<std::string>& args, std::ostream& out);

}  // namespace intake::cli
