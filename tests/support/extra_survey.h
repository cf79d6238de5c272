// The shipped flows and locales plus a survey that exists only in tests/data/extra_survey (防疫物资需求
// 登记, flow "supplies"), copied into a temporary directory: what an operator's data directory looks
// like after adding a questionnaire by writing JSON and locale text only.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "tests/support/test_data.h"

namespace intake::testing {

class data_dir_with_extra_survey {
 public:
  data_dir_with_extra_survey()
      : dir_(std::filesystem::temp_directory_path() / ("intake-survey-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++))) {
    namespace fs = std::filesystem;
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const auto copy = fs::copy_options::recursive | fs::copy_options::overwrite_existing;
    fs::copy(source_dir() / "flows", dir_ / "flows", copy);
    fs::copy(source_dir() / "locales", dir_ / "locales", copy);
    fs::copy(source_dir() / "tests" / "data" / "extra_survey" / "flows", dir_ / "flows", copy);
    fs::copy(source_dir() / "tests" / "data" / "extra_survey" / "locales", dir_ / "locales", copy);
  }
  ~data_dir_with_extra_survey() { std::filesystem::remove_all(dir_); }
  data_dir_with_extra_survey(const data_dir_with_extra_survey&) = delete;
  data_dir_with_extra_survey& operator=(const data_dir_with_extra_survey&) = delete;

  const std::filesystem::path& path() const { return dir_; }
  std::unique_ptr<engine::bot_definition> load() const { return engine::definition_loader::load_or_throw(dir_); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

}  // namespace intake::testing
