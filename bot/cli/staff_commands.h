// The staff subcommands of `intake`: reports list/show/set-status/reopen/export, reply, handoff,
// transcript, stats. Each returns the exit code; usage mistakes throw usage_error, storage faults
// storage_error; what staff_desk refuses (runtime::staff_error) is printed and exits 1, or 2 for a
// request that is itself wrong.
#pragma once
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace intake::cli {

// Runs `command` and prints what it wrote with the control characters of owners' text escaped
// (text::escape_for_terminal): staff read it on a terminal.
int printed_for_terminal(std::ostream& out, const std::function<int(std::ostream&)>& command);

int reports_staff(const std::vector<std::string>& args, const char* argv0, std::ostream& out, std::ostream& err);
int reply(const std::vector<std::string>& args, std::ostream& out);
int handoff(const std::vector<std::string>& args, std::ostream& out);
int cases(const std::vector<std::string>& args, std::ostream& out);
int sessions(const std::vector<std::string>& args, std::ostream& out);
int transcript(const std::vector<std::string>& args, std::ostream& out);
int stats(const std::vector<std::string>& args, const char* argv0, std::ostream& out);

}  // namespace intake::cli
