// The outcome of checking one answer: the normalised value, or a catalog key (plus arguments)
// that tells the user exactly what is wrong and how to answer. In the engine an invalid answer is
// not an exception but a reply, so validators never throw.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

namespace intake::engine {

struct validation_error {
  std::string key;                                  // locale catalog key, e.g. "error.phone.format"
  nlohmann::json args = nlohmann::json::object();   // named MessageFormat arguments
};

class validation_result {
 public:
  static validation_result accept(nlohmann::json value) { return validation_result{std::move(value), {}}; }
  // An answer understood only roughly (a range, "二十多"): `value` is the figure to propose, which the
  // engine stores only once the owner agrees to it. ok() is true.
  static validation_result estimate(nlohmann::json value) {
    validation_result result{std::move(value), {}};
    result.estimate_ = true;
    return result;
  }
  static validation_result reject(std::string key, nlohmann::json args = nlohmann::json::object()) {
    return validation_result{std::nullopt, validation_error{std::move(key), std::move(args)}};
  }

  bool ok() const { return value_.has_value(); }
  bool needs_confirmation() const { return estimate_; }
  const nlohmann::json& value() const { return *value_; }
  const validation_error& error() const { return error_; }

 private:
  validation_result(std::optional<nlohmann::json> value, validation_error error)
      : value_(std::move(value)), error_(std::move(error)) {}
  std::optional<nlohmann::json> value_;
  validation_error error_;
  bool estimate_ = false;
};

}  // namespace intake::engine
