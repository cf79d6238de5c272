// The staff subcommands of `intake`: reports list/show/set-status, reply, handoff, transcript.
// Each returns the exit code; usage mistakes throw usage_error, storage faults storage_error.
#pragma once
#include <iosfwd>
#include <string>
#include <vector>

namespace intake::cli {

int reports_staff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int reply(const std::vector<std::string>& args, std::ostream& out);
int handoff(const std::vector<std::string>& args, std::ostream& out);
int transcript(const std::vector<std::string>& args, std::ostream& out);
int stats(const std::vector<std::string>& args, std::ostream& out);

}  // namespace intake::cli
