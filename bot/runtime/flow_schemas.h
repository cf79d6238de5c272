// The kept snapshots of every flow version (storage's flow_versions), as staff tools read them: the
// schema a submission was made with, and for each flow the columns of an export, the union of its
// versions' steps by step id with the newest version's label and order (steps a later version
// dropped follow, so their earlier answers are still exported).
// Immutable after construction; thread-safe. Throws nlohmann::json::exception for a corrupt snapshot.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/records.h"

namespace intake::runtime {

class flow_schemas {
 public:
  // `kept` oldest first, as storage returns them.
  explicit flow_schemas(const std::vector<storage::flow_version_record>& kept);

  // The schema of one version, or null when it was never kept.
  const nlohmann::json* find(const std::string& flow_id, const std::string& version) const;
  // The steps of every kept version of the flow (see above); empty for an unknown flow.
  const std::vector<nlohmann::json>& columns_of(const std::string& flow_id) const;
  // The flow's title as staff read it (Chinese, from its newest version), else its id.
  std::string title_of(const std::string& flow_id) const;

 private:
  std::map<std::pair<std::string, std::string>, nlohmann::json> by_version_;
  std::map<std::string, std::vector<nlohmann::json>> columns_;
  std::map<std::string, std::string> titles_;
};

// A text of a schema ({locale: text}) in Chinese, else English, else any; "" when there is none.
std::string staff_text(const nlohmann::json& texts);

}  // namespace intake::runtime
