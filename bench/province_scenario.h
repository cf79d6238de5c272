// The province-scale scenario of issue 27: on a database of a campaign's size (built by
// province_builder, or one kept from an earlier run), start `intake serve` with a staff member, time
// each staff view (the API, and the CLI's stats and xlsx export), drive paced owners over /ws alone
// and beside one staff member who loads the statistics or pages the list once a second, and time a
// search after the transcript index file is lost. Prints a table per size.
//
// Bounded: every staff call has a deadline, every phase a fixed length and a grace for the turns in
// flight, every child process a time limit; a view that misses its deadline is printed as such.
// Not thread-safe; one run at a time.
#pragma once
#include <cstdint>
#include <string>

namespace intake::bench {

class province_scenario {
 public:
  struct settings {
    std::string bin_dir;   // intake
    std::string data_dir;  // flows/ and locales/
    std::string work_dir;  // databases, server logs, the export; kept
    std::size_t reports = 1000;
    std::uint64_t seed = 27;
    bool keep = false;             // reuse the database of this size when it is there
    std::size_t owners = 20;
    int pause_ms = 50;             // each owner's pause between a reply and the next message
    int phase_seconds = 10;        // owners' time in each of the three phases
    int calls = 3;                 // calls a view is timed over (the median is printed)
    int slow_seconds = 20;         // a view slower than this is called once
    int timeout_seconds = 300;     // a call or CLI command not done by then counts as failed
    bool skip_cli = false;
    bool skip_index_loss = false;
  };

  explicit province_scenario(settings options);

  // Returns 0 when every view answered and no owner's turn failed, 1 otherwise.
  int run();

 private:
  settings options_;
};

}  // namespace intake::bench
